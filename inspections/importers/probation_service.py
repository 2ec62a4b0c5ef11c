"""
The Probation Service era from its published files: frameworks and programmes, units, inspections.

Reads `fixtures/source/probation_service/` (or `SHARED_DATA_DIR/probation_service/`):

- `frameworks.json`: the five frameworks (their domains and standards, by name: no source
  numbers them, and none has a published scoring rule, so none has bands) and the three
  inspection programmes, stored as rounds of the Probation Service era.
- `units.csv`: the 12 regions and their PDUs, with the other names inspections used for them
  and the CRCs and NPS divisions whose areas they took over ("by area").
- `former_units.csv`: units that no longer exist, and the units that took over their areas.
- `inspections_2022_2026.csv`: one row per inspection. Blank cells stay "not recorded"; a value
  listed in `derived_values` is stored as derived.

Every step is idempotent (natural keys: slugs, names, a unit's inspection under one framework
at one date and place in its sequence), so importing the same files again writes nothing.
Joining follows the data's README: strip " PDU" from an inspection's unit name and match a
unit's name or alias within the same region; region rows match on the region.
"""

import csv
import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps as installed_apps
from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from inspections import rating_rules
from providers.eras import Era, ProviderType
from providers.partial_dates import DatePrecision, parse_partial_date

FRAMEWORKS_FILE = "frameworks.json"
UNITS_FILE = "units.csv"
FORMER_UNITS_FILE = "former_units.csv"
INSPECTIONS_FILE = "inspections_2022_2026.csv"
LIST_SEPARATOR = " ; "
DERIVED_SEPARATOR = " | "
SEQUENCE_NUMBERS = {"first": 1, "second": 2, "third": 3}
# The programme (round) of each framework's inspections; the national inspection belongs to none.
NATIONAL_SHORT_NAME = "Probation Service (national)"
NATIONAL_NAME = "The Probation Service in England and Wales (national arrangements)"
NATIONAL_REGION = "England and Wales"


class ImportFault(Exception):
    """Faults found in the files, every one of them, by file, row and column."""

    def __init__(self, faults):
        self.faults = faults
        super().__init__("\n".join(faults))


def source_dir():
    base = Path(getattr(settings, "SHARED_DATA_DIR", "") or Path(settings.BASE_DIR) / "fixtures" / "source")
    return base / "probation_service"


def _split(text):
    return [part.strip() for part in (text or "").split(LIST_SEPARATOR.strip()) if part.strip()]


def region_short_name(region):
    return f"{region} region"


def pdu_short_name(unit_name):
    return f"{unit_name} PDU"


def column_of(prefix, standard_name):
    """The inspections file's column for a standard: `pdu21_court_work`."""
    return f"{prefix}_{slugify(standard_name).replace('-', '_')}"


# --------------------------------------------------------------------------
# Frameworks and programmes
# --------------------------------------------------------------------------


def read_frameworks(directory=None):
    return json.loads((Path(directory or source_dir()) / FRAMEWORKS_FILE).read_text(encoding="utf-8"))


def ensure_frameworks(apps=installed_apps, directory=None):
    """Create the era's frameworks, domains, standards and rounds that are missing; returns how many rows it added.

    Takes the app registry so that a migration can call it with its historical models.
    """
    Framework = apps.get_model("inspections", "Framework")
    Domain = apps.get_model("inspections", "Domain")
    Standard = apps.get_model("inspections", "Standard")
    InspectionRound = apps.get_model("inspections", "InspectionRound")
    data = read_frameworks(directory)
    added = 0
    for spec in data["frameworks"]:
        framework, created = Framework.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "provider_type": spec["provider_type"],
                "source_url": spec["source_url"],
                "description": spec["description"],
            },
        )
        added += created
        position = 0
        for domain_spec in spec["domains"]:
            domain, created = Domain.objects.get_or_create(
                framework=framework, number=domain_spec["number"], defaults={"name": domain_spec["name"]}
            )
            added += created
            for name in domain_spec["standards"]:
                position += 1
                _, created = Standard.objects.get_or_create(
                    framework=framework,
                    slug=slugify(name),
                    defaults={"domain": domain, "name": name, "code": "", "position": position},
                )
                added += created
    for spec in data["rounds"]:
        _, created = InspectionRound.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "era": Era.PROBATION_SERVICE,
                "started_on": datetime.date.fromisoformat(spec["started_on"]) if spec.get("started_on") else None,
                "description": spec["description"],
            },
        )
        added += created
    return added


