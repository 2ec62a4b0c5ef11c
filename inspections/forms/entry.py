"""
Forms of the editors' inspection entry, laid out by framework.

Every field is plain text (ratings shown as a list to choose from): the rules
live once, in `inspections.services`, whose ValidationError keys name the field
each message belongs next to. `InspectionEntry` ties the main form and its
row sets together and turns them into an `InspectionInput`.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

from providers.models import Owner, OwnershipPeriod, Provider
from providers.partial_dates import iso_partial_date, parse_partial_date
from providers.services import SNAPSHOT_FIELD

from ..history import number_text
from ..importers.report_text import month_date
from ..models import FactUnit, Framework, Inspection, InspectionRound, KeyQuestion, OverallRating, Rating
from ..services.field_rules import published_date_error
from ..services.frameworks import framework_for
from ..services.inputs import CaseSampleInput, FactInput, InspectionInput, KeyQuestionResultInput, RecommendationInput
from ..services.inspections import edit_snapshot

NOT_RECORDED_CHOICE = ("", "Not recorded")
RATING_CHOICES = [NOT_RECORDED_CHOICE, *Rating.choices]
OVERALL_CHOICES = [
    ("", "Not recorded (no source gives it)"),
    *Rating.choices,
    (OverallRating.NOT_RATED, "Not rated (the inspectorate published none)"),
]
MONTH_CHOICES = [("", "Month not given"), *((f"{number:02d}", calendar.month_name[number]) for number in range(1, 13))]
DUPLICATE_FIELD = "not_a_duplicate"

# Top-level service error keys that are fields of the main form.
MAIN_FIELDS = [
    "provider",
    "framework",
    "published_on",
    "fieldwork_started_on",
    "overall_rating",
    "overall_rating_derived",
    "notes",
    "inspection_round",
    "owner_at_inspection",
    "caseload_as_reported",
    "report_url",
]


# --------------------------------------------------------------------------
# Partial dates: a year, an optional month and an optional day
# --------------------------------------------------------------------------


class PartialDateWidget(forms.MultiWidget):
    """Year, month (by name) and day inputs, each with its own label, for a 'YYYY[-MM[-DD]]' text."""

    part_labels = ("Year", "Month", "Day")
    is_partial_date = True

    def __init__(self, attrs=None):
        super().__init__(
            [
                forms.TextInput(attrs={"inputmode": "numeric", "size": 4, "maxlength": 4, "autocomplete": "off"}),
                forms.Select(choices=MONTH_CHOICES),
                forms.TextInput(attrs={"inputmode": "numeric", "size": 2, "maxlength": 2, "autocomplete": "off"}),
            ],
            attrs,
        )

    def decompress(self, value):
        if not value:
            return ["", "", ""]
        parts = str(value).split("-")
        year = parts[0]
        month = parts[1].zfill(2) if len(parts) > 1 else ""
        day = str(int(parts[2])) if len(parts) > 2 and parts[2].isdigit() else ""
        return [year, month, day]

    def value_from_datadict(self, data, files, name):
        # A whole 'YYYY-MM-DD' posted under the field's own name (a script, a test) is read as the three parts.
        if name in data and not any(f"{name}_{index}" in data for index in range(3)):
            return self.decompress(data.get(name))
        return super().value_from_datadict(data, files, name)

    def render(self, name, value, attrs=None, renderer=None):
        if not isinstance(value, list):
            value = self.decompress(value)
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.pop("id", None) or f"id_{name}"
        parts = []
        for index, (widget, label) in enumerate(zip(self.widgets, self.part_labels, strict=True)):
            part_attrs = {**attrs, "id": f"{base_id}_{index}"}
            if index:
                part_attrs.pop("required", None)
            html = widget.render(f"{name}_{index}", value[index] if index < len(value) else "", part_attrs, renderer)
            parts.append((f"partial-date-{label.lower()}", f"{base_id}_{index}", label, html))
        return format_html(
            '<span class="partial-date">{}</span>',
            format_html_join("", '<span class="{}"><label for="{}">{}</label>{}</span>', parts),
        )


class PartialDateField(forms.MultiValueField):
    """A year, with a month and a day when the source gives them, as the services' 'YYYY[-MM[-DD]]' text."""

    widget = PartialDateWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(
            fields=[
                forms.CharField(required=False),
                forms.ChoiceField(choices=MONTH_CHOICES, required=False),
                forms.CharField(required=False),
            ],
            require_all_fields=False,
            **kwargs,
        )

    def compress(self, data_list):
        year, month, day = ((part or "").strip() for part in (list(data_list) + ["", "", ""])[:3])
        if not (year or month or day):
            return ""
        if not re.fullmatch(r"\d{4}", year):
            raise ValidationError("Enter the year as four digits, e.g. 2019." if year else "Enter the year.")
        if day and not re.fullmatch(r"\d{1,2}", day):
            raise ValidationError("Enter the day as a number, e.g. 19, or leave it blank.")
        if day and not month:
            raise ValidationError("Choose the month of that day, or leave the day blank.")
        return "-".join(part for part in (year, month, day.zfill(2) if day else "") if part)


