"""
Bounds on what an upload may cost, enforced while the request body is read.

Django already caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) and the number of files
(DATA_UPLOAD_MAX_NUMBER_FILES), and spools large files to disk, but not the total size of the
files in one request. This handler stops reading files once the body passes
UPLOAD_MAX_REQUEST_BYTES and leaves a message on the request, which the import forms show
(with a 413) instead of working on a partial upload.

Django's own caps raise as the body is first read, which would answer with the site's generic
400 page; `RefusedBodyMiddleware` reads it first and, for a POST to an import page, leaves the
same kind of message instead, so the editor sees the import page saying what to change.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.urls import Resolver404, resolve

# The pages that show `refused_upload` in their form: their views act on nothing when it is set.
IMPORT_PAGES = {"admin:inspections_inspection_import_report", "admin:inspections_inspection_import_csv"}


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


def _refusal(error):
    if isinstance(error, TooManyFilesSent):
        return (
            f"More than {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files were chosen, more than one upload may carry; "
            "nothing was read. Choose fewer files."
        )
    megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return (
        f"The text sent is more than {megabytes:g} MB, the most a form may carry; nothing was read. "
        "Choose the report's file instead of pasting its text."
    )


def _is_same_origin(request):
    origin = request.META.get("HTTP_ORIGIN")
    return origin is not None and (
        origin == f"{request.scheme}://{request.get_host()}" or origin in settings.CSRF_TRUSTED_ORIGINS
    )


def _is_import_page(request):
    try:
        return resolve(request.path_info).view_name in IMPORT_PAGES
    except Resolver404:
        return False


class RefusedBodyMiddleware:
    """Reads a POST's form data before anything else does (place it before any middleware that reads it).

    When Django refuses the body (too many files, too much form data), a POST to an import page goes on
    with no form data and `request.upload_refused` saying why. With no form data there is no CSRF token
    either: the request passes CSRF only when the browser says it comes from this site (its Origin), and
    then only to be shown the refusal, since the import views act on nothing once a refusal is set.
    Anything else keeps Django's answer, the generic 400 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - parses the body, files included
            except (TooManyFilesSent, RequestDataTooBig) as error:
                if not (_is_import_page(request) and _is_same_origin(request)):
                    raise
                request._mark_post_parse_error()  # Django's own way to leave POST and FILES empty, unread
                request.upload_refused = _refusal(error)
                request.csrf_processing_done = True
        return self.get_response(request)
