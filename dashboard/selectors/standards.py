"""
The queries behind a standard's page: every provider's rating on it, and its key questions.

The page shows one page of providers at a time; the counts and places come from
the league's tallies (`inspections.league_tallies`) and the figures funnel plots
are judged against from aggregate queries over every provider, so a page costs
the same whatever the number of providers. Its CSV
and JSON twins read every provider through the same functions.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Collate

from inspections import rating_rules
from inspections.models import Inspection, KeyQuestion, KeyQuestionResult, Standard, StandardTally
from providers.models import ProviderType

from .distributions import NOT_RECORDED
from .groups import groups_spanned
from .league import counted, spoken_place


@dataclass
class StandardEntry:
    inspection: Inspection
    rating: str | None
    indicated: str | None
    rank: int = 0
    rank_is_joint: bool = False
    recorded_count: int = 0  # providers with a rating on the standard: the field the rank is among
    band_rows: int = 0  # providers sharing the entry's rating (or its lack of one)

    @property
    def rank_label(self):
        return rating_rules.rank_label(self.rank, self.rank_is_joint) if self.rating else ""

    @property
    def place_label(self):
        """'1st of 4 recorded': a place is only among the providers whose rating is known."""
        return f"{self.rank_label} of {self.recorded_count} recorded" if self.rating else ""

    @property
    def place_spoken(self):
        """'joint 1st of 4 recorded', as a screen reader should say `place_label`."""
        return spoken_place(self.rank, self.rank_is_joint, self.recorded_count) if self.rating else ""

    @property
    def band_heading(self):
        """'Good — 2 providers, joint 1st of 10 recorded': the heading of the entry's rating's rows."""
        providers = counted(self.band_rows, "provider")
        if not self.rating:
            return f"Not recorded — {providers}"
        return f"{self.rating} — {providers}, {self.place_spoken}"


@dataclass
class FunnelPoint:
    provider_name: str
    provider_slug: str
    percent_yes: float
    cases: int
    within_95: bool
    within_998: bool


@dataclass
class KeyQuestionFunnel:
    code: str
    text: str
    uses_relevant_subsample: bool
    points: list[FunnelPoint]  # the providers shown: every one, or one page of them
    national_percent: float | None
    plotted_count: int = 0  # providers with a result and its number of cases, shown or not
    unplotted: list[str] = field(default_factory=list)

    @property
    def judged(self):
        """Whether enough providers are plotted for the limits to say which differ beyond chance."""
        return self.plotted_count >= rating_rules.MIN_FUNNEL_POINTS

    @property
    def sparse_note(self):
        plotted = self.plotted_count
        if not plotted:
            return (
                "No provider has a result with its number of cases, so there is no funnel plot: "
                "the table below lists the results."
            )
        have = f"{plotted} provider has" if plotted == 1 else f"{plotted} providers have"
        return (
            f"Only {have} a result with its number of cases: a funnel plot needs at least "
            f"{rating_rules.MIN_FUNNEL_POINTS} to tell a real difference from chance, so there is none. "
            "The table below lists the results."
        )


@dataclass(frozen=True)
class KeyQuestionTotals:
    """One key question's results over every provider shown on the standard's page."""

    text: str
    uses_relevant_subsample: bool
    plotted_count: int
    national_percent: float | None  # pooled over every plotted provider's cases


@dataclass
class StandardPage:
    code: str
    name: str
    description: str
    domain_name: str
    frameworks: list
    inspection_round: object  # None: each provider's latest rated inspection
    inspections: object  # InspectionsInPageOrder: every provider's inspection (best rating, then name)
    standard_ids: set
    counts: dict
    counts_by_type: list
    key_question_totals: dict  # {code: KeyQuestionTotals}, in code order

    @property
    def provider_count(self):
        return sum(self.counts.values())

    @property
    def recorded_count(self):
        """Providers with a rating on the standard: the field a place is among."""
        return sum(count for category, count in self.counts.items() if category != NOT_RECORDED)

    @property
    def ratings_sentence(self):
        """'On 2.3, 2 providers were rated Good, 3 Requires improvement, 5 Inadequate.'"""
        parts = []
        for rating in rating_rules.RATINGS:
            rows = self.counts.get(rating, 0)
            if rows:
                first = f"On {self.code}, {counted(rows, 'provider')} {'was' if rows == 1 else 'were'} rated {rating}"
                parts.append(f"{rows} {rating}" if parts else first)
        if not parts:
            return f"No provider's rating on {self.code} is recorded."
        return ", ".join(parts) + "."

    @property
    def completeness_sentence(self):
        """'Ratings are known for 10 of 28 providers; the other 18 are not recorded, never a zero.'"""
        missing = self.provider_count - self.recorded_count
        sentence = f"Ratings are known for {self.recorded_count} of {counted(self.provider_count, 'provider')}"
        if not missing:
            return sentence + "."
        return f"{sentence}; the other {missing} are not recorded: no source we have states them."

    @property
    def caveat(self):
        """Why a place says little, where more than half the recorded ratings share one; '' otherwise."""
        recorded = self.recorded_count
        rating, rows = max(
            ((rating, self.counts.get(rating, 0)) for rating in rating_rules.RATINGS),
            key=lambda item: item[1],
        )
        if recorded > 2 and rows * 2 > recorded:
            return f"{rows} of the {recorded} recorded share one rating, {rating}, so a place says little on its own."
        return ""

    def shown(self, inspections):
        """(entries, funnels) for `inspections`, some or all of `self.inspections`: places and funnel
        limits are among every provider. One query for the key-question results of those shown."""
        inspections = list(inspections)
        results = list(
            KeyQuestionResult.objects.filter(
                inspection__in=[inspection.id for inspection in inspections],
                key_question__standard_id__in=self.standard_ids,
            )
            .select_related("key_question")
            .order_by("key_question__position")
        )
        percents = {}
        for result in results:
            percents.setdefault(result.inspection_id, []).append(float(result.percent_yes))
        frameworks = self._frameworks
        entries = []
        for inspection in inspections:
            rating = inspection.standard_rating or None
            rank, is_joint = self._place(rating)
            scale = frameworks[inspection.framework_id].rating_scale()
            entries.append(
                StandardEntry(
                    inspection=inspection,
                    rating=rating,
                    indicated=scale.indicated_band(percents.get(inspection.id, [])),
                    rank=rank,
                    rank_is_joint=is_joint,
                    recorded_count=self.recorded_count,
                    band_rows=self.counts.get(rating or NOT_RECORDED, 0),
                )
            )
        funnels = _funnels(results, {inspection.id: inspection for inspection in inspections}, self)
        return entries, funnels

    @cached_property
    def _everyone(self):
        return self.shown(self.inspections)

    @property
    def entries(self):
        """Every provider's entry: for the CSV and JSON twins."""
        return self._everyone[0]

    @property
    def funnels(self):
        """Every provider's point on each funnel: for the CSV and JSON twins."""
        return self._everyone[1]

    @cached_property
    def _frameworks(self):
        return {framework.id: framework for framework in self.frameworks}

    def _place(self, rating):
        """(rank, is_joint) among the providers with a rating: competition ranks, as `rating_rules.joint_ranks`."""
        if rating not in rating_rules.RATINGS:
            return 0, False
        better = sum(self.counts[other] for other in rating_rules.RATINGS[: rating_rules.RATINGS.index(rating)])
        return better + 1, self.counts[rating] > 1


