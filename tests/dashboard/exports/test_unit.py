"""A unit page's twins: /providers/<region or PDU>.json and .csv hold what the page shows, derived values marked."""

import csv
import io
import json

import pytest

pytestmark = pytest.mark.django_db

GATESHEAD = "gateshead-and-south-tyneside-pdu"
HAMMERSMITH = "hammersmith-fulham-kensington-chelsea-and-westminster-pdu"


def _rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_a_pdu_s_json_names_its_region_ranks_it_in_today_s_league_and_gives_its_inspections(
    client, both_eras, django_assert_max_num_queries
):
    with django_assert_max_num_queries(24):
        response = client.get(f"/providers/{GATESHEAD}.json")
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content)

    assert (document["schema"], document["version"]) == ("probation-league/unit", 1)
    assert document["unit"]["region"]["slug"] == "north-east-region"
    assert document["league"]["overall_rating"] == "Requires improvement"
    assert document["league"]["movement"] == "declined" and document["league"]["of"] > 70
    later, earlier = document["inspections"]
    assert later["published"] is None and later["inspection_number_for_unit"] == "second"
    assert (later["previous_overall_rating"], later["movement"]) == ("Good", "declined")
    assert (earlier["published"], earlier["overall_rating"], earlier["framework"]) == ("2022-12", "Good", "pdu-2021")
    assert [p["slug"] for p in document["predecessors"]] == ["northumbria-crc", "nps-north-east"]
    assert {p["basis"] for p in document["predecessors"]} == {"by area"}


def test_stated_points_and_derived_ratings_are_in_both_twins(client, both_eras):
    document = json.loads(client.get(f"/providers/{HAMMERSMITH}.json").content)
    inspection = document["inspections"][0]
    assert inspection["points_stated"] == "0/27"
    derived = [standard for standard in inspection["standards"] if standard["derived"]]
    assert len(derived) == 9 and all(standard["rating"] == "Inadequate" for standard in derived)
    assert inspection["derived_values"]

    rows = _rows(client.get(f"/providers/{HAMMERSMITH}.csv"))
    assert {"section": "inspection", "item": "points_stated", "value": "0/27"}.items() <= next(
        row for row in rows if row["item"] == "points_stated"
    ).items()
    assert sum(1 for row in rows if row["section"] == "standard_derived") == 9


def test_a_region_s_csv_lists_its_pdus_and_the_crc_era_providers_before_it(client, both_eras):
    rows = _rows(client.get("/providers/kent-surrey-and-sussex-region.csv"))
    pdus = {row["code"]: row["value"] for row in rows if row["section"] == "pdu"}
    assert set(pdus) == {
        "brighton-and-east-sussex-pdu",
        "east-kent-pdu",
        "surrey-pdu",
        "west-kent-pdu",
        "west-sussex-pdu",
    }
    assert pdus["surrey-pdu"] == "Inadequate"
    predecessors = {row["code"]: row["value"] for row in rows if row["section"] == "predecessor"}
    assert predecessors["kss-crc"] == "by area"
    assert client.get("/providers/kent-surrey-and-sussex-region.csv?page=2").status_code == 404


def test_a_crc_s_twins_keep_their_shape(client, both_eras):
    document = json.loads(client.get("/providers/kss-crc.json").content)
    assert (document["schema"], document["version"]) == ("probation-league/provider", 1)
