"""Which councils and police force areas each provider covers, from the files that state it:
units.csv (each PDU's councils, with how each link is known, and each unit's police force areas)
and provider_areas.csv (each CRC's and NPS division's police force areas).

Written after both the providers (the fixtures) and the places (`manage.py build_places`) exist;
running it again changes nothing.
"""

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from places.models import Council, PoliceForceArea

from .models import AreaLinkBasis, Provider, ProviderPoliceForceArea, ProviderType, UnitCouncil

SEPARATOR = ";"
PROVIDER_AREAS = Path("fixtures/geo/provider_areas.csv")
# Only the North East's grouping of police force areas is stated by a source (units.csv's SOURCES.md).
REGIONS_STATED = {"North East"}


class PlaceLinkFault(ValueError):
    pass


def _split(text):
    return [part.strip() for part in (text or "").split(SEPARATOR) if part.strip()]


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def units_file():
    return Path(settings.SHARED_DATA_DIR) / "probation_service" / "units.csv"


def places_built():
    return Council.objects.exists()


@transaction.atomic
def link_providers_to_places(units_path=None, provider_areas_path=None):
    """Create every link the two files state; returns the number created. PlaceLinkFault lists every
    name that matches no provider, council or police force area."""
    providers = {provider.short_name: provider for provider in Provider.objects.all()}
    councils = {council.name: council for council in Council.objects.all()}
    areas = {area.code: area for area in PoliceForceArea.objects.all()}
    council_links, area_links, faults = [], [], []

    def area_link(provider, code, basis, where):
        if code not in areas:
            faults.append(f"{where}: no police force area has the code '{code}'.")
        else:
            area_links.append(ProviderPoliceForceArea(provider=provider, police_force_area=areas[code], basis=basis))

    for number, row in enumerate(_rows(units_path or units_file()), start=2):
        where = f"units.csv, row {number}"
        if row["unit_type"] == "region":
            short_name = f"{row['region']} region"
            basis = AreaLinkBasis.STATED if row["region"] in REGIONS_STATED else AreaLinkBasis.INFERRED
        else:
            short_name = f"{row['unit_name']} PDU"
            basis = AreaLinkBasis.BY_AREA
        provider = providers.get(short_name)
        if provider is None:
            faults.append(f"{where}: no provider is called '{short_name}'.")
            continue
        for code in _split(row["pfa_codes"]):
            area_link(provider, code, basis, where)
        names, bases = _split(row["local_authorities"]), _split(row["local_authorities_basis"])
        if len(names) != len(bases):
            faults.append(f"{where}: {len(names)} councils but {len(bases)} bases.")
            continue
        for name, council_basis in zip(names, bases, strict=True):
            if name not in councils:
                faults.append(f"{where}: no council is called '{name}'.")
            else:
                council_links.append(UnitCouncil(unit=provider, council=councils[name], basis=council_basis))
    for number, row in enumerate(_rows(provider_areas_path or Path(settings.BASE_DIR) / PROVIDER_AREAS), start=2):
        provider = providers.get(row["provider_short_name"])
        if provider is None:
            faults.append(f"provider_areas.csv, row {number}: no provider is called '{row['provider_short_name']}'.")
            continue
        area_link(provider, row["pfa_code"], row["confidence"], f"provider_areas.csv, row {number}")
    if faults:
        raise PlaceLinkFault("\n".join(faults))
    before = UnitCouncil.objects.count() + ProviderPoliceForceArea.objects.count()
    UnitCouncil.objects.bulk_create(council_links, ignore_conflicts=True)
    ProviderPoliceForceArea.objects.bulk_create(area_links, ignore_conflicts=True)
    return UnitCouncil.objects.count() + ProviderPoliceForceArea.objects.count() - before


def council_area_disagreements():
    """Each council linked to a PDU whose police force areas do not include the council's own
    (found from its postcodes); [] when the geography and the stated links agree."""
    unit_areas = {}
    for link in ProviderPoliceForceArea.objects.filter(provider__provider_type=ProviderType.PDU):
        unit_areas.setdefault(link.provider_id, set()).add(link.police_force_area_id)
    found = []
    for link in UnitCouncil.objects.select_related("unit", "council__police_force_area"):
        area = link.council.police_force_area
        if area is None or area.pk not in unit_areas.get(link.unit_id, set()):
            found.append(
                f"{link.council} lies in {area or 'no police force area'}, which {link.unit} is not linked to."
            )
    return found
