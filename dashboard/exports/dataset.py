"""The whole dataset of /data/: its JSON document and its four CSV tables, streamed as the inspections are read."""

from django.urls import reverse

from providers.partial_dates import iso_partial_date

from ..selectors.dataset import derived_lines, standard_column
from .documents import (
    csv_value,
    envelope,
    fieldwork_iso,
    inspection_document,
    iso,
    number,
    ownership_document,
    provider_document,
)
from .responses import streaming_csv_response, streaming_json_response


def dataset_document(request, data):
    """Version 1 of `probation-league/dataset`: frameworks, owners, providers and every inspection."""
    return envelope(
        "dataset",
        request,
        reverse("dashboard:data"),
        last_changed=iso(data.last_changed),
        sources=request.build_absolute_uri(reverse("dashboard:data-sources")),
        frameworks=[_framework_document(framework) for framework in data.frameworks],
        owners=[
            {
                "name": owner.name,
                "slug": owner.slug,
                "is_public_sector": owner.is_public_sector,
                "url": request.build_absolute_uri(owner.get_absolute_url()),
            }
            for owner in data.owners
        ],
        providers=(_provider_document(request, provider) for provider in data.providers),
        inspections=(_inspection_document(request, view) for view in data.inspections),
    )


def _framework_document(framework):
    return {
        "slug": framework.slug,
        "name": framework.name,
        "provider_type": framework.provider_type,
        "era": framework.era,
        "has_scoring_rule": framework.has_scoring_rule,
        "bands": [
            {
                "rating": band.rating,
                "points": band.points,
                "min_score": band.min_score,
                "min_percent_yes": number(band.min_percent_yes),
            }
            for band in sorted(framework.bands.all(), key=lambda band: -band.points)
        ],
        "standards": [
            {
                "code": standard.code,
                "slug": standard.slug,
                "name": standard.name,
                "domain": standard.domain.name,
                "key_questions": [
                    {"code": question.code, "text": question.text} for question in standard.key_questions.all()
                ],
            }
            for standard in framework.standards.all()
        ],
    }


def _succession_document(succession, provider):
    return {"provider": provider.slug, "basis": succession.basis, "note": succession.note or None}


def _provider_document(request, provider):
    return {
        **provider_document(request, provider),
        "era": provider.era,
        "region": provider.region.slug if provider.region else None,
        "aliases": [alias.name for alias in provider.aliases.all()],
        "no_longer_exists": provider.ceased,
        "ceased_on": iso_partial_date(provider.ceased_on, provider.ceased_on_precision) or None,
        "ceased_note": provider.ceased_note or None,
        "predecessors": [
            _succession_document(succession, succession.predecessor) for succession in provider.predecessions.all()
        ],
        "successors": [
            _succession_document(succession, succession.successor) for succession in provider.successions.all()
        ],
        "ownership": ownership_document(provider.ownership_periods.all()),
    }


def _inspection_document(request, view):
    inspection = view.inspection
    document = {"provider": inspection.provider.slug, **inspection_document(request, view)}
    # Fields of the era since 2022, and what is derived rather than quoted; all additive to version 1.
    for entry, standard in zip(document["standards"], view.standards, strict=True):
        entry.update(slug=standard.slug, derived=standard.derived)
    document.update(
        published=inspection.published_iso or None,
        published_derived=inspection.published_on_derived,
        inspection_number_for_unit=inspection.sequence_label or None,
        inspection_number_derived=inspection.sequence_in_unit_derived,
        points_stated=inspection.points_stated or None,
        derived_values=derived_lines(inspection),
    )
    return document


def dataset_json_response(request, data):
    return streaming_json_response(dataset_document(request, data))


def dataset_csv_response(name, data):
    """The dataset's table `name` (a key of DATASET_TABLES) as a streamed CSV download."""
    return streaming_csv_response(f"{name}.csv", DATASET_TABLES[name](data))


NOT_APPLICABLE = "n/a"


