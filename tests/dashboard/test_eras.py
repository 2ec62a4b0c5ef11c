"""/eras/ and /eras.json: the ratings of both eras side by side, on the real data of both."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboard.selectors.eras import eras_page
from inspections import league_fields
from inspections.models import Framework, Inspection, InspectionRound, StandardRating
from inspections.synthetic import seed_synthetic_providers
from providers.models import Provider
from tests.html_tables import rows_by_header, table, tables

RATED_ROUNDS = ["2018-19", "2019-20", "2021-23", "2023-25"]


def group(page, round_slug, provider_type):
    [distribution] = [item for item in page.distributions if item.inspection_round.slug == round_slug]
    [found] = [item for item in distribution.groups if item.provider_type == provider_type]
    return found


def counts(found):
    return {outcome: (cell.count, cell.of) for outcome, cell in found.cells.items() if cell.count}


def test_first_round_crcs_and_nps_divisions(both_eras):
    page = eras_page()

    assert counts(group(page, "2018-19", "crc")) == {
        "Good": (1, 21),
        "Requires improvement": (19, 21),
        "Inadequate": (1, 21),
    }
    assert counts(group(page, "2018-19", "nps")) == {"Good": (5, 7), "Requires improvement": (2, 7)}


def test_exactly_one_pdu_rated_good_in_all_the_pdu_programmes(both_eras):
    page = eras_page()
    pdu_groups = [found for item in page.distributions for found in item.groups if found.provider_type == "pdu"]

    assert [found.inspections for found in pdu_groups] == [36, 43]
    assert sum(found.cells["Good"].count for found in pdu_groups) == 1
    assert sum(found.cells["Outstanding"].count for found in pdu_groups) == 0
    assert group(page, "2021-23", "pdu").cells["Good"].count == 1
    [gateshead] = page.good_or_better_since_reunification
    assert gateshead.provider.short_name == "Gateshead and South Tyneside PDU"
    assert gateshead.inspection_round.slug == "2021-23"
    assert (gateshead.published_on.year, gateshead.published_on.month) == (2022, 12)


def test_derived_ratings_are_counted_as_derived(both_eras):
    page = eras_page()

    assert group(page, "2019-20", "crc").cells["Good"].derived == 1  # Thames Valley CRC
    assert group(page, "2023-25", "pdu").cells["Requires improvement"].derived == 1
    assert group(page, "2019-20", "crc").cells["Not rated"].count == 1  # HIOW CRC's part-inspection


def test_unrated_round_and_national_inspection_stay_out_of_the_distribution(both_eras):
    page = eras_page()

    assert [item.inspection_round.slug for item in page.distributions] == RATED_ROUNDS
    assert [item.inspection_round.slug for item in page.unrated_rounds] == ["dipp-2025"]
    assert [inspection.framework.slug for inspection in page.outside_rounds] == ["national-2025"]


def test_standards_are_matched_by_exact_name_across_the_eras(both_eras):
    page = eras_page()
    by_name = {comparison.name: comparison for comparison in page.standards}

    assert list(by_name) == [
        "Leadership",
        "Staff",
        "Services",
        "Information and facilities",
        "Assessment",
        "Planning",
        "Implementation and delivery",
        "Reviewing",
        "Unpaid work",
    ]
    assert "Staffing" in page.unmatched_standards["probation-service"]
    assert "Court work" in page.unmatched_standards["probation-service"]
    staff_rounds = {(row.distribution.inspection_round.slug, row.group.provider_type) for row in by_name["Staff"].rows}
    assert ("2023-25", "pdu") not in staff_rounds  # the 2023 model rates "Staffing", a different name
    leadership = {
        (row.distribution.inspection_round.slug, row.group.provider_type): row for row in by_name["Leadership"].rows
    }
    assert (leadership["2021-23", "pdu"].recorded, leadership["2021-23", "pdu"].inspections) == (3, 36)
    assert leadership["2021-23", "pdu"].cells["Inadequate"].derived == 1
    assert (leadership["2018-19", "nps"].recorded, leadership["2018-19", "nps"].inspections) == (0, 7)


def test_page_opens_with_the_caveats_then_the_numbers(client, both_eras):
    response = client.get("/eras/")

    assert response.status_code == 200
    html = response.content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    caveats = text.index("Why the eras are not like for like")
    assert caveats < text.index("Overall ratings, programme by programme")
    for caveat in (
        "scored out of 30",
        "points-to-band thresholds are not published",
        "about a third of each region's PDUs a year",
        "2018–19 inspected every CRC and NPS division",
        "Justin Russell until 29 September 2023",
        "Sue McAllister, interim, 1 October 2023 to 29 February 2024",
        "Martin Jones from March 2024",
        "Most standard ratings are not recorded",
        "CRCs and NPS divisions, 2018–20: 53 of 380",
    ):
        assert caveat in text, caveat
    assert "1 of 21 CRCs and 5 of 7 NPS divisions were rated Good or better" in text
    assert "In the PDU programme (2021–23), 1 of 36 PDUs was rated Good or better" in text
    assert "Gateshead and South Tyneside PDU (Good, December 2022, 2021–23)" in text


def test_tables_give_every_count_its_denominator(client, both_eras):
    html = client.get("/eras/").content.decode()

    first = rows_by_header(table(html, "First round (2018–19): overall ratings"))
    assert first["CRCs"] == ["21", "0 of 21", "1 of 21", "19 of 21", "1 of 21", "0 of 21", "0 of 21"]
    assert first["NPS divisions"][2] == "5 of 7"
    second = rows_by_header(table(html, "Second round (2019–20)"))
    assert second["CRCs"][2] == "2 of 9 1 derived"
    pdus = rows_by_header(table(html, "PDU programme (2021 model)"))
    assert pdus["PDUs"] == ["36", "0 of 36", "1 of 36", "18 of 36", "17 of 36", "0 of 36", "0 of 36"]
    leadership = rows_by_header(table(html, "Leadership:"))
    assert leadership["2021–23 PDUs"][0] == "Ratings recorded for 3 of 36"
    assert leadership["2018–19 NPS divisions"] == ["Ratings recorded for 0 of 7", "None recorded"]
    assert not [found for found in tables(html) if found["caption"].startswith("Staffing")]
    # Every table has its caption and scoped headers; ratings are badges that write their names.
    assert html.count("<table") == html.count("<caption") == len(tables(html))
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert '<span class="rating rating--requires-improvement">Requires improvement</span>' in html


def test_rounds_link_to_their_leagues(client, both_eras):
    html = client.get("/eras/").content.decode()

    assert 'href="/?round=2018-19"' in html
    assert 'href="/?round=2019-20"' in html
    assert 'href="/probation-service/?round=2021-23"' in html
    assert 'href="/probation-service/?round=2023-25"' in html
    assert "round=dipp-2025" not in html
    assert "Dynamic inspections of public protection, since October 2025" in html


def test_json_twin_holds_the_same_numbers(client, both_eras):
    response = client.get("/eras.json")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert (document["schema"], document["version"]) == ("probation-league/eras", 1)
    assert document["url"].endswith("/eras/")
    assert [item["slug"] for item in document["rounds"]] == RATED_ROUNDS
    first = {item["provider_type"]: item for item in document["rounds"][0]["groups"]}
    assert first["crc"]["overall_ratings"]["Good"] == {"count": 1, "of": 21, "derived": 0}
    assert first["nps"]["overall_ratings"]["Good"] == {"count": 5, "of": 7, "derived": 0}
    assert document["rounds"][0]["league_url"].endswith("/?round=2018-19")
    assert [item["slug"] for item in document["not_in_distribution"]["rounds"]] == ["dipp-2025"]
    [national] = document["not_in_distribution"]["outside_rounds"]
    assert (national["framework"], national["published"]) == ("national-2025", "2025-04-29")
    leadership = next(item for item in document["standards"] if item["name"] == "Leadership")
    row = next(row for row in leadership["rows"] if (row["round"], row["provider_type"]) == ("2021-23", "pdu"))
    assert (row["recorded"], row["not_recorded"], row["inspections"]) == (3, 33, 36)
    assert {"round": "2023-25", "provider_type": "pdu"} in next(
        item for item in document["standards"] if item["name"] == "Staff"
    )["not_a_standard_of"]
    assert document["standard_ratings_recorded"] == [
        {"era": "crc-nps", "recorded": 53, "possible": 380},
        {"era": "probation-service", "recorded": 71, "possible": 673},
    ]
    assert document["summary"] == eras_page().summary


def add_synthetic_pdus(count):
    """`count` synthetic PDUs, each inspected once in 2021-23 with every standard rated."""
    framework = Framework.objects.prefetch_related("standards").get(slug="pdu-2021")
    inspection_round = InspectionRound.objects.get(slug="2021-23")
    providers = Provider.objects.bulk_create(
        Provider(
            name=f"Synthetic {number:05d} PDU",
            short_name=f"Synthetic {number:05d} PDU",
            slug=f"synthetic-pdu-{number:05d}",
            provider_type="pdu",
        )
        for number in range(count)
    )
    ratings = ["Good", "Requires improvement", "Inadequate", "Outstanding"]
    inspections = Inspection.objects.bulk_create(
        Inspection(
            provider=provider,
            framework=framework,
            inspection_round=inspection_round,
            published_on=datetime.date(2022, 6, 1),
            overall_rating=ratings[number % 4],
        )
        for number, provider in enumerate(providers)
    )
    StandardRating.objects.bulk_create(
        StandardRating(inspection=inspection, standard=standard, rating=ratings[(number + position) % 4])
        for number, inspection in enumerate(inspections)
        for position, standard in enumerate(framework.standards.all())
    )
    league_fields.refresh_all()


def uncached_queries(client, path):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/eras/", "/eras.json"])
def test_queries_are_few_and_do_not_grow_with_the_providers(client, both_eras, django_assert_max_num_queries, path):
    with django_assert_max_num_queries(7):
        assert client.get(path).status_code == 200
    with_real_data = uncached_queries(client, path)

    seed_synthetic_providers(200)
    add_synthetic_pdus(150)

    assert group(eras_page(), "2021-23", "pdu").inspections == 36 + 150
    with django_assert_max_num_queries(with_real_data):
        cache.clear()
        assert client.get(path).status_code == 200
    assert uncached_queries(client, path) == with_real_data
