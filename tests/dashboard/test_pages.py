"""Standard, owner, inspection and methodology pages."""

import datetime
import re

import pytest
from django.urls import reverse

from inspections.models import Inspection, KeyQuestion, KeyQuestionResult, Standard
from providers.models import Owner
from tests.dashboard.test_providers import chart_figures, text_of
from tests.factories import ALL_TEN_KSS, make_inspection, make_owner, make_provider
from tests.html_tables import table


@pytest.mark.django_db
class TestStandardPage:
    def test_every_standard_code_has_a_page(self, client, first_round):
        for code in set(Standard.objects.values_list("code", flat=True)):
            response = client.get(reverse("dashboard:standard", args=[code]))
            assert response.status_code == 200, code

    def test_who_leads_and_who_lags_on_implementation(self, client, first_round):
        response = client.get("/standards/2.3/")
        text = text_of(response)
        assert text.index("HIOW CRC") < text.index("KSS CRC")  # Requires improvement before Inadequate
        # Rows sit under their band, whose place is only among the providers whose rating on 2.3 is recorded.
        recorded = int(re.search(r"Requires improvement — \d+ providers?, (?:joint )?1st of (\d+) recorded", text)[1])
        assert recorded < 28
        assert re.search(rf"Inadequate — \d+ providers?, (joint )?\d+(st|nd|rd|th) of {recorded} recorded", text)
        rows = table(response.content.decode(), "Ratings on standard 2.3")[1:]
        kss = next(row for row in rows if row[0] == "KSS CRC")
        assert kss[1:3] == ["CRC", "Inadequate"] and "19 June 2019" in kss

    def test_provider_specific_standards_list_their_own_kind(self, client, first_round):
        text = text_of(client.get("/standards/3.2/"))
        assert re.search(r"NPS North West(, (joint )?1st of \d+ recorded)? NPS division Outstanding", text)
        assert "KSS CRC" not in text

    def test_unknown_or_malformed_codes_are_404(self, client, first_round):
        for code in ["9.9", "2.3.1", "abc", "2.3'", "x" * 300]:
            assert client.get(f"/standards/{code}/").status_code == 404

    def test_funnel_plot_with_several_providers(self, client, frameworks):
        question = KeyQuestion.objects.get(code="2.3.2", standard__framework__slug="crc-2018")
        results = [
            ("Alpha CRC", 54, 132),
            ("Beta CRC", 80, 120),
            ("Gamma CRC", 20, 100),
            ("Delta CRC", 55, 60),
            ("Epsilon CRC", 60, 90),
        ]
        for name, percent, cases in results:
            inspection = make_inspection(make_provider(name))
            KeyQuestionResult.objects.create(
                inspection=inspection, key_question=question, percent_yes=percent, cases_inspected=cases
            )
        response = client.get("/standards/2.3/")
        figure = chart_figures(response)["chart-funnel-2.3.2-figure"]
        names = {trace["name"] for trace in figure["data"]}
        assert {"95% limits", "99.8% limits", "Providers"} <= names
        pooled = (54 * 132 + 80 * 120 + 20 * 100 + 55 * 60 + 60 * 90) / (132 + 120 + 100 + 60 + 90)
        assert f"all plotted providers {pooled:.1f}%" in text_of(response)
        text = text_of(response)
        assert "Gamma CRC 20% 100 Beyond the 99.8% limits" in text
        assert "Delta CRC 55% 60 Within the limits" in text

    def test_sub_sample_results_are_listed_but_not_plotted(self, client, first_round):
        text = text_of(client.get("/standards/2.3/"))
        assert "KSS CRC Not plotted: the report gives the share of a sub-sample" in text

    def test_fifty_providers_a_page_placed_among_all(self, client, frameworks):
        question = KeyQuestion.objects.get(code="2.3.1", standard__framework__slug="crc-2018")
        for number in range(60):
            rating = "Good" if number < 55 else "Inadequate"
            inspection = make_inspection(make_provider(f"P{number:03d} CRC"), ratings={"2.3": rating})
            KeyQuestionResult.objects.create(
                inspection=inspection,
                key_question=question,
                percent_yes=20 if number == 59 else 70,
                cases_inspected=100,
            )
        first = client.get("/standards/2.3/")
        rows = table(first.content.decode(), "Ratings on standard 2.3")[1:]
        assert len(rows) == 50
        assert rows[0][0] == "P000 CRC"
        assert "Good — 55 providers, joint 1st of 60 recorded" in text_of(first)
        text = text_of(first)
        assert "Providers 1 to 50 of 60: page 1 of 2." in text
        assert "All providers 0 55 0 5 0" in text  # the counts are of every provider
        assert "show the 50 providers on this page of the ratings above" in text
        assert "P059 CRC" not in text  # nor in the funnel plots: they draw the providers of this page

        second = client.get("/standards/2.3/", {"page": 2})
        rows = table(second.content.decode(), "Ratings on standard 2.3")[1:]
        assert [row[0] for row in rows[4:6]] == ["P054 CRC", "P055 CRC"]
        assert "Inadequate — 5 providers, joint 56th of 60 recorded" in text_of(second)
        assert len(rows) == 10
        text = text_of(second)
        assert "Providers 51 to 60 of 60: page 2 of 2." in text
        # Judged against every provider's results, though only ten are drawn here.
        assert "P059 CRC 20% 100 Beyond the 99.8% limits" in text
        assert "P058 CRC 70% 100 Within the limits" in text

        exported = client.get("/standards/2.3.csv").content.decode().splitlines()
        assert len(exported) == 61  # the twins still list every provider

    def test_one_page_has_no_page_links(self, client, first_round):
        text = text_of(client.get("/standards/2.3/"))
        assert "page 1 of" not in text
        assert "on this page of the ratings" not in text

    @pytest.mark.parametrize("providers", [3, 60])
    def test_constant_queries(self, client, frameworks, django_assert_max_num_queries, providers):
        question = KeyQuestion.objects.get(code="2.3.1", standard__framework__slug="crc-2018")
        for number in range(providers):
            inspection = make_inspection(make_provider(f"P{number:03d} CRC"), ratings=ALL_TEN_KSS)
            KeyQuestionResult.objects.create(
                inspection=inspection, key_question=question, percent_yes=70, cases_inspected=100
            )
        with django_assert_max_num_queries(10):
            assert client.get("/standards/2.3/").status_code == 200


