"""
The write path for inspections, providers, owners and ownership periods.

The admin, the report importer and the CSV importer all write through these
functions, so every rule lives here once. Each function validates its whole
input before writing anything and raises `django.core.exceptions.ValidationError`
whose `message_dict` maps a field to its messages, ready to show next to that
field in a form:

- top-level fields by name: `provider`, `framework`, `inspection_round`,
  `published_on`, `fieldwork_started_on`, `overall_rating`, `report_url`, ...
- source URLs as `source_url_<n>` (1-based),
- standard ratings as `rating_<code>` (`rating_2.3`),
- key-question results as `key_question_<code>` (`key_question_2.1.3`),
- case samples, facts and recommendations as `case_sample_<n>`, `fact_<n>`,
  `recommendation_<n>` (1-based, in input order).

Blank means "not recorded": a blank rating, percentage, count or date is never
stored as zero or as a placeholder; it is simply absent (no row, or NULL).

`preview()` is a pure read for editors: score, band, and the standards whose
key questions indicate another band than the rating entered.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify

from providers.models import Owner, OwnershipPeriod, Provider, ProviderType
from providers.partial_dates import DatePrecision, parse_partial_date

from . import history, rating_rules
from .models import (
    CaseSample,
    ContextualFact,
    FactUnit,
    Framework,
    Inspection,
    InspectionRound,
    InspectionSource,
    KeyQuestion,
    KeyQuestionResult,
    Rating,
    Recommendation,
    StandardRating,
)

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"

RATING_CHOICES_TEXT = ", ".join(rating_rules.RATINGS)
OVERALL_CHOICES_TEXT = ", ".join(rating_rules.OVERALL_OUTCOMES)
TWO_PLACES = Decimal("0.01")


# --------------------------------------------------------------------------
# Input dataclasses
# --------------------------------------------------------------------------


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
    notes: str = ""
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


# --------------------------------------------------------------------------
# Small coercions: each returns (value, message or None)
# --------------------------------------------------------------------------


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


# Kept although they are controls: the line breaks and tabs of pasted report text.
KEPT_CONTROLS = frozenset("\t\n\r")


def visible_text(text):
    """`text` without invisible control characters (Unicode categories Cc and Cf, except tab and
    line breaks): bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069), zero-width
    characters (U+200B-U+200F), byte-order marks. Stored, they would let a name display as another
    (spoofing) or hide text; pasted from a PDF they are noise."""
    if text.isprintable():
        return text
    return "".join(
        character
        for character in text
        if character in KEPT_CONTROLS or unicodedata.category(character) not in ("Cc", "Cf")
    )


def _text(value):
    """Every text value a service writes: stripped of surrounding space and invisible characters."""
    return "" if value is None else visible_text(str(value)).strip()


def _decimal(value, what):
    """A Decimal with at most two decimal places, None when blank."""
    if _blank(value):
        return None, None
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None, f"{what} '{value}' is not a number."
    if not number.is_finite():
        return None, f"{what} '{value}' is not a number."
    if number != number.quantize(TWO_PLACES):
        return None, f"{what} '{value}' has more than two decimal places."
    return number.quantize(TWO_PLACES), None


def _positive_int(value, what):
    """A positive whole number, None when blank."""
    if _blank(value):
        return None, None
    if isinstance(value, bool):
        return None, f"{what} '{value}' is not a whole number."
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip().replace(",", "")
        try:
            number = int(text)
        except ValueError:
            try:
                as_decimal = Decimal(text)
            except InvalidOperation:
                return None, f"{what} '{value}' is not a whole number."
            if as_decimal != as_decimal.to_integral_value():
                return None, f"{what} '{value}' is not a whole number."
            number = int(as_decimal)
    if number <= 0:
        return None, f"{what} must be a positive whole number, not {value}."
    return number, None


def _partial_date(value, precision):
    """(date, precision, message) from a date or a 'YYYY[-MM[-DD]]' text."""
    if _blank(value):
        return None, precision, None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        if precision not in DatePrecision.values:
            return None, precision, f"'{precision}' is not a date precision (day, month or year)."
        if (
            precision == DatePrecision.MONTH
            and value.day != 1
            or (precision == DatePrecision.YEAR and (value.month, value.day) != (1, 1))
        ):
            return None, precision, f"A date of {precision} precision must be the first day of its {precision}."
        return value, precision, None
    try:
        date, parsed_precision = parse_partial_date(str(value))
    except ValueError as error:
        return None, precision, str(error)
    return date, parsed_precision, None


_url_validator = URLValidator(schemes=["http", "https"])


def _url_message(url):
    try:
        _url_validator(url)
    except ValidationError:
        return f"'{url}' is not a valid web address (http:// or https://)."
    if len(url) > 500:
        return "A web address may have at most 500 characters."
    return None


def _rating_message(value):
    return f"'{value}' is not one of {RATING_CHOICES_TEXT}."


def rating_error(value):
    """Why a standard's rating cannot be stored, or None (blank is 'not recorded')."""
    value = _text(value)
    if value and value not in rating_rules.RATINGS:
        return _rating_message(value)
    return None


