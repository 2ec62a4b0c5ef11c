"""
Validation of a whole inspection, into plain values comparable with what is stored.

`validate_inspection` checks every rule and returns a `CleanInspection`, or
raises ValidationError with every message at once; `stored_inspection` reads
what is stored into the same form, so a write that would change nothing is
seen before anything is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from providers.models import Era, ProviderType
from providers.partial_dates import DatePrecision, partial_date_input
from providers.validation import FieldErrors, clean_text, url_error

from .. import rating_rules
from ..models import SEQUENCE_WORDS, FactUnit, Inspection, Rating
from .field_rules import (
    TWO_PLACES,
    overall_rating_error,
    positive_whole_number,
    published_date_error,
    rating_message,
    two_place_decimal,
)
from .frameworks import framework_parts
from .inputs import InspectionInput

POINTS_STATED_MAX_LENGTH = 20  # Inspection.points_stated
MAX_SEQUENCE_IN_UNIT = max(SEQUENCE_WORDS)


@dataclass
class CleanInspection:
    """An `InspectionInput` after validation; equal to another exactly when storing
    either would store the same thing."""

    provider_id: int
    framework_id: int
    inspection_round_id: int | None
    owner_at_inspection_id: int | None
    published_on: datetime.date | None
    published_on_precision: str
    fieldwork_started_on: datetime.date | None
    fieldwork_started_on_precision: str
    overall_rating: str
    overall_rating_derived: bool
    notes: str
    caseload_as_reported: str
    report_url: str
    source_urls: tuple
    ratings: tuple  # ((standard_id, rating), ...) by standard position
    key_question_results: tuple  # ((key_question_id, percent, cases, subsample_of), ...)
    case_samples: tuple  # ((label, cases, notes, domain_id), ...)
    facts: tuple  # ((metric, unit, provider, e&w, target, citation), ...)
    recommendations: tuple  # ((position, addressed_to, text), ...)
    points_stated: str = ""
    sequence_in_unit: int | None = None
    editor_notes: str = ""  # editors' working notes: never shown on public pages, exported or in the history


def validate_inspection(
    data: InspectionInput, *, instance: Inspection | None = None, framework_cache: dict | None = None
) -> CleanInspection:
    """Check every rule; return the clean values or raise ValidationError(dict).

    `instance` is the inspection being replaced, if any (it does not clash with itself).
    `framework_cache` (a dict) lets a caller validating many inspections in one
    transaction read each framework's standards and key questions once.
    """
    errors = FieldErrors()
    provider, framework = data.provider, data.framework
    if provider is None:
        errors.add("provider", "Choose the provider inspected.")
    if framework is None:
        errors.add("framework", "Choose the framework the inspection rated against.")
    if provider is not None and framework is not None and framework.provider_type != provider.provider_type:
        errors.add(
            "framework",
            f"{framework} rates {ProviderType(framework.provider_type).short_label} providers, but {provider} is "
            f"a {ProviderType(provider.provider_type).short_label}.",
        )

    published_on, published_precision, message = partial_date_input(data.published_on, data.published_on_precision)
    if message:
        errors.add("published_on", message)
    elif published_on is None:
        # The Probation Service era's sources leave some dates unstated ("date not recorded"); 2018-20 reports all
        # have one.
        if framework is None or framework.era != Era.PROBATION_SERVICE:
            errors.add("published_on", "Enter the publication date (YYYY, YYYY-MM or YYYY-MM-DD).")
    elif message := published_date_error(published_on):
        errors.add("published_on", message)
    fieldwork_on, fieldwork_precision, message = partial_date_input(
        data.fieldwork_started_on, data.fieldwork_started_on_precision
    )
    if message:
        errors.add("fieldwork_started_on", message)
    if fieldwork_on is None:
        fieldwork_precision = DatePrecision.MONTH
    if fieldwork_on and published_on and fieldwork_on > published_on:
        errors.add("fieldwork_started_on", "Fieldwork cannot start after the report was published.")

    if provider is not None and published_on is not None and provider.pk is not None:
        clash = Inspection.objects.filter(provider=provider, published_on=published_on)
        if instance is not None and instance.pk is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors.add("published_on", f"{provider} already has an inspection published on {published_on}.")

    if data.inspection_round is not None and data.inspection_round.pk is None:
        errors.add("inspection_round", "Save the round first.")
    if data.owner_at_inspection is not None and data.owner_at_inspection.pk is None:
        errors.add("owner_at_inspection", "Save the owner first.")

    standards, key_questions, domains, band_ratings = ({}, {}, {}, set(rating_rules.RATINGS))
    if framework is not None and framework.pk is not None:
        if framework_cache is None:
            standards, key_questions, domains, band_ratings = framework_parts(framework)
        else:
            if framework.pk not in framework_cache:
                framework_cache[framework.pk] = framework_parts(framework)
            standards, key_questions, domains, band_ratings = framework_cache[framework.pk]

    overall = clean_text(data.overall_rating)
    if overall and overall != rating_rules.NOT_RATED and (overall not in Rating.values or overall not in band_ratings):
        errors.add("overall_rating", overall_rating_error(overall) or rating_message(overall))
    overall_rating_derived = bool(data.overall_rating_derived)
    if overall_rating_derived and not overall:
        errors.add("overall_rating", "Only a recorded overall rating can be marked as derived.")
    points_stated = clean_text(data.points_stated)
    if len(points_stated) > POINTS_STATED_MAX_LENGTH:
        errors.add("points_stated", f"At most {POINTS_STATED_MAX_LENGTH} characters, as stated (e.g. '1/27').")
    sequence_in_unit, message = positive_whole_number(data.sequence_in_unit, "The inspection's place in the sequence")
    if message:
        errors.add("sequence_in_unit", message)
    elif sequence_in_unit is not None and sequence_in_unit > MAX_SEQUENCE_IN_UNIT:
        errors.add("sequence_in_unit", f"At most {MAX_SEQUENCE_IN_UNIT}: no unit has been inspected more often.")
    notes = clean_text(data.notes)
    if len(notes) > 2000:
        errors.add("notes", "Notes may have at most 2,000 characters.")
    editor_notes = clean_text(data.editor_notes)
    if len(editor_notes) > 2000:
        errors.add("editor_notes", "Editors' notes may have at most 2,000 characters.")

    caseload = clean_text(data.caseload_as_reported)
    if len(caseload) > 200:
        errors.add("caseload_as_reported", "At most 200 characters.")

    report_url = clean_text(data.report_url)
    if report_url and (message := url_error(report_url)):
        errors.add("report_url", message)
    source_urls = []
    for number, url in enumerate(data.source_urls, start=1):
        url = clean_text(url)
        if not url:
            continue
        if message := url_error(url):
            errors.add(f"source_url_{number}", message)
        elif url in source_urls:
            errors.add(f"source_url_{number}", f"'{url}' is listed twice.")
        else:
            source_urls.append(url)

    ratings = []
    for code, value in data.ratings.items():
        code = clean_text(code)
        key = f"rating_{code}"
        value = clean_text(value)
        if code not in standards:
            if framework is not None:
                errors.add(key, f"Standard {code} is not a standard of {framework}.")
            continue
        if not value:
            continue  # not recorded
        if value not in Rating.values or value not in band_ratings:
            errors.add(key, rating_message(value))
            continue
        ratings.append((standards[code], value))
    ratings.sort(key=lambda pair: pair[0].position)

    results = []
    seen_codes = set()
    for item in data.key_question_results:
        code = clean_text(item.code)
        key = f"key_question_{code}"
        if code not in key_questions:
            if framework is not None:
                errors.add(key, f"Key question {code} is not a key question of {framework}.")
            continue
        if code in seen_codes:
            errors.add(key, f"Key question {code} is given twice.")
            continue
        seen_codes.add(code)
        percent, message = two_place_decimal(item.percent_yes, "% yes")
        if message:
            errors.add(key, message)
        elif percent is None:
            errors.add(key, "Enter the '% yes', or leave the key question out if it is not recorded.")
        elif not 0 <= percent <= 100:
            errors.add(key, f"% yes must be between 0 and 100, not {item.percent_yes}.")
        cases, message = positive_whole_number(item.cases_inspected, "Cases inspected")
        if message:
            errors.add(key, message)
        subsample_of, message = positive_whole_number(item.subsample_of, "Whole sample size")
        if message:
            errors.add(key, message)
        if cases is not None and subsample_of is not None and cases > subsample_of:
            errors.add(key, f"A sub-sample of {cases} cannot be larger than its whole sample of {subsample_of}.")
        if key not in errors:
            results.append((key_questions[code], percent, cases, subsample_of))
    results.sort(key=lambda row: (row[0].standard.position, row[0].position))

    samples = []
    for number, item in enumerate(data.case_samples, start=1):
        key = f"case_sample_{number}"
        label = clean_text(item.label)
        if not label:
            errors.add(key, "Enter what the sample is, e.g. '2 Case supervision'.")
        elif len(label) > 100:
            errors.add(key, "A sample label may have at most 100 characters.")
        elif label in {sample[0] for sample in samples}:
            errors.add(key, f"Sample '{label}' is given twice.")
        cases, message = positive_whole_number(item.cases_inspected, "Cases inspected")
        if message:
            errors.add(key, message)
        elif cases is None:
            errors.add(key, "Enter how many cases the sample holds.")
        domain = None
        number_text = clean_text(item.domain_number)
        if number_text:
            domain = domains.get(number_text)
            if domain is None and framework is not None:
                errors.add(key, f"Domain {number_text} is not a domain of {framework}.")
        if key not in errors:
            samples.append((label, cases, clean_text(item.notes), domain.pk if domain else None))

    facts = []
    for number, item in enumerate(data.facts, start=1):
        key = f"fact_{number}"
        metric = clean_text(item.metric)
        if not metric:
            errors.add(key, "Enter what the figure measures.")
        elif len(metric) > 300:
            errors.add(key, "A metric may have at most 300 characters.")
        elif metric in {fact[0] for fact in facts}:
            errors.add(key, f"Metric '{metric}' is given twice.")
        unit = clean_text(item.unit)
        if unit not in FactUnit.values:
            errors.add(key, f"Unit '{unit}' is not one of {', '.join(FactUnit.values)}.")
        values = []
        for label, value in (
            ("Provider value", item.provider_value),
            ("England and Wales value", item.england_and_wales_value),
            ("Target", item.target),
        ):
            number_value, message = two_place_decimal(value, label)
            if message:
                errors.add(key, message)
            elif number_value is not None:
                if number_value < 0:
                    errors.add(key, f"{label} cannot be negative ({value}).")
                elif unit == FactUnit.PERCENT and number_value > 100:
                    errors.add(key, f"{label} is a percentage, so it must be between 0 and 100, not {value}.")
                elif abs(number_value) >= Decimal("1e10"):
                    errors.add(key, f"{label} {value} is too large.")
            values.append(number_value)
        citation = clean_text(item.source_citation)
        if len(citation) > 400:
            errors.add(key, "A source citation may have at most 400 characters.")
        if key not in errors:
            facts.append((metric, unit, *values, citation))

    recommendations = []
    for number, item in enumerate(data.recommendations, start=1):
        key = f"recommendation_{number}"
        text = clean_text(item.text)
        addressed_to = clean_text(item.addressed_to)
        if not text:
            errors.add(key, "Enter the recommendation's text.")
        if len(addressed_to) > 200:
            errors.add(key, "'Addressed to' may have at most 200 characters.")
        if key not in errors:
            recommendations.append((number, addressed_to, text))

    errors.raise_if_any()
    return CleanInspection(
        provider_id=provider.pk,
        framework_id=framework.pk,
        inspection_round_id=data.inspection_round.pk if data.inspection_round else None,
        owner_at_inspection_id=data.owner_at_inspection.pk if data.owner_at_inspection else None,
        published_on=published_on,
        published_on_precision=published_precision,
        fieldwork_started_on=fieldwork_on,
        fieldwork_started_on_precision=fieldwork_precision,
        overall_rating=overall,
        overall_rating_derived=overall_rating_derived,
        notes=notes,
        caseload_as_reported=caseload,
        report_url=report_url,
        source_urls=tuple(source_urls),
        ratings=tuple((standard.pk, rating) for standard, rating in ratings),
        key_question_results=tuple((kq.pk, percent, cases, sub) for kq, percent, cases, sub in results),
        case_samples=tuple(sorted(samples, key=lambda sample: sample[0])),
        facts=tuple(facts),
        recommendations=tuple(recommendations),
        points_stated=points_stated,
        sequence_in_unit=sequence_in_unit,
        editor_notes=editor_notes,
    )


def stored_inspection(inspection: Inspection) -> CleanInspection:
    """What is stored for an inspection, in the form `validate_inspection` returns."""
    return CleanInspection(
        provider_id=inspection.provider_id,
        framework_id=inspection.framework_id,
        inspection_round_id=inspection.inspection_round_id,
        owner_at_inspection_id=inspection.owner_at_inspection_id,
        published_on=inspection.published_on,
        published_on_precision=inspection.published_on_precision,
        fieldwork_started_on=inspection.fieldwork_started_on,
        fieldwork_started_on_precision=(
            inspection.fieldwork_started_on_precision if inspection.fieldwork_started_on else DatePrecision.MONTH
        ),
        overall_rating=inspection.overall_rating,
        overall_rating_derived=inspection.overall_rating_derived,
        notes=inspection.notes,
        caseload_as_reported=inspection.caseload_as_reported,
        report_url=inspection.report_url,
        source_urls=tuple(source.url for source in inspection.sources.order_by("position", "id")),
        ratings=tuple(inspection.standard_ratings.order_by("standard__position").values_list("standard_id", "rating")),
        key_question_results=tuple(
            (row[0], Decimal(row[1]).quantize(TWO_PLACES), row[2], row[3])
            for row in inspection.key_question_results.order_by(
                "key_question__standard__position", "key_question__position"
            ).values_list("key_question_id", "percent_yes", "cases_inspected", "subsample_of")
        ),
        case_samples=tuple(
            inspection.case_samples.order_by("label").values_list("label", "cases_inspected", "notes", "domain_id")
        ),
        facts=tuple(
            (
                metric,
                unit,
                *(None if value is None else Decimal(value).quantize(TWO_PLACES) for value in values),
                citation,
            )
            for metric, unit, *values, citation in inspection.facts.order_by("position", "id").values_list(
                "metric", "unit", "provider_value", "england_and_wales_value", "target", "source_citation"
            )
        ),
        recommendations=tuple(
            inspection.recommendations.order_by("position").values_list("position", "addressed_to", "text")
        ),
        points_stated=inspection.points_stated,
        sequence_in_unit=inspection.sequence_in_unit,
        editor_notes=inspection.editor_notes,
    )
