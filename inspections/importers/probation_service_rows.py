"""
Reading one row of the Probation Service era's files: what it says, or the faults of its cells.

Used by the CSV import (`csv_probation_service`), through which `manage.py import_probation_service` loads the
era's folder too. A reader is given what it needs to look up (frameworks, programmes, units) and returns
`(values, faults)`, faults as `(column, message)`, which the import words with their file and row. Blank cells
stay "not recorded".

The inspections file names a standard's column `<prefix>_<standard slug>` (`pdu21_court_work`): the prefix is
the framework's own (`column_prefix` where stored), else the one `frameworks.json` gives it, else its slug
with "-" as "_" (a framework defined later in the admin).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.text import slugify

from inspections import rating_rules
from inspections.services.field_rules import published_date_error
from providers.eras import Era, ProviderType
from providers.partial_dates import DatePrecision, parse_partial_date
from providers.validation import url_error

LIST_SEPARATOR = " ; "
DERIVED_SEPARATOR = " | "
SEQUENCE_NUMBERS = {"first": 1, "second": 2, "third": 3}
UNIT_TYPES = {"pdu": ProviderType.PDU, "region": ProviderType.REGION, "national": ProviderType.NATIONAL}
NATIONAL_SHORT_NAME = "Probation Service (national)"
NATIONAL_NAME = "The Probation Service in England and Wales (national arrangements)"
TRUE_FALSE = {"true": True, "false": False, "": False}
POINTS_MAX_LENGTH = 20

# The columns that tell each file apart (all must be present).
UNITS_COLUMNS = {"unit_name", "unit_type", "region", "aliases", "predecessors"}
FORMER_UNITS_COLUMNS = {"unit_name", "unit_type", "region", "successors", "ceased_note"}
INSPECTIONS_COLUMNS = {"unit_name", "unit_type", "region", "framework", "published", "inspection_number_for_unit"}


def split_list(text):
    return [part.strip() for part in (text or "").split(LIST_SEPARATOR.strip()) if part.strip()]


def region_short_name(region):
    return f"{region} region"


def region_name(region):
    return f"Probation Service – {region} region"


def pdu_short_name(unit_name):
    return f"{unit_name} PDU"


def pdu_name(unit_name):
    return f"{unit_name} Probation Delivery Unit"


def column_of(prefix, standard_name):
    """The inspections file's column for a standard: `pdu21_court_work`."""
    return f"{prefix}_{slugify(standard_name).replace('-', '_')}"


def column_prefix(framework, listed=None):
    """The start of a framework's standard columns: stored, else listed in frameworks.json, else from its slug."""
    stored = getattr(framework, "column_prefix", "")
    if stored:
        return stored
    if listed and listed.get(framework.slug):
        return listed[framework.slug]
    return framework.slug.replace("-", "_")


def derived_columns(text):
    """{column: how} from a `derived_values` cell ('column = value: how | ...')."""
    derived = {}
    for entry in (text or "").split(DERIVED_SEPARATOR):
        match = re.match(r"\s*([a-z0-9_]+)\s*=", entry)
        if match:
            derived[match[1]] = entry.strip()
    return derived


def cell(row, column):
    return (row.get(column) or "").strip()


@dataclass
class FrameworkColumns:
    """A framework as the inspections file gives it: its standards by column, and its programme."""

    framework: object
    columns: dict  # column -> Standard
    inspection_round: object | None


def framework_columns(frameworks, prefixes, rounds_of, rounds):
    """{framework slug: FrameworkColumns} for the era's stored frameworks (`frameworks` prefetched with standards).

    `prefixes` and `rounds_of` are what frameworks.json lists ({slug: prefix}, {slug: round slug}); `rounds` the
    stored rounds by slug. A framework's programme is its stored one where the model links them.
    """
    described = {}
    for framework in frameworks:
        if framework.provider_type not in Era.PROBATION_SERVICE.provider_types:
            continue
        prefix = column_prefix(framework, prefixes)
        inspection_round = getattr(framework, "inspection_round", None)
        if inspection_round is None:
            inspection_round = rounds.get(rounds_of.get(framework.slug))
        described[framework.slug] = FrameworkColumns(
            framework,
            {column_of(prefix, standard.name): standard for standard in framework.standards.all()},
            inspection_round,
        )
    return described


