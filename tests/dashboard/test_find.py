"""The search (/find/): postcodes answered by redirect and never kept, names found with exact matches first,
the places HM Inspectorate of Probation does not inspect, and what a reader is told when nothing is found."""

import hashlib
import json
import logging
import pickle
import re
import struct
from html import unescape

import pytest
from django.core.cache import cache
from django.test import Client

from dashboard.response_cache import recent_answers
from places import postcodes
from places.models import DirectoryVersion
from providers.models import Provider

pytestmark = pytest.mark.django_db

BRIGHTON_AND_HOVE = "/areas/brighton-and-hove/"
# The forms a typed postcode can take on its way through a request: as typed, compacted, URL-encoded.
POSTCODE_FORMS = ("BN1 1AA", "BN11AA", "bn11aa", "BN1+1AA", "BN1%201AA", "bn1 1aa", "BN1  1AA")


@pytest.fixture
def site(both_eras_with_places):
    return Client()


def _text(html):
    """Text as a reader sees it: tags removed and spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def text_of(response):
    return _text(response.content.decode())


def main_text(response):
    """The text of the page's main content, the header's and footer's left out."""
    return _text(response.content.decode().split('<main id="main"', 1)[1].split(">", 1)[1].split("</main>", 1)[0])


def assert_not_kept(response):
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert "public" not in cache_control
    assert not response.has_header("ETag")


def assert_private(response):
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "max-age=0" in cache_control
    assert "public" not in cache_control


def find(site, text, **extra):
    return site.get("/find/", {"q": text}, **extra)


# --- The search page and its box --------------------------------------------------------------------------------


def test_the_search_page_explains_what_to_type(site):
    response = site.get("/find/")
    assert response.status_code == 200
    assert_private(response)
    html = response.content.decode()
    assert html.count('role="search"') == 2  # the header's box and the page's own
    assert 'action="/find/"' in html and 'name="q"' in html
    text = main_text(response)
    assert "Find probation where you live" in text
    assert "A postcode" in text and "KSS CRC" in text and "Brighton" in text
    assert 'href="/probation-service/"' in html and 'href="/"' in html


@pytest.mark.parametrize("address", ["/", "/probation-service/", "/methodology/", "/providers/kss-crc/", "/find/"])
def test_every_page_has_the_search_box_in_its_header(site, address):
    html = site.get(address).content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    form = re.search(r'<form role="search"[^>]*>.*?</form>', header, flags=re.S)
    assert form, "no search form in the header"
    box = form.group(0)
    assert 'action="/find/"' in box and 'method="get"' in box and 'aria-label="Site search"' in box
    field = re.search(r"<input[^>]*>", box).group(0)
    for attribute in ('type="search"', 'name="q"', 'autocomplete="off"', 'enterkeyhint="search"', 'inputmode="text"'):
        assert attribute in field
    label = re.search(r'<label[^>]*for="site-search-q"[^>]*>(.*?)</label>', box).group(1)
    assert "postcode, council or provider" in label
    assert 'id="site-search-q"' in field
    assert '<button class="search__button" type="submit">Search</button>' in box
    assert re.search(r'<script src="[^"]*js/search\.js" defer></script>', html)


@pytest.mark.parametrize("address", ["/", "/probation-service/"])
def test_both_leagues_offer_the_search_above_their_table(site, address):
    html = site.get(address).content.decode()
    main = html.split('<main id="main"', 1)[1]
    box = main.find('aria-label="Find an area"')
    assert 0 < box < main.find("<table"), "the league's search box comes before its table"
    assert "Find probation where you live: postcode, council or provider" in main
    # Two search landmarks on one page, each with a name of its own, and ids used once.
    labels = re.findall(r'<form role="search"[^>]*aria-label="([^"]+)"', html)
    assert sorted(labels) == ["Find an area", "Site search"]
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


# --- Postcodes -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["BN1 1AA", "bn11aa", "BN11AA", "  bn1   1aa ", "Bn1 1aA"])
def test_a_full_postcode_leads_to_its_councils_page(site, typed):
    response = find(site, typed)
    assert response.status_code == 302
    assert response["Location"] == BRIGHTON_AND_HOVE  # names the council, never the postcode
    assert_not_kept(response)


