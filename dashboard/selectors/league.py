"""
The query behind the league table and its CSV and JSON exports.

A constant number of SQL queries whatever the number of providers: the ranked
inspections with their relations, their standard ratings, the frameworks, and
the ids the filters keep.
"""

from dataclasses import dataclass, field

from django.db.models import Max, Prefetch

from inspections import rating_rules
from inspections.models import Inspection, StandardRating
from providers.models import Provider, ProviderType

from .frameworks import frameworks_by_id, standard_headers


@dataclass(frozen=True)
class StandardCell:
    position: int
    code: str
    name: str
    rating: str | None
    points: int | None


@dataclass
class LeagueRow:
    inspection_id: int
    provider: Provider
    provider_type_label: str
    owner_name: str | None
    owner_slug: str | None
    published_on: object
    published_label: str
    published_iso: str
    round_slug: str | None
    overall_rating: str | None
    overall_order: int
    score: int | None
    max_score: int
    score_band: str | None
    standards: list[StandardCell]
    rated_count: int
    standard_count: int
    rank: int | None = None
    rank_is_joint: bool = False
    sources: list[str] = field(default_factory=list)

    @property
    def rank_label(self):
        if self.rank is None:
            return ""
        return rating_rules.rank_label(self.rank, self.rank_is_joint)

    @property
    def rank_sort(self):
        return self.rank if self.rank is not None else 10**6

    @property
    def completeness_label(self):
        return f"{self.rated_count} of {self.standard_count}"

    @property
    def is_complete(self):
        return self.rated_count == self.standard_count


@dataclass
class League:
    rows: list[LeagueRow]
    ranked_count: int
    standard_headers: dict[int, str]
    last_changed: object


def _row(inspection, framework):
    scale = framework.rating_scale()
    published = {rating.standard_id: rating.rating for rating in inspection.standard_ratings.all()}
    cells = []
    for standard in framework.standards.all():
        rating = published.get(standard.id)
        cells.append(
            StandardCell(
                position=standard.position,
                code=standard.code,
                name=standard.name,
                rating=rating,
                points=scale.points(rating) if rating else None,
            )
        )
    score = scale.score(cell.rating for cell in cells)
    owner = inspection.owner_at_inspection
    return LeagueRow(
        inspection_id=inspection.id,
        provider=inspection.provider,
        provider_type_label=ProviderType(inspection.provider.provider_type).short_label,
        owner_name=owner.name if owner else None,
        owner_slug=owner.slug if owner else None,
        published_on=inspection.published_on,
        published_label=inspection.published_label,
        published_iso=inspection.published_iso,
        round_slug=inspection.inspection_round.slug if inspection.inspection_round else None,
        overall_rating=inspection.overall_rating or None,
        overall_order=len(rating_rules.RATINGS) - rating_rules.rating_order(inspection.overall_rating),
        score=score,
        max_score=scale.max_score,
        score_band=scale.band_for_score(score),
        standards=cells,
        rated_count=sum(1 for cell in cells if cell.rating),
        standard_count=len(cells),
        sources=[source.url for source in inspection.sources.all()],
    )


def league(filterset, frameworks=None):
    """Rows of the league table for a bound `LeagueFilterSet`, best rank first.

    Ranks are worked out among all providers of the chosen round and type, so
    filtering by owner or rating narrows the rows without changing anyone's rank.
    """
    filterset.is_valid()  # values it does not know are left out, and reported by the view
    frameworks = frameworks or frameworks_by_id()
    inspections = (
        filterset.ranking_queryset()
        .with_page_relations()
        .prefetch_related(
            Prefetch(
                "standard_ratings", queryset=StandardRating.objects.only("inspection_id", "standard_id", "rating")
            ),
            "sources",
        )
    )
    rows = [_row(inspection, frameworks[inspection.framework_id]) for inspection in inspections]
    ranks = rating_rules.joint_ranks([(row.inspection_id, row.overall_rating, row.score) for row in rows])
    for row in rows:
        row.rank, row.rank_is_joint = ranks.get(row.inspection_id, (None, False))

    shown_ids = set(filterset.qs.values_list("id", flat=True))
    shown = [row for row in rows if row.inspection_id in shown_ids]
    shown.sort(key=lambda row: (row.rank_sort, row.provider.short_name))

    used_frameworks = {frameworks[inspection.framework_id] for inspection in inspections} or set(frameworks.values())
    return League(
        rows=shown,
        ranked_count=len(ranks),
        standard_headers=standard_headers(sorted(used_frameworks, key=lambda framework: framework.slug)),
        last_changed=last_changed(),
    )


def last_changed():
    """When the published data last changed: the newest inspection write."""
    return Inspection.objects.aggregate(latest=Max("updated_at"))["latest"]
