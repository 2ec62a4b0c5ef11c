import datetime
import io
import json
import re
from collections import namedtuple
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.text import slugify

from dashboard.charts import geo, maps
from dashboard.selectors.map import OVERALL, Measure, summary_text
from inspections import league_fields
from inspections.models import Framework, Inspection, InspectionRound
from providers.models import Provider
from tests.dashboard.test_providers import chart_figures, text_of
from tests.factories import ALL_TEN_KSS, make_inspection, make_owner, make_provider

MAP = reverse("dashboard:map")
ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2020."
)


def table_rows(response):
    """{provider short name: (rating cell text, published cell text, areas cell text)} of the map's table."""
    html = response.content.decode()
    table = re.search(r'<table class="data-table map-table[^"]*".*?</table>', html, flags=re.S).group(0)
    rows = {}
    for row in re.findall(r"<tr data-provider=.*?</tr>", table, flags=re.S):
        cells = re.findall(r"<t[hd].*?</t[hd]>", row, flags=re.S)
        cells = [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]
        rows[cells[0].replace("&amp;", "&")] = tuple(cells[1:])
    return rows


def legend(response):
    """{category: count} as the legend beside the map states them."""
    html = response.content.decode()
    items = re.findall(r'<li data-category="([^"]+)">.*?<strong>(\d+)</strong></li>', html, flags=re.S)
    return {category: int(count) for category, count in items}


def map_areas(response):
    """{provider short name: its shape's attributes} of the map's SVG, in drawing order (the keyboard's order)."""
    html = response.content.decode()
    svg = re.search(r'<svg class="map-svg".*?</svg>', html, flags=re.S).group(0)
    areas = {}
    for attributes, path in re.findall(r'<a (href="[^>]*)><path ([^>]*)/></a>', svg):
        values = {name: unescape(value) for name, value in re.findall(r'([\w-]+)="([^"]*)"', attributes)}
        values["d"] = re.search(r'(?:^|\s)d="([^"]*)"', path).group(1)
        values["fill_class"] = values["class"].removeprefix("map-area map-area--")
        areas[values["data-name"]] = values
    return areas


