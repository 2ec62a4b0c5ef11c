"""
Bounds on what an upload may cost, enforced while the request body is read.

Django already caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) and the number of files
(DATA_UPLOAD_MAX_NUMBER_FILES), and spools large files to disk, but not the total size of the
files in one request. This handler stops reading files once the body passes
UPLOAD_MAX_REQUEST_BYTES and leaves a message on the request, which the import forms show
(with a 413) instead of working on a partial upload.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


def refused_upload(request):
    """The message saying why this request's files were not read, or None."""
    return getattr(request, "upload_refused", None)


class BoundedRequestUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0
        self.declared_too_large = (content_length or 0) > settings.UPLOAD_MAX_REQUEST_BYTES

    def _refuse(self):
        megabytes = settings.UPLOAD_MAX_REQUEST_BYTES // (1024 * 1024)
        self.request.upload_refused = (
            f"The files chosen add up to more than {megabytes} MB, the most one upload may carry; "
            "nothing was read. Choose fewer or smaller files."
        )
        # Stops reading files; the form fields before them (the CSRF token) are kept.
        raise StopUpload(connection_reset=False)

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.declared_too_large:
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_REQUEST_BYTES:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) builds the file
