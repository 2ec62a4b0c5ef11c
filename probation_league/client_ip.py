"""The address a request comes from, as django-axes should count it for login throttling.

Behind the one TLS-terminating proxy (`DJANGO_BEHIND_TLS_PROXY`), every connection comes from the
proxy, which appends the address it saw to `X-Forwarded-For`. Only that last entry is the proxy's
word; anything before it was sent by the client and may be forged, so it is never trusted.
Without the proxy, `X-Forwarded-For` is ignored altogether.

An IPv6 client is counted by its /64 network (written as the network's first address), since one
home or server is given a whole /64 and could otherwise try again from each of its addresses.
An IPv4 address is counted whole.
"""

import ipaddress

from django.conf import settings

IPV6_COUNTED_PREFIX = 64


def counted_address(value):
    """The address as login throttling counts it, or None if `value` is not an IP address."""
    try:
        address = ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, IPV6_COUNTED_PREFIX), strict=False).network_address)
    return str(address)


def client_ip_address(request):
    remote_address = request.META.get("REMOTE_ADDR")
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last_hop = forwarded.rsplit(",", 1)[-1] if forwarded else ""
        return counted_address(last_hop) or counted_address(remote_address) or remote_address
    return counted_address(remote_address) or remote_address
