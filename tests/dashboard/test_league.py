import csv
import io
import json
import re

import pytest
from django.urls import reverse

from inspections.models import Inspection
from inspections.services.inputs import inspection_input
from inspections.services.inspections import replace_inspection
from tests.factories import ALL_TEN_KSS, make_inspection, make_owner, make_provider

LEAGUE = reverse("dashboard:league")
LEAGUE_CSV = reverse("dashboard:league-csv")
LEAGUE_JSON = reverse("dashboard:league-json")


def html_provider_order(response):
    """Provider slugs of the rendered table rows, top to bottom."""
    html = response.content.decode()
    return [chunk.split('"', 1)[0] for chunk in html.split('data-provider="')[1:]]


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.getvalue().decode())))


@pytest.mark.django_db
class TestRealData:
    @pytest.fixture(autouse=True)
    def _data(self, first_round):
        pass

    def test_shows_all_28_first_round_inspections(self, client):
        response = client.get(LEAGUE)
        assert response.status_code == 200
        assert len(html_provider_order(response)) == 28
        assert "Showing 28 of 28 providers." in response.content.decode()

    def test_ranks_by_band_with_joint_ranks(self, client):
        rows = {row["provider"]: row for row in csv_rows(client.get(LEAGUE_CSV))}
        place = {name: (row["rank"], row["rank_is_joint"]) for name, row in rows.items()}
        assert place["HIOW CRC"] == ("1", "true")
        assert place["NPS Wales"] == ("1", "true")
        # 6 Good rows (HIOW and five NPS divisions), then 21 Requires improvement.
        assert place["KSS CRC"] == ("7", "true")
        assert place["Merseyside CRC"] == ("7", "true")
        assert place["DDC CRC"] == ("28", "false")

    def test_score_only_when_all_ten_standards_are_known(self, client):
        rows = {row["provider"]: row for row in csv_rows(client.get(LEAGUE_CSV))}
        assert rows["KSS CRC"]["score"] == "15"
        assert rows["KSS CRC"]["standards_recorded"] == "10"
        assert rows["HIOW CRC"]["score"] == ""
        assert rows["Merseyside CRC"]["standards_recorded"] == "0"
        assert rows["Merseyside CRC"]["2.3 Implementation and delivery"] == ""
        html = client.get(LEAGUE).content.decode()
        assert 'No score<span class="visually-hidden">: not all 10 standards recorded' in html
        assert "Not recorded" in html

    def test_unknown_dates_keep_their_precision(self, client):
        rows = {row["provider"]: row for row in csv_rows(client.get(LEAGUE_CSV))}
        assert rows["Thames Valley CRC"]["published"] == "2018"
        assert rows["DLNR CRC"]["published"] == "2019-01"
        assert rows["KSS CRC"]["published"] == "2019-06-19"

    def test_filter_to_seetec_crcs(self, client):
        response = client.get(LEAGUE, {"type": "crc", "owner": "seetec"})
        assert sorted(html_provider_order(response)) == ["bgsw-crc", "kss-crc", "wales-crc"]
        # Ranks stay those of the whole CRC league.
        rows = csv_rows(client.get(LEAGUE_CSV, {"type": "crc", "owner": "seetec"}))
        assert {(row["rank"], row["rank_is_joint"]) for row in rows} == {("2", "true")}

    def test_filter_by_overall_rating(self, client):
        response = client.get(LEAGUE, {"rating": "inadequate"})
        assert html_provider_order(response) == ["ddc-crc"]

    @pytest.mark.parametrize(
        "query",
        [
            {},
            {"sort": "-score"},
            {"sort": "published"},
            {"sort": "-standard7"},
            {"type": "nps", "sort": "provider"},
            {"owner": "seetec", "sort": "-published"},
            {"rating": "good", "sort": "-overall"},
        ],
    )
    def test_exports_hold_exactly_the_rows_shown(self, client, query):
        shown = html_provider_order(client.get(LEAGUE, query))
        assert [row["provider_slug"] for row in csv_rows(client.get(LEAGUE_CSV, query))] == shown
        document = json.loads(client.get(LEAGUE_JSON, query).getvalue())
        assert [row["provider"]["slug"] for row in document["rows"]] == shown
        assert document["version"] == 1

    def test_sorting_by_score_puts_the_known_score_first(self, client):
        assert html_provider_order(client.get(LEAGUE, {"sort": "-score"}))[0] == "kss-crc"

    def test_sorted_column_is_marked_for_assistive_technology(self, client):
        html = client.get(LEAGUE, {"sort": "-score"}).content.decode()
        assert 'aria-sort="descending"' in html
        assert '<th scope="row"' in html
        assert "How to read this table" in html
        assert "Data last changed" in html

    def test_json_is_open_to_other_sites(self, client):
        response = client.get(LEAGUE_JSON)
        assert response["Access-Control-Allow-Origin"] == "*"
        kss = next(row for row in json.loads(response.getvalue())["rows"] if row["provider"]["slug"] == "kss-crc")
        assert kss["score"] == 15
        assert [standard["rating"] for standard in kss["standards"]][6] == "Inadequate"


