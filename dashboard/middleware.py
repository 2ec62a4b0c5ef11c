"""
The public pages only read: GET and HEAD. Any other method gets a 405 naming the allowed ones,
before CSRF checking (so PUT or DELETE is not a misleading CSRF failure) and before any view
renders (so TRACE or OPTIONS never returns a page). The open-data addresses, which other sites
fetch from their own pages, also answer a CORS preflight (OPTIONS).
"""

from django.http import HttpResponse, HttpResponseNotAllowed

READ_METHODS = ("GET", "HEAD")

# The dashboard URLs other origins may fetch (they send Access-Control-Allow-Origin: *).
CORS_OPEN_URL_NAMES = frozenset(
    {
        "league-csv",
        "league-json",
        "provider-export",
        "standard-export",
        "owner-export",
        "compare-export",
        "dataset-json",
        "dataset-csv",
        "data-sources",
        "open-data-doc",
        "feed",
        "provider-badge",
        "provider-preview",
        "compare-preview",
    }
)
PREFLIGHT_MAX_AGE = 24 * 60 * 60


def cors_preflight_response():
    response = HttpResponse(status=204)
    response["Allow"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = "*"
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


def method_not_allowed_response(method, allowed):
    return HttpResponseNotAllowed(
        allowed,
        f"{method} is not allowed here: this address answers {', '.join(allowed)}.\n",
        content_type="text/plain; charset=utf-8",
    )


class PublicMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.app_name != "dashboard" or request.method in READ_METHODS:
            return None
        cors_open = match.url_name in CORS_OPEN_URL_NAMES
        if cors_open and request.method == "OPTIONS":
            return cors_preflight_response()
        allowed = [*READ_METHODS, "OPTIONS"] if cors_open else list(READ_METHODS)
        return method_not_allowed_response(request.method, allowed)
