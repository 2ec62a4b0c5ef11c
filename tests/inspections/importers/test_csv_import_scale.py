"""The largest CSV import the limits allow: validated and written in seconds, while editors keep saving."""

import csv
import io
import sys
import threading
import time

import pytest
from django.db import connection, transaction

from inspections import league_tallies
from inspections.forms import CsvImportForm
from inspections.importers import csv_import
from inspections.models import ChangeRecord, Inspection, InspectionSource, RankingTally, StandardRating
from inspections.services.inputs import inspection_input
from inspections.services.inspections import replace_inspection
from providers.models import Owner, OwnershipPeriod, Provider
from tests.factories import make_inspection, make_provider

DRY_RUN_SECONDS = 30  # generous, on a slow shared machine; the largest dry run takes a few seconds
IMPORT_SECONDS = 120
EDITOR_SAVE_SECONDS = 2

HEADER = [
    "provider_short_name",
    "provider_name",
    "provider_type",
    "owner_at_inspection",
    "area",
    "published",
    "overall_rating",
    *csv_import.STANDARD_COLUMNS,
    "caseload_as_reported",
    "source_urls",
    "notes",
]


def largest_allowed_files():
    """As many files of as many rows as one import takes, each row a new provider under a new owner with an
    inspection rating all ten standards, each file padded to just under the size an upload may be."""
    files = []
    file_count = csv_import.MAX_ROWS_PER_IMPORT // csv_import.MAX_ROWS_PER_FILE
    row_bytes = CsvImportForm.MAX_FILE // csv_import.MAX_ROWS_PER_FILE
    for file_number in range(file_count):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        for row_number in range(csv_import.MAX_ROWS_PER_FILE):
            key = f"{file_number}-{row_number:04d}"
            row = [
                f"Scale CRC {key}",
                f"Scale Community Rehabilitation Company {key}",
                "CRC",
                f"Scale Owner {key} (a consortium)",
                f"Area {key}",
                "2019-03-01",
                "Requires improvement",
                *["Good"] * 8,
                "Requires improvement",
                "Inadequate",
                "about 1,000",
                f"https://example.org/{key}/report ; https://example.org/{key}/press",
            ]
            used = len(",".join(row)) + len(",\n")
            writer.writerow([*row, "n" * (row_bytes - used - 8)])
        data = out.getvalue().encode()
        assert len(data) <= CsvImportForm.MAX_FILE
        files.append((f"scale_{file_number}.csv", data))
    assert file_count * csv_import.MAX_ROWS_PER_FILE == csv_import.MAX_ROWS_PER_IMPORT
    assert file_count <= CsvImportForm.MAX_FILES
    assert sum(len(data) for _, data in files) <= CsvImportForm.MAX_TOTAL
    return files


@pytest.fixture(scope="module")
def largest_files():
    return largest_allowed_files()


def stored_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Owner, Provider, OwnershipPeriod, Inspection, StandardRating, InspectionSource, ChangeRecord)
    }


def league_tallies_as_counted():
    ranking, standards = league_tallies.tallies()
    ranking = {
        (row.inspection_round_id, row.provider_type, row.framework_id, row.overall_rating, row.score): row.inspections
        for row in ranking
    }
    standards = {
        (row.inspection_round_id, row.provider_type, row.standard_id, row.rating): row.inspections for row in standards
    }
    return ranking, standards


def league_tallies_stored():
    ranking = {
        (row.inspection_round_id, row.provider_type, row.framework_id, row.overall_rating, row.score): row.inspections
        for row in RankingTally.objects.all()
    }
    from inspections.models import StandardTally

    standards = {
        (row.inspection_round_id, row.provider_type, row.standard_id, row.rating): row.inspections
        for row in StandardTally.objects.all()
    }
    return ranking, standards


@pytest.mark.django_db
def test_the_largest_allowed_dry_run_takes_seconds_and_writes_nothing(frameworks, largest_files):
    before = stored_counts()

    started = time.monotonic()
    report = csv_import.import_files(largest_files, dry_run=True)
    seconds = time.monotonic() - started

    assert seconds < DRY_RUN_SECONDS, f"the largest allowed dry run took {seconds:.1f} s"
    assert report.ok, report.errors[:5]
    rows = csv_import.MAX_ROWS_PER_IMPORT
    assert report.summary_lines() == [
        f"owners: {rows} would create",
        f"providers: {rows} would create",
        f"ownership periods: {rows} would create",
        f"inspections: {rows} would create",
    ]
    assert stored_counts() == before


