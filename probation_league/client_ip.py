"""The address a request comes from, as django-axes should count it for login throttling.

Behind the one TLS-terminating proxy (`DJANGO_BEHIND_TLS_PROXY`), every connection comes from the
proxy, which appends the address it saw to `X-Forwarded-For`. Only that last entry is the proxy's
word; anything before it was sent by the client and may be forged, so it is never trusted.
Without the proxy, `X-Forwarded-For` is ignored altogether.
"""

import ipaddress

from django.conf import settings


def _valid_address(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip_address(request):
    remote_address = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_TLS_PROXY:
        return remote_address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last_hop = forwarded.rsplit(",", 1)[-1] if forwarded else ""
    return _valid_address(last_hop) or remote_address
