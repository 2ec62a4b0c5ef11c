"""
The query behind the league table and its CSV and JSON exports.

Each provider's row of the league (its latest rated inspection, or its latest
of a round) and the score it ranks by are stored by the write path
(`inspections.league_fields`), and so are the league's tallies of how many rows
share each (band, score) pair (`inspections.league_tallies`), which give the
ranks whatever the number of providers; owner and rating filters narrow the
rows shown, never the rows ranked. Sorting and
paging happen in SQL, and a page builds only the rows it shows, in a constant
number of queries.
"""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import OrderBy

from inspections import rating_rules
from inspections.chronology import inspection_key
from inspections.models import FrameworkBand, Inspection, InspectionSource, StandardRating
from providers.models import Provider, ProviderType

from .frameworks import frameworks_by_id, standard_headers
from .groups import groups_spanned


@dataclass(frozen=True)
class StandardCell:
    position: int
    code: str
    name: str
    rating: str | None
    points: int | None
    slug: str = ""
    derived: bool = False

    @property
    def label(self):
        """'2.3 Implementation and delivery', or the name alone where the framework has no numbers."""
        return f"{self.code} {self.name}" if self.code else self.name


@dataclass(frozen=True)
class OtherInspection:
    """Another inspection of a row's provider, as the row names it."""

    inspection_id: int
    published_label: str
    published_iso: str
    overall_rating: str | None
    notes: str
    rated_standards: tuple  # ((code, name, rating), ...)

    kind_label: str = "part-inspection, not rated"

    def _described(self, separator, standard_text):
        kind = "inspection" if self.overall_rating != rating_rules.NOT_RATED else self.kind_label
        text = f"{self.published_label} {kind}"
        if self.rated_standards:
            text += separator + standard_text(self.rated_standards)
        return text

    @property
    def short_summary(self):
        """'2020 part-inspection, not rated; 4.2 Outstanding', for a table cell."""
        return self._described(
            "; ", lambda rated: ", ".join(f"{code or name} {rating}" for code, name, rating in rated)
        )

    @property
    def summary(self):
        """'2020 part-inspection, not rated: 4.2 Through the Gate Outstanding'."""
        return self._described(
            ": ", lambda rated: "; ".join(f"{code} {name} {rating}".strip() for code, name, rating in rated)
        )


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
    # The Probation Service era's: the unit's region, its framework and programme, what is stated rather than computed.
    region: Provider | None = None
    framework_slug: str = ""
    framework_name: str = ""
    framework_states_points: bool = False
    round_name: str = ""
    points_stated: str = ""
    sequence_label: str = ""
    sequence_derived: bool = False
    published_derived: bool = False
    derived_values: str = ""
    chronology: tuple = ()

    @property
    def is_dated(self):
        return self.published_on is not None

    @property
    def derived_standards(self):
        return [cell for cell in self.standards if cell.derived]

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
    def rank_spoken(self):
        """'Joint 1st' where `rank_label` writes '=1st': what a screen reader should say."""
        return spoken_rank(self.rank, self.rank_is_joint)

    @property
    def rank_sort(self):
        """Sort key: rank, unranked rows last."""
        return self.rank if self.rank is not None else 10**6

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
# The band of a ranked row, NULL for an unranked one (so it sorts last).
RATED_BAND_ORDER = Case(When(IS_RATED, then=OVERALL_ORDER), default=None, output_field=IntegerField())
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


