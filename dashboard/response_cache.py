"""
What a public page costs once it is cached: a lookup, as a static file does.

A public view (marked by `cache.cache_public_page`) is rendered once per data generation, address
and recognised query; what goes out is stored as the bytes on the wire, with the headers the inner
middleware gave it, and compressed once in each encoding (gzip, Brotli) when first asked for. Later
requests are answered from the stored bytes before the session, the view or any template is
reached, and nothing is compressed again.

Every such answer carries validators derived from the generation: a weak ETag (the generation and
the address) and Last-Modified (when the generation began). A request whose If-None-Match or
If-Modified-Since matches is answered 304 before any other work. A write bumps the generation
(dashboard/signals.py), so every instance's validators and bytes change at once.

The shared cache (Redis, or local memory) holds the stored answers; each process also keeps copies
of those it served lately (`RecentAnswers`), so that a cached answer costs one read of the
generation from the shared cache.

Streamed exports are stored the same way while they are small (up to
PUBLIC_CACHE_MAX_BYTES); a larger one goes on streaming in constant memory, with its ETag.

Signed-in editors (a session cookie) are never served or stored here: their pages are private.
Cached pages hold no secret (no CSRF token, no session data), so compressing them once is safe
from BREACH; anything else is compressed per response by `CompressionMiddleware`.
"""

import copy
import functools
import gzip
import hashlib
import itertools
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import brotli
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.http.response import ResponseHeaders
from django.middleware.gzip import GZipMiddleware
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from .cache import current_generation, generation_time, public_cache_headers, recognised_query, safe_get, safe_set

ENCODINGS = ("br", "gzip")  # in order of preference, each where the client accepts it
VARY = ("Accept-Encoding", "Cookie")
# Headers each answer gets afresh: lengths and encodings differ per encoding; validators are ours.
RECOMPUTED_HEADERS = {"content-length", "content-encoding", "etag", "last-modified", "vary"}
# Below this, compression saves nothing worth a header (GZipMiddleware's own threshold).
MIN_COMPRESSED_SIZE = 200
GZIP_LEVEL = 9
# On the 125 KB league page: quality 6 takes 1 ms for 6.3 KB, 9 takes 11 ms for 6.1 KB, 11 80 ms.
BROTLI_QUALITY = 6
COMPRESSIBLE_TYPES = {
    "application/json",
    "application/javascript",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "image/svg+xml",
}


def compressible(content_type):
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    return media_type.startswith("text/") or media_type in COMPRESSIBLE_TYPES or media_type.endswith(("+xml", "+json"))


def accepted_encodings(request):
    """The content codings the request accepts (q > 0), from its Accept-Encoding header."""
    accepted = set()
    for item in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        coding, _, parameters = item.partition(";")
        quality = 1.0
        for parameter in parameters.split(";"):
            name, _, value = parameter.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            accepted.add(coding.strip().lower())
    return accepted


def chosen_encoding(request):
    accepted = accepted_encodings(request)
    return next((encoding for encoding in ENCODINGS if encoding in accepted or "*" in accepted), "identity")


def compress(body, encoding):
    if encoding == "gzip":
        return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
    return brotli.compress(body, quality=BROTLI_QUALITY)


def copied_headers(headers):
    """A copy of stored `headers` to add to, made without checking each header again: they were
    checked when stored."""
    copied = copy.copy(headers)
    copied._store = dict(headers._store)
    return copied


@dataclass(frozen=True)
class StoredResponse:
    """One encoding of a response exactly as it goes out: status, every header (validators, length
    and encoding included) and body, so that answering is building one object."""

    status: int
    headers: ResponseHeaders
    body: bytes
    # What the outer middleware reads from the response object (django-csp's per-view policy).
    attributes: dict = field(default_factory=dict)

    def response(self):
        response = HttpResponse(status=self.status)
        response.headers = copied_headers(self.headers)  # the outer middleware adds to it
        response.content = self.body
        for name, value in self.attributes.items():
            setattr(response, name, value)
        response.precompressed = True  # CompressionMiddleware leaves it alone
        return response


def with_validators(response, etag, last_modified):
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(math.ceil(last_modified))
    patch_vary_headers(response, VARY)
    return response


def stored_identity(response, body, etag, last_modified):
    """The StoredResponse of `response` with `body`, uncompressed, with its validators."""
    headers = ResponseHeaders(
        {name: value for name, value in response.items() if name.lower() not in RECOMPUTED_HEADERS}
    )
    headers["Content-Length"] = str(len(body))
    headers = with_validators(HttpResponse(headers=headers), etag, last_modified).headers
    attributes = {name: value for name, value in vars(response).items() if name.startswith("_csp")}
    return StoredResponse(response.status_code, headers, body, attributes)


def encoded(identity, encoding):
    """`identity` compressed in `encoding`, or `identity` itself where that would not help."""
    if not compressible(identity.headers.get("Content-Type")) or len(identity.body) < MIN_COMPRESSED_SIZE:
        return identity
    body = compress(identity.body, encoding)
    if len(body) >= len(identity.body):
        return identity
    headers = copied_headers(identity.headers)
    headers["Content-Encoding"] = encoding
    headers["Content-Length"] = str(len(body))
    return StoredResponse(identity.status, headers, body, identity.attributes)


