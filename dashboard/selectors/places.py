"""What /data/ and the methodology say of the places data: which ONS packages the councils and the postcode
lookup were built from, when, how many, under which licence, and how units are linked to councils.

Four queries whatever the number of councils or links.
"""

from dataclasses import dataclass

from django.db.models import Count, Min, Q

from places import directory
from places.models import Council, DirectoryVersion
from providers.models import AreaLinkBasis, UnitCouncil

# What each basis of units.csv's council links means (fixtures/source/probation_service/SOURCES.md).
BASIS_NOTES = {
    AreaLinkBasis.STATED: "a quoted source names the councils the unit covers, or its offices or courts there",
    AreaLinkBasis.ESTATE_DATA: (
        "a local delivery unit or team of the unit in the Probation Service's estate data (June 2025) carries "
        "the council's name, or an office town in it"
    ),
    AreaLinkBasis.NAME: "the unit's name alone",
    AreaLinkBasis.INFERRED: (
        "stated by no source: \u201cthe rest of the county\u201d, or every district of a county-named unit; "
        "every uncertain link is counted here"
    ),
}
# Councils linked to several units named on the page; beyond this (synthetic data at scale) only counted.
SPLIT_COUNCILS_SHOWN = 10


@dataclass(frozen=True)
class LinkCount:
    basis: str
    label: str
    links: int
    note: str = ""


@dataclass(frozen=True)
class PlacesData:
    version: DirectoryVersion | None  # None until `manage.py build_places` has run
    councils: int
    councils_in_wales: int
    councils_named_since_2021: int
    police_force_areas: int
    lowest_police_force_area_share: float | None
    link_counts: list
    split_councils: list  # names of councils linked to more than one PDU, at most SPLIT_COUNCILS_SHOWN
    more_split_councils: bool
    postcodes_package: str = directory.POSTCODES_PACKAGE
    authorities_package: str = directory.AUTHORITIES_PACKAGE
    licence: str = directory.LICENCE
    licence_url: str = directory.LICENCE_URL
    attribution: str = directory.ATTRIBUTION
    sample_per_council: int = directory.SAMPLE_PER_COUNCIL

    @property
    def built(self):
        return self.version is not None

    @property
    def councils_in_england(self):
        return self.councils - self.councils_in_wales

    @property
    def unit_links(self):
        return sum(count.links for count in self.link_counts)


def places_data():
    version = DirectoryVersion.objects.order_by("-built_at").first()
    totals = Council.objects.aggregate(
        councils=Count("id"),
        in_wales=Count("id", filter=Q(country="Wales")),
        named_since_2021=Count("id", filter=~Q(name_source="")),
        police_force_areas=Count("police_force_area", distinct=True),
        lowest_share=Min("police_force_area_share"),
    )
    by_basis = dict(UnitCouncil.objects.values_list("basis").annotate(links=Count("id")).order_by())
    labels = dict(AreaLinkBasis.choices)
    link_counts = [
        LinkCount(basis, labels.get(basis, basis), links, BASIS_NOTES.get(basis, ""))
        for basis, links in sorted(by_basis.items(), key=lambda item: (-item[1], item[0]))
    ]
    split_councils = list(
        Council.objects.annotate(units=Count("unit_links"))
        .filter(units__gt=1)
        .order_by("name")
        .values_list("name", flat=True)[: SPLIT_COUNCILS_SHOWN + 1]
    )
    return PlacesData(
        version=version,
        councils=totals["councils"],
        councils_in_wales=totals["in_wales"],
        councils_named_since_2021=totals["named_since_2021"],
        police_force_areas=totals["police_force_areas"],
        lowest_police_force_area_share=totals["lowest_share"],
        link_counts=link_counts,
        split_councils=split_councils[:SPLIT_COUNCILS_SHOWN],
        more_split_councils=len(split_councils) > SPLIT_COUNCILS_SHOWN,
    )