@dataclass(frozen=True)
class RankingSet:
    """The rows a league ranks (before any narrowing), with everyone's rank.

    Ranks follow from how many rows share each (band, score) pair, which the league's
    tallies count (`inspections.league_tallies`), so one small query ranks a league of
    any size (`rating_rules.ranks_by_rating_and_score`).
    """

    queryset: object
    counts: dict  # {(overall_rating, score): rows}
    ranks: dict  # {(overall_rating, score): (rank, is_joint)}
    fully_scored_bands: frozenset
    framework_ids: frozenset
    provider_count: int
    ranked_count: int

    @classmethod
    def of(cls, queryset, tallies):
        """`queryset`: the league's rows; `tallies`: the `RankingTally` rows that count them."""
        counts = {}
        framework_ids = set()
        for tally in tallies.values("framework_id", "overall_rating", "score", "inspections"):
            key = (tally["overall_rating"], tally["score"])
            counts[key] = counts.get(key, 0) + tally["inspections"]
            framework_ids.add(tally["framework_id"])
        return cls(
            queryset=queryset,
            counts=counts,
            ranks=rating_rules.ranks_by_rating_and_score(counts),
            fully_scored_bands=frozenset(rating_rules.fully_scored_bands(counts)),
            framework_ids=frozenset(framework_ids),
            provider_count=sum(counts.values()),
            ranked_count=sum(count for (rating, _), count in counts.items() if rating in rating_rules.RATINGS),
        )

    def rank_of(self, inspection):
        """(rank, is_joint), or (None, False) for an unranked row."""
        return self.ranks.get((inspection.overall_rating, inspection.score), (None, False))

    def sharing_rank(self, overall_rating, score):
        """How many rows hold the rank of a row with this band and score (0 for an unranked one)."""
        rank = self.ranks.get((overall_rating, score))
        return sum(count for key, count in self.counts.items() if rank is not None and self.ranks.get(key) == rank)

    def groups_in_rank_order(self, counts):
        """[(condition, rows)]: the groups of rows rank order visits one after another, best first.

        `counts`: rows by (overall_rating, score), of the whole set or of a narrowed part of it.
        A fully scored band's rows group by score, another band's rows make one group, and
        unranked rows come last; within a group, rows follow by provider name.
        """
        groups = {}
        for (rating, score), count in counts.items():
            if rating not in rating_rules.RATINGS:
                key = (len(rating_rules.RATINGS), 0, None, None)
            elif rating in self.fully_scored_bands:
                key = (rating_rules.RATINGS.index(rating), -score, rating, score)
            else:
                key = (rating_rules.RATINGS.index(rating), 0, rating, None)
            groups[key] = groups.get(key, 0) + count
        ordered = []
        for key in sorted(groups):
            _, _, rating, score = key
            if rating is None:
                condition = ~IS_RATED
            elif score is None:
                condition = Q(overall_rating=rating)
            else:
                condition = Q(overall_rating=rating, score=score)
            ordered.append((condition, groups[key]))
        return ordered

    def rank_order(self):
        """SQL ordering by rank, best first, unranked last: band, then score where the band is fully scored."""
        if not self.fully_scored_bands:
            return [RATED_BAND_ORDER]  # PostgreSQL refuses to order by a constant NULL
        within_band = Case(
            When(overall_rating__in=self.fully_scored_bands, then=F("score")),
            default=None,
            output_field=IntegerField(),
        )
        return [RATED_BAND_ORDER, within_band.desc()]


def _standard_rating_order(position, framework_slug):
    """The rating's place on the four-point scale (Inadequate 0 … Outstanding 3) of the row's rating of the
    standard at `position` of one framework; NULL when not recorded or of another framework. For frameworks
    without a published scoring rule, where there are no points to sort by."""
    ratings = StandardRating.objects.filter(
        inspection=OuterRef("pk"), standard__position=position, standard__framework__slug=framework_slug
    ).annotate(
        order=Case(
            *(
                When(rating=rating, then=Value(len(rating_rules.RATINGS) - 1 - index))
                for index, rating in enumerate(rating_rules.RATINGS)
            ),
            output_field=IntegerField(),
        )
    )
    return Subquery(ratings.values("order")[:1], output_field=IntegerField())


