"""The comparison pages: /compare/<slug>,<slug>[,…]/, the builder at /compare/, and bad addresses."""

import csv
import html as html_module
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from dashboard.charts import theme
from dashboard.selectors.neighbours import NPS_DIVISION_OF_CRC
from inspections.models import ContextualFact, Inspection, KeyQuestionResult
from tests.dashboard.test_providers import chart_figures
from tests.dashboard.test_providers import text_of as tagless_text
from tests.factories import ALL_TEN_KSS, make_inspection, make_owner, make_provider
from tests.html_tables import rows_by_header, table

KSS_BGSW = "/compare/kss-crc,bgsw-crc/"


def text_of(response):
    """The page's visible text with its character references read."""
    return html_module.unescape(tagless_text(response))


def answer_of(response):
    """The text of the paragraph a comparison opens with."""
    html = response.content.decode()
    paragraph = html[html.index('<p class="answer">') : html.index("</p>", html.index('<p class="answer">'))]
    return html_module.unescape(re.sub(r"<[^>]+>", "", paragraph))


def link_hrefs(html, text_pattern):
    """hrefs of the links whose text (visually hidden parts included) matches `text_pattern`."""
    return [
        href
        for href, text in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, flags=re.S)
        if re.search(text_pattern, re.sub(r"<[^>]+>", "", text))
    ]


def _copy_results(source_slug, target_slug, *, percent_yes, provider_value):
    """Give `target_slug`'s latest inspection the key questions and facts of `source_slug`'s, at other values."""
    source = Inspection.objects.filter(provider__slug=source_slug).latest("published_on")
    target = Inspection.objects.filter(provider__slug=target_slug).latest("published_on")
    KeyQuestionResult.objects.bulk_create(
        KeyQuestionResult(
            inspection=target,
            key_question=result.key_question,
            percent_yes=percent_yes,
            cases_inspected=result.cases_inspected,
            subsample_of=result.subsample_of,
        )
        for result in source.key_question_results.all()
    )
    ContextualFact.objects.bulk_create(
        ContextualFact(inspection=target, metric=fact.metric, unit=fact.unit, provider_value=provider_value)
        for fact in source.facts.all()
    )


