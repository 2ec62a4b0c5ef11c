"""The .csv and .json twins of the provider, standard, owner and comparison pages."""

import csv
import io
import re

import pytest

from inspections.models import Inspection, KeyQuestionResult
from tests.factories import ALL_TEN_KSS, make_inspection, make_owner, make_provider
from tests.html_tables import rows_by_header, table, tables

NOT_RECORDED = "Not recorded"


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.getvalue().decode())))


def badge_text(cell):
    """A rating cell as the page shows it, less the discretion mark."""
    return cell.replace("◆", "").strip()


def as_shown(rating):
    return rating if rating else NOT_RECORDED


STANDARD_CODE = re.compile(r"\b\d\.\d\b")


def compared_standards(rows, index):
    """{code: rating} for the `index`th provider of a comparison's standards table, as the page shows it.

    A standard no provider has recorded sits in the one “Not recorded for any of them” row, which lists
    them all; a standard outside the provider's framework ("Not applicable") is left out.
    """
    shown = {}
    for label, cells in rows_by_header(rows).items():
        if label == "Not recorded for any of them":
            assert len(cells) == 1
            shown.update(dict.fromkeys(STANDARD_CODE.findall(cells[0]), NOT_RECORDED))
        else:
            shown[label.split(" ", 1)[0]] = badge_text(cells[index])
    return {code: rating for code, rating in shown.items() if rating != "Not applicable"}


def provider_page_standards(html):
    """{code: rating} of a provider page's latest inspection: the rows of its table of recorded ratings
    (less the domain headings), and the standards its one “Not recorded:” line lists."""
    rows = rows_by_header(table(html, "Standards of the"))
    shown = {label.split(" ", 1)[0]: badge_text(cells[0]) for label, cells in rows.items() if cells}
    lines = re.findall(r'<p class="not-recorded-line">Not recorded: (.*?)</p>', html, flags=re.S)
    assert len(lines) <= 1
    for line in lines:
        unrecorded = re.findall(r'<a href="/standards/([^/"]+)/">', line)
        assert unrecorded and not set(unrecorded) & set(shown)
        shown.update(dict.fromkeys(unrecorded, NOT_RECORDED))
    return shown