@pytest.mark.django_db
class TestOwnerPage:
    def test_every_owner_has_a_page(self, client, first_round):
        for owner in Owner.objects.all():
            assert client.get(owner.get_absolute_url()).status_code == 200, owner.slug

    def test_providers_move_owner_by_inspection_date(self, client, first_round):
        working_links = text_of(client.get("/owners/working-links/"))
        seetec = text_of(client.get("/owners/seetec/"))
        # DDC was inspected under Working Links; BGSW and Wales after Seetec took over in February 2019.
        assert "DDC CRC" in working_links.split("Ratings side by side")[1]
        assert "BGSW CRC" not in working_links.split("Ratings side by side")[1]
        for name in ("KSS CRC", "BGSW CRC", "Wales CRC"):
            assert name in seetec.split("Ratings side by side")[1]
        assert "BGSW CRC: until February 2019 (start not recorded)" in working_links
        assert "BGSW CRC: from February 2019 (end not recorded)" in seetec

    def test_distribution_against_all_others(self, client, first_round):
        response = client.get("/owners/seetec/")
        figure = chart_figures(response)["chart-distribution-figure"]
        assert figure["data"][2]["name"] == "Requires improvement"
        assert figure["data"][2]["x"] == [3, 18]
        assert "Seetec 0 0 3 0 0" in text_of(response)

    def test_unknown_owner_is_404(self, client, first_round):
        assert client.get("/owners/acme-probation/").status_code == 404

    @pytest.mark.parametrize("providers", [3, 60])
    def test_constant_queries(self, client, frameworks, django_assert_max_num_queries, providers):
        owner = make_owner("Seetec")
        for number in range(providers):
            make_inspection(make_provider(f"P{number:03d} CRC"), owner=owner, ratings=ALL_TEN_KSS)
        with django_assert_max_num_queries(20):
            assert client.get("/owners/seetec/").status_code == 200


