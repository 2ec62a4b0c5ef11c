"""A NUL character anywhere in a request is a short 400 naming the problem, before any view runs."""

import pytest
from django.urls import reverse

from providers.models import Provider
from tests.factories import make_provider

pytestmark = pytest.mark.django_db


def assert_refused(response, location):
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        f"Bad request: the {location} contains a NUL character (%00), which nothing on this site accepts.\n"
    )


@pytest.mark.parametrize(
    "url",
    ["/?sort=%00", "/?owner=seetec%00", "/embed/?provider=%00", "/embed/league/?rating=%00", "/league.csv?%00=1"],
)
def test_a_nul_in_the_query_string_is_refused(client, first_round, url):
    assert_refused(client.get(url), "query string")


def test_a_raw_nul_in_the_query_string_is_refused(client, first_round):
    assert_refused(client.get("/embed/", QUERY_STRING="provider=\x00"), "query string")


def test_a_nul_in_the_address_is_refused(client, first_round):
    assert_refused(client.get("/providers/kss%00crc/"), "address")


def test_the_same_pages_without_a_nul_are_served(client, first_round):
    assert client.get("/embed/?provider=kss-crc").status_code == 200
    assert client.get("/").status_code == 200


def test_a_nul_in_an_admin_form_is_refused_and_nothing_is_saved(admin_client, frameworks):
    provider = make_provider("Test CRC", name="Test CRC Ltd")
    response = admin_client.post(
        reverse("admin:providers_provider_change", args=[provider.pk]),
        {
            "name": "Test\x00 CRC Ltd",
            "short_name": "Test CRC",
            "slug": provider.slug,
            "provider_type": "crc",
            "area": "Testshire",
            "ownership_periods-TOTAL_FORMS": "0",
            "ownership_periods-INITIAL_FORMS": "0",
        },
    )
    assert_refused(response, "form field")
    provider.refresh_from_db()
    assert (provider.name, Provider.objects.count()) == ("Test CRC Ltd", 1)
