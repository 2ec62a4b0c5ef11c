"""The page cache: keys from the parameters a page understands only, failures served uncached, short lifetimes."""

import logging
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from dashboard import cache as page_cache
from dashboard.cache import current_generation
from dashboard.charts import social_images
from dashboard.response_cache import recent_answers
from inspections.models import Inspection
from inspections.services.inputs import inspection_input
from inspections.services.inspections import replace_inspection
from providers.models import Provider
from tests.factories import make_provider
from tests.redis_service import needs_redis, redis_url_for_tests

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
DEAD_REDIS = {
    "default": {"BACKEND": "probation_league.cache_backends.BreakerRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


@pytest.fixture
def cache_down():
    with override_settings(CACHES=DEAD_REDIS):
        yield


def forget_recent_answers():
    recent_answers.clear()


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
def test_pages_are_served_when_the_cache_is_down(client, first_round, cache_down, caplog, url):
    with caplog.at_level(logging.WARNING):
        responses = [client.get(url) for _ in range(3)]
    assert [response.status_code for response in responses] == [200, 200, 200]
    # One line, when the cache first failed; not one per request.
    assert [record.getMessage() for record in caplog.records] == [
        "cache 127.0.0.1:1/0 failing (ConnectionError: Error 111 connecting to 127.0.0.1:1. Connection refused.); "
        "not asked again for 2 s, serving uncached"
    ]


def test_previews_are_served_when_the_cache_is_down(client, first_round, cache_down):
    assert client.get("/providers/kss-crc/preview.png").status_code == 200
    assert client.get("/compare/bgsw-crc,kss-crc/preview.png").status_code == 200


def test_an_edit_while_the_cache_is_down_is_saved_logged_and_shown_once_it_answers(
    client, first_round, caplog, django_capture_on_commit_callbacks
):
    assert "Kent, Surrey and Sussex" in client.get("/providers/kss-crc/").content.decode()
    provider = Provider.objects.get(slug="kss-crc")
    provider.name = "Kent, Surrey and Sussex CRC (renamed)"
    with override_settings(CACHES=DEAD_REDIS), caplog.at_level(logging.ERROR, logger="dashboard.cache"):
        with django_capture_on_commit_callbacks(execute=True):
            provider.save()
    assert "generation bump failed, to be made when the cache answers" in caplog.text
    assert Provider.objects.get(slug="kss-crc").name == "Kent, Surrey and Sussex CRC (renamed)"
    # The cache answers again (here: the one the page was cached in): the missed bump is made first.
    assert "(renamed)" in client.get("/providers/kss-crc/").content.decode()


def test_saving_an_inspection_through_its_service_bumps_the_generation_once(
    first_round, django_capture_on_commit_callbacks
):
    inspection = Inspection.objects.get(provider__short_name="KSS CRC")
    edited = replace(inspection_input(inspection), notes="Checked against the report.")
    generation = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        replace_inspection(inspection, edited)  # the inspection, its ratings, league fields, a change record
    assert current_generation() == generation + 1


def test_a_write_in_a_savepoint_rolled_back_bumps_nothing_and_leaves_later_writes_their_bump(
    frameworks, django_capture_on_commit_callbacks
):
    generation = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            with pytest.raises(RuntimeError), transaction.atomic():
                make_provider("Undone CRC")
                raise RuntimeError("rolled back")
    assert current_generation() == generation
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            with pytest.raises(RuntimeError), transaction.atomic():
                make_provider("Undone CRC")
                raise RuntimeError("rolled back")
            make_provider("Kept CRC")
            make_provider("Also kept CRC")
    assert current_generation() == generation + 1
    assert list(Provider.objects.order_by("id").values_list("short_name", flat=True)) == [
        "Kept CRC",
        "Also kept CRC",
    ]


@pytest.mark.django_db(transaction=True)
def test_each_write_outside_a_transaction_bumps_at_once():
    generation = current_generation()
    make_provider("First CRC")
    assert current_generation() == generation + 1
    make_provider("Second CRC")
    assert current_generation() == generation + 2


def test_a_restore_in_another_process_makes_this_process_s_cached_pages_stale(
    client, first_round, settings, monkeypatch
):
    monkeypatch.setattr(page_cache, "EPOCH_CHECK_SECONDS", 0)  # each request reads the epoch, not once a second
    assert "Kent, Surrey and Sussex" in client.get("/providers/kss-crc/").content.decode()
    # The data replaced behind the site's back: no signal, no bump.
    Provider.objects.filter(slug="kss-crc").update(name="Restored name")
    assert "Restored name" not in client.get("/providers/kss-crc/").content.decode()  # the cached page

    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env["DJANGO_DATA_DIR"] = str(settings.DATA_DIR)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from dashboard.cache import data_replaced; data_replaced()",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert "Restored name" in client.get("/providers/kss-crc/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_manage_py_flush_makes_cached_pages_stale(client, first_round):
    assert client.get("/").content.decode().count("data-provider=") == 28
    call_command("flush", "--noinput", verbosity=0)
    assert client.get("/").content.decode().count("data-provider=") == 0


@pytest.mark.parametrize(
    "url",
    ["/", "/providers/kss-crc/", "/league.json", "/providers/kss-crc/preview.png", "/providers/kss-crc/badge.svg"],
)
def test_shared_caches_may_keep_a_public_response_only_briefly(client, first_round, url):
    response = client.get(url)
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=10"} <= directives


# The places pages, cached like every public page (the search's answers are never cached: tests/dashboard/test_find.py).
PLACES_PAGES = [
    "/areas/",
    "/areas/brighton-and-hove/",
    "/areas/birmingham.json",
    "/areas/brighton-and-hove/preview.png",
]


@pytest.fixture
def no_copies_left():
    """This process's copies of stored answers dropped afterwards: a preview image's bytes may spell anything,
    a postcode included, and later tests look for postcodes in them."""
    yield
    forget_recent_answers()


@pytest.mark.parametrize("url", PLACES_PAGES)
def test_places_pages_are_cached_briefly_and_ignore_what_they_do_not_understand(
    client, both_eras_with_places, django_assert_num_queries, no_copies_left, url
):
    first = client.get(url)
    assert first.status_code == 200
    directives = {part.strip() for part in first["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=10"} <= directives
    keys = cache_key_count()
    with django_assert_num_queries(0):
        again = client.get(f"{url}?utm_source=newsletter&q=BN1+1AA&page=2")
    assert again.status_code == 200
    assert again.content == first.content
    assert cache_key_count() == keys


def test_places_pages_are_served_when_the_cache_is_down(
    client, both_eras_with_places, cache_down, caplog, no_copies_left
):
    with caplog.at_level(logging.WARNING):
        statuses = [client.get(url).status_code for url in PLACES_PAGES]
    assert statuses == [200] * len(PLACES_PAGES)
    assert len(caplog.records) == 1 and "serving uncached" in caplog.records[0].getMessage()


def test_a_signed_in_editor_s_pages_are_private(client, first_round, django_user_model):
    client.force_login(django_user_model.objects.create_user("editor", is_staff=True))
    response = client.get("/")
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_comparison_previews_beyond_the_budget_share_one_general_image(client, first_round, monkeypatch):
    monkeypatch.setattr(social_images, "COMPARISON_PREVIEWS_PER_GENERATION", 2)
    images = [
        client.get(f"/compare/{slugs}/preview.png")
        for slugs in ("bgsw-crc,kss-crc", "ddc-crc,hiow-crc", "bgsw-crc,ddc-crc", "hiow-crc,kss-crc")
    ]
    assert all(image.status_code == 200 for image in images)
    first, second, third, fourth = (image.content for image in images)
    assert first != second
    assert third == fourth  # the general image, not a drawing of either comparison
    assert third not in (first, second)
    # A comparison drawn within the budget keeps its own image.
    assert client.get("/compare/bgsw-crc,kss-crc/preview.png").content == first
    stored = [key for key in cache._cache if ":social:" in key]
    assert len(stored) == 2


@needs_redis
def test_pages_are_cached_in_redis(client, first_round, settings, django_assert_num_queries):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url_for_tests(),
            "KEY_PREFIX": "probation-league-tests",
        }
    }
    cache.clear()
    assert client.get("/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/?junk=1").status_code == 200
    cache.clear()