# --------------------------------------------------------------------------
# The framework's layout
# --------------------------------------------------------------------------


@dataclass
class StandardRow:
    standard: object
    key_questions: list = field(default_factory=list)

    @property
    def rating_field(self):
        return f"rating_{self.standard.code}"


@dataclass
class DomainBlock:
    domain: object
    rows: list = field(default_factory=list)


def kq_field(code, part):
    return f"kq_{code}_{part}"


class Layout:
    """A framework's domains, standards and key questions, in the order its reports print them."""

    def __init__(self, framework: Framework):
        self.framework = framework
        domains = {domain.pk: DomainBlock(domain) for domain in framework.domains.all()}
        rows = {}
        for standard in framework.standards.select_related("domain").order_by("position"):
            row = StandardRow(standard)
            rows[standard.pk] = row
            domains[standard.domain_id].rows.append(row)
        for question in KeyQuestion.objects.filter(standard__framework=framework).order_by("position"):
            rows[question.standard_id].key_questions.append(question)
        self.blocks = [block for block in domains.values() if block.rows]
        self.rows = [row for block in self.blocks for row in block.rows]
        self.standard_codes = [row.standard.code for row in self.rows]
        self.key_questions = [question for row in self.rows for question in row.key_questions]


# --------------------------------------------------------------------------
# Forms
# --------------------------------------------------------------------------


class ChooseForm(forms.Form):
    """Step one of adding an inspection: who was inspected, and against which framework."""

    provider = forms.ModelChoiceField(Provider.objects.all(), label="Provider inspected")
    framework = forms.ModelChoiceField(
        Framework.objects.all(),
        required=False,
        label="Rating framework (the set of standards)",
        empty_label="The one in force for the provider's kind",
        help_text="The report's 'inspection framework'. Leave it for the framework of the provider's kind in "
        "force now.",
    )

    def clean(self):
        cleaned = super().clean()
        provider, framework = cleaned.get("provider"), cleaned.get("framework")
        if provider is not None and framework is None:
            framework = framework_for(provider.provider_type)
            if framework is None:
                raise ValidationError(f"No framework rates {provider.type_label} providers yet.")
            cleaned["framework"] = framework
        if provider is not None and framework.provider_type != provider.provider_type:
            self.add_error("framework", f"{framework} does not rate {provider.type_label} providers.")
        return cleaned


def _text(label, *, max_length=None, help_text="", inputmode=None, size=None):
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


