"""
Read inspection CSV files of both eras and write them, all or nothing: the entry point of the CSV import.

One module per part: `csv_files` reads a file within the limits and words its faults; `csv_plan` plans owners,
providers and ownership periods; `csv_crc` the 2018–20 kinds; `csv_probation_service` the Probation Service
era's kinds (their rows read by `probation_service_rows`, shared with `manage.py import_probation_service`);
`csv_write` stores the plan; `csv_templates` gives each kind's header row to download.

Each file is recognised by its header (column order does not matter). The Probation Service era's files, as
published in fixtures/source/probation_service/ (see `csv_probation_service`):

- Probation Service units (`units.csv`): unit_name, unit_type (region or pdu), region, aliases, predecessors.
- Probation Service former units (`former_units.csv`): unit_name, unit_type, region, successors,
  successors_basis, ceased_note.
- Probation Service inspections (`inspections_2022_2026.csv`): unit_name, unit_type, region, framework,
  published (blank where no source dates it), inspection_number_for_unit, overall_rating, overall_rating_derived,
  points_stated, a column per standard (`<framework prefix>_<standard slug>`), derived_values, notes,
  source_urls; optional editor_notes (editors' working notes, never shown to readers). Each inspection goes
  in its framework's programme, not in `round_slug`.

The 2018–20 files (CRCs and NPS divisions, see `csv_crc`):

- inspections: provider_short_name, provider_name, provider_type ("CRC",
  "NPS division"), owner_at_inspection, area, published (YYYY, YYYY-MM or
  YYYY-MM-DD), overall_rating, s1_1_leadership ... s2_4_reviewing,
  s3_1_or_4_1, s3_2_or_4_2 (4.1/4.2 for a CRC, 3.1/3.2 for an NPS division),
  caseload_as_reported, source_urls (separated by " ; "); optional
  fieldwork_started, report_url, notes and editor_notes (editors' working notes, never shown to
  readers). overall_rating is one of the four
  bands or "Not rated" (the inspectorate published no overall rating); blank
  means not recorded. A note that begins "Overall rating derived" marks the
  overall rating as inferred from wording rather than quoted.
- ownership: provider_short_name, owner, from, to, source.
- detail files of one inspection, which either carry provider_short_name and
  published columns or take them from `inspection="<short name>@<published>"`:
  - key questions: standard, key_question, question, percent_yes, relevant_subsample_only;
  - facts: metric, provider_value, england_and_wales_value, target, unit, source_as_cited_in_report;
  - samples: domain, cases_inspected, notes;
  - recommendations: position, addressed_to, text;
  - fieldwork: fieldwork_started (YYYY, YYYY-MM or YYYY-MM-DD), source_as_cited_in_report
    (kept in the CSV for readers; the model stores the date and its precision).

Rules of the import:

- All or nothing: one transaction; any error rolls everything back. Errors are
  reported per file, row and column ("inspections_2018_2019.csv row 14:
  overall_rating 'Poor' is not one of ..."), every faulty cell of every row in
  one pass; rows are numbered as a spreadsheet shows them (the header is row 1).
  A publication date in the future is a fault.
- Idempotent: a 2018–20 inspection is matched by provider and publication date, a
  Probation Service one by unit, framework, place in the unit's sequence and date (an
  undated row, or an undated stored inspection, by the first three alone); owners by
  slug, providers and units by short name, ownership periods by provider, owner and
  start. Re-importing the same files changes nothing. A Probation Service file adds
  to a stored inspection only what it does not record; a cell that contradicts what
  is stored is a fault.
- A blank cell in the inspections or ownership file never removes a stored
  value: blank means "this file does not record it" (remove values in the admin).
  A detail file is the complete list of its kind for its inspection: it
  replaces the stored key-question results, facts, samples or recommendations.
- Key-question results take cases_inspected from the samples of the same
  inspection: "2 Case supervision" for 2.x questions, "4.1 Unpaid work" for
  4.1.x, "4.2 Through the Gate" for 4.2.x. A question answered over the relevant
  sub-sample only (relevant_subsample_only=yes) gets cases_inspected blank and
  subsample_of = the whole sample: the sub-sample's size is not stated, so it
  is never invented.
- Every inspection in the 2018–20 inspections file is put in the round `round_slug`
  (default "2018-19", the first round, published 2018-04 to 2019-12); pass
  another round for files of a later round.
- Owners are named by the owner cell up to any bracket; the bracketed words are
  kept as the owner's notes, and "(public sector)" marks a public-sector owner.
  A provider with no ownership rows gets one open-ended period (start and end
  not recorded) under its owner at inspection, sourced to the inspection's
  first source URL; a period that already has a source keeps it.
- Sources accumulate: an inspection's source URLs are added to those stored,
  never put in their place.
- A cell holding a NUL character is a fault of its row and column, like any other.
- One import takes at most MAX_ROWS_PER_IMPORT rows (MAX_ROWS_PER_FILE in one file).
- Dry run: everything is validated against what is stored, by the services' rules, and
  nothing is written: it opens no write transaction and takes no lock an editor's save
  waits for. The report says what would be created or changed.
- Writing: what is created is inserted in bulk (`csv_write`), what is changed goes through
  the services; one transaction, with the league fields of the providers written recomputed
  once and the league tallies rewritten once, as its last step. A confirmed import is
  validated again against the data as it stands then.
"""

from __future__ import annotations

import csv
from pathlib import Path

