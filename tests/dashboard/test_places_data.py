"""/data/ and the methodology say which places data the site was built from, under which licence, and how
a council is linked to its police force area and its units."""

import html
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inspections.synthetic import seed_synthetic_units
from places import directory
from places.models import Council, DirectoryVersion
from providers.models import UnitCouncil
from tests.html_tables import rows_by_header, table

DATA_QUERIES = 7
METHODOLOGY_QUERIES = 9


def section(response, section_id):
    """The HTML of the page's section with that id, and its visible text (tags removed, whitespace collapsed)."""
    assert response.status_code == 200
    found = re.search(rf'<section[^>]*\bid="{section_id}"[^>]*>(.*?)</section>', response.content.decode(), re.S)
    assert found is not None, f"no section #{section_id}"
    text = html.unescape(" ".join(re.sub(r"<[^>]+>", " ", found[1]).split()))
    return found[1], re.sub(r" ([,.;:)])", r"\1", text)


def link(fragment, text):
    found = re.search(rf'<a href="([^"]+)">{re.escape(text)}</a>', fragment)
    assert found is not None, f"no link {text!r}"
    return html.unescape(found[1])


def test_data_page_names_the_places_data_its_version_and_licence(client, both_eras_with_places):
    version = DirectoryVersion.objects.get()
    places, text = section(client.get("/data/"), "places")
    assert (
        f"package {directory.POSTCODES_PACKAGE} version {directory.package_version(directory.POSTCODES_PACKAGE)}"
        in text
    )
    assert "version 2026.1.1; 2,720,556 postcodes" in text
    assert f"package {directory.AUTHORITIES_PACKAGE} version 2021.4" in text
    assert "318 local authority districts, as the directory codes them: 296 in England, 22 in Wales" in text
    assert "6 councils created or recoded since" in text
    assert "43, from the ONS boundaries of December 2020" in text
    assert f'<time datetime="{timezone.localtime(version.built_at):%Y-%m-%dT%H:%M:%S%z}">' in places
    assert link(places, directory.LICENCE) == directory.LICENCE_URL
    assert directory.ATTRIBUTION in text
    assert link(places, "how") == "/methodology/#places"
    assert link(places, "search") == "/find/"


def test_methodology_says_how_councils_are_linked(client, both_eras_with_places):
    places, text = section(client.get("/methodology/"), "places")
    assert "ONS Postcode Directory of November 2025" in text and "2,720,556 postcodes" in text
    assert "up to 400 of them" in text and "43 police force areas (December 2020)" in text
    # The lowest share of a council's sampled postcodes inside its area, as built (City of London's).
    lowest = min(Council.objects.values_list("police_force_area_share", flat=True))
    assert f"never below {round(lowest * 100)}%" in text
    rows = rows_by_header(table(places, "How each of the"))
    assert {basis: cells[-1] for basis, cells in rows.items()} == {
        "From the Probation Service's estate data": "182",
        "Inferred": "102",
        "Stated by a source": "26",
        "From the unit's name": "11",
    }
    assert "How each of the 321 links between a PDU and a council is known" in text
    assert "Birmingham, Liverpool and Manchester are split between several PDUs along lines no source publishes" in text
    assert link(places, directory.LICENCE) == directory.LICENCE_URL
    assert link(places, "The versions in use") == "/data/#places"


def test_without_the_places_built_the_pages_say_so(client, both_eras):
    for address in ("/data/", "/methodology/"):
        _, text = section(client.get(address), "places")
        assert "have not been built on this site yet" in text
        assert "2,720,556" not in text


def test_the_pages_cost_the_same_queries_however_many_units_and_links(
    client, both_eras_with_places, django_assert_max_num_queries
):
    def counted(address):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        return len(queries)

    before = {address: counted(address) for address in ("/data/", "/methodology/")}
    with django_assert_max_num_queries(DATA_QUERIES):
        cache.clear()
        client.get("/data/")
    with django_assert_max_num_queries(METHODOLOGY_QUERIES):
        cache.clear()
        client.get("/methodology/")

    seed_synthetic_units(400)  # each linked to a council: every council is now linked to several units
    after = {address: counted(address) for address in ("/data/", "/methodology/")}
    assert after == before
    _, text = section(client.get("/methodology/"), "places")
    assert "How each of the 721 links between a PDU and a council is known" in text
    split = Council.objects.order_by("name").values_list("name", flat=True)[:10]
    assert f"{', '.join(split[:9])} and {split[9]} and others are split between several PDUs" in text


@pytest.mark.parametrize("address", ["/data/", "/methodology/"])
def test_pages_cached_before_the_links_are_written_again_show_the_new_places(
    client, both_eras_with_places, address, django_capture_on_commit_callbacks
):
    """The pages are cached; writing a unit's council link is a write to published data, which makes them stale."""
    client.get(address)
    DirectoryVersion.objects.update(postcodes_version="2099.1.1")
    assert "2099.1.1" not in section(client.get(address), "places")[1]  # still the cached page
    with django_capture_on_commit_callbacks(execute=True):
        UnitCouncil.objects.first().save()
    assert "2099.1.1" in section(client.get(address), "places")[1]