@pytest.mark.django_db
class TestKssAgainstBgsw:
    @pytest.fixture(autouse=True)
    def _data(self, first_round):
        pass

    def test_overall_ratings_scores_owners_and_dates_side_by_side(self, client):
        response = client.get(KSS_BGSW)
        assert response.status_code == 200
        rows = table(response.content.decode(), "Latest rated inspection of each provider")
        assert rows[0][1:] == ["KSS CRC", "BGSW CRC"]
        overview = rows_by_header(rows)
        assert overview["Overall rating"] == ["Requires improvement", "Requires improvement"]
        assert overview["Score"] == ["15 of 30 — Requires improvement", "Not worked out: 4 of 10 standards recorded"]
        assert overview["Published"] == ["19 June 2019", "26 September 2019"]
        assert overview["Place in the league"] == ["=7th of 28", "=7th of 28"]
        about = rows_by_header(table(response.content.decode(), "Dates, owners, areas and caseloads"))
        assert about["Owner now"] == ["Seetec", "Seetec"]
        assert about["Fieldwork started"] == ["February 2019", "Not recorded"]
        assert about["Area"] == ["Kent, Surrey and Sussex", "Bristol, Gloucestershire, Somerset and Wiltshire"]

    def test_the_ten_standards_row_by_row_with_differences_marked(self, client):
        html = client.get(KSS_BGSW).content.decode()
        rows = table(html, "Published rating on each standard")
        assert rows[0] == ["Standard", "KSS CRC", "BGSW CRC", "Difference"]
        standards = rows_by_header(rows)
        assert list(standards) == [
            "1.1 Leadership", "1.2 Staff", "1.3 Services", "1.4 Information and facilities", "2.1 Assessment",
            "2.2 Planning", "2.3 Implementation and delivery", "2.4 Reviewing", "4.1 Unpaid work",
            "4.2 Through the Gate",
        ]  # fmt: skip
        assert standards["2.2 Planning"] == ["Requires improvement ◆", "Inadequate", "≠ Ratings differ"]
        assert standards["2.3 Implementation and delivery"] == ["Inadequate", "Inadequate", "Same rating"]
        assert standards["4.2 Through the Gate"] == ["Requires improvement", "Good", "≠ Ratings differ"]
        assert standards["1.1 Leadership"] == ["Outstanding", "Not recorded", "Cannot tell: fewer than two recorded"]
        assert "They differ on 3 standards" in text_of(client.get(KSS_BGSW))

    def test_sections_only_one_provider_has_are_one_line(self, client):
        response = client.get(KSS_BGSW)
        html = response.content.decode()
        text = text_of(response)
        # Only KSS CRC has key-question results and facts: one sentence each, no table of blanks, no chart.
        assert "Only KSS CRC has key-question results recorded, so there is nothing to compare them with" in text
        assert "Only KSS CRC has contextual facts recorded, so there is nothing to compare them with" in text
        captions = [caption for caption in re.findall(r"<caption[^>]*>(.*?)</caption>", html, flags=re.S)]
        assert not any(caption.startswith(("“% yes”", "Contextual facts")) for caption in captions)
        assert "chart-compare-key-questions" not in html
        assert link_hrefs(html, r"^KSS CRC$").count("/providers/kss-crc/") >= 3  # the tables' key and both lines
        assert "Data last changed" in text

    def test_key_questions_and_facts_two_providers_have_are_side_by_side(self, client):
        _copy_results("kss-crc", "bgsw-crc", percent_yes=80, provider_value=75)
        response = client.get(KSS_BGSW)
        html = response.content.decode()
        rows = rows_by_header(table(html, "“% yes” for each key question"))
        cells = rows["2.1.3 Does assessment focus sufficiently on keeping other people safe?"]
        assert cells == ["49% 41–57% 132 cases", "80% 72–86% 132 cases", "≠ Larger than chance"]
        facts = rows_by_header(table(html, "Contextual facts from the reports"))
        completed = facts["Community orders and suspended sentence orders successfully completed"]
        assert completed[0].startswith("82% England and Wales 79%") and completed[1].startswith("75%")
        questions = chart_figures(response)["chart-compare-key-questions-figure"]["data"]
        assert [trace["name"] for trace in questions if trace.get("showlegend", True)] == ["KSS CRC", "BGSW CRC"]
        assert "nothing to compare them with" not in text_of(response)

    def test_few_providers_sit_side_by_side_on_a_phone_and_many_as_cards(self, client):
        assert client.get(KSS_BGSW).content.decode().count("compare-table--side-by-side") == 3
        six = "/compare/kss-crc,bgsw-crc,hiow-crc,ddc-crc,wales-crc,london-crc/"
        assert "compare-table--side-by-side" not in client.get(six).content.decode()

    def test_order_follows_the_address(self, client):
        rows = table(client.get("/compare/bgsw-crc,kss-crc/").content.decode(), "Published rating on each standard")
        assert rows[0][1:3] == ["BGSW CRC", "KSS CRC"]

    def test_charts_have_one_trace_per_provider_in_order(self, client):
        figures = chart_figures(client.get(KSS_BGSW))
        assert "chart-compare-key-questions-figure" not in figures  # only KSS CRC has key-question results
        standards = figures["chart-compare-standards-figure"]
        legend = [trace["name"] for trace in standards["data"] if trace.get("showlegend", True)]
        assert legend == ["KSS CRC", "BGSW CRC"]
        # Markers on the scale from 1 (Inadequate) to 4 (Outstanding); none where not recorded.
        kss, bgsw = standards["data"][:2]
        assert kss["x"][:2] == [4, 3]
        assert None not in bgsw["x"] and len(bgsw["x"]) < len(kss["x"])
        # Taller than a phone's screen: the rating scale is written above the first row as well as below the last.
        assert standards["layout"]["height"] > 640
        top = standards["layout"]["xaxis2"]
        assert (top["side"], top["overlaying"], top["ticktext"]) == (
            "top",
            "x",
            standards["layout"]["xaxis"]["ticktext"],
        )
        assert any(trace.get("xaxis") == "x2" for trace in standards["data"])

    def test_mixed_types_mark_standards_not_in_a_framework(self, client):
        html = client.get("/compare/kss-crc,nps-south-west-south-central/").content.decode()
        standards = rows_by_header(table(html, "Published rating on each standard"))
        assert standards["4.1 Unpaid work"][:2] == ["Good", "Not applicable"]
        assert standards["Not recorded for any of them"][0] == (
            "3.1 Court reports and allocation, 3.2 Statutory victim work"
        )
        assert len(standards) == 11
        text = text_of(client.get("/compare/kss-crc,nps-south-west-south-central/"))
        assert "The standards CRCs and NPS divisions were rated on eight shared standards and two of their own" in text
        assert "The ten standards" in text_of(client.get(KSS_BGSW))

    def test_remove_links_give_canonical_addresses(self, client):
        html = client.get("/compare/kss-crc,bgsw-crc,hiow-crc/").content.decode()
        assert link_hrefs(html, r"^Remove BGSW CRC") == ["/compare/kss-crc,hiow-crc/"]
        assert link_hrefs(html, r"^Remove KSS CRC") == ["/compare/bgsw-crc,hiow-crc/"]
        # Two providers: nothing to remove.
        assert link_hrefs(client.get(KSS_BGSW).content.decode(), r"^Remove") == []

    def test_neighbour_suggestions_area_then_owner(self, client):
        html = client.get("/compare/kss-crc,hiow-crc/").content.decode()
        suggested = [href for href in link_hrefs(html, r"^Add ")]
        assert suggested[:4] == [
            "/compare/kss-crc,hiow-crc,nps-south-east-eastern/",
            "/compare/kss-crc,hiow-crc,bench-crc/",
            "/compare/kss-crc,hiow-crc,essex-crc/",
            "/compare/kss-crc,hiow-crc,norfolk-suffolk-crc/",
        ]
        assert "/compare/kss-crc,hiow-crc,nps-south-west-south-central/" in suggested
        assert "/compare/kss-crc,hiow-crc,wales-crc/" in suggested  # Seetec, as KSS
        assert "/compare/kss-crc,hiow-crc,cgm-crc/" in suggested  # Purple Futures, as HIOW
        text = text_of(client.get("/compare/kss-crc,hiow-crc/"))
        assert "Add Wales CRC Same owner: Seetec" in text
        assert "Add NPS South East & Eastern NPS division for this area" in text

    def test_adding_from_the_select_redirects_to_the_canonical_address(self, client):
        response = client.get("/compare/", {"current": "kss-crc,bgsw-crc", "add": "hiow-crc"})
        assert response.status_code == 302
        assert response["Location"] == "/compare/kss-crc,bgsw-crc,hiow-crc/"

    def test_six_providers_offer_no_more_additions(self, client):
        six = "/compare/kss-crc,bgsw-crc,hiow-crc,ddc-crc,wales-crc,london-crc/"
        html = client.get(six).content.decode()
        assert 'name="add"' not in html
        assert link_hrefs(html, r"^Add ") == []
        assert "remove one to add another" in text_of(client.get(six))

    def test_share_link_social_metadata_and_downloads(self, client):
        response = client.get(KSS_BGSW)
        html = response.content.decode()
        assert '<link rel="canonical" href="http://testserver/compare/kss-crc,bgsw-crc/">' in html
        assert 'value="http://testserver/compare/kss-crc,bgsw-crc/"' in html
        assert '<meta property="og:title" content="Compare KSS CRC and BGSW CRC">' in html
        assert '<meta property="og:image" content="http://testserver/compare/kss-crc,bgsw-crc/preview.png">' in html
        assert '<meta property="og:image:width" content="1200">' in html
        assert '<meta name="twitter:card" content="summary_large_image">' in html
        assert 'href="/compare/kss-crc,bgsw-crc.csv"' in html
        assert 'href="/compare/kss-crc,bgsw-crc.json"' in html
        assert "<script>" not in html  # no inline scripts: a strict CSP works
        assert "js/share.js" in html

    def test_non_canonical_spelling_redirects(self, client):
        response = client.get("/compare/kss-crc,%20bgsw-crc/")
        assert response.status_code == 301
        assert response["Location"] == KSS_BGSW


