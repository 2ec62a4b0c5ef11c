"""Badges and the embeddable league table, and the page that gives their code."""

import datetime
import html as html_module
import xml.etree.ElementTree as ET

import pytest

from tests.dashboard.test_providers import text_of
from tests.factories import make_inspection, make_provider
from tests.html_tables import table

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    return root


@pytest.mark.django_db
class TestBadge:
    def test_latest_rating_date_and_our_link_at_the_declared_size(self, client, first_round):
        root = svg_of(client.get("/providers/kss-crc/badge.svg"))
        assert (root.get("width"), root.get("height")) == ("320", "96")
        assert root.get("viewBox") == "0 0 320 96"
        assert root.get("role") == "img"
        title = root.find(f"{SVG}title").text
        assert title == (
            "KSS CRC: Requires improvement, published 19 June 2019. 2018–20 rating. "
            "HM Inspectorate of Probation ratings, unofficial league: testserver/providers/kss-crc/"
        )
        texts = [element.text for element in root.iter(f"{SVG}text")]
        assert texts[:4] == ["KSS CRC", "Requires improvement", "19 June 2019", "HMI Probation · 2018–20 rating"]
        assert "testserver/providers/kss-crc/" in texts[4]
        fills = {element.get("fill") for element in root.iter(f"{SVG}rect")}
        assert "#f2b632" in fills  # Requires improvement's colour, with its name written on it

    def test_the_latest_inspection_counts(self, client, frameworks):
        provider = make_provider("Twice CRC")
        make_inspection(provider, published_on=datetime.date(2018, 10, 1), overall_rating="Inadequate")
        make_inspection(provider, published_on=datetime.date(2020, 2, 1), overall_rating="Good")
        texts = [element.text for element in svg_of(client.get("/providers/twice-crc/badge.svg")).iter(f"{SVG}text")]
        assert texts[1:3] == ["Good", "1 February 2020"]

    def test_a_provider_not_yet_inspected(self, client, frameworks):
        make_provider("New CRC")
        texts = [element.text for element in svg_of(client.get("/providers/new-crc/badge.svg")).iter(f"{SVG}text")]
        assert texts[1] == "Not inspected yet"

    def test_long_names_are_fitted_and_escaped(self, client, frameworks):
        make_inspection(make_provider("Warwickshire & West Mercia <Test> CRC", slug="long-crc"))
        root = svg_of(client.get("/providers/long-crc/badge.svg"))
        name = next(root.iter(f"{SVG}text"))
        assert name.text == "Warwickshire & West Mercia <Test> CRC"

    def test_unknown_provider(self, client, db):
        assert client.get("/providers/no-such-crc/badge.svg").status_code == 404

    def test_any_site_may_frame_it_by_both_headers(self, client, first_round):
        for _ in range(2):  # rendered, then from the page cache
            response = client.get("/providers/kss-crc/badge.svg")
            assert "frame-ancestors *" in response["Content-Security-Policy"]
            assert "X-Frame-Options" not in response


@pytest.mark.django_db
class TestLeagueEmbed:
    def test_the_table_for_an_iframe(self, client, first_round):
        response = client.get("/embed/league/")
        assert response.status_code == 200
        assert "X-Frame-Options" not in response  # other sites may frame it
        rows = table(response.content.decode(), "Probation inspection league table")
        assert rows[0] == ["Rank", "Provider", "Overall rating", "Score", "Published"]
        assert len(rows) == 29
        kss = next(row for row in rows if row[1].startswith("KSS CRC"))
        assert kss[0] == "=7th"
        assert kss[2:] == ["Requires improvement", "15 of 30", "19 June 2019"]
        html = response.content.decode()
        assert 'href="http://testserver/providers/kss-crc/" target="_top"' in html
        assert "Unofficial" in text_of(response)

    def test_it_says_its_providers_are_of_2018_20_and_gone(self, client, first_round):
        response = client.get("/embed/league/")
        assert table(response.content.decode(), "Probation inspection league table, 2018–20: CRCs and NPS divisions")
        assert "These providers no longer exist: probation was reunified on 26 June 2021." in text_of(response)

    def test_the_league_filters_apply(self, client, first_round):
        rows = table(client.get("/embed/league/?type=nps").content.decode(), "Probation inspection league table")
        assert len(rows) == 8
        assert all(row[1].startswith("NPS") for row in rows[1:])

    def test_unknown_filters_say_so(self, client, first_round):
        response = client.get("/embed/league/?type=martians")
        assert response.status_code == 400
        assert "there is no choice 'martians'" in html_module.unescape(text_of(response))

    def test_other_pages_still_refuse_framing(self, client, first_round):
        assert client.get("/").get("X-Frame-Options") == "DENY"


@pytest.mark.django_db
class TestEmbedHelp:
    def test_copy_paste_code_for_a_badge_and_the_table(self, client, first_round):
        response = client.get("/embed/?provider=bgsw-crc&type=crc")
        assert response.status_code == 200
        html = html_module.unescape(response.content.decode())
        assert (
            '<a href="http://testserver/providers/bgsw-crc/"><img src="http://testserver/providers/bgsw-crc/badge.svg"'
            ' width="320" height="96" alt="BGSW CRC: latest HM Inspectorate of Probation rating (unofficial league)">'
            "</a>"
        ) in html
        assert '<iframe src="http://testserver/embed/league/?type=crc" title="Probation inspection league table' in html
        assert client.get("/providers/bgsw-crc/badge.svg").status_code == 200
        assert client.get("/embed/league/?type=crc").status_code == 200

    def test_an_unknown_provider_is_named(self, client, first_round):
        response = client.get("/embed/?provider=nope")
        assert response.status_code == 404
        assert "No provider has the address “nope”" in html_module.unescape(text_of(response))

    def test_beyond_the_listed_limit_the_provider_is_typed(self, client, first_round, monkeypatch):
        monkeypatch.setattr("dashboard.selectors.share.BADGE_LISTED_LIMIT", 20)
        html = client.get("/embed/?provider=bgsw-crc").content.decode()
        assert '<input type="text" name="provider" id="badge-provider" value="bgsw-crc"' in html
        assert '<option value="kss-crc"' not in html

    def test_the_provider_page_links_to_its_badge(self, client, first_round):
        assert 'href="/embed/?provider=kss-crc"' in client.get("/providers/kss-crc/").content.decode()
