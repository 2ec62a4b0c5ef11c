"""
How the overall and standard ratings of the two eras are spread, round by round.

Each round counts each provider's latest inspection of it (`is_latest_in_round`), split
by provider type. Standards are set side by side only where one of the same name exists
in both eras (by exact name: "Staff" and "Staffing" stay apart), and every count keeps
its denominator, since most standard ratings are not recorded. A round whose inspections
are all "Not rated" (the dynamic inspections since October 2025) and inspections outside
any round (the national inspection) are named, not counted into a distribution.

A fixed number of queries whatever the number of providers: the counts are grouped in SQL.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.urls import NoReverseMatch, reverse

from inspections import rating_rules
from inspections.models import Inspection, InspectionRound, Standard, StandardRating
from providers.eras import ERA_OF_TYPE, Era, ProviderType

NOT_RECORDED = "Not recorded"
OUTCOMES = (*rating_rules.OVERALL_OUTCOMES, NOT_RECORDED)
GOOD_OR_BETTER = (rating_rules.OUTSTANDING, rating_rules.GOOD)
# The address of today's Probation Service league, should its URL name not be registered.
PROBATION_SERVICE_LEAGUE = "/probation-service/"
TYPE_ORDER = [value for value, _ in ProviderType.choices]
TYPE_NAMES = {
    ProviderType.CRC: ("CRC", "CRCs"),
    ProviderType.NPS: ("NPS division", "NPS divisions"),
    ProviderType.PDU: ("PDU", "PDUs"),
    ProviderType.REGION: ("region", "regions"),
    ProviderType.NATIONAL: ("national inspection", "national inspections"),
}
# The most inspections rated Good or better in today's era that the summary names one by one.
NAMED_AT_MOST = 5


def type_name(provider_type, count):
    singular, plural = TYPE_NAMES[provider_type]
    return singular if count == 1 else plural


@dataclass(frozen=True)
class Cell:
    """How many of a group's inspections hold one outcome, and how many of those are derived, not quoted."""

    count: int
    of: int
    derived: int = 0


@dataclass
class Group:
    """One provider type's latest inspections of a round."""

    provider_type: str
    inspections: int
    cells: dict  # outcome -> Cell, every outcome present
    framework_ids: set = field(default_factory=set)

    @property
    def label(self):
        return TYPE_NAMES[self.provider_type][1].capitalize() if self.provider_type == "region" else self.plural

    @property
    def plural(self):
        return TYPE_NAMES[self.provider_type][1]

    @property
    def good_or_better(self):
        return sum(self.cells[outcome].count for outcome in GOOD_OR_BETTER)

    @property
    def good_or_better_derived(self):
        return sum(self.cells[outcome].derived for outcome in GOOD_OR_BETTER)


@dataclass
class RoundDistribution:
    inspection_round: InspectionRound
    groups: list

    @property
    def era(self):
        return self.inspection_round.era

    @property
    def period(self):
        """'2018–19' from the slug '2018-19'; the round's name where the slug is not a span of years."""
        slug = self.inspection_round.slug
        return slug.replace("-", "–") if re.fullmatch(r"\d{4}-\d{2}", slug) else self.inspection_round.name

    @property
    def phrase(self):
        """'the first round (2018–19)', 'the PDU programme (2021–23)': the round's name up to its first bracket."""
        name = self.inspection_round.name.split(" (")[0].split(",")[0].strip()
        if not name or name == self.period:
            return self.period
        if not name[1:2].isupper():
            name = name[0].lower() + name[1:]
        return f"the {name} ({self.period})"

    @property
    def inspections(self):
        return sum(group.inspections for group in self.groups)

    @property
    def league_url(self):
        return league_url(self.inspection_round)


@dataclass(frozen=True)
class StandardRow:
    """The recorded ratings of one standard in one provider type's latest inspections of a round."""

    distribution: RoundDistribution
    group: Group
    inspections: int  # the group's inspections whose framework has the standard
    recorded: int
    cells: dict  # rating -> Cell of `recorded`


@dataclass
class StandardComparison:
    name: str
    rows: list
    not_a_standard_of: list  # (RoundDistribution, Group) without a standard of this name

    @property
    def recorded(self):
        return sum(row.recorded for row in self.rows)

    @property
    def inspections(self):
        return sum(row.inspections for row in self.rows)


@dataclass(frozen=True)
class EraCoverage:
    """Standard ratings recorded here against those the era's counted inspections could carry."""

    era: str
    recorded: int
    possible: int

    @property
    def label(self):
        return Era(self.era).label


@dataclass
class ErasPage:
    distributions: list  # RoundDistribution, chronological
    unrated_rounds: list  # RoundDistribution of rounds whose inspections are all "Not rated"
    outside_rounds: list  # Inspection, with provider and framework
    standards: list  # StandardComparison, in the order of the earlier era's frameworks
    unmatched_standards: dict  # era -> names with no namesake in the other era
    coverage: list  # EraCoverage per era
    good_or_better_since_reunification: list  # Inspection, at most NAMED_AT_MOST
    last_changed: object

    @property
    def eras(self):
        """[(era value, era label, [RoundDistribution])] in the order of `Era`."""
        return [
            (era.value, era.label, [item for item in self.distributions if item.era == era.value])
            for era in Era
            if any(item.era == era.value for item in self.distributions)
        ]

    @property
    def summary(self):
        return summary_sentences(self)


