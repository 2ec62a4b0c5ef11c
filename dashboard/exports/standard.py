"""The standard page's twins: /standards/<code>.json and .csv."""

from django.urls import reverse

from . import safe_csv
from .documents import csv_rank_cells, csv_value, envelope, number, provider_document
from .responses import csv_response


def standard_document(request, page):
    """Version 1 of `probation-league/standard`: every provider's latest rating on one standard."""
    return envelope(
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
                        "percent_yes": number(point.percent_yes),
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
            row += [csv_value(number(percent)), csv_value(cases)]
        writer.writerow(row)
    return response
