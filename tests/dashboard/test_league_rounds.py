"""The league across both rounds: latest rated inspections with their movement, and each round on its own."""

import json
import re

import pytest
from django.urls import reverse

from tests.dashboard.test_league import LEAGUE, LEAGUE_CSV, LEAGUE_JSON, csv_rows, html_provider_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data(real_data):
    pass


def rows_by_provider(response):
    return {row["provider"]: row for row in csv_rows(response)}


class TestLatestView:
    def test_one_row_per_provider_ranked_on_its_latest_rated_inspection(self, client):
        rows = rows_by_provider(client.get(LEAGUE_CSV))

        assert len(rows) == 28
        thames = rows["Thames Valley CRC"]
        assert (thames["overall_rating"], thames["published"], thames["round"]) == ("Good", "2020-01-21", "2019-20")
        assert thames["previous_overall_rating"] == "Requires improvement"
        assert thames["previous_published"] == "2018"
        assert thames["movement"] == "improved"
        assert thames["overall_rating_derived"] == "true"
        assert thames["notes"].startswith("Overall rating derived, not quoted")
        dtv = rows["DTV CRC"]
        assert (dtv["overall_rating"], dtv["previous_overall_rating"], dtv["movement"]) == (
            "Good",
            "Requires improvement",
            "improved",
        )
        assert dtv["overall_rating_derived"] == "false"
        assert rows["West Yorkshire CRC"]["movement"] == "unchanged"
        assert rows["KSS CRC"]["movement"] == "" and rows["KSS CRC"]["previous_overall_rating"] == ""

    def test_a_later_part_inspection_without_a_rating_is_named_beside_the_rated_one(self, client):
        hiow = rows_by_provider(client.get(LEAGUE_CSV))["HIOW CRC"]

        assert (hiow["overall_rating"], hiow["published"], hiow["round"]) == ("Good", "2019-05-08", "2018-19")
        assert (hiow["rank"], hiow["rank_is_joint"]) == ("1", "true")
        assert hiow["later_not_rated"] == "2020 part-inspection, not rated: 4.2 Through the Gate Outstanding"

        html = client.get(LEAGUE).content.decode()
        assert "Later: 2020 part-inspection, not rated; 4.2 Outstanding" in html

    def test_movement_is_shown_in_words_and_a_symbol(self, client):
        html = client.get(LEAGUE).content.decode()
        row = html.split('data-provider="thames-valley-crc"')[1].split("</tr>")[0]

        assert '<span aria-hidden="true">▲</span> Improved' in row
        assert "from Requires improvement (2018)" in row
        assert "Derived, not quoted" in row

    def test_json_carries_previous_movement_and_notes(self, client):
        rows = {row["provider"]["slug"]: row for row in json.loads(client.get(LEAGUE_JSON).getvalue())["rows"]}

        thames = rows["thames-valley-crc"]
        assert thames["movement"] == "improved"
        assert thames["previous_overall_rating"] == "Requires improvement"
        assert thames["previous"]["published"] == "2018"
        assert thames["overall_rating_derived"] is True
        assert thames["notes"].startswith("Overall rating derived")
        hiow = rows["hiow-crc"]
        assert hiow["later_not_rated"] == [
            {
                "published": "2020",
                "overall_rating": "Not rated",
                "standards": [{"code": "4.2", "name": "Through the Gate", "rating": "Outstanding"}],
                "notes": hiow["later_not_rated"][0]["notes"],
            }
        ]
        assert "cut short by the COVID-19 lockdown" in hiow["later_not_rated"][0]["notes"]


class TestOneRound:
    def test_the_second_round_alone(self, client):
        response = client.get(LEAGUE_CSV, {"round": "2019-20"})
        rows = rows_by_provider(response)

        assert len(rows) == 10
        assert {row["round"] for row in rows.values()} == {"2019-20"}
        hiow = rows["HIOW CRC"]
        assert hiow["overall_rating"] == "Not rated"
        assert hiow["rank"] == ""
        assert hiow["previous_overall_rating"] == "Good" and hiow["movement"] == ""
        ranked = [row for row in rows.values() if row["rank"]]
        assert len(ranked) == 9
        assert (
            sorted((row["rank"], row["rank_is_joint"]) for row in ranked if row["overall_rating"] == "Good")
            == [("1", "true")] * 3
        )

    def test_not_rated_is_listed_with_its_reason_and_unranked(self, client):
        response = client.get(LEAGUE, {"round": "2019-20"})
        html = response.content.decode()

        assert len(html_provider_order(response)) == 10
        row = html.split('data-provider="hiow-crc"')[1].split("</tr>")[0]
        before_row = re.sub(r"<[^>]+>", "", html.split('data-provider="hiow-crc"')[0])
        assert "Not rated, so not ranked — 1 provider" in before_row
        assert "rating--not-rated" in row
        assert "cut short by the COVID-19 lockdown" in row
        text = re.sub(r"<[^>]+>", "", html)
        assert "Showing 10 of 10 providers: Second round (2019–20)" in text
        assert "in March 2020. 9 ranked; 1 not ranked" in text

    def test_providers_ticked_in_a_round_are_compared_in_that_round(self, client):
        def compare_form(query):
            return client.get(LEAGUE, query).content.decode().split('id="compare-form"')[1].split("</form>")[0]

        assert '<input type="hidden" name="round" value="2019-20">' in compare_form({"round": "2019-20"})
        assert 'name="round"' not in compare_form({})

        ticked = {"providers": ["kss-crc", "dtv-crc"], "round": "2019-20"}
        response = client.get(reverse("dashboard:compare-builder"), ticked)
        assert response.status_code == 302
        assert response["Location"] == "/compare/kss-crc,dtv-crc/?round=2019-20"

    def test_the_first_round_alone_is_the_published_first_round(self, client):
        rows = rows_by_provider(client.get(LEAGUE_CSV, {"round": "2018-19"}))

        assert len(rows) == 28
        assert rows["Thames Valley CRC"]["overall_rating"] == "Requires improvement"
        assert (rows["HIOW CRC"]["rank"], rows["KSS CRC"]["rank"]) == ("1", "7")

    def test_the_round_filter_names_both_rounds(self, client):
        html = client.get(LEAGUE).content.decode()

        assert "Second round (2019–20), stopped by COVID-19 in March 2020" in html
        assert "Each provider&#x27;s latest rating" in html

    def test_filter_by_not_rated(self, client):
        rows = rows_by_provider(client.get(LEAGUE_CSV, {"round": "2019-20", "rating": "not-rated"}))

        assert list(rows) == ["HIOW CRC"]


def test_the_feed_has_every_inspection_of_both_rounds(client):
    body = client.get(reverse("dashboard:feed")).content.decode()

    assert body.count("<entry>") == 38
    assert "HIOW CRC: Not rated (published 2020)" in body
    assert "published without an overall rating (Not rated)" in body
    assert "cut short by the COVID-19 lockdown" in body
    assert "rated Good (derived from a source&amp;#x27;s wording, not quoted)" in body