def test_the_postcode_leads_to_the_area_page_of_brighton_and_hove(site):
    response = find(site, "BN1 1AA", follow=True)
    assert response.redirect_chain == [(BRIGHTON_AND_HOVE, 302)]
    assert response.status_code == 200
    assert "Brighton and Hove" in text_of(response)


def test_a_postcode_in_wales_leads_to_its_council(site):
    response = find(site, "CF10 1AA")
    assert response.status_code == 302
    assert response["Location"] == "/areas/cardiff/"


def test_an_outward_code_in_one_council_leads_to_it(site):
    response = find(site, "b1")
    assert response.status_code == 302
    assert response["Location"] == "/areas/birmingham/"
    assert_not_kept(response)


def test_an_outward_code_in_several_councils_lists_them_most_postcodes_first(site):
    response = find(site, "BN1")
    assert response.status_code == 200
    assert_not_kept(response)
    text = main_text(response)
    assert "The postcode district BN1" in text
    assert "the one with most of them first" in text
    html = response.content.decode()
    links = re.findall(r'<a href="(/areas/[^"]+)">Probation in ([^<]+)</a>', html)
    assert links == [
        (BRIGHTON_AND_HOVE, "Brighton and Hove"),
        ("/areas/lewes/", "Lewes"),
        ("/areas/mid-sussex/", "Mid Sussex"),
    ]


def test_an_outward_code_across_the_border_is_listed_with_a_note(site):
    # TD15 (Berwick-upon-Tweed): Northumberland, and a few postcodes in Scotland.
    response = find(site, "TD15")
    assert response.status_code == 200
    text = main_text(response)
    assert "Probation in Northumberland" in text
    assert (
        "Some of its postcodes lie in Scotland, where HM Inspectorate of Probation does not inspect probation" in text
    )


@pytest.mark.parametrize(
    "typed, where",
    [
        ("EH1 1AA", "Scotland"),
        ("eh11aa", "Scotland"),
        ("BT1 1AA", "Northern Ireland"),
        ("JE2 4WE", "the Channel Islands"),
        ("GY1 1AA", "the Channel Islands"),
        ("IM1 1AA", "the Isle of Man"),
        ("EH1", "Scotland"),
    ],
)
def test_places_outside_england_and_wales_are_told_they_are_not_inspected(site, typed, where):
    response = find(site, typed)
    assert response.status_code == 200
    assert_not_kept(response)
    text = main_text(response)
    assert f"HM Inspectorate of Probation does not inspect probation in {where}" in text
    assert "inspects probation services in England and Wales only" in text
    assert 'aria-label="Search again"' in response.content.decode()  # the box, to try again


def test_an_unknown_postcode_is_a_404_that_says_so(site):
    response = find(site, "ZZ99 9ZZ")
    assert response.status_code == 404
    assert_not_kept(response)
    text = main_text(response)
    assert "No such postcode" in text
    assert "No such postcode is in the ONS Postcode Directory of November 2025" in text
    assert "mistyped, newer than the directory, or no longer in use (terminated)" in text
    main = response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert "/areas/" not in main.replace('href="/areas/"', "")  # ZZ99 has no council: no council's page offered


def test_an_unknown_postcode_offers_its_districts_only_council(site):
    assert not postcodes.lookup().postcode(postcodes.read_query("B1 9ZZ")).found
    response = find(site, "B1 9ZZ")
    assert response.status_code == 404
    text = main_text(response)
    assert "There is no postcode B1 9ZZ" in text
    assert "Its district, B1, lies wholly in one council's area: Probation in Birmingham" in text
    assert '<a href="/areas/birmingham/">Probation in Birmingham</a>' in response.content.decode()


def test_an_unknown_postcode_offers_its_districts_councils_as_a_list(site):
    assert not postcodes.lookup().postcode(postcodes.read_query("BN1 9ZZ")).found
    response = find(site, "BN1 9ZZ")
    assert response.status_code == 404
    text = main_text(response)
    assert "Its district, BN1, covers 3 councils, the one with most of its postcodes first" in text
    links = re.findall(r'<a href="(/areas/[^"]+)">', response.content.decode().split('<main id="main"', 1)[1])
    assert links == [BRIGHTON_AND_HOVE, "/areas/lewes/", "/areas/mid-sussex/"]


