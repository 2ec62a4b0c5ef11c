"""
The Probation Service era's kinds of CSV file, planned for the CSV import; nothing is written here (`csv_write`).

- units (`units.csv`): regions and PDUs, with the other names inspections used for them (`aliases`) and the CRCs
  and NPS divisions whose areas they took over (`predecessors`, by short name).
- former units (`former_units.csv`): PDUs that no longer exist, and the units that took over their areas.
- inspections (`inspections_2022_2026.csv`): one row per inspection, read by `probation_service_rows`.

A unit is matched by its short name ("Gwent PDU", "Wales region"), an inspection by its unit, framework,
publication date (or none: an undated row) and place in the unit's sequence. A stored inspection keeps what it
holds: the file may add sources and fill what is not recorded, and a cell that says otherwise than what is stored
is a fault (correct the stored inspection in the admin). The frameworks are reference data: a row naming a
framework that is not stored is a fault, never a framework created. Each inspection goes in its framework's
programme, whatever the round chosen for a 2018–20 inspections file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from inspections.models import Framework, Inspection, InspectionRound
from providers.eras import Era, ProviderType
from providers.models import Provider, ProviderAlias, Succession, SuccessionBasis
from providers.services import CREATED, UNCHANGED, UPDATED

from . import probation_service as era_files
from .csv_plan import _Planned
from .probation_service_rows import (
    FORMER_UNITS_COLUMNS,
    INSPECTIONS_COLUMNS,
    NATIONAL_NAME,
    NATIONAL_SHORT_NAME,
    UNITS_COLUMNS,
    InspectionRowReader,
    cell,
    framework_columns,
    pdu_name,
    pdu_short_name,
    region_name,
    region_short_name,
    split_list,
)

PS_UNITS = "Probation Service units"
PS_FORMER_UNITS = "Probation Service former units"
PS_INSPECTIONS = "Probation Service inspections"
SIGNATURES = [
    (PS_INSPECTIONS, INSPECTIONS_COLUMNS),
    (PS_FORMER_UNITS, FORMER_UNITS_COLUMNS),
    (PS_UNITS, UNITS_COLUMNS),
]
KINDS = {kind for kind, _ in SIGNATURES}
# What a file may fill in a stored inspection where it records nothing, and how the fault names a difference.
FILLED_FIELDS = {
    "overall_rating": "overall_rating",
    "points_stated": "points_stated",
    "inspection_round": "the framework's programme",
}


@dataclass
class PlannedInspection:
    """One inspection of the era to store: created whole, or a stored one given more sources or values."""

    values: dict
    label: str
    existing: Inspection | None = None
    action: str = CREATED
    filled: dict = field(default_factory=dict)  # field -> value, where the stored inspection records none
    new_ratings: list = field(default_factory=list)  # [(standard, rating, derived)]
    new_sources: list = field(default_factory=list)


def era_file_specs():
    """({framework slug: column prefix}, {framework slug: round slug}) as frameworks.json lists them, if at hand."""
    try:
        specs = era_files.read_frameworks()
    except (OSError, ValueError):
        return {}, {}
    return (
        {spec["slug"]: spec.get("column_prefix", "") for spec in specs.get("frameworks", [])},
        {framework: spec["slug"] for spec in specs.get("rounds", []) for framework in spec.get("frameworks", [])},
    )


class ProbationServicePlanner:
    """The era's files, planned after what is stored, alongside the 2018–20 kinds (`csv_plan.Planner`)."""

    def load_probation_service(self, parsed):
        kinds = {kind for kind, _ in parsed}
        self.ps_inspections = []
        self.ps_aliases, self.ps_successions = [], []
        if not kinds & KINDS:
            return
        self.regions, self.pdus, self.units_by_short_name = {}, {}, {}
        for provider in Provider.objects.of_era(Era.PROBATION_SERVICE).select_related("region"):
            self.units_by_short_name[provider.short_name] = provider
            if provider.provider_type == ProviderType.REGION:
                self.regions[provider.short_name.removesuffix(" region")] = provider
        for alias in ProviderAlias.objects.filter(provider__provider_type=ProviderType.PDU).select_related(
            "provider__region"
        ):
            self._add_pdu_name(alias.provider, alias.name)
        for provider in self.units_by_short_name.values():
            if provider.provider_type == ProviderType.PDU:
                self._add_pdu_name(provider, provider.short_name.removesuffix(" PDU"))
        self.stored_aliases = set(ProviderAlias.objects.values_list("provider_id", "name"))
        self.stored_successions = set(Succession.objects.values_list("predecessor_id", "successor_id"))
        self.planned_successions = set()
        self.crc_era = {provider.short_name: provider for provider in Provider.objects.of_era(Era.CRC_NPS)}
        self.unit_slugs = set(Provider.objects.values_list("slug", flat=True))
        self.unit_names = set(Provider.objects.values_list("name", flat=True))
        self.taken_dates = set()  # (unit id, date): one inspection of a unit a day
        self.stored_ps_inspections = {}  # (unit, framework, place in sequence) -> [Inspection]
        for inspection in Inspection.objects.filter(
            provider__provider_type__in=Era.PROBATION_SERVICE.provider_types
        ).prefetch_related("sources", "standard_ratings"):
            key = (inspection.provider_id, inspection.framework_id, inspection.sequence_in_unit)
            self.stored_ps_inspections.setdefault(key, []).append(inspection)
            self.taken_dates.add((inspection.provider_id, inspection.published_on))
        prefixes, rounds_of = era_file_specs()
        self.described = framework_columns(
            Framework.objects.prefetch_related("standards"),
            prefixes,
            rounds_of,
            {inspection_round.slug: inspection_round for inspection_round in InspectionRound.objects.all()},
        )

    def _add_pdu_name(self, provider, name):
        if provider.region is not None:
            self.pdus[(provider.region.short_name.removesuffix(" region"), name)] = provider

    # ---- units ----
    def plan_units(self, kind, rows):
        if kind == PS_UNITS:
            self.units_file(rows)
        else:
            self.former_units_file(rows)

    def plan_unit(self, row, *, short_name, name, provider_type, region=None, **values):
        """The unit a row names: as stored (by short name), else planned for creation; None where it cannot be."""
        stored = self.units_by_short_name.get(short_name) or self.crc_era.get(short_name)
        if stored is not None:
            if stored.provider_type != provider_type:
                kind = stored.get_provider_type_display()
                self.error(row.origin("unit_name"), f"{short_name} is stored as a {kind}.")
                return None
            if short_name not in self.providers:
                self.record("provider", UNCHANGED, stored.slug)
                self.providers[short_name] = _Planned(stored, UNCHANGED)
            return stored
        slug = slugify(short_name)[:80]
        instance = Provider(
            short_name=short_name, name=name, slug=slug, provider_type=provider_type, region=region, **values
        )
        faults = []
        if slug in self.unit_slugs:
            faults.append(("unit_name", f"'{short_name}' gives the same web address ({slug}) as another provider."))
        if name in self.unit_names:
            faults.append(("unit_name", f"another provider already has the name '{name}'."))
        try:
            instance.full_clean(exclude=["region"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            faults += [("unit_name", message) for messages in error.message_dict.values() for message in messages]
        for column, message in faults:
            self.error(row.origin(column), message)
        if faults:
            return None
        self.unit_slugs.add(slug)
        self.unit_names.add(name)
        self.units_by_short_name[short_name] = instance
        self.providers[short_name] = _Planned(instance, CREATED)
        self.record("provider", CREATED, slug)
        return instance

    def plan_succession(self, predecessor, successor, basis, note=""):
        pair = (predecessor.pk, successor.pk)
        if None not in pair and pair in self.stored_successions:
            return
        if (id(predecessor), id(successor)) in self.planned_successions:
            return
        self.planned_successions.add((id(predecessor), id(successor)))
        self.ps_successions.append(Succession(predecessor=predecessor, successor=successor, basis=basis, note=note))

    def plan_predecessors(self, row, unit):
        for name in split_list(row.get("predecessors")):
            predecessor = self.crc_era.get(name)
            if predecessor is None:
                self.error(row.origin("predecessors"), f"no CRC or NPS division is called '{name}'.")
                continue
            self.plan_succession(predecessor, unit, SuccessionBasis.BY_AREA)

    def units_file(self, rows):
        """Region rows first, so that a PDU row may name a region of the same file."""
        for row in sorted(rows, key=lambda row: cell(row, "unit_type") != "region"):
            unit_type, region_text, unit_name = cell(row, "unit_type"), cell(row, "region"), cell(row, "unit_name")
            if not unit_name or not region_text:
                self.error(row.origin("unit_name" if not unit_name else "region"), "Enter it: it cannot be blank.")
                continue
            if unit_type == "region":
                region = self.plan_unit(
                    row,
                    short_name=region_short_name(region_text),
                    name=region_name(region_text),
                    provider_type=ProviderType.REGION,
                )
                if region is not None:
                    self.regions[region_text] = region
                    self.plan_predecessors(row, region)
            elif unit_type == "pdu":
                unit = self.plan_pdu(row)
                if unit is None:
                    continue
                for alias in split_list(row.get("aliases")):
                    self._add_pdu_name(unit, alias)
                    known = (unit.pk if unit.pk is not None else id(unit), alias)
                    if known not in self.stored_aliases:
                        self.stored_aliases.add(known)
                        self.ps_aliases.append(ProviderAlias(provider=unit, name=alias))
                self.plan_predecessors(row, unit)
            else:
                self.error(row.origin("unit_type"), f"'{unit_type}' is not region or pdu.")

    def plan_pdu(self, row, **values):
        region = self.regions.get(cell(row, "region"))
        if region is None:
            self.error(row.origin("region"), f"no region '{cell(row, 'region')}' is stored or in these files.")
            return None
        unit = self.plan_unit(
            row,
            short_name=pdu_short_name(cell(row, "unit_name")),
            name=pdu_name(cell(row, "unit_name")),
            provider_type=ProviderType.PDU,
            region=region,
            **values,
        )
        if unit is not None:
            unit.region = unit.region or region
            self._add_pdu_name(unit, cell(row, "unit_name"))
        return unit

    def former_units_file(self, rows):
        for row in rows:
            note = cell(row, "ceased_note")[:400]
            unit = self.plan_pdu(row, ceased=True, ceased_note=note)
            if unit is None:
                continue
            basis = cell(row, "successors_basis") or SuccessionBasis.BY_AREA
            if basis not in SuccessionBasis.values:
                known = ", ".join(SuccessionBasis.values)
                self.error(row.origin("successors_basis"), f"'{basis}' is not one of {known}.")
                continue
            for name in split_list(row.get("successors")):
                successor = self.pdus.get((cell(row, "region"), name))
                if successor is None:
                    self.error(row.origin("successors"), f"no unit '{name}' in the {cell(row, 'region')} region.")
                    continue
                self.plan_succession(unit, successor, basis, note)
                # The former unit lay in its successor's area, so it took over from the same providers.
                earlier = [
                    succession.predecessor
                    for succession in self.ps_successions
                    if succession.successor is successor and succession.predecessor.short_name in self.crc_era
                ]
                if successor.pk is not None:
                    earlier += list(
                        Provider.objects.filter(
                            successions__successor=successor, provider_type__in=Era.CRC_NPS.provider_types
                        )
                    )
                for predecessor in earlier:
                    self.plan_succession(predecessor, unit, SuccessionBasis.BY_AREA)

    # ---- inspections ----
    def find_unit(self, unit_type, region, name):
        if unit_type == ProviderType.PDU:
            return self.pdus.get((region, name))
        if unit_type == ProviderType.REGION:
            return self.regions.get(region)
        national = self.units_by_short_name.get(NATIONAL_SHORT_NAME)
        if national is None:
            national = Provider(
                short_name=NATIONAL_SHORT_NAME,
                name=NATIONAL_NAME,
                slug=slugify(NATIONAL_SHORT_NAME),
                provider_type=ProviderType.NATIONAL,
            )
            self.units_by_short_name[NATIONAL_SHORT_NAME] = national
            self.providers[NATIONAL_SHORT_NAME] = _Planned(national, CREATED)
            self.record("provider", CREATED, national.slug)
        return national

    def ps_inspections_file(self, rows):
        reader = InspectionRowReader(self.described, self.find_unit)
        seen = {}
        for row in rows:
            values, faults = reader.read(row)
            for column, message in faults:
                self.error(row.origin(column), message)
            if values is None:
                continue
            provider = values["provider"]
            key = (id(provider), values["framework"].pk, values["published_on"], values["sequence_in_unit"])
            if key in seen:
                self.error(row.origin("published"), f"the same inspection as row {seen[key]}.")
                continue
            seen[key] = row.number
            date = values["published_on"].isoformat() if values["published_on"] else "undated"
            planned = PlannedInspection(values, f"{provider.short_name} ({values['framework'].slug}, {date})")
            existing = self.stored_match(row, values)
            if existing is False:
                continue
            if existing is not None:
                self.compare_with_stored(row, planned, existing)
            elif values["published_on"] is not None:
                taken = (provider.pk if provider.pk is not None else id(provider), values["published_on"])
                if taken in self.taken_dates:
                    self.error(
                        row.origin("published"),
                        f"{provider.short_name} already has an inspection published on {values['published_on']}.",
                    )
                    continue
                self.taken_dates.add(taken)
            self.record("inspection", planned.action, planned.label)
            self.ps_inspections.append(planned)

    def stored_match(self, row, values):
        """The stored inspection a row is: same unit, framework, place in the sequence and date; or, where one
        of the two records no date, the only such inspection. False (and a fault) where several could be."""
        if values["provider"].pk is None:
            return None
        candidates = self.stored_ps_inspections.get(
            (values["provider"].pk, values["framework"].pk, values["sequence_in_unit"]), []
        )
        same_date = [inspection for inspection in candidates if inspection.published_on == values["published_on"]]
        if same_date:
            return same_date[0]
        open_date = [
            inspection for inspection in candidates if inspection.published_on is None or values["published_on"] is None
        ]
        if len(open_date) > 1:
            self.error(
                row.origin("published"),
                f"{len(open_date)} stored inspections of {values['provider'].short_name} under "
                f"{values['framework'].slug} could be this row: give its date and place in the sequence.",
            )
            return False
        if open_date:
            return open_date[0]
        if candidates and values["sequence_in_unit"] is not None:
            stored = candidates[0]
            self.error(
                row.origin("published"),
                f"the stored {stored.sequence_label or 'same'} inspection of {values['provider'].short_name} under "
                f"{values['framework'].slug} is dated {stored.published_on.isoformat()}: correct the stored "
                "inspection in the admin, or the file.",
            )
            return False
        return None

    def compare_with_stored(self, row, planned, existing):
        """What the row adds to a stored inspection; a fault for each cell that says otherwise than is stored."""
        planned.existing, values = existing, planned.values
        faults = []
        for name, column in FILLED_FIELDS.items():
            given, stored = values[name], getattr(existing, name)
            if given in ("", None) or given == stored:
                continue
            if stored in ("", None):
                planned.filled[name] = given
            else:
                faults.append((column if name != "inspection_round" else "framework", stored, given))
        if existing.published_on is None and values["published_on"] is not None:
            for name in ("published_on", "published_on_precision", "published_on_derived"):
                planned.filled[name] = values[name]
        if "overall_rating" in planned.filled:
            planned.filled["overall_rating_derived"] = values["overall_rating_derived"]
        stored_ratings = {rating.standard_id: rating.rating for rating in existing.standard_ratings.all()}
        columns = {standard.pk: column for column, standard in self.described[values["framework"].slug].columns.items()}
        for standard, rating, derived in values["ratings"]:
            stored = stored_ratings.get(standard.pk)
            if stored is None:
                planned.new_ratings.append((standard, rating, derived))
            elif stored != rating:
                faults.append((columns[standard.pk], stored, rating))
        for column, stored, given in faults:
            self.error(
                row.origin(column),
                f"the stored inspection holds '{stored}', this file '{given}': correct the stored inspection in "
                "the admin, or the file.",
            )
        known = {source.url for source in existing.sources.all()}
        planned.new_sources = [url for url in values["sources"] if url not in known]
        changed = planned.filled or planned.new_ratings or planned.new_sources
        planned.action = UPDATED if changed and not faults else UNCHANGED

    def probation_service_plan(self):
        return {
            "aliases": self.ps_aliases,
            "successions": self.ps_successions,
            "ps_inspections": [planned for planned in self.ps_inspections if planned.action != UNCHANGED],
        }