@pytest.mark.django_db
class TestRealData:
    @pytest.fixture(autouse=True)
    def _data(self, first_round):
        pass

    def test_default_map_is_the_overall_rating_of_crcs(self, client):
        response = client.get(MAP)
        assert response.status_code == 200
        text = text_of(response)
        assert (
            "19 of 21 CRCs were rated Requires improvement overall at their latest inspection; "
            "1 was rated Good and 1 Inadequate." in text
        )
        assert legend(response) == {
            "Outstanding": 0,
            "Good": 1,
            "Requires improvement": 19,
            "Inadequate": 1,
            "Not rated": 0,
            "Not recorded": 0,
        }
        assert len(table_rows(response)) == 21
        assert ATTRIBUTION in text

    @pytest.mark.parametrize("provider_type", ["crc", "nps"])
    def test_table_and_legend_agree_with_the_league_table(self, client, provider_type):
        league = json.loads(client.get(reverse("dashboard:league-json"), {"type": provider_type}).getvalue())["rows"]
        response = client.get(MAP, {"type": provider_type})
        rows = table_rows(response)
        assert {name: cells[0] for name, cells in rows.items()} == {
            row["provider"]["short_name"]: row["overall_rating"] or "Not recorded" for row in league
        }
        counts = legend(response)
        for rating in ("Outstanding", "Good", "Requires improvement", "Inadequate"):
            assert counts[rating] == sum(1 for row in league if row["overall_rating"] == rating)

    def test_a_standard_colours_the_map_by_its_ratings(self, client):
        response = client.get(MAP, {"type": "crc", "standard": "2.3"})
        assert response.status_code == 200
        text = text_of(response)
        assert (
            "3 of 21 CRCs were rated Inadequate on 2.3 Implementation and delivery at their latest inspection; "
            "1 was rated Requires improvement. For the other 17 the rating is not recorded." in text
        )
        rows = table_rows(response)
        assert rows["KSS CRC"][:2] == ("Inadequate", "19 June 2019")
        assert rows["HIOW CRC"][0] == "Requires improvement"
        assert rows["Essex CRC"][0] == "Not recorded"
        # Best first, "not recorded" last.
        assert list(rows)[:4] == ["HIOW CRC", "BGSW CRC", "KSS CRC", "Norfolk & Suffolk CRC"]

        areas = map_areas(response)
        assert areas["KSS CRC"]["fill_class"] == "inadequate" and "fill" not in areas["KSS CRC"]
        assert areas["Essex CRC"]["fill_class"] == "not-recorded"
        assert areas["Essex CRC"]["fill"] == "url(#map-pattern-not-recorded)"
        assert areas["KSS CRC"]["data-outcome"] == "2.3 Implementation and delivery: Inadequate"
        assert areas["KSS CRC"]["data-published"] == "Published 19 June 2019"
        assert areas["KSS CRC"]["aria-label"] == (
            "KSS CRC (Kent, Surrey and Sussex). 2.3 Implementation and delivery: Inadequate. Published 19 June 2019."
        )
        # Recorded ratings first, so the dotted outlines of the rest are drawn whole.
        fills = [area["fill_class"] for area in areas.values()]
        assert fills.index("not-recorded") == len(fills) - fills.count("not-recorded")

    def test_the_map_has_one_link_per_provider_named_with_its_rating(self, client):
        outlines = geo.outlines()
        for provider_type, count in (("crc", 21), ("nps", 7)):
            areas = map_areas(client.get(MAP, {"type": provider_type}))
            assert len(areas) == count
            for area in areas.values():
                slug = area["href"].removeprefix("/providers/").removesuffix("/")
                assert slug in geo.provider_areas() and area["d"] == outlines.paths[slug]
                assert area["d"].startswith("M") and area["d"].endswith("z")
        kss = map_areas(client.get(MAP))["KSS CRC"]
        assert kss["href"] == "/providers/kss-crc/" and kss["fill_class"] == "requires-improvement"
        assert kss["aria-label"] == (
            "KSS CRC (Kent, Surrey and Sussex). Overall rating: Requires improvement. Published 19 June 2019."
        )

    def test_the_map_is_drawn_in_the_page_without_plotly_or_an_inline_script(self, client):
        html = client.get(MAP).content.decode()
        svg = r'<svg class="map-svg" viewBox="0 0 \d+ \d+" [^>]*role="group" aria-label="Map of England'
        assert re.search(svg, html)
        assert 'id="map-pattern-not-recorded"' in html and 'id="map-pattern-not-rated"' in html
        assert "plotly" not in html and "providers.json" not in html
        assert '<script src="/static/js/map.js" defer></script>' in html
        assert "<script>" not in html

    def test_outlines_fit_the_view_box(self):
        outlines = geo.outlines()
        assert outlines.view_box == f"0 0 {outlines.width} {outlines.height}" and 900 < outlines.width < 1100
        assert len(outlines.paths) == len(geo.provider_areas())
        for path in outlines.paths.values():
            x, y = (int(value) for value in re.match(r"M(\d+) (\d+)l", path).groups())
            assert 0 <= x <= outlines.width and 0 <= y <= outlines.height

    def test_nps_notes_name_the_partly_assumed_divisions(self, client):
        text = text_of(client.get(MAP, {"type": "nps"}))
        assert (
            "The areas of NPS North West, NPS North East, NPS Midlands, NPS South East & Eastern and "
            "NPS South West & South Central are partly assumed" in text.replace("&amp;", "&")
        )
        rows = table_rows(client.get(MAP, {"type": "nps"}))
        assert rows["NPS Wales"][2] == "North Wales, Dyfed-Powys, South Wales and Gwent"
        assert "partly assumed" in rows["NPS Midlands"][2]

    def test_crc_page_has_no_partial_note(self, client):
        text = text_of(client.get(MAP))
        assert "partly assumed" not in text
        assert table_rows(client.get(MAP))["London CRC"][2] == "Metropolitan Police and City of London"

    def test_selection_is_kept_in_the_form(self, client):
        html = client.get(MAP, {"type": "nps", "standard": "3.1"}).content.decode()
        assert re.search(r'<option value="nps" selected>NPS divisions</option>', html)
        assert re.search(r'<option value="3.1" selected>3.1 Court reports and allocation</option>', html)
        assert '<optgroup label="Standards of CRCs only">' in html

    def test_nav_links_to_the_map(self, client):
        html = client.get(MAP).content.decode()
        assert '<a href="/map/" aria-current="page">Map</a>' in html
        assert '<a href="/map/"' in client.get("/").content.decode()