@pytest.mark.django_db
class TestBadInput:
    @pytest.fixture(autouse=True)
    def _data(self, first_round):
        pass

    @pytest.mark.parametrize(
        "query",
        [
            {"owner": "acme"},
            {"type": "prison"},
            {"rating": "poor"},
            {"round": "1999-00"},
            {"owner": "x" * 5000},
        ],
    )
    def test_unknown_filter_values_are_a_readable_400(self, client, query):
        response = client.get(LEAGUE, query)
        assert response.status_code == 400
        assert "Some filters were not understood" in response.content.decode()
        assert client.get(LEAGUE_CSV, query).status_code == 400
        assert client.get(LEAGUE_JSON, query).status_code == 400

    def test_a_junk_value_costs_no_ranking(self, client, django_assert_max_num_queries):
        with django_assert_max_num_queries(4):  # the filters' choices only: no inspection is read
            response = client.get(LEAGUE, {"owner": "junk123"})
        html = response.content.decode()

        assert response.status_code == 400
        assert "Owner at inspection: there is no choice" in html
        assert "league-table" not in html
        assert 'href="/"' in html

    @pytest.mark.parametrize(
        "query_string",
        [
            "sort=nonsense",
            "sort=-",
            "sort=provider,owner;drop",
            "utm_source=x&page=abc",
            "type=crc&type=nps",
            "%ZZ=%ZZ",
            "&&&==",
        ],
    )
    def test_junk_query_strings_give_a_normal_page(self, client, query_string):
        response = client.get(f"{LEAGUE}?{query_string}")
        assert response.status_code == 200
        assert len(html_provider_order(response)) > 0
        assert client.get(f"{LEAGUE_CSV}?{query_string}").status_code == 200


@pytest.mark.django_db
class TestQueryCounts:
    def make_providers(self, count):
        seetec = make_owner("Seetec")
        for number in range(count):
            provider = make_provider(f"Provider {number:04d} CRC")
            make_inspection(provider, owner=seetec, ratings=ALL_TEN_KSS if number % 3 == 0 else {"1.1": "Good"})

    @pytest.mark.parametrize("providers", [28, 500])
    @pytest.mark.parametrize("url", [LEAGUE, LEAGUE_CSV, LEAGUE_JSON])
    def test_constant_number_of_queries(self, client, frameworks, django_assert_max_num_queries, providers, url):
        self.make_providers(providers)
        with django_assert_max_num_queries(17):
            response = client.get(url, {"type": "crc", "owner": "seetec", "sort": "-score"})
        assert response.status_code == 200

    def test_the_real_data_too(self, client, first_round, django_assert_max_num_queries):
        with django_assert_max_num_queries(17):
            assert client.get(LEAGUE).status_code == 200


