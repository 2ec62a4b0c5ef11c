"""
The entry form of one inspection, laid out by its framework, and `InspectionEntry`, which ties it to its row
sets and turns them into an `InspectionInput`.

Every field is plain text (ratings shown as a list to choose from): the rules live once, in
`inspections.services`, whose ValidationError keys name the field each message belongs next to.
"""

from __future__ import annotations

import hashlib
import json
import re

from django import forms
from django.core.exceptions import ValidationError

from providers.models import Owner, Provider, ProviderType
from providers.services import SNAPSHOT_FIELD, new_unit_error, new_unit_names

from ..models import SEQUENCE_WORDS, FactUnit, Framework, InspectionRound
from ..services.field_rules import published_date_error
from ..services.inputs import CaseSampleInput, FactInput, InspectionInput, KeyQuestionResultInput, RecommendationInput
from ..services.inspections import edit_snapshot
from .choose import unit_choices
from .dates import PartialDateField
from .fields import OVERALL_CHOICES, rating_select, text_field
from .initial import initial_from_input, provider_from, stored_inspections_like
from .layout import Layout, kq_field, rating_field
from .rows import EXTRA_ROWS, ROW_SETS, formset_class, row_is_blank

__all__ = ["InspectionEntry", "InspectionForm", "Layout", "initial_from_input", "kq_field", "rating_field"]

DUPLICATE_FIELD = "not_a_duplicate"
CHANGE_SOURCE_FIELD = "change_source"
SEQUENCE_CHOICES = [
    ("", "Not stated"),
    *((str(number), f"The unit's {word} inspection") for number, word in SEQUENCE_WORDS.items()),
]

# Top-level service error keys that are fields of the main form, in the form's order.
MAIN_FIELDS = [
    "provider",
    "new_unit_name",
    "new_unit_region",
    "framework",
    "published_on",
    "fieldwork_started_on",
    "overall_rating",
    "overall_rating_derived",
    "points_stated",
    "sequence_in_unit",
    "notes",
    "editor_notes",
    "inspection_round",
    "owner_at_inspection",
    "caseload_as_reported",
    "report_url",
    CHANGE_SOURCE_FIELD,
]