def league_url(inspection_round):
    """The league ranked within the round, where one exists; None for rounds never ranked."""
    if inspection_round.era == Era.CRC_NPS:
        return f"{reverse('dashboard:league')}?round={inspection_round.slug}"
    try:
        league = reverse("dashboard:probation-service")
    except NoReverseMatch:
        league = PROBATION_SERVICE_LEAGUE
    return f"{league}?round={inspection_round.slug}"


def _groups(counts, sizes, frameworks):
    """[Group] of one round from {type: {outcome: [count, derived]}}, in provider-type order."""
    groups = []
    for provider_type in sorted(counts, key=TYPE_ORDER.index):
        total = sizes[provider_type]
        cells = {
            outcome: Cell(counts[provider_type][outcome][0], total, counts[provider_type][outcome][1])
            for outcome in OUTCOMES
        }
        groups.append(Group(provider_type, total, cells, frameworks[provider_type]))
    return groups


def eras_page():
    rounds = {item.id: item for item in InspectionRound.objects.order_by("started_on", "slug")}

    # {round id: {type: {outcome: [count, derived]}}}, the round's sizes and each type's frameworks.
    counts = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: [0, 0])))
    sizes = defaultdict(lambda: defaultdict(int))
    frameworks = defaultdict(lambda: defaultdict(set))
    # {(round id, type, framework id): inspections}: the denominators of the standards.
    per_framework = defaultdict(int)
    latest = (
        Inspection.objects.filter(is_latest_in_round=True, inspection_round__isnull=False)
        .values("inspection_round_id", "provider__provider_type", "framework_id", "overall_rating")
        .annotate(inspections=Count("id"), derived=Count("id", filter=Q(overall_rating_derived=True)))
        .order_by()
    )
    for row in latest:
        round_id, provider_type = row["inspection_round_id"], row["provider__provider_type"]
        cell = counts[round_id][provider_type][row["overall_rating"] or NOT_RECORDED]
        cell[0] += row["inspections"]
        cell[1] += row["derived"]
        sizes[round_id][provider_type] += row["inspections"]
        frameworks[round_id][provider_type].add(row["framework_id"])
        per_framework[round_id, provider_type, row["framework_id"]] += row["inspections"]

    distributions, unrated_rounds = [], []
    for round_id, inspection_round in rounds.items():
        if round_id not in counts:
            continue
        item = RoundDistribution(inspection_round, _groups(counts[round_id], sizes[round_id], frameworks[round_id]))
        all_not_rated = all(group.cells[rating_rules.NOT_RATED].count == group.inspections for group in item.groups)
        (unrated_rounds if all_not_rated else distributions).append(item)

    standards = list(Standard.objects.values("framework_id", "framework__provider_type", "name", "position"))
    # Every recorded standard rating of the counted inspections, by round, type, standard name and rating.
    recorded = list(
        StandardRating.objects.filter(inspection__is_latest_in_round=True, inspection__inspection_round__isnull=False)
        .values("inspection__inspection_round_id", "inspection__provider__provider_type", "standard__name", "rating")
        .annotate(ratings=Count("id"), derived=Count("id", filter=Q(derived=True)))
        .order_by()
    )
    comparisons, unmatched = _standard_comparisons(standards, recorded, distributions, per_framework)
    return ErasPage(
        distributions=distributions,
        unrated_rounds=unrated_rounds,
        outside_rounds=list(
            Inspection.objects.filter(inspection_round__isnull=True)
            .select_related("provider", "framework")
            .order_by("published_on", "id")
        ),
        standards=comparisons,
        unmatched_standards=unmatched,
        coverage=_coverage(standards, recorded, per_framework, distributions),
        good_or_better_since_reunification=list(
            Inspection.objects.filter(
                is_latest_in_round=True,
                provider__provider_type__in=Era.PROBATION_SERVICE.provider_types,
                overall_rating__in=GOOD_OR_BETTER,
            )
            .select_related("provider", "inspection_round")
            .order_by("published_on", "id")[: NAMED_AT_MOST + 1]
        ),
        last_changed=Inspection.objects.aggregate(latest=Max("updated_at"))["latest"],
    )


