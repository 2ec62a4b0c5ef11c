"""/healthz: 200 when the database and the cache answer, 503 naming the part that does not.

For load balancers and uptime checks: two tiny round trips, never cached, no session or template.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    key, value = "healthz", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("the value written was not read back")


@never_cache
@require_safe
def healthz(request):
    lines, failed = [], False
    for name, check in (("database", _database), ("cache", _cache)):
        try:
            check()
            lines.append(f"{name}: ok")
        except Exception as error:  # any failure of the part is the answer, not a 500
            failed = True
            lines.append(f"{name}: failing ({type(error).__name__})")
            logger.error("healthz: %s failing: %s: %s", name, type(error).__name__, error)
    body = "\n".join(lines) + "\n"
    return HttpResponse(body, status=503 if failed else 200, content_type="text/plain; charset=utf-8")