def test_an_unknown_postcode_in_scotland_says_where_its_district_is(site):
    response = find(site, "EH1 9ZZ")
    assert response.status_code == 404
    assert "Its district, EH1, is in Scotland, where HM Inspectorate of Probation does not inspect probation" in (
        main_text(response)
    )


def test_an_unknown_outward_code_is_a_404(site):
    response = find(site, "ZZ9")
    assert response.status_code == 404
    assert "There is no postcode district ZZ9" in main_text(response)


def _a_postcode_in_no_council():
    """A postcode the directory holds but places in no council's area (found in the lookup file itself)."""
    lookup = postcodes.lookup()
    wanted = lookup.areas.index(postcodes.NO_COUNCIL)
    path = lookup.directory / f"postcodes-{lookup.version}.bin"
    with open(path, "rb") as handle:
        handle.seek(lookup._indexes)
        indexes = struct.unpack(f"<{lookup.count}H", handle.read(2 * lookup.count))
    return lookup.postcode_at(indexes.index(wanted))


def test_a_postcode_in_no_councils_area_says_so(site):
    postcode = _a_postcode_in_no_council()
    response = find(site, postcode)
    assert response.status_code == 404
    assert_not_kept(response)
    assert f"{postcode} is in no council's area" in main_text(response)


@pytest.mark.parametrize(
    "typed, problem",
    [
        ("", "Type a postcode, a council's name or a provider's name."),
        ("   ", "Type a postcode, a council's name or a provider's name."),
        ("x" * 101, "That is longer than any name or postcode (100 characters at most)."),
        ("BN1 1A", "That is not a postcode"),
        ("12345", "That is not a postcode"),
    ],
)
def test_what_cannot_be_searched_is_a_short_400_naming_the_problem(site, typed, problem):
    response = find(site, typed)
    assert response.status_code == 400
    assert_not_kept(response)
    text = main_text(response)
    assert "This cannot be searched" in text
    assert problem in text
    assert 'aria-label="Search again"' in response.content.decode()


def test_without_the_lookup_postcodes_are_a_503_and_names_still_work(site):
    DirectoryVersion.objects.all().delete()
    response = find(site, "BN1 1AA")
    assert response.status_code == 503
    assert_not_kept(response)
    text = main_text(response)
    assert "Postcode search is not available yet" in text
    assert "Names still work" in text
    names = find(site, "Brighton")
    assert names.status_code == 200
    assert "Brighton and East Sussex PDU" in main_text(names)


def test_postcode_pages_name_the_search_page_as_their_address(site):
    for typed in ("EH1 1AA", "ZZ99 9ZZ", "BN1", "BN1 1A"):
        html = find(site, typed).content.decode()
        assert '<link rel="canonical" href="http://testserver/find/">' in html
        assert '<meta property="og:url" content="http://testserver/find/">' in html
        assert '<meta name="robots" content="noindex">' in html


# --- Names -----------------------------------------------------------------------------------------------------


def test_brighton_finds_the_council_and_the_pdu(site):
    response = find(site, "Brighton")
    assert response.status_code == 200
    assert_private(response)
    html = response.content.decode()
    assert f'<a href="{BRIGHTON_AND_HOVE}">Probation in Brighton and Hove</a>' in html
    assert '<a href="/providers/brighton-and-east-sussex-pdu/">Brighton and East Sussex PDU</a>' in html
    text = main_text(response)
    assert "PDU, Kent, Surrey and Sussex region" in text
    assert "1 council and 1 provider or unit match" in text


@pytest.mark.parametrize("typed", ["kss", "KSS", "KSS CRC", "kss crc"])
def test_a_providers_short_name_leads_straight_to_it(site, typed):
    response = find(site, typed)
    assert response.status_code == 302
    assert response["Location"] == "/providers/kss-crc/"
    assert_private(response)


