"""
Public pages are cached under one generation number that every successful write
bumps, so an editor's save shows at once on every instance sharing the cache.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control

GENERATION_KEY = "data-generation"


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def bump_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def cache_public_page(view):
    """Cache a public GET view's successful responses by generation and absolute URL."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        # The host and scheme too: pages carry absolute links (canonical, Open Graph, share).
        path = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"page:{current_generation()}:{path}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.streaming:
                cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
        patch_cache_control(response, public=True, max_age=60)
        return response

    return wrapper
