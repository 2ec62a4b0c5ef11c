"""The entry form's row sets: sources, case samples, contextual facts and recommendations."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from ..history import number_text
from ..models import FactUnit
from .fields import one_line, text_field, wrapping_text


class SourceForm(forms.Form):
    url = text_field(
        "Link to a source",
        max_length=500,
        help_text="A report, press release or article that states this inspection's values.",
    )

    fields_that_count = ["url"]


class SampleForm(forms.Form):
    label = text_field(
        "Which cases",
        max_length=100,
        help_text="The report's name for the sample, e.g. '2 Case supervision', '4.1 Unpaid work'.",
    )
    cases_inspected = text_field("Number of cases", inputmode="numeric", size=6, help_text="E.g. 132.")
    domain_number = forms.ChoiceField(
        label="Part of the report (domain)",
        required=False,
        choices=[("", "Not given")],
        help_text="The report's 'domain' the cases were looked at for.",
    )
    notes = text_field("Notes about these cases")

    fields_that_count = ["label", "cases_inspected", "domain_number", "notes"]

    def __init__(self, *args, domain_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not given"), *domain_choices]
        # A number the framework has no domain for is kept visible, so the services refuse it with a message.
        given = str(self.initial.get("domain_number") or "")
        if given and given not in {value for value, _ in choices}:
            choices.append((given, f"{given} (not a part of this framework)"))
        if self.is_bound:
            posted = str(self.data.get(self.add_prefix("domain_number")) or "").strip()
            if posted and posted not in {value for value, _ in choices}:
                choices.append((posted, f"{posted} (not a part of this framework)"))
        self.fields["domain_number"].choices = choices


class FactForm(forms.Form):
    metric = wrapping_text(
        "What it measures",
        max_length=300,
        help_text="As the report's contextual facts word it, e.g. 'Proven reoffending rate'.",
    )
    unit = forms.ChoiceField(
        label="A number or a percentage",
        choices=[(FactUnit.COUNT, "A number"), (FactUnit.PERCENT, "A percentage")],
        initial=FactUnit.COUNT,
        required=False,
    )
    provider_value = text_field("Provider", inputmode="decimal", size=8, help_text="This provider's figure.")
    england_and_wales_value = text_field(
        "England and Wales", inputmode="decimal", size=8, help_text="The figure for England and Wales."
    )
    target = text_field("Target", inputmode="decimal", size=8, help_text="The target, when the report gives one.")
    source_citation = wrapping_text(
        "Where the report says it comes from",
        max_length=400,
        rows=4,
        help_text="The report's citation, e.g. 'Ministry of Justice, Proven reoffending statistics'.",
    )

    fields_that_count = ["metric", "provider_value", "england_and_wales_value", "target", "source_citation"]

    def clean_metric(self):
        return one_line(self.cleaned_data.get("metric"))

    def clean_source_citation(self):
        return one_line(self.cleaned_data.get("source_citation"))


class RecommendationForm(forms.Form):
    addressed_to = text_field(
        "Who should act",
        max_length=200,
        help_text="The report's opening words, e.g. 'Kent, Surrey and Sussex CRC should'.",
    )
    text = forms.CharField(
        label="Recommendation",
        required=False,
        help_text="What they should do, in the report's words.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    fields_that_count = ["addressed_to", "text"]


ROW_SETS = [
    # (prefix, form, heading, services error key prefix)
    ("sources", SourceForm, "Sources", "source_url"),
    ("samples", SampleForm, "Case samples", "case_sample"),
    ("facts", FactForm, "Contextual facts", "fact"),
    ("recommendations", RecommendationForm, "Recommendations", "recommendation"),
]
EXTRA_ROWS = 2


def formset_class(form):
    return forms.formset_factory(form, extra=0, max_num=200, absolute_max=200, validate_max=True)


def row_is_blank(form):
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    return not any((data.get(name) or "").strip() for name in form.fields_that_count)


def with_spare_rows(data):
    """A copy of POST data in which every row set ends with EXTRA_ROWS blank rows to fill."""
    data = data.copy()
    for prefix, form, _, _ in ROW_SETS:
        try:
            total = int(data.get(f"{prefix}-TOTAL_FORMS", "0"))
        except ValueError:
            continue
        filled = 0
        for index in range(total):
            if any((data.get(f"{prefix}-{index}-{name}") or "").strip() for name in form.fields_that_count):
                filled = index + 1
        data[f"{prefix}-TOTAL_FORMS"] = str(min(max(total, filled + EXTRA_ROWS), 200))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def number_initial(value):
    if value is None:
        return ""
    return number_text(value) if isinstance(value, Decimal) else str(value)
