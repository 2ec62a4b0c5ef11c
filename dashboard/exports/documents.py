"""The pieces the exports share: the envelope of every JSON document, providers, owners and inspections, CSV cells."""

from decimal import Decimal

from providers.partial_dates import iso_partial_date

JSON_SCHEMA_VERSION = 1
LICENCE = "Open Government Licence v3.0 (https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/)"


def envelope(schema, request, page_url, **fields):
    """The head of every JSON document: its shape, version, address and licence."""
    return {
        "schema": f"probation-league/{schema}",
        "version": JSON_SCHEMA_VERSION,
        "url": request.build_absolute_uri(page_url),
        "licence": LICENCE,
        **fields,
    }


def number(value):
    """Decimals as JSON numbers: 82.00 -> 82, 8652.50 -> 8652.5; None stays None."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        value = float(value)
    return int(value) if float(value).is_integer() else float(value)


def iso(value):
    return value.isoformat() if value else None


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
        "fieldwork_started": fieldwork_iso(inspection),
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


def fieldwork_iso(inspection):
    return iso_partial_date(inspection.fieldwork_started_on, inspection.fieldwork_started_on_precision) or None


def key_question_document(question):
    return {
        "code": question.code,
        "text": question.text,
        "percent_yes": number(question.percent_yes),
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
        "value": number(fact.provider_value),
        "england_and_wales": number(fact.england_and_wales_value),
        "target": number(fact.target),
        "source_citation": fact.source_citation or None,
    }


# --- CSV cells -----------------------------------------------------------------------------


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return value


def csv_rank_cells(row):
    """(rank, rank_is_joint) as CSV cells: a number and "true"/"false"; both empty when unranked.

    Never "=7th": a spreadsheet would read that as a formula.
    """
    if row is None or row.rank is None:
        return "", ""
    return row.rank, "true" if row.rank_is_joint else "false"
