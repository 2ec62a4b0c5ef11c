"""An owner's page: its providers' inspections as league rows, and its ratings against everyone else's."""

from django.http import Http404
from django.shortcuts import render
from django_tables2 import RequestConfig

from ..cache import cache_public_page
from ..charts.inspection import distribution_chart
from ..selectors.distributions import CATEGORIES
from ..selectors.owners import owner_page
from ..tables import LeagueTable, league_sort, league_view, page_query, paginate, sorted_as_asked
from .league import no_such_page


@cache_public_page(query={"sort": league_sort, "page": page_query})
def owner_detail(request, slug):
    page = owner_page(slug)
    if page is None:
        raise Http404("No owner has that address.")
    view = league_view("", request.GET.get("sort", ""))
    table = LeagueTable(page.league.rows, standard_headers=page.league.standard_headers, view=view)
    table.caption = f"Inspections of providers owned by {page.owner.name} at the time"
    RequestConfig(request, paginate=False).configure(table)
    if moved := sorted_as_asked(request, table):
        return moved
    if not paginate(table, request.GET.get("page", "")):
        return no_such_page(request, table, f"{page.owner.name}'s inspections")
    figures = {
        "distribution": distribution_chart(
            [(page.owner.name, page.own_counts), ("All other providers", page.others_counts)]
        )
    }
    context = {
        "page": page,
        "owner": page.owner,
        "table": table,
        "charts": figures,
        "categories": CATEGORIES,
        "last_changed": page.league.last_changed,
        "summary": page.league.summary(table.row_noun),
        "sort_note": table.sort_note(),
    }
    return render(request, "dashboard/owner.html", context)