import reversion
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inspections import league_tallies

from . import csv_probation_service, csv_write
from .csv_crc import (
    DEFAULT_ROUND,
    FACTS,
    FIELDWORK,
    INSPECTIONS,
    KEY_QUESTIONS,
    OWNERSHIP,
    RECOMMENDATIONS,
    SAMPLES,
    SIGNATURES,
    STANDARD_COLUMNS,
    CrcPlanner,
    _parse_target,
    _RowError,
)
from .csv_files import (
    MAX_ERRORS_REPORTED,
    MAX_ROWS_PER_FILE,
    MAX_ROWS_PER_IMPORT,
    NUL_MESSAGE,
    Change,
    ImportReport,
    TooManyRows,
    _nul_faults,
    _read,
)

__all__ = [
    "DEFAULT_ROUND",
    "INSPECTIONS",
    "MAX_ERRORS_REPORTED",
    "MAX_ROWS_PER_FILE",
    "MAX_ROWS_PER_IMPORT",
    "NUL_MESSAGE",
    "OWNERSHIP",
    "STANDARD_COLUMNS",
    "Change",
    "ImportReport",
    "TooManyRows",
    "detect_kind",
    "import_files",
    "import_paths",
]


def detect_kind(header):
    """The kind of file a header makes it (column order does not matter), or None."""
    columns = set(header)
    for kind, required in [*csv_probation_service.SIGNATURES, *SIGNATURES]:
        if required <= columns:
            return kind
    return None


class _Importer(csv_probation_service.ProbationServicePlanner, CrcPlanner):
    """Plans files of both eras in one import, so that one file may name what another creates."""

    def plan(self):
        return {**super().plan(), **self.probation_service_plan()}


def import_files(files, *, dry_run=False, inspection=None, round_slug=DEFAULT_ROUND) -> ImportReport:
    """Import CSV files, all or nothing; returns an `ImportReport` (never raises for bad data).

    `files` is a list of (name, source) where source is a path, a file object
    (text or bytes, e.g. an uploaded file) or the CSV text. Nothing is written
    when the report has errors or when `dry_run` is true.
    """
    report = ImportReport(dry_run=dry_run)
    parsed = []
    for name, source in files:
        try:
            header, rows = _read(name, source)
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            report.errors.append(f"{name}: cannot be read as UTF-8 CSV ({error}).")
            continue
        if any("\x00" in column for column in header):
            report.errors.append(f"{name}: the header {NUL_MESSAGE}")
            continue
        kind = detect_kind(header)
        if kind is None:
            report.errors.append(
                f"{name}: the header ({', '.join(header) or 'empty'}) is not one this importer knows: "
                "the Probation Service's units, former units or inspections; or, for 2018–20, inspections, "
                "ownership, key questions, facts, samples, recommendations or fieldwork."
            )
            continue
        report.files.append((name, kind))
        parsed.append((kind, rows))
    if report.errors:
        return report
    if inspection:
        try:
            _parse_target(inspection)
        except _RowError as error:
            report.errors.append(str(error))
            return report

    total = sum(len(rows) for _, rows in parsed)
    if total > MAX_ROWS_PER_IMPORT:
        report.errors.append(
            f"These files hold {total:,} rows; one import takes at most {MAX_ROWS_PER_IMPORT:,}: import them in parts."
        )
        return report
    for _, rows in parsed:
        report.errors.extend(_nul_faults(rows))
    if report.errors:
        return report

    # Planned from what is stored, outside any transaction: a dry run writes nothing and holds no lock.
    importer = _Importer(inspection=inspection, round_slug=round_slug, report=report)
    importer.load_stored(parsed)
    importer.load_probation_service(parsed)
    for kind in (csv_probation_service.PS_UNITS, csv_probation_service.PS_FORMER_UNITS):
        for file_kind, rows in parsed:
            if file_kind == kind:
                importer.plan_units(kind, rows)
    for kind, rows in parsed:
        if kind == csv_probation_service.PS_INSPECTIONS:
            importer.ps_inspections_file(rows)
    for kind, rows in parsed:
        if kind == INSPECTIONS:
            importer.inspections_file(rows)
    for kind, rows in parsed:
        if kind == OWNERSHIP:
            importer.ownership_file(rows)
    if not report.errors:
        importer.plan_ownership()
    if not report.errors:
        order = {FIELDWORK: 0, SAMPLES: 1, KEY_QUESTIONS: 2, FACTS: 3, RECOMMENDATIONS: 4}
        for kind, rows in sorted((pair for pair in parsed if pair[0] in order), key=lambda pair: order[pair[0]]):
            importer.detail_file(kind, rows)
    if not report.errors:
        importer.plan_inspections()
    if report.errors or dry_run:
        return report
    try:
        with transaction.atomic(), league_tallies.refreshed_once():
            if reversion.is_active():
                csv_write.write(importer.plan())
            else:
                with reversion.create_revision():
                    reversion.set_comment("CSV import: " + ", ".join(name for name, _ in files))
                    csv_write.write(importer.plan())
    except (IntegrityError, ValidationError) as error:
        # The data changed between reading and writing (another editor's save): nothing was written.
        report.errors.append(
            f"The stored data changed while these files were imported, so nothing was written ({error}); "
            "import them again."
        )
    return report


def import_paths(paths, **options) -> ImportReport:
    """`import_files` for file paths, each named by its file name."""
    return import_files([(Path(path).name, Path(path)) for path in paths], **options)
