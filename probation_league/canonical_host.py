"""
Every page names the site by one host, CANONICAL_HOST, whatever Host a reader's request came with.

A request's host is checked against ALLOWED_HOSTS as Django checks it (any other host is a 400),
then a GET or HEAD is made to carry the canonical host instead. So an allowed host with another
port, case or trailing dot gives the same page as the canonical one: the same absolute links
(canonical, Open Graph, JSON `url`s, embed codes), and the same page-cache key and ETag
(dashboard/response_cache.py keys by the absolute address). Other methods keep the host they were
sent to: CSRF checking compares a form's Origin with it.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http.request import split_domain_port, validate_host

CANONICAL_METHODS = ("GET", "HEAD")


def check_canonical_host():
    """ImproperlyConfigured unless CANONICAL_HOST is a host the site answers: links to it must not be 400s."""
    host = settings.CANONICAL_HOST
    domain, _port = split_domain_port(host)
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:  # as Django allows then
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    if not domain or domain.startswith(".") or not validate_host(domain, allowed):
        raise ImproperlyConfigured(
            f"CANONICAL_HOST {host!r} is not one of ALLOWED_HOSTS: set DJANGO_CANONICAL_HOST to the host readers "
            "use (e.g. league.example.org, or 127.0.0.1:8000 locally) and list it in DJANGO_ALLOWED_HOSTS."
        )


class CanonicalHostMiddleware:
    """Placed just after SecurityMiddleware, before anything reads the host or caches by it."""

    def __init__(self, get_response):
        check_canonical_host()
        self.get_response = get_response

    def __call__(self, request):
        request.get_host()  # DisallowedHost (a 400) for a host not in ALLOWED_HOSTS
        if request.method in CANONICAL_METHODS:
            request.META["HTTP_HOST"] = settings.CANONICAL_HOST
            # Proxies' headers would otherwise win over Host where USE_X_FORWARDED_HOST/PORT is on.
            request.META.pop("HTTP_X_FORWARDED_HOST", None)
            request.META.pop("HTTP_X_FORWARDED_PORT", None)
            request.__dict__.pop("_current_scheme_host", None)  # build_absolute_uri's cached scheme and host
        return self.get_response(request)
