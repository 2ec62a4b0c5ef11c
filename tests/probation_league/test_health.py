"""/healthz tells an operator or a load balancer whether the database and the cache answer."""

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def test_healthy(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content.decode() == "database: ok\ncache: ok\n"
    assert "no-store" in response["Cache-Control"]


def test_the_cache_down_is_a_503_naming_it(client, settings):
    settings.CACHES = DEAD_REDIS
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "database: ok" in response.content.decode()
    assert "cache: failing (ConnectionError)" in response.content.decode()


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