def round_of_framework(directory=None):
    """{framework slug: round slug} from `frameworks.json`."""
    return {
        framework: spec["slug"] for spec in read_frameworks(directory)["rounds"] for framework in spec["frameworks"]
    }


# --------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------


@dataclass
class UnitsResult:
    regions: int = 0
    pdus: int = 0
    aliases: int = 0
    successions: int = 0

    @property
    def added(self):
        return self.regions + self.pdus + self.aliases + self.successions


def _read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _provider(Provider, *, short_name, name, provider_type, region=None, defaults=None):
    provider, created = Provider.objects.get_or_create(
        short_name=short_name,
        defaults={
            "name": name,
            "slug": slugify(short_name)[:80],
            "provider_type": provider_type,
            "region": region,
            **(defaults or {}),
        },
    )
    return provider, created


def import_units(directory=None):
    """Regions, PDUs (current and former), their aliases and who took over whose area. Returns `UnitsResult`."""
    from providers.models import Provider, ProviderAlias, Succession, SuccessionBasis

    directory = Path(directory or source_dir())
    rows = _read_csv(directory / UNITS_FILE)
    former = _read_csv(directory / FORMER_UNITS_FILE)
    result = UnitsResult()
    crc_era = {provider.short_name: provider for provider in Provider.objects.of_era(Era.CRC_NPS)}
    faults = []

    def succession(predecessor, successor, basis, note=""):
        _, created = Succession.objects.get_or_create(
            predecessor=predecessor, successor=successor, defaults={"basis": basis, "note": note}
        )
        result.successions += created

    def predecessors_of(unit, row, number):
        for name in _split(row["predecessors"]):
            if name not in crc_era:
                faults.append(f"{UNITS_FILE}, row {number}, predecessors: no CRC or NPS division is called '{name}'.")
                continue
            succession(crc_era[name], unit, SuccessionBasis.BY_AREA)

    regions = {}
    for number, row in enumerate(rows, start=2):
        if row["unit_type"] != "region":
            continue
        region, created = _provider(
            Provider,
            short_name=region_short_name(row["region"]),
            name=f"Probation Service – {row['region']} region",
            provider_type=ProviderType.REGION,
        )
        result.regions += created
        regions[row["region"]] = region
        predecessors_of(region, row, number)

    def pdu(file, number, row, defaults=None):
        """The PDU of a row of `file`, in its region; None (and a fault) where the region is unknown."""
        region = regions.get(row["region"])
        if region is None:
            faults.append(f"{file}, row {number}, region: no region row for '{row['region']}'.")
            return None
        unit, created = _provider(
            Provider,
            short_name=pdu_short_name(row["unit_name"]),
            name=f"{row['unit_name']} Probation Delivery Unit",
            provider_type=ProviderType.PDU,
            region=region,
            defaults=defaults,
        )
        result.pdus += created
        return unit

    units = {}
    for number, row in enumerate(rows, start=2):
        if row["unit_type"] != "pdu":
            continue
        unit = pdu(UNITS_FILE, number, row)
        if unit is None:
            continue
        units[row["unit_name"]] = unit
        for alias in _split(row["aliases"]):
            _, created = ProviderAlias.objects.get_or_create(provider=unit, name=alias)
            result.aliases += created
        predecessors_of(unit, row, number)
    for number, row in enumerate(former, start=2):
        unit = pdu(FORMER_UNITS_FILE, number, row, defaults={"ceased": True, "ceased_note": row["ceased_note"][:400]})
        if unit is None:
            continue
        for name in _split(row["successors"]):
            successor = units.get(name)
            if successor is None:
                faults.append(f"{FORMER_UNITS_FILE}, row {number}, successors: no unit is called '{name}'.")
                continue
            succession(unit, successor, row["successors_basis"] or SuccessionBasis.BY_AREA, row["ceased_note"][:400])
            # The former unit lay in its successors' area, so it took over from the same providers.
            for earlier in Succession.objects.filter(successor=successor, predecessor__in=crc_era.values()):
                succession(earlier.predecessor, unit, SuccessionBasis.BY_AREA)
    if faults:
        raise ImportFault(faults)
    return result


