"""Badges, preview images and embeds of both eras, on the real data: what another site shows of a unit of today's
Probation Service or of a provider of 2018-20."""

import csv
import html as html_module
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image, ImageDraw

from inspections.synthetic import seed_synthetic_providers, seed_synthetic_units
from tests.dashboard.test_providers import text_of
from tests.html_tables import table

SVG = "{http://www.w3.org/2000/svg}"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data(both_eras):
    pass


def badge(client, slug):
    """(title, [texts], {text: its fill colour}) of a provider's badge."""
    response = client.get(f"/providers/{slug}/badge.svg")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    texts = list(root.iter(f"{SVG}text"))
    return root.find(f"{SVG}title").text, [text.text for text in texts], {text.text: text.get("fill") for text in texts}


@pytest.fixture
def drawn(client, monkeypatch):
    """drawn(path): the texts a preview image writes, in the order it writes them, and the image."""
    original = ImageDraw.ImageDraw.text

    def draw(path):
        written = []

        def text(self, xy, content, *args, **kwargs):
            written.append(content)
            return original(self, xy, content, *args, **kwargs)

        monkeypatch.setattr(ImageDraw.ImageDraw, "text", text)
        response = client.get(path)
        monkeypatch.setattr(ImageDraw.ImageDraw, "text", original)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        image = Image.open(io.BytesIO(response.content))
        image.load()
        assert image.size == (1200, 630)
        return written, image

    return draw


def by_unit(rows):
    """{unit cell: the row's cells from the unit on} of an embedded table's body rows."""
    return {row[1]: row[1:] for row in rows[1:]}


def colours(image):
    return {colour for _count, colour in image.getcolors(maxcolors=1_000_000)}


GOOD = (0x2E, 0x70, 0x31)
REQUIRES_IMPROVEMENT = (0xF2, 0xB6, 0x32)
INADEQUATE = (0xA4, 0x22, 0x1B)


class TestBadges:
    def test_a_pdu_shows_its_latest_rated_inspection_with_its_date_not_recorded_and_its_region(self, client):
        title, texts, fills = badge(client, "gateshead-and-south-tyneside-pdu")
        # Its later, undated inspection, as its page and the league show: not the Good of December 2022.
        assert texts[1:4] == ["Requires improvement", "Date not recorded", "HMI Probation · PDU, North East region"]
        assert title.startswith(
            "Gateshead and South Tyneside PDU: Requires improvement, publication date not recorded. "
            "PDU, North East region."
        )
        assert "Good" not in title and "published Date" not in title
        assert fills["Requires improvement"] != "None"

    def test_the_same_inspection_as_the_unit_page(self, client):
        page = text_of(client.get("/providers/gateshead-and-south-tyneside-pdu/"))
        assert "Latest rating: Date not recorded Overall Overall rating: Requires improvement" in page

    def test_a_crc_is_presented_as_of_2018_20_and_gone(self, client):
        title, texts, _ = badge(client, "kss-crc")
        assert texts[1:4] == ["Requires improvement", "19 June 2019", "HMI Probation · 2018–20 · no longer exists"]
        assert title.startswith("KSS CRC: Requires improvement, published 19 June 2019. 2018–20 rating · no longer")
        assert "no longer exists" in badge(client, "nps-north-east")[1][3]

    def test_a_rating_derived_from_wording_is_marked(self, client):
        title, texts, _ = badge(client, "hull-and-east-riding-pdu")
        assert texts[1] == "Requires improvement*"
        assert texts[3].startswith("HMI Probation · * derived, not quoted")
        assert "Requires improvement (derived from wording, not quoted)" in title

    def test_a_region_whose_only_inspection_carries_no_rating(self, client):
        title, texts, fills = badge(client, "greater-manchester-region")
        assert texts[1] == "Not rated*"  # the dynamic inspection of public protection, rated by no one
        assert fills["Not rated*"].startswith("#")
        assert "Not rated (derived from wording, not quoted), published 2026 (date derived, not quoted)" in title

    def test_a_region_not_yet_inspected(self, client):
        _, texts, _ = badge(client, "london-region")
        assert texts[1:3] == ["Not inspected yet", "HMI Probation · Probation Service region"]


