"""A dead or hanging Redis costs one timeout per back-off, not one per request: the circuit breaker."""

import logging
import runpy
import socket
import time
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test.utils import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from inspections.models import Inspection
from inspections.services.inputs import inspection_input
from inspections.services.inspections import replace_inspection
from probation_league.cache_backends import CacheUnavailable, CircuitBreaker
from providers.models import Provider
from tests.redis_service import needs_redis, redis_url_for_tests

ROOT = Path(__file__).resolve().parent.parent.parent
DUMMY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def production_caches(monkeypatch, redis_url, backoff="30"):
    """settings.CACHES as production builds it for REDIS_URL; by default with a back-off longer than a test."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("CACHE_BACKOFF_SECONDS", backoff)
    return runpy.run_path(str(ROOT / "probation_league" / "settings.py"))["CACHES"]


@pytest.fixture
def hanging_redis(monkeypatch):
    """The production cache pointed at a port that accepts connections and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        caches = production_caches(monkeypatch, f"redis://127.0.0.1:{server.getsockname()[1]}/0")
        with override_settings(CACHES=caches):
            yield


@pytest.fixture
def dead_redis(monkeypatch):
    """The production cache pointed at a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free once closed: connections are refused
    with override_settings(CACHES=production_caches(monkeypatch, f"redis://127.0.0.1:{port}/0")):
        yield


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def get_pages(client, count):
    responses = [client.get("/changes/") for _ in range(count)]
    assert all(response.status_code == 200 for response in responses)
    return responses[-1].content


def breaker_messages(caplog):
    return [record.getMessage() for record in caplog.records if record.name == "probation_league.cache_backends"]


def test_production_puts_redis_behind_the_breaker(monkeypatch):
    caches = production_caches(monkeypatch, "redis://:secret@redis.internal:6379/2")
    assert caches["default"]["BACKEND"] == "probation_league.cache_backends.BreakerRedisCache"
    with override_settings(CACHES=caches):
        assert cache.breaker.name == "redis.internal:6379/2"  # what the logs show: no password


@pytest.mark.django_db
@pytest.mark.parametrize("broken_redis", ["hanging_redis", "dead_redis"])
def test_after_the_first_failure_pages_render_at_uncached_speed(client, first_round, request, caplog, broken_redis):
    with override_settings(CACHES=DUMMY_CACHE):
        get_pages(client, 2)  # templates compiled
        page, uncached = timed(lambda: get_pages(client, 20))

    request.getfixturevalue(broken_redis)
    with caplog.at_level(logging.WARNING):
        _, first = timed(lambda: get_pages(client, 1))
        served, broken = timed(lambda: get_pages(client, 20))
    assert first < 1.5  # one timeout (0.5 s) at most
    # At least half the uncached rate, with room for a busy machine; a Redis asked each time would add
    # 0.5 s a request, 10 s in all.
    assert broken < 2 * uncached + 1.0
    assert served == page
    # Logged once, when the breaker opened; not per request or per cache call.
    assert len(breaker_messages(caplog)) == 1
    assert "serving uncached" in breaker_messages(caplog)[0]
    assert not [record for record in caplog.records if record.name == "dashboard.cache"]


@pytest.mark.django_db
def test_an_inspection_saves_promptly_with_a_hanging_redis(
    first_round, hanging_redis, django_capture_on_commit_callbacks
):
    inspection = Inspection.objects.get(provider__short_name="KSS CRC")
    edited = replace(inspection_input(inspection), notes="Checked against the report.")

    def save():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:  # the commit's generation bump too
            replace_inspection(inspection, edited)
        assert callbacks

    _, seconds = timed(save)
    assert seconds < 5
    assert Inspection.objects.get(pk=inspection.pk).notes == "Checked against the report."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("broken_redis", "failure"), [("hanging_redis", "TimeoutError"), ("dead_redis", "ConnectionError")]
)
def test_healthz_answers_promptly_and_names_the_failure(client, request, broken_redis, failure):
    request.getfixturevalue(broken_redis)
    for _ in range(3):
        response, seconds = timed(lambda: client.get("/healthz"))
        assert seconds < 1.5
        assert response.status_code == 200
        assert response.content.decode() == f"database: ok\ncache: failing ({failure}), serving uncached\n"
    # After the first check the breaker answers without asking Redis.
    _, seconds = timed(lambda: client.get("/healthz"))
    assert seconds < 0.2


@pytest.mark.django_db
@needs_redis
def test_pages_are_cached_and_edits_shown_through_the_breaker(
    client, first_round, monkeypatch, django_assert_num_queries, django_capture_on_commit_callbacks
):
    caches = production_caches(monkeypatch, redis_url_for_tests())
    caches["default"]["KEY_PREFIX"] = "cache-backends-tests"
    with override_settings(CACHES=caches):
        cache.clear()
        try:
            assert client.get("/providers/kss-crc/").status_code == 200
            with django_assert_num_queries(0):
                assert client.get("/providers/kss-crc/?utm_source=x").status_code == 200
            provider = Provider.objects.get(slug="kss-crc")
            provider.name = "Kent, Surrey and Sussex CRC (renamed)"
            cache.delete("data-generation")  # the bump's incr then finds no key: a ValueError, not a failure
            with django_capture_on_commit_callbacks(execute=True):
                provider.save()
            assert "(renamed)" in client.get("/providers/kss-crc/").content.decode()
            assert not cache.breaker.is_open
        finally:
            cache.clear()


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class Redis:
    """Stands for Redis answering or not; counts what it is asked."""

    def __init__(self):
        self.answering = False
        self.calls = 0

    def get(self):
        self.calls += 1
        if not self.answering:
            raise RedisConnectionError("Error 111 connecting to 127.0.0.1:1. Connection refused.")
        return "value"


@pytest.fixture
def breaker():
    clock = Clock()
    return CircuitBreaker("redis.internal:6379/0", backoff=2, max_backoff=5, clock=clock), clock


def test_the_breaker_asks_again_only_after_its_backoff_doubling_up_to_the_maximum(breaker, caplog):
    breaker, clock = breaker
    redis = Redis()
    with caplog.at_level(logging.WARNING):
        for backoff in (2, 4, 5, 5):  # opened for 2 s, then each failed probe doubles it, up to 5
            with pytest.raises(CacheUnavailable) as failed:
                breaker.call(redis.get)
            assert failed.value.failure == "ConnectionError"
            asked = redis.calls
            for _ in range(10):
                with pytest.raises(CacheUnavailable):
                    breaker.call(redis.get)
            clock.now += backoff - 0.01
            with pytest.raises(CacheUnavailable):
                breaker.call(redis.get)
            assert redis.calls == asked  # not asked while open
            clock.now += 0.01
        redis.answering = True
        assert breaker.call(redis.get) == "value"
        assert not breaker.is_open
    messages = breaker_messages(caplog)
    assert len(messages) == 5  # opened, three failed probes, closed
    assert messages[0] == (
        "cache redis.internal:6379/0 failing (ConnectionError: Error 111 connecting to 127.0.0.1:1. Connection "
        "refused.); not asked again for 2 s, serving uncached"
    )
    assert "still failing after 2 s" in messages[1] and "next try in 4 s" in messages[1]
    assert messages[-1] == "cache redis.internal:6379/0 answering again after 16 s"


def test_one_probe_at_a_time_decides(breaker):
    breaker, clock = breaker
    redis = Redis()
    with pytest.raises(CacheUnavailable):
        breaker.call(redis.get)
    clock.now += 2
    redis.answering = True
    others = []

    def probe():
        # Another request while the probe is in flight is not let through.
        with pytest.raises(CacheUnavailable):
            breaker.call(redis.get)
        others.append("refused")
        return redis.get()

    assert breaker.call(probe) == "value"
    assert others == ["refused"]
    assert not breaker.is_open
    assert breaker.call(redis.get) == "value"


def test_the_caller_s_own_errors_leave_the_breaker_closed(breaker):
    breaker, _ = breaker

    def incr_of_a_missing_key():
        raise ValueError("Key 'data-generation' not found.")

    for _ in range(3):
        with pytest.raises(ValueError):
            breaker.call(incr_of_a_missing_key)
    assert not breaker.is_open
