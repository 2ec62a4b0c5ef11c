"""
What an editor or an importer gives for one inspection, before validation.

Children may be given as the dataclasses here or as plain dicts; `inspection_input`
reads a stored inspection back into this form, to edit it or merge new data into it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields
from decimal import Decimal

from providers.models import Owner, Provider
from providers.partial_dates import DatePrecision

from ..models import Framework, Inspection, InspectionRound


@dataclass
class KeyQuestionResultInput:
    code: str
    percent_yes: Decimal | int | float | str | None
    cases_inspected: int | str | None = None
    subsample_of: int | str | None = None


@dataclass
class CaseSampleInput:
    label: str
    cases_inspected: int | str | None
    notes: str = ""
    domain_number: str | None = None


@dataclass
class FactInput:
    metric: str
    unit: str
    provider_value: Decimal | int | float | str | None = None
    england_and_wales_value: Decimal | int | float | str | None = None
    target: Decimal | int | float | str | None = None
    source_citation: str = ""


@dataclass
class RecommendationInput:
    text: str
    addressed_to: str = ""


def _as(cls, value):
    if isinstance(value, cls):
        return value
    if isinstance(value, dict):
        names = {f.name for f in fields(cls)}
        return cls(**{key: val for key, val in value.items() if key in names})
    raise TypeError(f"Expected {cls.__name__} or dict, got {value!r}.")


@dataclass
class InspectionInput:
    """Everything an editor enters for one inspection.

    `published_on` and `fieldwork_started_on` take a `datetime.date` (with its
    precision) or a partial date written 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'
    (the precision then follows from the text). Numbers may be given as text.
    Children may be given as the dataclasses above or as plain dicts.
    """

    provider: Provider | None
    framework: Framework | None
    published_on: datetime.date | str | None
    published_on_precision: str = DatePrecision.DAY
    inspection_round: InspectionRound | None = None
    owner_at_inspection: Owner | None = None
    fieldwork_started_on: datetime.date | str | None = None
    fieldwork_started_on_precision: str = DatePrecision.MONTH
    overall_rating: str = ""
    overall_rating_derived: bool = False
    points_stated: str = ""
    sequence_in_unit: int | str | None = None
    notes: str = ""
    editor_notes: str = ""
    caseload_as_reported: str = ""
    report_url: str = ""
    source_urls: list[str] = field(default_factory=list)
    ratings: dict[str, str] = field(default_factory=dict)
    key_question_results: list[KeyQuestionResultInput] = field(default_factory=list)
    case_samples: list[CaseSampleInput] = field(default_factory=list)
    facts: list[FactInput] = field(default_factory=list)
    recommendations: list[RecommendationInput] = field(default_factory=list)

    def __post_init__(self):
        self.key_question_results = [_as(KeyQuestionResultInput, item) for item in self.key_question_results]
        self.case_samples = [_as(CaseSampleInput, item) for item in self.case_samples]
        self.facts = [_as(FactInput, item) for item in self.facts]
        self.recommendations = [_as(RecommendationInput, item) for item in self.recommendations]
        self.ratings = dict(self.ratings or {})
        self.source_urls = list(self.source_urls or [])


def inspection_input(inspection: Inspection) -> InspectionInput:
    """An `InspectionInput` holding what is stored, e.g. to edit it or merge new data into it."""
    return InspectionInput(
        provider=inspection.provider,
        framework=inspection.framework,
        inspection_round=inspection.inspection_round,
        owner_at_inspection=inspection.owner_at_inspection,
        published_on=inspection.published_on,
        published_on_precision=inspection.published_on_precision,
        fieldwork_started_on=inspection.fieldwork_started_on,
        fieldwork_started_on_precision=inspection.fieldwork_started_on_precision,
        overall_rating=inspection.overall_rating,
        overall_rating_derived=inspection.overall_rating_derived,
        points_stated=inspection.points_stated,
        sequence_in_unit=inspection.sequence_in_unit,
        notes=inspection.notes,
        editor_notes=inspection.editor_notes,
        caseload_as_reported=inspection.caseload_as_reported,
        report_url=inspection.report_url,
        source_urls=[source.url for source in inspection.sources.order_by("position", "id")],
        ratings={
            rating.standard.key: rating.rating
            for rating in inspection.standard_ratings.select_related("standard").order_by("standard__position")
        },
        key_question_results=[
            KeyQuestionResultInput(
                code=result.key_question.code,
                percent_yes=result.percent_yes,
                cases_inspected=result.cases_inspected,
                subsample_of=result.subsample_of,
            )
            for result in inspection.key_question_results.select_related("key_question")
        ],
        case_samples=[
            CaseSampleInput(
                label=sample.label,
                cases_inspected=sample.cases_inspected,
                notes=sample.notes,
                domain_number=sample.domain.number if sample.domain else None,
            )
            for sample in inspection.case_samples.select_related("domain")
        ],
        facts=[
            FactInput(
                metric=fact.metric,
                unit=fact.unit,
                provider_value=fact.provider_value,
                england_and_wales_value=fact.england_and_wales_value,
                target=fact.target,
                source_citation=fact.source_citation,
            )
            for fact in inspection.facts.all()
        ],
        recommendations=[
            RecommendationInput(text=item.text, addressed_to=item.addressed_to)
            for item in inspection.recommendations.all()
        ],
    )
