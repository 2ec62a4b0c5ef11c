"""Editors' working notes never reach a reader: no public page of either era, nor any download, holds one (nor the
"Verify ..." to-dos the fixtures keep there), while the admin's entry form shows them."""

import pytest
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.urls import reverse

from inspections.models import Inspection
from providers.models import Provider

MARKER = "EDITORS-ONLY-7Q3Z"


@pytest.fixture
def marked(both_eras_with_places):
    """Every inspection with the marker in its editors' notes, after what the fixtures put there."""
    Inspection.objects.update(editor_notes=Concat(F("editor_notes"), Value(f" {MARKER}")))
    return {
        "thames_valley": Inspection.objects.get(provider__slug="thames-valley-crc", inspection_round__slug="2019-20"),
        "york": Inspection.objects.filter(provider__slug="york-pdu").latest("id"),
        "hull": Inspection.objects.filter(provider__slug="hull-and-east-riding-pdu").latest("id"),
        "region": Inspection.objects.filter(provider__slug="yorkshire-and-the-humber-region").latest("id"),
    }


def public_addresses(marked):
    inspections = [f"/inspections/{inspection.pk}/" for inspection in marked.values()]
    providers = [
        "thames-valley-crc",  # a CRC
        "nps-north-west",  # an NPS division
        "york-pdu",  # a PDU
        "hull-and-east-riding-pdu",
        "yorkshire-and-the-humber-region",  # a region
        "tameside-pdu",  # a former PDU
        "probation-service-national",
    ]
    return [
        "/",
        "/?round=2019-20",
        "/?round=2018-19",
        "/league.csv",
        "/league.json",
        "/probation-service/",
        "/probation-service/?round=2023-25",
        "/probation-service/?region=yorkshire-and-the-humber-region",
        "/probation-service.csv",
        "/probation-service.json",
        *(f"/providers/{slug}/" for slug in providers),
        *(f"/providers/{slug}.json" for slug in providers),
        *(f"/providers/{slug}.csv" for slug in providers),
        "/providers/thames-valley-crc/badge.svg",
        "/providers/york-pdu/badge.svg",
        *inspections,
        "/owners/mtcnovo/",
        "/owners/mtcnovo.json",
        "/owners/mtcnovo.csv",
        "/standards/2.3/",
        "/standards/2.3/?round=2019-20",
        "/standards/2.3.json",
        "/standards/2.3.csv",
        "/standards/pdu-2021/court-work/",
        "/compare/thames-valley-crc,kss-crc/",
        "/compare/thames-valley-crc,kss-crc/?round=2019-20",
        "/compare/thames-valley-crc,kss-crc.json",
        "/compare/thames-valley-crc,kss-crc.csv",
        "/compare/york-pdu,hull-and-east-riding-pdu/",
        "/compare/york-pdu,hull-and-east-riding-pdu.json",
        "/map/",
        "/map/?round=2019-20",
        "/areas/",
        "/areas/york/",
        "/areas/york.json",
        "/areas/york.csv",
        "/areas/east-riding-of-yorkshire/",
        "/find/?q=york",
        "/find/?q=thames",
        "/changes/",
        "/data/",
        "/data/probation-league.json",
        "/data/inspections.csv",
        "/data/key-questions.csv",
        "/data/facts.csv",
        "/data/sources.csv",
        "/data/SOURCES.md",
        "/data/open-data.md",
        "/feeds/inspections.atom",
        "/methodology/",
        "/eras/",
        "/eras.json",
        "/embed/",
        "/embed/league/",
        "/embed/probation-service/",
    ]


@pytest.mark.django_db
def test_no_public_page_holds_an_editors_note(client, marked):
    assert "Verify" in marked["thames_valley"].editor_notes  # the fixtures' to-do, kept for editors
    for address in public_addresses(marked):
        response = client.get(address)
        assert response.status_code == 200, address
        text = b"".join(response.streaming_content) if response.streaming else response.content
        text = text.decode()
        assert MARKER not in text, address
        assert "Verify" not in text, address
        assert "before publishing" not in text, address


@pytest.mark.django_db
def test_the_public_notes_keep_their_facts_for_readers(client, marked):
    page = client.get(f"/inspections/{marked['thames_valley'].pk}/").text
    assert "the 2020 annual report counts three CRCs upgraded to Good" in page
    assert "The rating has not been checked against the report itself." in page
    assert "(URL not recorded)" in client.get(f"/inspections/{marked['york'].pk}/").text


@pytest.mark.django_db
def test_the_admin_entry_form_shows_and_keeps_the_editors_notes(admin_client, marked):
    inspection = marked["thames_valley"]
    response = admin_client.get(reverse("admin:inspections_inspection_change", args=[inspection.pk]))
    assert response.status_code == 200
    assert "Editors&#x27; notes" in response.text
    assert MARKER in response.text
    assert "Verify the overall rating against the report" in response.text


@pytest.mark.django_db
def test_every_provider_with_notes_is_scanned(marked):
    """The scan above covers both eras' kinds of provider whose inspections carry editors' notes."""
    kinds = set(Provider.objects.filter(inspections__editor_notes__contains="Verify").values_list("provider_type"))
    assert kinds == {("crc",), ("pdu",), ("region",)}
