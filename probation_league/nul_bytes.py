"""A NUL character (raw or %00) in the path, the query string or a form field is refused with a 400.

No text the site stores or looks up can hold one (PostgreSQL refuses it outright), so such a request
is a mistake or a probe. It is answered here, before any view, cache or database sees it.
"""

from django.http import HttpResponseBadRequest

NUL = "\x00"


def _has_nul(query_dict):
    return any(NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists())


def nul_location(request):
    """Where the request carries a NUL ("address", "query string", "form field"), or None."""
    if NUL in request.path:
        return "address"
    if _has_nul(request.GET):
        return "query string"
    # Uploaded files may hold any bytes; Django already drops unprintable characters from their names.
    if request.method == "POST" and _has_nul(request.POST):
        return "form field"
    return None


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        location = nul_location(request)
        if location is not None:
            return HttpResponseBadRequest(
                f"Bad request: the {location} contains a NUL character (%00), which nothing on this site accepts.\n",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