def test_a_councils_whole_name_leads_straight_to_it(site):
    response = find(site, "brighton and hove")
    assert response.status_code == 302
    assert response["Location"] == BRIGHTON_AND_HOVE


def test_an_alias_finds_its_unit(site):
    response = find(site, "South Tyneside and Gateshead")
    assert response.status_code == 302
    assert response["Location"] == "/providers/gateshead-and-south-tyneside-pdu/"


def test_and_finds_names_written_with_an_ampersand(site):
    response = find(site, "Cumbria and Lancashire")
    assert response.status_code == 302
    assert response["Location"] == "/providers/cumbria-lancashire-crc/"


def test_exact_matches_come_first(site):
    response = find(site, "york")
    assert response.status_code == 200
    html = response.content.decode().split('<main id="main"', 1)[1]
    councils = re.findall(r'<a href="/areas/[^"]+">Probation in ([^<]+)</a>', html)
    providers = re.findall(r'<a href="/providers/[^"]+">([^<]+)</a>', html)
    assert councils[0] == "York" and "North Yorkshire" in councils
    assert providers[0] == "York PDU" and "North Yorkshire PDU" in providers


def test_a_unit_that_no_longer_exists_says_so(site):
    response = find(site, "Tameside")
    assert "PDU, Greater Manchester region, no longer exists" in main_text(response)
    assert "Stockport and Tameside PDU PDU, Greater Manchester region No inspection recorded" in main_text(response)


def test_results_show_each_providers_latest_rating(site):
    response = find(site, "Sussex")
    text = main_text(response)
    assert "Brighton and East Sussex PDU" in text and "West Sussex PDU" in text
    assert "Latest overall rating:" in text
    assert re.search(r"Latest overall rating: (Outstanding|Good|Requires improvement|Inadequate)", text)


def test_a_long_list_is_cut_short_and_says_so(site):
    response = find(site, "an")
    text = main_text(response)
    assert "10 councils and 10 providers or units match: the closest first" in text
    assert "Type more of the name to narrow the list" in text


def test_no_match_says_so_and_what_to_try(site):
    response = find(site, "Atlantis")
    assert response.status_code == 200
    assert_private(response)
    text = main_text(response)
    assert "Nothing matched “Atlantis”" in text
    assert "No council, probation provider or unit has a name containing those words" in text
    assert "A postcode" in text and "Part of a council's name" in text and "KSS CRC" in text
    html = response.content.decode().split('<main id="main"', 1)[1]
    assert 'href="/probation-service/"' in html and 'href="/"' in html


def test_search_escapes_what_was_typed(site):
    response = find(site, "<script>alert(1)</script>")
    assert response.status_code in (200, 400)
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_reads_are_answered(site, method):
    assert getattr(site, method)("/find/?q=Brighton").status_code == 405


# --- Queries: a constant number, whatever the data -------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, most",
    [
        ("Brighton", 3),  # councils, providers, their latest ratings
        ("an", 3),
        ("Atlantis", 2),  # no providers: no ratings to look up
        ("kss", 3),
        ("BN1 1AA", 2),  # the directory's version, the council
        ("BN1", 2),
        ("EH1 1AA", 1),
        ("ZZ99 9ZZ", 1),
        ("BN1 9ZZ", 2),
        ("BN1 1A", 0),
    ],
)
def test_a_search_costs_a_constant_number_of_queries(site, django_assert_max_num_queries, typed, most):
    with django_assert_max_num_queries(most):
        find(site, typed)


def test_queries_do_not_grow_with_the_number_of_providers(site, django_assert_num_queries):
    with django_assert_num_queries(3):
        find(site, "PDU")  # well over ten match: still three queries
    Provider.objects.bulk_create(
        Provider(
            name=f"Extra {number} Probation Delivery Unit",
            short_name=f"Extra {number} PDU",
            slug=f"extra-{number}",
            provider_type="pdu",
        )
        for number in range(50)
    )
    with django_assert_num_queries(3):
        find(site, "PDU")


# --- Suggestions -----------------------------------------------------------------------------------------------