def _wrapping_text(label, *, max_length, help_text="", rows=3):
    """One line of text in a box that wraps, so a long wording is seen whole; line breaks become spaces."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "class": "wrapping-line"}),
    )


def _one_line(value):
    return " ".join((value or "").split())


def _rating_select(label, choices=RATING_CHOICES, help_text=""):
    return forms.CharField(label=label, required=False, help_text=help_text, widget=forms.Select(choices=choices))


class InspectionForm(forms.Form):
    """The inspection's own values, one rating per standard and one row per key question of `layout`."""

    provider = forms.ModelChoiceField(Provider.objects.all(), required=False, label="Provider inspected")
    framework = forms.ModelChoiceField(Framework.objects.all(), widget=forms.HiddenInput)
    published_on = PartialDateField(
        label="Date published",
        help_text="The year is needed; give the month and the day when the report's cover or the press "
        "release states them.",
    )
    fieldwork_started_on = PartialDateField(
        label="Inspectors' visit began",
        help_text="The report's 'fieldwork' start, usually only a month. Leave blank if not given.",
    )
    overall_rating = _rating_select(
        "Overall rating",
        OVERALL_CHOICES,
        help_text="'Not rated': the inspectorate published no overall rating, e.g. a part-inspection. "
        "'Not recorded': no source we have gives it.",
    )
    overall_rating_derived = forms.BooleanField(
        required=False,
        label="Derived from wording, not quoted",
        help_text="Tick when no source quotes the overall rating but a source's wording implies it; say "
        "which wording in the notes. Readers see it marked as derived.",
    )
    notes = forms.CharField(
        required=False,
        max_length=2000,
        label="Notes",
        help_text="What the sources leave open or had to be inferred. Shown with the values and exported.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    inspection_round = forms.ModelChoiceField(
        InspectionRound.objects.all(),
        required=False,
        label="Inspection round",
        empty_label="None",
        help_text="The programme of inspections the report belongs to; the league ranks within a round.",
    )
    owner_at_inspection = forms.ModelChoiceField(
        Owner.objects.all(),
        required=False,
        label="Owned by, when inspected",
        empty_label="Not recorded",
        help_text="The company or public body that owned the provider when the report was published.",
    )
    caseload_as_reported = _text(
        "Caseload (people supervised)",
        max_length=200,
        help_text="In the report's words, e.g. 'approximately 8,600'.",
    )
    report_url = _text(
        "Link to the report",
        max_length=500,
        help_text="The report's page or PDF on the HMI Probation website (https://…).",
    )
    not_a_duplicate = forms.BooleanField(
        required=False, label="I have checked this is not the inspection already stored"
    )
    # What was stored when the form was opened (services.inspections.edit_snapshot), so that saving
    # over someone else's save made since is refused.
    stored_snapshot = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, layout: Layout, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = layout
        self.inspection = inspection
        self.duplicates = []
        for row in layout.rows:
            code = row.standard.code
            self.fields[row.rating_field] = _rating_select(f"{code} {row.standard.name}")
            for question in row.key_questions:
                self.fields[kq_field(question.code, "percent")] = _text(
                    f"{question.code} % yes", inputmode="decimal", size=6
                )
                self.fields[kq_field(question.code, "cases")] = _text(
                    f"{question.code} cases inspected", inputmode="numeric", size=6
                )
                self.fields[kq_field(question.code, "subsample_of")] = _text(
                    f"{question.code} size of the whole sample", inputmode="numeric", size=6
                )

    def clean_published_on(self):
        # The services' own rule, run here too so that a future or impossible date is reported in the same
        # pass as the form's other faults (the services are only asked once the form itself is valid).
        value = self.cleaned_data.get("published_on")
        if value and (message := published_date_error(value)):
            raise ValidationError(message)
        return value

    def clean(self):
        cleaned = super().clean()
        self.duplicates = stored_inspections_like(
            cleaned.get("provider"), cleaned.get("published_on"), exclude=self.inspection
        )
        if self.duplicates and not cleaned.get(DUPLICATE_FIELD):
            self.add_error(
                DUPLICATE_FIELD,
                "Open the inspection already stored and compare; tick this box only if this report is another one.",
            )
        return cleaned

    def rating_bound(self, row):
        return self[row.rating_field]

    def key_question_bound(self, question):
        return [self[kq_field(question.code, part)] for part in ("percent", "cases", "subsample_of")]


class SourceForm(forms.Form):
    url = _text(
        "Link to a source",
        max_length=500,
        help_text="A report, press release or article that states this inspection's values.",
    )

    fields_that_count = ["url"]


