"""/healthz tells an operator or a load balancer whether this instance can serve pages, and how the cache is."""

import threading

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection, connections
from django.test import Client
from django.test.utils import override_settings

from tests.redis_service import needs_redis, redis_url_for_tests

pytestmark = pytest.mark.django_db

BREAKER = "probation_league.cache_backends.BreakerRedisCache"
DEAD_REDIS = {"default": {"BACKEND": BREAKER, "LOCATION": "redis://127.0.0.1:1/0"}}
# This test module's own Redis database.
TEST_REDIS = {"default": {"BACKEND": BREAKER, "LOCATION": redis_url_for_tests(), "KEY_PREFIX": "healthz-tests"}}


def test_healthy(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content.decode() == "database: ok\ncache: ok\n"
    assert "no-store" in response["Cache-Control"]


def test_the_cache_down_is_named_but_the_instance_serves(client):
    # Pages are served uncached: a load balancer must not take every instance out for a failing Redis.
    with override_settings(CACHES=DEAD_REDIS):
        for _ in range(2):  # the second answered by the breaker, without asking
            response = client.get("/healthz")
            assert response.status_code == 200
            assert response.content.decode() == "database: ok\ncache: failing (ConnectionError), serving uncached\n"


def test_the_database_down_is_a_503_naming_it(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "database: failing (OperationalError)" in response.content.decode()
    assert "cache: ok" in response.content.decode()


def test_only_get_and_head(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def concurrent_polls(threads=8, polls=25):
    """What `threads` pollers see, starting together, each polling `polls` times."""
    start = threading.Barrier(threads)
    answers = []

    def poll():
        try:
            client = Client()
            start.wait(timeout=10)
            for _ in range(polls):
                response = client.get("/healthz")
                answers.append((response.status_code, response.content.decode()))
        finally:
            connections.close_all()  # this thread's own database connection

    pollers = [threading.Thread(target=poll) for _ in range(threads)]
    for poller in pollers:
        poller.start()
    for poller in pollers:
        poller.join(timeout=60)
    assert not any(poller.is_alive() for poller in pollers)
    return answers


def test_concurrent_polls_of_a_healthy_instance_all_pass():
    answers = concurrent_polls()
    assert len(answers) == 8 * 25
    assert set(answers) == {(200, "database: ok\ncache: ok\n")}


@needs_redis
def test_concurrent_polls_with_redis_all_pass():
    with override_settings(CACHES=TEST_REDIS):
        answers = concurrent_polls()
        assert set(answers) == {(200, "database: ok\ncache: ok\n")}
        # Each check deletes its key: nothing is left behind.
        assert cache._cache.get_client().keys("healthz-tests:*") == []
