"""The query behind an owner's page."""

from dataclasses import dataclass

from django.db.models import Count, F

from inspections.models import Inspection
from providers.models import Owner, OwnershipPeriod

from ..filters import LeagueFilterSet
from .distributions import overall_distribution
from .league import League, league

# Ownership periods the page lists; the CSV and JSON hold them all.
PERIODS_SHOWN = 50


@dataclass
class OwnerPage:
    owner: Owner
    league: League
    periods: object  # every ownership period, for the downloads
    periods_shown: list  # the first PERIODS_SHOWN, for the page
    period_count: int
    own_counts: dict
    others_counts: dict


def _ratings_counted(inspections):
    """Each inspection's overall rating, from one GROUP BY query rather than one row per inspection."""
    counts = inspections.order_by().values("overall_rating").annotate(count=Count("id"))
    return [row["overall_rating"] for row in counts for _ in range(row["count"])]


def owner_page(slug):
    """None for an unknown slug. Rows are the owner's inspections by the owner at each inspection's date."""
    owner = Owner.objects.filter(slug=slug).first()
    if owner is None:
        return None
    owned = league(LeagueFilterSet({"owner": slug}))
    periods = (
        OwnershipPeriod.objects.filter(owner=owner)
        .select_related("provider")
        .order_by("provider__short_name", F("started_on").asc(nulls_first=True), "id")
    )
    latest = Inspection.objects.latest_rated_per_provider()
    owned_ratings = _ratings_counted(latest.filter(owner_at_inspection=owner))
    others_ratings = _ratings_counted(latest.exclude(owner_at_inspection=owner))
    return OwnerPage(
        owner=owner,
        league=owned,
        periods=periods,
        periods_shown=list(periods[:PERIODS_SHOWN]),
        period_count=periods.count(),
        own_counts=overall_distribution(owned_ratings),
        others_counts=overall_distribution(others_ratings),
    )
