"""The whole dataset of /data/: a JSON document and four CSV tables, streamed as the inspections are read."""

import hashlib
import json

import pytest

from dashboard.selectors import dataset
from inspections.models import ContextualFact, Inspection, KeyQuestionResult
from tests.dashboard.exports.downloads import add_inspections, queries_to_download
from tests.dashboard.exports.test_open_data import csv_rows
from tests.dashboard.test_providers import text_of
from tests.factories import ALL_TEN_KSS

DOWNLOADS = [
    "/data/probation-league.json",
    "/data/inspections.csv",
    "/data/key-questions.csv",
    "/data/facts.csv",
    "/data/sources.csv",
]


@pytest.mark.django_db
class TestWholeDataset:
    @pytest.fixture(autouse=True)
    def _data(self, first_round):
        pass

    def test_json_has_every_inspection_in_full(self, client):
        response = client.get("/data/probation-league.json")
        assert response["Access-Control-Allow-Origin"] == "*"
        document = json.loads(response.getvalue())
        assert document["schema"] == "probation-league/dataset" and document["version"] == 1
        assert len(document["inspections"]) == Inspection.objects.count() == 28
        assert len(document["providers"]) == 28
        assert {framework["slug"] for framework in document["frameworks"]} == {"crc-2018", "nps-2018"}
        kss = next(inspection for inspection in document["inspections"] if inspection["provider"] == "kss-crc")
        assert kss["score"] == 15 and len(kss["key_questions"]) == 19

    def test_csvs_have_a_row_per_inspection_result_and_fact(self, client):
        inspections = csv_rows(client.get("/data/inspections.csv"))
        assert len(inspections) == 28
        kss = next(row for row in inspections if row["provider_slug"] == "kss-crc")
        assert {code: kss[code] for code in ALL_TEN_KSS} == ALL_TEN_KSS
        assert kss["3.1"] == "n/a"
        merseyside = next(row for row in inspections if row["provider_slug"] == "merseyside-crc")
        assert merseyside["2.3"] == ""
        assert len(csv_rows(client.get("/data/key-questions.csv"))) == KeyQuestionResult.objects.count()
        assert len(csv_rows(client.get("/data/facts.csv"))) == ContextualFact.objects.count()
        assert any("russellwebster.com" in row["url"] for row in csv_rows(client.get("/data/sources.csv")))

    def test_data_page_links_downloads_licence_and_sources(self, client):
        response = client.get("/data/")
        html = response.content.decode()
        for address in ("/data/probation-league.json", "/data/inspections.csv", "/data/key-questions.csv",
                        "/data/facts.csv", "/data/sources.csv", "/data/SOURCES.md", "/data/open-data.md",
                        "/feeds/inspections.atom", "/embed/"):  # fmt: skip
            assert f'href="{address}"' in html
            assert client.get(address).status_code == 200, address
        text = text_of(response)
        assert "Open Government Licence v3.0" in text
        assert "CRCs and NPS divisions, 2018–20: 28 inspections of 28 providers" in text
        assert "Every value in" in client.get("/data/SOURCES.md").content.decode()
        assert "probation-league/comparison" in client.get("/data/open-data.md").content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("streamed_exports")
