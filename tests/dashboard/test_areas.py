"""A council's area page (/areas/<slug>/), its data twins and preview image, the index of councils, and the
councils a PDU's page lists: on the real data of both eras, with every council and its links as `make run` has them."""

import csv
import datetime
import html as html_module
import io
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image, ImageDraw

from dashboard.charts import area_map, map_geometry
from dashboard.selectors.areas import area_page
from inspections import league_fields
from inspections.models import Inspection
from places.models import Council
from providers.models import Provider, UnitCouncil
from tests.factories import make_inspection

pytestmark = pytest.mark.django_db

BRIGHTON = "/areas/brighton-and-hove/"
SPLIT = {
    "birmingham": ("Birmingham Central and South PDU", "Birmingham North, East and Solihull PDU"),
    "liverpool": ("Liverpool North PDU", "Liverpool South PDU"),
    "manchester": ("Manchester North PDU", "Manchester South PDU"),
}


@pytest.fixture(autouse=True)
def _data(both_eras_with_places):
    pass


def text_of(content):
    """The visible text of an HTML fragment, tags removed, entities decoded and whitespace collapsed."""
    if not isinstance(content, str):
        content = content.content.decode()
    content = re.sub(r"<script.*?</script>", " ", content, flags=re.S)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", content)).split())


def provider_cards(response):
    """{provider name: the visible text of its card} in the answer and "Before 2021" sections."""
    cards = re.findall(r'<li class="area-provider">(.*?)</li>', response.content.decode(), flags=re.S)
    found = {}
    for card in cards:
        name = html_module.unescape(re.search(r'<h3 class="area-provider__name"><a [^>]*>(.*?)</a>', card).group(1))
        found[name] = text_of(card)
    return found


def timeline_rows(response):
    """The visible text of each row of the timeline, era headings included, in page order."""
    table = re.search(
        r'<table class="data-table card-table area-timeline" aria-labelledby="timeline-title">(.*?)</table>',
        response.content.decode(),
        re.S,
    )
    assert table, "the page has a timeline"
    body = table.group(1).split("</thead>", 1)[1]
    return [text_of(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)]


def latest_rated(short_name):
    return Inspection.objects.get(provider__short_name=short_name, is_latest_rated=True)


def test_brighton_and_hove_shows_today_and_2018_20_with_latest_ratings_in_one_timeline(client):
    response = client.get(BRIGHTON)
    assert response.status_code == 200
    text = text_of(response)
    assert "Probation in Brighton and Hove" in text
    assert re.search(r"<h1>Probation in Brighton and Hove</h1>", response.content.decode())
    cards = provider_cards(response)
    assert list(cards) == [
        "Brighton and East Sussex PDU",
        "Kent, Surrey and Sussex region",
        "KSS CRC",
        "NPS South East & Eastern",
    ]
    for name, card in cards.items():
        latest = latest_rated(name)
        assert f"{latest.overall_rating}" in card, name
        assert latest.published_label in card, name
    assert "from the Probation Service's estate data" in cards["Brighton and East Sussex PDU"]
    assert "through its PDU" in cards["Kent, Surrey and Sussex region"]
    assert "by area" in cards["KSS CRC"] and "by area" in cards["NPS South East & Eastern"]
    # The answer comes first, then the era before, then the timeline.
    assert text.index("Today: the Probation Service") < text.index("Before 2021") < text.index("Every inspection")
    assert "Brighton and Hove lies in the Sussex police force area" in text

    rows = timeline_rows(response)
    inspections = Inspection.objects.filter(provider__short_name__in=list(cards))
    assert len(rows) == inspections.count() + 2  # and the two eras' headings
    assert rows[0] == "Since 2021: the Probation Service"
    crc_heading = rows.index("2018–20: Community Rehabilitation Company and NPS division")
    assert all("KSS CRC" in row or "NPS South East" in row for row in rows[crc_heading + 1 :])
    assert all("KSS CRC" not in row and "NPS South East" not in row for row in rows[1:crc_heading])
    kss_2019 = Inspection.objects.get(provider__slug="kss-crc", published_on__year=2019)
    assert any(row.startswith("19 June 2019 KSS CRC CRC Requires improvement by area") for row in rows)
    assert f'href="/inspections/{kss_2019.id}/"' in response.content.decode()
    assert 'href="/providers/kss-crc/"' in response.content.decode()


def test_the_timeline_is_newest_first_and_marks_what_carries_no_rating(client):
    page = area_page("brighton-and-hove")
    dated = [entry.inspection.published_on for entry in page.timeline if entry.inspection.published_on]
    assert dated == sorted(dated, reverse=True)
    not_rated = [entry for entry in page.timeline if entry.inspection.is_not_rated]
    rows = timeline_rows(client.get(BRIGHTON))
    for entry in not_rated:
        assert any("Not rated" in row and entry.not_rated_kind.capitalize() in row for row in rows)