@pytest.mark.django_db
class TestComparisonAgreesWithItsTwinsAndTheProviderPages:
    @pytest.fixture(autouse=True)
    def _data(self, first_round):
        pass

    SLUGS = ["kss-crc", "bgsw-crc"]

    def test_standards_overall_and_scores_agree_everywhere(self, client):
        page = client.get("/compare/kss-crc,bgsw-crc/").content.decode()
        page_standards = table(page, "Published rating on each standard")
        page_overview = rows_by_header(table(page, "Latest rated inspection of each provider"))
        document = client.get("/compare/kss-crc,bgsw-crc.json").json()
        rows = csv_rows(client.get("/compare/kss-crc,bgsw-crc.csv"))
        assert [entry["slug"] for entry in document["providers"]] == self.SLUGS

        for index, slug in enumerate(self.SLUGS):
            latest = document["providers"][index]["latest_inspection"]
            from_json = {standard["code"]: as_shown(standard["rating"]) for standard in latest["standards"]}
            mine = [row for row in rows if row["provider_slug"] == slug]
            from_csv = {row["code"]: as_shown(row["value"]) for row in mine if row["section"] == "standard"}
            from_page = compared_standards(page_standards, index)
            from_provider_page = provider_page_standards(client.get(f"/providers/{slug}/").content.decode())
            provider_json = client.get(f"/providers/{slug}.json").json()["inspections"][0]
            from_provider_json = {s["code"]: as_shown(s["rating"]) for s in provider_json["standards"]}

            assert len(from_json) == 10
            assert from_json == from_csv == from_page == from_provider_page == from_provider_json

            inspection = {row["item"]: row["value"] for row in mine if row["section"] == "inspection"}
            assert inspection["overall_rating"] == latest["overall_rating"] == provider_json["overall_rating"]
            assert page_overview["Overall rating"][index] == latest["overall_rating"]
            assert inspection["score"] == ("" if latest["score"] is None else str(latest["score"]))
            assert latest["score"] == provider_json["score"]
            assert inspection["published"] == latest["published"] == provider_json["published"]

        assert document["providers"][0]["latest_inspection"]["score"] == 15
        differences = {row["code"]: row["difference"] for row in document["standards"]}
        assert differences["2.2"] == "differ" and differences["2.3"] == "same"
        assert {row["code"]: row["difference"] for row in rows if row["section"] == "standard"} == differences

    def test_a_section_only_one_provider_has_is_one_line_its_twins_agree_with(self, client):
        """In the real data only KSS CRC has key-question results: the page says so in one line, and
        its twins hold KSS CRC's 19 and none of BGSW CRC's."""
        page = client.get("/compare/kss-crc,bgsw-crc/").content.decode()
        assert not [
            caption
            for caption in (t["caption"] for t in tables(page))
            if caption.startswith("“% yes” for each key question")
        ]
        section = page[page.index('<h2 id="key-questions-title">') : page.index('<h2 id="facts-title">')]
        line = re.sub(r"<[^>]+>", "", re.search(r'<p class="section-summary">(.*?)</p>', section, flags=re.S)[1])
        assert line.startswith("Only KSS CRC has key-question results recorded")
        assert 'href="/providers/kss-crc/"' in section
        document = client.get("/compare/kss-crc,bgsw-crc.json").json()
        rows = csv_rows(client.get("/compare/kss-crc,bgsw-crc.csv"))
        kss, bgsw = (entry["latest_inspection"]["key_questions"] for entry in document["providers"])
        csv_slugs = [row["provider_slug"] for row in rows if row["section"] == "key_question"]
        assert len(kss) == csv_slugs.count("kss-crc") == 19
        assert bgsw == [] and "bgsw-crc" not in csv_slugs

    def test_key_questions_agree_everywhere(self, client):
        """Once BGSW CRC has results on some of KSS CRC's questions, each provider's column of the page
        agrees with the page's .csv and .json twins and with the provider's own page."""
        kss_inspection = Inspection.objects.filter(provider__slug="kss-crc").latest("published_on")
        bgsw_inspection = Inspection.objects.filter(provider__slug="bgsw-crc").latest("published_on")
        kss_results = list(kss_inspection.key_question_results.all())
        KeyQuestionResult.objects.bulk_create(  # every other question, some with their cases and some without
            KeyQuestionResult(
                inspection=bgsw_inspection,
                key_question=result.key_question,
                percent_yes=40 + number,
                cases_inspected=None if number % 4 else 90 + number,
            )
            for number, result in enumerate(kss_results)
            if number % 2 == 0
        )
        page = client.get("/compare/kss-crc,bgsw-crc/").content.decode()
        page_questions = rows_by_header(table(page, "“% yes” for each key question"))
        document = client.get("/compare/kss-crc,bgsw-crc.json").json()
        rows = csv_rows(client.get("/compare/kss-crc,bgsw-crc.csv"))
        assert len(page_questions) == len(kss_results) == 19

        recorded = {}
        for index, slug in enumerate(self.SLUGS):
            questions = document["providers"][index]["latest_inspection"]["key_questions"]
            provider_page = client.get(f"/providers/{slug}/").content.decode()
            provider_questions = rows_by_header(table(provider_page, "Key questions of the"))
            csv_questions = {
                row["code"]: row for row in rows if row["provider_slug"] == slug and row["section"] == "key_question"
            }
            assert len(questions) == len(csv_questions) == len(provider_questions)
            recorded[slug] = set()
            for question in questions:
                label = f"{question['code']} {question['text']}"
                recorded[slug].add(label)
                percent = f"{question['percent_yes']:g}%"
                assert page_questions[label][index].startswith(percent)
                assert provider_questions[label][0] == percent
                assert csv_questions[question["code"]]["value"] == f"{question['percent_yes']:g}"
                if question["cases_inspected"]:
                    assert f"{question['cases_inspected']} cases" in page_questions[label][index]
                    assert provider_questions[label][1] == str(question["cases_inspected"])
                    assert csv_questions[question["code"]]["cases"] == str(question["cases_inspected"])
                    assert csv_questions[question["code"]]["interval_low"] == f"{question['interval_95']['low']:g}"
            for label, cells in page_questions.items():
                if label not in recorded[slug]:
                    assert cells[index] == NOT_RECORDED

        assert len(recorded["kss-crc"]) == 19 and len(recorded["bgsw-crc"]) == 10

    def test_the_json_is_versioned_and_open_to_other_sites(self, client):
        response = client.get("/compare/kss-crc,bgsw-crc.json")
        assert response["Access-Control-Allow-Origin"] == "*"
        document = response.json()
        assert document["schema"] == "probation-league/comparison"
        assert document["version"] == 1
        assert document["url"] == "http://testserver/compare/kss-crc,bgsw-crc/"
        assert "Open Government Licence v3.0" in document["licence"]


