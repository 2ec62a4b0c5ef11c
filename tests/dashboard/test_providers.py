import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from providers.models import Provider
from tests.factories import ALL_TEN_KSS, make_inspection, make_owner, make_provider

KSS = reverse("dashboard:provider", args=["kss-crc"])


def text_of(response):
    """The page's visible text, tags removed and whitespace collapsed."""
    html = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return re.sub(r" ([,.;:])", r"\1", text.replace("&#x27;", "'"))


def chart_figures(response):
    html = response.content.decode()
    found = re.findall(r'<script id="([^"]+)" type="application/json">(.*?)</script>', html, flags=re.S)
    return {name: json.loads(body) for name, body in found}


@pytest.mark.django_db
class TestKssDrilldown:
    @pytest.fixture(autouse=True)
    def _data(self, first_round):
        pass

    def test_header_and_summary(self, client):
        text = text_of(client.get(KSS))
        assert "Kent, Surrey and Sussex Community Rehabilitation Company" in text
        assert "Owned by Seetec" in text
        assert "15 of 30 — Requires improvement, one point below Good" in text
        assert "=7th of 28, joint with 20 other providers that the data cannot separate" in text
        assert "Started February 2019" in text
        assert "approximately 8,600" in text

    def test_standards_with_indicated_bands_and_discretion(self, client):
        html = client.get(KSS).content.decode()
        row = re.search(r"2\.4 Reviewing</a></th>(.*?)</tr>", html, flags=re.S).group(1)
        assert "Requires improvement" in row and "Inadequate" in row
        assert "Published above the band its key questions indicate" in row
        row_23 = re.search(r"2\.3 Implementation and delivery</a></th>(.*?)</tr>", html, flags=re.S).group(1)
        assert "Published above" not in row_23  # Inadequate, as its 41% indicates
        row_41 = re.search(r"4\.1 Unpaid work</a></th>(.*?)</tr>", html, flags=re.S).group(1)
        assert row_41.count("rating--good") == 2

    def test_key_questions_with_cases_and_intervals(self, client):
        text = text_of(client.get(KSS))
        assert "2.1.1 Does assessment focus sufficiently on engaging the service user? 75% 132 67–82%" in text
        assert "2.1.3 Does assessment focus sufficiently on keeping other people safe? 49% 132 41–57%" in text
        assert "4.1.3 Do arrangements for unpaid work maximise the opportunity for the service user's" in text
        assert "4.2.3 Is there effective coordination of resettlement activity? 55% 42 40–69%" in text
        # A sub-sample of unstated size gets no invented interval.
        assert (
            "2.3.3 Does the implementation and delivery of services effectively support the safety of other "
            "people? 41% Part of 132 None: the report gives only the share of the relevant sub-sample" in text
        )

    def test_facts_recommendations_and_sources(self, client):
        text = text_of(client.get(KSS))
        assert "Community orders and suspended sentence orders successfully completed 82% 79% 75%" in text
        assert "Individuals supervised by the CRC 8,652 Not recorded Not recorded" in text
        assert "enhance the delivery and coordination of resettlement activity provided to those released" in text
        assert "russellwebster.com/hmipkss19" in text

    def test_charts_travel_as_json_with_a_data_table_each(self, client):
        response = client.get(KSS)
        figures = chart_figures(response)
        assert set(figures) == {
            "chart-standards-figure",
            "chart-key-questions-figure",
            "chart-facts-figure",
            "locator-map-figure",
        }
        bars = figures["chart-key-questions-figure"]["data"][0]
        assert bars["x"][:3] == [75.0, 69.0, 49.0]
        thresholds = [shape["x0"] for shape in figures["chart-key-questions-figure"]["layout"]["shapes"]]
        assert thresholds == [50.0, 65.0, 80.0]
        html = response.content.decode()
        assert html.count("<figcaption") == 3
        assert "plotly-basic-3.7.0" in html
        assert "<script>" not in html  # no inline scripts: a strict CSP works

    def test_ownership_timeline(self, client):
        text = text_of(client.get(reverse("dashboard:provider", args=["bgsw-crc"])))
        assert "Working Links: until February 2019 (start not recorded)" in text
        assert "Seetec: from February 2019 (end not recorded)" in text


@pytest.mark.django_db
class TestEveryProvider:
    def test_every_real_provider_has_a_page(self, client, first_round):
        for provider in Provider.objects.all():
            response = client.get(provider.get_absolute_url())
            assert response.status_code == 200, provider.slug
            assert provider.name in response.content.decode().replace("&#x27;", "'")

    def test_unknown_blank_values_say_not_recorded(self, client, first_round):
        text = text_of(client.get(reverse("dashboard:provider", args=["merseyside-crc"])))
        assert "Not worked out: 0 of 10 standard ratings recorded" in text
        # Said once in a line each, not as tables of "Not recorded".
        assert "The ten standard ratings are not recorded for this inspection. How we source values" in text
        assert "No contextual facts or recommendations are recorded for this inspection." in text
        assert "Not recorded Not recorded" not in text

    def test_unknown_slug_is_404(self, client, first_round):
        assert client.get("/providers/no-such-crc/").status_code == 404

    def test_pages_without_charts_do_not_load_plotly(self, client, frameworks):
        make_provider("Uninspected CRC")
        html = client.get("/providers/uninspected-crc/").content.decode()
        assert "plotly" not in html
        assert "No inspection of this provider is recorded yet" in html


