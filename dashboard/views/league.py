"""The league table and its CSV and JSON twins: the same query string, the same rows."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django_tables2 import RequestConfig

from ..cache import cache_public_page
from ..exports.league import league_csv_response, league_json_response
from ..filters import LeagueFilterSet
from ..selectors.league import league
from ..tables import (
    OVERVIEW,
    VIEWS,
    LeagueTable,
    league_sort,
    league_view,
    page_query,
    paginate,
    sorted_as_asked,
    view_errors,
    view_query,
)

# The query parameters the league table and its twins read; any other is ignored (dashboard/cache.py).
# The twins return every row of the view, and every column, so they ignore `page` and `view`.
EXPORT_QUERY = {"round": str, "type": str, "owner": str, "rating": str, "sort": league_sort}
LEAGUE_QUERY = {**EXPORT_QUERY, "page": page_query, "view": view_query}


def _league_table(request, filterset, view=None):
    """Rank and sort as the query string says; (league, table). `view`: the page's columns, None for all."""
    result = league(filterset)
    table = LeagueTable(result.rows, standard_headers=result.standard_headers, compare=True, view=view)
    RequestConfig(request, paginate=False).configure(table)
    return result, table


def no_such_page(request, table, what):
    """404 for a page number the table does not have, with where its pages are."""
    context = {"what": what, "page": request.GET.get("page", "")[:20], "table": table}
    return render(request, "dashboard/no_such_page.html", context, status=404)


def _filters(request):
    filterset = LeagueFilterSet(request.GET)
    filterset.is_valid()  # unknown values are dropped from cleaned_data and reported
    return filterset


def _bad_request_text(filterset):
    lines = ["This query string asks for values the league table does not have:"]
    lines += [f"- {message}" for message in filterset.error_messages()]
    lines.append("Remove or correct them; the page at / lists the valid choices.")
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


@cache_public_page(query=LEAGUE_QUERY)
def league_table(request):
    filterset = _filters(request)
    errors = filterset.error_messages() + view_errors(request.GET.get("view", ""))
    if errors:
        # A short page that costs no ranking: junk values cannot make the site rank and render the table.
        context = {"filterset": filterset, "filter_errors": errors}
        return render(request, "dashboard/league_problem.html", context, status=400)
    view = league_view(request.GET.get("view", ""), request.GET.get("sort", ""))
    result, table = _league_table(request, filterset, view)
    if moved := sorted_as_asked(request, table):
        return moved
    if not paginate(table, request.GET.get("page", "")):
        return no_such_page(request, table, "the league table")
    round_name = filterset.round_name()
    if round_name:
        table.caption = f"Probation providers ranked within the {round_name[0].lower()}{round_name[1:]}"
    else:
        table.caption = "Probation providers ranked by their latest rated inspection"
    context = {
        "filterset": filterset,
        "table": table,
        "ranked_count": result.ranked_count,
        "provider_count": result.provider_count,
        "unranked_count": result.provider_count - result.ranked_count,
        "complete_rows": result.complete_count,
        "last_changed": result.last_changed,
        "filter_summary": filterset.summary(),
        "sort": request.GET.get("sort", "") if table.order_by else "",
        "summary": result.summary(table.row_noun),
        "sort_note": table.sort_note(),
        "view": view,
        "views": views_offered(request, view),
    }
    return render(request, "dashboard/league.html", context)


def views_offered(request, view):
    """[(label, address, is_current)] of the league's views, on the page's own query (less its page number)."""
    offered = []
    for value, label in VIEWS.items():
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("view", None)
        if value != OVERVIEW:
            query["view"] = value
        elif league_view("", query.get("sort", "")) != OVERVIEW:
            query.pop("sort", None)  # a sort by a standard column would open the standards again
        offered.append((label, f"{request.path}?{query.urlencode()}" if query else request.path, value == view))
    return offered


@cache_public_page(query=EXPORT_QUERY)
def league_csv(request):
    filterset = _filters(request)
    if filterset.errors:
        return _bad_request_text(filterset)
    result, table = _league_table(request, filterset)
    if moved := sorted_as_asked(request, table):
        return moved
    return league_csv_response((row.record for row in table.rows), result)


@cache_public_page(query=EXPORT_QUERY)
def league_json(request):
    filterset = _filters(request)
    if filterset.errors:
        return JsonResponse({"errors": filterset.error_messages()}, status=400)
    result, table = _league_table(request, filterset)
    if moved := sorted_as_asked(request, table):
        return moved
    return league_json_response(request, (row.record for row in table.rows), result)