class InspectionRowReader:
    """Reads rows of `inspections_2022_2026.csv`.

    `find_unit(unit_type, region, name)` returns the unit a row names (a PDU by name or alias within its region,
    with " PDU" stripped; a region by its name; the national unit) or None.
    """

    def __init__(self, frameworks, find_unit):
        self.frameworks = frameworks  # {slug: FrameworkColumns}
        self.find_unit = find_unit
        self.standard_columns = {column for described in frameworks.values() for column in described.columns}

    def read(self, row):
        """(values for an Inspection and its children, or None; [(column, message)])."""
        faults = []
        described = self.frameworks.get(cell(row, "framework"))
        if described is None:
            known = ", ".join(sorted(self.frameworks)) or "none"
            faults.append(
                (
                    "framework",
                    f"no framework '{cell(row, 'framework')}' is stored (the era's frameworks stored: {known}); "
                    "an administrator defines a new one in the admin first.",
                )
            )
        unit_type = UNIT_TYPES.get(cell(row, "unit_type"))
        unit = None
        if unit_type is None:
            faults.append(("unit_type", f"'{cell(row, 'unit_type')}' is not pdu, region or national."))
        else:
            name = cell(row, "unit_name").removesuffix(" PDU").strip()
            unit = self.find_unit(unit_type, cell(row, "region"), name)
            if unit is None:
                faults.append(("unit_name", f"no unit '{cell(row, 'unit_name')}' in the {cell(row, 'region')} region."))
        if described is not None and unit_type is not None and described.framework.provider_type != unit_type:
            faults.append(
                (
                    "framework",
                    f"{described.framework.slug} rates {ProviderType(described.framework.provider_type).label} "
                    f"units, not a {cell(row, 'unit_type')}.",
                )
            )
        derived = derived_columns(row.get("derived_values"))
        published_on, precision = None, DatePrecision.DAY
        if cell(row, "published"):
            try:
                published_on, precision = parse_partial_date(cell(row, "published"))
            except ValueError as error:
                faults.append(("published", str(error)))
            else:
                if message := published_date_error(published_on):
                    faults.append(("published", message))
        sequence_text = cell(row, "inspection_number_for_unit").lower()
        if sequence_text and sequence_text not in SEQUENCE_NUMBERS:
            faults.append(("inspection_number_for_unit", f"'{sequence_text}' is not first, second or third."))
        overall = rating_rules.normalise_overall(cell(row, "overall_rating"))
        if cell(row, "overall_rating") and overall is None:
            faults.append(("overall_rating", f"'{cell(row, 'overall_rating')}' is not a rating."))
        overall_derived = cell(row, "overall_rating_derived").lower()
        if overall_derived not in TRUE_FALSE:
            faults.append(("overall_rating_derived", f"'{overall_derived}' is not true or false."))
        points = cell(row, "points_stated")
        if len(points) > POINTS_MAX_LENGTH:
            faults.append(("points_stated", f"at most {POINTS_MAX_LENGTH} characters, as stated (e.g. '1/27')."))
        sources = split_list(row.get("source_urls"))
        for url in sources:
            if message := url_error(url):
                faults.append(("source_urls", message))
        ratings = []
        if described is not None:
            for column, standard in described.columns.items():
                text = cell(row, column)
                if not text:
                    continue
                rating = rating_rules.normalise_rating(text)
                if rating is None:
                    faults.append((column, f"'{text}' is not a rating."))
                    continue
                ratings.append((standard, rating, column in derived))
            for column in sorted(self.standard_columns - set(described.columns)):
                if cell(row, column):
                    faults.append((column, f"a rating outside the row's framework ({described.framework.slug})."))
        if faults:
            return None, faults
        return {
            "provider": unit,
            "framework": described.framework,
            "inspection_round": described.inspection_round,
            "published_on": published_on,
            "published_on_precision": precision,
            "published_on_derived": "published" in derived,
            "sequence_in_unit": SEQUENCE_NUMBERS.get(sequence_text),
            "sequence_in_unit_derived": "inspection_number_for_unit" in derived,
            "overall_rating": overall or "",
            "overall_rating_derived": TRUE_FALSE[overall_derived],
            "points_stated": points,
            "notes": cell(row, "notes"),
            "editor_notes": cell(row, "editor_notes"),
            "derived_values": "\n".join(derived.values()),
            "ratings": ratings,
            "sources": list(dict.fromkeys(sources)),
        }, []
