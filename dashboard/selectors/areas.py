"""
The queries behind a council's area page: who has supervised people on probation there, in both eras.

Today a council is covered by one Probation Delivery Unit (or, for a council split along lines no
source publishes, several), each in a region (providers.UnitCouncil, from units.csv, with how each
link is known). Before June 2021 it was covered by the Community Rehabilitation Company and the
National Probation Service division of the police force area it lies in (providers.ProviderPoliceForceArea,
from provider_areas.csv): links made by geography, "by area". Every read here is a constant number of
queries, whatever the number of councils, units or inspections.
"""

from dataclasses import dataclass, field

from django.utils.text import capfirst

from inspections.chronology import inspection_key
from inspections.models import Inspection
from places.models import Council, DirectoryVersion
from providers.models import AreaLinkBasis, Era, Provider, ProviderPoliceForceArea, ProviderType, UnitCouncil

from ..charts import geo
from .league import last_changed, not_rated_kind

# How a link between a council and a provider is known, as the area page words it.
BASIS_WORDS = {
    AreaLinkBasis.STATED: "stated by a source",
    AreaLinkBasis.ESTATE_DATA: "from the Probation Service's estate data",
    AreaLinkBasis.NAME: "from the unit's name",
    AreaLinkBasis.INFERRED: "inferred",
    AreaLinkBasis.BY_AREA: "by area",
}
# A region is linked to a council through the council's PDU.
THROUGH_PDU = "through its PDU"
# How provider_areas.csv knows that a CRC or NPS division covered a police force area.
AREA_LIST_WORDS = {
    AreaLinkBasis.CONFIRMED: "a source confirms that it covered that area",
    AreaLinkBasis.PARTIAL: "a source confirms only part of its list of areas",
}
CRC_ERA_TYPES = (ProviderType.CRC, ProviderType.NPS)


def basis_words(basis):
    return BASIS_WORDS.get(basis, basis)


@dataclass
class AreaProvider:
    """A provider that covers (or covered) the council: how the link is known, its latest rating and what
    came after that rating without one."""

    provider: Provider
    basis: str  # an AreaLinkBasis value, or THROUGH_PDU for a region
    latest: Inspection | None = None  # its latest rated inspection (its latest, with none rated)
    later_not_rated: list = field(default_factory=list)  # TimelineEntry of each later one that carries no rating
    area_list_basis: str = ""  # a CRC's or division's: how its police force areas are known

    @property
    def basis_words(self):
        return basis_words(self.basis)

    @property
    def area_list_words(self):
        return AREA_LIST_WORDS.get(self.area_list_basis, "")

    @property
    def type_label(self):
        return ProviderType(self.provider.provider_type).short_label


@dataclass(frozen=True)
class TimelineEntry:
    """One inspection of a provider that covers or covered the council."""

    inspection: Inspection
    link: AreaProvider

    @property
    def provider(self):
        return self.link.provider

    @property
    def era(self):
        """ "crc-nps" or "probation-service" (providers.models.Era)."""
        return Era.CRC_NPS.value if self.provider.provider_type in CRC_ERA_TYPES else Era.PROBATION_SERVICE.value

    @property
    def not_rated_kind(self):
        if not self.inspection.is_not_rated:
            return ""
        return not_rated_kind(self.provider.provider_type, self.inspection.framework.slug)