class InspectionForm(forms.Form):
    """The inspection's own values, one rating per standard and one row per key question of `layout`.

    A Probation Service framework's form also takes points as stated, the inspection's place in the unit's
    sequence, "Date not recorded", and (when adding) a unit not stored yet; a correction takes the source of
    the change.
    """

    provider = forms.ModelChoiceField(Provider.objects.all(), required=False, label="Provider inspected")
    framework = forms.ModelChoiceField(Framework.objects.all(), widget=forms.HiddenInput)
    fieldwork_started_on = PartialDateField(
        label="Inspectors' visit began",
        help_text="The report's 'fieldwork' start, usually only a month. Leave blank if not given.",
    )
    overall_rating = rating_select(
        "Overall rating",
        OVERALL_CHOICES,
        help_text="'Not rated': the inspectorate published no overall rating, e.g. a part-inspection or a dynamic "
        "inspection. 'Not recorded': no source we have gives it.",
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
        help_text="What the sources leave open or had to be inferred, written for readers. Shown with the values "
        "and exported.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    editor_notes = forms.CharField(
        required=False,
        max_length=2000,
        label="Editors' notes",
        help_text="Working notes for editors: what to check, where to look. Never shown on public pages or exported.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    inspection_round = forms.ModelChoiceField(
        InspectionRound.objects.all(),
        required=False,
        label="Inspection round",
        empty_label="Not part of a round",
        help_text="The programme of inspections the report belongs to; the league ranks within a round.",
    )
    owner_at_inspection = forms.ModelChoiceField(
        Owner.objects.all(),
        required=False,
        label="Owned by, when inspected",
        empty_label="Not recorded",
        help_text="The company or public body that owned the provider when the report was published.",
    )
    caseload_as_reported = text_field(
        "Caseload (people supervised)",
        max_length=200,
        help_text="In the report's words, e.g. 'approximately 8,600'.",
    )
    report_url = text_field(
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
        framework = layout.framework
        probation_service = layout.is_probation_service
        self.fields["provider"].choices = [
            ("", "Choose the unit"),
            *unit_choices(Provider.objects.filter(provider_type=framework.provider_type)),
        ]
        self.fields["published_on"] = PartialDateField(
            not_recorded=probation_service,
            label="Date published",
            help_text="The year is needed; give the month and the day when the report's cover or the press "
            "release states them."
            + (" Tick “Date not recorded” where no source gives the date." if probation_service else ""),
        )
        rounds = self.fields["inspection_round"]
        rounds.queryset = InspectionRound.objects.filter(era=framework.era)
        if framework.inspection_round_id and not self.is_bound and "inspection_round" not in self.initial:
            self.initial["inspection_round"] = framework.inspection_round_id
        if probation_service:
            self.fields["points_stated"] = text_field(
                "Points, as stated",
                max_length=20,
                size=8,
                help_text="Only as a source states them, e.g. '1/27' for “one point out of a possible 27”; "
                "never worked out.",
            )
            self.fields["sequence_in_unit"] = forms.TypedChoiceField(
                choices=SEQUENCE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                label="First or later inspection of the unit",
                help_text="As a source says, e.g. “the first inspection of this PDU since … 2021”.",
            )
        if probation_service and inspection is None and framework.provider_type == ProviderType.PDU:
            self.fields["new_unit_name"] = text_field(
                "Or a unit not stored yet: its name",
                max_length=80,
                help_text="Only when the list above lacks it, e.g. a PDU formed since: Save stores the unit "
                "with the inspection.",
            )
            self.fields["new_unit_region"] = forms.ModelChoiceField(
                Provider.objects.filter(provider_type=ProviderType.REGION),
                required=False,
                label="The new unit's region",
                empty_label="Choose its region",
            )
        if inspection is not None:
            self.fields[CHANGE_SOURCE_FIELD] = text_field(
                "Source of this change",
                max_length=500,
                help_text="Needed when you change a stored value: the report, press release or article "
                "(https://…) that states the new value. It is added to the sources.",
            )
        for row in layout.rows:
            self.fields[row.rating_field] = rating_select(row.standard.label)
            for question in row.key_questions:
                self.fields[kq_field(question.code, "percent")] = text_field(
                    f"{question.code} % yes", inputmode="decimal", size=6
                )
                self.fields[kq_field(question.code, "cases")] = text_field(
                    f"{question.code} cases inspected", inputmode="numeric", size=6
                )
                self.fields[kq_field(question.code, "subsample_of")] = text_field(
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
        name, region = cleaned.get("new_unit_name", ""), cleaned.get("new_unit_region")
        if cleaned.get("provider") is not None and (name or region):
            self.add_error("new_unit_name", "Either choose a stored unit or name a new one, not both.")
        elif name and region is None:
            self.add_error("new_unit_region", "Choose the region the new unit belongs to.")
        elif region is not None and not name:
            self.add_error("new_unit_name", "Enter the new unit's name.")
        elif name and (message := new_unit_error(name)):
            self.add_error("new_unit_name", message)
        self.duplicates = stored_inspections_like(
            cleaned.get("provider"), cleaned.get("published_on"), exclude=self.inspection
        )
        if self.duplicates and not cleaned.get(DUPLICATE_FIELD):
            self.add_error(
                DUPLICATE_FIELD,
                "Open the inspection already stored and compare; tick this box only if this report is another one.",
            )
        return cleaned

    def new_unit(self):
        """(name, region) of a unit to store with the inspection, or None."""
        name, region = self.cleaned_data.get("new_unit_name", ""), self.cleaned_data.get("new_unit_region")
        return (name, region) if name and region is not None and self.cleaned_data.get("provider") is None else None

    def rating_bound(self, row):
        return self[row.rating_field]

    def key_question_bound(self, question):
        return [self[kq_field(question.code, part)] for part in ("percent", "cases", "subsample_of")]


class InspectionEntry:
    """The main form and its four row sets, bound or with initial values."""

    def __init__(self, layout: Layout, data=None, initial=None, rows=None, inspection=None):
        self.layout = layout
        self.bound = data is not None
        self.errors_out_of_place = []  # (label, message) for service errors with no field on the page
        self.evidence = {}  # field name -> the sentence of a reading its value came from
        self.missing = set()  # field names a worklist link marks as missing
        rows = rows or {}
        if data is None and inspection is not None:
            initial = {**(initial or {}), SNAPSHOT_FIELD: edit_snapshot(inspection)}
        self.form = InspectionForm(layout, data, initial=initial, inspection=inspection)
        if data is None and initial:
            self.form.duplicates = stored_inspections_like(
                provider_from(initial.get("provider")), initial.get("published_on"), exclude=inspection
            )
        domain_choices = [
            (block.domain.number, f"{block.domain.number} {block.domain.name}") for block in layout.blocks
        ]
        form_kwargs = {"samples": {"domain_choices": domain_choices}}
        self.row_sets = []
        for prefix, form, heading, error_key in ROW_SETS:
            bound_class = formset_class(form)
            if data is not None:
                formset = bound_class(data, prefix=prefix, form_kwargs=form_kwargs.get(prefix, {}))
            else:
                initial_rows = rows.get(prefix, [])
                formset = forms.formset_factory(form, extra=EXTRA_ROWS, max_num=200)(
                    prefix=prefix, initial=initial_rows, form_kwargs=form_kwargs.get(prefix, {})
                )
            formset.heading = heading
            formset.error_key = error_key
            self.row_sets.append(formset)

    def main_fields(self):
        return [self.form[name] for name in MAIN_FIELDS if name != "framework" and name in self.form.fields]

    def main_items(self):
        """Each main field with the sentence it was read from and whether a worklist marks it missing."""
        return [self._item(bound.name, field=bound) for bound in self.main_fields()]

    def _item(self, name, **values):
        return {**values, "name": name, "evidence": self.evidence.get(name, ""), "missing": name in self.missing}

    @property
    def has_key_questions(self):
        return self.layout.has_key_questions

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
                        **self._item(row.rating_field),
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
        return [form for form in self.row_set(prefix).forms if not row_is_blank(form)]

    def to_input(self) -> InspectionInput:
        data = self.form.cleaned_data
        ratings = {row.standard.key: data.get(row.rating_field, "") for row in self.layout.rows}
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
        source_urls = [form.cleaned_data["url"] for form in self._filled("sources")]
        change_source = data.get(CHANGE_SOURCE_FIELD, "").strip()
        if change_source and change_source not in source_urls:
            source_urls.append(change_source)
        provider = data.get("provider")
        if provider is None and (new_unit := self.form.new_unit()):
            # Checked as the unit it will be; stored, with the inspection, only on Save.
            short_name, name = new_unit_names(new_unit[0])
            provider = Provider(short_name=short_name, name=name, provider_type=ProviderType.PDU, region=new_unit[1])
        return InspectionInput(
            provider=provider,
            framework=data.get("framework"),
            published_on=data.get("published_on") or None,
            fieldwork_started_on=data.get("fieldwork_started_on") or None,
            overall_rating=data.get("overall_rating", ""),
            overall_rating_derived=bool(data.get("overall_rating_derived")),
            points_stated=data.get("points_stated", ""),
            sequence_in_unit=data.get("sequence_in_unit"),
            notes=data.get("notes", ""),
            editor_notes=data.get("editor_notes", ""),
            inspection_round=data.get("inspection_round"),
            owner_at_inspection=data.get("owner_at_inspection"),
            caseload_as_reported=data.get("caseload_as_reported", ""),
            report_url=data.get("report_url", ""),
            source_urls=source_urls,
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