@pytest.mark.django_db
class TestInspectionAndMethodologyPages:
    def test_inspection_page(self, client, first_round):
        inspection = Inspection.objects.get(provider__slug="kss-crc")
        text = text_of(client.get(inspection.get_absolute_url()))
        assert "inspection published 19 June 2019" in text
        assert "15 of 30 — Requires improvement, one point below Good" in text
        assert (
            "2.1.2 Does assessment focus sufficiently on the factors linked to offending and desistance? 69% 132"
            in text
        )

    def test_unknown_inspection_is_404(self, client, first_round):
        assert client.get("/inspections/999999/").status_code == 404

    def test_methodology_explains_the_rules_from_the_framework_data(
        self, client, first_round, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(9):
            text = text_of(client.get("/methodology/"))
        assert "Outstanding 3 26 80% yes" in text
        assert "Inadequate 0 0 0% yes" in text
        assert "joint rank" in text
        assert "Wilson" in text and "funnel plot" in text
        assert "Why this table must be read with care" in text

    def test_a_second_inspection_moves_the_drilldown(self, client, first_round):
        provider = Inspection.objects.get(provider__slug="kss-crc").provider
        make_inspection(
            provider,
            published_on=datetime.date(2020, 2, 1),
            overall_rating="Good",
            owner=Owner.objects.get(slug="seetec"),
        )
        assert "Latest rating, published 1 February 2020" in text_of(client.get(provider.get_absolute_url()))


@pytest.mark.django_db
@pytest.mark.parametrize("providers", [3, 60])
def test_inspection_page_queries_do_not_grow(client, frameworks, django_assert_max_num_queries, providers):
    inspections = [
        make_inspection(make_provider(f"P{number:03d} CRC"), ratings=ALL_TEN_KSS) for number in range(providers)
    ]
    with django_assert_max_num_queries(13):
        assert client.get(inspections[-1].get_absolute_url()).status_code == 200


@pytest.mark.django_db
class TestStandardRounds:
    def test_a_round_shows_that_rounds_ratings(self, client, real_data):
        latest = client.get("/standards/2.1/")
        second = client.get("/standards/2.1/", {"round": "2019-20"})

        assert "Every provider's latest rating on 2.1" in text_of(latest)
        assert "in the second round (2019–20), stopped by COVID-19 in March 2020" in text_of(second)
        latest_rows = table(latest.content.decode(), "Ratings on standard 2.1")[1:]
        second_rows = table(second.content.decode(), "Ratings on standard 2.1")[1:]
        assert len(latest_rows) == 28 and len(second_rows) == 10
        assert {row[0] for row in second_rows} >= {"Northumbria CRC", "DLNR CRC", "NPS North West"}
        assert "KSS CRC" not in {row[0] for row in second_rows}

    def test_the_csv_and_json_follow_the_round(self, client, real_data):
        rows = client.get("/standards/2.1.json", {"round": "2019-20"}).json()
        assert rows["schema"] == "probation-league/standard"
        assert client.get("/standards/2.1.csv", {"round": "2019-20"}).status_code == 200

    def test_an_unknown_round_is_a_readable_400(self, client, real_data):
        response = client.get("/standards/2.1/", {"round": "nope"})

        assert response.status_code == 400
        assert "There is no inspection round" in text_of(response)
        assert client.get("/standards/2.1.csv", {"round": "nope"}).status_code == 400
        assert client.get("/standards/2.1.json", {"round": "nope"}).status_code == 400


@pytest.mark.django_db
def test_an_inspection_page_shows_its_note_and_outcome(client, real_data):
    hiow = Inspection.objects.get(provider__slug="hiow-crc", inspection_round__slug="2019-20")
    thames = Inspection.objects.get(provider__slug="thames-valley-crc", inspection_round__slug="2019-20")

    hiow_text = text_of(client.get(hiow.get_absolute_url()))
    thames_text = text_of(client.get(thames.get_absolute_url()))

    assert "Overall rating Overall rating: Not rated Part-inspection cut short" in hiow_text
    assert "cut short by the COVID-19 lockdown" in hiow_text
    assert "Derived, not quoted" in thames_text
    assert "Why “derived, not quoted”: Overall rating derived, not quoted" in thames_text


def figcaptions(response):
    html = response.content.decode()
    return [
        " ".join(re.sub(r"<[^>]+>", " ", caption).split())
        for caption in re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", html, flags=re.S)
    ]


@pytest.mark.django_db
def test_the_kss_inspection_page_draws_its_charts_with_whole_captions(client, real_data):
    kss = Inspection.objects.get(provider__slug="kss-crc", inspection_round__slug="2018-19")
    response = client.get(kss.get_absolute_url())
    html = response.content.decode()

    assert set(chart_figures(response)) == {
        "chart-standards-figure",
        "chart-key-questions-figure",
        "chart-facts-figure",
    }
    assert 'src="/static/js/charts.js"' in html
    captions = figcaptions(response)
    assert "How KSS CRC was rated on each standard" in captions[0]
    assert "(50% Requires improvement, 65% Good, 80% Outstanding)" in " ".join(captions)
    assert "Performance figures of KSS CRC against England and Wales" in " ".join(captions)
    for caption in captions:
        assert "()" not in caption and "  " not in caption and " of against" not in caption
    facts = table(html, "Contextual facts from the report")
    assert facts[0][:2] == ["Measure", "KSS CRC"]
    assert "(lower is better)" in " ".join(row[0] for row in facts)
    # The page does not link to itself.
    assert f'href="{kss.get_absolute_url()}"' not in html


@pytest.mark.django_db
def test_an_nps_division_with_nothing_recorded_says_why_it_has_no_standards_chart(client, real_data):
    response = client.get("/providers/nps-london/")
    assert "chart-standards-figure" not in chart_figures(response)
    assert "No standard rating of NPS London is recorded, so there is nothing to mark on a chart" in text_of(response)
    assert "Providers' latest ratings on each standard" in text_of(response)


@pytest.mark.django_db
def test_a_funnel_around_one_provider_is_not_drawn_nor_judged(client, real_data):
    response = client.get("/standards/2.3/")
    text = text_of(response)
    assert not [name for name in chart_figures(response) if name.startswith("chart-funnel")]
    assert "Only 1 provider has a result with its number of cases: a funnel plot needs at least 5" in text
    assert "Within the limits" not in text
    assert "Not judged: too few providers plotted" in text


@pytest.mark.django_db
def test_a_key_question_with_no_plottable_result_says_so(client, real_data):
    text = text_of(client.get("/standards/2.3/"))
    assert "Only 0" not in text
    assert "No provider has a result with its number of cases, so there is no funnel plot" in text


@pytest.mark.parametrize("code, providers", [("2.3", 28), ("4.1", 21)])
def test_every_slice_of_a_standards_rows_is_the_slice_of_the_whole_order(real_data, code, providers):
    """A slice sorts only the ratings it falls in; it must be what sorting every row gives."""
    from dashboard.selectors.standards import standard_page

    inspections = standard_page(code).inspections
    whole = [inspection.id for inspection in inspections]
    assert len(whole) == len(inspections) == providers
    for size in (1, 4, 50):
        for start in range(len(whole)):
            assert [inspection.id for inspection in inspections[start : start + size]] == whole[start : start + size]