class TestStreaming:
    @pytest.fixture(autouse=True)
    def _data(self, real_data):
        pass

    @pytest.mark.parametrize(
        ("address", "sha256"),
        [
            ("/data/probation-league.json", "f927910bbc7d5fdf9bc51cb2ff31e6a63396714d88e7c4fe73e9240c980346f6"),
            ("/data/inspections.csv", "e266633e82cd4a647f163ffca7dcfb4dba352cbe134827e75e453d1a22db36dc"),
            ("/data/key-questions.csv", "cb8cb0b0a88804c5b9a4173703f9e71aec978824fa9b08c91f051d94b11e2863"),
            ("/data/facts.csv", "e96de34eb10a531fb7af7daf1c7bf1a23b9fa98c434914387574211df9f25a5b"),
            ("/data/sources.csv", "865a826aa67d263753d11e368b22f0df47c43b2db0d49cd82234aa04722ec234"),
        ],
    )
    def test_each_download_is_streamed_byte_for_byte_as_it_was_served_whole(self, client, address, sha256):
        response = client.get(address)
        assert response.streaming
        assert hashlib.sha256(response.getvalue()).hexdigest() == sha256

    @pytest.mark.parametrize("address", DOWNLOADS)
    def test_downloads_keep_their_headers(self, client, address):
        response = client.get(address)
        assert response["Access-Control-Allow-Origin"] == "*"
        assert {"public", "max-age=60", "s-maxage=10"} <= {
            part.strip() for part in response["Cache-Control"].split(",")
        }
        if address.endswith(".csv"):
            assert response["Content-Type"] == "text/csv; charset=utf-8"
            assert response["Content-Disposition"] == f'attachment; filename="{address.removeprefix("/data/")}"'
        else:
            assert response["Content-Type"] == "application/json"

    @pytest.mark.parametrize("address", DOWNLOADS)
    def test_chunks_join_into_the_same_download(self, client, monkeypatch, address):
        whole = client.get(address).getvalue()
        monkeypatch.setattr(dataset, "CHUNK_SIZE", 3)
        assert client.get(address).getvalue() == whole

    @pytest.mark.parametrize("address", DOWNLOADS)
    def test_queries_do_not_grow_with_more_inspections(self, client, address):
        before = queries_to_download(client, address)
        add_inspections(batch=1)
        assert queries_to_download(client, address) == before

    def test_queries_grow_only_with_the_number_of_chunks(self, client, monkeypatch):
        monkeypatch.setattr(dataset, "CHUNK_SIZE", 10)
        per_four_chunks = queries_to_download(client, "/data/inspections.csv")  # 38 inspections
        add_inspections(batch=1, count=1)  # 40 inspections: still four chunks
        assert queries_to_download(client, "/data/inspections.csv") == per_four_chunks

    def test_the_json_stays_one_document(self, client):
        document = json.loads(client.get("/data/probation-league.json").getvalue())
        assert len(document["inspections"]) == Inspection.objects.count() == 38
        assert len(document["providers"]) == 28