def overall_rating_error(value):
    """Why an overall outcome cannot be stored, or None (blank is 'not recorded')."""
    value = _text(value)
    if value and value not in rating_rules.OVERALL_OUTCOMES:
        return f"'{value}' is not one of {OVERALL_CHOICES_TEXT}."
    return None


def url_error(url):
    """Why a web address cannot be stored as a source, or None."""
    return _url_message(_text(url))


def published_date_error(value, today=None):
    """Why a publication date cannot be stored, or None: it must be a real partial date, not in the future."""
    date, _, message = _partial_date(value, DatePrecision.DAY)
    if message:
        return message
    if date is None:
        return "Enter the publication date (YYYY, YYYY-MM or YYYY-MM-DD)."
    today = today or datetime.date.today()
    if date > today:
        return f"{date.isoformat()} is in the future: only published reports are entered."
    return None


class _Errors(dict):
    def add(self, key, message):
        self.setdefault(key, []).append(message)

    def raise_if_any(self):
        if self:
            raise ValidationError(dict(self))


# --------------------------------------------------------------------------
# Validated inspection: plain values, comparable with what is stored
# --------------------------------------------------------------------------


@dataclass
class CleanInspection:
    """An `InspectionInput` after validation; equal to another exactly when storing
    either would store the same thing."""

    provider_id: int
    framework_id: int
    inspection_round_id: int | None
    owner_at_inspection_id: int | None
    published_on: datetime.date
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


def _framework_parts(framework):
    standards = {standard.code: standard for standard in framework.standards.all()}
    key_questions = {
        key_question.code: key_question
        for key_question in KeyQuestion.objects.filter(standard__framework=framework).select_related("standard")
    }
    domains = {domain.number: domain for domain in framework.domains.all()}
    band_ratings = {band.rating for band in framework.bands.all()} or set(rating_rules.RATINGS)
    return standards, key_questions, domains, band_ratings