@pytest.mark.django_db
class TestBadInput:
    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ({"type": "pdu"}, "Providers: there is no choice 'pdu'."),
            ({"standard": "9.9"}, "Colour by: there is no choice '9.9'."),
            ({"standard": "x" * 5000}, "Colour by: there is no choice '" + "x" * 60 + "'."),
            (
                {"type": "nps", "standard": "4.1"},
                "Colour by: 4.1 Unpaid work is a standard of CRCs only, not of NPS divisions.",
            ),
            (
                {"type": "crc", "standard": "3.2"},
                "Colour by: 3.2 Statutory victim work is a standard of NPS divisions only, not of CRCs.",
            ),
        ],
    )
    def test_unknown_values_are_a_readable_400(self, client, first_round, query, message):
        response = client.get(MAP, query)
        assert response.status_code == 400
        text = text_of(response).replace("&#x27;", "'")
        assert message in text
        assert "This map could not be drawn" in text
        assert "map-svg" not in response.content.decode()

    def test_blank_values_mean_the_defaults(self, client, first_round):
        response = client.get(MAP, {"type": "", "standard": ""})
        assert response.status_code == 200
        assert "19 of 21 CRCs" in text_of(response)


@pytest.mark.django_db
class TestUnrecorded:
    def test_provider_without_inspection_is_not_recorded_and_without_shape_is_counted(self, client, frameworks):
        make_inspection(make_provider("KSS CRC", slug="kss-crc"), overall_rating="Good")
        make_provider("Essex CRC", slug="essex-crc")
        make_inspection(make_provider("Nowhere CRC", slug="nowhere-crc"), overall_rating="Inadequate")
        response = client.get(MAP)
        rows = table_rows(response)
        assert rows["KSS CRC"][0] == "Good"
        assert rows["Essex CRC"][:2] == ("Not recorded", "No inspection recorded")
        assert "Nowhere CRC" not in rows  # the map and its table hold the providers with a shape
        text = text_of(response)
        assert "1 of 3 CRCs was rated Good overall at their latest inspection; 1 was rated Inadequate." in text
        assert "For the other one the rating is not recorded." in text
        assert "we hold no boundary for it: 1 other CRC, counted in the key and the summary" in text
        assert "Inadequate: 1" in text
        areas = map_areas(response)
        assert list(areas) == ["KSS CRC", "Essex CRC"]  # recorded first; no shape without an outline
        assert areas["Essex CRC"]["data-outcome"] == "No inspection recorded"
        assert areas["Essex CRC"]["data-published"] == ""
        assert areas["Essex CRC"]["aria-label"] == "Essex CRC (Essex). No inspection recorded."


@pytest.mark.django_db
@pytest.mark.parametrize("providers", [5, 120])
@pytest.mark.parametrize("query", [{}, {"type": "crc", "standard": "2.3"}])
def test_constant_queries_as_providers_grow(client, frameworks, django_assert_max_num_queries, providers, query):
    owner = make_owner("Seetec")
    for number in range(providers):
        make_inspection(make_provider(f"P{number:03d} CRC"), owner=owner, ratings=ALL_TEN_KSS)
    make_provider("Uninspected CRC")
    make_inspection(make_provider("KSS CRC", slug="kss-crc"), ratings=ALL_TEN_KSS)
    with django_assert_max_num_queries(14):
        response = client.get(MAP, query)
    assert response.status_code == 200
    assert list(table_rows(response)) == ["KSS CRC"]  # only the providers the map draws
    assert f"{providers + 1} of {providers + 2} CRCs" in text_of(response)


def _measure(code="overall", label="Overall rating"):
    return Measure(code, label, ("crc", "nps"))


