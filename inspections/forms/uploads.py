"""What the import forms share: a refused upload shown as the form's error, and a field for several files."""

from django import forms
from django.core.exceptions import ValidationError


class RefusedUploadMixin:
    """`upload_refused`: why the request's files were not read (inspections.uploads), shown as the
    form's only error instead of asking for the file that was sent."""

    def __init__(self, *args, upload_refused=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_refused = upload_refused
        if upload_refused:
            # Fields after the files were not read either: only the refusal is an error.
            for field in self.fields.values():
                field.required = False

    def clean(self):
        if self.upload_refused:
            raise ValidationError(self.upload_refused)
        return super().clean()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if not data:
            single(None, initial)  # "This field is required."
            return []
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)]
