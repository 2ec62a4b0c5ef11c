"""Junk in any part of a public address gives a 4xx page, never a 500, on every database, and no new cache key."""

import itertools
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client

JUNK = ["%00", "x%00y", "%C0%AF", "..%2F..%2Fetc", "%27%20OR%201%3D1--", "%F0%9F%92%A9", "a" * 400, "%E2%80%AE"]

TEMPLATES = [
    "/providers/{}/",
    "/providers/{}.json",
    "/providers/{}/badge.svg",
    "/providers/{}/preview.png",
    "/owners/{}/",
    "/owners/{}.csv",
    "/standards/{}/",
    "/standards/{}.json",
    "/inspections/{}/",
    "/compare/{}/",
    "/compare/kss-crc,{}/",
    "/compare/kss-crc,{}.json",
    "/compare/kss-crc,{}/preview.png",
    "/data/{}.csv",
    "/?owner={}",
    "/?sort={}",
    "/league.csv?type={}",
    "/map/?standard={}",
    "/map/?type={}",
    "/compare/?providers={}",
    "/embed/league/?rating={}",
    "/changes/?kind={}",
    "/changes/?page={}",
]


# The places pages and the search, which need the councils and the postcode lookup.
PLACES_TEMPLATES = [
    "/areas/{}/",
    "/areas/{}.json",
    "/areas/{}.csv",
    "/areas/{}/preview.png",
    "/areas/brighton-and-hove/?q={}",
    "/areas/?letter={}",
    "/find/?q={}",
    "/find/?q=BN1+{}",
    "/find/?q={}+1AA",
    "/find/?q=Brighton{}",
    "/find/?q={}&q=BN1",
    "/find/suggest.json?q={}",
    "/find/suggest.json?q=Brigh{}",
]


@pytest.mark.django_db
@pytest.mark.parametrize("template", TEMPLATES)
def test_junk_never_breaks_a_page(first_round, template):
    client = Client(raise_request_exception=False)
    for junk in JUNK:
        response = client.get(template.format(junk))
        assert response.status_code < 500, (template.format(junk), response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("template", PLACES_TEMPLATES)
def test_junk_never_breaks_a_places_page_or_the_search(both_eras_with_places, template):
    client = Client(raise_request_exception=False)
    for junk in JUNK:
        response = client.get(template.format(junk))
        assert response.status_code < 500, (template.format(junk), response.status_code)


def page_keys():
    return {key for key in cache._cache if ":page:" in key}  # local memory backend, as in tests


def junk_pages(count):
    """`count` distinct unusable `page` values: spellings of a page number the site never writes, and words."""
    forms = [
        lambda i: "0" * (1 + i % 6) + str(1 + i % 3),  # 01, 002, 0003
        lambda i: f"+{1 + i % 3}",
        lambda i: f"{1 + i % 3}.{'0' * (1 + i % 4)}",
        lambda i: f"1_{'0' * (1 + i % 5)}",  # Python reads 1_0 as 10
        lambda i: "٢" if i % 2 else "١",  # Arabic-Indic digits, which int() accepts
        lambda i: f"x{i}",
        lambda i: f"-{i}",
        lambda i: f"{i}e0",
    ]
    values = []
    for i in itertools.count():
        value = forms[i % len(forms)](i // len(forms))
        if value not in values:
            values.append(value)
        if len(values) == count:
            return values
    raise AssertionError


def assert_one_key_at_most(client, address, junk):
    """Junk `page` values at `address` answer 200 (the first page) or 404, never a 500, and store one page at most."""
    before = page_keys()
    separator = "&" if "?" in address else "?"
    for value in junk:
        status = client.get(f"{address}{separator}page={quote(value)}").status_code
        assert status in (200, 404), (address, value, status)
    assert len(page_keys() - before) <= 1, address


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "count"),
    [
        ("/standards/2.3/", 500),
        ("/standards/2.3/?round=2018-19", 60),
        ("/", 500),
        ("/owners/working-links/", 60),
        ("/changes/", 60),
        ("/providers/kss-crc/", 60),
        ("/providers/kss-crc.json", 60),
        ("/embed/league/", 60),
    ],
)
def test_junk_page_numbers_make_one_key_at_most(client, first_round, address, count):
    assert_one_key_at_most(client, address, junk_pages(count))


@pytest.mark.django_db
def test_junk_page_numbers_of_todays_league_make_one_key_at_most(client, both_eras):
    for address in (
        "/probation-service/",
        "/embed/probation-service/",
        "/providers/kent-surrey-and-sussex-region/",
        "/providers/kent-surrey-and-sussex-region.csv",
        "/providers/surrey-pdu/",
    ):
        assert_one_key_at_most(client, address, junk_pages(40))


@pytest.mark.django_db
def test_junk_page_numbers_of_the_places_pages_make_one_key_at_most(client, both_eras_with_places):
    for address in ("/areas/", "/areas/brighton-and-hove/", "/areas/birmingham.json", "/areas/brighton-and-hove.csv"):
        assert_one_key_at_most(client, address, junk_pages(40))


@pytest.mark.django_db
def test_a_page_past_the_last_of_a_standard_s_ratings_is_a_404_never_stored(client, first_round):
    response = client.get("/standards/2.3/?page=2")
    assert response.status_code == 404
    assert "There is no page “2” of the ratings on standard 2.3" in response.content.decode()
    assert page_keys() == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "applied"),
    [
        ("/?sort=-standard99", "/"),
        ("/?type=crc&sort=-standard99,provider", "/?sort=provider&type=crc"),
        ("/league.csv?sort=standard42", "/league.csv"),
        ("/embed/league/?sort=-score,standard77", "/embed/league/?sort=-score"),
        ("/owners/working-links/?sort=standard50", "/owners/working-links/"),
    ],
)
def test_a_sort_on_a_column_not_shown_is_sent_to_the_sort_applied(client, first_round, address, applied):
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == applied
    assert client.get(applied).status_code == 200


@pytest.mark.django_db
def test_repeated_sort_columns_share_the_key_of_the_sort_they_mean(client, first_round):
    first = client.get("/?sort=-score")
    keys = page_keys()
    for same in ("/?sort=-score,score", "/?sort=-score,-score,-score,-score", "/?sort=-score,score,-score"):
        response = client.get(same)
        assert response.status_code == 200
        assert response.content == first.content
    assert page_keys() == keys


@pytest.mark.django_db
def test_a_sort_on_a_standard_of_no_framework_chosen_is_sent_to_today_s_league(client, both_eras):
    response = client.get("/probation-service/?sort=-standard3")
    assert (response.status_code, response["Location"]) == (302, "/probation-service/")
