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
- Dry run: everything is validated and written through the same services,
  then rolled back; the report says what would have been created or changed.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from inspections import rating_rules
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
from inspections.services.inspections import save_inspection
from providers.models import Owner, OwnershipPeriod, Provider, ProviderType
from providers.partial_dates import parse_partial_date
from providers.services import (
    CREATED,
    UNCHANGED,
    UPDATED,
    create_or_update_owner,
    create_or_update_ownership_period,
    create_or_update_provider,
    owner_slug,
)
from providers.validation import url_error

DEFAULT_ROUND = "2018-19"
SOURCE_SEPARATOR = " ; "
# Far above any real file (a round's inspections file has 28 rows, a detail file a few dozen):
# the limits that keep a hostile or mistaken upload from holding the worker.
MAX_ROWS_PER_FILE = 5_000
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


class _Importer:
    def __init__(self, *, inspection=None, round_slug=DEFAULT_ROUND, report):
        self.default_target = inspection
        self.round_slug = round_slug
        self.report = report
        self.errors = report.errors
        self.owners = {}  # slug -> Owner
        self.providers = {}  # short name -> Provider
        self.targets = {}  # (short name, date) -> _Target
        self.framework_cache = {}

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

    # ---- owners and providers ----
    def owner(self, text, row, column):
        name, notes = owner_name_and_notes(text)
        public_sector = notes.lower() == "public sector" or name.lower() == "national probation service"
        if notes.lower() == "public sector":
            notes = ""
        slug = owner_slug(name)
        if slug in self.owners and not notes:
            return self.owners[slug]
        stored = Owner.objects.filter(slug=slug).first()
        if stored is not None:  # a blank never removes what is stored
            notes = notes or stored.notes
            public_sector = public_sector or stored.is_public_sector
        try:
            owner, action = create_or_update_owner(name=name, notes=notes, is_public_sector=public_sector, slug=slug)
        except ValidationError as error:
            for messages in error.message_dict.values():
                for message in messages:
                    self.error(row.origin(column), message)
            return None
        if slug not in self.owners:
            self.record("owner", action, owner.slug)
        self.owners[slug] = owner
        return owner

    def provider(self, short_name):
        if short_name not in self.providers:
            provider = Provider.objects.filter(short_name=short_name).first()
            if provider is None:
                return None
            self.providers[short_name] = provider
        return self.providers[short_name]

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
            stored = Provider.objects.filter(short_name=short_name).first()
            try:
                provider, action = create_or_update_provider(
                    short_name=short_name,
                    name=row.get("provider_name") or (stored.name if stored else ""),
                    provider_type=provider_type,
                    area=row.get("area") or (stored.area if stored else ""),
                    slug=stored.slug if stored else None,
                )
            except ValidationError as error:
                for key, messages in error.message_dict.items():
                    column = {"name": "provider_name", "short_name": "provider_short_name"}.get(key, key)
                    for message in messages:
                        self.error(row.origin(column), message)
                continue
            if short_name not in self.providers:
                self.record("provider", action, provider.slug)
            self.providers[short_name] = provider

            owner = None
            if row.get("owner_at_inspection"):
                owner = self.owner(row.get("owner_at_inspection"), row, "owner_at_inspection")
                if owner is None:
                    continue

            key = (short_name, published_on)
            if key in self.targets:
                self.error(row.origin("published"), f"{short_name} published {row.get('published')} is given twice.")
                continue
            existing = Inspection.objects.filter(provider=provider, published_on=published_on).first()
            framework = framework_for(provider_type, published_on)
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
            target = _Target(key=key, data=data, origin=row.origin(), base_row=row)
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

    def write_ownership(self):
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
            provider = data.provider
            others = OwnershipPeriod.objects.filter(provider=provider).exclude(
                owner=data.owner_at_inspection, started_on__isnull=True, ended_on__isnull=True
            )
            if others.exists():
                continue
            stored = OwnershipPeriod.objects.filter(
                provider=provider, owner=data.owner_at_inspection, started_on__isnull=True, ended_on__isnull=True
            ).first()
            source_url = stored.source_url if stored and stored.source_url else ""
            self.period(
                target.base_row,
                provider=provider,
                owner=data.owner_at_inspection,
                source_url=source_url or (data.source_urls[0] if data.source_urls else ""),
                columns={"source_url": "source_urls"},
            )

    def period(self, row, *, columns, **values):
        try:
            period, action = create_or_update_ownership_period(**values)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.error(row.origin(columns.get(key, key)), message)
            return
        self.record("ownership period", action, f"{period.provider.slug} under {period.owner.slug}")

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
        existing = (
            Inspection.objects.filter(provider=provider, published_on=key[1]).first() if provider is not None else None
        )
        if existing is None:
            raise _RowError(
                f"there is no inspection of {key[0]} published {key[1].isoformat()}; "
                "import the inspections file first or with this one."
            )
        target = _Target(key=key, data=inspection_input(existing), origin=row.origin())
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

    def write_inspections(self):
        for target in self.targets.values():
            errors_before = len(self.errors)
            self.apply_details(target)
            if len(self.errors) > errors_before:
                continue
            try:
                inspection, action = save_inspection(target.data, framework_cache=self.framework_cache)
            except ValidationError as error:
                self.validation_errors(error, self.origin_for(target), target.origin)
                continue
            self.record("inspection", action, f"{target.key[0]}@{inspection.published_iso}")


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

    with transaction.atomic():
        importer = _Importer(inspection=inspection, round_slug=round_slug, report=report)
        for kind, rows in parsed:
            if kind == INSPECTIONS:
                importer.inspections_file(rows)
        for kind, rows in parsed:
            if kind == OWNERSHIP:
                importer.ownership_file(rows)
        if not report.errors:
            importer.write_ownership()
        if not report.errors:
            order = {FIELDWORK: 0, SAMPLES: 1, KEY_QUESTIONS: 2, FACTS: 3, RECOMMENDATIONS: 4}
            for kind, rows in sorted((pair for pair in parsed if pair[0] in order), key=lambda pair: order[pair[0]]):
                importer.detail_file(kind, rows)
        if not report.errors:
            importer.write_inspections()
        if report.errors or dry_run:
            transaction.set_rollback(True)
    return report


def import_paths(paths, **options) -> ImportReport:
    """`import_files` for file paths, each named by its file name."""
    return import_files([(Path(path).name, Path(path)) for path in paths], **options)