def _sort_expressions(name, ranking, standards_framework=None):
    """The SQL expressions a sort key (`score`, `standard3`) orders by, ascending; [] for an unknown name.

    NULL stands for "not recorded" and sorts last whichever the direction. `standards_framework`: the
    framework whose standards the columns show, where a league sets several side by side.
    """
    simple = {
        "provider": F("provider__short_name"),
        "region": F("provider__region__short_name"),
        "type": F("provider__provider_type"),
        "owner": F("owner_at_inspection__name"),
        "published": F("published_on"),
        # Points-like: ascending puts the lowest band first, as the score column does.
        "overall": Case(
            When(IS_RATED, then=Value(len(rating_rules.RATINGS)) - OVERALL_ORDER),
            default=None,
            output_field=IntegerField(),
        ),
        "movement": MOVEMENT_ORDER,
        "score": F("score"),
        "completeness": F("standards_recorded"),
    }
    if name == "rank":
        return ranking.rank_order()
    if name in simple:
        return [simple[name]]
    if name.startswith("standard") and name.removeprefix("standard").isdigit():
        position = int(name.removeprefix("standard"))
        if standards_framework:
            return [_standard_rating_order(position, standards_framework)]
        return [_standard_points(position)]
    return []


def _directed(expression, descending):
    """`expression` ascending or descending, NULLs last either way (an OrderBy's own direction flips it)."""
    if isinstance(expression, OrderBy):
        descending = descending != expression.descending
        expression = expression.expression
    return expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)


class LeagueRows:
    """The rows of a league, in SQL: counted, sorted and sliced there, built in Python a page at a time.

    A sequence for django-tables2 (len, slicing, iteration); iteration fetches the
    rows in chunks, so an export of any size holds one chunk at a time.
    """

    def __init__(self, queryset, ranking, frameworks, counts, ordering=(), standards_framework=None, keys=()):
        self.queryset = queryset
        self.ranking = ranking
        self.frameworks = frameworks
        self.counts = counts  # {(overall_rating, score): rows} of `queryset`
        self.count = sum(counts.values())
        self.ordering = tuple(ordering)
        self.standards_framework = standards_framework
        self.keys = tuple(keys)  # the sort keys, as `sorted_by` was given them

    def sorted_by(self, keys):
        """The rows sorted by `keys` (`-score`, `owner`); ties keep rank, then provider name order."""
        ordering = [
            _directed(expression, key.startswith("-"))
            for key in keys
            for expression in _sort_expressions(key.removeprefix("-"), self.ranking, self.standards_framework)
        ]
        return LeagueRows(
            self.queryset, self.ranking, self.frameworks, self.counts, ordering, self.standards_framework, keys
        )

    @property
    def band_counts(self):
        """{overall rating (None where not recorded): rows}, best band first."""
        return band_counts(self.counts)

    def count_with_value(self, key):
        """How many of the rows have a value for sort key `key` (`score`, `standard3`): the rest sort after them.

        No query for the keys the counts answer; one for the others.
        """
        name = key.removeprefix("-")
        if name == "score":
            return sum(rows for (_, score), rows in self.counts.items() if score is not None)
        if name in ("rank", "overall"):
            return sum(rows for (rating, _), rows in self.counts.items() if rating in rating_rules.RATINGS)
        expressions = _sort_expressions(name, self.ranking, self.standards_framework)
        if not expressions:
            return self.count
        return self.queryset.annotate(sort_value=expressions[0]).filter(sort_value__isnull=False).count()

    def _ordered(self):
        by_rank = [_directed(expression, False) for expression in self.ranking.rank_order()]
        return self.queryset.order_by(*self.ordering, *by_rank, "provider__short_name", "id")

    def _window(self, start, stop):
        """(rows in order, start, stop) to slice for rows `start` to `stop`.

        In rank order, the rows' counts by rank group say which groups the slice falls in, so
        only their rows are sorted; in another order every row is.
        """
        if self.ordering:
            return self._ordered(), start, stop
        conditions, before = groups_spanned(self.ranking.groups_in_rank_order(self.counts), start, stop)
        if not conditions:
            return self._ordered(), start, stop
        within = conditions[0]
        for condition in conditions[1:]:
            within |= condition
        return self._ordered().filter(within), start - before, stop - before

    def __len__(self):
        return self.count

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = key.indices(self.count)
            if step != 1:
                raise ValueError("League rows are sliced in steps of one.")
            if start >= stop:
                return []
            # Sort and slice ids alone, then read the rows: a deep page sorts narrow tuples, not whole rows.
            ordered, start, stop = self._window(start, stop)
            ids = list(ordered.values_list("id", flat=True)[start:stop])
            rows = build_rows(self.queryset.model.objects.filter(id__in=ids), self.ranking, self.frameworks)
            position = {inspection_id: index for index, inspection_id in enumerate(ids)}
            return sorted(rows, key=lambda row: position[row.inspection_id])
        if not 0 <= key < self.count:
            raise IndexError(key)
        return self[key : key + 1][0]

    def __iter__(self):
        for start in range(0, self.count, CHUNK_SIZE):
            yield from self[start : start + CHUNK_SIZE]

    def __bool__(self):
        return self.count > 0