@pytest.mark.django_db
def test_a_provider_without_an_inspection_is_said_to_have_none(client, frameworks):
    make_inspection(make_provider("Inspected CRC"), ratings=ALL_TEN_KSS)
    make_provider("Uninspected CRC")
    response = client.get("/compare/inspected-crc,uninspected-crc/")
    assert response.status_code == 200
    html = response.content.decode()
    overview = rows_by_header(table(html, "Latest rated inspection of each provider"))
    assert overview["Overall rating"] == ["Requires improvement", "No inspection recorded"]
    text = text_of(response)
    assert "Uninspected CRC: no inspection recorded." in text
    assert "Only Inspected CRC has standard ratings recorded, so there is nothing to compare them with" in text
    document = client.get("/compare/inspected-crc,uninspected-crc.json").json()
    assert document["providers"][1]["latest_inspection"] is None


@pytest.mark.django_db
class TestBuilder:
    def test_ticked_providers_redirect_to_the_canonical_comparison(self, client, first_round):
        response = client.get("/compare/", {"providers": ["hiow-crc", "kss-crc", "nps-london"]})
        assert response.status_code == 302
        assert response["Location"] == "/compare/hiow-crc,kss-crc,nps-london/"

    def test_without_choices_it_offers_every_provider(self, client, first_round):
        response = client.get("/compare/")
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count('name="providers"') == 28
        assert '<label for="choose-kss-crc">KSS CRC</label>' in html
        text = text_of(response)
        assert "CRCs" in text and "NPS divisions" in text

    def test_the_picker_counts_ticks_against_the_limit(self, client, first_round):
        html = client.get("/compare/").content.decode()
        assert 'data-compare-picker data-min="2" data-max="6"' in html
        assert '<p class="picker-count" data-tick-count role="status" hidden></p>' in html
        assert "js/compare_picker.js" in html

    def test_ticking_a_seventh_gives_the_form_back_saying_so(self, client, first_round):
        seven = ["kss-crc", "bgsw-crc", "hiow-crc", "ddc-crc", "wales-crc", "london-crc", "essex-crc"]
        response = client.get("/compare/", {"providers": seven})
        assert response.status_code == 400
        text = text_of(response)
        assert "Too many providers ticked" in text
        assert "7 providers are ticked; a comparison shows up to 6 side by side. Untick 1 and compare again." in text
        assert "What is wrong with the address" not in text
        html = response.content.decode()
        assert all(
            f'value="{slug}" id="choose-{slug}" aria-describedby="compare-form-help" checked' in html for slug in seven
        )

    def test_the_league_table_has_a_labelled_checkbox_per_row(self, client, first_round):
        html = client.get("/").content.decode()
        assert html.count('type="checkbox" name="providers"') == 28
        assert re.search(r'<label for="compare-kss-crc"[^>]*>Compare KSS CRC</label>', html)
        assert 'action="/compare/"' in html and 'form="compare-form"' in html

    def test_the_addresses_box_keeps_the_order_typed(self, client, first_round, monkeypatch):
        monkeypatch.setattr("dashboard.selectors.compare.LISTED_LIMIT", 20)
        html = client.get("/compare/wales-crc,nope,kss-crc,wales-crc,bgsw-crc/").content.decode()
        assert 'id="compare-addresses" value="wales-crc,nope,kss-crc,bgsw-crc"' in html

    def test_the_provider_page_offers_compare_with_neighbours_first(self, client, first_round):
        html = client.get("/providers/kss-crc/").content.decode()
        form = html[html.index('class="compare-with"') : html.index("</form>", html.index('class="compare-with"'))]
        assert '<input type="hidden" name="providers" value="kss-crc">' in form
        options = re.findall(r'<option value="([^"]*)"', form)
        assert options[:3] == ["", "nps-south-east-eastern", "bench-crc"]
        assert "kss-crc" not in options
        assert len(options) == 28  # the blank choice and the 27 others

    def test_beyond_the_listed_limit_a_reader_types_addresses(self, client, first_round, monkeypatch):
        monkeypatch.setattr("dashboard.selectors.compare.LISTED_LIMIT", 20)
        html = client.get("/compare/").content.decode()
        assert 'type="checkbox"' not in html
        assert '<input type="text" name="current" id="compare-addresses"' in html
        assert client.get("/compare/", {"current": "kss-crc, bgsw-crc"})["Location"] == "/compare/kss-crc,bgsw-crc/"

        html = client.get("/providers/kss-crc/").content.decode()
        form = html[html.index('class="compare-with"') : html.index("</form>", html.index('class="compare-with"'))]
        assert '<input type="text" name="providers" id="compare-with"' in form
        suggested = re.findall(r'<option value="([^"]*)"', form)
        assert suggested[:2] == ["nps-south-east-eastern", "bench-crc"]  # the neighbours only
        assert "london-crc" not in suggested and "All other providers" not in form

        html = client.get(KSS_BGSW).content.decode()
        form = html[html.index('class="add-form"') : html.index("</form>", html.index('class="add-form"'))]
        assert '<input type="text" name="add" id="add-provider"' in form
        assert "All providers" not in form and 'value="nps-south-east-eastern"' in form
        response = client.get("/compare/", {"current": "kss-crc,bgsw-crc", "add": "london-crc"})
        assert response["Location"] == "/compare/kss-crc,bgsw-crc,london-crc/"

    def test_the_nav_links_to_the_builder(self, client, first_round):
        assert 'href="/compare/"' in client.get("/methodology/").content.decode()


