"""
Forgiving addresses: a provider's or owner's address in the wrong case, without its kind or slightly
misspelt leads to the page meant (`/providers/kss/` → `/providers/kss-crc/`), with the same suffix
(`.csv`, `.json`, `/preview.png`, `/badge.svg`) and query string; so does each name in a comparison's
address. Where no one provider is meant, the 404 page offers those most likely meant.

Only answers that are already a 404 are looked at, so a page that exists costs nothing more, and a
redirect is never stored by the public page cache (it stores only 200s). The rule for what an address
means is dashboard/selectors/provider_addresses.py.
"""

from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from .selectors.compare import split_slug_list
from .selectors.provider_addresses import (
    match_owner_address,
    match_provider_address,
    meant_list,
    normalised,
    provider_candidates,
)

PROVIDER_URL_NAMES = frozenset({"provider", "provider-export", "provider-preview", "provider-badge"})
OWNER_URL_NAMES = frozenset({"owner", "owner-export"})
COMPARE_URL_NAMES = frozenset({"compare", "compare-export", "compare-preview"})


def _dashboard_match(request):
    match = getattr(request, "resolver_match", None)
    if match is None or match.app_name != "dashboard" or request.method not in ("GET", "HEAD"):
        return None
    return match


def _moved(match, query, **kwargs):
    """A redirect to the same kind of address with `kwargs` in place of the address's own."""
    try:
        url = reverse(match.view_name, kwargs={**match.kwargs, **kwargs})
    except NoReverseMatch:
        return None
    return url + (f"?{query}" if query else "")


def _address_match(match):
    slug = match.kwargs.get("slug", "")
    if match.url_name in PROVIDER_URL_NAMES:
        return match_provider_address(slug)
    if match.url_name in OWNER_URL_NAMES:
        return match_owner_address(slug)
    return None


def _comparison_moved(match, query):
    """The comparison's address with each name read as the provider it means, where each means one."""
    parts = split_slug_list(match.kwargs.get("slugs", ""))
    if not parts or not all(normalised(part) for part in parts):
        return None
    meant = meant_list(parts, provider_candidates())
    if meant is None:
        return None
    slugs = ",".join(provider.slug for provider in meant)
    return None if slugs == match.kwargs["slugs"] else _moved(match, query, slugs=slugs)


class ForgivingAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The query the view is asked with (only the parameters it reads: dashboard/cache.py), kept on a redirect.
        request.forgiving_query = request.META.get("QUERY_STRING", "")
        response = self.get_response(request)
        if response.status_code == 404 and (match := _dashboard_match(request)):
            if match.url_name in COMPARE_URL_NAMES and (url := _comparison_moved(match, request.forgiving_query)):
                return HttpResponseRedirect(url)
        return response

    def process_exception(self, request, exception):
        """A provider's or owner's address that names none: the page meant, or a 404 offering the likely ones."""
        if not isinstance(exception, Http404) or not (match := _dashboard_match(request)):
            return None
        address = _address_match(match)
        if address is None or (address.meant is not None and address.meant.slug == match.kwargs["slug"]):
            return None  # not a question of the address: the provider's page has no such page of PDUs
        query = getattr(request, "forgiving_query", "")
        if address.meant is not None:
            url = _moved(match, query, slug=address.meant.slug)
            if url is not None:
                # A different case is the same address for ever; a shortened or misspelt one may later be another's.
                return (HttpResponsePermanentRedirect if address.same_address else HttpResponseRedirect)(url)
        likely = [
            {"label": candidate.name, "url": _moved(match, "", slug=candidate.slug)} for candidate in address.likely
        ]
        context = {"exception": str(exception), "likely": [item for item in likely if item["url"]]}
        return render(request, "404.html", context, status=404)
