"""/healthz: whether this instance can serve pages, for load balancers and uptime checks.

200 while the database answers, 503 (naming it) when it does not. The cache is reported but never
fails the check: without it pages are served uncached, so taking the instances out of service
because a shared Redis is failing would only turn a slower site into no site.

Two tiny round trips, never cached, no session or template. The cache check writes, reads back and
deletes a key of its own, so concurrent checks never disturb one another.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .cache_backends import CacheUnavailable

logger = logging.getLogger(__name__)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    key, value = f"healthz:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, 10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the value written was not read back")
    finally:
        cache.delete(key)


@never_cache
@require_safe
def healthz(request):
    lines, failed = [], False
    try:
        _database()
        lines.append("database: ok")
    except Exception as error:  # any failure of the part is the answer, not a 500
        failed = True
        lines.append(f"database: failing ({type(error).__name__})")
        logger.error("healthz: database failing: %s: %s", type(error).__name__, error)
    try:
        _cache()
        lines.append("cache: ok")
    except Exception as error:
        if isinstance(error, CacheUnavailable):  # logged by the breaker, once
            lines.append(f"cache: failing ({error.failure}), serving uncached")
        else:
            lines.append(f"cache: failing ({type(error).__name__}), serving uncached")
            logger.error("healthz: cache failing: %s: %s", type(error).__name__, error)
    body = "\n".join(lines) + "\n"
    return HttpResponse(body, status=503 if failed else 200, content_type="text/plain; charset=utf-8")
