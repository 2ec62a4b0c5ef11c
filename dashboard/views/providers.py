"""A provider's drilldown: the latest inspection in depth, its history, its owners."""

from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import render

from inspections import rating_rules
from providers.models import Era, Provider, ProviderType

from ..cache import cache_public_page, unless
from ..charts import geo, maps
from ..charts.inspection import facts_chart, key_questions_chart, rating_history_chart, standards_profile
from ..selectors.distributions import CATEGORIES
from ..selectors.providers import provider_page
from ..selectors.units import unit_page
from ..tables import listed_page_number
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
            "counts": [(category, distributions.get(standard.code, {}).get(category, 0)) for category in CATEGORIES],
        }
        for standard in view.standards
    ]


def pdus_page_number(provider, value):
    """The page of a region's PDUs that the `page` value asks for, or None where there is none: a value that is
    not a page number, or any page but the first of a provider that lists no PDUs (a CRC, a PDU)."""
    number = listed_page_number(value)
    lists_pdus = provider is not None and provider.provider_type == ProviderType.REGION
    return number if number == 1 or lists_pdus else None


def _no_such_page(request, provider):
    what = f"the {provider.short_name}'s PDUs" if provider else "this provider's page"
    context = {"what": what, "page": request.GET.get("page", "")[:20]}
    return render(request, "dashboard/no_such_page.html", context, status=404)


def unit_detail(request, provider, number):
    """A region's, PDU's or the national inspection's page: the Probation Service era."""
    try:
        page = unit_page(provider, number)
    except InvalidPage:
        return _no_such_page(request, provider)
    context = {
        "page": page,
        **provider_sharing(request, provider),
        "provider": provider,
        "latest": page.latest,
        "last_changed": page.last_changed,
    }
    return render(request, "dashboard/unit.html", context)


@cache_public_page(query={"page": unless("1")})  # a region's PDUs come a page at a time
def provider_detail(request, slug):
    unit = Provider.objects.of_era(Era.PROBATION_SERVICE).select_related("region").filter(slug=slug).first()
    number = pdus_page_number(unit, request.GET.get("page", "1"))
    if number is None:
        return _no_such_page(request, unit)
    if unit is not None:
        return unit_detail(request, unit, number)
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
