"""The query behind a standard's page: every provider's rating on it, and its key questions."""

from dataclasses import dataclass, field

from inspections import rating_rules
from inspections.models import Inspection, KeyQuestionResult, Standard, StandardRating

from .distributions import NOT_RECORDED
from .frameworks import frameworks_by_id


@dataclass
class StandardEntry:
    inspection: Inspection
    rating: str | None
    indicated: str | None
    rank: int = 0
    rank_is_joint: bool = False
    recorded_count: int = 0  # providers with a rating on the standard: the field the rank is among

    @property
    def rank_label(self):
        return rating_rules.rank_label(self.rank, self.rank_is_joint) if self.rating else ""

    @property
    def place_label(self):
        """'1st of 4 recorded': a place is only among the providers whose rating is known."""
        return f"{self.rank_label} of {self.recorded_count} recorded" if self.rating else ""


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
    points: list[FunnelPoint]
    national_percent: float | None
    unplotted: list[str] = field(default_factory=list)

    @property
    def judged(self):
        """Whether enough providers are plotted for the limits to say which differ beyond chance."""
        return len(self.points) >= rating_rules.MIN_FUNNEL_POINTS

    @property
    def sparse_note(self):
        plotted = len(self.points)
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


@dataclass
class StandardPage:
    code: str
    name: str
    description: str
    domain_name: str
    frameworks: list
    inspection_round: object  # None: each provider's latest rated inspection
    entries: list[StandardEntry]
    counts: dict
    counts_by_type: list
    funnels: list[KeyQuestionFunnel]


def standard_page(code, inspection_round=None):
    """None when no framework has a standard with this code. A constant number of queries.

    Each provider's latest rated inspection, or with a round its latest inspection of that round.
    """
    standards = list(Standard.objects.filter(code=code).select_related("framework", "domain"))
    if not standards:
        return None
    frameworks = frameworks_by_id()
    framework_ids = {standard.framework_id for standard in standards}
    standard_ids = {standard.id for standard in standards}
    if inspection_round is None:
        chosen = Inspection.objects.latest_rated_per_provider()
    else:
        chosen = Inspection.objects.in_round(inspection_round.slug).latest_per_provider()
    inspections = list(
        chosen.filter(framework_id__in=framework_ids).with_page_relations().order_by("provider__short_name")
    )
    ratings = dict(
        StandardRating.objects.filter(inspection__in=inspections, standard_id__in=standard_ids).values_list(
            "inspection_id", "rating"
        )
    )
    results = list(
        KeyQuestionResult.objects.filter(inspection__in=inspections, key_question__standard_id__in=standard_ids)
        .select_related("key_question")
        .order_by("key_question__position")
    )
    by_inspection = {}
    for result in results:
        by_inspection.setdefault(result.inspection_id, []).append(float(result.percent_yes))

    entries = []
    for inspection in inspections:
        scale = frameworks[inspection.framework_id].rating_scale()
        entries.append(
            StandardEntry(
                inspection=inspection,
                rating=ratings.get(inspection.id),
                indicated=scale.indicated_band(by_inspection.get(inspection.id, [])),
            )
        )
    ranks = rating_rules.joint_ranks([(entry.inspection.id, entry.rating, None) for entry in entries])
    recorded_count = sum(1 for entry in entries if entry.rating)
    for entry in entries:
        entry.rank, entry.rank_is_joint = ranks.get(entry.inspection.id, (0, False))
        entry.recorded_count = recorded_count
    entries.sort(key=lambda entry: (rating_rules.rating_order(entry.rating), entry.inspection.provider.short_name))

    counts = {category: 0 for category in (*rating_rules.RATINGS, NOT_RECORDED)}
    by_type = {}
    for entry in entries:
        category = entry.rating or NOT_RECORDED
        counts[category] += 1
        label = entry.inspection.provider.type_label + "s"
        by_type.setdefault(label, {key: 0 for key in counts})[category] += 1

    first = standards[0]
    return StandardPage(
        code=code,
        name=first.name,
        description=first.description,
        domain_name=first.domain.name,
        frameworks=[standard.framework for standard in standards],
        inspection_round=inspection_round,
        entries=entries,
        counts=counts,
        counts_by_type=sorted(by_type.items()),
        funnels=_funnels(results, {inspection.id: inspection for inspection in inspections}),
    )


def _funnels(results, inspections):
    funnels = {}
    for result in results:
        question = result.key_question
        funnel = funnels.setdefault(
            question.code,
            KeyQuestionFunnel(
                code=question.code,
                text=question.text,
                uses_relevant_subsample=question.uses_relevant_subsample,
                points=[],
                national_percent=None,
            ),
        )
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
        total_cases = sum(point.cases for point in funnel.points)
        if not total_cases:
            continue
        # The national figure pools every plotted provider's cases.
        funnel.national_percent = sum(point.percent_yes * point.cases for point in funnel.points) / total_cases
        for point in funnel.points:
            low95, high95 = rating_rules.funnel_limits(funnel.national_percent, point.cases, rating_rules.Z_95)
            low998, high998 = rating_rules.funnel_limits(funnel.national_percent, point.cases, rating_rules.Z_998)
            point.within_95 = low95 <= point.percent_yes <= high95
            point.within_998 = low998 <= point.percent_yes <= high998
    return sorted(funnels.values(), key=lambda funnel: funnel.code)
