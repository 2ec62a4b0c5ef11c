"""The form of the CSV import: the files, the round of an inspections file, and the inspection other files belong to."""

from django import forms
from django.core.exceptions import ValidationError

from ..models import InspectionRound
from .uploads import MultipleFileField, RefusedUploadMixin


class CsvImportForm(RefusedUploadMixin, forms.Form):
    MAX_FILE = 5 * 1024 * 1024
    MAX_TOTAL = 10 * 1024 * 1024
    MAX_FILES = 10

    files = MultipleFileField(
        label="CSV files",
        help_text="One or more files, each recognised by its header (as for manage.py import_inspections).",
    )
    round = forms.ModelChoiceField(
        InspectionRound.objects.all(),
        to_field_name="slug",
        label="Inspection round of the inspections file",
        empty_label=None,
        help_text="The round every row of an inspections file is put in.",
    )
    inspection = forms.CharField(
        label="Which inspection the other files belong to",
        required=False,
        max_length=200,
        help_text="Only for key-question, fact, sample or recommendation files that do not name the provider "
        "and date (no provider_short_name and published columns): '<short name>@<published>', e.g. "
        "'KSS CRC@2019-06-19'.",
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > self.MAX_FILES:
            raise ValidationError(f"{len(files)} files chosen: import at most {self.MAX_FILES} at a time.")
        for upload in files:
            if upload.size > self.MAX_FILE:
                raise ValidationError(f"{upload.name} is larger than 5 MB, the most one file may be.")
        if sum(upload.size for upload in files) > self.MAX_TOTAL:
            raise ValidationError("The files add up to more than 10 MB: import them a few at a time.")
        return files
