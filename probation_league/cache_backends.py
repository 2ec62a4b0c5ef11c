"""
Django's Redis cache behind a circuit breaker: a Redis that is down, or that accepts connections
and never answers, costs one timeout per back-off period, not one per cache call.

While the cache answers, every call goes through. When a call fails (a connection error, a
timeout, any error of Redis itself), the breaker opens: for `breaker_backoff_seconds` every call
raises `CacheUnavailable` at once, without a round trip, and callers serve uncached
(dashboard/cache.py). Then one call goes through as a probe: if it succeeds the breaker closes; if
it fails the back-off doubles, up to `breaker_max_backoff_seconds`. The opening, each failed probe
and the closing are logged once each, not per request.

Both back-offs are OPTIONS of the cache (settings.CACHES). There is one breaker per Redis location
in a process, shared by its threads, so a process asks a dead Redis at most once per back-off.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

BACKOFF_SECONDS = 2.0
MAX_BACKOFF_SECONDS = 30.0
# Failures of the cache itself. A caller's own errors (incr of a missing key: ValueError; a value
# that cannot be pickled) pass through and leave the breaker as it is.
CACHE_FAILURES = (RedisError, OSError)


class CacheUnavailable(Exception):
    """The cache failed, or is not being asked while it recovers; the breaker has logged why.
    `failure` names the kind of error behind it (ConnectionError, TimeoutError)."""

    def __init__(self, message, failure):
        super().__init__(message)
        self.failure = failure


def _address(server):
    """A Redis URL without its credentials, as a log may show it."""
    parts = urlsplit(server)
    if parts.scheme == "unix":
        return parts.path
    return f"{parts.hostname}:{parts.port or 6379}{parts.path}"


def location_name(servers):
    return ",".join(_address(server) for server in servers)


def _described(error):
    return f"{type(error).__name__}: {error}"


class CircuitBreaker:
    def __init__(self, name, backoff, max_backoff, clock=time.monotonic):
        self.name = name
        self.initial_backoff = backoff
        self.max_backoff = max_backoff
        self.clock = clock
        self._lock = threading.Lock()
        self._retry_at = None  # None while closed
        self._backoff = backoff
        self._probing = False
        self._opened_at = None
        self.last_failure = None
        self.last_failure_kind = None

    @property
    def is_open(self):
        return self._retry_at is not None

    def call(self, operation, *args, **kwargs):
        probe = self._admit()
        try:
            result = operation(*args, **kwargs)
        except CACHE_FAILURES as error:
            self._failed(error, probe)
            raise CacheUnavailable(f"{self.name}: {_described(error)}", type(error).__name__) from error
        except Exception:
            self._answered(probe)  # the cache answered; the error is the caller's
            raise
        except BaseException:
            if probe:
                with self._lock:
                    self._probing = False  # interrupted: the next call after the back-off probes
            raise
        self._answered(probe)
        return result

    def _admit(self):
        """Whether this call is the probe (True) or an ordinary call (False); raises while open."""
        if self._retry_at is None:
            return False
        with self._lock:
            if self._retry_at is None:
                return False
            if self._probing or self.clock() < self._retry_at:
                raise CacheUnavailable(
                    f"{self.name}: not asked while it recovers from {self.last_failure}", self.last_failure_kind
                )
            self._probing = True
            return True

    def _failed(self, error, probe):
        with self._lock:
            now = self.clock()
            self.last_failure = _described(error)
            self.last_failure_kind = type(error).__name__
            if probe:
                self._probing = False
                self._backoff = min(self._backoff * 2, self.max_backoff)
                self._retry_at = now + self._backoff
                logger.warning(
                    "cache %s still failing after %.0f s (%s); next try in %.0f s, serving uncached",
                    self.name,
                    now - self._opened_at,
                    self.last_failure,
                    self._backoff,
                )
            elif self._retry_at is None:
                self._backoff = self.initial_backoff
                self._retry_at = now + self._backoff
                self._opened_at = now
                logger.warning(
                    "cache %s failing (%s); not asked again for %.0f s, serving uncached",
                    self.name,
                    self.last_failure,
                    self._backoff,
                )
            # Otherwise a call begun before the breaker opened: already reported.

    def _answered(self, probe):
        if not probe:
            return
        with self._lock:
            self._probing = False
            logger.warning("cache %s answering again after %.0f s", self.name, self.clock() - self._opened_at)
            self._retry_at = None
            self._opened_at = None
            self._backoff = self.initial_backoff


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(name, backoff, max_backoff):
    """The process's breaker for the cache at `name`, shared by every thread's backend instance."""
    key = (name, backoff, max_backoff)
    with _breakers_lock:
        if key not in _breakers:
            _breakers[key] = CircuitBreaker(name, backoff, max_backoff)
        return _breakers[key]


@receiver(setting_changed)
def _forget_breakers(setting, **kwargs):
    # Caches configured anew (tests' override_settings) start closed, as in a new process.
    if setting == "CACHES":
        with _breakers_lock:
            _breakers.clear()


class BreakerRedisCache(RedisCache):
    """RedisCache whose every call goes through the location's CircuitBreaker."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        backoff = float(options.pop("breaker_backoff_seconds", BACKOFF_SECONDS))
        max_backoff = float(options.pop("breaker_max_backoff_seconds", MAX_BACKOFF_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = breaker_for(location_name(self._servers), backoff, max_backoff)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.breaker.call(super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self.breaker.call(super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.breaker.call(super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.breaker.call(super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self.breaker.call(super().delete, key, version)

    def get_many(self, keys, version=None):
        return self.breaker.call(super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self.breaker.call(super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        return self.breaker.call(super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.breaker.call(super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self.breaker.call(super().delete_many, keys, version)

    def clear(self):
        return self.breaker.call(super().clear)
