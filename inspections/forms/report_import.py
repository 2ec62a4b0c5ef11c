"""The form of the report import: a report's text pasted, or its PDF or text file."""

import codecs
import itertools

from django import forms
from django.core.exceptions import ValidationError

from ..importers.pdf_text import MAX_PDF_TEXT, UnreadablePdf, text_from_pdf
from .uploads import RefusedUploadMixin


class ReportImportForm(RefusedUploadMixin, forms.Form):
    MAX_TEXT = MAX_PDF_TEXT  # one bound for pasted text, a text file and a PDF's text
    MAX_FILE = 20 * 1024 * 1024

    text = forms.CharField(
        label="Report text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Paste the whole report, from its title to its annexes.",
        max_length=MAX_TEXT,
    )
    file = forms.FileField(
        label="Or the report's file",
        required=False,
        help_text="A PDF as published, or a text file (.txt, .md).",
    )

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text", ""), cleaned.get("file")
        if upload is not None:
            if upload.size > self.MAX_FILE:
                raise ValidationError("The file is larger than 20 MB.")
            upload.seek(0)
            is_pdf = upload.read(4) == b"%PDF" or upload.name.lower().endswith(".pdf")
            upload.seek(0)
            text = self._pdf_text(upload) if is_pdf else self._file_text(upload)
        if not (text or "").strip():
            raise ValidationError("Paste the report's text or choose its file.")
        cleaned["report_text"] = text
        return cleaned

    def _pdf_text(self, upload):
        try:
            return text_from_pdf(upload.read())
        except UnreadablePdf as error:
            raise ValidationError(str(error)) from None

    def _file_text(self, upload):
        """The file's text, decoded a chunk at a time and refused once past MAX_TEXT characters."""
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        parts, length = [], 0
        try:
            for chunk in itertools.chain(upload.chunks(), [b""]):  # the empty chunk ends the decoding
                part = decoder.decode(chunk, final=not chunk)
                length += len(part)
                if length > self.MAX_TEXT:
                    raise ValidationError(
                        f"The file holds more than {self.MAX_TEXT:,} characters of text, more than any report."
                    )
                parts.append(part)
        except UnicodeDecodeError:
            message = "The file is neither a PDF nor UTF-8 text; paste the report's text instead."
            raise ValidationError(message) from None
        return "".join(parts)