class TestProviderPreviews:
    def test_a_pdu_names_its_region_programme_and_previous_rating_and_draws_no_empty_standards(self, drawn):
        texts, image = drawn("/providers/gateshead-and-south-tyneside-pdu/preview.png")
        assert "Requires improvement" in texts and REQUIRES_IMPROVEMENT in colours(image)
        for fact in (
            "PDU · North East region",
            "Publication date not recorded",
            "Regional programme (2023 model), 2023-25",
            "Previously Good (December 2022): declined",
            "No standard ratings recorded (of 7)",
        ):
            assert fact in texts
        assert not any("Published Date" in text or text == "n/r" for text in texts)
        assert not any("Score" in text for text in texts)  # no scoring rule is published

    def test_stated_points_and_derived_standards_labelled_by_name(self, drawn):
        texts, image = drawn("/providers/hammersmith-fulham-kensington-chelsea-and-westminster-pdu/preview.png")
        assert "0/27 inspection points, as stated" in texts
        assert "PDU programme (2021 model), reports 2022-23" in texts
        for name in ("Leadership", "Court work", "Reviewing"):
            assert name in texts
        assert texts.count("Inad.*") == 9
        assert "* Derived from a source's wording, not quoted" in texts
        assert INADEQUATE in colours(image)

    def test_a_region_counts_its_pdus_ratings_and_notes_a_later_unrated_inspection(self, drawn):
        texts, image = drawn("/providers/kent-surrey-and-sussex-region/preview.png")
        assert "Probation Service region" in texts
        assert "Its 5 PDUs' latest ratings" in texts
        assert "2 Requires improvement" in texts and "3 Inadequate" in texts
        # Wrapped to fit its column.
        assert "Since then: dynamic inspection of public protection, not rated (29 January 2026)" in " ".join(texts)
        for name in ("Leadership", "Desistance", "Victim work"):
            assert name in texts

    def test_a_region_never_inspected_still_counts_its_pdus(self, drawn):
        texts, _ = drawn("/providers/london-region/preview.png")
        assert "No inspection recorded yet" in texts
        assert "Its 18 PDUs' latest ratings" in texts
        assert "12 not inspected here" in texts

    def test_a_crc_is_presented_as_of_2018_20_and_gone(self, drawn):
        texts, image = drawn("/providers/kss-crc/preview.png")
        assert texts[texts.index("Overall rating, 2018-20") + 1] == "Requires improvement"
        for fact in ("Published 19 June 2019", "Score 15 of 30", "No longer exists (since 26 June 2021)"):
            assert fact in texts
        assert any(text.endswith("of 28 in the 2018-20 league") for text in texts)
        assert ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "4.1", "4.2"] == [
            text for text in texts if text[:1].isdigit() and "." in text and len(text) == 3
        ]

    def test_a_crc_s_later_part_inspection_is_noted(self, drawn):
        texts, _ = drawn("/providers/hiow-crc/preview.png")
        assert "Since then: part-inspection, not rated (2020)" in texts


class TestComparisonPreview:
    def test_a_crc_and_a_pdu_are_said_to_be_on_different_frameworks(self, drawn):
        texts, _ = drawn("/compare/kss-crc,gateshead-and-south-tyneside-pdu/preview.png")
        assert "Different frameworks: standards not like for like" in texts
        assert "No recorded standard ratings differ" not in texts
        for detail in ("Publication date not recorded", "Published 19 June 2019", "2018-20 · no longer exists"):
            assert detail in texts
        assert "North East region" in texts

    def test_the_page_says_the_same(self, client):
        assert "frameworks differ" in text_of(client.get("/compare/kss-crc,gateshead-and-south-tyneside-pdu/"))


