"""Preview images, badges and embeds: what other sites show of ours."""

from csp.decorators import csp_replace
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django_tables2 import RequestConfig

from inspections.models import Inspection
from providers.models import Provider

from ..cache import cache_public_page, public_cache_headers
from ..charts.social_images import BADGE_HEIGHT, BADGE_WIDTH, badge_svg, comparison_preview_png, provider_preview_png
from ..filters import LeagueFilterSet
from ..selectors.compare import (
    compare_choices,
    comparison,
    comparison_url,
    listed_providers,
    providers_and_neighbours,
    read_slug_list,
    split_slug_list,
)
from ..selectors.league import league
from ..selectors.providers import provider_page
from ..tables import LeagueTable, paginate
from .league import LEAGUE_QUERY

# Other sites may frame what is made for them; every other response forbids framing.
embeddable = csp_replace({"frame-ancestors": ["*"]})


def _host_path(request, path):
    return f"{request.get_host()}{path}"


def _image(body, content_type):
    response = HttpResponse(body, content_type=content_type)
    public_cache_headers(response)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def provider_preview(request, slug):
    def load_page():
        page = provider_page(slug)
        if page is None:
            raise Http404("No provider has that address.")
        return page

    address = _host_path(request, reverse("dashboard:provider", args=[slug]))
    return _image(provider_preview_png(slug, address, load_page), "image/png")


def compare_preview(request, slugs):
    parts = split_slug_list(slugs)
    providers = providers_and_neighbours(parts or [])
    chosen, problem = read_slug_list(parts, providers) if parts is not None else (None, True)
    if problem:
        raise Http404("This address is not a comparison of two to six known providers.")
    canonical = [provider.slug for provider in chosen]
    address = _host_path(request, comparison_url(canonical))
    png = comparison_preview_png(canonical, address, lambda: comparison(chosen, providers))
    return _image(png, "image/png")


@embeddable
@cache_public_page
def provider_badge(request, slug):
    provider = Provider.objects.filter(slug=slug).first()
    if provider is None:
        raise Http404("No provider has that address.")
    # The inspection the leagues rank it by: its latest rated one (its latest, with none rated).
    inspection = Inspection.objects.filter(provider=provider, is_latest_rated=True).first()
    svg = badge_svg(provider, inspection, _host_path(request, provider.get_absolute_url()))
    return _image(svg, "image/svg+xml; charset=utf-8")


@embeddable
@xframe_options_exempt
@cache_public_page(query=LEAGUE_QUERY)
def embed_league(request):
    """The league table, small, for an iframe on another site: the same query string as /."""
    filterset = LeagueFilterSet(request.GET)
    filterset.is_valid()
    result = league(filterset)
    table = LeagueTable(result.rows, standard_headers=result.standard_headers)
    RequestConfig(request, paginate=False).configure(table)
    if not paginate(table, request.GET.get("page", "")):
        raise Http404("The league table has no such page.")
    context = {
        "rows": [row.record for row in table.page.object_list],
        "table": table,
        "filterset": filterset,
        "errors": filterset.error_messages(),
        "last_changed": result.last_changed,
        "full_table_url": request.build_absolute_uri("/" + (f"?{request.GET.urlencode()}" if request.GET else "")),
    }
    return render(request, "embed/league.html", context, status=400 if filterset.errors else 200)


@cache_public_page(query={"provider": str, "type": str})
def embed_help(request):
    """How to put a badge or the league table on another site, with code to copy."""
    chosen_slug = request.GET.get("provider", "")
    chosen = Provider.objects.filter(slug=chosen_slug).first() if chosen_slug else None
    status = 404 if chosen_slug and chosen is None else 200
    chosen = chosen or Provider.objects.filter(slug="kss-crc").first() or Provider.objects.first()
    league_filter = request.GET.get("type", "")
    league_filter = league_filter if league_filter in ("crc", "nps") else ""
    context = {
        "providers": listed_providers(),
        "chosen": chosen,
        "unknown_slug": chosen_slug[:60] if status == 404 else "",
        "badge_width": BADGE_WIDTH,
        "badge_height": BADGE_HEIGHT,
        "league_type": league_filter,
    }
    return render(request, "embed/help.html", context, status=status)


def provider_sharing(request, provider):
    """Context for a provider page's "compare with…" form, share link and social preview."""
    return {
        "page_url": request.build_absolute_uri(provider.get_absolute_url()),
        "preview_image_url": request.build_absolute_uri(reverse("dashboard:provider-preview", args=[provider.slug])),
        "compare_choices": compare_choices(provider),
    }