def spoken_rank(rank, is_joint):
    """'Joint 1st' for a joint rank ('=1st' on the page), '3rd' otherwise, '' for an unranked row."""
    if rank is None:
        return ""
    return f"Joint {rating_rules.ordinal(rank)}" if is_joint else rating_rules.ordinal(rank)


def spoken_place(rank, is_joint, recorded_count):
    """'joint 1st of 4 recorded': a place among the rows whose rating is known, as a screen reader should say it."""
    rank = spoken_rank(rank, is_joint)
    return f"{rank[:1].lower()}{rank[1:]} of {recorded_count} recorded"


def band_counts(counts):
    """{overall rating: rows} from counts by (overall rating, score): the bands best first, then "Not rated",
    then None for rows whose overall rating is not recorded; bands with no rows left out."""
    by_band = {}
    for (rating, _), rows in counts.items():
        by_band[rating or None] = by_band.get(rating or None, 0) + rows
    order = (*rating_rules.RATINGS, rating_rules.NOT_RATED)
    return dict(
        sorted(
            ((rating, rows) for rating, rows in by_band.items() if rows),
            key=lambda item: order.index(item[0]) if item[0] in order else len(order),
        )
    )


def counted(number, noun):
    """'1 provider', '8 providers'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


@dataclass(frozen=True)
class LeagueSummary:
    """What a league's rows say, in words, and how much of it is known: the sentence a list opens with."""

    noun: str  # what a row is: "provider", "unit"
    row_count: int
    bands: dict  # {overall rating or None: rows}, best first (`band_counts`)
    named: dict  # {overall rating: (provider names,)} of the bands of one row
    standards_known: int
    standards_possible: int
    scored: int | None  # rows with a score; None where no framework shown has a scoring rule
    standards_per_row: int | None  # the standards each row has, where every row has as many

    @property
    def ratings_sentence(self):
        """'8 providers were rated Good, 19 Requires improvement, 1 Inadequate (DDC CRC).'"""
        parts = []
        for rating, rows in self.bands.items():
            if rating not in rating_rules.RATINGS:
                continue
            names = self.named.get(rating)
            text = f"{rows} {rating}"
            if not parts:
                text = f"{counted(rows, self.noun)} {'was' if rows == 1 else 'were'} rated {rating}"
            parts.append(f"{text} ({', '.join(names)})" if names else text)
        sentences = [", ".join(parts) + "."] if parts else []
        not_rated = self.bands.get(rating_rules.NOT_RATED)
        if not_rated:
            verb = "was" if not_rated == 1 else "were"
            sentences.append(f"{counted(not_rated, self.noun).capitalize()} {verb} inspected but not rated.")
        unrecorded = self.bands.get(None)
        if unrecorded:
            verb = "has" if unrecorded == 1 else "have"
            sentences.append(f"{counted(unrecorded, self.noun).capitalize()} {verb} no overall rating recorded.")
        return " ".join(sentences)

    @property
    def completeness_sentence(self):
        """'Standard ratings are known for 50 of 280. Only 1 provider has all 10, and so a score.'"""
        if not self.standards_possible:
            return ""
        sentences = [f"Standard ratings are known for {self.standards_known} of {self.standards_possible}."]
        if self.scored is not None and self.standards_per_row:
            every = f"all {self.standards_per_row}"
            if not self.scored:
                sentences.append(f"No {self.noun} has {every}, so none has a score.")
            elif self.scored == self.row_count:
                sentences.append(f"Every {self.noun} has {every}, and so a score.")
            else:
                has = "has" if self.scored == 1 else "have"
                sentences.append(f"Only {counted(self.scored, self.noun)} {has} {every}, and so a score.")
        return " ".join(sentences)

    @property
    def crowded_band(self):
        """(rating, rows) of the band holding more than half the ranked rows, or None: then a rank says little."""
        ranked = {rating: rows for rating, rows in self.bands.items() if rating in rating_rules.RATINGS}
        total = sum(ranked.values())
        rating, rows = max(ranked.items(), key=lambda item: item[1], default=(None, 0))
        return (rating, rows) if total > 2 and rows * 2 > total else None

    @property
    def caveat(self):
        """Why a rank says little here, from the rows; '' where it does not."""
        crowded = self.crowded_band
        if not crowded:
            return ""
        rating, rows = crowded
        total = sum(count for band, count in self.bands.items() if band in rating_rules.RATINGS)
        return (
            f"{rows} of {total} share one band, {rating}, so a rank says little on its own: "
            "compare the standards behind it."
        )


