"""
CSV and JSON forms of the provider, standard, owner and comparison pages, and of the whole dataset.

Every JSON document names its shape (`"schema"`) and the shape's `"version"`;
docs/open-data.md describes each one with an example. A field is only ever
added within a version; renaming or removing one makes a new version.
Values a source does not state are `null` in JSON and an empty cell in CSV,
never zero.
"""

from decimal import Decimal

from django.http import HttpResponse, JsonResponse
from django.urls import reverse

from providers.partial_dates import iso_partial_date

from . import safe_csv
from .exports import JSON_SCHEMA_VERSION, LICENCE, csv_rank_cells, league_row_document

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


# --- Responses ----------------------------------------------------------------------------


def json_response(document, status=200):
    """A JSON document other sites may fetch from their own pages (CORS open to all)."""
    response = JsonResponse(document, status=status, json_dumps_params={"indent": 1, "ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def csv_response(filename):
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def plain_text_problem(messages, nearest_url, status):
    lines = ["This address is not a comparison the site can show:"]
    lines += [f"- {message}" for message in messages]
    if nearest_url:
        lines.append(f"The nearest valid comparison: {nearest_url}")
    return HttpResponse("\n".join(lines) + "\n", status=status, content_type="text/plain; charset=utf-8")


def _document(schema, request, page_url, **fields):
    return {
        "schema": f"probation-league/{schema}",
        "version": JSON_SCHEMA_VERSION,
        "url": request.build_absolute_uri(page_url),
        "licence": LICENCE,
        **fields,
    }


def _number(value):
    """Decimals as JSON numbers: 82.00 -> 82, 8652.50 -> 8652.5; None stays None."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        value = float(value)
    return int(value) if float(value).is_integer() else float(value)


def _iso(value):
    return value.isoformat() if value else None


# --- Shared pieces ------------------------------------------------------------------------


def owner_document(owner):
    return {"name": owner.name, "slug": owner.slug} if owner else None


def provider_document(request, provider):
    return {
        "name": provider.name,
        "short_name": provider.short_name,
        "slug": provider.slug,
        "type": provider.provider_type,
        "type_label": provider.type_label,
        "area": provider.area or None,
        "url": request.build_absolute_uri(provider.get_absolute_url()),
    }


def ownership_document(periods):
    return [
        {
            "owner": owner_document(period.owner),
            "from": period.started_on_iso or None,
            "to": period.ended_on_iso or None,
            "source": period.source_url or None,
        }
        for period in periods
    ]


def league_place_document(row, league_size):
    if row is None or row.rank is None:
        return {"rank": None, "rank_is_joint": False, "rank_label": None, "of": league_size}
    return {"rank": row.rank, "rank_is_joint": row.rank_is_joint, "rank_label": row.rank_label, "of": league_size}


def inspection_document(request, view):
    """One inspection as `selectors.inspections.inspection_view` lays it out."""
    inspection = view.inspection
    return {
        "id": inspection.id,
        "url": request.build_absolute_uri(inspection.get_absolute_url()),
        "published": inspection.published_iso,
        "round": inspection.inspection_round.slug if inspection.inspection_round else None,
        "framework": inspection.framework.slug,
        "overall_rating": inspection.overall_rating or None,
        "overall_rating_derived": inspection.overall_rating_derived,
        "notes": inspection.notes or None,
        "score": view.score,
        "max_score": view.max_score,
        "score_band": view.score_band,
        "standards_recorded": view.rated_count,
        "standards_in_framework": view.standard_count,
        "owner_at_inspection": owner_document(inspection.owner_at_inspection),
        "fieldwork_started": _fieldwork_iso(inspection),
        "caseload_as_reported": inspection.caseload_as_reported or None,
        "report_url": inspection.report_url or None,
        "standards": [
            {
                "code": standard.code,
                "name": standard.name,
                "domain": domain.name,
                "rating": standard.rating,
                "indicated_by_key_questions": standard.indicated,
                "published_differs_from_indicated": standard.discretion,
            }
            for domain in view.domains
            for standard in domain.standards
        ],
        "key_questions": [key_question_document(question) for question in view.key_questions],
        "case_samples": [
            {"label": sample.label, "cases_inspected": sample.cases_inspected} for sample in view.case_samples
        ],
        "facts": [fact_document(fact) for fact in view.facts],
        "recommendations": [recommendation.text for recommendation in view.recommendations],
        "sources": [source.url for source in view.sources],
    }


def _fieldwork_iso(inspection):
    return iso_partial_date(inspection.fieldwork_started_on, inspection.fieldwork_started_on_precision) or None


def key_question_document(question):
    return {
        "code": question.code,
        "text": question.text,
        "percent_yes": _number(question.percent_yes),
        "cases_inspected": question.cases_inspected,
        "subsample_of": question.subsample_of,
        "interval_95": (
            {"low": round(question.interval[0], 1), "high": round(question.interval[1], 1)}
            if question.interval
            else None
        ),
        "indicated_band": question.indicated,
    }


def fact_document(fact):
    return {
        "metric": fact.metric,
        "unit": fact.unit,
        "value": _number(fact.provider_value),
        "england_and_wales": _number(fact.england_and_wales_value),
        "target": _number(fact.target),
        "source_citation": fact.source_citation or None,
    }


# --- Long-form CSV: one row per value -----------------------------------------------------

LONG_CSV_HEADER = [
    "provider_slug",
    "provider",
    "inspection_published",
    "section",
    "code",
    "item",
    "value",
    "cases",
    "interval_low",
    "interval_high",
    "england_and_wales",
    "target",
]


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return value


def long_rows(provider, view, *, league_row=None, current_owner=None):
    """The rows of one provider and one inspection (None: no inspection) in the long CSV shape."""

    def row(section, code, item, value, cases=None, low=None, high=None, england=None, target=None):
        published = view.inspection.published_iso if view else ""
        values = [provider.slug, provider.short_name, published, section, code, item, value, cases, low, high]
        return [_csv_value(value) for value in [*values, england, target]]

    rows = [
        row("provider", "", "name", provider.name),
        row("provider", "", "type", provider.type_label),
        row("provider", "", "area", provider.area or None),
        row("provider", "", "current_owner", current_owner.name if current_owner else None),
    ]
    rank, rank_is_joint = csv_rank_cells(league_row)
    rows.append(row("provider", "", "league_rank", rank))
    rows.append(row("provider", "", "league_rank_is_joint", rank_is_joint))
    if view is None:
        return rows
    inspection = view.inspection
    owner = inspection.owner_at_inspection
    rows += [
        row("inspection", "", "published", inspection.published_iso),
        row("inspection", "", "round", inspection.inspection_round.slug if inspection.inspection_round else None),
        row("inspection", "", "overall_rating", inspection.overall_rating or None),
        row("inspection", "", "overall_rating_derived", "true" if inspection.overall_rating_derived else "false"),
        row("inspection", "", "notes", inspection.notes or None),
        row("inspection", "", "score", view.score),
        row("inspection", "", "max_score", view.max_score),
        row("inspection", "", "standards_recorded", view.rated_count),
        row("inspection", "", "owner_at_inspection", owner.name if owner else None),
        row("inspection", "", "fieldwork_started", _fieldwork_iso(inspection)),
        row("inspection", "", "caseload_as_reported", inspection.caseload_as_reported or None),
    ]
    for standard in view.standards:
        rows.append(row("standard", standard.code, standard.name, standard.rating))
    for question in view.key_questions:
        low, high = (
            (round(question.interval[0], 1), round(question.interval[1], 1)) if question.interval else (None, None)
        )
        rows.append(
            row(
                "key_question",
                question.code,
                question.text,
                _number(question.percent_yes),
                question.cases_inspected,
                low,
                high,
            )
        )
    for fact in view.facts:
        rows.append(
            row(
                "fact",
                "",
                fact.metric,
                _number(fact.provider_value),
                None,
                None,
                None,
                _number(fact.england_and_wales_value),
                _number(fact.target),
            )
        )
    return rows


# --- Provider -----------------------------------------------------------------------------


def provider_document_page(request, page):
    """Version 1 of `probation-league/provider`: the drilldown's provider, place, ownership and inspections."""
    return _document(
        "provider",
        request,
        page.provider.get_absolute_url(),
        last_changed=_iso(page.last_changed),
        provider={**provider_document(request, page.provider), "current_owner": owner_document(page.current_owner)},
        league=league_place_document(page.league_row, page.league_size),
        ownership=ownership_document(page.ownership_periods),
        inspections=[inspection_document(request, view) for view in page.inspections],
    )


def provider_csv_response(page):
    response = csv_response(f"{page.provider.slug}.csv")
    writer = safe_csv.writer(response)
    writer.writerow(LONG_CSV_HEADER)
    place = {"league_row": page.league_row, "current_owner": page.current_owner}
    if not page.inspections:
        writer.writerows(long_rows(page.provider, None, **place))
    for index, view in enumerate(page.inspections):
        rows = long_rows(page.provider, view, **place)
        # The provider's own rows once, before its newest inspection.
        writer.writerows(rows if index == 0 else [row for row in rows if row[3] != "provider"])
    return response


# --- Comparison ---------------------------------------------------------------------------


def comparison_document(request, result):
    """Version 1 of `probation-league/comparison`: the compared providers in the order of the address."""
    return _document(
        "comparison",
        request,
        result.url,
        last_changed=_iso(result.last_changed),
        providers=[
            {
                **provider_document(request, entry.provider),
                "current_owner": owner_document(entry.current_owner),
                "league": league_place_document(entry.league_row, result.league_size),
                "latest_inspection": inspection_document(request, entry.latest) if entry.latest else None,
            }
            for entry in result.compared
        ],
        standards=[
            {
                "code": row.code,
                "name": row.name,
                "ratings": [(cell.rating if cell is not None else None) for cell in row.cells],
                "applies": [cell is not None for cell in row.cells],
                "difference": row.difference,
            }
            for row in result.standard_rows
        ],
        key_questions=[
            {
                "code": row.code,
                "text": row.text,
                "percent_yes": [_number(cell.percent_yes) if cell else None for cell in row.cells],
                "difference": row.difference,
            }
            for row in result.key_question_rows
        ],
    )


def comparison_csv_response(result):
    response = csv_response(f"compare-{'-and-'.join(result.slugs)}.csv")
    writer = safe_csv.writer(response)
    writer.writerow([*LONG_CSV_HEADER, "difference"])
    standard_differences = {row.code: row.difference for row in result.standard_rows}
    question_differences = {row.code: row.difference for row in result.key_question_rows}
    for entry in result.compared:
        for row in long_rows(
            entry.provider, entry.latest, league_row=entry.league_row, current_owner=entry.current_owner
        ):
            section, code = row[3], row[4]
            difference = {"standard": standard_differences, "key_question": question_differences}.get(section, {})
            writer.writerow([*row, difference.get(code, "")])
    return response


# --- Standard -----------------------------------------------------------------------------


def standard_document(request, page):
    """Version 1 of `probation-league/standard`: every provider's latest rating on one standard."""
    return _document(
        "standard",
        request,
        reverse("dashboard:standard", args=[page.code]),
        standard={
            "code": page.code,
            "name": page.name,
            "description": page.description or None,
            "domain": page.domain_name,
            "frameworks": [framework.slug for framework in page.frameworks],
        },
        providers=[
            {
                "place": entry.rank if entry.rating else None,
                "place_is_joint": entry.rank_is_joint if entry.rating else False,
                "place_label": entry.rank_label or None,
                "provider": provider_document(request, entry.inspection.provider),
                "rating": entry.rating,
                "indicated_by_key_questions": entry.indicated,
                "published": entry.inspection.published_iso,
                "inspection_url": request.build_absolute_uri(entry.inspection.get_absolute_url()),
            }
            for entry in page.entries
        ],
        counts=page.counts,
        key_questions=[
            {
                "code": funnel.code,
                "text": funnel.text,
                "all_plotted_providers_percent": (
                    round(funnel.national_percent, 2) if funnel.national_percent is not None else None
                ),
                "providers": [
                    {
                        "slug": point.provider_slug,
                        "short_name": point.provider_name,
                        "percent_yes": _number(point.percent_yes),
                        "cases_inspected": point.cases,
                        "within_95_limits": point.within_95,
                        "within_99_8_limits": point.within_998,
                    }
                    for point in funnel.points
                ],
                "not_plotted": funnel.unplotted,
            }
            for funnel in page.funnels
        ],
    )


def standard_csv_response(page):
    response = csv_response(f"standard-{page.code}.csv")
    writer = safe_csv.writer(response)
    question_codes = [funnel.code for funnel in page.funnels]
    percents = {
        (funnel.code, point.provider_slug): (point.percent_yes, point.cases)
        for funnel in page.funnels
        for point in funnel.points
    }
    header = [
        "place",
        "place_is_joint",
        "provider",
        "provider_slug",
        "provider_type",
        "rating",
        "indicated_by_key_questions",
        "published",
    ]
    for code in question_codes:
        header += [f"{code} percent_yes", f"{code} cases"]
    writer.writerow(header)
    for entry in page.entries:
        provider = entry.inspection.provider
        row = [
            *csv_rank_cells(entry if entry.rating else None),
            provider.short_name,
            provider.slug,
            provider.type_label,
            entry.rating or "",
            entry.indicated or "",
            entry.inspection.published_iso,
        ]
        for code in question_codes:
            percent, cases = percents.get((code, provider.slug), (None, None))
            row += [_csv_value(_number(percent)), _csv_value(cases)]
        writer.writerow(row)
    return response


# --- Owner --------------------------------------------------------------------------------


def owner_document_page(request, page, table):
    """Version 1 of `probation-league/owner`: the owner's providers and the inspections made while it owned them."""
    return _document(
        "owner",
        request,
        page.owner.get_absolute_url(),
        last_changed=_iso(page.league.last_changed),
        owner={"name": page.owner.name, "slug": page.owner.slug, "notes": page.owner.notes or None},
        ownership=[
            {**period, "provider": provider_document(request, provider)}
            for period, provider in zip(
                ownership_document(page.periods), [period.provider for period in page.periods], strict=True
            )
        ],
        rows=[league_row_document(request, row.record) for row in table.rows],
    )


# --- The whole dataset --------------------------------------------------------------------


def dataset_document(request, data):
    """Version 1 of `probation-league/dataset`: frameworks, owners, providers and every inspection."""
    return _document(
        "dataset",
        request,
        reverse("dashboard:data"),
        last_changed=_iso(data.last_changed),
        sources=request.build_absolute_uri(reverse("dashboard:data-sources")),
        frameworks=[
            {
                "slug": framework.slug,
                "name": framework.name,
                "provider_type": framework.provider_type,
                "bands": [
                    {
                        "rating": band.rating,
                        "points": band.points,
                        "min_score": band.min_score,
                        "min_percent_yes": _number(band.min_percent_yes),
                    }
                    for band in sorted(framework.bands.all(), key=lambda band: -band.points)
                ],
                "standards": [
                    {
                        "code": standard.code,
                        "name": standard.name,
                        "domain": standard.domain.name,
                        "key_questions": [
                            {"code": question.code, "text": question.text} for question in standard.key_questions.all()
                        ],
                    }
                    for standard in framework.standards.all()
                ],
            }
            for framework in data.frameworks
        ],
        owners=[
            {
                "name": owner.name,
                "slug": owner.slug,
                "is_public_sector": owner.is_public_sector,
                "url": request.build_absolute_uri(owner.get_absolute_url()),
            }
            for owner in data.owners
        ],
        providers=[
            {**provider_document(request, provider), "ownership": ownership_document(provider.ownership_periods.all())}
            for provider in data.providers
        ],
        inspections=[
            {"provider": view.inspection.provider.slug, **inspection_document(request, view)}
            for view in data.inspections
        ],
    )


NOT_APPLICABLE = "n/a"


def dataset_inspections_csv(data):
    """One row per inspection, a column per standard code: blank is not recorded, n/a not in its framework."""
    response = csv_response("inspections.csv")
    writer = safe_csv.writer(response)
    codes = data.standard_codes
    writer.writerow(
        [
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
        ]
    )
    for view in data.inspections:
        inspection = view.inspection
        ratings = {standard.code: standard.rating or "" for standard in view.standards}
        writer.writerow(
            [
                inspection.id,
                inspection.provider.slug,
                inspection.provider.short_name,
                inspection.provider.type_label,
                inspection.owner_at_inspection.name if inspection.owner_at_inspection else "",
                inspection.published_iso,
                inspection.inspection_round.slug if inspection.inspection_round else "",
                inspection.framework.slug,
                inspection.overall_rating,
                _csv_value(view.score),
                view.max_score,
                view.rated_count,
                view.standard_count,
                *[ratings.get(code, NOT_APPLICABLE) for code in codes],
                _fieldwork_iso(inspection) or "",
                inspection.caseload_as_reported,
                inspection.report_url,
                "true" if inspection.overall_rating_derived else "false",
                inspection.notes,
            ]
        )
    return response


def dataset_key_questions_csv(data):
    response = csv_response("key-questions.csv")
    writer = safe_csv.writer(response)
    writer.writerow(
        [
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
    )
    for view in data.inspections:
        inspection = view.inspection
        for question in view.key_questions:
            low, high = (
                (round(question.interval[0], 1), round(question.interval[1], 1)) if question.interval else ("", "")
            )
            writer.writerow(
                [
                    inspection.id,
                    inspection.provider.slug,
                    inspection.provider.short_name,
                    inspection.published_iso,
                    question.code,
                    question.text,
                    _csv_value(_number(question.percent_yes)),
                    _csv_value(question.cases_inspected),
                    _csv_value(question.subsample_of),
                    low,
                    high,
                    question.indicated or "",
                ]
            )
    return response


def dataset_facts_csv(data):
    response = csv_response("facts.csv")
    writer = safe_csv.writer(response)
    writer.writerow(
        [
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
    )
    for view in data.inspections:
        inspection = view.inspection
        for fact in view.facts:
            writer.writerow(
                [
                    inspection.id,
                    inspection.provider.slug,
                    inspection.provider.short_name,
                    inspection.published_iso,
                    fact.metric,
                    fact.unit,
                    _csv_value(_number(fact.provider_value)),
                    _csv_value(_number(fact.england_and_wales_value)),
                    _csv_value(_number(fact.target)),
                    fact.source_citation,
                ]
            )
    return response


def dataset_sources_csv(data):
    response = csv_response("sources.csv")
    writer = safe_csv.writer(response)
    writer.writerow(["inspection_id", "provider_slug", "provider", "published", "url", "title"])
    for view in data.inspections:
        inspection = view.inspection
        if inspection.report_url:
            writer.writerow(
                [
                    inspection.id,
                    inspection.provider.slug,
                    inspection.provider.short_name,
                    inspection.published_iso,
                    inspection.report_url,
                    "The inspection report",
                ]
            )
        for source in view.sources:
            writer.writerow(
                [
                    inspection.id,
                    inspection.provider.slug,
                    inspection.provider.short_name,
                    inspection.published_iso,
                    source.url,
                    source.title,
                ]
            )
    return response