KSS_NPS = "/compare/kss-crc,nps-south-east-eastern/"  # KSS and the NPS division of its area
BAD_ADDRESSES = [
    # (address, status, message, nearest valid comparison)
    ("/compare/kss-crc/", 400, "A comparison needs at least two providers.", KSS_NPS),
    ("/compare/kss-crc,kss-crc/", 400, "KSS CRC is listed more than once", KSS_NPS),
    ("/compare/kss-crc,bgsw-crc,kss-crc/", 400, "KSS CRC is listed more than once", KSS_BGSW),
    ("/compare/kss-crc,no-such-crc/", 404, "No provider has the address “no-such-crc”.", KSS_NPS),
    ("/compare/kss-crc,bgsw-crc,no-such-crc/", 404, "No provider has the address “no-such-crc”.", KSS_BGSW),
    ("/compare/kss-crc,,bgsw-crc/", 400, "The list has an empty entry", KSS_BGSW),
    ("/compare/kss-crc,bgsw-crc,hiow-crc,ddc-crc,wales-crc,london-crc,essex-crc/", 400,
     "7 providers are listed; a comparison shows at most 6",
     "/compare/kss-crc,bgsw-crc,hiow-crc,ddc-crc,wales-crc,london-crc/"),
    ("/compare/%3Cscript%3E,kss-crc,bgsw-crc/", 400, "“<script>” is not a provider address", KSS_BGSW),
    ("/compare/no-such-crc,other-crc/", 404, "No provider has the address “other-crc”.", None),
    ("/compare/,/", 400, "The list has an empty entry", None),
    ("/compare/" + "x," * 400 + "x/", 400, "This address is too long", None),
]  # fmt: skip