def league_summary(rows, noun="provider"):
    """The `LeagueSummary` of `LeagueRows`: two queries at most whatever the number of rows."""
    bands = rows.band_counts
    single = [rating for rating, count in bands.items() if count == 1 and rating in rating_rules.RATINGS]
    named = {}
    if rows.count > 1:
        # Asked even when no band has a single row ("" matches none), so a page costs the same whatever its rows.
        for rating, name in (
            rows.queryset.filter(overall_rating__in=single or [""])
            .order_by("provider__short_name")
            .values_list("overall_rating", "provider__short_name")
        ):
            named.setdefault(rating, []).append(name)
    known = possible = 0
    scored_frameworks = False
    per_row = set()
    for group in (
        rows.queryset.order_by().values("framework_id").annotate(rows=Count("id"), known=Sum("standards_recorded"))
    ):
        framework = rows.frameworks[group["framework_id"]]
        standards = len(framework.standards.all())
        known += group["known"] or 0
        possible += group["rows"] * standards
        per_row.add(standards)
        scored_frameworks = scored_frameworks or framework.rating_scale().has_scoring_rule
    return LeagueSummary(
        noun=noun,
        row_count=rows.count,
        bands=bands,
        named={rating: tuple(names) for rating, names in named.items()},
        standards_known=known,
        standards_possible=possible,
        scored=rows.count_with_value("score") if scored_frameworks else None,
        standards_per_row=per_row.pop() if len(per_row) == 1 else None,
    )


@dataclass
class League:
    rows: LeagueRows
    ranked_count: int
    provider_count: int
    standard_headers: dict[int, str]
    last_changed: object
    complete_count: int = 0

    def summary(self, noun="provider"):
        """What the rows shown say, in words (`LeagueSummary`): asked for by the pages that show it."""
        return league_summary(self.rows, noun)


@dataclass(frozen=True)
class _FrameworkColumns:
    """What every row of one framework shares, worked out once per batch of rows."""

    scale: rating_rules.RatingScale
    standards: tuple  # (standard id, position, code, name, slug), in order
    points: dict  # {rating: points}
    slug: str
    name: str
    states_points: bool = False

    @classmethod
    def of(cls, framework):
        scale = framework.rating_scale()
        standards = tuple(
            (standard.id, standard.position, standard.code, standard.name, standard.slug)
            for standard in framework.standards.all()
        )
        points = {band.rating: band.points for band in scale.bands}
        states_points = getattr(framework, "states_points", False)
        return cls(scale, standards, points, framework.slug, framework.name, states_points)


