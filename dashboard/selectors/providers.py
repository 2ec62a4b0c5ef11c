"""The queries behind a provider's drilldown page."""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch

from inspections import rating_rules
from inspections.chronology import inspection_key
from inspections.models import Inspection
from providers.models import OwnershipPeriod, Provider

from ..filters import LeagueFilterSet
from .distributions import standard_distributions
from .frameworks import frameworks_by_id
from .inspections import InspectionView, inspection_view, with_report_relations
from .league import LeagueRow, league_position, league_rows_for, ranking_set
from .units import successors_of


@dataclass(frozen=True)
class RatingCell:
    """One standard's rating at one inspection, and how it moved since the last inspection that recorded it."""

    rating: str | None
    movement: str | None
    published_label: str = ""  # the inspection's date
    since: str = ""  # the date of the inspection it moved from

    @property
    def movement_symbol(self):
        return rating_rules.MOVEMENT_SYMBOLS.get(self.movement, "")


@dataclass(frozen=True)
class StandardAcross:
    code: str
    name: str
    cells: list  # RatingCell per inspection, oldest first

    @property
    def recorded(self):
        return any(cell.rating for cell in self.cells)


@dataclass
class TimelineEntry:
    """One inspection in the provider's timeline, with what changed since the one before."""

    view: InspectionView
    previous_rated: InspectionView | None
    changes: list  # sentences

    @property
    def inspection(self):
        return self.view.inspection

    @property
    def movement(self):
        previous = self.previous_rated.inspection.overall_rating if self.previous_rated else None
        return rating_rules.movement(previous, self.inspection.overall_rating)

    @property
    def movement_symbol(self):
        return rating_rules.MOVEMENT_SYMBOLS.get(self.movement, "")


@dataclass
class ProviderPage:
    provider: Provider
    latest: InspectionView | None  # the latest rated inspection, as the league ranks it
    later_not_rated: list[InspectionView]  # published after `latest` without an overall rating
    inspections: list[InspectionView]  # every inspection, newest first
    ownership_periods: list
    current_owner: object
    last_period: object  # the latest ownership period: a CRC's last owner, until its contract ended in June 2021
    successors: list  # the regions and PDUs that took over its area (units.Link)
    league_row: LeagueRow | None
    league_size: int
    joint_with: int
    distributions: dict
    last_changed: object

    @property
    def past(self):
        return [view for view in self.inspections if view is not self.latest]

    @property
    def timeline(self):
        return timeline(list(reversed(self.inspections)))

    @cached_property
    def _every_standard_across(self):
        return standards_across(list(reversed(self.inspections)))

    @property
    def standards_across(self):
        """The standards recorded at one inspection at least; the rest are named in one line."""
        return [row for row in self._every_standard_across if row.recorded]

    @property
    def standards_never_recorded(self):
        return [row for row in self._every_standard_across if not row.recorded]


def _standard_movement(before, after):
    return rating_rules.movement(before, after) if before and after else None


def standards_across(views):
    """The standards (by code, in framework order) across inspections given oldest first."""
    names = {}
    for view in views:
        for standard in view.standards:
            names.setdefault(standard.code, (standard.position, standard.name))
    rows = []
    for code, (_, name) in sorted(names.items(), key=lambda item: item[1][0]):
        cells, last_recorded, recorded_on = [], None, ""
        for view in views:
            rating = next((standard.rating for standard in view.standards if standard.code == code), None)
            movement = _standard_movement(last_recorded, rating)
            cells.append(RatingCell(rating, movement, view.inspection.published_label, recorded_on))
            if rating:
                last_recorded, recorded_on = rating, view.inspection.published_label
        rows.append(StandardAcross(code, name, cells))
    return rows


def _changes(before, after):
    """Sentences saying what differs between two inspections of a provider."""
    lines = []
    old, new = before.inspection.overall_rating, after.inspection.overall_rating
    if new == rating_rules.NOT_RATED:
        lines.append("No overall rating was published.")
    elif old in rating_rules.RATINGS and new in rating_rules.RATINGS:
        lines.append(f"Overall: {old} → {new} ({rating_rules.movement(old, new)}).")
    old_ratings = {standard.code: standard.rating for standard in before.standards}
    for standard in after.standards:
        previous = old_ratings.get(standard.code)
        if previous and standard.rating:
            lines.append(
                f"{standard.code} {standard.name}: {previous} → {standard.rating} "
                f"({rating_rules.movement(previous, standard.rating)})."
            )
    recorded_before = sum(1 for rating in old_ratings.values() if rating)
    if not any(standard.rating and old_ratings.get(standard.code) for standard in after.standards):
        lines.append(
            f"No standard is recorded at both inspections ({recorded_before} then {after.rated_count} of "
            f"{after.standard_count} recorded), so standards cannot be compared."
        )
    return lines


def timeline(views):
    """Timeline entries for inspections given oldest first."""
    entries, previous_rated = [], None
    for index, view in enumerate(views):
        changes = _changes(views[index - 1], view) if index else []
        entries.append(TimelineEntry(view=view, previous_rated=previous_rated, changes=changes))
        if view.inspection.overall_rating in rating_rules.RATINGS:
            previous_rated = view
    return entries


def provider_page(slug):
    """Everything the drilldown shows, or None for an unknown slug. A constant number of queries."""
    provider = (
        Provider.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch(
                "ownership_periods",
                queryset=OwnershipPeriod.objects.select_related("owner").chronological(),
            ),
            Prefetch(
                "inspections",
                queryset=with_report_relations(Inspection.objects.order_by("-published_on", "-id")),
            ),
        )
        .first()
    )
    if provider is None:
        return None
    frameworks = frameworks_by_id()
    views = [
        inspection_view(inspection, frameworks[inspection.framework_id]) for inspection in provider.inspections.all()
    ]
    periods = list(provider.ownership_periods.all())
    current = [period for period in periods if period.ended_on is None]
    # Loaded newest first by date; an undated inspection stands where its programme and sequence put it.
    views.sort(key=lambda view: inspection_key(view.inspection), reverse=True)

    filterset = LeagueFilterSet({})
    ranking = ranking_set(filterset)
    row = league_rows_for(filterset, [provider.id], frameworks, ranking).get(provider.id)
    position = league_position(filterset, row, ranking)
    latest = next((view for view in views if row and view.inspection.id == row.inspection_id), None)
    if latest is None and views:
        latest = views[0]
    later_not_rated = [
        view
        for view in views
        if latest is not None
        and inspection_key(view.inspection) > inspection_key(latest.inspection)
        and view.inspection.is_not_rated
    ]
    return ProviderPage(
        provider=provider,
        latest=latest,
        later_not_rated=later_not_rated,
        inspections=views,
        ownership_periods=periods,
        current_owner=current[-1].owner if current else None,
        last_period=periods[-1] if periods else None,
        successors=successors_of(provider),
        league_row=row,
        league_size=position.ranked_count,
        joint_with=position.tied_with,
        distributions=standard_distributions(frameworks),
        last_changed=position.last_changed,
    )
