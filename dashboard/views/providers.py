"""A provider's drilldown: the latest inspection in depth, its history, its owners."""

from django.http import Http404
from django.shortcuts import render

from inspections import rating_rules

from ..cache import cache_public_page
from ..charts import geo, maps
from ..charts.inspection import facts_chart, key_questions_chart, rating_history_chart, standards_profile
from ..selectors.distributions import CATEGORIES
from ..selectors.providers import provider_page
from .share import provider_sharing


def inspection_charts(view, distributions, provider_name):
    """The charts of one inspection's report: standards against every provider, key questions, facts."""
    built = {
        "standards": standards_profile(view.standards, distributions, provider_name),
        "facts": facts_chart(view.facts, provider_name),
    }
    if view.key_questions:
        built["key_questions"] = key_questions_chart(view.key_questions, view.scale)
    return {name: figure for name, figure in built.items() if figure is not None}


def provider_charts(page):
    latest = page.latest
    if latest is None:
        return {}
    built = inspection_charts(latest, page.distributions, page.provider.short_name)
    rated = [view for view in page.inspections if view.inspection.overall_rating in rating_rules.RATINGS]
    if len(rated) > 1:
        built["history"] = rating_history_chart(
            [
                (
                    view.inspection.published_on.isoformat(),
                    view.inspection.published_label,
                    view.inspection.overall_rating,
                    view.score,
                )
                for view in reversed(rated)
            ]
        )
    return built


def distribution_rows(view, distributions):
    """Rows of the table beside the standards chart: the provider's rating and every provider's counts."""
    if view is None:
        return []
    return [
        {
            "label": f"{standard.code} {standard.name}",
            "own": standard.rating,
            "counts": [distributions.get(standard.code, {}).get(category, 0) for category in CATEGORIES],
        }
        for standard in view.standards
    ]


@cache_public_page
def provider_detail(request, slug):
    page = provider_page(slug)
    if page is None:
        raise Http404("No provider has that address.")
    context = {
        "page": page,
        **provider_sharing(request, page.provider),
        "provider": page.provider,
        "latest": page.latest,
        "charts": provider_charts(page),
        "thresholds": page.latest.scale.band_thresholds() if page.latest else [],
        "last_changed": page.last_changed,
        "categories": CATEGORIES,
        "distribution_rows": distribution_rows(page.latest, page.distributions),
        "area": geo.provider_areas().get(page.provider.slug),
        "locator_map": maps.locator_map([page.provider]),
        "rated_outcomes": rating_rules.RATINGS,
    }
    return render(request, "dashboard/provider.html", context)