def test_suggestions_list_names_as_one_types(site, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = site.get("/find/suggest.json", {"q": "Brigh"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert_private(response)
    assert json.loads(response.content) == {
        "suggestions": [
            {"label": "Brighton and Hove", "detail": "Council", "url": BRIGHTON_AND_HOVE},
            {
                "label": "Brighton and East Sussex PDU",
                "detail": "PDU, Kent, Surrey and Sussex region",
                "url": "/providers/brighton-and-east-sussex-pdu/",
            },
        ]
    }


def test_suggestions_are_at_most_eight_closest_first(site):
    suggestions = json.loads(site.get("/find/suggest.json", {"q": "york"}).content)["suggestions"]
    assert len(suggestions) == 8
    assert suggestions[0] == {"label": "York", "detail": "Council", "url": "/areas/york/"}
    assert {"label": "KSS CRC", "detail": "CRC, 2018–20", "url": "/providers/kss-crc/"} in json.loads(
        site.get("/find/suggest.json", {"q": "kss"}).content
    )["suggestions"]


@pytest.mark.parametrize("typed", ["BN1 1AA", "bn1", "B1", "12345", "", "b", "x" * 300])
def test_suggestions_are_never_given_for_a_postcode_or_too_little(site, django_assert_num_queries, typed):
    with django_assert_num_queries(0):
        response = site.get("/find/suggest.json", {"q": typed})
    assert response.status_code == 200
    assert json.loads(response.content) == {"suggestions": []}


def test_suggestions_without_q_are_empty(site):
    assert json.loads(site.get("/find/suggest.json").content) == {"suggestions": []}


# --- Nothing keeps a postcode ----------------------------------------------------------------------------------


def _everything_cached():
    """Every key and stored value of the local-memory cache, and this process's copies of stored answers."""
    stored = []
    for key, value in cache._cache.items():
        stored.append(key)
        stored.append(pickle.loads(value) if isinstance(value, bytes) else value)
    for key, answer in recent_answers._copies.items():
        stored.append(key)
        stored.append(answer)
    return stored


def _as_text(thing):
    if hasattr(thing, "body"):  # a StoredResponse
        return f"{thing.body!r} {dict(thing.headers)!r}"
    return repr(thing)


def test_no_cache_key_or_value_holds_a_postcode_after_searches(site):
    site.get("/")  # a cached page, so that the cache is in use
    for typed in ("BN1 1AA", "bn11aa", "BN1", "EH1 1AA", "ZZ99 9ZZ", "BN1 1A", "BN1 9ZZ"):
        find(site, typed)
    site.get("/find/suggest.json", {"q": "BN1 1AA"})
    site.get(BRIGHTON_AND_HOVE)
    site.get("/")
    stored = " ".join(_as_text(thing) for thing in _everything_cached())
    assert "page:" in stored  # the league page was stored: the inspection is not of an empty cache
    stored = stored.lower()
    held = [form for form in (*POSTCODE_FORMS, "ZZ99", "9ZZ", "EH1 1AA", "BN1 1A") if form.lower() in stored]
    assert held == []
    # Nor a key made from a search's address (the cache keys pages by a hash of their address).
    addresses = [
        hashlib.sha256(f"http://testserver/find/?q={typed}".encode()).hexdigest()
        for typed in ("BN1+1AA", "bn11aa", "BN1")
    ]
    assert [address for address in addresses if address in stored] == []


def test_search_answers_are_never_stored_or_served_from_the_cache(site, django_assert_max_num_queries):
    first = find(site, "Brighton")
    second = find(site, "Brighton")
    assert not first.has_header("ETag") and not second.has_header("ETag")
    with django_assert_max_num_queries(3):
        find(site, "Brighton")


def test_no_log_record_holds_a_postcode(site, caplog):
    caplog.set_level(logging.DEBUG)
    for typed in ("BN1 1AA", "EH1 1AA", "ZZ99 9ZZ", "BN1 1A", "BN1"):
        find(site, typed)
    DirectoryVersion.objects.all().delete()
    find(site, "BN1 1AA")  # the 503
    logged = " ".join(f"{record.getMessage()} {record.args!r}" for record in caplog.records)
    for form in (*POSTCODE_FORMS, "ZZ99", "EH1", "BN1 1A"):
        assert form.lower() not in logged.lower()
