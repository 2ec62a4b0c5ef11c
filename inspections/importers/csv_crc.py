"""
The 2018–20 kinds of CSV file (CRCs and NPS divisions): the inspections file and the detail files of one
inspection, planned through `inspections.services` validation; nothing is written here (`csv_write`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError

from inspections import rating_rules
from inspections.models import Inspection, InspectionRound
from inspections.services.field_rules import overall_rating_error, published_date_error, rating_error
from inspections.services.inputs import (
    CaseSampleInput,
    FactInput,
    InspectionInput,
    KeyQuestionResultInput,
    RecommendationInput,
    inspection_input,
)
from inspections.services.inspections import _clean_children
from inspections.services.validation import CleanInspection, stored_inspection, validate_inspection
from providers.models import ProviderType
from providers.partial_dates import iso_partial_date, parse_partial_date
from providers.services import CREATED, UNCHANGED, UPDATED
from providers.validation import url_error

from . import csv_write
from .csv_files import _Origin, _Row, _RowError
from .csv_plan import INSPECTIONS, OWNERSHIP, Planner

DEFAULT_ROUND = "2018-19"
SOURCE_SEPARATOR = " ; "

KEY_QUESTIONS = "key questions"
FACTS = "facts"
SAMPLES = "samples"
RECOMMENDATIONS = "recommendations"
FIELDWORK = "fieldwork"

# kind -> the columns that identify it (all must be present)
SIGNATURES = [
    (INSPECTIONS, {"provider_short_name", "provider_type", "owner_at_inspection", "published", "overall_rating"}),
    (OWNERSHIP, {"provider_short_name", "owner", "from", "to", "source"}),
    (KEY_QUESTIONS, {"key_question", "percent_yes", "relevant_subsample_only"}),
    (FACTS, {"metric", "provider_value", "england_and_wales_value", "target", "unit"}),
    (SAMPLES, {"domain", "cases_inspected"}),
    (RECOMMENDATIONS, {"position", "text"}),
    (FIELDWORK, {"fieldwork_started"}),
]

# inspections-file column -> standard code, by provider type
STANDARD_COLUMNS = {
    "s1_1_leadership": "1.1",
    "s1_2_staff": "1.2",
    "s1_3_services": "1.3",
    "s1_4_information_and_facilities": "1.4",
    "s2_1_assessment": "2.1",
    "s2_2_planning": "2.2",
    "s2_3_implementation_and_delivery": "2.3",
    "s2_4_reviewing": "2.4",
    "s3_1_or_4_1": {"crc": "4.1", "nps": "3.1"},
    "s3_2_or_4_2": {"crc": "4.2", "nps": "3.2"},
}

PROVIDER_TYPES = {
    "crc": ProviderType.CRC,
    "community rehabilitation company": ProviderType.CRC,
    "nps": ProviderType.NPS,
    "nps division": ProviderType.NPS,
    "national probation service division": ProviderType.NPS,
    "pdu": ProviderType.PDU,
    "probation delivery unit": ProviderType.PDU,
}

# services field -> inspections-file column
INSPECTION_COLUMNS = {
    "provider": "provider_short_name",
    "framework": "provider_type",
    "owner_at_inspection": "owner_at_inspection",
    "published_on": "published",
    "fieldwork_started_on": "fieldwork_started",
    "overall_rating": "overall_rating",
    "caseload_as_reported": "caseload_as_reported",
    "report_url": "report_url",
    "inspection_round": "round",
    "overall_rating_derived": "notes",
    "notes": "notes",
    "editor_notes": "editor_notes",
}

DERIVED_RATING_NOTE = "overall rating derived"


def rating_is_derived(note):
    """True for a note that begins "Overall rating derived" (the convention of the published files)."""
    return (note or "").strip().lower().startswith(DERIVED_RATING_NOTE)


@dataclass
class _Target:
    """One inspection to write: its input plus where each field came from."""

    key: tuple  # (provider short name, published date)
    data: InspectionInput | None = None
    origin: _Origin | None = None
    origins: dict = field(default_factory=dict)
    base_row: _Row | None = None
    key_questions: list | None = None  # [(row, standard, code, percent, subsample_only)]
    samples: list | None = None
    facts: list | None = None
    recommendations: list | None = None
    fieldwork: tuple | None = None  # (row, text)
    existing: Inspection | None = None  # the stored inspection it replaces
    clean: CleanInspection | None = None  # once validated
    before: CleanInspection | None = None  # what is stored, for a change
    action: str | None = None
    rows: tuple | None = None  # (Inspection, [(child model, key, rows)]), unsaved


def _parse_target(text):
    short_name, separator, published = (text or "").rpartition("@")
    if not separator or not short_name.strip() or not published.strip():
        raise _RowError(f"--inspection '{text}' must be written '<provider short name>@<published date>'.")
    try:
        date, _ = parse_partial_date(published)
    except ValueError as error:
        raise _RowError(f"--inspection '{text}': {error}") from None
    return short_name.strip(), date


def _sample_prefix(label):
    match = re.match(r"^\s*(\d+(?:\.\d+)*)\b", label or "")
    return match.group(1) if match else None


def _sample_for(code, samples):
    """The (label, size) of the sample a key question is answered over: longest matching prefix."""
    best = None
    for label, size in samples:
        prefix = _sample_prefix(label)
        if prefix and code.startswith(prefix + ".") and (best is None or len(prefix) > len(best[0])):
            best = (prefix, label, size)
    return (best[1], best[2]) if best else (None, None)


class CrcPlanner(Planner):
    """Plans the 2018–20 files: each inspection validated as the services would store it."""

    def __init__(self, *, inspection=None, round_slug=DEFAULT_ROUND, **kwargs):
        super().__init__(**kwargs)
        self.default_target = inspection
        self.round_slug = round_slug

    def named_elsewhere(self):
        return {_parse_target(self.default_target)[0]} if self.default_target else set()

    def inspections_file(self, rows):
        round_ = InspectionRound.objects.filter(slug=self.round_slug).first()
        if round_ is None and rows:
            self.error(rows[0].origin("round"), f"there is no inspection round '{self.round_slug}'.")
            return
        for row in rows:
            faults = self.row_faults(row)
            for column, message in faults:
                self.error(row.origin(column), message)
            if faults:
                continue
            short_name = row.get("provider_short_name")
            provider_type = PROVIDER_TYPES[row.get("provider_type").lower()]
            published_on, _ = parse_partial_date(row.get("published"))
            provider = self.plan_provider(row, short_name, provider_type)
            if provider is None:
                continue

            owner = None
            if row.get("owner_at_inspection"):
                owner = self.owner(row.get("owner_at_inspection"), row, "owner_at_inspection")
                if owner is None:
                    continue

            key = (short_name, published_on)
            if key in self.targets:
                self.error(row.origin("published"), f"{short_name} published {row.get('published')} is given twice.")
                continue
            existing = self.stored_inspections.get((provider.pk, published_on)) if provider.pk else None
            framework = self.framework(provider_type, published_on)
            if framework is None:
                self.error(
                    row.origin("provider_type"),
                    f"no framework for {ProviderType(provider_type).short_label} providers is loaded "
                    "(load fixtures/frameworks.json first).",
                )
                continue
            if existing is not None:
                data = inspection_input(existing)
                data.provider = provider
            else:
                data = InspectionInput(provider=provider, framework=framework, published_on=None)
            if existing is None or existing.framework.provider_type != provider_type:
                data.framework = framework
            data.published_on = row.get("published")
            data.inspection_round = round_
            target = _Target(key=key, data=data, origin=row.origin(), base_row=row, existing=existing)
            for name, column in INSPECTION_COLUMNS.items():
                target.origins[name] = row.origin(column)
            target.origins["inspection_round"] = _Origin(row.file, row.number, "--round")
            if owner is not None:
                data.owner_at_inspection = owner
            for column, attribute in (
                ("overall_rating", "overall_rating"),
                ("caseload_as_reported", "caseload_as_reported"),
                ("report_url", "report_url"),
                ("notes", "notes"),
                ("editor_notes", "editor_notes"),
            ):
                value = row.get(column)
                if value:
                    if column == "overall_rating":
                        value = rating_rules.normalise_overall(value) or value
                    setattr(data, attribute, value)
            if rating_is_derived(row.get("notes")):
                data.overall_rating_derived = True
            if row.get("fieldwork_started"):
                data.fieldwork_started_on = row.get("fieldwork_started")
            urls = [url.strip() for url in row.get("source_urls").split(";") if url.strip()]
            if urls:  # added to what is stored, in the order already stored
                data.source_urls = data.source_urls + [url for url in urls if url not in data.source_urls]
                for number in range(1, len(data.source_urls) + 1):
                    target.origins[f"source_url_{number}"] = row.origin("source_urls")
            for column, code in STANDARD_COLUMNS.items():
                if isinstance(code, dict):
                    code = code.get(provider_type)
                    if code is None:
                        continue
                value = row.get(column)
                target.origins[f"rating_{code}"] = row.origin(column)
                if value:
                    data.ratings[code] = rating_rules.normalise_rating(value) or value
            self.targets[key] = target

    def row_faults(self, row):
        """[(column, message)] for every cell of an inspections-file row that cannot be stored.

        Checked before anything is written, so one pass reports every fault of
        every row; the rules themselves are the services'.
        """
        faults = []
        if not row.get("provider_short_name"):
            faults.append(("provider_short_name", "Enter the provider's short name."))
        type_text = row.get("provider_type")
        provider_type = PROVIDER_TYPES.get(type_text.lower())
        if provider_type is None:
            faults.append(("provider_type", f"'{type_text}' is not one of CRC, NPS division, PDU."))
        if message := published_date_error(row.get("published")):
            faults.append(("published", message))
        if row.get("fieldwork_started"):
            try:
                parse_partial_date(row.get("fieldwork_started"))
            except ValueError as error:
                faults.append(("fieldwork_started", str(error)))
        overall = row.get("overall_rating")
        if overall and (message := overall_rating_error(rating_rules.normalise_overall(overall) or overall)):
            faults.append(("overall_rating", message))
        for column, code in STANDARD_COLUMNS.items():
            value = row.get(column)
            if not value:
                continue
            if isinstance(code, dict) and provider_type is not None and code.get(provider_type) is None:
                faults.append((column, f"a {provider_type} provider has no standard in this column."))
            elif message := rating_error(rating_rules.normalise_rating(value) or value):
                faults.append((column, message))
        for url in (url.strip() for url in row.get("source_urls").split(";")):
            if url and (message := url_error(url)):
                faults.append(("source_urls", message))
        if row.get("report_url") and (message := url_error(row.get("report_url"))):
            faults.append(("report_url", message))
        return faults

    def detail_file(self, kind, rows):
        for row in rows:
            try:
                target = self.target_for(row)
            except _RowError as error:
                self.error(row.origin(), str(error))
                continue
            if target is None:
                continue
            if kind == FIELDWORK:
                target.fieldwork = (row, row.get("fieldwork_started"))
                continue
            attribute = {
                KEY_QUESTIONS: "key_questions",
                SAMPLES: "samples",
                FACTS: "facts",
                RECOMMENDATIONS: "recommendations",
            }[kind]
            if getattr(target, attribute) is None:
                setattr(target, attribute, [])
            getattr(target, attribute).append(row)

    def target_for(self, row):
        short_name, published = row.get("provider_short_name"), row.get("published")
        if short_name or published:
            if not (short_name and published):
                raise _RowError("give both provider_short_name and published, or neither (then use --inspection).")
            try:
                date, _ = parse_partial_date(published)
            except ValueError as error:
                raise _RowError(f"published: {error}") from None
            key = (short_name, date)
        elif self.default_target:
            key = _parse_target(self.default_target)
        else:
            raise _RowError(
                "this file names no inspection: add provider_short_name and published columns, "
                "or pass --inspection '<short name>@<published>'."
            )
        if key in self.targets:
            return self.targets[key]
        provider = self.provider(key[0])
        existing = self.stored_inspections.get((provider.pk, key[1])) if provider is not None else None
        if existing is None:
            raise _RowError(
                f"there is no inspection of {key[0]} published {key[1].isoformat()}; "
                "import the inspections file first or with this one."
            )
        target = _Target(key=key, data=inspection_input(existing), origin=row.origin(), existing=existing)
        self.targets[key] = target
        return target

    def apply_details(self, target):
        data = target.data
        if target.fieldwork is not None:
            row, text = target.fieldwork
            data.fieldwork_started_on = text or None
            target.origins["fieldwork_started_on"] = row.origin("fieldwork_started")
        if target.samples is not None:
            data.case_samples = []
            for number, row in enumerate(target.samples, start=1):
                label = row.get("domain")
                prefix = _sample_prefix(label)
                data.case_samples.append(
                    CaseSampleInput(
                        label=label,
                        cases_inspected=row.get("cases_inspected"),
                        notes=row.get("notes"),
                        domain_number=prefix.split(".")[0] if prefix else None,
                    )
                )
                target.origins[f"case_sample_{number}"] = row.origin()
        if target.facts is not None:
            data.facts = []
            for number, row in enumerate(target.facts, start=1):
                data.facts.append(
                    FactInput(
                        metric=row.get("metric"),
                        unit=row.get("unit"),
                        provider_value=row.get("provider_value"),
                        england_and_wales_value=row.get("england_and_wales_value"),
                        target=row.get("target"),
                        source_citation=row.get("source_as_cited_in_report") or row.get("source"),
                    )
                )
                target.origins[f"fact_{number}"] = row.origin()
        if target.recommendations is not None:
            numbered = []
            for row in target.recommendations:
                try:
                    position = int(row.get("position"))
                    if position <= 0:
                        raise ValueError
                except ValueError:
                    self.error(row.origin("position"), f"'{row.get('position')}' is not a positive whole number.")
                    continue
                if position in {number for number, _ in numbered}:
                    self.error(row.origin("position"), f"position {position} is given twice.")
                    continue
                numbered.append((position, row))
            numbered.sort(key=lambda pair: pair[0])
            data.recommendations = []
            for number, (_, row) in enumerate(numbered, start=1):
                data.recommendations.append(
                    RecommendationInput(text=row.get("text"), addressed_to=row.get("addressed_to"))
                )
                target.origins[f"recommendation_{number}"] = row.origin()
        if target.key_questions is not None:
            samples = [(sample.label, sample.cases_inspected) for sample in data.case_samples]
            data.key_question_results = []
            for row in target.key_questions:
                code = row.get("key_question")
                standard = row.get("standard")
                target.origins[f"key_question_{code}"] = row.origin()
                if standard and not code.startswith(standard + "."):
                    self.error(row.origin("standard"), f"key question {code} is not under standard {standard}.")
                    continue
                subsample_only = row.get("relevant_subsample_only").lower()
                if subsample_only not in {"yes", "no", ""}:
                    self.error(
                        row.origin("relevant_subsample_only"),
                        f"'{row.get('relevant_subsample_only')}' is not yes or no.",
                    )
                    continue
                _, size = _sample_for(code, samples)
                cases_column = row.get("cases_inspected")
                if subsample_only == "yes":
                    cases, subsample_of = cases_column or None, size
                else:
                    cases, subsample_of = cases_column or size, None
                data.key_question_results.append(
                    KeyQuestionResultInput(
                        code=code, percent_yes=row.get("percent_yes"), cases_inspected=cases, subsample_of=subsample_of
                    )
                )

    def origin_for(self, target):
        def find(key):
            if key in target.origins:
                origin = target.origins[key]
                label = None
                if key.startswith("key_question_"):
                    label = "key question " + key.removeprefix("key_question_")
                return origin, label
            if key.startswith("rating_"):
                return target.origin, "standard " + key.removeprefix("rating_")
            return target.origin, (None if key == "__all__" else key)

        return find

    def plan_inspections(self):
        """Validate every inspection as the services would store it, and what storing it would do."""
        for target in self.targets.values():
            errors_before = len(self.errors)
            self.apply_details(target)
            if len(self.errors) > errors_before:
                continue
            data = target.data
            owner = data.owner_at_inspection
            # An owner these files create has no id yet: it is set when it is written (csv_write).
            checked = replace(data, owner_at_inspection=None) if owner is not None and owner.pk is None else data
            try:
                clean = validate_inspection(checked, instance=target.existing, framework_cache=self.framework_cache)
                inspection, children = csv_write.inspection_rows(clean, copy.copy(target.existing))
                inspection.full_clean(
                    exclude=csv_write.ROW_CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False
                )
                for model, key, rows in children:
                    if model not in csv_write.CHECKED_IN_FULL:
                        _clean_children(key, rows)
            except ValidationError as error:
                self.validation_errors(error, self.origin_for(target), target.origin)
                continue
            target.clean, target.rows = clean, (inspection, children)
            if target.existing is None:
                target.action = CREATED
            else:
                target.before = stored_inspection(target.existing)
                target.action = UNCHANGED if clean == target.before and checked is data else UPDATED
            self.record(
                "inspection",
                target.action,
                f"{target.key[0]}@{iso_partial_date(clean.published_on, clean.published_on_precision)}",
            )

    def plan(self):
        """What storing the files would do, for `csv_write.write`."""
        return {
            "owners": list(self.owners.values()),
            "providers": list(self.providers.values()),
            "periods": list(self.periods.values()),
            "inspections": [target for target in self.targets.values() if target.clean is not None],
        }