@dataclass
class AreaPage:
    council: Council
    pdus: list[AreaProvider]
    regions: list[AreaProvider]
    crc_era: list[AreaProvider]  # CRCs first, then NPS divisions
    timeline: list[TimelineEntry]  # newest first
    directory: DirectoryVersion | None
    last_changed: object = None

    @property
    def is_split(self):
        """Whether the council is split between PDUs along lines no source publishes."""
        return len(self.pdus) > 1

    @property
    def area_share_label(self):
        """The share of the council's sampled postcodes that lie in its police force area: "99.8%"; never rounded
        up to "100%" when some lie outside."""
        share = self.council.police_force_area_share
        if share is None:
            return ""
        if share >= 1:
            return "all"
        return f"{min(share * 100, 99.9):.1f}%"

    @property
    def crcs(self):
        return [link for link in self.crc_era if link.provider.provider_type == ProviderType.CRC]

    @property
    def nps_divisions(self):
        return [link for link in self.crc_era if link.provider.provider_type == ProviderType.NPS]

    @property
    def today(self):
        return [*self.pdus, *self.regions]

    @property
    def timeline_today(self):
        return [entry for entry in self.timeline if entry.provider.provider_type not in CRC_ERA_TYPES]

    @property
    def timeline_before(self):
        return [entry for entry in self.timeline if entry.provider.provider_type in CRC_ERA_TYPES]

    @property
    def map_provider(self):
        """The provider whose drawn area is the smallest that contains the council (fewest police force areas;
        a CRC before a region or division of the same size), or None when none has a shape."""
        areas = geo.provider_areas()
        drawn = [link.provider for link in [*self.crc_era, *self.regions] if link.provider.slug in areas]
        order = {ProviderType.CRC: 0, ProviderType.REGION: 1, ProviderType.NPS: 2}
        drawn.sort(key=lambda provider: (len(areas[provider.slug].police_force_areas), order[provider.provider_type]))
        return drawn[0] if drawn else None

    @property
    def map_area(self):
        provider = self.map_provider
        return geo.provider_areas().get(provider.slug) if provider else None


def _council(slug):
    return Council.objects.select_related("police_force_area").filter(slug=slug).first()


def _attach_inspections(links):
    """Every inspection of the linked providers, newest first, as timeline entries; each link's latest rating
    set from them: one query."""
    by_provider = {link.provider.id: link for link in links}
    inspections = sorted(
        Inspection.objects.filter(provider_id__in=by_provider).select_related("framework", "inspection_round"),
        key=inspection_key,
        reverse=True,
    )
    for inspection in inspections:
        link = by_provider[inspection.provider_id]
        inspection.provider = link.provider
        if inspection.is_latest_rated:
            link.latest = inspection
    for inspection in inspections:
        link = by_provider[inspection.provider_id]
        if (
            link.latest is not None
            and inspection.is_not_rated
            and inspection_key(inspection) > inspection_key(link.latest)
        ):
            link.later_not_rated.append(TimelineEntry(inspection, link))
    return [TimelineEntry(inspection, by_provider[inspection.provider_id]) for inspection in inspections]


def area_page(slug):
    """Everything a council's area page shows, or None for an unknown slug: six queries, however many
    units, providers and inspections there are."""
    council = _council(slug)
    if council is None:
        return None
    unit_links = UnitCouncil.objects.filter(council=council).select_related("unit__region").order_by("unit__short_name")
    pdus = [AreaProvider(link.unit, link.basis) for link in unit_links]
    regions = {}
    for link in pdus:
        region = link.provider.region
        if region is not None and region.id not in regions:
            regions[region.id] = AreaProvider(region, THROUGH_PDU)
    crc_era = []
    if council.police_force_area_id is not None:
        area_links = (
            ProviderPoliceForceArea.objects.filter(
                police_force_area_id=council.police_force_area_id, provider__provider_type__in=CRC_ERA_TYPES
            )
            .select_related("provider")
            .order_by("provider__provider_type", "provider__short_name")
        )
        crc_era = [
            AreaProvider(link.provider, AreaLinkBasis.BY_AREA, area_list_basis=link.basis) for link in area_links
        ]
    links = [*pdus, *regions.values(), *crc_era]
    timeline = _attach_inspections(links)
    return AreaPage(
        council=council,
        pdus=pdus,
        regions=list(regions.values()),
        crc_era=crc_era,
        timeline=timeline,
        directory=DirectoryVersion.objects.order_by("-built_at").first(),
        last_changed=last_changed(),
    )


@dataclass(frozen=True)
class IndexEntry:
    council: Council
    pdus: list  # Provider list, by name


@dataclass(frozen=True)
class IndexGroup:
    letter: str
    entries: list


def area_index():
    """Every council A–Z, grouped by first letter, with the PDUs it is linked to: two queries."""
    councils = list(Council.objects.order_by("name"))
    pdus = {}
    for link in UnitCouncil.objects.select_related("unit").order_by("unit__short_name"):
        pdus.setdefault(link.council_id, []).append(link.unit)
    groups = {}
    for council in councils:
        letter = capfirst(council.name[:1])
        groups.setdefault(letter, []).append(IndexEntry(council, pdus.get(council.id, [])))
    return [IndexGroup(letter, entries) for letter, entries in groups.items()]