class RecentAnswers:
    """This process's copies of the stored answers it served lately, least recently used dropped
    first beyond PUBLIC_CACHE_LOCAL_BYTES. A stored answer never changes (its key holds the
    generation, which is still read from the shared cache on every request), so a copy is never
    stale; it saves the shared cache's round trip and the unpickling of the bytes."""

    OVERHEAD = 1024  # headers and bookkeeping, roughly, per copy

    def __init__(self):
        self._copies = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def clear(self):
        with self._lock:
            self._copies.clear()
            self._size = 0

    def get(self, key):
        with self._lock:
            stored = self._copies.get(key)
            if stored is not None:
                self._copies.move_to_end(key)
            return stored

    def put(self, key, stored):
        budget = settings.PUBLIC_CACHE_LOCAL_BYTES
        size = len(stored.body) + self.OVERHEAD
        if size > budget:
            return
        with self._lock:
            previous = self._copies.pop(key, None)
            if previous is not None:
                self._size -= len(previous.body) + self.OVERHEAD
            self._copies[key] = stored
            self._size += size
            while self._size > budget:
                _, dropped = self._copies.popitem(last=False)
                self._size -= len(dropped.body) + self.OVERHEAD


recent_answers = RecentAnswers()


def etag_matches(request, etag):
    """If-None-Match, compared weakly (RFC 9110 13.1.2). "*" is not taken as a match: whether the
    address has a page at all (an unknown provider is a 404) is known only by rendering it."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    opaque = etag.removeprefix("W/")
    return any(tag.removeprefix("W/") == opaque for tag in parse_etags(header))


def not_modified_since(request, last_modified):
    """If-Modified-Since, only where the request has no If-None-Match (RFC 9110 13.2.2)."""
    if request.META.get("HTTP_IF_NONE_MATCH") or last_modified is None:
        return False
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and math.ceil(last_modified) <= since


def not_modified(etag, last_modified):
    response = with_validators(public_cache_headers(HttpResponseNotModified()), etag, last_modified)
    response.precompressed = True
    return response


@functools.lru_cache(maxsize=4096)
def public_page_query(path):
    """The recognised parameters of the public, cacheable view at `path`, or None. The URLconf is
    fixed for the process's life, so each path is resolved once (paths of junk included, boundedly)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return getattr(match.func, "public_page_query", None)


@receiver(setting_changed)
def _forget_resolved_paths(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        public_page_query.cache_clear()


class PublicResponseCacheMiddleware:
    """Serves and stores public pages' bytes; placed just after WhiteNoise, before the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        parameters = public_page_query(request.path_info)
        if parameters is None:
            return self.get_response(request)
        request.GET = recognised_query(request.GET, parameters)
        request.META["QUERY_STRING"] = request.GET.urlencode()
        generation = current_generation()
        if generation is None:  # the cache is down: rendered uncached, as the view would be
            return self.get_response(request)

        # The scheme and host too: pages carry absolute links (canonical, Open Graph, share). The host is
        # CANONICAL_HOST whatever the request said (probation_league/canonical_host.py): one key per page.
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        etag = f'W/"{generation:x}-{address[:16]}"'
        if etag_matches(request, etag):
            return not_modified(etag, None)
        if request.META.get("HTTP_IF_MODIFIED_SINCE"):
            last_modified = generation_time(generation)
            if not_modified_since(request, last_modified):
                return not_modified(etag, last_modified)

        key = f"page:{generation}:{address}"
        encoding = chosen_encoding(request)
        stored = self._stored(f"{key}:{encoding}")
        if stored is None and encoding != "identity":
            # Rendered already, not yet asked for in this encoding: compressed now, once.
            identity = self._stored(f"{key}:identity")
            if identity is not None:
                stored = self._keep(f"{key}:{encoding}", encoded(identity, encoding))
        if stored is not None:
            return stored.response()

        response = self.get_response(request)
        if response.status_code != 200 or response.cookies or "private" in response.get("Cache-Control", ""):
            return response
        body = self._body(response)
        last_modified = generation_time(generation)
        if body is None:  # too large to hold: it streams on, revalidated by its ETag
            return with_validators(response, etag, last_modified)
        stored = self._keep(f"{key}:identity", stored_identity(response, body, etag, last_modified))
        if encoding != "identity":
            stored = self._keep(f"{key}:{encoding}", encoded(stored, encoding))
        return stored.response()

    @staticmethod
    def _stored(key):
        stored = recent_answers.get(key)
        if stored is None:
            stored = safe_get(key)
            if stored is not None:
                recent_answers.put(key, stored)
        return stored

    @staticmethod
    def _keep(key, stored):
        safe_set(key, stored, settings.PUBLIC_PAGE_CACHE_SECONDS)
        recent_answers.put(key, stored)
        return stored

    @staticmethod
    def _body(response):
        """The response's bytes; for a stream, read up to PUBLIC_CACHE_MAX_BYTES, or None (and the
        stream left whole, its first pieces put back) when it is longer."""
        if not response.streaming:
            return response.content
        limit = settings.PUBLIC_CACHE_MAX_BYTES
        pieces, size = [], 0
        stream = iter(response.streaming_content)
        for piece in stream:
            pieces.append(piece)
            size += len(piece)
            if size > limit:
                response.streaming_content = itertools.chain(pieces, stream)
                return None
        return b"".join(pieces)


class CompressionMiddleware(GZipMiddleware):
    """GZipMiddleware (with its padding against BREACH) for what is not already compressed:
    it leaves stored public answers and incompressible types (PNG) alone."""

    def process_response(self, request, response):
        if getattr(response, "precompressed", False) or not compressible(response.get("Content-Type")):
            return response
        return super().process_response(request, response)