@pytest.mark.django_db
class TestBothEras:
    @pytest.fixture(autouse=True)
    def _data(self, both_eras):
        pass

    def test_each_unnumbered_standard_has_its_own_column_and_derived_values_are_flagged(self, client):
        body = client.get("/data/inspections.csv").getvalue().decode()
        header = body.splitlines()[0].split(",")
        assert "" not in header and len(header) == len(set(header))
        assert header[13:25] == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "4.1", "4.2"]
        assert {"pdu-2021:court-work", "pdu-2023:leadership", "region-2023:public-protection"} <= set(header)
        assert header[-7:] == [
            "published_derived",
            "inspection_number_for_unit",
            "points_stated",
            "standards_derived",
            "derived_values",
            "inspection_number_derived",
            "region_slug",
        ]
        rows = csv_rows(client.get("/data/inspections.csv"))
        assert len(rows) == Inspection.objects.count() == 129

        hammersmith = next(row for row in rows if row["provider_slug"].startswith("hammersmith-fulham"))
        assert hammersmith["points_stated"] == "0/27"
        assert hammersmith["pdu-2021:leadership"] == "Inadequate"
        assert hammersmith["pdu-2023:leadership"] == "n/a"  # not in its framework
        assert hammersmith["standards_derived"].count("pdu-2021:") == 9
        assert hammersmith["score"] == "" and hammersmith["region_slug"] == "london-region"
        kss = next(row for row in rows if row["provider_slug"] == "kss-crc")
        assert kss["2.3"] == "Inadequate" and kss["pdu-2021:court-work"] == "n/a" and kss["score"] == "15"
        assert kss["region_slug"] == "" and kss["inspection_number_derived"] == "false"
        gateshead = [row for row in rows if row["provider_slug"] == "gateshead-and-south-tyneside-pdu"]
        # Newest first as the unit's page orders them: the undated second inspection before the first.
        assert [(row["published"], row["inspection_number_for_unit"]) for row in gateshead] == [
            ("", "second"),
            ("2022-12", "first"),
        ]
        national = next(row for row in rows if row["provider_slug"] == "probation-service-national")
        assert national["published"] == "2025-04-29" and national["inspection_number_derived"] == "true"

    def test_the_json_holds_units_their_lineage_and_what_is_derived(self, client):
        document = json.loads(client.get("/data/probation-league.json").getvalue())
        assert document["schema"] == "probation-league/dataset" and document["version"] == 1
        assert len(document["inspections"]) == 129 and len(document["providers"]) == 152

        frameworks = {framework["slug"]: framework for framework in document["frameworks"]}
        assert frameworks["crc-2018"]["has_scoring_rule"] is True and frameworks["crc-2018"]["era"] == "crc-nps"
        region_2023 = frameworks["region-2023"]
        assert region_2023["has_scoring_rule"] is False and region_2023["bands"] == []
        assert region_2023["era"] == "probation-service"
        assert {"code": "", "slug": "public-protection", "name": "Public protection"}.items() <= next(
            standard for standard in region_2023["standards"] if standard["slug"] == "public-protection"
        ).items()

        providers = {provider["slug"]: provider for provider in document["providers"]}
        gateshead = providers["gateshead-and-south-tyneside-pdu"]
        assert gateshead["type"] == "pdu" and gateshead["region"] == "north-east-region"
        assert gateshead["aliases"] == ["South Tyneside and Gateshead"]
        assert {(link["provider"], link["basis"]) for link in gateshead["predecessors"]} == {
            ("northumbria-crc", "by area"),
            ("nps-north-east", "by area"),
        }
        stoke = providers["staffordshire-and-stoke-pdu"]
        assert stoke["no_longer_exists"] is True and stoke["ceased_on"] is None
        assert {(link["provider"], link["basis"]) for link in stoke["successors"]} == {
            ("staffordshire-north-pdu", "stated"),
            ("staffordshire-south-pdu", "stated"),
        }
        kss = providers["kss-crc"]
        assert kss["no_longer_exists"] is True and kss["ceased_on"] == "2021-06-26" and kss["region"] is None
        assert "kent-surrey-and-sussex-region" in {link["provider"] for link in kss["successors"]}

        inspections = document["inspections"]
        assert not any(inspection["published"] == "" for inspection in inspections)
        assert sum(inspection["published"] is None for inspection in inspections) == 23
        gateshead_inspections = [row for row in inspections if row["provider"] == "gateshead-and-south-tyneside-pdu"]
        assert [(row["published"], row["inspection_number_for_unit"]) for row in gateshead_inspections] == [
            (None, "second"),
            ("2022-12", "first"),
        ]
        hammersmith = next(row for row in inspections if row["points_stated"] == "0/27")
        assert hammersmith["score"] is None and hammersmith["score_band"] is None
        assert all(standard["derived"] for standard in hammersmith["standards"])
        assert hammersmith["standards"][0]["slug"] == "leadership"
        assert hammersmith["derived_values"][0].startswith("pdu21_leadership = Inadequate: ")
        brighton = next(row for row in inspections if row["provider"] == "brighton-and-east-sussex-pdu")
        assert brighton["published"] == "2024-02" and brighton["published_derived"] is True
        kss_inspection = next(row for row in inspections if row["provider"] == "kss-crc")
        assert kss_inspection["score"] == 15 and kss_inspection["points_stated"] is None
        assert kss_inspection["derived_values"] == [] and kss_inspection["standards"][0]["derived"] is False

    @pytest.mark.parametrize("address", DOWNLOADS)
    def test_chunks_join_into_the_same_download(self, client, monkeypatch, address):
        whole = client.get(address).getvalue()
        monkeypatch.setattr(dataset, "CHUNK_SIZE", 7)
        assert client.get(address).getvalue() == whole

    def test_the_page_counts_each_era_and_lists_today_s_downloads(self, client):
        response = client.get("/data/")
        text = text_of(response)
        assert "CRCs and NPS divisions, 2018–20: 38 inspections of 28 providers" in text
        assert "The Probation Service, since 2022: 91 inspections of 124 units" in text
        assert "now version 3" in text
        html = response.content.decode()
        for address in ("/probation-service/", "/probation-service.csv", "/probation-service.json", "/eras.json",
                        "/providers/west-kent-pdu.csv", "/providers/west-kent-pdu.json"):  # fmt: skip
            assert f'href="{address}"' in html
            assert client.get(address).status_code == 200, address
        unit = json.loads(client.get("/providers/west-kent-pdu.json").content)
        assert unit["schema"] == "probation-league/unit"
        assert "probation-league/units-league</code> version 1" in html


@pytest.mark.django_db
@pytest.mark.parametrize("data", ["first_round", "both_eras"])
def test_the_data_page_takes_the_same_queries_whatever_the_data(client, request, django_assert_num_queries, data):
    request.getfixturevalue(data)
    with django_assert_num_queries(7):
        assert client.get("/data/").status_code == 200
