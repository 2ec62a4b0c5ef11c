"""The forms of the imports of one inspection: a report's text (2018–20), or a press release or report page (since
2022), pasted or uploaded."""

import codecs
import itertools

from django import forms
from django.core.exceptions import ValidationError

from ..importers.html_text import MAX_HTML_TEXT, UnreadableHtml, looks_like_html, text_from_html
from ..importers.pdf_text import MAX_PDF_TEXT, UnreadablePdf, text_from_pdf
from ..models import Framework
from .uploads import RefusedUploadMixin


class _TextOrFileForm(RefusedUploadMixin, forms.Form):
    """A text pasted, or a file of it: `cleaned_data["report_text"]` is the text to read, whichever was given."""

    MAX_TEXT = MAX_PDF_TEXT
    MAX_FILE = 20 * 1024 * 1024
    what = "report"  # in messages: "Paste the report's text"

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text", ""), cleaned.get("file")
        if upload is not None:
            if upload.size > self.MAX_FILE:
                raise ValidationError(f"The file is larger than {self.MAX_FILE // (1024 * 1024)} MB.")
            text = self._upload_text(upload)
        if "\x00" in (text or ""):
            raise ValidationError(f"The text holds NUL characters, which no {self.what} has; paste it again.")
        if not (text or "").strip():
            raise ValidationError(f"Paste the {self.what}'s text or choose its file.")
        cleaned["report_text"] = text
        return cleaned

    def _upload_text(self, upload):
        upload.seek(0)
        head = upload.read(512)
        upload.seek(0)
        if head.startswith(b"%PDF") or upload.name.lower().endswith(".pdf"):
            return self._pdf_text(upload)
        return self._file_text(upload)

    def _pdf_text(self, upload):
        try:
            text = text_from_pdf(upload.read())
        except UnreadablePdf as error:
            raise ValidationError(str(error)) from None
        if len(text) > self.MAX_TEXT:
            raise ValidationError(
                f"The PDF holds more than {self.MAX_TEXT:,} characters of text, more than any {self.what}."
            )
        return text

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
                        f"The file holds more than {self.MAX_TEXT:,} characters of text, more than any {self.what}."
                    )
                parts.append(part)
        except UnicodeDecodeError:
            message = f"The file is neither a PDF nor UTF-8 text; paste the {self.what}'s text instead."
            raise ValidationError(message) from None
        return "".join(parts)


class ReportImportForm(_TextOrFileForm):
    MAX_TEXT = MAX_PDF_TEXT  # one bound for pasted text, a text file and a PDF's text

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


class PressReleaseImportForm(_TextOrFileForm):
    """A press release or a report's web page: pasted, or its saved page (HTML), PDF or text file.

    `unit` (which of the units the text rates) and `framework` (where the text does not tell it) come back from the
    page that asks for them, with the text itself.
    """

    MAX_TEXT = MAX_HTML_TEXT  # far above any press release or report page; the reader reads it in a second
    MAX_FILE = 5 * 1024 * 1024
    what = "press release"

    text = forms.CharField(
        label="Text of the press release or report page",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Paste it from the inspectorate's page, with the page's address if you can: a date in the address "
        "(…/2024/05/…) is read as the month of publication.",
        max_length=MAX_TEXT,
    )
    file = forms.FileField(
        label="Or its file",
        required=False,
        help_text="The page saved as HTML, the report's PDF, or a text file; up to 5 MB.",
    )
    unit = forms.IntegerField(required=False, min_value=0, max_value=99, widget=forms.HiddenInput)
    framework = forms.ModelChoiceField(
        Framework.objects.all(),
        required=False,
        label="Framework",
        empty_label="Choose the framework",
        help_text="The text does not say which framework the inspection used: choose it.",
    )

    def _upload_text(self, upload):
        upload.seek(0)
        head = upload.read(512)
        upload.seek(0)
        if not head.startswith(b"%PDF") and looks_like_html(upload.name, head):
            try:
                return text_from_html(upload.read(), limit=self.MAX_TEXT)
            except UnreadableHtml as error:
                raise ValidationError(str(error)) from None
        return super()._upload_text(upload)