def _standard_comparisons(standards, recorded, distributions, per_framework):
    """[StandardComparison] for each name in both eras, and {era: names found in one era only}."""
    names_by_era = defaultdict(dict)  # era -> {name: earliest position}
    frameworks_of_name = defaultdict(set)
    for standard in standards:
        era = ERA_OF_TYPE[standard["framework__provider_type"]]
        known = names_by_era[era].get(standard["name"])
        names_by_era[era][standard["name"]] = min(standard["position"], known or standard["position"])
        frameworks_of_name[standard["name"]].add(standard["framework_id"])
    earlier, later = names_by_era[Era.CRC_NPS.value], names_by_era[Era.PROBATION_SERVICE.value]
    shared = sorted(set(earlier) & set(later), key=lambda name: (earlier[name], name))
    unmatched = {
        Era.CRC_NPS.value: sorted(set(earlier) - set(later), key=lambda name: (earlier[name], name)),
        Era.PROBATION_SERVICE.value: sorted(set(later) - set(earlier), key=lambda name: (later[name], name)),
    }

    # {(round id, type, name): {rating: [count, derived]}}
    ratings = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row in recorded:
        key = (
            row["inspection__inspection_round_id"],
            row["inspection__provider__provider_type"],
            row["standard__name"],
        )
        ratings[key][row["rating"]][0] += row["ratings"]
        ratings[key][row["rating"]][1] += row["derived"]

    comparisons = []
    for name in shared:
        rows, missing = [], []
        for distribution in distributions:
            for group in distribution.groups:
                round_id = distribution.inspection_round.id
                inspections = sum(
                    per_framework[round_id, group.provider_type, framework_id]
                    for framework_id in group.framework_ids & frameworks_of_name[name]
                )
                if not inspections:
                    missing.append((distribution, group))
                    continue
                found = ratings[round_id, group.provider_type, name]
                count = sum(value[0] for value in found.values())
                cells = {rating: Cell(found[rating][0], count, found[rating][1]) for rating in rating_rules.RATINGS}
                rows.append(StandardRow(distribution, group, inspections, count, cells))
        comparisons.append(StandardComparison(name, rows, missing))
    return comparisons, unmatched


def _coverage(standards, recorded, per_framework, distributions):
    """[EraCoverage]: recorded ratings of every standard against inspections times their framework's standards."""
    in_framework = defaultdict(int)
    for standard in standards:
        in_framework[standard["framework_id"]] += 1
    counted = {item.inspection_round.id for item in distributions}
    possible, found = defaultdict(int), defaultdict(int)
    for (round_id, provider_type, framework_id), inspections in per_framework.items():
        if round_id in counted:
            possible[ERA_OF_TYPE[provider_type]] += inspections * in_framework[framework_id]
    for row in recorded:
        if row["inspection__inspection_round_id"] in counted:
            found[ERA_OF_TYPE[row["inspection__provider__provider_type"]]] += row["ratings"]
    return [EraCoverage(era.value, found[era.value], possible[era.value]) for era in Era if possible[era.value]]


# --- The summary in words -------------------------------------------------------------------


def _of(count, group):
    """'1 of 21 CRCs', 'none of 6 regions'."""
    return f"{count or 'none'} of {group.inspections} {type_name(group.provider_type, group.inspections)}"


def _joined(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _counted(counts, groups):
    """'1 of 21 CRCs and 5 of 7 NPS divisions were', or 'none of the 43 PDUs and 6 regions was'."""
    if not any(counts):
        sizes = [f"{group.inspections} {type_name(group.provider_type, group.inspections)}" for group in groups]
        return f"none of the {_joined(sizes)} was"
    verb = "was" if len(counts) == 1 and counts[0] == 1 else "were"
    return f"{_joined([_of(count, group) for count, group in zip(counts, groups, strict=True)])} {verb}"


def round_sentence(distribution):
    """'In the first round (2018–19), 1 of 21 CRCs and 5 of 7 NPS divisions were rated Good or better; 1 of 21
    CRCs and none of 7 NPS divisions were rated Inadequate.' Derived ratings among the counts say so."""
    groups = distribution.groups
    better = [group.good_or_better for group in groups]
    text = f"In {distribution.phrase}, {_counted(better, groups)} rated Good or better"
    derived = sum(group.good_or_better_derived for group in groups)
    if derived:
        text += f" ({derived} of them derived from a source's wording, not quoted)"
    worst = [group.cells[rating_rules.INADEQUATE].count for group in groups]
    text += "; none was rated Inadequate" if not any(worst) else f"; {_counted(worst, groups)} rated Inadequate"
    worst_derived = sum(group.cells[rating_rules.INADEQUATE].derived for group in groups)
    if worst_derived:
        text += f" ({worst_derived} of them derived, not quoted)"
    return text + "."


def summary_sentences(page):
    sentences = [round_sentence(distribution) for distribution in page.distributions]
    named = page.good_or_better_since_reunification
    if 0 < len(named) <= NAMED_AT_MOST:
        units = [
            f"{inspection.provider.short_name} ({inspection.overall_rating}, {inspection.published_label}, "
            f"{inspection.inspection_round.slug.replace('-', '–')})"
            for inspection in named
        ]
        lead = "The only inspection" if len(units) == 1 else f"The {len(units)} inspections"
        sentences.append(f"{lead} since reunification rated Good or better: {_joined(units)}.")
    return sentences
