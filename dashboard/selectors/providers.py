"""The queries behind a provider's drilldown page."""

from dataclasses import dataclass

from django.db.models import Prefetch

from inspections.models import Inspection
from providers.models import OwnershipPeriod, Provider

from ..filters import LeagueFilterSet
from .distributions import standard_distributions
from .frameworks import frameworks_by_id
from .inspections import InspectionView, inspection_view, with_report_relations
from .league import LeagueRow, league


@dataclass
class ProviderPage:
    provider: Provider
    latest: InspectionView | None
    past: list[InspectionView]
    ownership_periods: list
    current_owner: object
    league_row: LeagueRow | None
    league_size: int
    joint_with: int
    distributions: dict
    last_changed: object

    @property
    def inspections(self):
        return ([self.latest] if self.latest else []) + self.past


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

    result = league(LeagueFilterSet({}), frameworks)
    row = next((row for row in result.rows if row.provider.id == provider.id), None)
    joint_with = 0
    if row and row.rank is not None:
        joint_with = sum(1 for other in result.rows if other.rank == row.rank) - 1
    return ProviderPage(
        provider=provider,
        latest=views[0] if views else None,
        past=views[1:],
        ownership_periods=periods,
        current_owner=current[-1].owner if current else None,
        league_row=row,
        league_size=result.ranked_count,
        joint_with=joint_with,
        distributions=standard_distributions(frameworks),
        last_changed=result.last_changed,
    )