@pytest.mark.parametrize(
    ("counts", "provider_type", "measure", "expected"),
    [
        (
            [("Outstanding", 0), ("Good", 5), ("Requires improvement", 2), ("Inadequate", 0), ("Not recorded", 0)],
            "nps",
            _measure(),
            "5 of 7 NPS divisions were rated Good overall at their latest inspection; 2 were rated Requires "
            "improvement.",
        ),
        (
            [("Outstanding", 1), ("Good", 1), ("Requires improvement", 1), ("Inadequate", 0), ("Not recorded", 1)],
            "crc",
            _measure("1.1", "1.1 Leadership"),
            "1 of 4 CRCs was rated Outstanding on 1.1 Leadership at their latest inspection; 1 was rated Good and "
            "1 Requires improvement. For the other one the rating is not recorded.",
        ),
        (
            [("Outstanding", 0), ("Good", 0), ("Requires improvement", 0), ("Inadequate", 0), ("Not recorded", 7)],
            "nps",
            _measure("2.3", "2.3 Implementation and delivery"),
            "No rating on 2.3 Implementation and delivery is recorded for any of the 7 NPS divisions.",
        ),
        (
            [("Outstanding", 0), ("Good", 0), ("Requires improvement", 0), ("Inadequate", 0), ("Not recorded", 0)],
            "crc",
            _measure(),
            "No CRCs are recorded.",
        ),
    ],
)
def test_summary_text(counts, provider_type, measure, expected):
    assert summary_text(counts, provider_type, measure) == expected


def test_overall_measure_code():
    assert _measure().is_overall and OVERALL == "overall"


@pytest.mark.django_db
class TestLocatorOnProviderPage:
    def test_provider_page_highlights_its_area(self, client, first_round):
        response = client.get(reverse("dashboard:provider", args=["kss-crc"]))
        text = text_of(response)
        assert "KSS CRC covered the police force areas of Kent, Surrey and Sussex." in text
        assert f"Boundaries: {ATTRIBUTION}" in text
        figure = chart_figures(response)["locator-map-figure"]
        background, highlighted = figure["data"]
        assert len(background["meta"]["shapes"]) == 21 and "kss-crc" in background["meta"]["shapes"]
        assert highlighted["meta"]["shapes"] == ["kss-crc"]
        html = response.content.decode()
        assert 'data-geometry="/static/geo/providers.json"' in html
        assert html.count("plotly-basic-3.7.0.min.js") == 1

    def test_partial_division_says_so(self, client, first_round):
        text = text_of(client.get(reverse("dashboard:provider", args=["nps-midlands"])))
        assert "Sources confirm only part of this list" in text
        figure = chart_figures(client.get(reverse("dashboard:provider", args=["nps-midlands"])))
        assert len(figure["locator-map-figure"]["data"][0]["meta"]["shapes"]) == 7

    def test_confirmed_area_does_not(self, client, first_round):
        assert "Sources confirm only part" not in text_of(client.get(reverse("dashboard:provider", args=["nps-wales"])))


Provider_ = namedtuple("Provider_", "slug short_name")


def test_locator_map_of_mixed_kinds_draws_crc_areas_behind_the_division_then_the_crc():
    areas = geo.provider_areas()
    figure = maps.locator_map(
        [Provider_("kss-crc", "KSS CRC"), Provider_("nps-south-east-eastern", "NPS South East & Eastern")], areas
    )
    background, *highlighted = figure["data"]
    assert sorted(background["meta"]["shapes"]) == sorted(s for s, a in areas.items() if a.provider_type == "crc")
    assert [trace["meta"]["shapes"] for trace in highlighted] == [["nps-south-east-eastern"], ["kss-crc"]]
    assert all(trace["fillcolor"] == maps.LOCATOR_HIGHLIGHT for trace in highlighted)


def test_locator_map_of_nps_divisions_draws_divisions():
    figure = maps.locator_map([Provider_("nps-wales", "NPS Wales")])
    assert len(figure["data"][0]["meta"]["shapes"]) == 7


def test_locator_map_without_a_shape_is_none():
    assert maps.locator_map([Provider_("nowhere-crc", "Nowhere CRC")]) is None