class SampleForm(forms.Form):
    label = _text(
        "Which cases",
        max_length=100,
        help_text="The report's name for the sample, e.g. '2 Case supervision', '4.1 Unpaid work'.",
    )
    cases_inspected = _text("Number of cases", inputmode="numeric", size=6, help_text="E.g. 132.")
    domain_number = forms.ChoiceField(
        label="Part of the report (domain)",
        required=False,
        choices=[("", "Not given")],
        help_text="The report's 'domain' the cases were looked at for.",
    )
    notes = _text("Notes about these cases")

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
    metric = _wrapping_text(
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
    provider_value = _text("Provider", inputmode="decimal", size=8, help_text="This provider's figure.")
    england_and_wales_value = _text(
        "England and Wales", inputmode="decimal", size=8, help_text="The figure for England and Wales."
    )
    target = _text("Target", inputmode="decimal", size=8, help_text="The target, when the report gives one.")
    source_citation = _wrapping_text(
        "Where the report says it comes from",
        max_length=400,
        rows=4,
        help_text="The report's citation, e.g. 'Ministry of Justice, Proven reoffending statistics'.",
    )

    fields_that_count = ["metric", "provider_value", "england_and_wales_value", "target", "source_citation"]

    def clean_metric(self):
        return _one_line(self.cleaned_data.get("metric"))

    def clean_source_citation(self):
        return _one_line(self.cleaned_data.get("source_citation"))


class RecommendationForm(forms.Form):
    addressed_to = _text(
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


def _formset_class(form):
    return forms.formset_factory(form, extra=0, max_num=200, absolute_max=200, validate_max=True)


def _row_is_blank(form):
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


def _number(value):
    if value is None:
        return ""
    return number_text(value) if isinstance(value, Decimal) else str(value)


class InspectionEntry:
    """The main form and its four row sets, bound or with initial values."""

    def __init__(self, layout: Layout, data=None, initial=None, rows=None, inspection=None):
        self.layout = layout
        self.bound = data is not None
        self.errors_out_of_place = []  # (label, message) for service errors with no field on the page
        rows = rows or {}
        if data is None and inspection is not None:
            initial = {**(initial or {}), SNAPSHOT_FIELD: edit_snapshot(inspection)}
        self.form = InspectionForm(layout, data, initial=initial, inspection=inspection)
        if data is None and initial:
            self.form.duplicates = stored_inspections_like(
                _provider_from(initial.get("provider")), initial.get("published_on"), exclude=inspection
            )
        domain_choices = [
            (block.domain.number, f"{block.domain.number} {block.domain.name}") for block in layout.blocks
        ]
        form_kwargs = {"samples": {"domain_choices": domain_choices}}
        self.row_sets = []
        for prefix, form, heading, error_key in ROW_SETS:
            formset_class = _formset_class(form)
            if data is not None:
                formset = formset_class(data, prefix=prefix, form_kwargs=form_kwargs.get(prefix, {}))
            else:
                initial_rows = rows.get(prefix, [])
                formset = forms.formset_factory(form, extra=EXTRA_ROWS, max_num=200)(
                    prefix=prefix, initial=initial_rows, form_kwargs=form_kwargs.get(prefix, {})
                )
            formset.heading = heading
            formset.error_key = error_key
            self.row_sets.append(formset)

    def main_fields(self):
        return [self.form[name] for name in MAIN_FIELDS if name != "framework"]

    @property
    def duplicates(self):
        """Stored inspections of the same provider published in the same month: possibly this report."""
        return self.form.duplicates

    @property
    def duplicate_field(self):
        return self.form[DUPLICATE_FIELD]

    def sections(self):
        """The standards and key questions by domain, each with its bound fields, for the template."""
        return [
            {
                "domain": block.domain,
                "rows": [
                    {
                        "standard": row.standard,
                        "rating": self.form[row.rating_field],
                        "questions": [
                            {
                                "question": question,
                                "percent": self.form[kq_field(question.code, "percent")],
                                "cases": self.form[kq_field(question.code, "cases")],
                                "subsample_of": self.form[kq_field(question.code, "subsample_of")],
                            }
                            for question in row.key_questions
                        ],
                    }
                    for row in block.rows
                ],
            }
            for block in self.layout.blocks
        ]

    def row_set(self, prefix):
        return next(formset for formset in self.row_sets if formset.prefix == prefix)

    @property
    def snapshot(self):
        """The posted snapshot of what was stored when the form was opened ('' if none came)."""
        return self.form.cleaned_data.get(SNAPSHOT_FIELD, "")

    def carry_snapshot(self, snapshot):
        """Show the bound form again carrying `snapshot` (of what is stored now) instead of the posted one."""
        self.form.data = self.form.data.copy()
        self.form.data[SNAPSHOT_FIELD] = snapshot

    def is_valid(self):
        return self.form.is_valid() & all([formset.is_valid() for formset in self.row_sets])

    def _filled(self, prefix):
        return [form for form in self.row_set(prefix).forms if not _row_is_blank(form)]

    def to_input(self) -> InspectionInput:
        data = self.form.cleaned_data
        ratings = {row.standard.code: data.get(row.rating_field, "") for row in self.layout.rows}
        results = []
        for question in self.layout.key_questions:
            percent, cases, subsample_of = (
                data.get(kq_field(question.code, part), "") for part in ("percent", "cases", "subsample_of")
            )
            if percent.strip() or cases.strip() or subsample_of.strip():
                results.append(
                    KeyQuestionResultInput(
                        code=question.code, percent_yes=percent, cases_inspected=cases, subsample_of=subsample_of
                    )
                )
        # Values posted for standards or key questions the layout does not have go to the services too,
        # which refuse them with a message: a form must not silently drop what an editor (or a script) sent.
        for key, value in self.form.data.items():
            if key.startswith("rating_") and key not in self.form.fields and str(value).strip():
                ratings[key.removeprefix("rating_")] = str(value)
            elif re.fullmatch(r"kq_[\d.]+_percent", key) and key not in self.form.fields and str(value).strip():
                results.append(KeyQuestionResultInput(code=key[3:-8], percent_yes=str(value)))
        return InspectionInput(
            provider=data.get("provider"),
            framework=data.get("framework"),
            published_on=data.get("published_on") or None,
            fieldwork_started_on=data.get("fieldwork_started_on") or None,
            overall_rating=data.get("overall_rating", ""),
            overall_rating_derived=bool(data.get("overall_rating_derived")),
            notes=data.get("notes", ""),
            inspection_round=data.get("inspection_round"),
            owner_at_inspection=data.get("owner_at_inspection"),
            caseload_as_reported=data.get("caseload_as_reported", ""),
            report_url=data.get("report_url", ""),
            source_urls=[form.cleaned_data["url"] for form in self._filled("sources")],
            ratings=ratings,
            key_question_results=results,
            case_samples=[
                CaseSampleInput(
                    label=form.cleaned_data["label"],
                    cases_inspected=form.cleaned_data["cases_inspected"],
                    notes=form.cleaned_data["notes"],
                    domain_number=form.cleaned_data["domain_number"] or None,
                )
                for form in self._filled("samples")
            ],
            facts=[
                FactInput(
                    metric=form.cleaned_data["metric"],
                    unit=form.cleaned_data["unit"] or FactUnit.COUNT,
                    provider_value=form.cleaned_data["provider_value"],
                    england_and_wales_value=form.cleaned_data["england_and_wales_value"],
                    target=form.cleaned_data["target"],
                    source_citation=form.cleaned_data["source_citation"],
                )
                for form in self._filled("facts")
            ],
            recommendations=[
                RecommendationInput(text=form.cleaned_data["text"], addressed_to=form.cleaned_data["addressed_to"])
                for form in self._filled("recommendations")
            ],
        )

    def fingerprint(self):
        """A digest of what would be saved, so a save happens only after a check of the same values."""
        data = self.to_input()
        payload = {
            "main": {
                name: str(value.pk if hasattr(value, "pk") else value)
                for name, value in sorted(self.form.cleaned_data.items())
                if name not in (DUPLICATE_FIELD, SNAPSHOT_FIELD)
            },
            "sources": data.source_urls,
            "samples": [vars(item) for item in data.case_samples],
            "facts": [vars(item) for item in data.facts],
            "recommendations": [vars(item) for item in data.recommendations],
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()

    def add_service_errors(self, error: ValidationError):
        """Put each message of a services ValidationError next to its field."""
        field_names = set(self.form.fields)
        for key, messages in error.message_dict.items():
            for message in messages:
                self._place(key, message, field_names)

    def _place(self, key, message, field_names):
        if key in MAIN_FIELDS and key in field_names:
            self.form.add_error(key, message)
            return
        if key.startswith("rating_") and key in field_names:
            self.form.add_error(key, message)
            return
        if key.startswith("key_question_"):
            code = key.removeprefix("key_question_")
            name = kq_field(code, "percent")
            if name in field_names:
                self.form.add_error(name, message)
                return
        for formset in self.row_sets:
            prefix = f"{formset.error_key}_"
            if key.startswith(prefix) and key.removeprefix(prefix).isdigit():
                filled = self._filled(formset.prefix)
                number = int(key.removeprefix(prefix))
                if 1 <= number <= len(filled):
                    filled[number - 1].add_error(None, message)
                    return
        label = key.replace("_", " ").replace("key question ", "Key question ").replace("rating ", "Standard ")
        self.errors_out_of_place.append((label[:1].upper() + label[1:], message))

    @property
    def has_errors(self):
        return bool(
            self.errors_out_of_place
            or self.form.errors
            or any(formset.non_form_errors() or any(form.errors for form in formset.forms) for formset in self.row_sets)
        )

    def error_summary(self):
        """[(anchor id or None, label, message)] of every error on the page, in page order."""
        summary = []
        for name, errors in self.form.errors.items():
            bound = self.form[name] if name in self.form.fields else None
            anchor = None
            if bound is not None:
                # A group of inputs (a date) is reached through its first input.
                anchor = f"{bound.auto_id}_0" if bound.use_fieldset else bound.auto_id
            for message in errors:
                label = bound.label if bound is not None else "Inspection"
                summary.append((anchor, label, message))
        for label, message in self.errors_out_of_place:
            summary.append((None, label, message))
        for formset in self.row_sets:
            for message in formset.non_form_errors():
                summary.append((None, formset.heading, message))
            for number, form in enumerate(formset.forms, start=1):
                for name, errors in form.errors.items():
                    anchor = form[name].auto_id if name in form.fields else form[next(iter(form.fields))].auto_id
                    for message in errors:
                        summary.append((anchor, f"{formset.heading}, row {number}", message))
        return summary


# --------------------------------------------------------------------------
# Initial values: from a stored inspection, or from a report's reading
# --------------------------------------------------------------------------


def _provider_from(value):
    if isinstance(value, Provider) or value is None:
        return value
    try:
        return Provider.objects.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


def stored_inspections_like(provider, published, exclude=None):
    """Stored inspections of `provider` published in the same month as `published` ('YYYY[-MM[-DD]]').

    An exact date clash is refused by the services; a stored inspection of the same month may be the
    same report entered with another day, so the editor must look before adding it again.
    """
    if provider is None or not published:
        return []
    try:
        date, precision = parse_partial_date(str(published))
    except ValueError:
        return []
    found = Inspection.objects.filter(provider=provider).published_in_period_of(date, precision)
    if exclude is not None and exclude.pk is not None:
        found = found.exclude(pk=exclude.pk)
    return list(found.select_related("provider"))


def initial_from_input(data: InspectionInput, layout: Layout):
    """(initial, rows) of an InspectionEntry showing `data` (e.g. a stored inspection)."""
    published = data.published_on
    fieldwork = data.fieldwork_started_on
    initial = {
        "provider": data.provider.pk if data.provider else None,
        "framework": data.framework.pk if data.framework else None,
        "published_on": iso_partial_date(published, data.published_on_precision)
        if hasattr(published, "year")
        else (published or ""),
        "fieldwork_started_on": iso_partial_date(fieldwork, data.fieldwork_started_on_precision)
        if hasattr(fieldwork, "year")
        else (fieldwork or ""),
        "overall_rating": data.overall_rating,
        "overall_rating_derived": data.overall_rating_derived,
        "notes": data.notes,
        "inspection_round": data.inspection_round.pk if data.inspection_round else None,
        "owner_at_inspection": data.owner_at_inspection.pk if data.owner_at_inspection else None,
        "caseload_as_reported": data.caseload_as_reported,
        "report_url": data.report_url,
    }
    for code, rating in data.ratings.items():
        initial[f"rating_{code}"] = rating
    for result in data.key_question_results:
        initial[kq_field(result.code, "percent")] = _number(result.percent_yes)
        initial[kq_field(result.code, "cases")] = _number(result.cases_inspected)
        initial[kq_field(result.code, "subsample_of")] = _number(result.subsample_of)
    rows = {
        "sources": [{"url": url} for url in data.source_urls],
        "samples": [
            {
                "label": sample.label,
                "cases_inspected": _number(sample.cases_inspected),
                "domain_number": sample.domain_number or "",
                "notes": sample.notes,
            }
            for sample in data.case_samples
        ],
        "facts": [
            {
                "metric": fact.metric,
                "unit": fact.unit,
                "provider_value": _number(fact.provider_value),
                "england_and_wales_value": _number(fact.england_and_wales_value),
                "target": _number(fact.target),
                "source_citation": fact.source_citation,
            }
            for fact in data.facts
        ],
        "recommendations": [{"addressed_to": item.addressed_to, "text": item.text} for item in data.recommendations],
    }
    return initial, rows


def _sample_for(code, samples):
    """The sample a key question is answered over: the longest label prefix its code starts with."""
    best = None
    for sample in samples:
        prefix = sample.label.split(" ", 1)[0]
        if code.startswith(prefix + ".") and (best is None or len(prefix) > len(best.label.split(" ", 1)[0])):
            best = sample
    return best


def initial_from_reading(reading, layout: Layout, provider):
    """(initial, rows, not_read) of an InspectionEntry pre-filled from a report's reading."""
    not_read = list(reading.not_read)
    framework = layout.framework
    initial = {
        "provider": provider.pk if provider else None,
        "framework": framework.pk,
        "published_on": reading.published_month or "",
        "fieldwork_started_on": reading.fieldwork_started_month or "",
        "overall_rating": reading.overall_rating or "",
        "caseload_as_reported": reading.caseload_as_reported or "",
    }
    if provider is None:
        name = reading.provider_name or "the title"
        not_read.insert(0, f"Provider: '{name}' matches no provider; choose it.")
    if reading.published_month:
        published = month_date(reading.published_month)
        round_ = InspectionRound.objects.filter(started_on__lte=published).order_by("-started_on").first()
        initial["inspection_round"] = round_.pk if round_ else None
        if provider is not None:
            owners = {
                period.owner_id
                for period in OwnershipPeriod.objects.filter(provider=provider)
                if (period.started_on is None or period.started_on <= published)
                and (period.ended_on is None or period.ended_on >= published)
            }
            if len(owners) == 1:
                initial["owner_at_inspection"] = owners.pop()
    for row in layout.rows:
        code = row.standard.code
        if code in reading.ratings:
            initial[row.rating_field] = reading.ratings[code]
        else:
            not_read.append(f"Standard {code} {row.standard.name}: no rating found.")
    for code in sorted(set(reading.ratings) - set(layout.standard_codes)):
        not_read.append(f"Standard {code} ({reading.ratings[code]}) is not a standard of {framework}; left out.")
    relevant = set(reading.relevant_subsample_questions)
    for question in layout.key_questions:
        found = reading.key_question(question.code)
        if found is None:
            not_read.append(f"Key question {question.code}: no '% yes' found.")
            continue
        initial[kq_field(question.code, "percent")] = found.percent_yes
        sample = _sample_for(question.code, reading.samples)
        if sample is None:
            continue
        if question.uses_relevant_subsample or question.code in relevant:
            initial[kq_field(question.code, "subsample_of")] = str(sample.cases_inspected)
        else:
            initial[kq_field(question.code, "cases")] = str(sample.cases_inspected)
    known = {question.code for question in layout.key_questions}
    for item in reading.key_questions:
        if item.code not in known:
            not_read.append(f"Key question {item.code} is not a key question of {framework}; left out.")
    rows = {
        "sources": [],
        "samples": [
            {
                "label": sample.label,
                "cases_inspected": str(sample.cases_inspected),
                "domain_number": sample.domain_number,
                "notes": sample.notes,
            }
            for sample in reading.samples
        ],
        "facts": [
            {
                "metric": fact.metric,
                "unit": fact.unit,
                "provider_value": fact.provider_value or "",
                "england_and_wales_value": fact.england_and_wales_value or "",
                "target": fact.target or "",
                "source_citation": fact.source_citation,
            }
            for fact in reading.facts
        ],
        "recommendations": [{"addressed_to": item.addressed_to, "text": item.text} for item in reading.recommendations],
    }
    not_read.append("Report's web address and sources: not in the text; add them.")
    return initial, rows, not_read
