"""
The query behind the league table and its CSV and JSON exports.

Ranking happens in SQL: each provider's row of the league (its latest rated
inspection, or its latest of a round) is a flag the write path stores
(`inspections.league_fields`), and `RANK() OVER` orders the rows by overall
band, then by score within a band whose every row has a score. The rows shown
are narrowed (by owner or rating) only after ranking, so a filter never changes
anyone's rank. Sorting and paging happen in SQL too, and a page builds only
the rows it shows, in a constant number of queries whatever the number of
providers.
"""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Rank

from inspections import rating_rules
from inspections.models import FrameworkBand, Inspection, StandardRating
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
    def completeness_label(self):
        return f"{self.rated_count} of {self.standard_count}"

    @property
    def is_complete(self):
        return self.rated_count == self.standard_count


# Overall bands best first; "Not rated" and unrecorded outcomes after them all.
OVERALL_ORDER = Case(
    *(When(overall_rating=rating, then=Value(order)) for order, rating in enumerate(rating_rules.RATINGS)),
    default=Value(len(rating_rules.RATINGS)),
    output_field=IntegerField(),
)
IS_RATED = Q(overall_rating__in=rating_rules.RATINGS)
MOVEMENT_ORDER = Case(
    *(
        When(movement=movement, then=Value(order))
        for order, movement in enumerate((rating_rules.IMPROVED, rating_rules.UNCHANGED, rating_rules.DECLINED))
    ),
    default=None,
    output_field=IntegerField(),
)
# Rows an export or the page iterates at a time: a few MB of objects, and one query per chunk.
CHUNK_SIZE = 2000


def _standard_points(position):
    """The points of the row's rating of the standard at `position`; NULL when not recorded."""
    points = FrameworkBand.objects.filter(framework=OuterRef("standard__framework"), rating=OuterRef("rating"))
    ratings = StandardRating.objects.filter(inspection=OuterRef("pk"), standard__position=position).annotate(
        points=Subquery(points.values("points")[:1])
    )
    return Subquery(ratings.values("points")[:1], output_field=IntegerField())


# What each sortable column of the league sorts by; NULL is "not recorded" and sorts last either way.
SORT_KEYS = {
    "rank": lambda: F("league_rank"),
    "provider": lambda: F("provider__short_name"),
    "type": lambda: F("provider__provider_type"),
    "owner": lambda: F("owner_at_inspection__name"),
    "published": lambda: F("published_on"),
    "overall": lambda: Case(When(IS_RATED, then=OVERALL_ORDER), default=None, output_field=IntegerField()),
    "movement": lambda: MOVEMENT_ORDER,
    "score": lambda: F("score"),
    "completeness": lambda: F("standards_recorded"),
}


def sort_key(name):
    """The SQL a sort key (`score`, `standard3`) orders by, or None for a name the league does not sort by."""
    if name in SORT_KEYS:
        return SORT_KEYS[name]()
    if name.startswith("standard") and name.removeprefix("standard").isdigit():
        return _standard_points(int(name.removeprefix("standard")))
    return None


@dataclass(frozen=True)
class RankingSet:
    """The rows a league ranks (before any narrowing), with the counts every page of it shows."""

    queryset: object
    provider_count: int
    ranked_count: int
    fully_scored_bands: tuple

    @classmethod
    def of(cls, queryset):
        """Count the set and find the bands whose every row has a score (one query)."""
        counts = queryset.aggregate(
            total=Count("id"),
            ranked=Count("id", filter=IS_RATED),
            **{
                f"unscored{order}": Count("id", filter=Q(overall_rating=rating, score__isnull=True))
                for order, rating in enumerate(rating_rules.RATINGS)
            },
        )
        fully_scored = tuple(
            rating for order, rating in enumerate(rating_rules.RATINGS) if not counts[f"unscored{order}"]
        )
        return cls(queryset, counts["total"], counts["ranked"], fully_scored)

    def ranked(self):
        """The set with `league_rank` (competition rank, NULL when unranked) and `rank_ties` (rows sharing it).

        Within a band, scores separate rows only when every row of the band has one
        (`rating_rules.joint_ranks` says why); unranked rows order after every band,
        so they never take a ranked row's place.
        """
        within_band = Case(
            When(overall_rating__in=self.fully_scored_bands, then=F("score")),
            default=None,
            output_field=IntegerField(),
        )
        rank_key = [OVERALL_ORDER, within_band]
        return self.queryset.annotate(
            league_rank=Case(
                When(IS_RATED, then=Window(Rank(), order_by=[OVERALL_ORDER.asc(), within_band.desc()])),
                default=None,
                output_field=IntegerField(),
            ),
            rank_ties=Window(Count("id"), partition_by=rank_key),
        )


def _narrowed(ranked, condition):
    """Keep the ranked rows meeting `condition`, after ranking.

    A plain filter would run before the window and rank only what it keeps. Tying the
    condition to the rank (a window expression) makes Django apply it in an outer
    query, over rows already ranked.
    """
    return ranked.alias(
        shown_by_rank=Case(When(condition, then=Window(Count("id"))), default=None, output_field=IntegerField())
    ).filter(shown_by_rank__isnull=False)