def _row(inspection, columns, ranking, published, sources):
    """One league row; `published` maps standard ids to (rating, derived) of the inspection's ratings."""
    scale = columns.scale
    cells = []
    for standard_id, position, code, name, slug in columns.standards:
        rating, derived = published.get(standard_id, (None, False))
        cells.append(
            StandardCell(
                position=position,
                code=code,
                name=name,
                rating=rating,
                points=columns.points.get(rating),
                slug=slug,
                derived=derived,
            )
        )
    owner = inspection.owner_at_inspection
    rank, rank_is_joint = ranking.rank_of(inspection)
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
        round_name=inspection.inspection_round.name if inspection.inspection_round else "",
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
        sources=sources,
        rank=rank,
        rank_is_joint=rank_is_joint,
        # A region's row is in its own region, so a region filter and the region column hold it too.
        region=inspection.provider.region
        or (inspection.provider if inspection.provider.provider_type == "region" else None),
        framework_slug=columns.slug,
        framework_name=columns.name,
        framework_states_points=columns.states_points,
        points_stated=inspection.points_stated,
        sequence_label=inspection.sequence_label,
        sequence_derived=inspection.sequence_in_unit_derived,
        published_derived=inspection.published_on_derived,
        derived_values=inspection.derived_values,
        chronology=inspection_key(inspection),
    )


def build_rows(inspections, ranking, frameworks):
    """League rows for a (sliced) queryset of the ranking set's inspections: five queries whatever its length.

    Ratings and sources are read as plain values: an export builds thousands of rows.
    """
    inspections = list(
        inspections.select_related("provider", "provider__region", "owner_at_inspection", "inspection_round")
    )
    ids = [inspection.id for inspection in inspections]
    published = {}
    for inspection_id, standard_id, rating, derived in StandardRating.objects.filter(inspection_id__in=ids).values_list(
        "inspection_id", "standard_id", "rating", "derived"
    ):
        published.setdefault(inspection_id, {})[standard_id] = (rating, derived)
    sources = {}
    for inspection_id, url in (
        InspectionSource.objects.filter(inspection_id__in=ids)
        .order_by("position", "id")
        .values_list("inspection_id", "url")
    ):
        sources.setdefault(inspection_id, []).append(url)
    columns = {}
    rows = []
    for inspection in inspections:
        if inspection.framework_id not in columns:
            columns[inspection.framework_id] = _FrameworkColumns.of(frameworks[inspection.framework_id])
        rows.append(
            _row(
                inspection,
                columns[inspection.framework_id],
                ranking,
                published.get(inspection.id, {}),
                sources.get(inspection.id, []),
            )
        )
    add_previous_and_later(rows)
    return rows


def ranking_set(filterset):
    """The `RankingSet` of a bound `LeagueFilterSet`: one query, to share among the reads of one page."""
    filterset.is_valid()  # values it does not know are left out, and reported by the view
    return RankingSet.of(filterset.ranking_queryset(), filterset.ranking_tallies())


def _standard_headers(frameworks, framework_ids):
    used = [framework for framework_id, framework in frameworks.items() if framework_id in framework_ids]
    return standard_headers(sorted(used or frameworks.values(), key=lambda framework: framework.slug))


def league(filterset, frameworks=None, standards_framework=None):
    """The league for a bound `LeagueFilterSet` (or `ProbationServiceFilterSet`): its rows (lazy, best rank
    first) and counts.

    Ranks are worked out among all providers of the chosen round and type, so
    filtering by owner, region or rating narrows the rows without changing anyone's rank.
    `standards_framework`: the slug of the one framework whose standards are the columns.
    """
    frameworks = frameworks or frameworks_by_id()
    ranking = ranking_set(filterset)
    narrowing = filterset.narrowing_condition()
    shown = ranking.queryset.filter(narrowing) if narrowing else ranking.queryset
    if narrowing:
        shown_counts = {
            (group["overall_rating"], group["score"]): group["rows"]
            for group in shown.order_by().values("overall_rating", "score").annotate(rows=Count("id"))
        }
    else:
        shown_counts = ranking.counts
    return League(
        rows=LeagueRows(shown, ranking, frameworks, shown_counts, standards_framework=standards_framework),
        ranked_count=ranking.ranked_count,
        provider_count=ranking.provider_count,
        # The columns of every framework ranked, so a filter never changes the CSV's shape.
        standard_headers=_standard_headers(frameworks, ranking.framework_ids),
        last_changed=last_changed(),
        complete_count=sum(rows for (_, score), rows in shown_counts.items() if score is not None),
    )


