"""The CSV import takes the Probation Service era's files: every unit and inspection, twice is once, every fault."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inspections.importers import csv_import
from inspections.importers.probation_service import ensure_frameworks, source_dir
from inspections.models import ChangeRecord, Framework, Inspection, InspectionSource, StandardRating
from providers.models import Provider, ProviderAlias, Succession

pytestmark = pytest.mark.django_db

ERA_FILES = ["units.csv", "former_units.csv", "inspections_2022_2026.csv"]


@pytest.fixture
def crc_era(real_data):
    """A database holding only the CRC era, migrated: migration 0010 gives it the era's frameworks and programmes."""
    ensure_frameworks()
    assert not Provider.objects.filter(provider_type__in=["region", "pdu"]).exists()


def era_paths(*names):
    return [source_dir() / name for name in names or ERA_FILES]


def era_text(name):
    return (source_dir() / name).read_text(encoding="utf-8")


def test_the_files_are_told_apart_by_their_headers():
    report = csv_import.import_paths(era_paths(), dry_run=True)
    assert report.files == [
        ("units.csv", "Probation Service units"),
        ("former_units.csv", "Probation Service former units"),
        ("inspections_2022_2026.csv", "Probation Service inspections"),
    ]


def test_a_database_holding_the_crc_era_gets_every_unit_and_inspection_and_a_second_import_changes_nothing(crc_era):
    before = Inspection.objects.count()
    crc_changes = ChangeRecord.objects.count()
    dry = csv_import.import_paths(era_paths(), dry_run=True)
    assert dry.ok, dry.errors
    assert Inspection.objects.count() == before  # a dry run writes nothing
    assert "providers: 124 would create" in dry.summary_lines()  # 12 regions, 111 PDUs, the national unit

    report = csv_import.import_paths(era_paths())
    assert report.ok, report.errors
    assert Inspection.objects.count() == before + 91
    assert Provider.objects.filter(provider_type="region").count() == 12
    assert Provider.objects.filter(provider_type="pdu").count() == 111
    assert Provider.objects.filter(provider_type="pdu", region__isnull=True).count() == 0
    gateshead = Provider.objects.get(slug="gateshead-and-south-tyneside-pdu")
    assert ProviderAlias.objects.filter(provider=gateshead, name="South Tyneside and Gateshead").exists()
    assert gateshead.inspections.count() == 2  # one of them named by its alias
    kss = Provider.objects.get(slug="kss-crc")
    assert {"kent-surrey-and-sussex-region", "west-kent-pdu"} <= set(
        Succession.objects.filter(predecessor=kss).values_list("successor__slug", flat=True)
    )
    tameside = Provider.objects.get(slug="tameside-pdu")
    assert tameside.ceased and tameside.inspections.count() == 1

    hammersmith = Inspection.objects.get(provider__slug="hammersmith-fulham-kensington-chelsea-and-westminster-pdu")
    assert hammersmith.points_stated == "0/27"
    assert hammersmith.inspection_round.slug == "2021-23"  # the framework's programme, not the --round default
    assert StandardRating.objects.filter(inspection=hammersmith, derived=True).count() == 9
    assert (
        Inspection.objects.filter(provider__provider_type__in=["pdu", "region", "national"])
        .filter(published_on__isnull=True)
        .count()
        == 23
    )
    dipp = Inspection.objects.filter(framework__slug="dipp-2025")
    assert set(dipp.values_list("overall_rating", flat=True)) == {"Not rated"}
    # /changes/ shows what the import added: each unit and inspection.
    added = ChangeRecord.objects.count() - crc_changes
    assert added == 124 + 91
    assert ChangeRecord.objects.filter(summary__startswith="Wales region").exists()

    again = csv_import.import_paths(era_paths())
    assert again.ok, again.errors
    assert not again.change_lines()
    assert Inspection.objects.count() == before + 91
    assert ChangeRecord.objects.count() - crc_changes == added


def test_units_and_inspections_alone_leave_the_former_units_rows_as_faults(crc_era):
    report = csv_import.import_paths(era_paths("units.csv", "inspections_2022_2026.csv"), dry_run=True)
    # Two inspected units no longer exist: former_units.csv holds them.
    assert len(report.errors) == 2
    assert all(
        "unit_name: no unit 'Tameside PDU'" in error or "'Staffordshire and Stoke PDU'" in error
        for error in report.errors
    )


def test_a_copy_with_faults_in_several_rows_is_refused_whole_with_every_fault_by_row_and_column(crc_era):
    text = era_text("inspections_2022_2026.csv")
    text = text.replace(
        "Swansea Neath Port Talbot PDU,pdu,Wales,pdu-2021,2022-01", "Nowhere PDU,pdu,Wales,pdu-2021,2022-13", 1
    )
    text = text.replace(
        "Gwent PDU,pdu,Wales,pdu-2021,2022-02,first,Requires improvement",
        "Gwent PDU,pdu,Wales,pdu-2027,2022-02,fourth,Rather good",
        1,
    )
    before = (Inspection.objects.count(), Provider.objects.count())
    files = [(name, era_text(name).encode()) for name in ERA_FILES[:2]] + [("copy.csv", text.encode())]
    report = csv_import.import_files(files)
    assert not report.ok
    assert "copy.csv row 2: unit_name: no unit 'Nowhere PDU' in the Wales region." in report.errors
    assert "copy.csv row 2: published '2022-13' is not a real date (month must be in 1..12)." in report.errors
    assert any(
        error.startswith("copy.csv row 3: framework: no framework 'pdu-2027' is stored") for error in report.errors
    )
    assert "copy.csv row 3: inspection_number_for_unit 'fourth' is not first, second or third." in report.errors
    assert "copy.csv row 3: overall_rating 'Rather good' is not a rating." in report.errors
    assert (Inspection.objects.count(), Provider.objects.count()) == before  # all or nothing: not one unit either


