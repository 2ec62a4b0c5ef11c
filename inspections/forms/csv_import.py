"""The form of the CSV import: the files, the round of an inspections file, and the inspection other files belong to."""

from django import forms
from django.core.exceptions import ValidationError

from providers.eras import Era

from ..models import InspectionRound
from .uploads import MultipleFileField, RefusedUploadMixin


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name or obj.slug


class CsvImportForm(RefusedUploadMixin, forms.Form):
    MAX_FILE = 5 * 1024 * 1024
    MAX_TOTAL = 10 * 1024 * 1024
    MAX_FILES = 10

    files = MultipleFileField(
        label="CSV files",
        help_text="Up to 10 files, 5 MB each, chosen together: each is recognised by its first row (its header), "
        "so a file of units and a file of their inspections can go in one import.",
    )
    round = RoundChoiceField(
        InspectionRound.objects.filter(era=Era.CRC_NPS),
        to_field_name="slug",
        label="Round of a 2018–20 inspections file",
        empty_label=None,
        required=False,  # a database without the 2018–20 rounds still imports the Probation Service's files
        help_text="Only for an inspections file of CRCs and NPS divisions: every row of it goes in this round. "
        "Probation Service inspections go in their framework's programme whatever is chosen here.",
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
