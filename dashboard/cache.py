"""
Public pages are cached under one generation number that every successful write
bumps, so an editor's save shows at once on every instance sharing the cache.

A page's key holds only the query parameters its view understands, normalised (last
non-blank value, defaults and unusable values left out, in name order), and the view
is called with exactly that query, so junk parameters neither make new renderings nor
new keys. The cache is a help, never a dependency: when it fails (Redis down) pages
are rendered uncached and the failure is logged, never a 500; a failing Redis is not asked
again until its back-off has passed (probation_league/cache_backends.py).

`cache_public_page` marks a view as public and cacheable; the bytes themselves are stored
and served, compressed and with their validators, by dashboard/response_cache.py.
"""

import functools
import logging
import math
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.utils.cache import patch_cache_control

from probation_league.cache_backends import CacheUnavailable

GENERATION_KEY = "data-generation"
# The current generation and when it began (seconds since the epoch): the Last-Modified of what
# it serves. One key, however many writes there are.
GENERATION_TIME_KEY = "data-generation-time"
# What browsers and shared caches (proxies, CDNs) may reuse without asking: a shared cache
# serves an edited page for at most SHARED_MAX_AGE seconds, a reader's own browser MAX_AGE; a
# shared cache may answer STALE_WHILE_REVALIDATE seconds more while it revalidates (cheaply: a 304),
# and keep answering for STALE_IF_ERROR seconds while the site is down.
MAX_AGE = 60
SHARED_MAX_AGE = 10
STALE_WHILE_REVALIDATE = 20
STALE_IF_ERROR = 24 * 60 * 60

logger = logging.getLogger(__name__)

# The data epoch: a file in DATA_DIR that `data_replaced` rewrites when the database's contents are
# replaced outside the site (a restore, `manage.py flush`). Each process reads it at most once per
# EPOCH_CHECK_SECONDS and, when it has changed, bumps the generation in its own cache: a local-memory
# cache is one per process, out of reach of the restore's own bump.
EPOCH_FILE_NAME = "data-epoch"
EPOCH_CHECK_SECONDS = 1.0


def _log_failure(action, error):
    if isinstance(error, CacheUnavailable):
        return  # the breaker logs when the cache fails and when it answers again, not every call
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


def _first_generation():
    """A generation no earlier cache can have used: the time in microseconds. Validators carry the
    generation, so after a restart of a local-memory cache (or an emptied Redis) an old ETag must not
    match again."""
    return time.time_ns() // 1000


def _epoch_path():
    return Path(settings.DATA_DIR) / EPOCH_FILE_NAME


class _DataEpoch:
    """What this process last read of the data epoch file, and when."""

    def __init__(self):
        self._lock = threading.Lock()
        self._path = None
        self._content = None
        self._checked_at = -math.inf

    def seen(self, path, content):
        with self._lock:
            self._path, self._content = path, content

    def changed(self):
        """Whether the epoch differs from what this process last read; read at most once per
        EPOCH_CHECK_SECONDS. The first reading (or one of another DATA_DIR) is no change."""
        now = time.monotonic()
        if now - self._checked_at < EPOCH_CHECK_SECONDS:
            return False
        with self._lock:
            if now - self._checked_at < EPOCH_CHECK_SECONDS:
                return False
            self._checked_at = now
            path = _epoch_path()
            try:
                content = path.read_text()
            except OSError:  # none written yet
                content = None
            changed = path == self._path and content != self._content
            self._path, self._content = path, content
            return changed


_data_epoch = _DataEpoch()
# Set while a write's generation bump could not be made (the cache failing): it is made as soon as
# the cache answers, so pages cached before that write do not outlive it.
_missed_bump = threading.Event()


def current_generation():
    """The data generation, or None when the cache cannot be read (then nothing is cached)."""
    if _data_epoch.changed() or _missed_bump.is_set():
        bump_generation()
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            first = _first_generation()
            cache.add(GENERATION_KEY, first, timeout=None)
            generation = cache.get(GENERATION_KEY, first)
        return generation
    except Exception as error:
        _log_failure("generation read", error)
        return None


def generation_time(generation):
    """When `generation` began, as recorded by the write that began it; where that record is gone or
    is another generation's (two writes at once), from now on, which is no earlier than the last
    write: a later Last-Modified costs a reader one download, never a stale page."""
    try:
        recorded = cache.get(GENERATION_TIME_KEY)
        if recorded is not None and recorded[0] == generation:
            return recorded[1]
        began = time.time()
        cache.set(GENERATION_TIME_KEY, (generation, began), timeout=None)
        return began
    except Exception as error:
        _log_failure("generation time read", error)
        return None


def bump_generation():
    """Make every page cached so far stale. Never raises: the write that calls it has succeeded."""
    try:
        try:
            generation = cache.incr(GENERATION_KEY)
        except ValueError:
            generation = _first_generation()
            cache.set(GENERATION_KEY, generation, timeout=None)
        cache.set(GENERATION_TIME_KEY, (generation, time.time()), timeout=None)
    except Exception as error:
        if not _missed_bump.is_set():
            _missed_bump.set()
            logger.error(
                "cache generation bump failed, to be made when the cache answers: %s: %s", type(error).__name__, error
            )
        return
    if _missed_bump.is_set():
        _missed_bump.clear()
        logger.warning("cache generation bump made, missed while the cache was failing")


def data_replaced():
    """The database's contents were replaced outside the site (a restore, `manage.py flush`): every
    page cached so far, in every process, is stale. Bumps the generation in this process's cache
    (for a shared cache, everyone's) and rewrites the data epoch for processes with caches of their own."""
    bump_generation()
    path = _epoch_path()
    content = f"{uuid.uuid4().hex}\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=f".{EPOCH_FILE_NAME}-", delete=False) as file:
            file.write(content)
        os.replace(file.name, path)  # whole, never half-written, for a process reading it
    except OSError as error:
        logger.error(
            "data epoch not written to %s (%s: %s): other processes' local caches keep their pages until they expire",
            path,
            type(error).__name__,
            error,
        )
        return
    _data_epoch.seen(path, content)


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
    patch_cache_control(
        response,
        public=True,
        max_age=MAX_AGE,
        s_maxage=SHARED_MAX_AGE,
        stale_while_revalidate=STALE_WHILE_REVALIDATE,
        stale_if_error=STALE_IF_ERROR,
    )
    return response


def cache_public_page(view=None, *, query=None):
    """Mark a public GET view's responses as cacheable by generation, host, path and recognised query.

    `query` maps the parameter names the view reads to their normalisers (see `recognised_query`);
    any other parameter is dropped before the view sees the request. A signed-in editor's pages are
    private and never stored. Storing and serving happen in dashboard/response_cache.py's middleware,
    outside the session, CSRF and framing middleware, so what is stored is the response as they leave it.
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
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            return public_cache_headers(response)

        wrapper.public_page_query = parameters
        return wrapper

    return decorate(view) if view is not None else decorate
