"""The page cache: keys from the parameters a page understands only, failures served uncached, short lifetimes."""

import logging
import os
import socket

import pytest
from django.core.cache import cache

from dashboard.charts import social_images
from inspections.models import Inspection

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def cache_key_count():
    return len(cache._cache)  # local memory backend, as in tests


@pytest.mark.parametrize(
    ("first", "same"),
    [
        ("/", "/?junk=1"),
        ("/", "/?utm_source=newsletter&fbclid=abc"),
        ("/", "/?sort=not-a-column"),
        ("/", "/?type=&owner="),
        ("/?type=crc&sort=-score", "/?sort=-score&type=crc&junk=2"),
        ("/?type=crc", "/?type=nps&type=crc"),
        ("/map/", "/map/?type=crc&standard=overall&zoom=9"),
        ("/changes/", "/changes/?page=1&q=1"),
        ("/providers/kss-crc/", "/providers/kss-crc/?ref=twitter"),
        ("/embed/league/?type=nps", "/embed/league/?type=nps&utm=1"),
        ("/compare/kss-crc,bgsw-crc/?round=2018-19", "/compare/kss-crc,bgsw-crc/?utm=1&round=2018-19"),
        ("/standards/2.3/?round=2018-19", "/standards/2.3/?round=2018-19&ref=x"),
        ("/standards/2.3.csv?round=2018-19", "/standards/2.3.csv?round=2018-19&ref=x"),
    ],
)
def test_unrecognised_or_default_parameters_are_served_from_the_same_cached_page(
    client, first_round, django_assert_num_queries, first, same
):
    first_response = client.get(first)
    assert first_response.status_code == 200
    keys = cache_key_count()
    with django_assert_num_queries(0):
        response = client.get(same)
    assert response.status_code == 200
    assert response.content == first_response.content
    assert cache_key_count() == keys


@pytest.mark.parametrize("sort", ["-score", "movement", "owner,-rank", "-standard3"])
def test_every_league_sort_is_recognised(client, first_round, sort):
    default = client.get("/")
    sorted_page = client.get(f"/?sort={sort}&junk=1")
    assert sorted_page.status_code == 200
    assert sorted_page.content != default.content
    assert f"sort={sort}".replace(",", "%2C") in sorted_page.content.decode()


@pytest.mark.parametrize("page", ["/compare/kss-crc,bgsw-crc/", "/standards/2.3/", "/map/"])
def test_the_round_is_recognised_where_a_page_takes_one(client, first_round, page):
    latest = client.get(page)
    in_round = client.get(f"{page}?round=2018-19&junk=1")
    assert latest.status_code == in_round.status_code == 200
    assert in_round.content != latest.content


def test_a_flood_of_junk_parameters_adds_no_cache_keys(client, first_round):
    client.get("/")
    keys = cache_key_count()
    for number in range(50):
        assert client.get(f"/?junk{number}={number}&type=").status_code == 200
    assert cache_key_count() == keys


def test_recognised_parameters_still_make_their_own_pages(client, first_round):
    everyone = client.get("/").content.decode()
    crcs = client.get("/?type=crc&junk=1").content.decode()
    assert everyone.count("data-provider=") == 28
    assert crcs.count("data-provider=") == 21
    # The page's own links carry the query it understood, not the junk.
    assert "/league.csv?type=crc" in crcs
    assert "junk" not in crcs


@pytest.mark.parametrize("url", ["/", "/providers/kss-crc/", "/league.csv", "/map/", "/changes/"])
def test_pages_are_served_when_the_cache_is_down(client, first_round, settings, caplog, url):
    settings.CACHES = DEAD_REDIS
    with caplog.at_level(logging.WARNING, logger="dashboard.cache"):
        response = client.get(url)
    assert response.status_code == 200
    assert "serving uncached" in caplog.text


def test_previews_are_served_when_the_cache_is_down(client, first_round, settings):
    settings.CACHES = DEAD_REDIS
    assert client.get("/providers/kss-crc/preview.png").status_code == 200
    assert client.get("/compare/kss-crc,bgsw-crc/preview.png").status_code == 200


def test_an_edit_while_the_cache_is_down_is_saved_and_logged(
    first_round, settings, caplog, django_capture_on_commit_callbacks
):
    settings.CACHES = DEAD_REDIS
    inspection = Inspection.objects.get(provider__short_name="KSS CRC")
    with caplog.at_level(logging.ERROR, logger="dashboard.cache"), django_capture_on_commit_callbacks(execute=True):
        inspection.save()
    assert "generation bump failed" in caplog.text


@pytest.mark.parametrize(
    "url",
    ["/", "/providers/kss-crc/", "/league.json", "/providers/kss-crc/preview.png", "/providers/kss-crc/badge.svg"],
)
def test_shared_caches_may_keep_a_public_response_only_briefly(client, first_round, url):
    response = client.get(url)
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=10"} <= directives


def test_a_signed_in_editor_s_pages_are_private(client, first_round, django_user_model):
    client.force_login(django_user_model.objects.create_user("editor", is_staff=True))
    response = client.get("/")
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_comparison_previews_beyond_the_budget_share_one_general_image(client, first_round, monkeypatch):
    monkeypatch.setattr(social_images, "COMPARISON_PREVIEWS_PER_GENERATION", 2)
    images = [
        client.get(f"/compare/{slugs}/preview.png")
        for slugs in ("kss-crc,bgsw-crc", "bgsw-crc,kss-crc", "hiow-crc,ddc-crc", "ddc-crc,hiow-crc")
    ]
    assert all(image.status_code == 200 for image in images)
    first, second, third, fourth = (image.content for image in images)
    assert first != second
    assert third == fourth  # the general image, not a drawing of either list
    assert third not in (first, second)
    # A comparison drawn within the budget keeps its own image.
    assert client.get("/compare/kss-crc,bgsw-crc/preview.png").content == first
    stored = [key for key in cache._cache if ":social:" in key]
    assert len(stored) == 2


def redis_reachable():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_reachable() and os.environ.get("CI") != "true", reason="no Redis at 127.0.0.1:6379")
def test_pages_are_cached_in_redis(client, first_round, settings, django_assert_num_queries):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/13",
            "KEY_PREFIX": "probation-league-tests",
        }
    }
    cache.clear()
    assert client.get("/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/?junk=1").status_code == 200
    cache.clear()
