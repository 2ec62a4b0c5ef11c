"""Today's league and the units' pages: what a reader sees of the Probation Service era."""

import csv
import io
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections.synthetic import seed_synthetic_units
from providers.models import Provider

pytestmark = pytest.mark.django_db

GATESHEAD = "gateshead-and-south-tyneside-pdu"
HAMMERSMITH = "hammersmith-fulham-kensington-chelsea-and-westminster-pdu"


def _csv(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def _json(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(body)


def test_the_league_ranks_every_rated_pdu_and_region_by_band(client, both_eras, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = client.get("/probation-service/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Probation Service league table" in page
    rows = _csv(client.get("/probation-service.csv"))
    assert len(rows) == 75  # every PDU and region with an inspection, the national inspection apart
    ranked = [row for row in rows if row["rank"]]
    assert len(ranked) == 71
    # Ranks by band alone: every Requires improvement unit is joint first.
    assert {row["rank"] for row in ranked if row["overall_rating"] == "Requires improvement"} == {"1"}
    assert not any(row["overall_rating"] == "Not rated" and row["rank"] for row in rows)


def test_gateshead_shows_its_undated_second_inspection_declined_from_the_only_good(client, both_eras):
    rows = {row["unit_slug"]: row for row in _csv(client.get("/probation-service.csv"))}
    gateshead = rows[GATESHEAD]
    assert gateshead["published"] == ""
    assert gateshead["inspection_number_for_unit"] == "second"
    assert gateshead["overall_rating"] == "Requires improvement"
    assert (gateshead["previous_overall_rating"], gateshead["previous_published"]) == ("Good", "2022-12")
    assert gateshead["movement"] == "declined"
    assert gateshead["region"] == "North East region"
    assert gateshead["programme"] == "2023-25" and gateshead["framework"] == "pdu-2023"
    page = client.get("/probation-service/").content.decode()
    assert "Date not recorded" in page


def test_hammersmith_shows_its_stated_points_and_its_derived_ratings_marked(client, both_eras):
    rows = {row["unit_slug"]: row for row in _csv(client.get("/probation-service.csv"))}
    hammersmith = rows[HAMMERSMITH]
    assert hammersmith["points_stated"] == "0/27"
    assert hammersmith["pdu-2021: Court work"] == "Inadequate"
    assert hammersmith["derived_standards"].count(";") == 8  # all nine listed
    page = client.get("/probation-service/?region=london-region&standards=pdu-2021").content.decode()
    assert "0/27" in page
    assert "Derived, not quoted" in page
    kss = client.get("/probation-service/?region=kent-surrey-and-sussex-region&standards=pdu-2023").content.decode()
    assert "Not in this framework" in kss  # the region's row has no cell of the PDU model
    unit = client.get(f"/providers/{HAMMERSMITH}/").content.decode()
    assert unit.count("Derived, not quoted") >= 9


def test_dynamic_inspections_appear_beside_their_regions_never_ranked(client, both_eras):
    rows = {row["unit_slug"]: row for row in _csv(client.get("/probation-service.csv"))}
    kss = rows["kent-surrey-and-sussex-region"]
    assert kss["overall_rating"] == "Requires improvement" and kss["rank"] == "1"
    assert "dynamic inspection of public protection, not rated" in kss["later_not_rated"]
    south_central = rows["south-central-region"]
    assert south_central["overall_rating"] == "Not rated" and south_central["rank"] == ""


def test_filters_narrow_by_region_without_changing_ranks_and_the_json_matches(client, both_eras):
    rows = _csv(client.get("/probation-service.csv?region=kent-surrey-and-sussex-region"))
    assert {row["region"] for row in rows} == {"Kent, Surrey and Sussex region"}
    assert {row["unit_slug"] for row in rows} >= {"kent-surrey-and-sussex-region", "west-kent-pdu"}
    document = _json(client.get("/probation-service.json?region=kent-surrey-and-sussex-region"))
    assert document["schema"] == "probation-league/units-league" and document["version"] == 1
    assert [row["unit"]["slug"] for row in document["rows"]] == [row["unit_slug"] for row in rows]
    assert client.get("/probation-service/?region=atlantis").status_code == 400
    assert client.get("/probation-service.csv?standards=crc-2018").status_code == 400


def test_the_crc_league_is_unchanged_and_points_to_today(client, both_eras):
    page = client.get("/").content.decode()
    assert "Community Rehabilitation Companies were abolished on 26 June 2021" in page
    assert 'href="/probation-service/"' in page
    rows = _csv(client.get("/league.csv"))
    assert len(rows) == 28
    assert not any(row["provider_type"] in ("PDU", "Region") for row in rows)


def test_a_region_lists_its_pdus_and_a_crc_links_the_units_after_it(client, both_eras, django_assert_max_num_queries):
    with django_assert_max_num_queries(26):
        region = client.get("/providers/kent-surrey-and-sussex-region/")
    page = region.content.decode()
    for pdu in ("West Kent PDU", "East Kent PDU", "Surrey PDU", "West Sussex PDU", "Brighton and East Sussex PDU"):
        assert pdu in page
    assert 'href="/providers/kss-crc/"' in page and "by area" in page

    crc = client.get("/providers/kss-crc/").content.decode()
    assert "Since reunification: who took over its area" in crc
    assert 'href="/providers/kent-surrey-and-sussex-region/"' in crc
    assert 'href="/providers/west-kent-pdu/"' in crc
    assert "KSS CRC no longer exists" in crc
    assert "Last owned by" in crc

    pdu = client.get("/providers/west-kent-pdu/").content.decode()
    assert 'href="/providers/kent-surrey-and-sussex-region/"' in pdu
    assert "Date not recorded" in pdu


def test_a_former_unit_keeps_its_page_and_names_who_took_over(client, both_eras):
    page = client.get("/providers/tameside-pdu/").content.decode()
    assert "This unit no longer exists" in page
    assert 'href="/providers/stockport-and-tameside-pdu/"' in page


def test_comparing_a_pdu_with_the_crc_before_it_shows_both_ratings_and_says_the_frameworks_differ(client, both_eras):
    page = client.get("/compare/kss-crc,west-kent-pdu/").content.decode()
    assert "The frameworks differ." in page
    assert "West Kent PDU</strong>: Requires improvement (Date not recorded)" in page
    assert "KSS CRC</strong>: Requires improvement (19 June 2019)" in page
    assert "no scoring rule published for this framework" in page


def test_a_region_lists_its_pdus_fifty_a_page_at_the_same_cost(client, both_eras, django_assert_num_queries):
    def region_page(query=""):
        return client.get(f"/providers/kent-surrey-and-sussex-region/{query}")

    with CaptureQueriesContext(connection) as few:
        region_page()
    seed_synthetic_units(12 * 60)  # 60 more PDUs in each region
    cache.clear()  # bulk seeding writes around the cache's reset
    region = Provider.objects.get(slug="kent-surrey-and-sussex-region")
    assert region.units.count() == 65

    with django_assert_num_queries(len(few.captured_queries)):
        first = region_page().content.decode()
    assert "with 65 Probation Delivery Units listed below" in first
    assert "1–50 of 65" in first and "Page 1 of 2" in first
    assert 'href="?page=2#units-title"' in first
    assert "Brighton and East Sussex PDU" in first  # its real PDUs sort before the synthetic ones

    second = region_page("?page=2").content.decode()
    assert "51–65 of 65" in second and "Previous PDUs" in second
    # Brighton, East Kent and Surrey come before the 60 synthetic PDUs, West Kent and West Sussex after.
    assert second.count('<tr><th scope="row"><a href="/providers/synthetic-unit-') == 13
    assert "West Kent PDU" in second and "West Sussex PDU" in second and "Brighton and East Sussex PDU" not in second

    missing = region_page("?page=3")
    assert missing.status_code == 404
    assert "There is no page “3” of the Kent, Surrey and Sussex region&#x27;s PDUs" in missing.content.decode()
    assert region_page("?page=x").status_code == 404


def test_the_league_opens_with_what_its_rows_say(client, both_eras):
    html = client.get("/probation-service/").content.decode()
    answer = html.split('<div class="league-answer">')[1].split("</div>")[0]
    assert re.search(r"\d+ units were rated Requires improvement, \d+ Inadequate\.", answer)
    assert re.search(r"Standard ratings are known for \d+ of \d+\.", answer)
    assert "so a score" not in answer  # no framework of the era has a published scoring rule
    assert html.count('scope="rowgroup"') >= 2