def national_provider():
    from providers.models import Provider

    provider, _ = _provider(
        Provider, short_name=NATIONAL_SHORT_NAME, name=NATIONAL_NAME, provider_type=ProviderType.NATIONAL
    )
    return provider


# --------------------------------------------------------------------------
# Inspections
# --------------------------------------------------------------------------


@dataclass
class InspectionsResult:
    added: int = 0
    unchanged: int = 0
    provider_ids: set = field(default_factory=set)


def _derived_columns(text):
    """{column: how} from a `derived_values` cell ('column = value: how | ...')."""
    derived = {}
    for entry in (text or "").split(DERIVED_SEPARATOR):
        match = re.match(r"\s*([a-z0-9_]+)\s*=", entry)
        if match:
            derived[match[1]] = entry.strip()
    return derived


def _unit_lookup():
    """{(region name, unit name or alias): provider} for PDUs, {region name: provider} for regions."""
    from providers.models import Provider

    pdus, regions = {}, {}
    for provider in Provider.objects.filter(provider_type=ProviderType.REGION):
        regions[provider.short_name.removesuffix(" region")] = provider
    for provider in Provider.objects.filter(provider_type=ProviderType.PDU).select_related("region"):
        if provider.region is None:
            continue
        region = provider.region.short_name.removesuffix(" region")
        pdus[(region, provider.short_name.removesuffix(" PDU"))] = provider
        for alias in provider.aliases.all():
            pdus[(region, alias.name)] = provider
    return pdus, regions