@pytest.mark.django_db
class TestBadAddresses:
    @pytest.fixture(autouse=True)
    def _data(self, first_round):
        pass

    @pytest.mark.parametrize(("address", "status", "message", "nearest"), BAD_ADDRESSES)
    def test_page_says_what_is_wrong_and_offers_the_nearest_comparison(self, client, address, status, message, nearest):
        response = client.get(address)
        assert response.status_code == status
        text = text_of(response)
        assert message in text
        assert "<script>," not in response.content.decode()  # escaped, never echoed as markup
        if nearest:
            assert f'The nearest comparison that works: <a href="{nearest}">' in response.content.decode()
            assert client.get(nearest).status_code == 200
        else:
            assert "The nearest comparison that works" not in text
        assert 'name="providers"' in response.content.decode()  # the builder, to put it right

    @pytest.mark.parametrize(("address", "status", "message", "nearest"), BAD_ADDRESSES)
    def test_data_twins_refuse_the_same_addresses(self, client, address, status, message, nearest):
        base = address.removesuffix("/")
        csv_response = client.get(f"{base}.csv")
        assert csv_response.status_code == status
        assert message in csv_response.content.decode()
        json_response = client.get(f"{base}.json")
        assert json_response.status_code == status
        body = json_response.json()
        assert any(message in error for error in body["errors"])
        assert body["nearest_valid_comparison"] == nearest
        assert json_response["Access-Control-Allow-Origin"] == "*"

    @pytest.mark.parametrize(
        "query",
        [{"providers": "kss-crc"}, {"providers": ["kss-crc", "nope"]}, {"current": "kss-crc", "add": "kss-crc"}],
    )
    def test_the_builder_refuses_with_the_same_page(self, client, query):
        response = client.get("/compare/", query)
        assert response.status_code in (400, 404)
        assert "The nearest comparison that works" in text_of(response)
        assert "checked" in response.content.decode()  # what was ticked stays ticked

    def test_bad_previews_are_not_found(self, client):
        assert client.get("/compare/kss-crc/preview.png").status_code == 404
        assert client.get("/compare/kss-crc,nope/preview.png").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("stored", [8, 120])
