"""The two eras' ratings side by side, as a page and as its JSON twin."""

from django.shortcuts import render
from django.urls import reverse

from inspections import rating_rules

from ..cache import cache_public_page
from ..exports.documents import envelope, iso, provider_document
from ..exports.responses import json_response
from ..selectors import eras as eras_selector


@cache_public_page
def eras_page(request):
    page = eras_selector.eras_page()
    context = {
        "page": page,
        "outcomes": eras_selector.OUTCOMES,
        "ratings": rating_rules.RATINGS,
        "last_changed": page.last_changed,
    }
    return render(request, "dashboard/eras.html", context)


@cache_public_page
def eras_json(request):
    page = eras_selector.eras_page()
    return json_response(eras_document(request, page))


def _cells(cells):
    return {outcome: {"count": cell.count, "of": cell.of, "derived": cell.derived} for outcome, cell in cells.items()}


def _round(distribution):
    inspection_round = distribution.inspection_round
    return {
        "slug": inspection_round.slug,
        "name": inspection_round.name,
        "era": inspection_round.era,
        "description": inspection_round.description or None,
        "inspections": distribution.inspections,
        "groups": [
            {
                "provider_type": group.provider_type,
                "label": group.label,
                "inspections": group.inspections,
                "overall_ratings": _cells(group.cells),
            }
            for group in distribution.groups
        ],
    }


def eras_document(request, page):
    rated = []
    for distribution in page.distributions:
        document = _round(distribution)
        document["league_url"] = request.build_absolute_uri(distribution.league_url)
        rated.append(document)
    return envelope(
        "eras",
        request,
        reverse("dashboard:eras"),
        last_changed=iso(page.last_changed),
        outcomes=list(eras_selector.OUTCOMES),
        summary=page.summary,
        rounds=rated,
        not_in_distribution={
            "rounds": [_round(distribution) for distribution in page.unrated_rounds],
            "outside_rounds": [
                {
                    "url": request.build_absolute_uri(inspection.get_absolute_url()),
                    "provider": provider_document(request, inspection.provider),
                    "framework": inspection.framework.slug,
                    "published": inspection.published_iso or None,
                    "overall_rating": inspection.overall_rating or None,
                    "overall_rating_derived": inspection.overall_rating_derived,
                }
                for inspection in page.outside_rounds
            ],
        },
        standard_ratings_recorded=[
            {"era": coverage.era, "recorded": coverage.recorded, "possible": coverage.possible}
            for coverage in page.coverage
        ],
        standards=[
            {
                "name": comparison.name,
                "rows": [
                    {
                        "round": row.distribution.inspection_round.slug,
                        "provider_type": row.group.provider_type,
                        "inspections": row.inspections,
                        "recorded": row.recorded,
                        "not_recorded": row.inspections - row.recorded,
                        "ratings": _cells(row.cells),
                    }
                    for row in comparison.rows
                ],
                "not_a_standard_of": [
                    {"round": distribution.inspection_round.slug, "provider_type": group.provider_type}
                    for distribution, group in comparison.not_a_standard_of
                ],
            }
            for comparison in page.standards
        ],
        standards_in_one_era_only=page.unmatched_standards,
    )
