"""/league.csv and /league.json: streamed as the rows are read, the same bytes as the whole documents were."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from dashboard.exports.league import league_csv_response, league_json_response
from dashboard.filters import LeagueFilterSet
from dashboard.selectors.league import league
from tests.dashboard.exports.downloads import add_inspections, queries_to_download

# The real data's downloads as they were served whole, before streaming.
EXPECTED = Path(__file__).parent.parent / "real_data_exports"


@pytest.mark.django_db
@pytest.mark.usefixtures("streamed_exports")
class TestRealData:
    @pytest.fixture(autouse=True)
    def _data(self, real_data):
        pass

    @pytest.mark.parametrize(
        ("address", "expected"),
        [
            ("/league.csv", "league.csv"),
            ("/league.csv?type=crc&sort=-score", "league-crc-by-score.csv"),
            ("/league.json", "league.json"),
        ],
    )
    def test_the_download_is_streamed_byte_for_byte_as_before(self, client, address, expected):
        response = client.get(address)
        assert response.streaming
        assert response.getvalue() == (EXPECTED / expected).read_bytes()

    def test_the_csv_is_a_download_open_to_other_sites(self, client):
        response = client.get("/league.csv")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="probation-league.csv"'
        assert response["Access-Control-Allow-Origin"] == "*"
        assert {"public", "max-age=60", "s-maxage=10"} <= {
            part.strip() for part in response["Cache-Control"].split(",")
        }

    def test_the_json_is_one_document_open_to_other_sites(self, client):
        response = client.get("/league.json?type=nps")
        assert response["Content-Type"] == "application/json"
        assert response["Access-Control-Allow-Origin"] == "*"
        document = json.loads(response.getvalue())
        assert document["query"] == {"type": "nps"}
        assert len(document["rows"]) == 7

    def test_the_owner_csv_is_the_league_csv_of_the_owner_s_rows(self, client):
        response = client.get("/owners/seetec.csv")
        assert response.streaming
        assert response["Content-Disposition"] == 'attachment; filename="owner-seetec.csv"'
        rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
        assert sorted(row["provider"] for row in rows) == ["BGSW CRC", "KSS CRC", "Wales CRC"]

    def test_streamed_downloads_are_not_kept_in_the_page_cache(self, client):
        first = client.get("/league.csv?type=crc").getvalue()
        keys = len(cache._cache)  # local memory backend, as in tests
        response = client.get("/league.csv?type=crc&junk=1")
        assert response.getvalue() == first
        assert len(cache._cache) == keys
        assert response["ETag"]  # revalidated all the same


@pytest.mark.django_db
def test_a_small_download_is_kept_like_a_page(client, real_data, django_assert_num_queries):
    first = client.get("/league.csv?type=crc")
    assert not first.streaming
    with django_assert_num_queries(0):
        again = client.get("/league.csv?type=crc&junk=1")
    assert again.content == first.content
    assert again["Content-Disposition"] == 'attachment; filename="probation-league.csv"'
    assert again["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/league.csv", "/league.json", "/league.csv?sort=-score", "/owners/seetec.csv"])
def test_queries_do_not_grow_with_more_inspections(client, real_data, streamed_exports, address):
    add_inspections(batch=1)
    before = queries_to_download(client, address)
    add_inspections(batch=2)
    assert queries_to_download(client, address) == before


class CountedRows:
    """The league's rows, counting how many have been read."""

    def __init__(self, rows):
        self.rows = rows
        self.read = 0

    def __iter__(self):
        for row in self.rows:
            self.read += 1
            yield row


@pytest.mark.django_db
@pytest.mark.parametrize(
    "respond", [league_csv_response, lambda rows, result: league_json_response(REQUEST, rows, result)]
)
def test_the_first_bytes_go_out_before_any_row_is_read_and_rows_are_read_once(real_data, respond):
    result = league(LeagueFilterSet({}))
    rows = CountedRows(result.rows)
    pieces = iter(respond(rows, result).streaming_content)
    first = next(pieces)
    assert first.startswith((b"rank,", b"{\n"))
    assert rows.read == 0
    b"".join(pieces)
    assert rows.read == 28


REQUEST = RequestFactory().get("/league.json")