def league_rows_for(filterset, provider_ids, frameworks=None, ranking=None):
    """{provider id: LeagueRow} of the given providers in the league of `filterset`, ranked among all of it.

    `ranking`: the filterset's `ranking_set()`, when the caller has it already.
    """
    provider_ids = set(provider_ids)
    if not provider_ids:
        return {}
    frameworks = frameworks or frameworks_by_id()
    ranking = ranking or ranking_set(filterset)
    rows = build_rows(ranking.queryset.filter(provider_id__in=provider_ids).order_by("id"), ranking, frameworks)
    return {row.provider.pk: row for row in rows}


def add_previous_and_later(rows):
    """Give each row its provider's previous rated inspection and any later "Not rated" ones.

    Always two queries, whether or not the rows' providers have other inspections.
    """
    if not rows:
        return
    provider_ids = {row.provider.pk for row in rows}
    row_ids = {row.inspection_id for row in rows}
    others = (
        Inspection.objects.filter(provider_id__in=provider_ids)
        .exclude(id__in=row_ids)
        .select_related("inspection_round", "framework")
        .order_by("id")
    )
    rated = {}
    for inspection_id, code, name, rating in (
        StandardRating.objects.filter(inspection__provider_id__in=provider_ids)
        .exclude(inspection_id__in=row_ids)
        .order_by("standard__position")
        .values_list("inspection_id", "standard__code", "standard__name", "rating")
    ):
        rated.setdefault(inspection_id, []).append((code, name, rating))
    by_provider = {}
    for inspection in sorted(others, key=inspection_key):
        by_provider.setdefault(inspection.provider_id, []).append(
            (
                inspection_key(inspection),
                OtherInspection(
                    inspection_id=inspection.id,
                    published_label=inspection.published_label,
                    published_iso=inspection.published_iso,
                    overall_rating=inspection.overall_rating or None,
                    notes=inspection.notes,
                    rated_standards=tuple(rated.get(inspection.id, ())),
                    kind_label=not_rated_kind(inspection.framework.provider_type, inspection.framework.slug),
                ),
            )
        )
    for row in rows:
        history = by_provider.get(row.provider.pk, [])
        earlier_rated = [
            other for key, other in history if key < row.chronology and other.overall_rating in rating_rules.RATINGS
        ]
        row.previous = earlier_rated[-1] if earlier_rated else None
        row.later_not_rated = [
            other for key, other in history if key > row.chronology and other.overall_rating == rating_rules.NOT_RATED
        ]


def not_rated_kind(provider_type, framework_slug):
    """How a "Not rated" inspection is named beside a row: HIOW CRC's 2020 part-inspection, or a
    dynamic inspection of public protection, which carries no rating by design."""
    if provider_type in (ProviderType.CRC, ProviderType.NPS):
        return "part-inspection, not rated"
    if framework_slug.startswith("dipp"):
        return "dynamic inspection of public protection, not rated"
    return "inspection, not rated"


def last_changed():
    """When the published data last changed: the newest inspection write."""
    return Inspection.objects.aggregate(latest=Max("updated_at"))["latest"]


@dataclass(frozen=True)
class LeaguePosition:
    ranked_count: int  # providers the league ranks: those with an overall rating
    tied_with: int  # other providers sharing the row's joint rank
    last_changed: object


def league_position(filterset, row=None, ranking=None):
    """How many providers the league of `filterset` ranks, how many others share `row`'s rank, and when the
    data last changed: two queries whatever the number of providers, one given its `ranking_set()`."""
    ranking = ranking or ranking_set(filterset)
    sharing = ranking.sharing_rank(row.overall_rating, row.score) if row is not None else 0
    return LeaguePosition(ranked_count=ranking.ranked_count, tied_with=max(sharing - 1, 0), last_changed=last_changed())
