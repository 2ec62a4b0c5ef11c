"""The entry form's plain fields: text boxes and rating lists, as every form of the entry builds them."""

from __future__ import annotations

from django import forms

from ..models import OverallRating, Rating

NOT_RECORDED_CHOICE = ("", "Not recorded")
RATING_CHOICES = [NOT_RECORDED_CHOICE, *Rating.choices]
OVERALL_CHOICES = [
    ("", "Not recorded (no source gives it)"),
    *Rating.choices,
    (OverallRating.NOT_RATED, "Not rated (the inspectorate published none)"),
]


def text_field(label, *, max_length=None, help_text="", inputmode=None, size=None):
    attrs = {}
    if inputmode:
        attrs["inputmode"] = inputmode
    if size:
        attrs["size"] = size
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs),
    )


def wrapping_text(label, *, max_length, help_text="", rows=3):
    """One line of text in a box that wraps, so a long wording is seen whole; line breaks become spaces."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "class": "wrapping-line"}),
    )


def one_line(value):
    return " ".join((value or "").split())


def rating_select(label, choices=RATING_CHOICES, help_text=""):
    return forms.CharField(label=label, required=False, help_text=help_text, widget=forms.Select(choices=choices))