@pytest.mark.django_db
class TestHistory:
    def test_rating_history_chart_appears_with_two_inspections(self, client, frameworks):
        import datetime

        provider = make_provider("Twice CRC")
        make_inspection(provider, published_on=datetime.date(2018, 10, 1), overall_rating="Inadequate")
        make_inspection(provider, published_on=datetime.date(2020, 2, 1), overall_rating="Requires improvement")
        response = client.get(provider.get_absolute_url())
        figures = chart_figures(response)
        assert figures["chart-history-figure"]["data"][0]["y"] == ["Inadequate", "Requires improvement"]
        assert "Latest rating, published 1 February 2020" in text_of(response)


@pytest.mark.django_db
@pytest.mark.parametrize("providers", [5, 120])
def test_constant_queries_as_providers_grow(client, frameworks, django_assert_max_num_queries, providers):
    owner = make_owner("Seetec")
    for number in range(providers):
        make_inspection(make_provider(f"P{number:03d} CRC"), owner=owner, ratings=ALL_TEN_KSS)
    with django_assert_max_num_queries(29):
        assert client.get("/providers/p000-crc/").status_code == 200


@pytest.mark.django_db
class TestAcrossRounds:
    @pytest.fixture(autouse=True)
    def _data(self, real_data):
        pass

    def test_thames_valley_shows_both_inspections_the_movement_and_the_derived_note(self, client):
        response = client.get("/providers/thames-valley-crc/")
        text = text_of(response)

        assert "Latest rating, published 21 January 2020" in text
        assert "Derived, not quoted" in text
        assert "▲ Improved from Requires improvement (2018)" in text
        assert "Why “derived, not quoted”: Overall rating derived, not quoted" in text
        assert "2018: First round (2018–19)" in text
        assert "21 January 2020: Second round (2019–20), stopped by COVID-19 in March 2020" in text
        assert "Overall: Requires improvement → Good (improved)." in text
        figures = chart_figures(response)
        assert figures["chart-history-figure"]["data"][0]["y"] == ["Requires improvement", "Good"]

    def test_hiow_leads_with_its_latest_rating_and_names_the_part_inspection(self, client):
        text = text_of(client.get("/providers/hiow-crc/"))

        assert "Latest rating, published 8 May 2019" in text
        assert "Since then: a part-inspection published 2020 gave no overall rating" in text
        assert "cut short by the COVID-19 lockdown" in text
        assert "It rated 4.2 Through the Gate Outstanding" in text
        assert "No overall rating was published." in text
        assert "4.2 Through the Gate: Requires improvement → Outstanding (improved)." in text

    def test_standards_side_by_side_mark_what_moved(self, client):
        html = client.get("/providers/dtv-crc/").content.decode()
        across = html.split('id="across-caption"')[1].split("</table>")[0]

        assert "March 2019" in across and "April 2020" in across
        leadership = across.split("1.1 Leadership")[1].split("</tr>")[0]
        assert leadership.count("rating--outstanding") == 2
        assert "movement--" not in leadership  # unchanged is not flagged


@pytest.mark.django_db
def test_the_summary_says_what_stands_out(client, real_data):
    kss = text_of(client.get("/providers/kss-crc/"))
    nps = text_of(client.get("/providers/nps-london/"))

    assert "What stands out 1.1 Leadership Outstanding 1.2 Staff Good" in kss
    assert "2.3 Implementation and delivery Inadequate" in kss.split("What stands out")[1].split("Score")[0]
    assert "What stands out" not in nps  # nothing recorded to stand out


@pytest.mark.django_db
def test_providers_joint_only_where_scores_cannot_separate_them(client, frameworks):
    better = {**ALL_TEN_KSS, "2.3": "Good"}
    for name, ratings in [("Alpha CRC", ALL_TEN_KSS), ("Beta CRC", ALL_TEN_KSS), ("Gamma CRC", better)]:
        make_inspection(make_provider(name), overall_rating="Good", ratings=ratings)
    make_inspection(make_provider("Delta CRC"), overall_rating="Inadequate", ratings=ALL_TEN_KSS)
    assert "1st of 4." in text_of(client.get("/providers/gamma-crc/"))
    assert "=2nd of 4, joint with 1 other provider that the data cannot separate." in text_of(
        client.get("/providers/alpha-crc/")
    )
    # One provider of the band without a score: none of the band can be told apart.
    make_inspection(make_provider("Epsilon CRC"), overall_rating="Good", ratings={"1.1": "Good"})
    cache.clear()  # the pages were cached before the data changed, within the test's transaction
    assert "=1st of 5, joint with 3 other providers that the data cannot separate." in text_of(
        client.get("/providers/gamma-crc/")
    )
