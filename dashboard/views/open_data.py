"""The .csv and .json twins of the provider, standard and owner pages: same address, a suffix for the page's slash."""

from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponse, JsonResponse
from django_tables2 import RequestConfig

from providers.models import Era, Provider

from ..cache import cache_public_page, unless
from ..exports.league import league_csv_response
from ..exports.owner import owner_document_page
from ..exports.provider import provider_csv_response, provider_document_page
from ..exports.responses import json_response
from ..exports.standard import standard_csv_response, standard_document
from ..exports.unit import unit_csv_response, unit_document
from ..rounds import ROUND_QUERY, round_from_query
from ..selectors.owners import owner_page
from ..selectors.providers import provider_page
from ..selectors.standards import standard_page
from ..selectors.units import unit_page
from ..tables import LeagueTable
from .providers import pdus_page_number


@cache_public_page(query={"page": unless("1")})  # a region's PDUs, a page at a time as on its page
def provider_export(request, slug, fmt):
    unit = Provider.objects.of_era(Era.PROBATION_SERVICE).select_related("region").filter(slug=slug).first()
    number = pdus_page_number(unit, request.GET.get("page", "1"))
    if number is None:
        raise Http404("This address has no such page.")
    if unit is not None:
        try:
            page = unit_page(unit, number)
        except InvalidPage:
            raise Http404("That region has no such page of PDUs.") from None
        return unit_csv_response(page) if fmt == "csv" else json_response(unit_document(request, page))
    page = provider_page(slug)
    if page is None:
        raise Http404("No provider has that address.")
    if fmt == "csv":
        return provider_csv_response(page)
    return json_response(provider_document_page(request, page))


@cache_public_page(query=ROUND_QUERY)
def standard_export(request, code, fmt):
    inspection_round, message = round_from_query(request.GET)
    if message and fmt == "json":
        response = JsonResponse({"errors": [message]}, status=400)
        response["Access-Control-Allow-Origin"] = "*"
        return response
    if message:
        return HttpResponse(message + "\n", status=400, content_type="text/plain; charset=utf-8")
    page = standard_page(code, inspection_round)
    if page is None:
        raise Http404("No standard has that code.")
    if fmt == "csv":
        return standard_csv_response(page)
    return json_response(standard_document(request, page))


@cache_public_page
def owner_export(request, slug, fmt):
    page = owner_page(slug)
    if page is None:
        raise Http404("No owner has that address.")
    table = LeagueTable(page.league.rows, standard_headers=page.league.standard_headers)
    RequestConfig(request, paginate=False).configure(table)
    if fmt == "csv":
        rows = (row.record for row in table.rows)
        return league_csv_response(rows, page.league, filename=f"owner-{page.owner.slug}.csv")
    return json_response(owner_document_page(request, page, table))
