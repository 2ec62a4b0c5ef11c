"""Partial dates in the entry form: a year, an optional month and an optional day, or "Date not recorded"."""

from __future__ import annotations

import calendar
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

MONTH_CHOICES = [("", "Month not given"), *((f"{number:02d}", calendar.month_name[number]) for number in range(1, 13))]
# The initial value of a date field whose inspection is stored without one: its "Date not recorded" box is ticked.
DATE_NOT_RECORDED = "not recorded"


class PartialDateWidget(forms.MultiWidget):
    """Year, month (by name) and day inputs, each with its own label, for a 'YYYY[-MM[-DD]]' text;
    with `not_recorded`, a fourth input: a "Date not recorded" box."""

    part_labels = ("Year", "Month", "Day")
    is_partial_date = True

    def __init__(self, attrs=None, not_recorded=False):
        self.not_recorded = not_recorded
        widgets = [
            forms.TextInput(attrs={"inputmode": "numeric", "size": 4, "maxlength": 4, "autocomplete": "off"}),
            forms.Select(choices=MONTH_CHOICES),
            forms.TextInput(attrs={"inputmode": "numeric", "size": 2, "maxlength": 2, "autocomplete": "off"}),
        ]
        if not_recorded:
            widgets.append(forms.CheckboxInput())
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if value == DATE_NOT_RECORDED:
            return ["", "", "", True]
        if not value:
            return ["", "", "", False]
        parts = str(value).split("-")
        year = parts[0]
        month = parts[1].zfill(2) if len(parts) > 1 else ""
        day = str(int(parts[2])) if len(parts) > 2 and parts[2].isdigit() else ""
        return [year, month, day, False]

    def value_from_datadict(self, data, files, name):
        # A whole 'YYYY-MM-DD' posted under the field's own name (a script, a test) is read as the three parts.
        if name in data and not any(f"{name}_{index}" in data for index in range(3)):
            return self.decompress(data.get(name))
        return super().value_from_datadict(data, files, name)

    def render(self, name, value, attrs=None, renderer=None):
        if not isinstance(value, list):
            value = self.decompress(value)
        value = list(value) + ["", "", "", False]
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.pop("id", None) or f"id_{name}"
        parts = []
        for index, (widget, label) in enumerate(zip(self.widgets[:3], self.part_labels, strict=True)):
            part_attrs = {**attrs, "id": f"{base_id}_{index}"}
            if index:
                part_attrs.pop("required", None)
            html = widget.render(f"{name}_{index}", value[index], part_attrs, renderer)
            parts.append((f"partial-date-{label.lower()}", f"{base_id}_{index}", label, html))
        dates = format_html_join("", '<span class="{}"><label for="{}">{}</label>{}</span>', parts)
        if not self.not_recorded:
            return format_html('<span class="partial-date">{}</span>', dates)
        box = self.widgets[3].render(f"{name}_3", bool(value[3]), {"id": f"{base_id}_3"}, renderer)
        return format_html(
            '<span class="partial-date">{}<span class="partial-date-not-recorded">{}'
            '<label for="{}_3">Date not recorded</label></span></span>',
            dates,
            box,
            base_id,
        )


class PartialDateField(forms.MultiValueField):
    """A year, with a month and a day when the source gives them, as the services' 'YYYY[-MM[-DD]]' text.

    With `not_recorded`, a blank date must be said to be unrecorded by ticking "Date not recorded", so that
    a date left out by mistake is told apart from one no source gives; either way the value is ''.
    """

    def __init__(self, not_recorded=False, **kwargs):
        kwargs.setdefault("required", False)
        self.not_recorded = not_recorded
        parts = [
            forms.CharField(required=False),
            forms.ChoiceField(choices=MONTH_CHOICES, required=False),
            forms.CharField(required=False),
        ]
        if not_recorded:
            parts.append(forms.BooleanField(required=False))
        super().__init__(
            fields=parts,
            widget=PartialDateWidget(not_recorded=not_recorded),
            require_all_fields=False,
            **kwargs,
        )

    def compress(self, data_list):
        values = list(data_list) + ["", "", "", False]
        year, month, day = ((part or "").strip() for part in values[:3])
        not_recorded = bool(values[3]) if self.not_recorded else False
        if not (year or month or day):
            if self.not_recorded and not not_recorded:
                raise ValidationError("Enter the year, or tick “Date not recorded” if no source gives the date.")
            return ""
        if not_recorded:
            raise ValidationError("Either enter the date or tick “Date not recorded”, not both.")
        if not re.fullmatch(r"\d{4}", year):
            raise ValidationError("Enter the year as four digits, e.g. 2019." if year else "Enter the year.")
        if day and not re.fullmatch(r"\d{1,2}", day):
            raise ValidationError("Enter the day as a number, e.g. 19, or leave it blank.")
        if day and not month:
            raise ValidationError("Choose the month of that day, or leave the day blank.")
        return "-".join(part for part in (year, month, day.zfill(2) if day else "") if part)