def validate_inspection(
    data: InspectionInput, *, instance: Inspection | None = None, framework_cache: dict | None = None
) -> CleanInspection:
    """Check every rule; return the clean values or raise ValidationError(dict).

    `instance` is the inspection being replaced, if any (it does not clash with itself).
    `framework_cache` (a dict) lets a caller validating many inspections in one
    transaction read each framework's standards and key questions once.
    """
    errors = _Errors()
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

    published_on, published_precision, message = _partial_date(data.published_on, data.published_on_precision)
    if message:
        errors.add("published_on", message)
    elif published_on is None:
        errors.add("published_on", "Enter the publication date (YYYY, YYYY-MM or YYYY-MM-DD).")
    elif message := published_date_error(published_on):
        errors.add("published_on", message)
    fieldwork_on, fieldwork_precision, message = _partial_date(
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
            standards, key_questions, domains, band_ratings = _framework_parts(framework)
        else:
            if framework.pk not in framework_cache:
                framework_cache[framework.pk] = _framework_parts(framework)
            standards, key_questions, domains, band_ratings = framework_cache[framework.pk]

    overall = _text(data.overall_rating)
    if overall and overall != rating_rules.NOT_RATED and (overall not in Rating.values or overall not in band_ratings):
        errors.add("overall_rating", overall_rating_error(overall) or _rating_message(overall))
    overall_rating_derived = bool(data.overall_rating_derived)
    if overall_rating_derived and not overall:
        errors.add("overall_rating", "Only a recorded overall rating can be marked as derived.")
    notes = _text(data.notes)
    if len(notes) > 2000:
        errors.add("notes", "Notes may have at most 2,000 characters.")

    caseload = _text(data.caseload_as_reported)
    if len(caseload) > 200:
        errors.add("caseload_as_reported", "At most 200 characters.")

    report_url = _text(data.report_url)
    if report_url and (message := _url_message(report_url)):
        errors.add("report_url", message)
    source_urls = []
    for number, url in enumerate(data.source_urls, start=1):
        url = _text(url)
        if not url:
            continue
        if message := _url_message(url):
            errors.add(f"source_url_{number}", message)
        elif url in source_urls:
            errors.add(f"source_url_{number}", f"'{url}' is listed twice.")
        else:
            source_urls.append(url)

    ratings = []
    for code, value in data.ratings.items():
        code = _text(code)
        key = f"rating_{code}"
        value = _text(value)
        if code not in standards:
            if framework is not None:
                errors.add(key, f"Standard {code} is not a standard of {framework}.")
            continue
        if not value:
            continue  # not recorded
        if value not in Rating.values or value not in band_ratings:
            errors.add(key, _rating_message(value))
            continue
        ratings.append((standards[code], value))
    ratings.sort(key=lambda pair: pair[0].position)

    results = []
    seen_codes = set()
    for item in data.key_question_results:
        code = _text(item.code)
        key = f"key_question_{code}"
        if code not in key_questions:
            if framework is not None:
                errors.add(key, f"Key question {code} is not a key question of {framework}.")
            continue
        if code in seen_codes:
            errors.add(key, f"Key question {code} is given twice.")
            continue
        seen_codes.add(code)
        percent, message = _decimal(item.percent_yes, "% yes")
        if message:
            errors.add(key, message)
        elif percent is None:
            errors.add(key, "Enter the '% yes', or leave the key question out if it is not recorded.")
        elif not 0 <= percent <= 100:
            errors.add(key, f"% yes must be between 0 and 100, not {item.percent_yes}.")
        cases, message = _positive_int(item.cases_inspected, "Cases inspected")
        if message:
            errors.add(key, message)
        subsample_of, message = _positive_int(item.subsample_of, "Whole sample size")
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
        label = _text(item.label)
        if not label:
            errors.add(key, "Enter what the sample is, e.g. '2 Case supervision'.")
        elif len(label) > 100:
            errors.add(key, "A sample label may have at most 100 characters.")
        elif label in {sample[0] for sample in samples}:
            errors.add(key, f"Sample '{label}' is given twice.")
        cases, message = _positive_int(item.cases_inspected, "Cases inspected")
        if message:
            errors.add(key, message)
        elif cases is None:
            errors.add(key, "Enter how many cases the sample holds.")
        domain = None
        number_text = _text(item.domain_number)
        if number_text:
            domain = domains.get(number_text)
            if domain is None and framework is not None:
                errors.add(key, f"Domain {number_text} is not a domain of {framework}.")
        if key not in errors:
            samples.append((label, cases, _text(item.notes), domain.pk if domain else None))

    facts = []
    for number, item in enumerate(data.facts, start=1):
        key = f"fact_{number}"
        metric = _text(item.metric)
        if not metric:
            errors.add(key, "Enter what the figure measures.")
        elif len(metric) > 300:
            errors.add(key, "A metric may have at most 300 characters.")
        elif metric in {fact[0] for fact in facts}:
            errors.add(key, f"Metric '{metric}' is given twice.")
        unit = _text(item.unit)
        if unit not in FactUnit.values:
            errors.add(key, f"Unit '{unit}' is not one of {', '.join(FactUnit.values)}.")
        values = []
        for label, value in (
            ("Provider value", item.provider_value),
            ("England and Wales value", item.england_and_wales_value),
            ("Target", item.target),
        ):
            number_value, message = _decimal(value, label)
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
        citation = _text(item.source_citation)
        if len(citation) > 400:
            errors.add(key, "A source citation may have at most 400 characters.")
        if key not in errors:
            facts.append((metric, unit, *values, citation))

    recommendations = []
    for number, item in enumerate(data.recommendations, start=1):
        key = f"recommendation_{number}"
        text = _text(item.text)
        addressed_to = _text(item.addressed_to)
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
    )


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
        notes=inspection.notes,
        caseload_as_reported=inspection.caseload_as_reported,
        report_url=inspection.report_url,
        source_urls=[source.url for source in inspection.sources.order_by("position", "id")],
        ratings={
            rating.standard.code: rating.rating
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


def _clean_and_save(instance):
    """full_clean() the inspection itself (fields, uniqueness, constraints) and save it."""
    instance.full_clean()
    instance.save()
    return instance


# Checked by validate_inspection (and by the database); full_clean() would query for each row again.
_CHILD_CLEAN_EXCLUDE = ["inspection", "standard", "key_question", "domain"]


def _clean_children(key, rows):
    """full_clean() child rows on their own fields; errors are reported under `key`."""
    for row in rows:
        try:
            row.full_clean(exclude=_CHILD_CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise ValidationError(
                {key: [f"{name}: {message}" for name, messages in error.message_dict.items() for message in messages]}
            ) from None
    return rows


def _write(inspection: Inspection, clean: CleanInspection) -> Inspection:
    is_new = inspection.pk is None
    for name in (
        "provider_id",
        "framework_id",
        "inspection_round_id",
        "owner_at_inspection_id",
        "published_on",
        "published_on_precision",
        "fieldwork_started_on",
        "fieldwork_started_on_precision",
        "overall_rating",
        "overall_rating_derived",
        "notes",
        "caseload_as_reported",
        "report_url",
    ):
        setattr(inspection, name, getattr(clean, name))
    _clean_and_save(inspection)

    if not is_new:
        for related in (
            inspection.sources,
            inspection.standard_ratings,
            inspection.key_question_results,
            inspection.case_samples,
            inspection.facts,
            inspection.recommendations,
        ):
            related.all().delete()

    children = [
        (
            InspectionSource,
            "source_urls",
            [
                InspectionSource(inspection=inspection, url=url, position=position)
                for position, url in enumerate(clean.source_urls, start=1)
            ],
        ),
        (
            StandardRating,
            "ratings",
            [
                StandardRating(inspection=inspection, standard_id=standard_id, rating=rating)
                for standard_id, rating in clean.ratings
            ],
        ),
        (
            KeyQuestionResult,
            "key_question_results",
            [
                KeyQuestionResult(
                    inspection=inspection,
                    key_question_id=key_question_id,
                    percent_yes=percent,
                    cases_inspected=cases,
                    subsample_of=subsample_of,
                )
                for key_question_id, percent, cases, subsample_of in clean.key_question_results
            ],
        ),
        (
            CaseSample,
            "case_samples",
            [
                CaseSample(inspection=inspection, label=label, cases_inspected=cases, notes=notes, domain_id=domain_id)
                for label, cases, notes, domain_id in clean.case_samples
            ],
        ),
        (
            ContextualFact,
            "facts",
            [
                ContextualFact(
                    inspection=inspection,
                    metric=metric,
                    unit=unit,
                    provider_value=provider_value,
                    england_and_wales_value=e_and_w,
                    target=target,
                    source_citation=citation,
                    position=position,
                )
                for position, (metric, unit, provider_value, e_and_w, target, citation) in enumerate(
                    clean.facts, start=1
                )
            ],
        ),
        (
            Recommendation,
            "recommendations",
            [
                Recommendation(inspection=inspection, position=position, addressed_to=addressed_to, text=text)
                for position, addressed_to, text in clean.recommendations
            ],
        ),
    ]
    for model, key, rows in children:
        if rows:
            model.objects.bulk_create(_clean_children(key, rows))
    return inspection


def create_inspection(data: InspectionInput, *, framework_cache: dict | None = None) -> Inspection:
    """Store a new inspection with all its child rows, or raise ValidationError and store nothing."""
    with reversion.create_revision():
        clean = validate_inspection(data, framework_cache=framework_cache)
        inspection = _write(Inspection(), clean)
        history.record_inspection(inspection, None, clean)
        return inspection


def replace_inspection(inspection: Inspection, data: InspectionInput) -> Inspection:
    """Overwrite an inspection: its fields and all of its child rows become those of `data`."""
    with reversion.create_revision():
        clean = validate_inspection(data, instance=inspection)
        before = stored_inspection(inspection)
        if clean == before:
            return inspection
        _write(inspection, clean)
        history.record_inspection(inspection, before, clean)
        return inspection


def delete_inspection(inspection: Inspection) -> None:
    """Delete an inspection and all its child rows, recording the removal."""
    with reversion.create_revision():
        history.record_inspection_removal(inspection, stored_inspection(inspection))
        inspection.delete()


def save_inspection(data: InspectionInput, *, framework_cache: dict | None = None) -> tuple[Inspection, str]:
    """Create the inspection, or replace the provider's inspection of the same publication date.

    Returns (inspection, CREATED | UPDATED | UNCHANGED); an unchanged inspection is not written.
    """
    with reversion.create_revision():
        existing = None
        if data.provider is not None and data.provider.pk is not None:
            published_on, _, message = _partial_date(data.published_on, data.published_on_precision)
            if published_on is not None and not message:
                existing = Inspection.objects.filter(provider=data.provider, published_on=published_on).first()
        if existing is None:
            return create_inspection(data, framework_cache=framework_cache), CREATED
        clean = validate_inspection(data, instance=existing, framework_cache=framework_cache)
        before = stored_inspection(existing)
        if clean == before:
            return existing, UNCHANGED
        _write(existing, clean)
        history.record_inspection(existing, before, clean)
        return existing, UPDATED


# --------------------------------------------------------------------------
# Providers, owners, ownership periods
# --------------------------------------------------------------------------


_HISTORY_LABELS = {
    Provider: {"short_name": "Short name", "name": "Name", "provider_type": "Type", "area": "Area", "slug": "Address"},
    Owner: {"name": "Name", "is_public_sector": "Public sector", "notes": "Notes", "slug": "Address"},
}


def _upsert(model, lookup, values, *, errors_for_unique=()):
    """Create or update one row found by `lookup`; full_clean() it. Returns (object, action)."""
    with reversion.create_revision():
        instance = model.objects.filter(**lookup).first()
        action = CREATED
        labels = _HISTORY_LABELS[model]
        before = None
        if instance is None:
            instance = model(**{**{k: v for k, v in lookup.items() if k != "pk"}, **values})
        else:
            if all(getattr(instance, name) == value for name, value in values.items()):
                return instance, UNCHANGED
            before = history.displayed(instance, labels)
            for name, value in values.items():
                setattr(instance, name, value)
            action = UPDATED
        instance.full_clean()
        instance.save()
        history.record_object(
            model._meta.verbose_name,
            str(instance),
            before,
            history.displayed(instance, labels),
            provider_id=instance.pk if model is Provider else None,
        )
        return instance, action


def provider_slug(short_name):
    """'Staffs & West Midlands CRC' -> 'staffs-west-midlands-crc'."""
    return slugify(short_name.replace("&", " "))


def create_or_update_provider(
    *, short_name, name, provider_type, area="", slug=None, instance=None
) -> tuple[Provider, str]:
    """Find a provider by short name (or slug) and make it hold these values.

    `instance` (a saved provider, e.g. the one an editor is changing) is updated whatever its names.
    """
    short_name, name, area = _text(short_name), _text(name), _text(area)
    errors = _Errors()
    if not short_name:
        errors.add("short_name", "Enter the provider's short name.")
    if not name:
        errors.add("name", "Enter the provider's full name.")
    if provider_type not in ProviderType.values:
        errors.add(
            "provider_type",
            f"'{provider_type}' is not one of {', '.join(ProviderType.values)}.",
        )
    errors.raise_if_any()
    slug = slug or provider_slug(short_name)
    if instance is not None and instance.pk is not None:
        existing = instance
    else:
        existing = Provider.objects.filter(short_name=short_name).first() or Provider.objects.filter(slug=slug).first()
    if existing is not None:
        clash = Provider.objects.filter(name=name).exclude(pk=existing.pk).first()
    else:
        clash = Provider.objects.filter(name=name).first()
    if clash is not None:
        raise ValidationError({"name": [f"Another provider ({clash.short_name}) already has the name '{name}'."]})
    return _upsert(
        Provider,
        {"pk": existing.pk} if existing else {"short_name": short_name},
        {"short_name": short_name, "name": name, "provider_type": provider_type, "area": area, "slug": slug},
    )


def _delete_recorded(instance, subject, labels, *, removed_with=(), provider_id=None, user=None):
    """Record `instance` (and the rows its deletion takes along) in a revision, then delete it.

    The revision is saved before the rows go, because django-reversion keeps versions only of
    rows that still exist; so this must not run inside another revision.
    """
    with transaction.atomic():
        with reversion.create_revision():
            if user is not None:
                reversion.set_user(user)
            reversion.set_comment(f"Deleted the {subject} {instance}.")
            for row, _ in removed_with:
                reversion.add_to_revision(row)
            reversion.add_to_revision(instance)
            history.record_object_removal(
                subject,
                str(instance),
                history.displayed(instance, labels) if labels else _period_in_words(instance),
                removed_with=[description for _, description in removed_with],
                provider_id=provider_id,
            )
        instance.delete()


def delete_provider(provider: Provider, *, user=None) -> None:
    """Delete a provider that has no inspections, with its ownership periods, recording the removal."""
    periods = [
        (period, ("ownership period", f"owned by {period.owner}, {period.period_label}"))
        for period in provider.ownership_periods.select_related("owner")
    ]
    _delete_recorded(provider, "provider", _HISTORY_LABELS[Provider], removed_with=periods, user=user)


def delete_owner(owner: Owner, *, user=None) -> None:
    """Delete an owner no inspection or ownership period refers to, recording the removal."""
    _delete_recorded(owner, "owner", _HISTORY_LABELS[Owner], user=user)


def delete_ownership_period(period: OwnershipPeriod, *, user=None) -> None:
    """Delete one ownership period, recording the removal on its provider's history."""
    _delete_recorded(period, "ownership period", None, provider_id=period.provider_id, user=user)


def owner_slug(name):
    return slugify(name.replace("&", " "))


def create_or_update_owner(*, name, is_public_sector=False, notes="", slug=None, instance=None) -> tuple[Owner, str]:
    """Find an owner by slug (derived from the name unless given) and make it hold these values.

    `instance` (a saved owner) is updated whatever its slug.
    """
    name = _text(name)
    if not name:
        raise ValidationError({"name": ["Enter the owner's name."]})
    slug = slug or owner_slug(name)
    if not slug:
        raise ValidationError({"name": [f"'{name}' gives no usable web address (slug)."]})
    clash = Owner.objects.filter(name=name).exclude(slug=slug)
    if instance is not None and instance.pk is not None:
        clash = Owner.objects.filter(name=name).exclude(pk=instance.pk)
    clash = clash.first()
    if clash is not None:
        raise ValidationError({"name": [f"Another owner ({clash.slug}) already has the name '{name}'."]})
    values = {"name": name, "is_public_sector": is_public_sector, "notes": _text(notes)}
    if instance is not None and instance.pk is not None:
        return _upsert(Owner, {"pk": instance.pk}, {**values, "slug": slug})
    return _upsert(Owner, {"slug": slug}, values)


def create_or_update_ownership_period(
    *,
    provider,
    owner,
    started_on=None,
    started_on_precision=DatePrecision.DAY,
    ended_on=None,
    ended_on_precision=DatePrecision.DAY,
    source_url="",
    instance=None,
) -> tuple[OwnershipPeriod, str]:
    """A provider's period under one owner, found by (provider, owner, start); blank ends are 'not recorded'.

    Dates take a date (with precision) or 'YYYY[-MM[-DD]]' text.
    """
    errors = _Errors()
    if provider is None or provider.pk is None:
        errors.add("provider", "Choose a saved provider.")
    if owner is None or owner.pk is None:
        errors.add("owner", "Choose a saved owner.")
    started, started_precision, message = _partial_date(started_on, started_on_precision)
    if message:
        errors.add("started_on", message)
    ended, ended_precision, message = _partial_date(ended_on, ended_on_precision)
    if message:
        errors.add("ended_on", message)
    if started and ended and ended < started:
        errors.add("ended_on", "A period cannot end before it starts.")
    source_url = _text(source_url)
    if source_url and (message := _url_message(source_url)):
        errors.add("source_url", message)
    errors.raise_if_any()
    lookup = {"provider": provider, "owner": owner}
    lookup["started_on" if started else "started_on__isnull"] = started if started else True
    if instance is not None and instance.pk is not None:
        lookup = {"pk": instance.pk}
    with reversion.create_revision():
        instance = OwnershipPeriod.objects.filter(**lookup).first()
        values = {
            "started_on": started,
            "started_on_precision": started_precision if started else DatePrecision.DAY,
            "ended_on": ended,
            "ended_on_precision": ended_precision if ended else DatePrecision.DAY,
            "source_url": source_url,
        }
        if "pk" in lookup:
            values.update(provider=provider, owner=owner)
        before = None
        if instance is None:
            instance, action = OwnershipPeriod(provider=provider, owner=owner, **values), CREATED
        elif all(getattr(instance, name) == value for name, value in values.items()):
            return instance, UNCHANGED
        else:
            before = _period_in_words(instance)
            for name, value in values.items():
                setattr(instance, name, value)
            action = UPDATED
        instance.full_clean(validate_unique=False)
        instance.save()
        history.record_object(
            "ownership period",
            f"{provider}: owned by {owner}",
            before,
            _period_in_words(instance),
            provider_id=provider.pk,
        )
        return instance, action


def _period_in_words(period):
    return {"Owner": str(period.owner), "Period": period.period_label, "Source": period.source_url}


def framework_for(provider_type, published_on=None):
    """The framework for a provider type in force on a date (the latest introduced by then)."""
    frameworks = Framework.objects.filter(provider_type=provider_type).order_by("-introduced_on", "-pk")
    if published_on is not None:
        in_force = [fw for fw in frameworks if fw.introduced_on is None or fw.introduced_on <= published_on]
        if in_force:
            return in_force[0]
    return frameworks.first()


# --------------------------------------------------------------------------
# Preview for editors (pure read)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class StandardDifference:
    code: str
    rating_entered: str
    indicated_band: str
    lowest_percent_yes: float


@dataclass(frozen=True)
class Preview:
    score: int | None
    band: str | None
    points_to_next_band: int | None
    standards_rated: int
    standard_count: int
    differences: tuple[StandardDifference, ...]


def preview(data: InspectionInput) -> Preview:
    """Score and band of the ratings entered, and where key questions indicate another band.

    Tolerates incomplete or invalid input (an invalid value counts as not recorded);
    writes nothing.
    """
    framework = data.framework
    if framework is None or framework.pk is None:
        return Preview(None, None, None, 0, 0, ())
    standards = list(framework.standards.order_by("position"))
    scale = framework.rating_scale(standard_count=len(standards))
    valid = {band.rating for band in scale.bands}
    entered = {_text(code): _text(value) for code, value in data.ratings.items()}
    ordered = [entered.get(standard.code) if entered.get(standard.code) in valid else None for standard in standards]
    score = scale.score(ordered)
    percents = {}
    for item in data.key_question_results:
        percent, message = _decimal(item.percent_yes, "")
        if message or percent is None or not 0 <= percent <= 100:
            continue
        standard_code = _text(item.code).rsplit(".", 1)[0]
        percents.setdefault(standard_code, []).append(percent)
    differences = []
    for standard, rating in zip(standards, ordered, strict=True):
        values = percents.get(standard.code)
        if not values or rating is None:
            continue
        indicated = scale.indicated_band(values)
        if indicated != rating:
            differences.append(StandardDifference(standard.code, rating, indicated, float(min(values))))
    return Preview(
        score=score,
        band=scale.band_for_score(score),
        points_to_next_band=scale.points_to_next_band(score),
        standards_rated=sum(1 for rating in ordered if rating),
        standard_count=len(standards),
        differences=tuple(differences),
    )