class LeagueRows:
    """The rows of a league, in SQL: counted, sorted and sliced there, built in Python a page at a time.

    A sequence for django-tables2 (len, slicing, iteration); iteration fetches the
    rows in chunks, so an export of any size holds one chunk at a time.
    """

    def __init__(self, queryset, frameworks, count, ordering=()):
        self.queryset = queryset
        self.frameworks = frameworks
        self.count = count
        self.ordering = tuple(ordering)

    def sorted_by(self, keys):
        """The rows sorted by `keys` (`-score`, `owner`); ties keep rank, then provider name order."""
        ordering = []
        for key in keys:
            expression = sort_key(key.removeprefix("-"))
            if expression is not None:
                descending = key.startswith("-")
                ordering.append(expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True))
        return LeagueRows(self.queryset, self.frameworks, self.count, ordering)

    def _ordered(self):
        return self.queryset.order_by(
            *self.ordering, F("league_rank").asc(nulls_last=True), "provider__short_name", "id"
        )

    def __len__(self):
        return self.count

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = key.indices(self.count)
            if step != 1:
                raise ValueError("League rows are sliced in steps of one.")
            if start >= stop:
                return []
            return build_rows(self._ordered()[start:stop], self.frameworks)
        if not 0 <= key < self.count:
            raise IndexError(key)
        return self[key : key + 1][0]

    def __iter__(self):
        for start in range(0, self.count, CHUNK_SIZE):
            yield from self[start : start + CHUNK_SIZE]

    def __bool__(self):
        return self.count > 0


@dataclass
class League:
    rows: LeagueRows
    ranked_count: int
    provider_count: int
    standard_headers: dict[int, str]
    last_changed: object
    complete_count: int = 0


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
    owner = inspection.owner_at_inspection
    rank = getattr(inspection, "league_rank", None)
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
        score=inspection.score,
        max_score=scale.max_score,
        score_band=inspection.score_band or None,
        standards=cells,
        rated_count=inspection.standards_recorded,
        standard_count=len(cells),
        sources=[source.url for source in inspection.sources.all()],
        rank=rank,
        rank_is_joint=rank is not None and getattr(inspection, "rank_ties", 1) > 1,
    )


def build_rows(inspections, frameworks):
    """LeagueRows for a (sliced) queryset of ranked inspections: four queries whatever its length."""
    inspections = inspections.select_related("provider", "owner_at_inspection", "inspection_round").prefetch_related(
        Prefetch("standard_ratings", queryset=StandardRating.objects.only("inspection_id", "standard_id", "rating")),
        "sources",
    )
    rows = [_row(inspection, frameworks[inspection.framework_id]) for inspection in inspections]
    add_previous_and_later(rows)
    return rows


def _ranking_set(filterset):
    filterset.is_valid()  # values it does not know are left out, and reported by the view
    return RankingSet.of(filterset.ranking_queryset())


def _standard_headers(frameworks, framework_ids):
    used = [framework for framework_id, framework in frameworks.items() if framework_id in framework_ids]
    return standard_headers(sorted(used or frameworks.values(), key=lambda framework: framework.slug))


def league(filterset, frameworks=None):
    """The league for a bound `LeagueFilterSet`: its rows (lazy, best rank first) and counts.

    Ranks are worked out among all providers of the chosen round and type, so
    filtering by owner or rating narrows the rows without changing anyone's rank.
    """
    frameworks = frameworks or frameworks_by_id()
    ranking = _ranking_set(filterset)
    narrowing = filterset.narrowing_condition()
    shown = ranking.queryset.filter(narrowing) if narrowing else ranking.queryset
    shown_counts = shown.aggregate(
        total=Count("id"),
        complete=Count("id", filter=Q(score__isnull=False)),
        **{f"framework{framework_id}": Count("id", filter=Q(framework_id=framework_id)) for framework_id in frameworks},
    )
    framework_ids = {framework_id for framework_id in frameworks if shown_counts[f"framework{framework_id}"]}
    ranked = ranking.ranked()
    if narrowing:
        ranked = _narrowed(ranked, narrowing)
    return League(
        rows=LeagueRows(ranked, frameworks, shown_counts["total"]),
        ranked_count=ranking.ranked_count,
        provider_count=ranking.provider_count,
        standard_headers=_standard_headers(frameworks, framework_ids),
        last_changed=last_changed(),
        complete_count=shown_counts["complete"],
    )


def league_rows_for(filterset, provider_ids, frameworks=None):
    """{provider id: LeagueRow} of the given providers in the league of `filterset`, ranked among all of it."""
    provider_ids = set(provider_ids)
    if not provider_ids:
        return {}
    frameworks = frameworks or frameworks_by_id()
    ranking = _ranking_set(filterset)
    ranked = _narrowed(ranking.ranked(), Q(provider_id__in=provider_ids))
    return {row.provider.pk: row for row in build_rows(ranked.order_by("id"), frameworks)}


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
