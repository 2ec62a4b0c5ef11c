"""Who was rated what on one standard of a framework whose standards have no published numbers."""

from dataclasses import dataclass, replace

from django.db.models import Count

from inspections import rating_rules
from inspections.models import Inspection, Standard, StandardRating

from .league import counted, last_changed, spoken_place


@dataclass(frozen=True)
class RatedUnit:
    inspection: Inspection
    rating: str
    derived: bool
    rank: int = 0
    rank_is_joint: bool = False
    recorded_count: int = 0  # units with a rating on the standard: the field the rank is among
    band_rows: int = 0  # units sharing the rating

    @property
    def place_spoken(self):
        """'joint 1st of 5 recorded': a place is only among the units whose rating is known."""
        return spoken_place(self.rank, self.rank_is_joint, self.recorded_count)

    @property
    def band_heading(self):
        """'Outstanding — 2 units, joint 1st of 5 recorded': the heading of the rating's rows."""
        return f"{self.rating} — {counted(self.band_rows, 'unit')}, {self.place_spoken}"


@dataclass
class FrameworkStandardPage:
    standard: Standard
    rated: list  # RatedUnit, best rating first, then by unit name
    inspections_in_framework: int
    counts: dict  # {rating: how many}
    other_standards: list
    last_changed: object

    @property
    def recorded(self):
        return len(self.rated)


def framework_standard_page(framework_slug, standard_slug):
    """The page of one standard, or None: a constant number of queries whatever the number of units."""
    standard = (
        Standard.objects.select_related("framework", "domain")
        .filter(framework__slug=framework_slug, slug=standard_slug)
        .first()
    )
    if standard is None:
        return None
    ratings = list(
        StandardRating.objects.filter(standard=standard)
        .select_related("inspection", "inspection__provider", "inspection__provider__region")
        .order_by("inspection__provider__short_name", "inspection_id")
    )
    rated = sorted(
        (RatedUnit(rating.inspection, rating.rating, rating.derived) for rating in ratings),
        key=lambda unit: (rating_rules.rating_order(unit.rating), unit.inspection.provider.short_name),
    )
    counts = {rating: 0 for rating in rating_rules.RATINGS}
    for unit in rated:
        counts[unit.rating] += 1
    ranks = rating_rules.joint_ranks([(index, unit.rating, None) for index, unit in enumerate(rated)])
    rated = [
        replace(
            unit,
            rank=ranks[index][0],
            rank_is_joint=ranks[index][1],
            recorded_count=len(rated),
            band_rows=counts[unit.rating],
        )
        for index, unit in enumerate(rated)
    ]
    total = Inspection.objects.filter(framework=standard.framework).aggregate(count=Count("id"))["count"]
    return FrameworkStandardPage(
        standard=standard,
        rated=rated,
        inspections_in_framework=total,
        counts=counts,
        other_standards=list(Standard.objects.filter(framework=standard.framework).order_by("position")),
        last_changed=last_changed(),
    )