def ordinal(number):
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class TestTodaysLeagueEmbed:
    def test_the_same_units_ranks_and_order_as_the_league(self, client):
        response = client.get("/embed/probation-service/")
        assert response.status_code == 200
        assert "X-Frame-Options" not in response
        assert "frame-ancestors *" in response["Content-Security-Policy"]
        rows = table(response.content.decode(), "Probation Service regions and PDUs")
        assert rows[0] == ["Rank", "Unit", "Region", "Overall rating", "Published"]
        league = table(client.get("/probation-service/").content.decode(), "Probation Service regions and PDUs")
        # The league groups its rows under their bands, its ranks in the headings; its CSV twin has them row by row.
        ranks = list(csv.DictReader(io.StringIO(client.get("/probation-service.csv").content.decode())))
        name = league[0].index("Provider")
        assert len(rows) == len(league)
        for embedded, shown, ranked in zip(rows[1:], league[1:], ranks, strict=False):
            assert embedded[0] == ("=" if ranked["rank_is_joint"] == "true" else "") + ordinal(int(ranked["rank"]))
            assert embedded[1].startswith(f"{shown[name]} ")  # then its date, shown under it in a narrow frame
            assert shown[name].startswith(ranked["unit"])  # a former unit says so after its name
        assert len(rows) == 51  # a page of fifty
        assert "Rows 1–50 of" in text_of(response)

    def test_filters_of_the_league_apply(self, client):
        response = client.get("/embed/probation-service/?type=pdu&region=north-east-region")
        rows = table(response.content.decode(), "Probation Service regions and PDUs of the North East region, by")
        # One region's units: its name in the caption, not on every row.
        assert rows[0] == ["Rank", "Unit", "Overall rating", "Published"]
        units = by_unit(rows)
        league = table(
            client.get("/probation-service/?type=pdu&region=north-east-region").content.decode(),
            "Probation Service regions and PDUs",
        )
        name = league[0].index("Provider")
        assert len(units) == 7 == len(league) - 1
        assert all(any(unit.startswith(f"{row[name]} ") for unit in units) for row in league[1:])
        assert units["Gateshead and South Tyneside PDU Date not recorded"][1:] == [
            "Requires improvement ▼ declined",
            "Date not recorded",
        ]
        assert 'href="http://testserver/providers/gateshead-and-south-tyneside-pdu/" target="_top"' in (
            response.content.decode()
        )
        page = text_of(response)
        assert "ranked by overall rating alone" in page and "Unofficial" in page
        assert 'href="http://testserver/probation-service/?region=north-east-region&amp;type=pdu"' in (
            response.content.decode()
        )

    def test_without_a_region_each_row_names_its_region(self, client):
        response = client.get("/embed/probation-service/?type=region")
        units = by_unit(table(response.content.decode(), "Probation Service regions and PDUs, by"))
        assert units["North East region 2025"][1:] == ["North East region", "Requires improvement", "2025"]

    def test_derived_values_are_marked(self, client):
        response = client.get("/embed/probation-service/?region=yorkshire-and-the-humber-region")
        units = by_unit(table(response.content.decode(), "Probation Service regions and PDUs"))
        hull = units["Hull and East Riding PDU Date not recorded"]
        assert hull[1].startswith("Requires improvement Derived, not quoted")

    def test_the_league_s_sorting_and_standard_columns_are_accepted(self, client):
        assert client.get("/embed/probation-service/?standards=pdu-2023&sort=-standard4").status_code == 200
        assert client.get("/embed/probation-service/?round=2023-25&sort=-published").status_code == 200

    def test_unknown_filters_say_so_and_show_no_table(self, client):
        response = client.get("/embed/probation-service/?type=crc&region=atlantis")
        assert response.status_code == 400
        page = html_module.unescape(text_of(response))
        assert "Unit type: there is no choice 'crc'." in page
        assert "Region: there is no choice 'atlantis'." in page
        assert "<table" not in response.content.decode()

    def test_a_page_past_the_end_is_not_found(self, client):
        assert client.get("/embed/probation-service/?page=99").status_code == 404

    def test_cached_with_junk_parameters_ignored(self, client, django_assert_num_queries):
        first = client.get("/embed/probation-service/?type=pdu").content
        with django_assert_num_queries(0):
            assert client.get("/embed/probation-service/?type=pdu&utm_source=x").content == first