def test_a_split_council_names_every_pdu_and_says_the_split_is_not_published(client):
    for slug, pdus in SPLIT.items():
        response = client.get(f"/areas/{slug}/")
        assert response.status_code == 200
        text = text_of(response)
        assert "The split between them is not published." in text, slug
        cards = provider_cards(response)
        linked = set(UnitCouncil.objects.filter(council__slug=slug).values_list("unit__short_name", flat=True))
        assert linked == set(pdus)
        for pdu in pdus:
            assert pdu in cards, (slug, pdu)
    brighton = text_of(client.get(BRIGHTON))
    assert "not published" not in brighton


def test_every_council_has_a_page_naming_a_pdu_and_a_provider_of_2018_20(client):
    councils = list(Council.objects.order_by("name"))
    assert len(councils) == 318
    for council in councils:
        page = area_page(council.slug)
        assert page.pdus, council.name
        assert page.regions, council.name
        assert page.crcs and page.nps_divisions, council.name
    for council in councils:
        response = client.get(council.get_absolute_url())
        assert response.status_code == 200, council.name
        cards = provider_cards(response)
        assert any(name.endswith("PDU") for name in cards), council.name
        assert any(name.endswith("CRC") for name in cards), council.name
        assert any(name.startswith("NPS ") for name in cards), council.name


def test_a_welsh_council_is_covered_by_the_welsh_providers(client):
    cards = provider_cards(client.get("/areas/cardiff/"))
    assert "Wales region" in cards and "Wales CRC" in cards and "NPS Wales" in cards


