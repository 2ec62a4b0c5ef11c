"""How many mistake reports one client address may send: MISTAKE_REPORTS_PER_WINDOW in any
MISTAKE_REPORTS_WINDOW_SECONDS, counted in the cache (shared by every instance with Redis).

The address is the one login throttling counts (probation_league/client_ip.py): behind the TLS proxy,
the address the proxy saw; an IPv6 client by its /64. The count is of posts, sent or refused, so a flood
of bad posts is slowed as much as one of good ones. When the cache cannot be read, reports are let
through: a reader's report matters more than a flood the cache cannot count.
"""

import logging

from django.conf import settings
from django.core.cache import cache

from probation_league.client_ip import client_ip_address

logger = logging.getLogger(__name__)


def _key(request):
    return f"mistake-reports:{client_ip_address(request) or 'unknown'}"


def take_post(request):
    """Count one post from the request's address; False once the address is over its limit."""
    key, window = _key(request), settings.MISTAKE_REPORTS_WINDOW_SECONDS
    try:
        if cache.add(key, 1, timeout=window):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between the two calls
                cache.set(key, 1, timeout=window)
                count = 1
    except Exception as error:  # any backend error: Redis down, timeout
        logger.warning("mistake report throttle not counted: %s: %s", type(error).__name__, error)
        return True
    return count <= settings.MISTAKE_REPORTS_PER_WINDOW