@pytest.mark.django_db
class TestFreshness:
    def test_a_saved_change_shows_at_once(self, client, frameworks, django_capture_on_commit_callbacks):
        provider = make_provider("KSS CRC")
        inspection = make_inspection(provider, ratings={code: r for code, r in ALL_TEN_KSS.items() if code != "2.3"})
        html = client.get(LEAGUE).content.decode()
        assert 'No score<span class="visually-hidden">: not all 10 standards recorded' in html
        data = inspection_input(inspection)
        data.ratings["2.3"] = "Inadequate"
        with django_capture_on_commit_callbacks(execute=True):
            replace_inspection(inspection, data)
        assert "<strong>15</strong>" in client.get(LEAGUE).content.decode()

    def test_repeat_visits_are_served_from_the_cache(self, client, frameworks, django_assert_num_queries):
        make_inspection(make_provider())
        client.get(LEAGUE)
        with django_assert_num_queries(0):
            assert client.get(LEAGUE).status_code == 200

    def test_an_inspection_without_overall_rating_is_listed_unranked(self, client, frameworks):
        make_inspection(make_provider("Later CRC"), overall_rating="")
        html = client.get(LEAGUE).content.decode()
        assert "Overall rating not recorded, so not ranked" in html
        assert "Not ranked: overall rating not recorded" in client.get(LEAGUE, {"sort": "provider"}).content.decode()
        assert Inspection.objects.count() == 1


@pytest.mark.django_db
def test_names_in_the_table_are_escaped(client, frameworks):
    make_inspection(make_provider("A<b> CRC"), owner=make_owner("Smith & <Jones>"))
    html = client.get(LEAGUE).content.decode()

    assert 'A&lt;b&gt; <abbr title="Community Rehabilitation Company">CRC</abbr></a>' in html
    assert "Smith &amp; &lt;Jones&gt;</span></td>" in html
    assert "<Jones>" not in html and "<b>" not in html


@pytest.mark.django_db
class TestReading:
    @pytest.fixture(autouse=True)
    def _data(self, real_data):
        pass

    @pytest.mark.parametrize("sort", ["standard3", "-standard3", "score", "-score", "movement", "-movement"])
    def test_not_recorded_sorts_last_in_both_directions(self, client, sort):
        rows = csv_rows(client.get(LEAGUE_CSV, {"sort": sort}))
        column = {
            "standard3": "1.3 Services",
            "score": "score",
            "movement": "movement",
        }[sort.lstrip("-")]
        values = [row[column] for row in rows]

        recorded = [value for value in values if value]
        assert recorded, values
        assert values == recorded + [""] * (len(values) - len(recorded))

    def test_each_row_has_one_link_besides_its_compare_box(self, client):
        html = client.get(LEAGUE).content.decode()
        rows = html.split("data-provider=")[1:]

        assert len(rows) == 28
        for row in rows:
            row = row.split("</tr>")[0]
            # The provider's page, besides the rating badges' links to their definitions.
            assert row.count("<a ") - row.count('<a class="rating-link"') == 1, row
            assert row.count('type="checkbox"') == 1

    def test_each_cell_names_its_column_for_a_phone_card(self, client):
        html = client.get(LEAGUE).content.decode()
        row = html.split('data-provider="kss-crc"')[1].split("</tr>")[0]
        labels = re.findall(r'data-label="([^"]*)"', row)

        assert labels == [
            "Compare",
            "Provider",
            "Type",
            "Owner at inspection",
            "Published",
            "Overall rating",
            "Since previous inspection",
            "Score (of 30)",
            "Standards recorded",
        ]
        assert '<th scope="row" class="col-provider" data-label="Provider">' in row

    def test_the_standards_view_names_each_standard_for_a_phone_card(self, client):
        html = client.get(LEAGUE, {"view": "standards"}).content.decode()
        row = html.split('data-provider="kss-crc"')[1].split("</tr>")[0]
        labels = re.findall(r'data-label="([^"]*)"', row)

        assert labels[:4] == ["Compare", "Provider", "Overall rating", "Score (of 30)"]
        assert len(labels) == 15 and labels[4] == "1.1 Leadership" and labels[-1] == "Standards recorded"

    def test_a_phone_card_leaves_out_unrecorded_standards_and_says_how_many(self, client):
        html = client.get(LEAGUE, {"view": "standards"}).content.decode()
        row = html.split('data-provider="dtv-crc"')[1].split("</tr>")[0]

        assert row.count("is-not-recorded") == 10  # nine standards and the score
        assert "1 of 10" in row and "9 not recorded" in row

    def test_the_page_offers_a_skip_link_to_its_results(self, client):
        html = client.get(LEAGUE).content.decode()

        assert '<a class="skip-link" href="#league-results">Skip to the results</a>' in html
        assert 'id="league-results"' in html


