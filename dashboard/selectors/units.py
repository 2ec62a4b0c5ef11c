"""The queries behind a Probation Service unit's page (a region, a PDU, the national inspection), and the links
between the eras: which regions and PDUs took over a CRC's or NPS division's area, and the reverse."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch

from inspections import rating_rules
from inspections.chronology import inspection_key
from inspections.models import Inspection, StandardRating
from providers.models import Provider, Succession, UnitCouncil

from ..filters import ProbationServiceFilterSet
from .areas import basis_words
from .frameworks import frameworks_by_id
from .inspections import count_words
from .league import LeagueRow, last_changed, league_rows_for, ranking_set


@dataclass(frozen=True)
class StandardEntry:
    label: str
    name: str
    slug: str
    rating: str | None
    derived: bool


@dataclass
class UnitInspection:
    """One inspection of a unit as its page shows it: its framework's standards, each rated or not recorded."""

    inspection: Inspection
    standards: list[StandardEntry]
    previous_rated: Inspection | None = None

    @property
    def framework(self):
        return self.inspection.framework

    @property
    def rated_count(self):
        return sum(1 for entry in self.standards if entry.rating)

    @property
    def recorded_standards(self):
        return [entry for entry in self.standards if entry.rating]

    @property
    def unrecorded_standards(self):
        """Standards with no recorded rating, named in one line rather than a table row each."""
        return [entry for entry in self.standards if not entry.rating]

    @property
    def standard_count_words(self):
        return count_words(len(self.standards))

    @property
    def derived_lines(self):
        return [line for line in self.inspection.derived_values.splitlines() if line.strip()]

    @property
    def movement(self):
        if self.previous_rated is None:
            return None
        return rating_rules.movement(self.previous_rated.overall_rating, self.inspection.overall_rating)

    @property
    def movement_symbol(self):
        return rating_rules.MOVEMENT_SYMBOLS.get(self.movement, "")


@dataclass(frozen=True)
class Link:
    """A provider of the other era (or a unit before or after a merger), how the link is known, its latest rating."""

    provider: Provider
    basis: str
    note: str
    latest: Inspection | None


@dataclass
class UnitPage:
    provider: Provider
    inspections: list[UnitInspection]  # newest first
    latest: UnitInspection | None  # the latest rated inspection, as the league ranks it
    later_not_rated: list[UnitInspection]
    league_row: LeagueRow | None
    ranked_count: int
    units: Page | None = None  # a region's PDUs, a page at a time: each a Link
    predecessors: list[Link] = field(default_factory=list)
    successors: list[Link] = field(default_factory=list)
    last_changed: object = None
    councils: list = field(default_factory=list)  # a PDU's UnitCouncil links, each with its council

    @property
    def timeline(self):
        return self.inspections

    @property
    def crc_era_predecessors(self):
        return [link for link in self.predecessors if not link.provider.is_probation_service]

    @property
    def former_units(self):
        return [link for link in self.predecessors if link.provider.is_probation_service]


def latest_rated_of(provider_ids):
    """{provider id: its latest rated inspection (or latest, with none rated)}: one query."""
    inspections = Inspection.objects.filter(provider_id__in=provider_ids, is_latest_rated=True)
    return {inspection.provider_id: inspection for inspection in inspections.select_related("inspection_round")}


def _links(successions, other_side):
    """Links to the providers on `other_side` ("predecessor" or "successor") of `successions`, with their latest."""
    successions = list(successions)
    latest = latest_rated_of([getattr(succession, f"{other_side}_id") for succession in successions])
    links = [
        Link(
            provider=getattr(succession, other_side),
            basis=succession.basis,
            note=succession.note,
            latest=latest.get(getattr(succession, f"{other_side}_id")),
        )
        for succession in successions
    ]
    return sorted(links, key=lambda link: (link.provider.provider_type, link.provider.short_name))


def successors_of(provider):
    """The regions and PDUs (or, for a former unit, the units) that took over `provider`'s area: two queries."""
    successions = Succession.objects.filter(predecessor=provider).select_related("successor", "successor__region")
    return _links(successions, "successor")


def predecessors_of(provider):
    successions = Succession.objects.filter(successor=provider).select_related("predecessor")
    return _links(successions, "predecessor")


def _unit_inspections(provider, frameworks):
    inspections = list(
        Inspection.objects.filter(provider=provider)
        .select_related("framework", "inspection_round")
        .prefetch_related(
            Prefetch("standard_ratings", queryset=StandardRating.objects.order_by("standard__position")),
            "sources",
        )
    )
    by_id = {inspection.id: inspection for inspection in inspections}
    views = []
    for inspection in sorted(inspections, key=inspection_key, reverse=True):
        published = {rating.standard_id: rating for rating in inspection.standard_ratings.all()}
        standards = [
            StandardEntry(
                label=standard.label,
                name=standard.name,
                slug=standard.slug,
                rating=published[standard.id].rating if standard.id in published else None,
                derived=published[standard.id].derived if standard.id in published else False,
            )
            for standard in frameworks[inspection.framework_id].standards.all()
        ]
        views.append(UnitInspection(inspection, standards, by_id.get(inspection.previous_rated_id)))
    return views


def councils_of(provider):
    """A PDU's links to the councils it covers, by council name: one query (none for another kind of unit)."""
    if provider.provider_type != "pdu":
        return []
    links = list(UnitCouncil.objects.filter(unit=provider).select_related("council").order_by("council__name"))
    for link in links:
        link.basis_words = basis_words(link.basis)
    return links


# A region of the real data has up to 18 PDUs: one page. Pages keep a region's cost flat however many it has.
UNITS_PER_PAGE = 50


def region_units(region, page_number=1):
    """One page of a region's PDUs, each a Link with its latest rating: three queries. Raises InvalidPage."""
    page = Paginator(region.units.order_by("ceased", "short_name", "id"), UNITS_PER_PAGE).page(page_number)
    latest_of = latest_rated_of([member.id for member in page.object_list])
    page.object_list = [Link(member, "", "", latest_of.get(member.id)) for member in page.object_list]
    return page


def unit_page(provider, units_page=1):
    """Everything a unit's page shows, for a Probation Service provider: a constant number of queries.
    `units_page` is the page of a region's PDUs (InvalidPage when it has no such page)."""
    units = region_units(provider, units_page) if provider.provider_type == "region" else None
    frameworks = frameworks_by_id(with_key_questions=False)
    views = _unit_inspections(provider, frameworks)
    filterset = ProbationServiceFilterSet({})
    ranking = ranking_set(filterset)
    row = league_rows_for(filterset, [provider.id], frameworks, ranking).get(provider.id)
    latest = next((view for view in views if view.inspection.is_latest_rated), None)
    later_not_rated = []
    if latest is not None:
        later_not_rated = [
            view
            for view in views
            if view.inspection.is_not_rated and inspection_key(view.inspection) > inspection_key(latest.inspection)
        ]
    return UnitPage(
        provider=provider,
        inspections=views,
        latest=latest,
        later_not_rated=later_not_rated,
        league_row=row,
        ranked_count=ranking.ranked_count,
        units=units,
        predecessors=predecessors_of(provider),
        councils=councils_of(provider),
        successors=successors_of(provider),
        last_changed=last_changed(),
    )
