"""
Public pages are cached under one generation number that every successful write
bumps, so an editor's save shows at once on every instance sharing the cache.

A page's key holds only the query parameters its view understands, normalised (last
non-blank value, defaults and unusable values left out, in name order), and the view
is called with exactly that query, so junk parameters neither make new renderings nor
new keys. The cache is a help, never a dependency: when it fails (Redis down) pages
are rendered uncached and the failure is logged, never a 500.
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.utils.cache import patch_cache_control

GENERATION_KEY = "data-generation"
# What browsers and shared caches (proxies, CDNs) may reuse without asking: a shared cache
# serves an edited page for at most SHARED_MAX_AGE seconds, a reader's own browser MAX_AGE.
MAX_AGE = 60
SHARED_MAX_AGE = 10

logger = logging.getLogger(__name__)


def _log_failure(action, error):
    logger.warning("cache %s failed, serving uncached: %s: %s", action, type(error).__name__, error)


def safe_get(key):
    try:
        return cache.get(key)
    except Exception as error:  # any backend error: Redis down, timeout, bad pickle
        _log_failure("get", error)
        return None


def safe_set(key, value, timeout):
    try:
        cache.set(key, value, timeout)
    except Exception as error:
        _log_failure("set", error)


def current_generation():
    """The data generation, or None when the cache cannot be read (then nothing is cached)."""
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, 1, timeout=None)
            generation = cache.get(GENERATION_KEY, 1)
        return generation
    except Exception as error:
        _log_failure("generation read", error)
        return None


def bump_generation():
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, timeout=None)
    except Exception as error:
        # The write itself succeeded; pages cached before it may show until they expire.
        logger.error("cache generation bump failed: %s: %s", type(error).__name__, error)


def unless(default):
    """A parameter normaliser: the value, or "" (left out) when it is the parameter's default."""
    return lambda value: "" if value == default else value


def recognised_query(query, parameters):
    """The recognised parameters of `query`, normalised, as an immutable QueryDict.

    `parameters` maps each name to a function from its value to the value to keep ("" leaves it
    out); only the last non-blank value counts, as `QueryDict.get` reads it.
    """
    kept = QueryDict(mutable=True)
    for name in sorted(parameters):
        values = [value.strip() for value in query.getlist(name) if value.strip()]
        if values:
            value = parameters[name](values[-1])
            if value:
                kept[name] = value
    kept._mutable = False
    return kept


def public_cache_headers(response):
    patch_cache_control(response, public=True, max_age=MAX_AGE, s_maxage=SHARED_MAX_AGE)
    return response


def cache_public_page(view=None, *, query=None):
    """Cache a public GET view's successful responses by generation, host, path and recognised query.

    `query` maps the parameter names the view reads to their normalisers (see `recognised_query`);
    any other parameter is dropped before the view sees the request.
    """
    parameters = query or {}

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            if request.user.is_authenticated:
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True)
                return response
            request.GET = recognised_query(request.GET, parameters)
            request.META["QUERY_STRING"] = request.GET.urlencode()
            generation = current_generation()
            # The host and scheme too: pages carry absolute links (canonical, Open Graph, share).
            key = None
            if generation is not None:
                address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
                key = f"page:{generation}:{address}"
            response = safe_get(key) if key else None
            if response is None:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                if key and response.status_code == 200 and not response.streaming:
                    safe_set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
            return public_cache_headers(response)

        return wrapper

    return decorate(view) if view is not None else decorate
