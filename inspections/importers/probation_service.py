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

The frameworks and programmes are stored here (a migration calls `ensure_frameworks` with its
historical models); the three CSV files go through the CSV import (`csv_import`, whose
`csv_probation_service` plans them and `probation_service_rows` reads each row), as an editor's
upload of them would, with its change records. Every step is idempotent (natural keys: slugs,
names, a unit's inspection under one framework at one date and place in its sequence), so
importing the same files again writes nothing. Joining follows the data's README: strip " PDU"
from an inspection's unit name and match a unit's name or alias within the same region; region
rows match on the region.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps as installed_apps
from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from providers.eras import Era, ProviderType

from .probation_service_rows import region_short_name

__all__ = ["ImportFault", "ensure_frameworks", "import_probation_service", "region_short_name", "source_dir"]

FRAMEWORKS_FILE = "frameworks.json"
UNITS_FILE = "units.csv"
FORMER_UNITS_FILE = "former_units.csv"
INSPECTIONS_FILE = "inspections_2022_2026.csv"


class ImportFault(Exception):
    """Faults found in the files, every one of them, by file, row and column."""

    def __init__(self, faults):
        self.faults = faults
        super().__init__("\n".join(faults))


def source_dir():
    base = Path(getattr(settings, "SHARED_DATA_DIR", "") or Path(settings.BASE_DIR) / "fixtures" / "source")
    return base / "probation_service"


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
    # A framework's column prefix and programme are stored from migration 0011 on; an earlier migration's
    # models have neither.
    stored_fields = {model_field.name for model_field in Framework._meta.get_fields()}
    added, created_frameworks = 0, []
    for spec in data["frameworks"]:
        framework, created = Framework.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "provider_type": spec["provider_type"],
                "source_url": spec["source_url"],
                "description": spec["description"],
                **({"column_prefix": spec.get("column_prefix", "")} if "column_prefix" in stored_fields else {}),
            },
        )
        added += created
        if created:
            created_frameworks.append(framework)
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
    if "inspection_round" in stored_fields:
        round_of = round_of_framework(directory)
        for framework in created_frameworks:
            if framework.slug in round_of:
                framework.inspection_round = InspectionRound.objects.get(slug=round_of[framework.slug])
                framework.save(update_fields=["inspection_round"])
    return added


def round_of_framework(directory=None):
    """{framework slug: round slug} from `frameworks.json`."""
    return {
        framework: spec["slug"] for spec in read_frameworks(directory)["rounds"] for framework in spec["frameworks"]
    }


# --------------------------------------------------------------------------
# Units and inspections, through the CSV import
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


@dataclass
class InspectionsResult:
    added: int = 0
    unchanged: int = 0


@dataclass
class EraResult:
    frameworks_added: int
    units: UnitsResult
    inspections: InspectionsResult
    ownership_closed: int


def _unit_counts():
    from providers.models import Provider, ProviderAlias, Succession

    return UnitsResult(
        regions=Provider.objects.filter(provider_type=ProviderType.REGION).count(),
        pdus=Provider.objects.filter(provider_type=ProviderType.PDU).count(),
        aliases=ProviderAlias.objects.count(),
        successions=Succession.objects.count(),
    )


def import_probation_service(directory=None):
    """Frameworks and programmes, then the units and inspections of the era's files through the CSV import (with
    its change records), and the league fields of the units touched; all or nothing.

    Raises `ImportFault` listing every fault of every row, by file, row and column, having written nothing.
    """
    from providers.services import CREATED, UNCHANGED, UPDATED, end_crc_era

    from . import csv_import

    directory = Path(directory or source_dir())
    with transaction.atomic():
        frameworks_added = ensure_frameworks(directory=directory)
        closed = end_crc_era()
        before = _unit_counts()
        report = csv_import.import_paths(
            [directory / UNITS_FILE, directory / FORMER_UNITS_FILE, directory / INSPECTIONS_FILE]
        )
        if report.errors:
            raise ImportFault(report.errors)  # rolls back the frameworks and the closed periods too
        after = _unit_counts()
    counts = report.counts()
    units = UnitsResult(
        **{name: getattr(after, name) - getattr(before, name) for name in ("regions", "pdus", "aliases", "successions")}
    )
    inspections = InspectionsResult(
        added=counts[("inspection", CREATED)],
        unchanged=counts[("inspection", UNCHANGED)] + counts[("inspection", UPDATED)],
    )
    return EraResult(frameworks_added, units, inspections, closed)