def import_inspections(directory=None):
    """Every inspection of the era's file, with its standard ratings and sources. Returns `InspectionsResult`.

    Raises `ImportFault` listing every fault of every row before anything is written.
    """
    from inspections.models import Framework, Inspection, InspectionRound, InspectionSource, StandardRating

    directory = Path(directory or source_dir())
    rows = _read_csv(directory / INSPECTIONS_FILE)
    frameworks = {
        framework.slug: framework
        for framework in Framework.objects.prefetch_related("standards").filter(
            provider_type__in=Era.PROBATION_SERVICE.provider_types
        )
    }
    rounds = {inspection_round.slug: inspection_round for inspection_round in InspectionRound.objects.all()}
    round_slugs = round_of_framework(directory)
    pdus, regions = _unit_lookup()
    prefixes = {spec["slug"]: spec["column_prefix"] for spec in read_frameworks(directory)["frameworks"]}
    national = None
    planned, faults = [], []
    for number, row in enumerate(rows, start=2):
        where = f"{INSPECTIONS_FILE}, row {number}"
        row_faults = []
        framework = frameworks.get(row["framework"])
        if framework is None:
            row_faults.append(f"{where}, framework: no framework '{row['framework']}' is loaded.")
        unit_type = row["unit_type"]
        if unit_type == "pdu":
            provider = pdus.get((row["region"], row["unit_name"].removesuffix(" PDU").strip()))
        elif unit_type == "region":
            provider = regions.get(row["region"])
        elif unit_type == "national":
            national = national or national_provider()
            provider = national
        else:
            provider = None
            row_faults.append(f"{where}, unit_type: '{unit_type}' is not pdu, region or national.")
        if provider is None and unit_type in ("pdu", "region"):
            row_faults.append(f"{where}, unit_name: no unit '{row['unit_name']}' in the {row['region']} region.")
        derived = _derived_columns(row["derived_values"])
        published_on, precision = None, DatePrecision.DAY
        if row["published"].strip():
            try:
                published_on, precision = parse_partial_date(row["published"])
            except ValueError as error:
                row_faults.append(f"{where}, published: {error}")
        sequence_text = row["inspection_number_for_unit"].strip().lower()
        if sequence_text and sequence_text not in SEQUENCE_NUMBERS:
            row_faults.append(f"{where}, inspection_number_for_unit: '{sequence_text}' is not first or second.")
        overall = rating_rules.normalise_overall(row["overall_rating"])
        if row["overall_rating"].strip() and overall is None:
            row_faults.append(f"{where}, overall_rating: '{row['overall_rating']}' is not a rating.")
        ratings = []
        if framework is not None:
            prefix = prefixes.get(framework.slug, "")
            for standard in framework.standards.all():
                column = column_of(prefix, standard.name)
                text = row.get(column, "").strip()
                if not text:
                    continue
                rating = rating_rules.normalise_rating(text)
                if rating is None:
                    row_faults.append(f"{where}, {column}: '{text}' is not a rating.")
                    continue
                ratings.append((standard, rating, column in derived))
            own_columns = {column_of(prefix, standard.name) for standard in framework.standards.all()}
            for column, value in row.items():
                if re.match(r"^(pdu21|pdu23|reg23)_", column or "") and value.strip() and column not in own_columns:
                    row_faults.append(f"{where}, {column}: a rating outside the row's framework ({framework.slug}).")
        if row_faults:
            faults += row_faults
            continue
        planned.append(
            {
                "provider": provider,
                "framework": framework,
                "inspection_round": rounds.get(round_slugs.get(framework.slug)),
                "published_on": published_on,
                "published_on_precision": precision,
                "published_on_derived": "published" in derived,
                "sequence_in_unit": SEQUENCE_NUMBERS.get(sequence_text),
                "sequence_in_unit_derived": "inspection_number_for_unit" in derived,
                "overall_rating": overall or "",
                "overall_rating_derived": row["overall_rating_derived"].strip().lower() == "true",
                "points_stated": row["points_stated"].strip(),
                "notes": row["notes"].strip(),
                "derived_values": "\n".join(derived.values()),
                "ratings": ratings,
                "sources": _split(row["source_urls"]),
            }
        )
    if faults:
        raise ImportFault(faults)
    result = InspectionsResult()
    with transaction.atomic():
        for values in planned:
            ratings, sources = values.pop("ratings"), values.pop("sources")
            existing = Inspection.objects.filter(
                provider=values["provider"],
                framework=values["framework"],
                published_on=values["published_on"],
                sequence_in_unit=values["sequence_in_unit"],
            ).first()
            if existing is not None:
                result.unchanged += 1
                # Sources accumulate: a later file may add links, never remove them.
                known = set(existing.sources.values_list("url", flat=True))
                start = len(known)
                InspectionSource.objects.bulk_create(
                    InspectionSource(inspection=existing, url=url, position=start + index)
                    for index, url in enumerate(url for url in sources if url not in known)
                )
                continue
            inspection = Inspection.objects.create(**values)
            StandardRating.objects.bulk_create(
                StandardRating(inspection=inspection, standard=standard, rating=rating, derived=is_derived)
                for standard, rating, is_derived in ratings
            )
            InspectionSource.objects.bulk_create(
                InspectionSource(inspection=inspection, url=url, position=index) for index, url in enumerate(sources)
            )
            result.added += 1
            result.provider_ids.add(values["provider"].pk)
    return result


@dataclass
class EraResult:
    frameworks_added: int
    units: UnitsResult
    inspections: InspectionsResult
    ownership_closed: int


def import_probation_service(directory=None):
    """Frameworks, units and inspections of the era, then the league fields of the units touched; all or nothing."""
    from inspections import league_fields
    from providers.services import end_crc_era

    with transaction.atomic():
        frameworks_added = ensure_frameworks(directory=directory)
        closed = end_crc_era()
        units = import_units(directory)
        inspections = import_inspections(directory)
        if inspections.provider_ids:
            league_fields.refresh_providers(inspections.provider_ids)
    return EraResult(frameworks_added, units, inspections, closed)