@pytest.mark.parametrize("compared", [2, 6])
def test_constant_queries_whatever_the_number_compared_or_stored(
    client, frameworks, django_assert_max_num_queries, stored, compared
):
    owner = make_owner("Seetec")
    providers = [make_provider(f"P{number:03d} CRC") for number in range(stored)]
    for provider in providers:
        make_inspection(provider, owner=owner, ratings=ALL_TEN_KSS)
    address = reverse("dashboard:compare", args=[",".join(provider.slug for provider in providers[:compared])])
    with django_assert_max_num_queries(23):
        assert client.get(address).status_code == 200
    base = address.removesuffix("/")
    for suffix in (".csv", ".json"):
        with django_assert_max_num_queries(23):
            assert client.get(base + suffix).status_code == 200


def test_area_neighbours_agree_with_the_map_areas():
    """Each CRC's police force areas lie inside those of the NPS division it is suggested with."""
    root = Path(__file__).resolve().parents[2]
    slugs = {row["provider_short_name"]: row["provider_slug"] for row in _fixture_providers(root)}
    areas = {}
    with (root / "fixtures" / "geo" / "provider_areas.csv").open(newline="", encoding="utf-8") as source:
        for row in csv.DictReader(source):
            areas.setdefault(slugs[row["provider_short_name"]], set()).add(row["pfa_name"])
    assert len(NPS_DIVISION_OF_CRC) == 21
    assert set(NPS_DIVISION_OF_CRC.values()) == {slug for slug in slugs.values() if slug.startswith("nps-")}
    for crc, division in NPS_DIVISION_OF_CRC.items():
        assert areas[crc] and areas[crc] <= areas[division], (crc, division)


def _fixture_providers(root):
    records = json.loads((root / "fixtures" / "first_round.json").read_text(encoding="utf-8"))
    return [
        {"provider_short_name": record["fields"]["short_name"], "provider_slug": record["fields"]["slug"]}
        for record in records
        if record["model"] == "providers.provider"
    ]


@pytest.mark.django_db
class TestRounds:
    @pytest.fixture(autouse=True)
    def _data(self, real_data):
        pass

    def test_by_default_each_provider_is_compared_on_its_latest_rated_inspection(self, client):
        response = client.get("/compare/thames-valley-crc,hiow-crc/")
        html = response.content.decode()

        assert response.status_code == 200
        overall = html.split("Overall rating</th>")[1].split("</tr>")[0]
        assert overall.count("rating--good") == 2
        assert "Derived, not quoted" in overall
        movement = html.split("Since previous inspection</th>")[1].split("</tr>")[0]
        assert "Improved" in movement
        assert "Later: 2020 part-inspection, not rated" in movement
        rows = client.get("/compare/thames-valley-crc,hiow-crc.json").json()
        assert [entry["latest_inspection"]["published"] for entry in rows["providers"]] == ["2020-01-21", "2019-05-08"]

    def test_a_round_compares_that_rounds_inspections(self, client):
        response = client.get("/compare/thames-valley-crc,hiow-crc,kss-crc/", {"round": "2018-19"})
        html = response.content.decode()

        overall = html.split("Overall rating</th>")[1].split("</tr>")[0]
        assert "Requires improvement" in overall and "Good" in overall
        second = client.get("/compare/thames-valley-crc,hiow-crc,kss-crc/", {"round": "2019-20"}).content.decode()
        overall = second.split("Overall rating</th>")[1].split("</tr>")[0]
        assert "rating--not-rated" in overall
        assert "Not inspected in this round" in overall
        assert '<option value="2019-20" selected>' in second
        assert 'href="/compare/thames-valley-crc,hiow-crc/?round=2019-20"' in second  # remove keeps the round

    def test_an_unknown_round_is_a_readable_400(self, client):
        response = client.get("/compare/thames-valley-crc,hiow-crc/", {"round": "1999-00"})

        assert response.status_code == 400
        assert "There is no inspection round '1999-00'" in html_module.unescape(response.content.decode())
        assert client.get("/compare/thames-valley-crc,hiow-crc.csv", {"round": "nope"}).status_code == 400
        assert client.get("/compare/thames-valley-crc,hiow-crc.json", {"round": "nope"}).status_code == 400

    def test_adding_a_provider_keeps_the_round(self, client):
        response = client.get("/compare/", {"current": "kss-crc,bgsw-crc", "add": "hiow-crc", "round": "2019-20"})

        assert response.status_code == 302
        assert response["Location"] == "/compare/kss-crc,bgsw-crc,hiow-crc/?round=2019-20"


