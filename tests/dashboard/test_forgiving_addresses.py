"""A provider's or owner's address in another case, without its kind or slightly misspelt reaches the page meant;
where no single provider is meant, the 404 and the comparison's problem page offer those most likely meant."""

import pytest
from django.test import Client

from dashboard.selectors.provider_addresses import match_address, provider_candidates


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "status", "location"),
    [
        ("/providers/KSS-CRC/", 301, "/providers/kss-crc/"),
        ("/providers/kss/", 302, "/providers/kss-crc/"),
        ("/providers/Thames-Valey-CRC/", 302, "/providers/thames-valley-crc/"),
        ("/providers/kss.csv", 302, "/providers/kss-crc.csv"),
        ("/providers/KSS-CRC.json", 301, "/providers/kss-crc.json"),
        ("/providers/bgsw/preview.png", 302, "/providers/bgsw-crc/preview.png"),
        ("/providers/bgsw/badge.svg", 302, "/providers/bgsw-crc/badge.svg"),
        ("/owners/SEETEC/", 301, "/owners/seetec/"),
        ("/owners/seetc/?sort=-score", 302, "/owners/seetec/?sort=-score"),
        ("/owners/seetc.csv", 302, "/owners/seetec.csv"),
    ],
)
def test_a_near_address_redirects_to_the_page_meant(client, real_data, address, status, location):
    response = client.get(address)
    assert (response.status_code, response["Location"]) == (status, location)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "location"),
    [
        ("/compare/kss-crc,bgsw/", "/compare/kss-crc,bgsw-crc/"),
        ("/compare/KSS-CRC,bgsw/?round=2019-20", "/compare/kss-crc,bgsw-crc/?round=2019-20"),
        ("/compare/kss,bgsw.csv", "/compare/kss-crc,bgsw-crc.csv"),
        ("/compare/kss,bgsw.json", "/compare/kss-crc,bgsw-crc.json"),
        ("/compare/kss-crc,bgsw/preview.png", "/compare/kss-crc,bgsw-crc/preview.png"),
    ],
)
def test_each_name_of_a_comparison_is_read_as_the_provider_meant(client, real_data, address, location):
    response = client.get(address)
    assert (response.status_code, response["Location"]) == (302, location)
    assert client.get(location, follow=True).status_code == 200


@pytest.mark.django_db
def test_the_redirect_leads_to_the_page_and_is_not_cached_in_its_place(client, real_data):
    assert client.get("/providers/kss/", follow=True).redirect_chain == [("/providers/kss-crc/", 302)]
    assert client.get("/providers/kss/").status_code == 302  # still a redirect, not the page stored under it
    page = client.get("/providers/kss-crc/")
    assert page.status_code == 200 and "KSS CRC" in page.text


@pytest.mark.django_db
def test_an_ambiguous_name_is_a_404_offering_each_provider_it_may_mean(client, both_eras):
    response = client.get("/providers/london/")
    assert response.status_code == 404
    for name, slug in [
        ("London Community Rehabilitation Company", "london-crc"),
        ("National Probation Service - London Division", "nps-london"),
        ("Probation Service – London region", "london-region"),
    ]:
        assert f'<a href="/providers/{slug}/">{name}</a>' in response.text
    json_page = client.get("/providers/london.json")
    assert json_page.status_code == 404 and 'href="/providers/london-crc.json"' in json_page.text


@pytest.mark.django_db
def test_an_unknown_name_is_a_plain_404(client, real_data):
    response = client.get("/providers/zzzz/")
    assert response.status_code == 404
    assert "Did you mean" not in response.text and "No provider has that address." in response.text


@pytest.mark.django_db
def test_a_bad_comparison_offers_the_providers_meant_by_name_before_neighbours(client, real_data):
    response = client.get("/compare/kss-crc,london/")
    assert response.status_code == 404
    assert "No provider has the address “london”. Did you mean London CRC or NPS London?" in response.text
    assert 'The nearest comparison that works: <a href="/compare/kss-crc,london-crc/">KSS CRC, London CRC</a>' in (
        response.text
    )


@pytest.mark.django_db
def test_a_comparison_naming_one_provider_twice_is_not_redirected(client, real_data):
    response = client.get("/compare/kss,kss-crc/")
    assert response.status_code == 404
    assert "No provider has the address “kss”. Did you mean KSS CRC?" in response.text


@pytest.mark.django_db
def test_reading_a_near_address_costs_one_query(client, real_data, django_assert_num_queries):
    client.get("/providers/kss/")  # the session and cache warm up
    # The view's two lookups, then every provider's address and names, read once.
    with django_assert_num_queries(3):
        assert client.get("/providers/kss/").status_code == 302
    with django_assert_num_queries(3):
        assert client.get("/providers/london/").status_code == 404
    # The comparison's three, then the names: for the problem page's suggestions, and for the redirect.
    with django_assert_num_queries(5):
        assert client.get("/compare/kss-crc,bgsw/").status_code == 302
    with django_assert_num_queries(5):
        assert client.get("/compare/kss-crc,london/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/providers/" + "kss-" * 60 + "crc/",
        "/compare/" + ",".join(["kss"] * 150) + "/",
        "/compare/" + ",".join(f"k{index}" for index in range(7)) + "/",
        "/owners/" + "a" * 300 + ".json",
    ],
)
def test_junk_is_a_quick_4xx(real_data, address):
    response = Client(raise_request_exception=False).get(address)
    assert 400 <= response.status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("KSS_CRC", "kss-crc"),
        ("kss", "kss-crc"),
        ("kss-pdu", "kss-crc"),
        ("essx-crc", "essex-crc"),
        ("no-such-crc", None),
        ("nps-north-eas", "nps-north-east"),
        ("thames valley", "thames-valley-crc"),
        ("bolton", "bolton-pdu"),
        ("london", None),
        ("wales", None),
        ("north-east", None),
        ("zzz", None),
    ],
)
def test_what_an_address_means(both_eras, typed, meant):
    match = match_address(typed, provider_candidates())
    assert (match.meant.slug if match.meant else None) == meant


@pytest.mark.django_db
def test_a_name_of_several_providers_offers_them_all(both_eras):
    match = match_address("birmingham", provider_candidates())
    assert match.meant is None
    assert [provider.short_name for provider in match.likely] == [
        "Birmingham Central and South PDU",
        "Birmingham Courts and Centralised Functions PDU",
        "Birmingham North, East and Solihull PDU",
    ]
