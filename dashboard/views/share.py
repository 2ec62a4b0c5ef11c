"""Preview images, badges and embeds: what other sites show of ours."""

from csp.decorators import csp_replace
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.clickjacking import xframe_options_exempt
from django_tables2 import RequestConfig

from providers.models import Provider

from ..cache import cache_public_page, public_cache_headers
from ..charts.social_images import (
    BADGE_HEIGHT,
    BADGE_WIDTH,
    RenderersBusy,
    badge_svg,
    comparison_preview_png,
    provider_preview_png,
)
from ..filters import LeagueFilterSet, ProbationServiceFilterSet
from ..selectors.compare import (
    compare_choices,
    comparison,
    comparison_url,
    providers_and_neighbours,
    read_slug_list,
    split_slug_list,
)
from ..selectors.league import league
from ..selectors.share import badge_choices, badge_subject, preview_data
from ..tables import LeagueTable, paginate, sorted_as_asked
from .league import LEAGUE_QUERY
from .probation_service import PAGE_QUERY as UNITS_QUERY
from .probation_service import units_table

# How long a reader's crawler is asked to wait when every renderer is busy.
PREVIEW_RETRY_SECONDS = 5


def embeddable(view):
    """Other sites may frame what is made for them, by either header; every other response forbids framing."""
    return csp_replace({"frame-ancestors": ["*"]})(xframe_options_exempt(view))


def _host_path(request, path):
    return f"{request.get_host()}{path}"


def _image(body, content_type):
    response = HttpResponse(body, content_type=content_type)
    public_cache_headers(response)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _renderers_busy():
    """Answered at once, never stored: the image is drawn when a renderer is free."""
    response = HttpResponse(
        "Preview images are being drawn for other requests: ask again in a few seconds.\n",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(PREVIEW_RETRY_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@cache_public_page
def provider_preview(request, slug):
    def load_page():
        data = preview_data(slug)
        if data is None:
            raise Http404("No provider has that address.")
        return data

    address = _host_path(request, reverse("dashboard:provider", args=[slug]))
    try:
        return _image(provider_preview_png(slug, address, load_page), "image/png")
    except RenderersBusy:
        return _renderers_busy()


@cache_public_page
def compare_preview(request, slugs):
    parts = split_slug_list(slugs)
    providers = providers_and_neighbours(parts or [])
    chosen, problem = read_slug_list(parts, providers) if parts is not None else (None, True)
    if problem:
        raise Http404("This address is not a comparison of two to six known providers.")
    # Every order of the same providers has one image, drawn (and counted against the budget) once: theirs in
    # address order.
    drawn = sorted(chosen, key=lambda provider: provider.slug)
    slugs = [provider.slug for provider in drawn]
    address = _host_path(request, comparison_url(slugs))
    try:
        png = comparison_preview_png(slugs, address, lambda: comparison(drawn, providers))
    except RenderersBusy:
        return _renderers_busy()
    return _image(png, "image/png")


@embeddable
@cache_public_page
def provider_badge(request, slug):
    subject = badge_subject(slug)
    if subject is None:
        raise Http404("No provider has that address.")
    provider, inspection = subject
    svg = badge_svg(provider, inspection, _host_path(request, provider.get_absolute_url()))
    return _image(svg, "image/svg+xml; charset=utf-8")


@embeddable
@cache_public_page(query=LEAGUE_QUERY)
def embed_league(request):
    """The league table, small, for an iframe on another site: the same query string as /."""
    filterset = LeagueFilterSet(request.GET)
    filterset.is_valid()
    result = league(filterset)
    table = LeagueTable(result.rows, standard_headers=result.standard_headers)
    RequestConfig(request, paginate=False).configure(table)
    if moved := sorted_as_asked(request, table):
        return moved
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


@embeddable
@cache_public_page(query=UNITS_QUERY)
def embed_probation_service(request):
    """Today's league, small, for an iframe on another site: the same query string as /probation-service/."""
    filterset = ProbationServiceFilterSet(request.GET)
    filterset.is_valid()
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    context = {
        "full_table_url": request.build_absolute_uri(reverse("dashboard:probation-service") + query),
        "errors": filterset.error_messages(),
    }
    if filterset.errors:
        # Said plainly, and nothing ranked: junk values cannot make the site rank the league.
        return render(request, "embed/probation_service.html", context, status=400)
    result, table, _, _ = units_table(request, filterset)
    if moved := sorted_as_asked(request, table):
        return moved
    if not paginate(table, request.GET.get("page", "")):
        raise Http404("The Probation Service league has no such page.")
    region = filterset.form.cleaned_data.get("region")
    context.update(
        rows=[row.record for row in table.page.object_list],
        table=table,
        last_changed=result.last_changed,
        # One region's embed names it once, in the caption, rather than on every row.
        region_name=dict(filterset.form.fields["region"].choices).get(region, "") if region else "",
        show_region=not region,
    )
    return render(request, "embed/probation_service.html", context)


def _units_embed_choice(request):
    """The unit type and region chosen for today's league's embed code, checked against that league's own
    choices (unknown values are left out), with the choices and the embed's query string."""
    filterset = ProbationServiceFilterSet(
        {"type": request.GET.get("units", ""), "region": request.GET.get("region", "")}
    )
    filterset.is_valid()
    data, fields = filterset.form.cleaned_data, filterset.form.fields
    chosen = {"type": data.get("type") or "", "region": data.get("region") or ""}
    query = urlencode({name: value for name, value in chosen.items() if value})
    return {
        "units_type": chosen["type"],
        "units_region": chosen["region"],
        "units_type_choices": fields["type"].choices,
        "units_region_choices": fields["region"].choices,
        "units_query": f"?{query}" if query else "",
    }


@cache_public_page(query={"provider": str, "type": str, "units": str, "region": str})
def embed_help(request):
    """How to put a badge or either era's league table on another site, with code to copy."""
    chosen_slug = request.GET.get("provider", "")
    chosen = Provider.objects.filter(slug=chosen_slug).first() if chosen_slug else None
    status = 404 if chosen_slug and chosen is None else 200
    chosen = chosen or Provider.objects.filter(slug="kss-crc").first() or Provider.objects.first()
    league_filter = request.GET.get("type", "")
    league_filter = league_filter if league_filter in ("crc", "nps") else ""
    context = {
        "badge_groups": badge_choices(),
        "chosen": chosen,
        "unknown_slug": chosen_slug[:60] if status == 404 else "",
        "badge_width": BADGE_WIDTH,
        "badge_height": BADGE_HEIGHT,
        "league_type": league_filter,
        **_units_embed_choice(request),
    }
    return render(request, "embed/help.html", context, status=status)


def provider_sharing(request, provider):
    """Context for a provider page's "compare with…" form, share link and social preview."""
    return {
        "page_url": request.build_absolute_uri(provider.get_absolute_url()),
        "preview_image_url": request.build_absolute_uri(reverse("dashboard:provider-preview", args=[provider.slug])),
        "compare_choices": compare_choices(provider),
    }
