"""Standard, inspection and methodology pages."""

from django.core.paginator import EmptyPage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django_tables2 import RequestConfig

from inspections.models import Inspection, InspectionRound

from ..cache import cache_public_page
from ..charts.inspection import distribution_chart, funnel_plot
from ..glossary import RATING_DEFINITIONS, STANDARDS_AND_RATINGS, TERMS
from ..rounds import ROUND_QUERY, all_rounds, round_from_query
from ..selectors.distributions import CATEGORIES, standard_distributions
from ..selectors.frameworks import frameworks_by_id
from ..selectors.glossary import provider_abbreviations
from ..selectors.inspections import inspection_view, with_report_relations
from ..selectors.places import places_data
from ..selectors.standards import standard_page
from ..standard_table import PER_PAGE, CountedPaginator, StandardRatingsTable
from ..tables import page_number, page_query
from .league import no_such_page
from .providers import distribution_rows, inspection_charts


@cache_public_page(query={**ROUND_QUERY, "page": page_query})
def standard_detail(request, code):
    rounds = all_rounds()
    inspection_round, message = round_from_query(request.GET, rounds)
    page = standard_page(code, inspection_round)
    if page is None:
        raise Http404("No standard has that code.")
    table = StandardRatingsTable(page.inspections)
    # As the league's: an unusable page value is the first page (dashboard/tables.py), one past the last a 404.
    number = page_number(request.GET.get("page", ""))
    paginate = {"per_page": PER_PAGE, "paginator_class": CountedPaginator, "count": page.provider_count}
    try:
        RequestConfig(request, paginate={**paginate, "page": number, "silent": False}).configure(table)
    except EmptyPage:
        return no_such_page(request, table, f"the ratings on standard {page.code}")
    entries, shown_funnels = page.shown(row.record for row in table.page.object_list)
    figures = {"distribution": distribution_chart([("All providers", page.counts), *page.counts_by_type])}
    for funnel in shown_funnels:
        if funnel.points:
            figures[funnel.code] = funnel_plot(
                [(point.provider_name, point.percent_yes, point.cases) for point in funnel.points],
                funnel.national_percent,
                max(point.cases for point in funnel.points),
            )
    funnels = [(funnel, figures.get(funnel.code)) for funnel in shown_funnels]
    context = {
        "page": page,
        "table": table,
        "entries": entries,
        "charts": figures,
        "funnels": funnels,
        "categories": CATEGORIES,
        "rounds": rounds,
        "round_errors": [message] if message else [],
    }
    return render(request, "dashboard/standard.html", context, status=400 if message else 200)


@cache_public_page
def inspection_detail(request, pk):
    inspection = get_object_or_404(with_report_relations(Inspection.objects.all()), pk=pk)
    frameworks = frameworks_by_id()
    view = inspection_view(inspection, frameworks[inspection.framework_id])
    distributions = standard_distributions(frameworks)
    context = {
        "view": view,
        "inspection": inspection,
        "provider": inspection.provider,
        "charts": inspection_charts(view, distributions, inspection.provider.short_name),
        "thresholds": view.scale.band_thresholds() if view.scale else [],
        "categories": CATEGORIES,
        "distribution_rows": distribution_rows(view, distributions),
        "on_its_own_page": True,
    }
    return render(request, "dashboard/inspection.html", context)


@cache_public_page
def methodology(request):
    frameworks = frameworks_by_id()
    rounds = InspectionRound.objects.order_by("started_on", "slug")
    context = {"frameworks": frameworks.values(), "rounds": rounds, "places": places_data()}
    return render(request, "dashboard/methodology.html", context)


@cache_public_page
def glossary(request):
    terms = sorted(TERMS, key=lambda term: term.term.lower())
    context = {
        "ratings": RATING_DEFINITIONS,
        "terms": terms,
        "provider_abbreviations": provider_abbreviations(),
        "standards_and_ratings": STANDARDS_AND_RATINGS,
    }
    return render(request, "dashboard/glossary.html", context)


def favicon(request):
    """Browsers that ignore the page's icon link ask for /favicon.ico: send them to the icon."""
    return redirect(static("img/favicon.svg"), permanent=True)
