import csv
import datetime
import html as html_module
import io
import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from inspections import league_fields
from inspections.importers import csv_import
from inspections.management.commands.build_fixtures import FRAMEWORK_MODELS
from inspections.models import (
    CaseSample,
    ContextualFact,
    Inspection,
    InspectionSource,
    KeyQuestionResult,
    Recommendation,
    StandardRating,
)
from providers.models import Owner, OwnershipPeriod, Provider

pytestmark = pytest.mark.django_db

SOURCE = Path(settings.BASE_DIR) / "fixtures" / "source"
KSS = "KSS CRC@2019-06-19"
SECOND_ROUND_FILE = str(SOURCE / "inspections_2019_2020.csv")
FIRST_ROUND_FILES = sorted(str(path) for path in SOURCE.glob("*.csv") if str(path) != SECOND_ROUND_FILE)


def run_import(*files, **options):
    out = io.StringIO()
    call_command("import_inspections", *files, stdout=out, **options)
    return out.getvalue()


def all_rows():
    return {
        model.__name__: model.objects.count()
        for model in (
            Owner,
            Provider,
            OwnershipPeriod,
            Inspection,
            StandardRating,
            KeyQuestionResult,
            CaseSample,
            ContextualFact,
            Recommendation,
        )
    }


def assert_real_first_round():
    inspections = Inspection.objects.select_related("provider")
    assert inspections.count() == 28
    assert Counter(i.provider.provider_type for i in inspections) == {"crc": 21, "nps": 7}
    crc = Counter(i.overall_rating for i in inspections if i.provider.provider_type == "crc")
    assert crc == {"Requires improvement": 19, "Good": 1, "Inadequate": 1}
    assert inspections.get(overall_rating="Good", provider__provider_type="crc").provider.slug == "hiow-crc"
    assert inspections.get(overall_rating="Inadequate").provider.slug == "ddc-crc"
    nps = Counter(i.overall_rating for i in inspections if i.provider.provider_type == "nps")
    assert nps == {"Good": 5, "Requires improvement": 2}
    assert set(inspections.values_list("inspection_round__slug", flat=True)) == {"2018-19"}

    kss = Inspection.objects.get(provider__slug="kss-crc")
    assert kss.published_on == datetime.date(2019, 6, 19)
    assert kss.owner_at_inspection.slug == "seetec"
    assert kss.standard_ratings.count() == 10
    assert (kss.fieldwork_started_on, kss.fieldwork_started_on_precision) == (datetime.date(2019, 2, 1), "month")
    results = {r.key_question.code: r for r in kss.key_question_results.select_related("key_question")}
    assert len(results) == 19
    assert {code: r.cases_inspected for code, r in results.items() if r.cases_inspected} == {
        **{code: 132 for code in ("2.1.1", "2.1.2", "2.1.3", "2.2.1", "2.2.2", "2.3.1", "2.3.2", "2.4.1", "2.4.2")},
        **{code: 54 for code in ("4.1.1", "4.1.2", "4.1.3", "4.1.4")},
        **{code: 42 for code in ("4.2.1", "4.2.2", "4.2.3")},
    }
    for code in ("2.2.3", "2.3.3", "2.4.3"):
        assert results[code].cases_inspected is None
        assert results[code].subsample_of == 132
    assert results["2.3.3"].percent_yes == Decimal("41")
    assert kss.facts.count() == 6
    assert kss.recommendations.count() == 5
    assert kss.recommendations.get(position=5).text == (
        "enhance the delivery and coordination of resettlement activity provided to those released from custody."
    )
    assert sorted(kss.case_samples.values_list("label", "cases_inspected")) == [
        ("2 Case supervision", 132),
        ("4.1 Unpaid work", 54),
        ("4.2 Through the Gate", 42),
    ]

    thames = Inspection.objects.get(provider__slug="thames-valley-crc")
    assert (thames.published_on, thames.published_on_precision) == (datetime.date(2018, 1, 1), "year")
    merseyside = Inspection.objects.get(provider__slug="merseyside-crc")
    assert merseyside.standard_ratings.count() == 0
    assert merseyside.key_question_results.count() == 0
    assert merseyside.fieldwork_started_on is None
    northumbria = Inspection.objects.get(provider__slug="northumbria-crc")
    assert northumbria.caseload_as_reported == ""

    assert set(Owner.objects.values_list("slug", flat=True)) == {
        "seetec",
        "sodexo-justice-services",
        "purple-futures",
        "mtcnovo",
        "reducing-reoffending-partnership",
        "arcc",
        "peopleplus",
        "working-links",
        "national-probation-service",
    }
    assert list(Owner.objects.filter(is_public_sector=True).values_list("slug", flat=True)) == [
        "national-probation-service"
    ]
    assert {"kss-crc", "bgsw-crc", "nps-wales", "staffs-west-midlands-crc"} <= set(
        Provider.objects.values_list("slug", flat=True)
    )
    bgsw = OwnershipPeriod.objects.filter(provider__slug="bgsw-crc").order_by("owner__slug")
    assert [(p.owner.slug, p.started_on_iso, p.ended_on_iso) for p in bgsw] == [
        ("seetec", "2019-02", ""),
        ("working-links", "", "2019-02"),
    ]
    kss_period = OwnershipPeriod.objects.get(provider__slug="kss-crc")
    assert (kss_period.owner.slug, kss_period.started_on, kss_period.ended_on) == ("seetec", None, None)
    assert kss_period.source_url == "https://www.russellwebster.com/hmipkss19/"