def test_locator_map_fills_tell_several_providers_apart():
    from dashboard.charts.comparison import PROVIDER_COLOURS, provider_style

    figure = maps.locator_map(
        [Provider_("kss-crc", "KSS CRC"), Provider_("bgsw-crc", "BGSW CRC")],
        fills=[provider_style(0), provider_style(1)],
    )
    kss, bgsw = figure["data"][1:]
    assert (kss["name"], kss["fillcolor"]) == ("KSS CRC", PROVIDER_COLOURS[0])
    assert "fillpattern" not in kss  # the first provider's key is plain colour
    assert (bgsw["fillcolor"], bgsw["fillpattern"]["shape"]) == (PROVIDER_COLOURS[1], "/")


@pytest.mark.django_db
def test_comparison_page_maps_the_compared_providers(client, first_round):
    from dashboard.charts.comparison import PROVIDER_COLOURS

    response = client.get("/compare/kss-crc,nps-south-east-eastern/")
    assert response.status_code == 200
    text = text_of(response).replace("&amp;", "&")
    assert "KSS CRC: Kent, Surrey and Sussex" in text
    assert (
        "NPS South East & Eastern: Bedfordshire, Northamptonshire, Cambridgeshire, Hertfordshire, Norfolk, "
        "Suffolk, Essex, Kent, Surrey and Sussex (partly assumed)" in text
    )
    assert f"Boundaries: {ATTRIBUTION}" in text
    figure = chart_figures(response)["locator-map-figure"]
    background, division, crc = figure["data"]
    assert len(background["meta"]["shapes"]) == 21  # CRC areas behind providers of both kinds
    # Escaped for plotly.js, which shows "&amp;" as "&".
    assert (division["name"], division["fillcolor"]) == ("NPS South East &amp; Eastern", PROVIDER_COLOURS[1])
    assert (crc["name"], crc["fillcolor"]) == ("KSS CRC", PROVIDER_COLOURS[0])
    html = response.content.decode()
    assert 'data-map-figure="locator-map-figure"' in html and html.count("plotly-basic-3.7.0.min.js") == 1


@pytest.mark.django_db
class TestRounds:
    @pytest.fixture(autouse=True)
    def _data(self, real_data):
        pass

    def test_the_default_is_each_providers_latest_rated_inspection(self, client):
        response = client.get(MAP)

        assert legend(response) == {
            "Outstanding": 0,
            "Good": 3,
            "Requires improvement": 17,
            "Inadequate": 1,
            "Not rated": 0,
            "Not recorded": 0,
        }

    def test_the_second_round_has_its_own_map_with_not_rated_in_the_legend(self, client):
        response = client.get(MAP, {"round": "2019-20"})
        text = text_of(response)

        assert response.status_code == 200
        assert legend(response) == {
            "Outstanding": 0,
            "Good": 2,
            "Requires improvement": 6,
            "Inadequate": 0,
            "Not rated": 1,
            "Not recorded": 12,
        }
        assert "6 of 21 CRCs were rated Requires improvement overall in the second round" in text
        assert "1 was inspected but given no overall rating (Not rated)." in text
        assert "The other 12 were not inspected in this round" in text
        assert (
            map_areas(response)["KSS CRC"]["aria-label"]
            == "KSS CRC (Kent, Surrey and Sussex). Not inspected in this round."
        )
        hiow = map_areas(response)["HIOW CRC"]
        assert hiow["data-outcome"] == "Not rated: no overall rating published"
        assert hiow["fill_class"] == "not-rated" and hiow["fill"] == "url(#map-pattern-not-rated)"
        assert "Not inspected in this round" in text

    def test_an_unknown_round_is_a_readable_400(self, client):
        response = client.get(MAP, {"round": "1999-00"})

        assert response.status_code == 400
        assert "Inspection round: there is no choice '1999-00'" in text_of(response)


# The Probation Service regions (since 2022), on the real data of both eras.

REGIONS = [
    "North East region",
    "North West region",
    "Greater Manchester region",
    "Yorkshire and the Humber region",
    "East Midlands region",
    "West Midlands region",
    "East of England region",
    "London region",
    "Kent, Surrey and Sussex region",
    "South Central region",
    "South West region",
    "Wales region",
]


