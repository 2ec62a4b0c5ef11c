"""Cached public answers: the bytes on the wire, compressed once, with validators that a save changes."""

import gzip
import json
import time
from unittest import mock

import brotli
import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.template.base import Template
from django.test import Client
from django.utils.http import http_date

from dashboard.response_cache import RecentAnswers, StoredResponse, recent_answers
from inspections.models import Inspection, Rating
from tests.redis_service import needs_redis, redis_url_for_tests

pytestmark = pytest.mark.django_db

PUBLIC_ANSWERS = [
    "/",
    "/providers/kss-crc/",
    "/compare/kss-crc,bgsw-crc/",
    "/league.csv",
    "/league.json",
    "/providers/kss-crc/preview.png",
    "/providers/kss-crc/badge.svg",
    "/feeds/inspections.atom",
    "/embed/league/",
]


@pytest.mark.parametrize("address", PUBLIC_ANSWERS)
def test_every_public_answer_carries_validators(client, first_round, address):
    response = client.get(address)
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"].endswith("GMT")
    assert {"Accept-Encoding", "Cookie"} <= {part.strip() for part in response["Vary"].split(",")}


@pytest.mark.parametrize("address", PUBLIC_ANSWERS)
def test_a_matching_validator_is_answered_304_before_any_query(client, first_round, django_assert_num_queries, address):
    etag = client.get(address)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(address, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "max-age=60" in response["Cache-Control"]


# The places pages' answers, which need the councils.
PLACES_ANSWERS = [
    "/areas/",
    "/areas/brighton-and-hove/",
    "/areas/brighton-and-hove.json",
    "/areas/brighton-and-hove.csv",
    "/areas/brighton-and-hove/preview.png",
]


@pytest.mark.parametrize("address", PLACES_ANSWERS)
def test_places_answers_carry_validators_and_a_match_is_answered_304_before_any_query(
    client, both_eras_with_places, django_assert_num_queries, address
):
    response = client.get(address)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('W/"')
    assert response["Last-Modified"].endswith("GMT")
    assert {"Accept-Encoding", "Cookie"} <= {part.strip() for part in response["Vary"].split(",")}
    with django_assert_num_queries(0):
        again = client.get(address, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    # This process's copies of stored answers dropped: a preview image's bytes may spell anything, a postcode
    # included, and later tests look for postcodes in them.
    with recent_answers._lock:
        recent_answers._copies.clear()
        recent_answers._size = 0


def test_if_modified_since_is_answered_from_the_generation(client, first_round, django_assert_num_queries):
    last_modified = client.get("/")["Last-Modified"]
    with django_assert_num_queries(0):
        assert client.get("/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    earlier = http_date(time.time() - 3600)
    assert client.get("/", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    # An ETag that does not match wins over a date that would (RFC 9110 13.2.2).
    assert client.get("/", HTTP_IF_NONE_MATCH='W/"other"', HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_a_save_gives_every_instance_new_bytes_and_a_new_validator(first_round, django_capture_on_commit_callbacks):
    # Two instances sharing one cache, as gunicorn workers share Redis.
    first_instance, second_instance = Client(), Client()
    before = first_instance.get("/providers/kss-crc/")
    assert second_instance.get("/providers/kss-crc/")["ETag"] == before["ETag"]

    inspection = Inspection.objects.get(provider__short_name="KSS CRC")
    inspection.overall_rating = Rating.INADEQUATE
    with django_capture_on_commit_callbacks(execute=True):
        inspection.save()

    for instance in (first_instance, second_instance):
        after = instance.get("/providers/kss-crc/", HTTP_IF_NONE_MATCH=before["ETag"])
        assert after.status_code == 200  # the old validator no longer matches
        assert after["ETag"] != before["ETag"]
        assert after.content != before.content
        assert instance.get("/providers/kss-crc/", HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304


def test_a_validator_from_before_the_cache_was_emptied_does_not_match(client, first_round):
    etag = client.get("/")["ETag"]
    cache.clear()  # a restarted local-memory cache, or an emptied Redis
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.parametrize("address", ["/", "/compare/kss-crc,bgsw-crc/", "/league.csv", "/providers/kss-crc/badge.svg"])
def test_a_cached_answer_is_neither_rendered_nor_compressed_again(client, first_round, address):
    for encoding in ("gzip", "br", ""):
        client.get(address, HTTP_ACCEPT_ENCODING=encoding)
    with (
        mock.patch.object(Template, "render", side_effect=AssertionError("rendered")) as render,
        mock.patch("gzip.compress", side_effect=AssertionError("gzipped")) as gzipped,
        mock.patch("brotli.compress", side_effect=AssertionError("brotli")) as brotlied,
        mock.patch("django.middleware.gzip.compress_string", side_effect=AssertionError("gzipped")) as middleware,
        mock.patch("django.middleware.gzip.compress_sequence", side_effect=AssertionError("gzipped")) as stream,
    ):
        for encoding in ("gzip", "br", ""):
            assert client.get(address, HTTP_ACCEPT_ENCODING=encoding).status_code == 200
    for compressor in (render, gzipped, brotlied, middleware, stream):
        assert compressor.call_count == 0


def test_each_encoding_is_the_same_page(client, first_round):
    plain = client.get("/")
    gzipped = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    brotlied = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert gzipped["Content-Encoding"] == "gzip"
    assert brotlied["Content-Encoding"] == "br"
    assert gzip.decompress(gzipped.content) == plain.content
    assert brotli.decompress(brotlied.content) == plain.content
    assert int(brotlied["Content-Length"]) == len(brotlied.content) < len(gzipped.content) < len(plain.content) / 5
    # Served from the cache, the same bytes again.
    assert client.get("/", HTTP_ACCEPT_ENCODING="gzip").content == gzipped.content


@pytest.mark.parametrize(
    ("accept", "encoding"),
    [("br;q=0, gzip", "gzip"), ("gzip;q=0", "identity"), ("*", "br"), ("identity", "identity"), ("GZIP", "gzip")],
)
def test_the_encoding_follows_the_accept_encoding_header(client, first_round, accept, encoding):
    response = client.get("/", HTTP_ACCEPT_ENCODING=accept)
    assert response.get("Content-Encoding", "identity") == encoding


def test_an_image_is_not_compressed(client, first_round):
    response = client.get("/providers/kss-crc/preview.png", HTTP_ACCEPT_ENCODING="gzip, br")
    assert "Content-Encoding" not in response
    assert response.content.startswith(b"\x89PNG")


def test_an_export_larger_than_the_limit_streams_with_its_validator(client, first_round, settings):
    settings.PUBLIC_CACHE_MAX_BYTES = 1000
    whole = client.get("/league.json")
    assert whole.streaming
    body = whole.getvalue()
    assert len(body) > 1000
    assert json.loads(body)["rows"]
    assert client.get("/league.json", HTTP_IF_NONE_MATCH=whole["ETag"]).status_code == 304
    again = client.get("/league.json")
    assert again.streaming and again.getvalue() == body
    gzipped = client.get("/league.json", HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["Content-Encoding"] == "gzip"  # compressed as it streams, as before
    assert gzip.decompress(gzipped.getvalue()) == body


def test_an_embed_keeps_its_framing_policy_when_served_from_the_cache(client, first_round):
    first, cached = client.get("/embed/league/"), client.get("/embed/league/")
    for response in (first, cached):
        assert "frame-ancestors *" in response["Content-Security-Policy"]
        assert "X-Frame-Options" not in response
    page = client.get("/"), client.get("/")
    for response in page:
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"


def test_a_signed_in_editor_is_never_served_the_stored_page(client, first_round, django_user_model):
    public = client.get("/")
    client.force_login(django_user_model.objects.create_user("editor", is_staff=True))
    response = client.get("/", HTTP_IF_NONE_MATCH=public["ETag"])
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response


@needs_redis
def test_validators_change_at_once_on_every_instance_sharing_redis(
    first_round, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url_for_tests(),
            "KEY_PREFIX": "probation-league-validators",
        }
    }
    cache.clear()
    instances = Client(), Client()
    etags = {instance.get("/league.csv")["ETag"] for instance in instances}
    assert len(etags) == 1
    (old,) = etags
    with django_capture_on_commit_callbacks(execute=True):
        Inspection.objects.get(provider__short_name="KSS CRC").save()
    new = {instance.get("/league.csv", HTTP_IF_NONE_MATCH=old)["ETag"] for instance in instances}
    assert len(new) == 1
    assert old not in new
    cache.clear()


def test_a_process_answers_from_its_own_copy_without_reading_the_stored_bytes_again(client, first_round):
    first = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    for key in [key for key in cache._cache if ":page:" in key]:
        del cache._cache[key]  # the shared cache has lost the page; this process still has its copy
    with mock.patch.object(Template, "render", side_effect=AssertionError("rendered")):
        again = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_a_process_keeps_its_copies_within_their_budget(settings):
    settings.PUBLIC_CACHE_LOCAL_BYTES = 3 * (100 + RecentAnswers.OVERHEAD)
    answers = RecentAnswers()

    def stored(size):
        return StoredResponse(200, HttpResponse().headers, b"x" * size)

    for name in "abc":
        answers.put(name, stored(100))
    answers.get("a")  # used lately: kept
    answers.put("d", stored(100))
    assert answers.get("b") is None
    assert all(answers.get(name) is not None for name in "acd")
    answers.put("huge", stored(10_000))  # larger than the whole budget: not kept at all
    assert answers.get("huge") is None
    assert answers.get("a") is not None


def test_validators_of_other_addresses_or_any_match_are_not_taken(client, first_round):
    etag = client.get("/")["ETag"]
    assert client.get("/providers/kss-crc/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert client.get("/providers/no-such-provider/", HTTP_IF_NONE_MATCH="*").status_code == 404
    listed = f'"unrelated", {etag.removeprefix("W/")}'  # a list, and the strong form of the weak tag
    assert client.get("/", HTTP_IF_NONE_MATCH=listed).status_code == 304


def test_a_head_request_gets_the_headers_of_the_page(client, first_round):
    page = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    head = client.head("/", HTTP_ACCEPT_ENCODING="gzip")
    assert head.status_code == 200
    assert head.content == b""
    for name in ("ETag", "Content-Encoding", "Content-Length", "Content-Type", "Cache-Control"):
        assert head[name] == page[name]


def test_writes_leave_no_key_behind_but_the_generation(client, first_round, django_capture_on_commit_callbacks):
    client.get("/")
    keys = len(cache._cache)
    inspection = Inspection.objects.get(provider__short_name="KSS CRC")
    for _ in range(20):
        with django_capture_on_commit_callbacks(execute=True):
            inspection.save()
    assert len(cache._cache) <= keys
    assert client.get("/")["Last-Modified"]
