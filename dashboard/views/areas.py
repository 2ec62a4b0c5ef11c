"""A council's probation history across both eras, its data twins and preview image, and the index of councils."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from places import directory

from ..cache import cache_public_page
from ..charts.area_images import area_preview_png
from ..charts.area_map import area_locator_map
from ..charts.social_images import RenderersBusy
from ..exports.area import area_csv_response, area_document
from ..exports.responses import json_response
from ..selectors.areas import area_index as index_of_areas
from ..selectors.areas import area_page
from .share import _host_path, _image, _renderers_busy

NO_SUCH_COUNCIL = "No council has that address."


def _lower_case(slug, name, *args):
    """A redirect to the lower-case address, for a slug written in another case; None for one already lower."""
    if slug == slug.lower():
        return None
    return redirect(reverse(f"dashboard:{name}", args=[slug.lower(), *args]), permanent=True)


def _page_or_404(slug):
    page = area_page(slug)
    if page is None:
        raise Http404(NO_SUCH_COUNCIL)
    return page


@cache_public_page
def area_detail(request, slug):
    if moved := _lower_case(slug, "area"):
        return moved
    page = _page_or_404(slug)
    council = page.council
    map_area = page.map_area
    context = {
        "page": page,
        "council": council,
        "page_url": request.build_absolute_uri(council.get_absolute_url()),
        "preview_image_url": request.build_absolute_uri(reverse("dashboard:area-preview", args=[council.slug])),
        "locator_map": area_locator_map(page.map_provider, council),
        "map_area": map_area,
        "attribution": directory.ATTRIBUTION,
        "licence": directory.LICENCE,
        "licence_url": directory.LICENCE_URL,
        "last_changed": page.last_changed,
    }
    return render(request, "dashboard/area.html", context)


@cache_public_page
def area_export(request, slug, fmt):
    if moved := _lower_case(slug, "area-export", fmt):
        return moved
    page = _page_or_404(slug)
    if fmt == "csv":
        return area_csv_response(request, page)
    return json_response(area_document(request, page))


@cache_public_page
def area_preview(request, slug):
    if moved := _lower_case(slug, "area-preview"):
        return moved

    def load_page():
        return _page_or_404(slug)

    address = _host_path(request, reverse("dashboard:area", args=[slug]))
    try:
        return _image(area_preview_png(slug, address, load_page), "image/png")
    except RenderersBusy:
        return _renderers_busy()


@cache_public_page
def area_index(request):
    return render(request, "dashboard/areas.html", {"groups": index_of_areas()})