class InspectionsInPageOrder:
    """Every provider's inspection of a standard's page, best rating first, then by provider name.

    A sequence for django-tables2: a slice sorts the ids of only the ratings it falls in, which
    the page's counts say, then reads those rows with their providers; iterating reads them all.
    """

    def __init__(self, rated, order, counts):
        self.rated = rated  # inspections annotated with `standard_rating`
        self.order = order
        self.counts = counts  # {category: providers}, in the page's order

    def __len__(self):
        return sum(self.counts.values())

    def __iter__(self):
        return iter(self.rated.select_related("provider").order_by(*self.order))

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start, stop, _ = key.indices(len(self))
        within, before = groups_spanned(self.counts.items(), start, stop)
        if not within:
            return []
        condition = Q(standard_rating__in=[category for category in within if category != NOT_RECORDED])
        if NOT_RECORDED in within:
            condition |= Q(standard_rating__isnull=True)
        ordered = self.rated.filter(condition).order_by(*self.order).values_list("id", flat=True)
        ids = list(ordered[start - before : stop - before])
        position = {inspection_id: index for index, inspection_id in enumerate(ids)}
        rows = self.rated.filter(id__in=ids).select_related("provider").order_by()
        return sorted(rows, key=lambda inspection: position[inspection.id])


def _in_codepoint_order(field_name):
    """`field_name` compared character by character, as Python sorts strings, on every database."""
    return Collate(field_name, "C" if connection.vendor == "postgresql" else "BINARY")


