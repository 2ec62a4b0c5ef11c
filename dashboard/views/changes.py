"""/changes/: the public list of additions and corrections, so readers can see what changed and when."""

from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ..cache import cache_public_page, unless
from ..selectors.changes import KINDS, changes_page
from ..tables import listed_page_number


@cache_public_page(query={"kind": str, "page": unless("1")})
def changes(request):
    kind = request.GET.get("kind", "")
    if kind and kind not in KINDS:
        return HttpResponse(
            f"'{kind[:40]}' is not a kind of change: use addition, correction or removal, or leave it out.\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    number = listed_page_number(request.GET.get("page", "1"))
    if number is None:
        raise Http404("No such page of changes: pages are numbered 1, 2, 3 and so on.")
    try:
        page = changes_page(number, kind)
    except InvalidPage as error:
        raise Http404(f"No such page of changes ({error}).") from None
    return render(request, "dashboard/changes.html", {"changes": page})
