"""Today's league: the Probation Service's regions and PDUs, and its CSV and JSON twins on the same query string."""

from django.http import JsonResponse
from django.shortcuts import render
from django_tables2 import RequestConfig

from inspections.models import Inspection

from ..cache import cache_public_page
from ..exports.probation_service import units_csv_response, units_json_response
from ..filters import ProbationServiceFilterSet
from ..selectors.frameworks import frameworks_by_id
from ..selectors.league import league
from ..tables import ProbationServiceTable, page_query, paginate, sorted_as_asked, unit_sort
from .league import _bad_request_text, no_such_page

EXPORT_QUERY = {
    "round": str,
    "type": str,
    "region": str,
    "rating": str,
    "standards": str,
    "sort": unit_sort,
}
PAGE_QUERY = {**EXPORT_QUERY, "page": page_query}


def _filters(request):
    filterset = ProbationServiceFilterSet(request.GET)
    filterset.is_valid()  # unknown values are dropped from cleaned_data and reported
    return filterset


def _standards_framework(filterset, frameworks):
    slug = filterset.form.cleaned_data.get("standards")
    return next((framework for framework in frameworks.values() if framework.slug == slug), None)


def units_table(request, filterset):
    frameworks = frameworks_by_id(with_key_questions=False)
    chosen = _standards_framework(filterset, frameworks)
    result = league(filterset, frameworks, standards_framework=chosen.slug if chosen else None)
    headers = {standard.position: standard.label for standard in chosen.standards.all()} if chosen else {}
    table = ProbationServiceTable(result.rows, standards_framework=chosen, standard_headers=headers, compare=True)
    RequestConfig(request, paginate=False).configure(table)
    return result, table, chosen, frameworks


def national_inspection():
    """The national inspection of April 2025, named above the league: it rates national arrangements, not a
    unit among units, so it is not ranked with them."""
    return (
        Inspection.objects.filter(provider__provider_type="national", is_latest_rated=True)
        .select_related("provider")
        .first()
    )


@cache_public_page(query=PAGE_QUERY)
def probation_service_league(request):
    filterset = _filters(request)
    if filterset.errors:
        context = {"filterset": filterset, "filter_errors": filterset.error_messages(), "era": "probation-service"}
        return render(request, "dashboard/league_problem.html", context, status=400)
    result, table, chosen, frameworks = units_table(request, filterset)
    if moved := sorted_as_asked(request, table):
        return moved
    if not paginate(table, request.GET.get("page", "")):
        return no_such_page(request, table, "the Probation Service league")
    round_name = filterset.round_name()
    if round_name:
        table.caption = f"Probation Service units ranked within the {round_name[0].lower()}{round_name[1:]}"
    else:
        table.caption = "Probation Service regions and PDUs ranked by their latest rated inspection"
    context = {
        "filterset": filterset,
        "table": table,
        "ranked_count": result.ranked_count,
        "provider_count": result.provider_count,
        "unranked_count": result.provider_count - result.ranked_count,
        "last_changed": result.last_changed,
        "filter_summary": filterset.summary(),
        "standards_framework": chosen,
        "frameworks": [framework for framework in frameworks.values() if framework.era == "probation-service"],
        "national": national_inspection(),
        "sort": request.GET.get("sort", "") if table.order_by else "",
        "summary": result.summary(table.row_noun),
        "sort_note": table.sort_note(),
    }
    return render(request, "dashboard/probation_service.html", context)


@cache_public_page(query=EXPORT_QUERY)
def probation_service_csv(request):
    filterset = _filters(request)
    if filterset.errors:
        return _bad_request_text(filterset)
    result, table, _, frameworks = units_table(request, filterset)
    if moved := sorted_as_asked(request, table):
        return moved
    return units_csv_response((row.record for row in table.rows), frameworks)


@cache_public_page(query=EXPORT_QUERY)
def probation_service_json(request):
    filterset = _filters(request)
    if filterset.errors:
        return JsonResponse({"errors": filterset.error_messages()}, status=400)
    result, table, _, frameworks = units_table(request, filterset)
    if moved := sorted_as_asked(request, table):
        return moved
    return units_json_response(request, (row.record for row in table.rows), result, frameworks)