@pytest.mark.django_db
def test_the_largest_allowed_import_takes_seconds_and_counts_the_league_once(
    frameworks, largest_files, django_capture_on_commit_callbacks
):
    from dashboard.cache import bump_generation

    started = time.monotonic()
    with django_capture_on_commit_callbacks() as callbacks:
        report = csv_import.import_files(largest_files)
    seconds = time.monotonic() - started

    assert seconds < IMPORT_SECONDS, f"the largest allowed import took {seconds:.1f} s"
    assert report.written, report.errors[:5]
    rows = csv_import.MAX_ROWS_PER_IMPORT
    assert stored_counts() == {
        "Owner": rows,
        "Provider": rows,
        "OwnershipPeriod": rows,
        "Inspection": rows,
        "StandardRating": 10 * rows,
        "InspectionSource": 2 * rows,
        "ChangeRecord": 4 * rows,  # one per owner, provider, period and inspection created, as the services record
    }
    # The stored league fields and tallies count every new row.
    assert Inspection.objects.filter(is_latest_rated=True, is_latest_in_round=True, score__isnull=False).count() == rows
    assert league_tallies_stored() == league_tallies_as_counted()
    assert RankingTally.objects.of_league().get().inspections == rows
    # Cached pages are made stale once, when the import commits.
    assert [callback for callback in callbacks if callback is bump_generation] == [bump_generation]

    inspection = Inspection.objects.get(provider__short_name="Scale CRC 1-0042")
    assert inspection.owner_at_inspection.name == "Scale Owner 1-0042"
    assert inspection.owner_at_inspection.notes == "a consortium"
    assert dict(inspection.standard_ratings.values_list("standard__code", "rating"))["4.2"] == "Inadequate"
    record = ChangeRecord.objects.get(inspection=inspection)
    assert record.summary == "Scale CRC 1-0042: inspection published 1 March 2019"
    assert record.revision.version_set.filter(object_id=str(inspection.pk)).exists()


def an_editors_save(inspection):
    """What the admin's Save does: the inspection's values, one rating changed, through the services."""
    data = inspection_input(inspection)
    data.ratings["2.3"] = "Good"
    with transaction.atomic():
        replace_inspection(inspection, data)


@pytest.mark.django_db(transaction=True)
def test_an_editor_saves_at_once_while_the_largest_dry_run_runs(frameworks, largest_files):
    inspection = make_inspection(make_provider("Edited CRC"), ratings={"2.3": "Inadequate"})
    results = {}

    def dry_run():
        try:
            results["report"] = csv_import.import_files(largest_files, dry_run=True)
        finally:
            connection.close()

    # On the site the import and the save run in separate worker processes; here two threads share one
    # interpreter, so let them take turns often, or the save would wait for its turn rather than for a lock.
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    try:
        importing = threading.Thread(target=dry_run)
        importing.start()
        time.sleep(1)  # well into reading and checking the rows
        started = time.monotonic()
        an_editors_save(inspection)
        seconds = time.monotonic() - started
        overlapped = importing.is_alive()
        importing.join(timeout=DRY_RUN_SECONDS * 2)
    finally:
        sys.setswitchinterval(switch_interval)

    assert overlapped, "the dry run ended before the editor saved: nothing was tested"
    assert seconds < EDITOR_SAVE_SECONDS, f"the editor's save waited {seconds:.1f} s for the dry run"
    report = results["report"]
    assert report.ok, report.errors[:5]
    assert report.counts()[("inspection", "created")] == csv_import.MAX_ROWS_PER_IMPORT
    assert Inspection.objects.count() == 1 and Provider.objects.count() == 1
    assert StandardRating.objects.get(inspection=inspection, standard__code="2.3").rating == "Good"
    assert ChangeRecord.objects.get().details == ["2.3 rating: Inadequate → Good"]
    assert league_tallies_stored() == league_tallies_as_counted()