@pytest.mark.django_db
class TestProviderStandardOwnerTwins:
    @pytest.fixture(autouse=True)
    def _data(self, first_round):
        pass

    def test_provider_twins(self, client):
        document = client.get("/providers/bgsw-crc.json").json()
        assert document["schema"] == "probation-league/provider" and document["version"] == 1
        assert document["provider"]["current_owner"] == {"name": "Seetec", "slug": "seetec"}
        assert [period["owner"]["slug"] for period in document["ownership"]] == ["working-links", "seetec"]
        assert document["ownership"][0]["to"] == "2019-02"
        assert document["league"]["rank_label"] == "=7th"
        rows = csv_rows(client.get("/providers/bgsw-crc.csv"))
        assert {row["item"]: row["value"] for row in rows if row["section"] == "provider"}["current_owner"] == "Seetec"
        assert "difference" not in rows[0]

    def test_standard_twins_list_the_page_rows(self, client):
        page = client.get("/standards/2.3/").content.decode()
        header, *rows = table(page, "Ratings on standard 2.3")
        page_rows = [row for row in rows if len(row) > 1]  # not the headings of each rating's rows
        provider, rating = header.index("Provider"), header.index("Rating")
        document = client.get("/standards/2.3.json").json()
        assert document["schema"] == "probation-league/standard"
        assert document["standard"]["name"] == "Implementation and delivery"
        from_json = {entry["provider"]["short_name"]: as_shown(entry["rating"]) for entry in document["providers"]}
        from_page = {row[provider]: badge_text(row[rating]) for row in page_rows}
        from_csv = {row["provider"]: as_shown(row["rating"]) for row in csv_rows(client.get("/standards/2.3.csv"))}
        assert len(from_json) == 28
        assert from_json == from_page == from_csv
        assert from_json["KSS CRC"] == "Inadequate"
        kss = next(row for row in csv_rows(client.get("/standards/2.3.csv")) if row["provider_slug"] == "kss-crc")
        assert kss["2.3.1 percent_yes"] != ""

    def test_owner_twins_list_the_owners_inspections(self, client):
        page = client.get("/owners/seetec/").content.decode()
        header, *rows = table(page, "Inspections of providers owned by Seetec")
        provider = header.index("Provider")
        page_providers = [row[provider] for row in rows if len(row) > 1]  # not the bands' headings
        document = client.get("/owners/seetec.json").json()
        assert document["schema"] == "probation-league/owner"
        json_providers = [row["provider"]["short_name"] for row in document["rows"]]
        csv_providers = [row["provider"] for row in csv_rows(client.get("/owners/seetec.csv"))]
        assert json_providers == csv_providers == page_providers
        # DDC CRC was inspected under Working Links, before Seetec took it over.
        assert sorted(json_providers) == ["BGSW CRC", "KSS CRC", "Wales CRC"]

    @pytest.mark.parametrize(
        "address", ["/providers/no-such-crc.json", "/providers/no-such-crc.csv", "/standards/9.9.json",
                    "/owners/nobody.csv", "/providers/kss-crc.xml", "/data/nothing.csv"]
    )  # fmt: skip
    def test_unknown_addresses_are_not_found(self, client, address):
        assert client.get(address).status_code == 404

    def test_suffixes_do_not_clash_with_pages(self, client):
        assert client.get("/providers/kss-crc/")["Content-Type"].startswith("text/html")
        assert client.get("/providers/kss-crc.json")["Content-Type"] == "application/json"
        assert client.get("/standards/2.3/")["Content-Type"].startswith("text/html")
        assert client.get("/standards/2.3.csv")["Content-Type"].startswith("text/csv")


@pytest.mark.django_db
@pytest.mark.parametrize("providers", [6, 120])
@pytest.mark.parametrize(
    "address",
    ["/providers/p000-crc.json", "/providers/p000-crc.csv", "/standards/2.3.json", "/standards/2.3.csv",
     "/owners/seetec.json", "/owners/seetec.csv", "/data/probation-league.json", "/data/inspections.csv",
     "/data/key-questions.csv", "/data/", "/feeds/inspections.atom", "/providers/p000-crc/preview.png",
     "/providers/p000-crc/badge.svg", "/compare/p000-crc,p001-crc/preview.png", "/embed/league/",
     "/embed/?provider=p001-crc", "/compare/"],
)  # fmt: skip
def test_constant_queries_as_data_grows(client, frameworks, django_assert_max_num_queries, providers, address):
    owner = make_owner("Seetec")
    for number in range(providers):
        make_inspection(make_provider(f"P{number:03d} CRC"), owner=owner, ratings=ALL_TEN_KSS)
    with django_assert_max_num_queries(25):
        response = client.get(address)
        assert response.status_code == 200
        response.getvalue()  # a streamed download reads the database as it is written