@pytest.fixture
def both_eras(db):
    call_command("load_real_data_if_empty", stdout=io.StringIO())


def pdu_items(response, region_slug):
    """[(PDU name, rating, date text, link)] as the region's row of the map's table lists them."""
    html = response.content.decode()
    row = re.search(rf'<tr data-provider="{region_slug}">.*?</tr>', html, flags=re.S).group(0)
    items = []
    for item in re.findall(r"<li data-unit=.*?</li>", row, flags=re.S):
        link = re.search(r'<a href="([^"]+)">([^<]+)</a>', item)
        rating = re.search(r'<span class="rating [^"]+"><span class="visually-hidden">[^<]*</span>([^<]+)</span>', item)
        date = re.search(r'<span class="map-unit-date">(.*?)</span>', item, flags=re.S)
        items.append((link.group(2), rating.group(1), re.sub(r"<[^>]+>", "", date.group(1)).strip(), link.group(1)))
    return items


def select_options(response, name):
    """[(optgroup label or "", value, text)] of the form's <select name=…>."""
    html = response.content.decode()
    select = re.search(rf'<select name="{name}".*?</select>', html, flags=re.S).group(0)
    options, group = [], ""
    for tag in re.finditer(
        r'<optgroup label="([^"]*)">|</optgroup>|<option value="([^"]*)"[^>]*>([^<]*)</option>', select
    ):
        if tag.group(0).startswith("<optgroup"):
            group = tag.group(1)
        elif tag.group(0) == "</optgroup>":
            group = ""
        else:
            options.append((group, tag.group(2), tag.group(3).replace("&#x27;", "'")))
    return options


