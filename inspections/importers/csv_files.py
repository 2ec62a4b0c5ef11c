"""
Reading the CSV files of an import, within its limits, and what an import reports.

A file is read as a stream of UTF-8 text (with or without a byte-order mark) and refused past
MAX_ROWS_PER_FILE rows; a cell holding a NUL character is a fault of its row and column. Every
fault is worded with its file, row (as a spreadsheet numbers it: the header is row 1) and column.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from providers.services import CREATED, UNCHANGED, UPDATED

# Far above any real file (a round's inspections file has 28 rows, a detail file a few dozen):
# the limits that keep a hostile or mistaken upload from holding the worker. The largest import
# they allow is validated in seconds (tests/inspections/importers/test_csv_import_scale.py).
MAX_ROWS_PER_FILE = 5_000
MAX_ROWS_PER_IMPORT = 10_000
# The errors an editor is shown of one import; the rest are counted, not listed.
MAX_ERRORS_REPORTED = 50


@dataclass
class Change:
    kind: str  # "owner", "provider", "ownership period", "inspection"
    action: str  # CREATED / UPDATED / UNCHANGED
    label: str


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would have done)."""

    dry_run: bool = False
    files: list[tuple[str, str]] = field(default_factory=list)  # (file name, kind)
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def written(self):
        return self.ok and not self.dry_run

    def counts(self):
        """Counter of (kind, action)."""
        return Counter((change.kind, change.action) for change in self.changes)

    def summary_lines(self):
        verb = {
            CREATED: "would create" if self.dry_run else "created",
            UPDATED: "would update" if self.dry_run else "updated",
            UNCHANGED: "unchanged",
        }
        lines = []
        for kind in ("owner", "provider", "ownership period", "inspection"):
            parts = []
            for action in (CREATED, UPDATED, UNCHANGED):
                number = self.counts()[(kind, action)]
                if number:
                    parts.append(f"{number} {verb[action]}")
            if parts:
                lines.append(f"{kind}s: {', '.join(parts)}")
        return lines

    def change_lines(self):
        prefix = "would be " if self.dry_run else ""
        return [
            f"{change.kind} {change.label}: {prefix}{change.action}"
            for change in self.changes
            if change.action != UNCHANGED
        ]


class _RowError(Exception):
    pass


@dataclass
class _Origin:
    file: str
    row: int
    column: str | None = None


@dataclass
class _Row:
    file: str
    number: int
    values: dict

    def get(self, column):
        return (self.values.get(column) or "").strip()

    def origin(self, column=None):
        return _Origin(self.file, self.number, column)


class TooManyRows(csv.Error):
    """A file longer than MAX_ROWS_PER_FILE: refused before its rows are held in memory."""


def _text_stream(source):
    """(stream, owned): a text stream over `source`, decoded as it is read (UTF-8, with or without a
    byte-order mark); `owned` when the stream is ours to close, not the caller's file."""
    if isinstance(source, Path):
        return source.open(encoding="utf-8-sig", newline=""), True
    if isinstance(source, (bytes, bytearray)):
        return io.TextIOWrapper(io.BytesIO(bytes(source)), encoding="utf-8-sig", newline=""), True
    if isinstance(source, str):
        return io.StringIO(source, newline=""), True
    if isinstance(source.read(0), (bytes, bytearray)):
        return io.TextIOWrapper(source, encoding="utf-8-sig", newline=""), False
    return source, False


def _read(name, source):
    """(header, rows) from a Path, a text/bytes file object, bytes or a string of CSV.

    Only a Path is read from disk: a string is always CSV text, never a file name. The file is
    read as a stream and refused (TooManyRows) past MAX_ROWS_PER_FILE rows, so its size in rows,
    not only in bytes, bounds the memory and time an import takes.
    """
    stream, owned = _text_stream(source)
    try:
        reader = csv.DictReader(stream)
        header = [column.strip().lstrip("\ufeff") for column in (reader.fieldnames or [])]
        reader.fieldnames = header
        rows = []
        for index, row in enumerate(reader):
            if index == MAX_ROWS_PER_FILE:
                raise TooManyRows(
                    f"it has more than {MAX_ROWS_PER_FILE:,} rows, the most one file may hold; "
                    "split it into smaller files"
                )
            rows.append(_Row(name, index + 2, row))
    finally:
        if owned:
            stream.close()
        elif stream is not source:
            stream.detach()  # leave the caller's file open
    return header, rows


NUL_MESSAGE = "contains a NUL character (\\x00), which a cell cannot hold; save the file again as plain UTF-8 CSV."


def _nul_faults(rows):
    """Every cell holding a NUL character: no database stores one in text, so it is a fault of the file."""
    faults = []
    for row in rows:
        for column, value in row.values.items():
            cells = value if isinstance(value, list) else [value]  # cells past the header's columns come as a list
            if any("\x00" in (cell or "") for cell in cells):
                faults.append(_format(row.origin(column or "a cell past the last column"), NUL_MESSAGE))
    return faults


def _format(origin, message, label=None):
    where = f"{origin.file} row {origin.row}"
    if label:
        return f"{where}: {label}: {message}"
    if origin.column:
        separator = " " if message.startswith("'") else ": "
        return f"{where}: {origin.column}{separator}{message}"
    return f"{where}: {message}"
