"""The search: `/find/?q=` answers a postcode, an outward code or a name, and `/find/suggest.json?q=` suggests
names as one types.

One match goes straight to its page; a postcode leads to its council's page, so the address a reader shares
names a council, never a home. Nothing here is stored in the page cache (these views are not marked with
`cache_public_page`) and nothing logs the query: an answer that carries a postcode, or a redirect from one, is
`no-store`; the rest `private, max-age=0`.
"""

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control

from places.postcodes import LookupMissing, MalformedQuery

from ..selectors import search as searching

# The answer to a search by postcode or outward code, by its status: the template's state and the HTTP status.
PLACE_STATES = {
    searching.FOUND: ("district", 200),
    searching.ELSEWHERE: ("elsewhere", 200),
    searching.UNKNOWN: ("unknown", 404),
    searching.UNPLACED: ("unplaced", 404),
}


def _private(response):
    """Not for any shared cache, and checked again each time."""
    patch_cache_control(response, private=True, max_age=0)
    return response


def _not_kept(response):
    """Kept by no cache at all, the reader's own browser included: the answer carries a postcode."""
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True)
    return response


def _page(request, state, status=200, **context):
    return render(request, "dashboard/find.html", {"state": state, **context}, status=status)


def find(request):
    """The search page, or the answer to `q`."""
    if "q" not in request.GET:
        return _private(_page(request, "start"))
    text = request.GET.get("q", "")
    try:
        answer = searching.search(text)
    except MalformedQuery as problem:
        # It may be a mistyped postcode: kept nowhere, like one.
        return _not_kept(_page(request, "malformed", 400, problem=str(problem), typed=text[:200]))
    except LookupMissing:
        return _not_kept(_page(request, "unavailable", 503, typed=text))

    if answer.kind == "name":
        if answer.only_match is not None:
            return _private(redirect(answer.only_match.url))
        state = "results" if answer.matches else "nothing"
        return _private(
            _page(
                request,
                state,
                answer=answer,
                typed=answer.query.text,
                more_councils=len(answer.councils) >= searching.MAX_MATCHES,
                more_providers=len(answer.providers) >= searching.MAX_MATCHES,
            )
        )

    if answer.only_match is not None:
        return _not_kept(redirect(answer.only_match.url))
    state, status = PLACE_STATES[answer.status]
    return _not_kept(
        _page(
            request,
            state,
            status,
            answer=answer,
            typed=answer.query.text,
            postcode_directory=searching.POSTCODE_DIRECTORY,
        )
    )


def find_suggestions(request):
    """`{"suggestions": [{"label", "detail", "url"}, …]}`: at most eight names for what is typed so far. Text
    with a digit (it may be a postcode) gets none; the box's script does not even send it."""
    response = JsonResponse({"suggestions": searching.suggestions(request.GET.get("q", "")[:200])})
    return _private(response)
