"""
Read inspection CSV files and write them through `inspections.services` and `providers.services`.

Each file is recognised by its header (column order does not matter):

- inspections: provider_short_name, provider_name, provider_type ("CRC",
  "NPS division"), owner_at_inspection, area, published (YYYY, YYYY-MM or
  YYYY-MM-DD), overall_rating, s1_1_leadership ... s2_4_reviewing,
  s3_1_or_4_1, s3_2_or_4_2 (4.1/4.2 for a CRC, 3.1/3.2 for an NPS division),
  caseload_as_reported, source_urls (separated by " ; "); optional
  fieldwork_started, report_url and notes. overall_rating is one of the four
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
- Idempotent: an inspection is matched by provider and publication date,
  owners by slug, providers by short name, ownership periods by provider, owner
  and start. Re-importing the same files changes nothing.
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
- Every inspection in the inspections file is put in the round `round_slug`
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

import copy
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import reversion
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from inspections import league_tallies, rating_rules
from inspections.models import Inspection, InspectionRound
from inspections.services.field_rules import overall_rating_error, published_date_error, rating_error
from inspections.services.frameworks import framework_for
from inspections.services.inputs import (
    CaseSampleInput,
    FactInput,
    InspectionInput,
    KeyQuestionResultInput,
    RecommendationInput,
    inspection_input,
)
from inspections.services.inspections import _clean_children
from inspections.services.validation import CleanInspection, stored_inspection, validate_inspection
from providers.models import Owner, OwnershipPeriod, Provider, ProviderType
from providers.partial_dates import DatePrecision, iso_partial_date, parse_partial_date, partial_date_input
from providers.services import (
    CREATED,
    UNCHANGED,
    UPDATED,
    create_or_update_owner,
    create_or_update_ownership_period,
    create_or_update_provider,
    owner_slug,
    provider_slug,
)
from providers.validation import clean_text, url_error

from . import csv_write

DEFAULT_ROUND = "2018-19"
SOURCE_SEPARATOR = " ; "
# Far above any real file (a round's inspections file has 28 rows, a detail file a few dozen):
# the limits that keep a hostile or mistaken upload from holding the worker. The largest import
# they allow is validated in seconds (tests/inspections/importers/test_csv_import_scale.py).
MAX_ROWS_PER_FILE = 5_000
MAX_ROWS_PER_IMPORT = 10_000
# The errors an editor is shown of one import; the rest are counted, not listed.
MAX_ERRORS_REPORTED = 50

INSPECTIONS = "inspections"
OWNERSHIP = "ownership"
KEY_QUESTIONS = "key questions"
FACTS = "facts"
SAMPLES = "samples"
RECOMMENDATIONS = "recommendations"
FIELDWORK = "fieldwork"

# kind -> the columns that identify it (all must be present)
SIGNATURES = [
    (INSPECTIONS, {"provider_short_name", "provider_type", "owner_at_inspection", "published", "overall_rating"}),
    (OWNERSHIP, {"provider_short_name", "owner", "from", "to", "source"}),
    (KEY_QUESTIONS, {"key_question", "percent_yes", "relevant_subsample_only"}),
    (FACTS, {"metric", "provider_value", "england_and_wales_value", "target", "unit"}),
    (SAMPLES, {"domain", "cases_inspected"}),
    (RECOMMENDATIONS, {"position", "text"}),
    (FIELDWORK, {"fieldwork_started"}),
]

# inspections-file column -> standard code, by provider type
STANDARD_COLUMNS = {
    "s1_1_leadership": "1.1",
    "s1_2_staff": "1.2",
    "s1_3_services": "1.3",
    "s1_4_information_and_facilities": "1.4",
    "s2_1_assessment": "2.1",
    "s2_2_planning": "2.2",
    "s2_3_implementation_and_delivery": "2.3",
    "s2_4_reviewing": "2.4",
    "s3_1_or_4_1": {"crc": "4.1", "nps": "3.1"},
    "s3_2_or_4_2": {"crc": "4.2", "nps": "3.2"},
}

PROVIDER_TYPES = {
    "crc": ProviderType.CRC,
    "community rehabilitation company": ProviderType.CRC,
    "nps": ProviderType.NPS,
    "nps division": ProviderType.NPS,
    "national probation service division": ProviderType.NPS,
    "pdu": ProviderType.PDU,
    "probation delivery unit": ProviderType.PDU,
}

# services field -> inspections-file column
INSPECTION_COLUMNS = {
    "provider": "provider_short_name",
    "framework": "provider_type",
    "owner_at_inspection": "owner_at_inspection",
    "published_on": "published",
    "fieldwork_started_on": "fieldwork_started",
    "overall_rating": "overall_rating",
    "caseload_as_reported": "caseload_as_reported",
    "report_url": "report_url",
    "inspection_round": "round",
    "overall_rating_derived": "notes",
    "notes": "notes",
}

DERIVED_RATING_NOTE = "overall rating derived"


def rating_is_derived(note):
    """True for a note that begins "Overall rating derived" (the convention of the published files)."""
    return (note or "").strip().lower().startswith(DERIVED_RATING_NOTE)


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


@dataclass
class _Target:
    """One inspection to write: its input plus where each field came from."""

    key: tuple  # (provider short name, published date)
    data: InspectionInput | None = None
    origin: _Origin | None = None
    origins: dict = field(default_factory=dict)
    base_row: _Row | None = None
    key_questions: list | None = None  # [(row, standard, code, percent, subsample_only)]
    samples: list | None = None
    facts: list | None = None
    recommendations: list | None = None
    fieldwork: tuple | None = None  # (row, text)
    existing: Inspection | None = None  # the stored inspection it replaces
    clean: CleanInspection | None = None  # once validated
    before: CleanInspection | None = None  # what is stored, for a change
    action: str | None = None
    rows: tuple | None = None  # (Inspection, [(child model, key, rows)]), unsaved


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


def detect_kind(header):
    columns = set(header)
    for kind, required in SIGNATURES:
        if required <= columns:
            return kind
    return None


def owner_name_and_notes(text):
    """'Purple Futures (Interserve-led consortium)' -> ('Purple Futures', 'Interserve-led consortium')."""
    match = re.match(r"^(?P<name>[^(]+?)\s*\((?P<notes>[^)]*)\)\s*$", text)
    if match:
        return match["name"].strip(), match["notes"].strip()
    return text.strip(), ""


def _parse_target(text):
    short_name, separator, published = (text or "").rpartition("@")
    if not separator or not short_name.strip() or not published.strip():
        raise _RowError(f"--inspection '{text}' must be written '<provider short name>@<published date>'.")
    try:
        date, _ = parse_partial_date(published)
    except ValueError as error:
        raise _RowError(f"--inspection '{text}': {error}") from None
    return short_name.strip(), date


def _format(origin, message, label=None):
    where = f"{origin.file} row {origin.row}"
    if label:
        return f"{where}: {label}: {message}"
    if origin.column:
        separator = " " if message.startswith("'") else ": "
        return f"{where}: {origin.column}{separator}{message}"
    return f"{where}: {message}"


def _sample_prefix(label):
    match = re.match(r"^\s*(\d+(?:\.\d+)*)\b", label or "")
    return match.group(1) if match else None


def _sample_for(code, samples):
    """The (label, size) of the sample a key question is answered over: longest matching prefix."""
    best = None
    for label, size in samples:
        prefix = _sample_prefix(label)
        if prefix and code.startswith(prefix + ".") and (best is None or len(prefix) > len(best[0])):
            best = (prefix, label, size)
    return (best[1], best[2]) if best else (None, None)


@dataclass
class _Planned:
    """An owner, provider or ownership period the import stores: `instance` holds its values (unsaved when
    created, a copy of the stored row when changed); `update` makes the change through the services."""

    instance: object
    action: str
    update: object = None  # () -> None


def _with_values(instance, values):
    for name, value in values.items():
        setattr(instance, name, value)
    return instance


def _changed_copy(stored, values):
    """(instance holding `values`, action): the stored row itself when nothing changes, else a copy."""
    if all(getattr(stored, name) == value for name, value in values.items()):
        return stored, UNCHANGED
    return _with_values(copy.copy(stored), values), UPDATED


def _open_ended_under(period, owner):
    """Whether a period (stored, or planned with an owner perhaps not saved yet) is `owner`'s, start and end not
    recorded."""
    same_owner = period.owner_id == owner.pk if owner.pk is not None else period.owner is owner
    return same_owner and period.started_on is None and period.ended_on is None


class _Importer:
    """Plans an import: reads what is stored in a few queries, validates every row against it and against the
    other rows, and works out what each row would create or change, writing nothing (`csv_write` stores it)."""

    def __init__(self, *, inspection=None, round_slug=DEFAULT_ROUND, report):
        self.default_target = inspection
        self.round_slug = round_slug
        self.report = report
        self.errors = report.errors
        self.owners = {}  # slug -> _Planned
        self.providers = {}  # short name -> _Planned
        self.periods = {}  # (short name, owner slug, start) -> _Planned
        self.periods_of = {}  # short name -> [OwnershipPeriod], as planned
        self.new_provider_slugs = {}  # slug -> short name, of the providers these files create
        self.targets = {}  # (short name, date) -> _Target
        self.framework_cache = {}
        self.frameworks = {}  # (provider type, date) -> Framework

    def load_stored(self, parsed):
        """Read, in a few queries, the stored owners, providers, periods and inspections the files name."""
        short_names, owner_texts = set(), set()
        for kind, rows in parsed:
            for row in rows:
                short_names.add(row.get("provider_short_name"))
                if kind == INSPECTIONS:
                    owner_texts.add(row.get("owner_at_inspection"))
                elif kind == OWNERSHIP:
                    owner_texts.add(row.get("owner"))
        if self.default_target:
            short_names.add(_parse_target(self.default_target)[0])
        names = [owner_name_and_notes(text)[0] for text in owner_texts if text]
        owners = list(Owner.objects.filter(Q(slug__in={owner_slug(name) for name in names}) | Q(name__in=names)))
        self.stored_owners = {owner.slug: owner for owner in owners}
        self.owner_slug_of_name = {owner.name: owner.slug for owner in owners}
        provider_names = {row.get("provider_name") for kind, rows in parsed if kind == INSPECTIONS for row in rows}
        providers = list(
            Provider.objects.filter(
                Q(short_name__in=short_names)
                | Q(slug__in={provider_slug(name) for name in short_names})
                | Q(name__in=provider_names)
            )
        )
        self.stored_by_short_name = {provider.short_name: provider for provider in providers}
        self.stored_by_slug = {provider.slug: provider for provider in providers}
        self.stored_by_name = {provider.name: provider for provider in providers}
        provider_ids = [provider.pk for provider in providers]
        self.stored_inspections = {
            (inspection.provider_id, inspection.published_on): inspection
            for inspection in Inspection.objects.filter(provider_id__in=provider_ids).select_related(
                "provider", "framework", "inspection_round", "owner_at_inspection"
            )
        }
        self.stored_periods = {}  # provider id -> [period]
        for period in OwnershipPeriod.objects.filter(provider_id__in=provider_ids).select_related("owner"):
            self.stored_periods.setdefault(period.provider_id, []).append(period)

    # ---- helpers ----
    def error(self, origin, message, label=None):
        self.errors.append(_format(origin, message, label))

    def record(self, kind, action, label):
        self.report.changes.append(Change(kind, action, label))

    def validation_errors(self, error, origin_for, default_origin):
        for key, messages in error.message_dict.items():
            origin, label = origin_for(key)
            for message in messages:
                self.error(origin or default_origin, message, label)

    def model_errors(self, instance, row, columns, exclude=()):
        """The model's own rules for one row (lengths, allowed values), checked in memory; False if any fails."""
        try:
            instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.error(row.origin(columns.get(key, key)), message)
            return False
        return True

    def framework(self, provider_type, published_on):
        key = (provider_type, published_on)
        if key not in self.frameworks:
            self.frameworks[key] = framework_for(provider_type, published_on)
        return self.frameworks[key]

    # ---- owners and providers (the rules of `providers.services`, checked without writing) ----
    def owner(self, text, row, column):
        name, notes = owner_name_and_notes(text)
        public_sector = notes.lower() == "public sector" or name.lower() == "national probation service"
        if notes.lower() == "public sector":
            notes = ""
        name, notes, slug = clean_text(name), clean_text(notes), owner_slug(name)
        planned = self.owners.get(slug)
        if planned is not None and not notes:
            return planned.instance
        if not slug:
            self.error(row.origin(column), f"'{name}' gives no usable web address (slug).")
            return None
        clash = self.owner_slug_of_name.get(name)
        if clash is not None and clash != slug:
            self.error(row.origin(column), f"Another owner ({clash}) already has the name '{name}'.")
            return None
        stored = self.stored_owners.get(slug)
        if stored is not None:  # a blank never removes what is stored
            notes = notes or stored.notes
            public_sector = public_sector or stored.is_public_sector
        values = {"name": name, "notes": notes, "is_public_sector": public_sector}
        if planned is not None and planned.action == CREATED:
            instance, action = _with_values(planned.instance, values), CREATED  # rows already refer to it
        elif stored is None:
            instance, action = Owner(slug=slug, **values), CREATED
        else:
            instance, action = _changed_copy(stored, values)
        if not self.model_errors(instance, row, {"name": column, "notes": column, "slug": column}):
            return None
        if planned is None:
            self.record("owner", action, slug)
        self.owner_slug_of_name[name] = slug
        self.owners[slug] = _Planned(
            instance,
            action,
            lambda: create_or_update_owner(name=name, notes=notes, is_public_sector=public_sector, slug=slug),
        )
        return instance

    def provider(self, short_name):
        """The provider of that short name: as this import leaves it, else as stored, else None."""
        if short_name in self.providers:
            return self.providers[short_name].instance
        return self.stored_by_short_name.get(short_name)

    def plan_provider(self, row, short_name, provider_type):
        """The provider an inspections-file row names, with the values it gives; None if they cannot be stored."""
        stored = self.stored_by_short_name.get(short_name)
        slug = stored.slug if stored else provider_slug(short_name)
        stored = stored or self.stored_by_slug.get(slug)
        planned = self.providers.get(short_name)
        base = planned.instance if planned else stored
        name = clean_text(row.get("provider_name")) or (base.name if base else "")
        values = {
            "short_name": clean_text(short_name),
            "name": name,
            "provider_type": provider_type,
            "area": clean_text(row.get("area")) or (base.area if base else ""),
            "slug": slug,
            **({"region": None} if provider_type != ProviderType.PDU else {}),
        }
        if not name:
            self.error(row.origin("provider_name"), "Enter the provider's full name.")
            return None
        clash = self.stored_by_name.get(name)
        if clash is not None and clash.short_name != short_name and clash is not stored:
            self.error(
                row.origin("provider_name"), f"Another provider ({clash.short_name}) already has the name '{name}'."
            )
            return None
        other = self.new_provider_slugs.get(slug, short_name) if stored is None else short_name
        if other != short_name:
            self.error(
                row.origin("provider_short_name"),
                f"'{short_name}' gives the same web address as {other}, another provider of these files.",
            )
            return None
        if planned is not None and planned.action == CREATED:
            instance, action = _with_values(planned.instance, values), CREATED  # rows already refer to it
        elif stored is None:
            instance, action = Provider(**values), CREATED
        else:
            instance, action = _changed_copy(stored, values)
        columns = {"name": "provider_name", "short_name": "provider_short_name", "slug": "provider_short_name"}
        if not self.model_errors(instance, row, columns, exclude=["region"]):
            return None
        if planned is None:
            self.record("provider", action, slug)
        if stored is None:
            self.new_provider_slugs[slug] = short_name
        self.stored_by_name[name] = instance
        self.providers[short_name] = _Planned(
            instance,
            action,
            lambda: create_or_update_provider(
                short_name=values["short_name"],
                name=name,
                provider_type=provider_type,
                area=values["area"],
                slug=slug,
            ),
        )
        return instance

    # ---- files ----
    def inspections_file(self, rows):
        round_ = InspectionRound.objects.filter(slug=self.round_slug).first()
        if round_ is None and rows:
            self.error(rows[0].origin("round"), f"there is no inspection round '{self.round_slug}'.")
            return
        for row in rows:
            faults = self.row_faults(row)
            for column, message in faults:
                self.error(row.origin(column), message)
            if faults:
                continue
            short_name = row.get("provider_short_name")
            provider_type = PROVIDER_TYPES[row.get("provider_type").lower()]
            published_on, _ = parse_partial_date(row.get("published"))
            provider = self.plan_provider(row, short_name, provider_type)
            if provider is None:
                continue

            owner = None
            if row.get("owner_at_inspection"):
                owner = self.owner(row.get("owner_at_inspection"), row, "owner_at_inspection")
                if owner is None:
                    continue

            key = (short_name, published_on)
            if key in self.targets:
                self.error(row.origin("published"), f"{short_name} published {row.get('published')} is given twice.")
                continue
            existing = self.stored_inspections.get((provider.pk, published_on)) if provider.pk else None
            framework = self.framework(provider_type, published_on)
            if framework is None:
                self.error(
                    row.origin("provider_type"),
                    f"no framework for {ProviderType(provider_type).short_label} providers is loaded "
                    "(load fixtures/frameworks.json first).",
                )
                continue
            if existing is not None:
                data = inspection_input(existing)
                data.provider = provider
            else:
                data = InspectionInput(provider=provider, framework=framework, published_on=None)
            if existing is None or existing.framework.provider_type != provider_type:
                data.framework = framework
            data.published_on = row.get("published")
            data.inspection_round = round_
            target = _Target(key=key, data=data, origin=row.origin(), base_row=row, existing=existing)
            for name, column in INSPECTION_COLUMNS.items():
                target.origins[name] = row.origin(column)
            target.origins["inspection_round"] = _Origin(row.file, row.number, "--round")
            if owner is not None:
                data.owner_at_inspection = owner
            for column, attribute in (
                ("overall_rating", "overall_rating"),
                ("caseload_as_reported", "caseload_as_reported"),
                ("report_url", "report_url"),
                ("notes", "notes"),
            ):
                value = row.get(column)
                if value:
                    if column == "overall_rating":
                        value = rating_rules.normalise_overall(value) or value
                    setattr(data, attribute, value)
            if rating_is_derived(row.get("notes")):
                data.overall_rating_derived = True
            if row.get("fieldwork_started"):
                data.fieldwork_started_on = row.get("fieldwork_started")
            urls = [url.strip() for url in row.get("source_urls").split(";") if url.strip()]
            if urls:  # added to what is stored, in the order already stored
                data.source_urls = data.source_urls + [url for url in urls if url not in data.source_urls]
                for number in range(1, len(data.source_urls) + 1):
                    target.origins[f"source_url_{number}"] = row.origin("source_urls")
            for column, code in STANDARD_COLUMNS.items():
                if isinstance(code, dict):
                    code = code.get(provider_type)
                    if code is None:
                        continue
                value = row.get(column)
                target.origins[f"rating_{code}"] = row.origin(column)
                if value:
                    data.ratings[code] = rating_rules.normalise_rating(value) or value
            self.targets[key] = target

    def row_faults(self, row):
        """[(column, message)] for every cell of an inspections-file row that cannot be stored.

        Checked before anything is written, so one pass reports every fault of
        every row; the rules themselves are the services'.
        """
        faults = []
        if not row.get("provider_short_name"):
            faults.append(("provider_short_name", "Enter the provider's short name."))
        type_text = row.get("provider_type")
        provider_type = PROVIDER_TYPES.get(type_text.lower())
        if provider_type is None:
            faults.append(("provider_type", f"'{type_text}' is not one of CRC, NPS division, PDU."))
        if message := published_date_error(row.get("published")):
            faults.append(("published", message))
        if row.get("fieldwork_started"):
            try:
                parse_partial_date(row.get("fieldwork_started"))
            except ValueError as error:
                faults.append(("fieldwork_started", str(error)))
        overall = row.get("overall_rating")
        if overall and (message := overall_rating_error(rating_rules.normalise_overall(overall) or overall)):
            faults.append(("overall_rating", message))
        for column, code in STANDARD_COLUMNS.items():
            value = row.get(column)
            if not value:
                continue
            if isinstance(code, dict) and provider_type is not None and code.get(provider_type) is None:
                faults.append((column, f"a {provider_type} provider has no standard in this column."))
            elif message := rating_error(rating_rules.normalise_rating(value) or value):
                faults.append((column, message))
        for url in (url.strip() for url in row.get("source_urls").split(";")):
            if url and (message := url_error(url)):
                faults.append(("source_urls", message))
        if row.get("report_url") and (message := url_error(row.get("report_url"))):
            faults.append(("report_url", message))
        return faults

    def ownership_file(self, rows):
        self.ownership_rows = getattr(self, "ownership_rows", []) + rows

    def plan_ownership(self):
        with_rows = set()
        for row in getattr(self, "ownership_rows", []):
            short_name = row.get("provider_short_name")
            provider = self.provider(short_name)
            if provider is None:
                self.error(
                    row.origin("provider_short_name"),
                    f"'{short_name}' is not a known provider; import the inspections file first or with this one.",
                )
                continue
            with_rows.add(short_name)
            if not row.get("owner"):
                self.error(row.origin("owner"), "Enter the owner.")
                continue
            owner = self.owner(row.get("owner"), row, "owner")
            if owner is None:
                continue
            self.period(
                row,
                provider=provider,
                owner=owner,
                started_on=row.get("from") or None,
                ended_on=row.get("to") or None,
                source_url=row.get("source"),
                columns={"started_on": "from", "ended_on": "to", "source_url": "source"},
            )
        # A provider with no ownership rows: one open-ended period under its owner at inspection.
        for target in self.targets.values():
            data = target.data
            if data.owner_at_inspection is None or target.key[0] in with_rows:
                continue
            provider, owner = data.provider, data.owner_at_inspection
            stored = self.stored_periods.get(provider.pk, []) if provider.pk else []
            periods = [*stored, *self.periods_of.get(target.key[0], [])]
            # Any other period, stored or from these files, records the provider's ownership already.
            if not all(_open_ended_under(period, owner) for period in periods):
                continue
            source_url = next((period.source_url for period in periods if period.source_url), "")
            self.period(
                target.base_row,
                provider=provider,
                owner=owner,
                source_url=source_url or (data.source_urls[0] if data.source_urls else ""),
                columns={"source_url": "source_urls"},
            )

    def period(self, row, *, provider, owner, columns, started_on=None, ended_on=None, source_url=""):
        """Plan a period as `create_or_update_ownership_period` stores it: found by provider, owner and start."""
        faults = []
        started, started_precision, message = partial_date_input(started_on, DatePrecision.DAY)
        if message:
            faults.append(("started_on", message))
        ended, ended_precision, message = partial_date_input(ended_on, DatePrecision.DAY)
        if message:
            faults.append(("ended_on", message))
        if started and ended and ended < started:
            faults.append(("ended_on", "A period cannot end before it starts."))
        source_url = clean_text(source_url)
        if source_url and (message := url_error(source_url)):
            faults.append(("source_url", message))
        for key, message in faults:
            self.error(row.origin(columns.get(key, key)), message)
        if faults:
            return
        values = {
            "started_on": started,
            "started_on_precision": started_precision if started else DatePrecision.DAY,
            "ended_on": ended,
            "ended_on_precision": ended_precision if ended else DatePrecision.DAY,
            "source_url": source_url,
        }
        key = (provider.short_name, owner.slug, started)
        planned = self.periods.get(key)
        stored = None
        if planned is None and provider.pk is not None and owner.pk is not None:
            stored = next(
                (
                    period
                    for period in self.stored_periods.get(provider.pk, [])
                    if period.owner_id == owner.pk and period.started_on == started
                ),
                None,
            )
        if planned is not None and planned.action == CREATED:
            instance, action = _with_values(planned.instance, values), CREATED
        elif stored is None and planned is None:
            instance, action = OwnershipPeriod(provider=provider, owner=owner, **values), CREATED
        else:
            instance, action = _changed_copy(planned.instance if planned else stored, values)
        if not self.model_errors(instance, row, columns, exclude=["provider", "owner"]):
            return
        if planned is None:
            self.record("ownership period", action, f"{provider.slug} under {owner.slug}")
        if planned is None:
            self.periods_of.setdefault(provider.short_name, []).append(instance)
        self.periods[key] = _Planned(
            instance,
            action,
            lambda: create_or_update_ownership_period(
                provider=provider, owner=owner, started_on=started_on, ended_on=ended_on, source_url=source_url
            ),
        )

    def detail_file(self, kind, rows):
        for row in rows:
            try:
                target = self.target_for(row)
            except _RowError as error:
                self.error(row.origin(), str(error))
                continue
            if target is None:
                continue
            if kind == FIELDWORK:
                target.fieldwork = (row, row.get("fieldwork_started"))
                continue
            attribute = {
                KEY_QUESTIONS: "key_questions",
                SAMPLES: "samples",
                FACTS: "facts",
                RECOMMENDATIONS: "recommendations",
            }[kind]
            if getattr(target, attribute) is None:
                setattr(target, attribute, [])
            getattr(target, attribute).append(row)

    def target_for(self, row):
        short_name, published = row.get("provider_short_name"), row.get("published")
        if short_name or published:
            if not (short_name and published):
                raise _RowError("give both provider_short_name and published, or neither (then use --inspection).")
            try:
                date, _ = parse_partial_date(published)
            except ValueError as error:
                raise _RowError(f"published: {error}") from None
            key = (short_name, date)
        elif self.default_target:
            key = _parse_target(self.default_target)
        else:
            raise _RowError(
                "this file names no inspection: add provider_short_name and published columns, "
                "or pass --inspection '<short name>@<published>'."
            )
        if key in self.targets:
            return self.targets[key]
        provider = self.provider(key[0])
        existing = self.stored_inspections.get((provider.pk, key[1])) if provider is not None else None
        if existing is None:
            raise _RowError(
                f"there is no inspection of {key[0]} published {key[1].isoformat()}; "
                "import the inspections file first or with this one."
            )
        target = _Target(key=key, data=inspection_input(existing), origin=row.origin(), existing=existing)
        self.targets[key] = target
        return target

    def apply_details(self, target):
        data = target.data
        if target.fieldwork is not None:
            row, text = target.fieldwork
            data.fieldwork_started_on = text or None
            target.origins["fieldwork_started_on"] = row.origin("fieldwork_started")
        if target.samples is not None:
            data.case_samples = []
            for number, row in enumerate(target.samples, start=1):
                label = row.get("domain")
                prefix = _sample_prefix(label)
                data.case_samples.append(
                    CaseSampleInput(
                        label=label,
                        cases_inspected=row.get("cases_inspected"),
                        notes=row.get("notes"),
                        domain_number=prefix.split(".")[0] if prefix else None,
                    )
                )
                target.origins[f"case_sample_{number}"] = row.origin()
        if target.facts is not None:
            data.facts = []
            for number, row in enumerate(target.facts, start=1):
                data.facts.append(
                    FactInput(
                        metric=row.get("metric"),
                        unit=row.get("unit"),
                        provider_value=row.get("provider_value"),
                        england_and_wales_value=row.get("england_and_wales_value"),
                        target=row.get("target"),
                        source_citation=row.get("source_as_cited_in_report") or row.get("source"),
                    )
                )
                target.origins[f"fact_{number}"] = row.origin()
        if target.recommendations is not None:
            numbered = []
            for row in target.recommendations:
                try:
                    position = int(row.get("position"))
                    if position <= 0:
                        raise ValueError
                except ValueError:
                    self.error(row.origin("position"), f"'{row.get('position')}' is not a positive whole number.")
                    continue
                if position in {number for number, _ in numbered}:
                    self.error(row.origin("position"), f"position {position} is given twice.")
                    continue
                numbered.append((position, row))
            numbered.sort(key=lambda pair: pair[0])
            data.recommendations = []
            for number, (_, row) in enumerate(numbered, start=1):
                data.recommendations.append(
                    RecommendationInput(text=row.get("text"), addressed_to=row.get("addressed_to"))
                )
                target.origins[f"recommendation_{number}"] = row.origin()
        if target.key_questions is not None:
            samples = [(sample.label, sample.cases_inspected) for sample in data.case_samples]
            data.key_question_results = []
            for row in target.key_questions:
                code = row.get("key_question")
                standard = row.get("standard")
                target.origins[f"key_question_{code}"] = row.origin()
                if standard and not code.startswith(standard + "."):
                    self.error(row.origin("standard"), f"key question {code} is not under standard {standard}.")
                    continue
                subsample_only = row.get("relevant_subsample_only").lower()
                if subsample_only not in {"yes", "no", ""}:
                    self.error(
                        row.origin("relevant_subsample_only"),
                        f"'{row.get('relevant_subsample_only')}' is not yes or no.",
                    )
                    continue
                _, size = _sample_for(code, samples)
                cases_column = row.get("cases_inspected")
                if subsample_only == "yes":
                    cases, subsample_of = cases_column or None, size
                else:
                    cases, subsample_of = cases_column or size, None
                data.key_question_results.append(
                    KeyQuestionResultInput(
                        code=code, percent_yes=row.get("percent_yes"), cases_inspected=cases, subsample_of=subsample_of
                    )
                )

    def origin_for(self, target):
        def find(key):
            if key in target.origins:
                origin = target.origins[key]
                label = None
                if key.startswith("key_question_"):
                    label = "key question " + key.removeprefix("key_question_")
                return origin, label
            if key.startswith("rating_"):
                return target.origin, "standard " + key.removeprefix("rating_")
            return target.origin, (None if key == "__all__" else key)

        return find

    def plan_inspections(self):
        """Validate every inspection as the services would store it, and what storing it would do."""
        for target in self.targets.values():
            errors_before = len(self.errors)
            self.apply_details(target)
            if len(self.errors) > errors_before:
                continue
            data = target.data
            owner = data.owner_at_inspection
            # An owner these files create has no id yet: it is set when it is written (csv_write).
            checked = replace(data, owner_at_inspection=None) if owner is not None and owner.pk is None else data
            try:
                clean = validate_inspection(checked, instance=target.existing, framework_cache=self.framework_cache)
                inspection, children = csv_write.inspection_rows(clean, copy.copy(target.existing))
                inspection.full_clean(
                    exclude=csv_write.ROW_CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False
                )
                for model, key, rows in children:
                    if model not in csv_write.CHECKED_IN_FULL:
                        _clean_children(key, rows)
            except ValidationError as error:
                self.validation_errors(error, self.origin_for(target), target.origin)
                continue
            target.clean, target.rows = clean, (inspection, children)
            if target.existing is None:
                target.action = CREATED
            else:
                target.before = stored_inspection(target.existing)
                target.action = UNCHANGED if clean == target.before and checked is data else UPDATED
            self.record(
                "inspection",
                target.action,
                f"{target.key[0]}@{iso_partial_date(clean.published_on, clean.published_on_precision)}",
            )

    def plan(self):
        """What storing the files would do, for `csv_write.write`."""
        return {
            "owners": list(self.owners.values()),
            "providers": list(self.providers.values()),
            "periods": list(self.periods.values()),
            "inspections": [target for target in self.targets.values() if target.clean is not None],
        }


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
                "inspections, ownership, key questions, facts, samples, recommendations or fieldwork."
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
