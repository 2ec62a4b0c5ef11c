"""The query behind an owner's page."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import F

from providers.models import Owner, OwnershipPeriod

from ..filters import LeagueFilterSet
from .distributions import NOT_RECORDED
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


def _by_outcome(counted):
    """Counter of overall outcomes ('Not recorded' for blanks) from (outcome, rows) pairs."""
    outcomes = Counter()
    for rating, rows in counted:
        outcomes[rating or NOT_RECORDED] += rows
    return outcomes


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
    # Everyone's outcomes and the owner's, from the counts the league has read already.
    everyone = _by_outcome((rating, rows) for (rating, _score), rows in owned.rows.ranking.counts.items())
    own_counts = _by_outcome((rating, rows) for (rating, _score), rows in owned.rows.counts.items())
    return OwnerPage(
        owner=owner,
        league=owned,
        periods=periods,
        periods_shown=list(periods[:PERIODS_SHOWN]),
        period_count=periods.count(),
        own_counts=own_counts,
        others_counts=everyone - own_counts,
    )
