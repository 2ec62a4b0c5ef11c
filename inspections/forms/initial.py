"""Initial values of the entry form: from a stored inspection, and the stored inspections it may repeat."""

from __future__ import annotations

from providers.models import Provider
from providers.partial_dates import iso_partial_date, parse_partial_date

from ..models import Inspection
from ..services.inputs import InspectionInput
from .dates import DATE_NOT_RECORDED
from .layout import Layout, kq_field
from .rows import number_initial


def provider_from(value):
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
        else (published or (DATE_NOT_RECORDED if layout.is_probation_service else "")),
        "fieldwork_started_on": iso_partial_date(fieldwork, data.fieldwork_started_on_precision)
        if hasattr(fieldwork, "year")
        else (fieldwork or ""),
        "overall_rating": data.overall_rating,
        "overall_rating_derived": data.overall_rating_derived,
        "points_stated": data.points_stated,
        "sequence_in_unit": data.sequence_in_unit,
        "notes": data.notes,
        "editor_notes": data.editor_notes,
        "inspection_round": data.inspection_round.pk if data.inspection_round else None,
        "owner_at_inspection": data.owner_at_inspection.pk if data.owner_at_inspection else None,
        "caseload_as_reported": data.caseload_as_reported,
        "report_url": data.report_url,
    }
    for code, rating in data.ratings.items():
        initial[f"rating_{code}"] = rating
    for result in data.key_question_results:
        initial[kq_field(result.code, "percent")] = number_initial(result.percent_yes)
        initial[kq_field(result.code, "cases")] = number_initial(result.cases_inspected)
        initial[kq_field(result.code, "subsample_of")] = number_initial(result.subsample_of)
    rows = {
        "sources": [{"url": url} for url in data.source_urls],
        "samples": [
            {
                "label": sample.label,
                "cases_inspected": number_initial(sample.cases_inspected),
                "domain_number": sample.domain_number or "",
                "notes": sample.notes,
            }
            for sample in data.case_samples
        ],
        "facts": [
            {
                "metric": fact.metric,
                "unit": fact.unit,
                "provider_value": number_initial(fact.provider_value),
                "england_and_wales_value": number_initial(fact.england_and_wales_value),
                "target": number_initial(fact.target),
                "source_citation": fact.source_citation,
            }
            for fact in data.facts
        ],
        "recommendations": [{"addressed_to": item.addressed_to, "text": item.text} for item in data.recommendations],
    }
    return initial, rows