class TestEmbedHelp:
    def test_badges_of_today_s_units_are_offered_by_era(self, client):
        html = client.get("/embed/").content.decode()
        assert '<optgroup label="Probation Delivery Units">' in html
        assert '<option value="gateshead-and-south-tyneside-pdu">Gateshead and South Tyneside PDU</option>' in html
        assert '<optgroup label="2018–20: CRCs and NPS divisions"><option value="bgsw-crc">' in html

    def test_a_pdu_s_badge_code(self, client):
        response = client.get("/embed/?provider=gateshead-and-south-tyneside-pdu")
        assert response.status_code == 200
        html = html_module.unescape(response.content.decode())
        assert (
            '<a href="http://testserver/providers/gateshead-and-south-tyneside-pdu/"><img '
            'src="http://testserver/providers/gateshead-and-south-tyneside-pdu/badge.svg" width="320" height="96" '
            'alt="Gateshead and South Tyneside PDU: latest HM Inspectorate of Probation rating (unofficial league)">'
        ) in html

    def test_code_for_today_s_league_and_the_2018_20_league(self, client):
        html = html_module.unescape(client.get("/embed/?units=pdu&region=north-east-region&type=nps").content.decode())
        assert (
            '<iframe src="http://testserver/embed/probation-service/?type=pdu&region=north-east-region" '
            'title="Probation Service inspection league (unofficial)"'
        ) in html
        assert '<iframe src="http://testserver/embed/league/?type=nps"' in html
        assert client.get("/embed/probation-service/?type=pdu&region=north-east-region").status_code == 200

    def test_unknown_choices_are_left_out_of_the_code(self, client):
        html = html_module.unescape(client.get("/embed/?units=martians&region=atlantis").content.decode())
        assert '<iframe src="http://testserver/embed/probation-service/" title=' in html


# Every page these tests cover, with the queries each costs uncached; the same with more units and providers.
QUERIES = {
    "/providers/gateshead-and-south-tyneside-pdu/badge.svg": 2,
    "/providers/kss-crc/badge.svg": 2,
    "/providers/gateshead-and-south-tyneside-pdu/preview.png": 21,  # with the councils the PDU covers
    "/providers/north-east-region/preview.png": 24,
    "/providers/kss-crc/preview.png": 26,
    "/compare/kss-crc,gateshead-and-south-tyneside-pdu/preview.png": 32,
    "/embed/": 5,
    "/embed/?provider=gateshead-and-south-tyneside-pdu&units=pdu&region=north-east-region": 5,
    "/embed/probation-service/": 14,
    "/embed/probation-service/?type=pdu&region=north-east-region": 15,
    "/embed/probation-service/?standards=pdu-2023&sort=-standard4": 14,
    "/embed/probation-service/?type=martians": 3,
}


def uncached_queries(client, path):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code in (200, 400), path
    return len(queries)


def test_queries_do_not_grow_with_the_number_of_units(client, django_assert_num_queries):
    for path, expected in QUERIES.items():
        cache.clear()
        with django_assert_num_queries(expected):
            client.get(path)
    seed_synthetic_units(120)
    seed_synthetic_providers(60)
    assert {path: uncached_queries(client, path) for path in QUERIES} == QUERIES


JUNK = ["%00", "x%00y", "%C0%AF", "..%2F..%2Fetc", "%27%20OR%201%3D1--", "%F0%9F%92%A9", "a" * 400, "%E2%80%AE"]


@pytest.mark.parametrize(
    "template",
    [
        "/embed/probation-service/?type={}",
        "/embed/probation-service/?region={}",
        "/embed/probation-service/?sort={}",
        "/embed/probation-service/?page={}",
        "/embed/?units={}&region={}",
    ],
)
def test_junk_never_breaks_the_embeds(template):
    client = Client(raise_request_exception=False)
    for junk in JUNK:
        address = template.format(junk, junk)
        assert client.get(address).status_code < 500, address