@pytest.mark.django_db
class TestPages:
    @pytest.fixture(autouse=True)
    def _providers(self, frameworks):
        for number in range(60):
            rating = "Good" if number % 2 else "Requires improvement"
            make_inspection(make_provider(f"Provider {number:02d} CRC"), overall_rating=rating)

    def test_the_first_page_shows_fifty_rows_and_says_so(self, client):
        html = client.get(LEAGUE).content.decode()
        assert len(html_provider_order(client.get(LEAGUE))) == 50
        assert "Page 1 of 2: rows 1–50 of 60." in html
        assert 'rel="next"' in html

    def test_the_second_page_continues_in_rank_order(self, client):
        first = html_provider_order(client.get(LEAGUE))
        second = html_provider_order(client.get(f"{LEAGUE}?page=2"))
        assert len(second) == 10
        assert not set(first) & set(second)
        # 30 Good rows rank first, then the 30 rated Requires improvement.
        assert first[:30] == [f"provider-{number:02d}-crc" for number in range(1, 60, 2)]
        assert second == [f"provider-{number:02d}-crc" for number in range(40, 60, 2)]

    def test_ranks_do_not_restart_on_a_later_page(self, client):
        html = client.get(f"{LEAGUE}?page=2").content.decode()
        assert "— 30 providers, joint 31st" in re.sub(r"<[^>]+>", "", html)
        assert "joint 1st" not in html

    def test_sorting_and_paging_combine(self, client):
        rows = html_provider_order(client.get(f"{LEAGUE}?sort=-provider&page=2"))
        assert rows == [f"provider-{number:02d}-crc" for number in range(9, -1, -1)]

    def test_a_later_page_costs_the_queries_of_the_first(self, client, django_assert_num_queries):
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as first:
            client.get(f"{LEAGUE}?sort=-owner")
        cache.clear()
        with django_assert_num_queries(len(first)):
            client.get(f"{LEAGUE}?page=2&sort=-owner")

    def test_a_page_past_the_last_is_a_404_that_says_so(self, client):
        response = client.get(f"{LEAGUE}?page=3")
        assert response.status_code == 404
        assert "There is no page “3” of the league table" in response.content.decode()

    @pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "٣"])
    def test_a_page_that_is_not_a_number_from_one_is_the_first(self, client, page):
        response = client.get(f"{LEAGUE}?page={page}")
        assert response.status_code == 200
        assert len(html_provider_order(response)) == 50

    def test_the_exports_return_every_row_whatever_the_page(self, client):
        assert len(csv_rows(client.get(f"{LEAGUE_CSV}?page=2"))) == 60
        assert len(json.loads(client.get(f"{LEAGUE_JSON}?page=2").getvalue())["rows"]) == 60


@pytest.mark.django_db
def test_sixty_providers_of_one_owner_page_on_the_owner_page(client, frameworks):
    owner = make_owner("Big Owner")
    for number in range(60):
        make_inspection(make_provider(f"Provider {number:02d} CRC"), owner=owner)
    url = reverse("dashboard:owner", args=[owner.slug])
    assert len(html_provider_order(client.get(url))) == 50
    assert len(html_provider_order(client.get(f"{url}?page=2"))) == 10
    assert client.get(f"{url}?page=3").status_code == 404