def inspection_rows(data):
    """One row per inspection, a column per standard: blank is not recorded, n/a not in its framework."""
    codes = data.standard_columns
    yield [
        "inspection_id",
        "provider_slug",
        "provider",
        "provider_type",
        "owner_at_inspection",
        "published",
        "round",
        "framework",
        "overall_rating",
        "score",
        "max_score",
        "standards_recorded",
        "standards_in_framework",
        *codes,
        "fieldwork_started",
        "caseload_as_reported",
        "report_url",
        "overall_rating_derived",
        "notes",
        "published_derived",
        "inspection_number_for_unit",
        "points_stated",
        "standards_derived",
        "derived_values",
        "inspection_number_derived",
        "region_slug",
    ]
    for view in data.inspections:
        inspection = view.inspection
        framework = inspection.framework.slug
        ratings = {
            standard_column(framework, standard.code, standard.slug): standard.rating or ""
            for standard in view.standards
        }
        derived = [standard_column(framework, entry.code, entry.slug) for entry in view.standards if entry.derived]
        yield [
            inspection.id,
            inspection.provider.slug,
            inspection.provider.short_name,
            inspection.provider.type_label,
            inspection.owner_at_inspection.name if inspection.owner_at_inspection else "",
            inspection.published_iso,
            inspection.inspection_round.slug if inspection.inspection_round else "",
            inspection.framework.slug,
            inspection.overall_rating,
            csv_value(view.score),
            view.max_score,
            view.rated_count,
            view.standard_count,
            *[ratings.get(code, NOT_APPLICABLE) for code in codes],
            fieldwork_iso(inspection) or "",
            inspection.caseload_as_reported,
            inspection.report_url,
            "true" if inspection.overall_rating_derived else "false",
            inspection.notes,
            "true" if inspection.published_on_derived else "false",
            inspection.sequence_label,
            inspection.points_stated,
            "; ".join(derived),
            inspection.derived_values,
            "true" if inspection.sequence_in_unit_derived else "false",
            inspection.provider.region.slug if inspection.provider.region else "",
        ]


def key_question_rows(data):
    """One row per key question result of every inspection."""
    yield [
        "inspection_id",
        "provider_slug",
        "provider",
        "published",
        "code",
        "question",
        "percent_yes",
        "cases_inspected",
        "subsample_of",
        "interval_low",
        "interval_high",
        "indicated_band",
    ]
    for view in data.inspections:
        inspection = view.inspection
        for question in view.key_questions:
            low, high = (
                (round(question.interval[0], 1), round(question.interval[1], 1)) if question.interval else ("", "")
            )
            yield [
                inspection.id,
                inspection.provider.slug,
                inspection.provider.short_name,
                inspection.published_iso,
                question.code,
                question.text,
                csv_value(number(question.percent_yes)),
                csv_value(question.cases_inspected),
                csv_value(question.subsample_of),
                low,
                high,
                question.indicated or "",
            ]


def fact_rows(data):
    """One row per contextual fact of every inspection."""
    yield [
        "inspection_id",
        "provider_slug",
        "provider",
        "published",
        "metric",
        "unit",
        "value",
        "england_and_wales",
        "target",
        "source_citation",
    ]
    for view in data.inspections:
        inspection = view.inspection
        for fact in view.facts:
            yield [
                inspection.id,
                inspection.provider.slug,
                inspection.provider.short_name,
                inspection.published_iso,
                fact.metric,
                fact.unit,
                csv_value(number(fact.provider_value)),
                csv_value(number(fact.england_and_wales_value)),
                csv_value(number(fact.target)),
                fact.source_citation,
            ]


def source_rows(data):
    """One row per source of every inspection, its report first."""
    yield ["inspection_id", "provider_slug", "provider", "published", "url", "title"]
    for view in data.inspections:
        inspection = view.inspection
        if inspection.report_url:
            yield [
                inspection.id,
                inspection.provider.slug,
                inspection.provider.short_name,
                inspection.published_iso,
                inspection.report_url,
                "The inspection report",
            ]
        for source in view.sources:
            yield [
                inspection.id,
                inspection.provider.slug,
                inspection.provider.short_name,
                inspection.published_iso,
                source.url,
                source.title,
            ]


# The tables of the dataset by the names of their downloads, /data/<name>.csv.
DATASET_TABLES = {
    "inspections": inspection_rows,
    "key-questions": key_question_rows,
    "facts": fact_rows,
    "sources": source_rows,
}