def test_a_framework_the_database_lacks_is_named(crc_era):
    Framework.objects.filter(slug="dipp-2025").delete()
    report = csv_import.import_paths(era_paths(), dry_run=True)
    faults = [error for error in report.errors if "framework:" in error]
    assert len(faults) == 5
    assert "no framework 'dipp-2025' is stored" in faults[0]
    assert "an administrator defines a new one in the admin first" in faults[0]


def test_sources_accumulate_and_a_blank_is_filled_but_a_stored_value_is_never_overwritten(crc_era):
    assert csv_import.import_paths(era_paths()).ok
    gwent = Inspection.objects.get(provider__slug="gwent-pdu", framework__slug="pdu-2021")
    gwent.points_stated = ""
    gwent.save()
    header, *rows = era_text("inspections_2022_2026.csv").splitlines(keepends=True)
    gwent_row = next(row for row in rows if row.startswith("Gwent PDU,"))
    with_more = gwent_row.replace(",false,,", ",false,9/27,", 1).rstrip("\r\n") + " ; https://example.org/gwent\r\n"
    report = csv_import.import_files([("gwent.csv", (header + with_more).encode())])
    assert report.ok, report.errors
    gwent.refresh_from_db()
    assert gwent.points_stated == "9/27"
    assert InspectionSource.objects.filter(inspection=gwent).count() == 2
    record = ChangeRecord.objects.filter(inspection=gwent).latest("id")
    assert any("9/27" in line or "example.org" in line for line in record.details)

    contradicting = with_more.replace(",Requires improvement,", ",Good,", 1)
    refused = csv_import.import_files([("gwent.csv", (header + contradicting).encode())])
    assert refused.errors == [
        "gwent.csv row 2: overall_rating: the stored inspection holds 'Requires improvement', this file 'Good': "
        "correct the stored inspection in the admin, or the file."
    ]


def test_an_undated_inspection_is_matched_by_unit_framework_and_sequence_and_takes_a_date(crc_era):
    assert csv_import.import_paths(era_paths()).ok
    header, *rows = era_text("inspections_2022_2026.csv").splitlines(keepends=True)
    row = next(row for row in rows if row.startswith("Leeds PDU,"))
    assert ",pdu-2023,," in row  # undated in the published file
    dated = row.replace(",pdu-2023,,", ",pdu-2023,2024-05,", 1)
    leeds = Inspection.objects.get(provider__slug="leeds-pdu")
    report = csv_import.import_files([("leeds.csv", (header + dated).encode())])
    assert report.ok, report.errors
    leeds.refresh_from_db()
    assert (leeds.published_on.isoformat(), leeds.published_on_precision) == ("2024-05-01", "month")
    assert Inspection.objects.filter(provider__slug="leeds-pdu").count() == 1


def test_the_command_imports_the_era_files_and_refuses_faults(crc_era, tmp_path):
    out = io.StringIO()
    call_command("import_inspections", *map(str, era_paths()), "--dry-run", stdout=out)
    assert "inspections_2022_2026.csv: Probation Service inspections file" in out.getvalue()
    assert "inspections: 91 would create" in out.getvalue()
    broken = tmp_path / "inspections.csv"
    broken.write_text(era_text("inspections_2022_2026.csv").replace(",pdu-2021,2022-01,", ",pdu-2021,2022-1x,", 1))
    with pytest.raises(CommandError, match="inspections.csv row 2: published"):
        call_command("import_inspections", *map(str, era_paths(*ERA_FILES[:2])), str(broken), stdout=out)


def test_the_era_files_are_held_to_the_same_limits_and_a_nul_is_a_fault_of_its_cell(crc_era, monkeypatch):
    from inspections.importers import csv_files

    monkeypatch.setattr(csv_files, "MAX_ROWS_PER_FILE", 50)
    report = csv_import.import_paths(era_paths("inspections_2022_2026.csv"), dry_run=True)
    assert report.errors == [
        "inspections_2022_2026.csv: cannot be read as UTF-8 CSV (it has more than 50 rows, the most one file may "
        "hold; split it into smaller files)."
    ]
    monkeypatch.undo()
    text = era_text("inspections_2022_2026.csv").replace(",pdu-2021,2022-02,", ",pdu-2021,2022-02\x00,", 1)
    report = csv_import.import_files([("nul.csv", text.encode())], dry_run=True)
    assert report.errors == [f"nul.csv row 3: published: {csv_import.NUL_MESSAGE}"]


def test_two_rows_of_the_same_inspection_are_a_fault_of_the_second(crc_era):
    header, first, *_ = era_text("inspections_2022_2026.csv").splitlines(keepends=True)
    files = [(name, era_text(name).encode()) for name in ERA_FILES[:2]]
    report = csv_import.import_files([*files, ("twice.csv", (header + first + first).encode())], dry_run=True)
    assert report.errors == ["twice.csv row 3: published: the same inspection as row 2."]