def test_every_slice_in_rank_order_is_the_slice_of_the_whole_order(frameworks):
    """A slice in rank order sorts only the rank groups it falls in; it must be what sorting every row gives."""
    from dashboard.filters import LeagueFilterSet
    from dashboard.selectors.league import league

    scores = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    owner = make_owner("Half Of Them")
    for number in range(24):
        ratings = dict(ALL_TEN_KSS)
        ratings["2.3"] = scores[number % 4]  # Good rows all scored, at several scores
        if number % 3 == 0:
            overall = "Good"
        elif number % 3 == 1:
            overall = "Requires improvement"
            if number % 2:
                del ratings["1.1"]  # a band with a row that has no score groups as one
        else:
            overall = "" if number % 2 else "Not rated"
        make_inspection(
            make_provider(f"Provider {number:02d} CRC"),
            overall_rating=overall,
            ratings=ratings,
            owner=owner if number % 5 < 3 else None,
        )
    # The whole league, and one narrowed to an owner (ranked among all, counted apart).
    for query, length in (({}, 24), ({"owner": "half-of-them"}, 15)):
        rows = league(LeagueFilterSet(query)).rows
        assert rows.ranking.fully_scored_bands == {"Good"}
        whole = [row.inspection_id for row in rows[0 : len(rows)]]
        assert len(whole) == length
        assert whole == list(rows._ordered().values_list("id", flat=True))
        for size in (1, 5, 7):
            for start in range(0, len(rows)):
                assert [row.inspection_id for row in rows[start : start + size]] == whole[start : start + size]