@pytest.mark.django_db
class TestAnswerFirst:
    @pytest.fixture(autouse=True)
    def _data(self, real_data):
        pass

    def test_the_answer_comes_before_the_controls(self, client):
        html = client.get(KSS_BGSW).content.decode()

        answer = html.index('class="answer"')
        assert answer < html.index("Published rating on each standard") < html.index('id="controls-title"')
        # The controls follow all the evidence; the opening links to them.
        assert html.index('id="facts-title"') < html.index('id="controls-title"')
        assert '<a href="#controls-title">Change the comparison</a>' in html[: html.index('id="overview-title"')]
        assert html.index('class="answer"') < html.index('class="compare-basis"')  # the answer is the opening
        assert "in the order they were chosen" in tagless_text(client.get(KSS_BGSW))
        assert "this page's address" not in html

    def test_the_answer_names_who_is_rated_higher_on_each_differing_standard(self, client):
        answer = answer_of(client.get(KSS_BGSW))
        assert (
            "KSS CRC: Requires improvement (19 June 2019); BGSW CRC: Requires improvement (26 September 2019). "
            "Their recorded ratings differ on 3 standards: KSS CRC is rated higher on 2.2 Planning and 2.4 Reviewing; "
            "BGSW CRC on 4.2 Through the Gate."
        ) in answer
        reversed_order = answer_of(client.get("/compare/bgsw-crc,kss-crc/"))
        assert "BGSW CRC is rated higher on 4.2 Through the Gate; KSS CRC on 2.2 Planning and 2.4 Reviewing." in (
            reversed_order
        )
        # Three or more: who is highest, several providers together where they share the best rating.
        three = answer_of(client.get("/compare/kss-crc,bgsw-crc,dlnr-crc/"))
        assert "KSS CRC is rated highest on" in three

    def test_one_provider_with_standard_ratings_is_one_line(self, client):
        response = client.get("/compare/nps-london,thames-valley-crc/")
        text = text_of(response)
        assert "No standard ratings are recorded for any of them." in text
        assert "No provider compared has standard ratings recorded." in text
        assert "Published rating on each standard" not in response.content.decode()
        text = text_of(client.get("/compare/nps-london,nps-wales/"))
        assert "Only NPS Wales has standard ratings recorded, so no standard can be set side by side." in text
        assert "Only NPS Wales has standard ratings recorded, so there is nothing to compare them with" in text

    def test_standards_nobody_has_collapse_to_one_line(self, client):
        html = client.get("/compare/kss-crc,nps-wales/").content.decode()
        rows = rows_by_header(table(html, "Published rating on each standard"))

        assert rows["Not recorded for any of them"][0] == "3.1 Court reports and allocation, 3.2 Statutory victim work"
        assert "3.1 Court reports and allocation" not in rows


SIX = "/compare/kss-crc,bgsw-crc,nps-london,dlnr-crc,nps-wales,thames-valley-crc/"


@pytest.mark.django_db
def test_six_providers_with_gaps_are_a_dot_plot_of_those_with_data(client, real_data):
    figure = chart_figures(client.get(SIX))["chart-compare-standards-figure"]
    # NPS London and Thames Valley CRC have no standard rating recorded: no marker, but the legend names them.
    legend = [trace["name"] for trace in figure["data"] if trace.get("showlegend", True)]
    assert legend == [
        "KSS CRC", "BGSW CRC", "NPS London — no ratings recorded", "DLNR CRC", "NPS Wales",
        "Thames Valley CRC —<br>no ratings recorded",
    ]  # fmt: skip
    marked = [trace for trace in figure["data"] if trace["x"] and None not in trace["x"]]
    assert [trace["name"] for trace in marked] == ["KSS CRC", "BGSW CRC", "DLNR CRC", "NPS Wales"]
    traces = marked
    assert {trace["type"] for trace in traces} == {"scatter"}
    assert all(None not in trace["x"] for trace in traces)  # no empty slot kept for a missing value
    # Each provider keeps the colour and shape of its place in the address, as in the table's key.
    assert [trace["marker"]["color"] for trace in traces] == [theme.IDENTITY_COLOURS[index] for index in (0, 1, 3, 4)]
    assert len({trace["marker"]["symbol"] for trace in traces}) == 4
    # Rows nobody has a value for are left out; every row kept has at least one marker.
    rows = len(figure["layout"]["yaxis"]["tickvals"])
    marked = {round(y) for trace in traces for y in trace["y"]}
    assert marked == set(range(rows))