@pytest.mark.django_db
class TestRegions:
    @pytest.fixture(autouse=True)
    def _data(self, both_eras):
        pass

    def test_the_map_of_regions_names_all_twelve_with_their_latest_rated_inspection(self, client):
        response = client.get(MAP, {"type": "region"})

        assert response.status_code == 200
        text = text_of(response)
        assert "Overall rating: Probation Service regions" in text
        assert (
            "5 of 12 Probation Service regions were rated Requires improvement overall at their latest inspection; "
            "1 was rated Inadequate. 4 were inspected but given no overall rating (Not rated). "
            "For the other 2 the rating is not recorded." in text
        )
        assert legend(response) == {
            "Outstanding": 0,
            "Good": 0,
            "Requires improvement": 5,
            "Inadequate": 1,
            "Not rated": 4,
            "Not recorded": 2,
        }
        rows = table_rows(response)
        assert sorted(rows) == sorted(REGIONS)
        # Best first; "Not rated" after the bands, "not recorded" last; by name within each.
        assert list(rows) == [
            "East of England region",
            "Kent, Surrey and Sussex region",
            "North East region",
            "Wales region",
            "Yorkshire and the Humber region",
            "East Midlands region",
            "Greater Manchester region",
            "South Central region",
            "South West region",
            "West Midlands region",
            "London region",
            "North West region",
        ]
        assert rows["East Midlands region"][:2] == ("Inadequate", "Date not recorded")
        # KSS region's latest inspection is a dynamic one, not rated: its latest *rated* one is shown.
        kss = rows["Kent, Surrey and Sussex region"]
        assert kss[:2] == ("Requires improvement", "May 2024")
        assert kss[2].startswith("Kent, Surrey and Sussex (inferred")
        assert rows["Greater Manchester region"][0] == "Not rated"
        assert rows["London region"][:2] == ("Not recorded", "No inspection recorded")
        assert rows["North East region"][2] == "Northumbria, Durham and Cleveland"  # stated by a source
        assert ATTRIBUTION in text

    def test_the_figure_draws_each_region_coloured_by_its_outcome(self, client):
        response = client.get(MAP, {"type": "region"})
        areas = {area["href"].split("/")[2]: area for area in map_areas(response).values()}

        assert sorted(areas) == sorted(slugify(name) for name in REGIONS)
        assert all(slug in geo.provider_areas() for slug in areas)
        kss = areas["kent-surrey-and-sussex-region"]
        assert kss["fill_class"] == "requires-improvement" and "fill" not in kss
        assert kss["href"] == "/providers/kent-surrey-and-sussex-region/"
        assert kss["aria-label"] == (
            "Kent, Surrey and Sussex region (Kent, Surrey and Sussex). Overall rating: Requires improvement. "
            "Published May 2024."
        )
        assert areas["east-midlands-region"]["data-published"] == "Date not recorded"
        assert areas["greater-manchester-region"]["fill_class"] == "not-rated"
        assert "Not rated" in areas["greater-manchester-region"]["data-outcome"]
        assert areas["london-region"]["fill"] == "url(#map-pattern-not-recorded)"
        assert areas["london-region"]["data-outcome"] == "No inspection recorded"

    def test_each_region_lists_its_pdus_with_their_own_latest_rated_inspection(self, client):
        response = client.get(MAP, {"type": "region"})

        assert pdu_items(response, "kent-surrey-and-sussex-region") == [
            (
                "Brighton and East Sussex PDU",
                "Requires improvement",
                "February 2024",
                "/providers/brighton-and-east-sussex-pdu/",
            ),
            ("East Kent PDU", "Inadequate", "Date not recorded", "/providers/east-kent-pdu/"),
            ("Surrey PDU", "Inadequate", "March 2024", "/providers/surrey-pdu/"),
            ("West Kent PDU", "Requires improvement", "Date not recorded", "/providers/west-kent-pdu/"),
            ("West Sussex PDU", "Inadequate", "February 2024", "/providers/west-sussex-pdu/"),
        ]
        # Every PDU of every region, each as the league stores its latest rated inspection.
        listed = {}
        for region in Provider.objects.filter(provider_type="region"):
            for name, rating, date, link in pdu_items(response, region.slug):
                listed[name] = (rating, date, link)
        pdus = Provider.objects.filter(provider_type="pdu", region__isnull=False)
        assert len(listed) == pdus.count() > 100
        for pdu in pdus:
            latest = pdu.inspections.filter(is_latest_rated=True).first()
            expected = (
                (latest.overall_rating, latest.published_label)
                if latest
                else ("Not recorded", "No inspection recorded")
            )
            assert listed[pdu.short_name] == (*expected, pdu.get_absolute_url()), pdu.short_name
        assert "(former PDU)" in re.search(
            r'<li data-unit="tameside-pdu">.*?</li>', response.content.decode(), flags=re.S
        ).group(0)

    def test_a_round_of_the_probation_service_maps_each_regions_inspection_in_it(self, client):
        response = client.get(MAP, {"type": "region", "round": "2023-25"})

        assert response.status_code == 200
        assert legend(response) == {
            "Outstanding": 0,
            "Good": 0,
            "Requires improvement": 5,
            "Inadequate": 1,
            "Not rated": 0,
            "Not recorded": 6,
        }
        text = text_of(response)
        assert (
            "5 of 12 Probation Service regions were rated Requires improvement overall in the regional programme"
            in text
        )
        assert "The other 6 were not inspected in this round" in text
        assert table_rows(response)["Greater Manchester region"][:2] == ("Not recorded", "Not inspected in this round")

        dynamic = client.get(MAP, {"type": "region", "round": "dipp-2025"})
        assert legend(dynamic)["Not rated"] == 5
        assert (
            "5 of 12 Probation Service regions were inspected but given no overall rating (Not rated) in the dynamic "
            "inspections of public protection" in text_of(dynamic)
        )
        assert table_rows(dynamic)["Kent, Surrey and Sussex region"][:2] == ("Not rated", "29 January 2026")

    def test_the_form_offers_regions_only_their_overall_rating_and_their_rounds(self, client):
        regions = client.get(MAP, {"type": "region"})
        assert select_options(regions, "type") == [
            ("CRCs and NPS divisions, 2018–20", "crc", "CRCs"),
            ("CRCs and NPS divisions, 2018–20", "nps", "NPS divisions"),
            ("The Probation Service, since 2022", "region", "Probation Service regions"),
        ]
        assert '<option value="region" selected>' in regions.content.decode()
        assert select_options(regions, "standard") == [("", "overall", "Overall rating")]
        assert [value for _, value, _ in select_options(regions, "round")] == ["", "dipp-2025", "2023-25", "2021-23"]

        crcs = client.get(MAP, {"type": "crc"})
        assert [value for _, value, _ in select_options(crcs, "round")] == ["", "2019-20", "2018-19"]
        standards = select_options(crcs, "standard")
        assert ("Standards", "2.3", "2.3 Implementation and delivery") in standards
        assert all(group != "Standards of Probation Service regions only" for group, _, _ in standards)

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            (
                {"type": "region", "standard": "2.3"},
                "Colour by: 2.3 Implementation and delivery is a standard of CRCs and NPS divisions. "
                "The map of Probation Service regions is coloured by overall rating only.",
            ),
            (
                {"type": "region", "standard": "4.1"},
                "Colour by: 4.1 Unpaid work is a standard of CRCs. The map of Probation Service regions",
            ),
            (
                {"type": "region", "round": "2018-19"},
                "Inspection round: '2018-19' is a round of CRCs and NPS divisions (2018–20), not of Probation "
                "Service regions. Choose 'dipp-2025' or '2023-25' or '2021-23'",
            ),
            (
                {"type": "crc", "round": "2023-25"},
                "Inspection round: '2023-25' is a round of the Probation Service, not of CRCs.",
            ),
            ({"type": "nps", "round": "dipp-2025"}, "'dipp-2025' is a round of the Probation Service"),
            ({"type": "pdu"}, "Providers: there is no choice 'pdu'."),
        ],
    )
    def test_a_combination_that_does_not_exist_is_a_readable_400(self, client, query, message):
        response = client.get(MAP, query)

        assert response.status_code == 400
        text = text_of(response)
        assert message in text
        assert "This map could not be drawn" in text
        assert "map-svg" not in response.content.decode()

    def test_the_crc_map_is_unchanged_by_the_regions(self, client):
        response = client.get(MAP)
        assert len(table_rows(response)) == 21
        areas = map_areas(response)
        assert len(areas) == 21
        assert all(area["href"].endswith("-crc/") for area in areas.values())