def text_of(response):
    """The page's text as a reader sees it, visually hidden text included, tags removed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.django_db
class TestAnswerFirst:
    @pytest.fixture(autouse=True)
    def _data(self, real_data):
        pass

    def test_the_league_opens_with_what_the_rows_say_and_how_much_is_known(self, client):
        html = client.get(LEAGUE).content.decode()
        answer = html.split('<div class="league-answer">')[1].split("</div>")[0]

        assert "8 providers were rated Good, 19 Requires improvement, 1 Inadequate (DDC CRC)." in answer
        assert "Standard ratings are known for 50 of 280." in answer
        assert "Only 1 provider has all 10, and so a score." in answer
        assert "19 of 28 share one band, Requires improvement, so a rank says little on its own" in answer
        # Before the filters and the table, not inside a disclosure.
        assert html.index("league-answer") < html.index("<details") < html.index('id="league-table"')

    def test_the_summary_follows_the_filters(self, client):
        html = client.get(LEAGUE, {"owner": "seetec"}).content.decode()
        known = sum(int(row["standards_recorded"]) for row in csv_rows(client.get(LEAGUE_CSV, {"owner": "seetec"})))
        assert "3 providers were rated Requires improvement." in html
        assert f"Standard ratings are known for {known} of 30." in html

    def test_rows_are_grouped_under_their_band_with_its_rank(self, client):
        text = text_of(client.get(LEAGUE))
        assert "Good — 8 providers, joint 1st" in text
        assert "Requires improvement — 19 providers, joint 9th" in text
        assert "Inadequate — 1 provider, 28th" in text
        html = client.get(LEAGUE).content.decode()
        assert html.count('scope="rowgroup"') == 3
        assert '<th scope="col" class="orderable"><a href="?sort=rank"' not in html  # no column of ranks
        assert html.count("<tbody>") == 3

    def test_a_joint_rank_is_read_as_joint(self, client):
        grouped = client.get(LEAGUE).content.decode()
        assert '<span class="visually-hidden">, ranked joint 1st</span>' in grouped
        by_name = client.get(LEAGUE, {"sort": "provider"}).content.decode()
        joint = '<span aria-hidden="true" title="Joint 1st">=1st</span><span class="visually-hidden">Joint 1st</span>'
        assert joint in by_name
        assert "band-heading" not in by_name

    def test_a_standard_page_opens_with_its_answer_and_groups_its_rows(self, client):
        response = client.get("/standards/2.3/")
        text = text_of(response)
        entries = [row for row in csv_rows(client.get("/standards/2.3.csv")) if row["rating"]]
        assert f"Ratings are known for {len(entries)} of 28 providers" in text
        assert "Inadequate — 6 providers, joint 3rd of 8 recorded" in text
        assert "Not recorded — 20 providers" in text
        assert response.content.decode().count('scope="rowgroup"') == 3

    def test_no_header_cell_repeats_its_scope(self, client):
        for query in ({}, {"view": "standards"}, {"sort": "-score"}):
            html = client.get(LEAGUE, query).content.decode()
            assert not re.search(r"<th[^>]*scope=[^>]*scope=", html)


@pytest.mark.django_db
class TestSparseSorts:
    @pytest.fixture(autouse=True)
    def _data(self, real_data):
        pass

    RANK_ORDER = ["dtv-crc", "hiow-crc", "nps-midlands"]  # the first rows in rank order, by name within a band

    @pytest.mark.parametrize("sort", ["-score", "score"])
    def test_the_one_score_comes_first_then_the_rest_best_first(self, client, sort):
        response = client.get(LEAGUE, {"sort": sort})
        order = html_provider_order(response)
        assert order[0] == "kss-crc"
        assert order[1:4] == self.RANK_ORDER
        assert order[-1] == "ddc-crc"
        text = text_of(response)
        direction = "highest first" if sort.startswith("-") else "lowest first"
        assert f"Sorted by score (of 30), {direction}." in text
        assert "Only 1 of 28 providers has a score. It comes first; the other 27 follow in rank order" in text

    @pytest.mark.parametrize("sort", ["-standard7", "standard7"])
    def test_a_standard_column_lists_its_recorded_ratings_then_the_rest_in_rank_order(self, client, sort):
        rows = csv_rows(client.get(LEAGUE_CSV, {"sort": sort}))
        column = "2.3 Implementation and delivery"
        recorded = [row for row in rows if row[column]]
        rest = [row for row in rows if not row[column]]
        assert rows == recorded + rest
        assert [int(row["rank"]) for row in rest] == sorted(int(row["rank"]) for row in rest)
        page = client.get(LEAGUE, {"sort": sort})
        assert html_provider_order(page) == [row["provider_slug"] for row in rows]
        assert f"Only {len(recorded)} of 28 providers have a rating recorded on 2.3 Implementation" in text_of(page)

    def test_the_default_order_names_no_sort(self, client):
        assert "Sorted by" not in text_of(client.get(LEAGUE))


@pytest.mark.django_db
class TestViews:
    @pytest.fixture(autouse=True)
    def _data(self, real_data):
        pass

    def test_the_overview_leaves_the_standards_one_choice_away(self, client):
        html = client.get(LEAGUE).content.decode()
        assert "col-standard" not in html
        assert '<a href="/?view=standards">Standards</a>' in html
        standards = client.get(LEAGUE, {"view": "standards"}).content.decode()
        assert standards.count('<th scope="col" class="col-standard') == 10
        assert 'data-label="Since previous inspection"' not in standards
        assert '<a href="/?view=standards" aria-current="true">Standards</a>' in standards

    def test_an_address_sorted_by_a_standard_keeps_its_meaning(self, client):
        response = client.get(LEAGUE, {"sort": "-standard7"})
        assert response.status_code == 200
        assert 'aria-sort="descending"' in response.content.decode()

    def test_an_unknown_view_is_a_readable_400(self, client, django_assert_max_num_queries):
        with django_assert_max_num_queries(4):
            response = client.get(LEAGUE, {"view": "everything"})
        assert response.status_code == 400
        assert "Columns shown: there is no choice &#x27;everything&#x27;." in response.content.decode()

    def test_the_filters_fold_behind_one_button(self, client):
        html = client.get(LEAGUE).content.decode()
        assert '<details class="filters-fold">' in html
        assert '<span class="filters-fold__label">Filter</span>' in html
        problem = client.get(LEAGUE, {"owner": "nobody"}).content.decode()
        assert '<details class="filters-fold" open>' in problem

    def test_the_compare_bar_counts_up_to_six(self, client):
        html = client.get(LEAGUE).content.decode()
        assert 'data-max-ticks="6"' in html
        assert 'id="compare-ticks-count"' in html
