"""
The query behind the league table and its CSV and JSON exports.

A constant number of SQL queries whatever the number of providers: the ranked
inspections with their relations, their standard ratings, the frameworks, the
ids the filters keep, and the other inspections of the providers shown (for
the previous rating, the movement and any later "Not rated" part-inspection).
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


@dataclass(frozen=True)
class OtherInspection:
    """Another inspection of a row's provider, as the row names it."""

    inspection_id: int
    published_label: str
    published_iso: str
    overall_rating: str | None
    notes: str
    rated_standards: tuple  # ((code, name, rating), ...)

    def _described(self, separator, standard_text):
        kind = "inspection" if self.overall_rating != rating_rules.NOT_RATED else "part-inspection, not rated"
        text = f"{self.published_label} {kind}"
        if self.rated_standards:
            text += separator + standard_text(self.rated_standards)
        return text

    @property
    def short_summary(self):
        """'2020 part-inspection, not rated; 4.2 Outstanding', for a table cell."""
        return self._described("; ", lambda rated: ", ".join(f"{code} {rating}" for code, _, rating in rated))

    @property
    def summary(self):
        """'2020 part-inspection, not rated: 4.2 Through the Gate Outstanding'."""
        return self._described(": ", lambda rated: "; ".join(f"{code} {name} {rating}" for code, name, rating in rated))


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
    overall_rating_derived: bool = False
    notes: str = ""
    rank: int | None = None
    rank_is_joint: bool = False
    sources: list[str] = field(default_factory=list)
    previous: OtherInspection | None = None
    later_not_rated: list[OtherInspection] = field(default_factory=list)

    @property
    def is_not_rated(self):
        return self.overall_rating == rating_rules.NOT_RATED

    @property
    def previous_overall_rating(self):
        return self.previous.overall_rating if self.previous else None

    @property
    def movement(self):
        """'improved', 'declined' or 'unchanged' since the previous rated inspection; None without one."""
        return rating_rules.movement(self.previous_overall_rating, self.overall_rating)

    @property
    def movement_order(self):
        """Sort key: improved, unchanged, declined, then rows with nothing to compare."""
        order = (rating_rules.IMPROVED, rating_rules.UNCHANGED, rating_rules.DECLINED)
        return order.index(self.movement) if self.movement in order else len(order)

    @property
    def movement_symbol(self):
        return rating_rules.MOVEMENT_SYMBOLS.get(self.movement, "")

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
    provider_count: int
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
        overall_rating_derived=inspection.overall_rating_derived,
        notes=inspection.notes,
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
    add_previous_and_later(shown)

    used_frameworks = {frameworks[inspection.framework_id] for inspection in inspections} or set(frameworks.values())
    return League(
        rows=shown,
        ranked_count=len(ranks),
        provider_count=len(rows),
        standard_headers=standard_headers(sorted(used_frameworks, key=lambda framework: framework.slug)),
        last_changed=last_changed(),
    )


def add_previous_and_later(rows):
    """Give each row its provider's previous rated inspection and any later "Not rated" ones (two queries)."""
    if not rows:
        return
    others = (
        Inspection.objects.filter(provider_id__in={row.provider.pk for row in rows})
        .exclude(id__in={row.inspection_id for row in rows})
        .order_by("published_on", "id")
        .prefetch_related(
            Prefetch("standard_ratings", queryset=StandardRating.objects.select_related("standard")),
        )
    )
    by_provider = {}
    for inspection in others:
        by_provider.setdefault(inspection.provider_id, []).append(
            (
                inspection.published_on,
                OtherInspection(
                    inspection_id=inspection.id,
                    published_label=inspection.published_label,
                    published_iso=inspection.published_iso,
                    overall_rating=inspection.overall_rating or None,
                    notes=inspection.notes,
                    rated_standards=tuple(
                        (rating.standard.code, rating.standard.name, rating.rating)
                        for rating in inspection.standard_ratings.all()
                    ),
                ),
            )
        )
    for row in rows:
        history = by_provider.get(row.provider.pk, [])
        earlier_rated = [
            other
            for published, other in history
            if published < row.published_on and other.overall_rating in rating_rules.RATINGS
        ]
        row.previous = earlier_rated[-1] if earlier_rated else None
        row.later_not_rated = [
            other
            for published, other in history
            if published > row.published_on and other.overall_rating == rating_rules.NOT_RATED
        ]


def last_changed():
    """When the published data last changed: the newest inspection write."""
    return Inspection.objects.aggregate(latest=Max("updated_at"))["latest"]


def league_rows_for(filterset, provider_ids, frameworks=None):
    """{provider id: LeagueRow} of the given providers, ranked among the whole league of `filterset`."""
    ids = set(provider_ids)
    rows = league(filterset, frameworks).rows
    return {row.provider.pk: row for row in rows if row.provider.pk in ids}