def _region_inspection(provider, framework, inspection_round, rating, published_on):
    Inspection.objects.create(
        provider=provider,
        framework=framework,
        inspection_round=inspection_round,
        overall_rating=rating,
        published_on=published_on,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [3, 60])
@pytest.mark.parametrize("query", [{"type": "region"}, {"type": "region", "round": "2023-25"}])
def test_constant_queries_as_regions_and_pdus_grow(client, both_eras, django_assert_max_num_queries, extra, query):
    region_framework = Framework.objects.get(slug="region-2023")
    pdu_framework = Framework.objects.get(slug="pdu-2023")
    regional = InspectionRound.objects.get(slug="2023-25")
    kss = Provider.objects.get(slug="kent-surrey-and-sussex-region")
    added = []
    for number in range(extra):
        region = make_provider(f"Extra {number:03d} region", provider_type="region")  # no shape: counted, not drawn
        pdu = make_provider(f"Extra {number:03d} PDU", provider_type="pdu", region=kss)
        _region_inspection(region, region_framework, regional, "Good", datetime.date(2024, 6, 1))
        _region_inspection(pdu, pdu_framework, regional, "Good", datetime.date(2024, 6, 1))
        added += [region.pk, pdu.pk]
    league_fields.refresh_providers(added)

    with django_assert_max_num_queries(8):
        response = client.get(MAP, query)

    assert response.status_code == 200
    assert sorted(table_rows(response)) == sorted(REGIONS)  # only the regions the map draws
    assert legend(response)["Good"] == extra
    # A region lists its first 30 PDUs and links its own page for the rest.
    assert len(pdu_items(response, "kent-surrey-and-sussex-region")) == min(5 + extra, 30)
    more = "35 more PDUs on the Kent, Surrey and Sussex region's page"
    assert (more in text_of(response)) == (extra == 60)
    assert f"we hold no boundary for them: {extra} other Probation Service regions" in text_of(response)
