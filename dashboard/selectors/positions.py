"""A provider's place in the league, counted in the database rather than by loading every provider."""

from dataclasses import dataclass

from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Sum

from inspections.models import Inspection, StandardRating


@dataclass(frozen=True)
class LeaguePosition:
    ranked_count: int  # providers the league ranks: those with an overall rating
    tied_with: int  # other providers sharing the row's joint rank
    last_changed: object  # the newest inspection write, as `league.last_changed` says


def _scores():
    """Each inspection's points summed over its standard ratings: its score once every standard is rated."""
    points = (
        StandardRating.objects.filter(inspection=OuterRef("pk"), standard__framework__bands__rating=F("rating"))
        .order_by()
        .values("inspection")
        .annotate(total=Sum("standard__framework__bands__points"))
        .values("total")
    )
    return Subquery(points)


def _counted(queryset):
    return Count("id", filter=Q(id__in=queryset.values("id")))


def league_position(filterset, row=None):
    """How many providers the league of `filterset` ranks, how many share `row`'s joint rank, and when the
    data last changed. One query whatever the number of providers.

    Ties as `rating_rules.joint_ranks` makes them: the same overall band, and the
    same score when every provider in that band has one.
    """
    filterset.is_valid()
    ranked = filterset.ranking_queryset().rated()
    totals = {"ranked": _counted(ranked), "latest": Max("updated_at")}
    joint = row is not None and row.rank is not None and row.rank_is_joint
    if joint:
        band = ranked.filter(overall_rating=row.overall_rating)
        totals["band"] = _counted(band)
        if row.score is not None:
            totals["unscored"] = _counted(band.with_standards_recorded().standards_incomplete())
            totals["same_score"] = _counted(band.annotate(points_total=_scores()).filter(points_total=row.score))
    found = Inspection.objects.aggregate(**totals)
    tied_with = 0
    if joint:
        tied = found["same_score"] if row.score is not None and not found["unscored"] else found["band"]
        tied_with = tied - 1
    return LeaguePosition(ranked_count=found["ranked"], tied_with=tied_with, last_changed=found["latest"])