def standard_page(code, inspection_round=None):
    """None when no framework has a standard with this code. A constant number of queries.

    Each provider's latest rated inspection, or with a round its latest inspection of that round.
    """
    standards = list(
        Standard.objects.filter(code=code)
        .select_related("framework", "domain")
        .prefetch_related("framework__bands", "framework__standards")  # for their rating scales
    )
    if not standards:
        return None
    framework_ids = {standard.framework_id for standard in standards}
    standard_ids = {standard.id for standard in standards}
    if inspection_round is None:
        chosen = Inspection.objects.latest_rated_per_provider()
    else:
        chosen = Inspection.objects.latest_in_round(inspection_round.slug)
    chosen = chosen.filter(framework_id__in=framework_ids)
    # A framework has one standard of a code and an inspection one rating of it, so the
    # LEFT JOIN keeps one row per inspection: NULL where the rating is not recorded.
    on_standard = Q(standard_ratings__standard_id__in=standard_ids)
    rated = chosen.annotate(
        rating_on_standard=FilteredRelation("standard_ratings", condition=on_standard),
        standard_rating=F("rating_on_standard__rating"),
    )
    best_first = Case(
        *(When(standard_rating=band, then=Value(order)) for order, band in enumerate(rating_rules.RATINGS)),
        default=Value(len(rating_rules.RATINGS)),
    )
    page_order = (best_first, _in_codepoint_order("provider__short_name"), "id")

    counts = {category: 0 for category in (*rating_rules.RATINGS, NOT_RECORDED)}
    by_type = {}
    tallies = StandardTally.objects.of_league(inspection_round.slug if inspection_round else None)
    for tally in tallies.filter(standard_id__in=standard_ids).values("provider_type", "rating", "inspections"):
        category = tally["rating"] or NOT_RECORDED
        counts[category] += tally["inspections"]
        label = ProviderType(tally["provider_type"]).short_label + "s"
        by_type.setdefault(label, {key: 0 for key in counts})[category] += tally["inspections"]

    first = standards[0]
    return StandardPage(
        code=code,
        name=first.name,
        description=first.description,
        domain_name=first.domain.name,
        frameworks=[standard.framework for standard in standards],
        inspection_round=inspection_round,
        inspections=InspectionsInPageOrder(rated, page_order, counts),
        standard_ids=standard_ids,
        counts=counts,
        counts_by_type=sorted(by_type.items()),
        key_question_totals=_key_question_totals(chosen, standard_ids),
    )


def _key_question_totals(inspections, standard_ids):
    """{code: KeyQuestionTotals} over the results of `inspections` on the standard. Two queries."""
    results = KeyQuestionResult.objects.filter(inspection__in=inspections, key_question__standard_id__in=standard_ids)
    pooled = (
        results.order_by()
        .values("key_question__code")
        .annotate(
            plotted=Count("id", filter=Q(cases_inspected__gt=0)),
            cases=Sum("cases_inspected"),
            weighted=Sum(ExpressionWrapper(F("percent_yes") * F("cases_inspected"), output_field=FloatField())),
        )
    )
    # As the funnels first meet each question: in the order of its position.
    questions = {}
    for question in KeyQuestion.objects.filter(standard_id__in=standard_ids).order_by("position"):
        questions.setdefault(question.code, question)
    totals = {}
    for row in sorted(pooled, key=lambda row: row["key_question__code"]):
        question = questions[row["key_question__code"]]
        totals[question.code] = KeyQuestionTotals(
            text=question.text,
            uses_relevant_subsample=question.uses_relevant_subsample,
            plotted_count=row["plotted"],
            national_percent=float(row["weighted"]) / row["cases"] if row["cases"] else None,
        )
    return totals


def _funnels(results, inspections, page):
    """Funnels of the key questions with any result, drawing `results` (of `inspections`) against `page`'s totals."""
    funnels = {
        code: KeyQuestionFunnel(
            code=code,
            text=totals.text,
            uses_relevant_subsample=totals.uses_relevant_subsample,
            points=[],
            national_percent=totals.national_percent,
            plotted_count=totals.plotted_count,
        )
        for code, totals in page.key_question_totals.items()
    }
    for result in results:
        funnel = funnels[result.key_question.code]
        inspection = inspections[result.inspection_id]
        if result.cases_inspected:
            funnel.points.append(
                FunnelPoint(
                    provider_name=inspection.provider.short_name,
                    provider_slug=inspection.provider.slug,
                    percent_yes=float(result.percent_yes),
                    cases=result.cases_inspected,
                    within_95=True,
                    within_998=True,
                )
            )
        else:
            funnel.unplotted.append(inspection.provider.short_name)
    for funnel in funnels.values():
        if funnel.national_percent is None:
            continue
        for point in funnel.points:
            low95, high95 = rating_rules.funnel_limits(funnel.national_percent, point.cases, rating_rules.Z_95)
            low998, high998 = rating_rules.funnel_limits(funnel.national_percent, point.cases, rating_rules.Z_998)
            point.within_95 = low95 <= point.percent_yes <= high95
            point.within_998 = low998 <= point.percent_yes <= high998
    return sorted(funnels.values(), key=lambda funnel: funnel.code)