def test_real_files_import_to_the_published_first_round(frameworks):
    output = run_import(*FIRST_ROUND_FILES, inspection=KSS)

    assert "inspections: 28 created" in output
    assert_real_first_round()


def test_dry_run_writes_nothing_and_says_what_it_would_do(frameworks):
    output = run_import(*FIRST_ROUND_FILES, inspection=KSS, dry_run=True)

    assert "inspections: 28 would create" in output
    assert "providers: 28 would create" in output
    assert "Dry run: nothing was written." in output
    assert set(all_rows().values()) == {0}


def copy_with(tmp_path, name, row_number, column, value):
    """A copy of a source file with one cell changed (rows numbered as a spreadsheet shows them)."""
    with open(SOURCE / name, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[row_number - 1][rows[0].index(column)] = value
    path = tmp_path / name
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return str(path)


def test_a_bad_row_is_reported_by_file_and_row_and_nothing_is_written(frameworks, tmp_path):
    bad = copy_with(tmp_path, "inspections_2018_2019.csv", 14, "overall_rating", "Poor")
    others = [path for path in FIRST_ROUND_FILES if not path.endswith("inspections_2018_2019.csv")]

    with pytest.raises(CommandError) as error:
        run_import(bad, *others, inspection=KSS)

    assert (
        "inspections_2018_2019.csv row 14: overall_rating 'Poor' is not one of "
        "Outstanding, Good, Requires improvement, Inadequate"
    ) in str(error.value)
    assert set(all_rows().values()) == {0}


def test_a_bad_detail_row_names_its_file_row_and_question(frameworks, tmp_path):
    bad = copy_with(tmp_path, "kss_crc_2019_key_questions.csv", 4, "percent_yes", "149")
    others = [path for path in FIRST_ROUND_FILES if not path.endswith("kss_crc_2019_key_questions.csv")]

    with pytest.raises(CommandError) as error:
        run_import(bad, *others, inspection=KSS)

    assert "kss_crc_2019_key_questions.csv row 4: key question 2.1.3: % yes must be between 0 and 100, not 149" in str(
        error.value
    )
    assert set(all_rows().values()) == {0}


def test_a_bad_rating_column_names_the_column(frameworks, tmp_path):
    bad = copy_with(tmp_path, "inspections_2018_2019.csv", 17, "s2_3_implementation_and_delivery", "Excellent")

    with pytest.raises(CommandError) as error:
        run_import(bad)

    assert "inspections_2018_2019.csv row 17: s2_3_implementation_and_delivery 'Excellent' is not one of" in str(
        error.value
    )
    assert not Inspection.objects.exists()


def test_reimport_changes_nothing(frameworks):
    run_import(*FIRST_ROUND_FILES, inspection=KSS)
    before = all_rows()
    stamps = dict(Inspection.objects.values_list("pk", "updated_at"))

    output = run_import(*FIRST_ROUND_FILES, inspection=KSS)

    assert "inspections: 28 unchanged" in output
    assert "ownership periods: 31 unchanged" in output
    assert "created" not in output and "updated" not in output
    assert all_rows() == before
    assert dict(Inspection.objects.values_list("pk", "updated_at")) == stamps


def test_detail_files_can_follow_the_inspections_file_later(frameworks):
    run_import(str(SOURCE / "inspections_2018_2019.csv"), str(SOURCE / "ownership.csv"))
    kss = Inspection.objects.get(provider__slug="kss-crc")
    assert kss.key_question_results.count() == 0

    details = [path for path in FIRST_ROUND_FILES if "kss_crc_2019" in path]
    output = run_import(*details, inspection=KSS)

    assert "inspections: 1 updated" in output
    assert kss.key_question_results.count() == 19
    assert kss.standard_ratings.count() == 10  # kept from the inspections file


def test_a_blank_cell_never_removes_a_stored_value(frameworks, tmp_path):
    run_import(*FIRST_ROUND_FILES, inspection=KSS)
    blanked = copy_with(tmp_path, "inspections_2018_2019.csv", 17, "s1_1_leadership", "")

    output = run_import(blanked)

    assert "inspections: 28 unchanged" in output
    rating = StandardRating.objects.get(inspection__provider__slug="kss-crc", standard__code="1.1")
    assert rating.rating == "Outstanding"


def test_detail_files_need_an_inspection(frameworks):
    with pytest.raises(CommandError) as error:
        run_import(str(SOURCE / "kss_crc_2019_samples.csv"))

    assert "kss_crc_2019_samples.csv row 2: this file names no inspection" in str(error.value)


def test_detail_files_for_an_unknown_inspection_are_refused(frameworks):
    with pytest.raises(CommandError) as error:
        run_import(str(SOURCE / "kss_crc_2019_samples.csv"), inspection="KSS CRC@2020-01-01")

    assert "there is no inspection of KSS CRC published 2020-01-01" in str(error.value)


def test_an_unknown_header_is_refused(frameworks, tmp_path):
    path = tmp_path / "mystery.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run_import(str(path))

    assert "mystery.csv: the header (a, b) is not one this importer knows" in str(error.value)


def test_uploaded_file_objects_give_a_structured_report(frameworks):
    files = [(Path(path).name, io.BytesIO(Path(path).read_bytes())) for path in FIRST_ROUND_FILES]

    report = csv_import.import_files(files, dry_run=True, inspection=KSS)

    assert report.ok and report.dry_run and not report.written
    assert report.counts()[("inspection", "created")] == 28
    assert ("ownership.csv", csv_import.OWNERSHIP) in report.files
    assert not Inspection.objects.exists()


def test_the_fixture_is_what_the_importer_produces(first_round):
    """Importing the sources over the shipped fixture finds nothing to create or change."""
    before = all_rows()

    report = csv_import.import_paths(FIRST_ROUND_FILES, inspection=KSS)

    assert report.ok, report.errors
    counts = report.counts()
    assert set(action for _, action in counts) == {"unchanged"}
    assert counts[("inspection", "unchanged")] == Inspection.objects.count() == 28
    assert counts[("provider", "unchanged")] == Provider.objects.count()
    assert counts[("owner", "unchanged")] == Owner.objects.count()
    assert counts[("ownership period", "unchanged")] == OwnershipPeriod.objects.count()
    assert all_rows() == before
    assert_real_first_round()


def test_the_fixture_leaves_frameworks_to_their_own_file():
    objects = json.loads((Path(settings.BASE_DIR) / "fixtures" / "first_round.json").read_text(encoding="utf-8"))

    models = {obj["model"] for obj in objects}
    assert not models & set(FRAMEWORK_MODELS)
    assert {"providers.provider", "inspections.inspection", "inspections.keyquestionresult"} <= models


def test_load_real_data_if_empty_loads_once(db):
    out = io.StringIO()
    call_command("load_real_data_if_empty", stdout=out)
    assert "12 regions and 111 PDUs): 129 inspections" in out.getvalue()
    assert Inspection.objects.in_round("2018-19").count() == 28
    assert Inspection.objects.in_round("2019-20").count() == 10
    assert Inspection.objects.in_round("2021-23").count() == 36
    assert Inspection.objects.in_round("2023-25").count() == 49
    assert Inspection.objects.in_round("dipp-2025").count() == 5

    out = io.StringIO()
    call_command("load_real_data_if_empty", stdout=out)
    assert "already holds 129 inspections; nothing loaded" in out.getvalue()


def test_an_unknown_round_is_refused(frameworks):
    with pytest.raises(CommandError) as error:
        run_import(str(SOURCE / "inspections_2018_2019.csv"), round_slug="2020-21")

    assert "there is no inspection round '2020-21'" in str(error.value)
    assert not Provider.objects.exists()


def test_without_frameworks_the_import_says_what_to_load(db):
    from inspections.models import InspectionRound

    InspectionRound.objects.create(slug="2018-19", name="First round")

    with pytest.raises(CommandError) as error:
        run_import(str(SOURCE / "inspections_2018_2019.csv"))

    assert "inspections_2018_2019.csv row 2: provider_type: no framework for CRC providers is loaded" in str(
        error.value
    )
    assert not Provider.objects.exists()


class TestSecondRound:
    """inspections_2019_2020.csv into a database that holds the first round."""

    def test_adds_the_ten_and_changes_no_earlier_value(self, first_round):
        periods_before = list(OwnershipPeriod.objects.order_by("id").values())
        sources_before = sorted(InspectionSource.objects.values_list("inspection_id", "url", "position"))
        # The published values; what the league ranks by (league_fields) follows from them.
        published = [
            field.attname
            for field in Inspection._meta.concrete_fields
            if field.attname not in league_fields.STORED_FIELDS
        ]
        first_round_before = list(Inspection.objects.in_round("2018-19").order_by("id").values(*published))

        output = run_import(SECOND_ROUND_FILE, round_slug="2019-20")

        assert "inspections: 10 created" in output
        second = Inspection.objects.in_round("2019-20").select_related("provider")
        assert second.count() == 10
        assert list(OwnershipPeriod.objects.order_by("id").values()) == periods_before
        assert set(sources_before) <= set(InspectionSource.objects.values_list("inspection_id", "url", "position"))
        assert list(Inspection.objects.in_round("2018-19").order_by("id").values(*published)) == first_round_before

        hiow = second.get(provider__slug="hiow-crc")
        assert hiow.overall_rating == "Not rated" and hiow.is_not_rated
        assert (hiow.published_on, hiow.published_on_precision) == (datetime.date(2020, 1, 1), "year")
        assert "cut short by the COVID-19 lockdown" in hiow.notes
        assert dict(hiow.standard_ratings.values_list("standard__code", "rating")) == {"4.2": "Outstanding"}

        thames = second.get(provider__slug="thames-valley-crc")
        assert thames.overall_rating == "Good" and thames.overall_rating_derived
        assert thames.notes.startswith("Overall rating derived, not quoted")
        dtv = second.get(provider__slug="dtv-crc")
        assert not dtv.overall_rating_derived
        assert dtv.notes == "Inspectors rated three standards Outstanding; only 1.1 is named by a source."

    def test_importing_it_again_changes_nothing(self, first_round):
        run_import(SECOND_ROUND_FILE, round_slug="2019-20")
        before = all_rows()

        output = run_import(SECOND_ROUND_FILE, round_slug="2019-20")

        assert "inspections: 10 unchanged" in output
        assert "created" not in output and "updated" not in output
        assert all_rows() == before

    def test_the_shipped_fixtures_are_what_the_importer_produces(self, real_data):
        before = all_rows()

        report = csv_import.import_paths([SECOND_ROUND_FILE], round_slug="2019-20")

        assert report.ok, report.errors
        assert set(action for _, action in report.counts()) == {"unchanged"}
        assert all_rows() == before

    def test_a_later_inspection_adds_its_sources_to_a_period_and_keeps_the_earlier_one(self, first_round):
        period = OwnershipPeriod.objects.get(provider__slug="thames-valley-crc")
        assert period.source_url == "http://www.russellwebster.com/hmiptvcrc18/"

        run_import(SECOND_ROUND_FILE, round_slug="2019-20")

        period.refresh_from_db()
        assert period.source_url == "http://www.russellwebster.com/hmiptvcrc18/"
        first = Inspection.objects.get(provider__slug="thames-valley-crc", inspection_round__slug="2018-19")
        assert list(first.sources.values_list("url", flat=True)) == ["http://www.russellwebster.com/hmiptvcrc18/"]


def write_csv(tmp_path, rows, name="inspections_faulty.csv"):
    header = (SOURCE / "inspections_2019_2020.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in header})
    return str(path)


GOOD_ROW = {
    "provider_short_name": "Test CRC",
    "provider_name": "Test Community Rehabilitation Company",
    "provider_type": "CRC",
    "owner_at_inspection": "Seetec",
    "published": "2020-02",
    "overall_rating": "Good",
    "source_urls": "https://example.org/report",
}


def test_every_fault_of_every_row_is_reported_in_one_pass(frameworks, tmp_path):
    path = write_csv(
        tmp_path,
        [
            {**GOOD_ROW, "published": "2020-13", "overall_rating": "Poor", "source_urls": "not a link"},
            GOOD_ROW | {"provider_short_name": "Other CRC", "provider_name": "Other"},
            {**GOOD_ROW, "provider_short_name": "Third CRC", "provider_name": "Third", "published": "2999-01-05"},
            {**GOOD_ROW, "provider_short_name": "Fourth CRC", "provider_name": "Fourth", "s2_1_assessment": "Superb"},
        ],
    )

    with pytest.raises(CommandError) as error:
        run_import(path, round_slug="2019-20")

    message = str(error.value)
    assert "inspections_faulty.csv row 2: published '2020-13' is not a real date" in message
    assert "inspections_faulty.csv row 2: overall_rating 'Poor' is not one of" in message
    assert "Not rated" in message
    assert "inspections_faulty.csv row 2: source_urls 'not a link' is not a valid web address" in message
    assert "inspections_faulty.csv row 4: published: 2999-01-05 is in the future" in message
    assert "inspections_faulty.csv row 5: s2_1_assessment 'Superb' is not one of" in message
    assert "row 3" not in message
    assert not Provider.objects.exists() and not Inspection.objects.exists()


def test_not_rated_is_an_overall_outcome_but_not_a_standard_rating(frameworks, tmp_path):
    path = write_csv(tmp_path, [{**GOOD_ROW, "overall_rating": "Not rated", "s1_1_leadership": "Not rated"}])

    with pytest.raises(CommandError) as error:
        run_import(path, round_slug="2019-20")

    assert "row 2: s1_1_leadership 'Not rated' is not one of Outstanding, Good, Requires improvement, Inadequate." in (
        str(error.value)
    )

    run_import(write_csv(tmp_path, [{**GOOD_ROW, "overall_rating": "not rated"}]), round_slug="2019-20")

    assert Inspection.objects.get().overall_rating == "Not rated"


def test_a_nul_character_is_a_fault_of_its_row_and_column_and_nothing_is_written(frameworks, tmp_path):
    path = write_csv(tmp_path, [GOOD_ROW, {**GOOD_ROW, "provider_short_name": "Other CRC", "notes": "a\x00b"}])

    with pytest.raises(CommandError) as error:
        run_import(path, round_slug="2019-20")

    assert str(error.value) == (
        "Nothing was imported:\ninspections_faulty.csv row 3: notes: contains a NUL character (\\x00), which a cell "
        "cannot hold; save the file again as plain UTF-8 CSV."
    )
    assert set(all_rows().values()) == {0}


def test_a_nul_character_in_the_header_is_a_fault_of_the_file(frameworks):
    report = csv_import.import_files([("odd.csv", b"fieldwork_started\x00\n2019\n")], inspection=KSS)

    assert report.errors == [f"odd.csv: the header {csv_import.NUL_MESSAGE}"]


def test_more_rows_than_one_import_takes_are_refused_before_any_is_checked(frameworks):
    rows_each = csv_import.MAX_ROWS_PER_FILE
    files = [(f"part{number}.csv", "fieldwork_started\n" + "2019\n" * rows_each) for number in range(3)]

    report = csv_import.import_files(files, inspection=KSS)

    assert report.errors == [
        f"These files hold {3 * rows_each:,} rows; one import takes at most {csv_import.MAX_ROWS_PER_IMPORT:,}: "
        "import them in parts."
    ]


def test_a_dry_run_only_reads(frameworks):
    """No INSERT, UPDATE or DELETE, and no transaction opened: an editor saving meanwhile waits for nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        report = csv_import.import_paths(FIRST_ROUND_FILES, inspection=KSS, dry_run=True)

    assert report.ok and report.counts()[("inspection", "created")] == 28
    statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
    assert set(statements) == {"SELECT"}, statements
    # A few for the whole import, and at most one a row: the framework in force on each publication date.
    assert len(statements) <= 28 + 12


def test_a_confirm_checks_the_files_again_against_what_is_stored_then(editor_client, frameworks, tmp_path):
    from django.urls import reverse

    from providers.services import create_or_update_provider

    import_csv = reverse("admin:inspections_inspection_import_csv")
    upload = io.BytesIO(Path(write_csv(tmp_path, [GOOD_ROW])).read_bytes())
    upload.name = "inspections_new.csv"
    response = editor_client.post(import_csv, {"files": [upload], "round": "2019-20", "inspection": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "providers: 1 would create" in html
    token = re.search(r'name="confirm" value="([^"]+)"', html).group(1)

    # Meanwhile another editor adds a provider under the name the file gives.
    create_or_update_provider(
        short_name="Another CRC", name=GOOD_ROW["provider_name"], provider_type="crc", area="Testshire"
    )
    response = editor_client.post(import_csv, {"confirm": token})

    assert response.status_code == 400
    assert (
        "inspections_new.csv row 2: provider_name: Another provider (Another CRC) already has the name "
        "'Test Community Rehabilitation Company'."
    ) in html_module.unescape(response.content.decode())
    assert list(Provider.objects.values_list("short_name", flat=True)) == ["Another CRC"]
    assert not Inspection.objects.exists()