def test_the_json_twin_holds_what_the_page_shows(client):
    response = client.get("/areas/brighton-and-hove.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content)
    assert document["schema"] == "probation-league/area"
    assert document["url"] == "http://testserver/areas/brighton-and-hove/"
    assert document["council"]["code"] == "E06000043"
    assert document["council"]["name"] == "Brighton and Hove"
    assert document["police_force_area"]["name"] == "Sussex"
    assert document["split_between_pdus"] is False
    [pdu] = document["pdus"]
    assert (pdu["short_name"], pdu["basis"]) == ("Brighton and East Sussex PDU", "estate data")
    latest = latest_rated("Brighton and East Sussex PDU")
    assert pdu["latest"]["overall_rating"] == latest.overall_rating
    assert pdu["latest"]["published"] == (latest.published_iso or None)
    assert [region["short_name"] for region in document["regions"]] == ["Kent, Surrey and Sussex region"]
    assert [(entry["short_name"], entry["basis"]) for entry in document["crc_era"]] == [
        ("KSS CRC", "by area"),
        ("NPS South East & Eastern", "by area"),
    ]
    assert document["crc_era"][0]["police_force_area_basis"] == "confirmed"
    timeline = document["timeline"]
    assert len(timeline) == len(area_page("brighton-and-hove").timeline)
    kss = next(
        entry for entry in timeline if entry["provider"]["slug"] == "kss-crc" and entry["published"] == "2019-06-19"
    )
    assert kss["overall_rating"] == "Requires improvement"
    assert kss["overall_rating_derived"] is False and kss["published_derived"] is False
    assert kss["era"] == "crc-nps" and kss["link_basis"] == "by area"
    assert kss["url"].startswith("http://testserver/inspections/")
    assert {entry["era"] for entry in timeline} == {"crc-nps", "probation-service"}
    assert "Office for National Statistics" in document["places_source"]["attribution"]

    split = json.loads(client.get("/areas/birmingham.json").content)
    assert split["split_between_pdus"] is True
    assert {pdu["short_name"] for pdu in split["pdus"]} == set(SPLIT["birmingham"])


def test_the_csv_twin_has_a_row_an_inspection(client):
    response = client.get("/areas/brighton-and-hove.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == len(area_page("brighton-and-hove").timeline)
    kss = next(row for row in rows if row["provider_slug"] == "kss-crc" and row["published"] == "2019-06-19")
    assert kss["overall_rating"] == "Requires improvement" and kss["link_basis"] == "by area"
    assert {row["council_code"] for row in rows} == {"E06000043"}


def test_the_page_shares_its_address_with_a_preview_image(client, monkeypatch):
    page = client.get(BRIGHTON).content.decode()
    assert '<link rel="canonical" href="http://testserver/areas/brighton-and-hove/">' in page
    assert '<meta property="og:image" content="http://testserver/areas/brighton-and-hove/preview.png">' in page
    assert 'value="http://testserver/areas/brighton-and-hove/"' in page
    assert 'href="/areas/brighton-and-hove.json"' in page and 'href="/areas/brighton-and-hove.csv"' in page

    written = []
    original = ImageDraw.ImageDraw.text

    def text(self, xy, content, *args, **kwargs):
        written.append(content)
        return original(self, xy, content, *args, **kwargs)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", text)
    response = client.get("/areas/brighton-and-hove/preview.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.size == (1200, 630)
    assert "Probation in Brighton and Hove" in written
    assert "Brighton and East Sussex PDU (PDU)" in written and "KSS CRC (CRC)" in written
    assert latest_rated("KSS CRC").overall_rating in written
    assert client.get("/areas/nowhere-at-all/preview.png").status_code == 404


def test_the_locator_map_highlights_the_smallest_area_and_marks_the_council(client):
    page = client.get(BRIGHTON).content.decode()
    figure = json.loads(
        re.search(r'<script id="locator-map-figure" type="application/json">(.*?)</script>', page, re.S).group(1)
    )
    highlighted = [trace["meta"]["shapes"] for trace in figure["data"][1:]]
    assert highlighted == [["kss-crc"]]
    [dot] = figure["layout"]["shapes"]
    council = Council.objects.get(slug="brighton-and-hove")
    x, y = area_map.council_point(council.longitude, council.latitude)
    assert dot["x0"] < x < dot["x1"] and dot["y0"] < y < dot["y1"]
    assert "police force areas, not councils" in text_of(page)
    # The dot uses the geometry file's projection.
    assert area_map.REFERENCE_LATITUDE == map_geometry.REFERENCE_LATITUDE


def test_an_unknown_council_is_a_404_and_another_case_redirects(client):
    missing = client.get("/areas/atlantis/")
    assert missing.status_code == 404
    assert "No council has that address." in text_of(missing)
    assert client.get("/areas/atlantis.json").status_code == 404
    moved = client.get("/areas/Brighton-And-Hove/")
    assert moved.status_code == 301 and moved["Location"] == BRIGHTON
    moved = client.get("/areas/BIRMINGHAM.json")
    assert moved.status_code == 301 and moved["Location"] == "/areas/birmingham.json"


def test_the_page_is_a_public_cached_page(client):
    first = client.get(BRIGHTON)
    assert "public" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(BRIGHTON)
    assert again.content == first.content
    assert len(queries) <= 2


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_query_counts_are_constant_whatever_the_inspections_and_units(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get(BRIGHTON)
    cache.clear()
    brighton = _queries(client, BRIGHTON)
    assert _queries(client, "/areas/birmingham/") == brighton  # two PDUs cost what one does
    pdu = Provider.objects.get(short_name="Brighton and East Sussex PDU")
    framework = Inspection.objects.filter(provider=pdu).first().framework
    for year in (2030, 2031, 2032):
        Inspection.objects.create(
            provider=pdu, framework=framework, published_on=datetime.date(year, 1, 1), overall_rating="Good"
        )
    league_fields.refresh_providers([pdu.pk])
    make_inspection(Provider.objects.get(slug="kss-crc"), published_on=datetime.date(2020, 12, 1))
    cache.clear()
    assert _queries(client, BRIGHTON) == brighton
    providers = [
        link.provider.id for link in [*area_page("brighton-and-hove").today, *area_page("brighton-and-hove").crc_era]
    ]
    assert len(timeline_rows(client.get(BRIGHTON))) == Inspection.objects.filter(provider__in=providers).count() + 2
    with django_assert_max_num_queries(8):
        client.get("/areas/brighton-and-hove.json")
    with django_assert_max_num_queries(3):
        client.get("/areas/")


def test_the_index_lists_every_council_a_to_z(client):
    response = client.get("/areas/")
    assert response.status_code == 200
    page = response.content.decode()
    links = re.findall(r'<li><a href="(/areas/[a-z0-9-]+/)">', page)
    assert len(links) == 318 == len(set(links))
    assert BRIGHTON in links
    names = [html_module.unescape(name) for name in re.findall(r'<li><a href="/areas/[a-z0-9-]+/">(.*?)</a>', page)]
    assert names == sorted(names, key=str.casefold)
    assert "Brighton and East Sussex PDU" in text_of(page)


def test_a_pdu_page_lists_the_councils_it_covers(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(26):
        response = client.get("/providers/brighton-and-east-sussex-pdu/")
    page = response.content.decode()
    section = re.search(r'<section class="era-links" aria-labelledby="councils-title">(.*?)</section>', page, re.S)
    assert section, "the PDU page lists its councils"
    text = text_of(section.group(1))
    assert "Councils it covers" in text
    assert 'href="/areas/brighton-and-hove/"' in section.group(1)
    assert "Brighton and Hove from the Probation Service's estate data" in text
    councils = UnitCouncil.objects.filter(unit__slug="brighton-and-east-sussex-pdu").count()
    assert section.group(1).count('href="/areas/') == councils
    region = client.get("/providers/kent-surrey-and-sussex-region/").content.decode()
    assert "Councils it covers" not in region


def test_junk_in_the_address_is_ignored_or_a_404(client):
    plain = client.get(BRIGHTON)
    junk = client.get(BRIGHTON + "?page=abc&sort=-name&q=BN1+1AA")
    assert junk.status_code == 200 and junk.content == plain.content
    assert client.get("/areas/" + "x" * 5000 + "/").status_code == 404
    assert client.get("/areas/brighton-and-hove.xml").status_code == 404
    assert client.get("/areas/brighton%20and%20hove/").status_code == 404
