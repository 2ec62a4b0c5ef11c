"""
The query behind `/compare/<slug>,<slug>[,…]/`: two to six providers side by side, in the order given.

`read_slug_list` checks the address before anything is fetched; `comparison`
lays out the providers' latest inspections aligned row by row. A constant
number of SQL queries whatever the number of providers compared or stored: only
the providers named, their neighbours and their league rows are read.
"""

import itertools
import re
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.text import slugify

from inspections import rating_rules
from inspections.models import Inspection
from providers.models import OwnershipPeriod, Provider

from ..filters import LeagueFilterSet, ProbationServiceFilterSet
from .frameworks import frameworks_by_id
from .inspections import InspectionView, inspection_view, with_report_relations
from .league import LeagueRow, league_position, league_rows_for, ranking_set
from .neighbours import Suggestion, current_owner, division_of, neighbours, slugs_in_divisions
from .provider_addresses import MAX_LOOKED_UP, match_address, provider_candidates

MIN_COMPARED = 2
MAX_COMPARED = 6
SLUG_PATTERN = re.compile(r"^[-a-zA-Z0-9_]+$")
LONGEST_LIST = 600  # characters: six of the longest slugs and their commas, with room to spare
# Up to this many providers, pick lists name every one; beyond, a reader types an address instead.
# Both eras hold about 150 (28 of 2018–20, 12 regions and their PDUs), all ticked or chosen from a list.
LISTED_LIMIT = 250
# Up to this many providers, a phone shows their values side by side in each row; beyond, one card per row.
SIDE_BY_SIDE_ON_A_PHONE = 3


def joined(names):
    """The names joined: "A", "A and B", "A, B and C"."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def comparison_url(slugs):
    return reverse("dashboard:compare", args=[",".join(slugs)])


def _with_owners(providers):
    """`providers`, each with `ownership`: its ownership periods and their owners, oldest first.

    A plain list rather than a prefetched manager: reading one of those makes a queryset every time.
    """
    periods = OwnershipPeriod.objects.select_related("owner").chronological()
    return providers.prefetch_related(Prefetch("ownership_periods", queryset=periods, to_attr="ownership"))


def listed_providers():
    """Every provider by name, for a pick list; None when there are too many to list on a page. One query."""
    providers = list(Provider.objects.order_by("short_name")[: LISTED_LIMIT + 1])
    return providers if len(providers) <= LISTED_LIMIT else None


def providers_and_neighbours(slugs):
    """The providers with these addresses, those `neighbours` may suggest for them, and the first
    `LISTED_LIMIT` + 1 by name, with their owners, in name order. Two queries whatever the number stored.

    So while there are few providers, this is every one of them (see `listed`).
    """
    named = [slug for slug in slugs if SLUG_PATTERN.match(slug)]
    divisions = {division_of(slug) for slug in named} - {None}
    owners = OwnershipPeriod.objects.filter(ended_on=None, provider__slug__in=named).values("owner_id")
    # A union of ids, each part read through an index: an OR of the three conditions reads every provider.
    first = Provider.objects.order_by("short_name").values("id")[: LISTED_LIMIT + 1]
    ids = (
        Provider.objects.filter(slug__in=[*named, *slugs_in_divisions(divisions)])
        .order_by()
        .values("id")
        .union(
            OwnershipPeriod.objects.filter(ended_on=None, owner_id__in=owners).order_by().values("provider_id"),
            Provider.objects.filter(id__in=first).order_by().values("id"),
        )
    )
    return list(_with_owners(Provider.objects.filter(id__in=ids).order_by("short_name")))


def listed(providers):
    """`providers` (from `providers_and_neighbours`) when they are every provider, for a pick list; else None.

    They hold the first `LISTED_LIMIT` + 1 by name, so no more than `LISTED_LIMIT` means no other exists.
    """
    return providers if len(providers) <= LISTED_LIMIT else None


# --- Reading the address ------------------------------------------------------------------


@dataclass
class SlugListProblem:
    """Why an address is not a valid comparison, and the nearest one that is."""

    status: int  # 400 for a malformed or wrong-sized list, 404 for an unknown provider
    messages: list[str]
    nearest: list[Provider]

    @property
    def nearest_url(self):
        return comparison_url([provider.slug for provider in self.nearest]) if len(self.nearest) >= 2 else None

    @property
    def nearest_names(self):
        return [provider.short_name for provider in self.nearest]


def read_slug_list(parts, providers):
    """(chosen providers, None) when `parts` name two to six known providers once each, else (None, problem).

    `parts` are the comma-separated pieces of the address, in order; `providers`
    comes from `providers_and_neighbours(parts)`. The nearest valid comparison
    drops malformed and repeated pieces, reads each unknown one as the provider its
    name most likely means (`provider_addresses`; one more query, only then), keeps
    the first six, and adds the nearest neighbour when only one provider is left.
    """
    by_slug = {provider.slug: provider for provider in providers}
    messages, status = [], 400
    kept, seen, likely = [], set(), []
    unknown = [part for part in parts if part and SLUG_PATTERN.match(part) and part not in by_slug]
    likely_meant = _likely_meant(unknown, [by_slug[part] for part in parts if part in by_slug])
    for part in parts:
        shown = part[:60]
        if not part:
            messages.append("The list has an empty entry: addresses are separated by single commas.")
        elif not SLUG_PATTERN.match(part):
            messages.append(f"“{shown}” is not a provider address: addresses use letters, digits and hyphens.")
        elif part not in by_slug:
            status = 404
            meant = likely_meant.get(part, [])
            likely += [by_slug.get(provider.slug, provider) for provider in meant[:1]]
            perhaps = f" Did you mean {_either(provider.short_name for provider in meant)}?" if meant else ""
            messages.append(f"No provider has the address “{shown}”.{perhaps}")
        elif part in seen:
            messages.append(f"{by_slug[part].short_name} is listed more than once; a comparison lists each once.")
        else:
            seen.add(part)
            kept.append(by_slug[part])
    if any(not SLUG_PATTERN.match(part) for part in parts):
        status = 400
    if len(kept) > MAX_COMPARED:
        messages.append(f"{len(kept)} providers are listed; a comparison shows at most {MAX_COMPARED} side by side.")
        kept = kept[:MAX_COMPARED]
    elif len(kept) < MIN_COMPARED and not messages:
        messages.append(
            "A comparison needs at least two providers."
            if kept
            else "No provider is named: a comparison needs two to six provider addresses."
        )
    if not messages:
        return kept, None
    nearest = list(kept)
    # Those the reader most likely meant by name first, then neighbours by area and owner.
    nearest += [provider for provider in likely if provider not in nearest][: MAX_COMPARED - len(nearest)]
    if len(nearest) == 1:
        suggestions = neighbours(nearest, providers)
        if suggestions:
            nearest.append(suggestions[0].provider)
    return None, SlugListProblem(status=status, messages=messages, nearest=nearest)


def _likely_meant(unknown, named):
    """{unknown part: the providers it most likely names, closest first, those of the named providers' era
    first}; one query, none when every part is known."""
    if not unknown:
        return {}
    candidates = provider_candidates()
    eras = {provider.era for provider in named}
    found = {}
    for part in list(dict.fromkeys(unknown))[:MAX_LOOKED_UP]:
        address = match_address(part, candidates)
        meant = [address.meant] if address.meant else address.likely
        found[part] = sorted(meant, key=lambda provider: provider.era not in eras)
    return found


def _either(names):
    """The names joined: "A", "A or B", "A, B or C"."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def split_slug_list(text):
    """The comma-separated pieces of an address, stripped; None when it is too long to be a comparison."""
    if len(text) > LONGEST_LIST:
        return None
    return [part.strip() for part in text.split(",")]


# --- The comparison -----------------------------------------------------------------------


@dataclass
class Compared:
    provider: Provider
    latest: InspectionView | None
    league_row: LeagueRow | None
    current_owner: object
    colour_index: int

    by_name: bool = False  # set when the comparison aligns standards by name (some have no number)

    @property
    def standards_by_code(self):
        """The latest inspection's standards by number, or by name where the comparison aligns them so."""
        if not self.latest:
            return {}
        return {(standard.name if self.by_name else standard.code): standard for standard in self.latest.standards}

    @property
    def key_questions_by_code(self):
        return {question.code: question for question in self.latest.key_questions} if self.latest else {}

    @property
    def facts_by_metric(self):
        return {fact.metric: fact for fact in self.latest.facts} if self.latest else {}


@dataclass
class StandardRow:
    code: str  # the standard's number, or its name where the comparison aligns standards by name
    name: str
    cells: list  # StandardView, or None where the provider's framework has no such standard

    @property
    def label(self):
        return self.name if self.code == self.name else f"{self.code} {self.name}"

    @property
    def anchor(self):
        return slugify(self.code)

    @property
    def url(self):
        """The page of the first compared provider's standard of this name or number."""
        return next((cell.url for cell in self.cells if cell is not None and cell.url), "")

    @property
    def ratings(self):
        return [cell.rating for cell in self.cells if cell is not None and cell.rating]

    @property
    def applicable(self):
        return [cell for cell in self.cells if cell is not None]

    @property
    def difference(self):
        """'differ' (two recorded ratings differ), 'same' (all recorded and equal), 'same-where-recorded'
        (two or more recorded and equal, others not recorded), or 'unknown' (fewer than two recorded)."""
        ratings = self.ratings
        if len(set(ratings)) > 1:
            return "differ"
        if len(ratings) < 2:
            return "unknown"
        return "same" if len(ratings) == len(self.applicable) else "same-where-recorded"

    @property
    def rated_highest(self):
        """The places in the comparison of the providers with the best recorded rating on this standard."""
        best = min((rating_rules.rating_order(rating) for rating in self.ratings), default=None)
        return tuple(
            index
            for index, cell in enumerate(self.cells)
            if cell is not None and cell.rating and rating_rules.rating_order(cell.rating) == best
        )


@dataclass
class KeyQuestionRow:
    code: str
    text: str
    cells: list  # KeyQuestionView or None

    @property
    def difference(self):
        """'beyond-chance' when two providers' 95% intervals do not overlap, 'within-chance' when all that have
        one overlap, 'unknown' when fewer than two have an interval."""
        intervals = [cell.interval for cell in self.cells if cell is not None and cell.interval]
        if len(intervals) < 2:
            return "unknown"
        for (low_a, high_a), (low_b, high_b) in itertools.combinations(intervals, 2):
            if high_a < low_b or high_b < low_a:
                return "beyond-chance"
        return "within-chance"


@dataclass
class FactRow:
    metric: str
    unit: str
    cells: list  # ContextualFact or None


def _recorded_in(compared, rows, is_recorded=lambda cell: cell is not None):
    """The compared providers with at least one recorded cell in `rows`, in the order of the page."""
    return [entry for index, entry in enumerate(compared) if any(is_recorded(row.cells[index]) for row in rows)]


@dataclass
class StandardLead:
    """Providers rated highest on some of the standards where the compared providers' recorded ratings differ."""

    entries: list[Compared]
    rows: list[StandardRow]

    @property
    def names(self):
        return joined(entry.provider.short_name for entry in self.entries)


@dataclass
class Comparison:
    compared: list[Compared]
    standard_rows: list[StandardRow]
    key_question_rows: list[KeyQuestionRow]
    fact_rows: list[FactRow]
    suggestions: list[Suggestion]
    others: list[Provider] | None  # every provider not compared, for the "add" list; None when too many to list
    league_size: int
    last_changed: object
    inspection_round: object = None  # None: each provider's latest rated inspection
    units_league_size: int = 0  # regions and PDUs today's league ranks, when any is compared

    @property
    def slugs(self):
        return [entry.provider.slug for entry in self.compared]

    @property
    def query(self):
        """The round, kept in every link the comparison makes to itself."""
        return f"?round={self.inspection_round.slug}" if self.inspection_round else ""

    @property
    def path(self):
        return comparison_url(self.slugs)

    @property
    def url(self):
        return self.path + self.query

    @property
    def names(self):
        return [entry.provider.short_name for entry in self.compared]

    @property
    def title(self):
        return joined(self.names)

    @property
    def side_by_side_on_a_phone(self):
        """Few enough providers for each row's values to sit side by side on a phone's width."""
        return len(self.compared) <= SIDE_BY_SIDE_ON_A_PHONE

    @property
    def can_add(self):
        return len(self.compared) < MAX_COMPARED

    @property
    def can_remove(self):
        return len(self.compared) > MIN_COMPARED

    @property
    def frameworks(self):
        """The frameworks of the compared inspections, each once, in the order of the page."""
        seen = {}
        for entry in self.compared:
            if entry.latest:
                seen.setdefault(entry.latest.inspection.framework_id, entry.latest.inspection.framework)
        return list(seen.values())

    @property
    def frameworks_differ(self):
        return len(self.frameworks) > 1

    @property
    def spans_eras(self):
        return len({entry.provider.is_probation_service for entry in self.compared}) > 1

    @property
    def differing_standards(self):
        return [row for row in self.standard_rows if row.difference == "differ"]

    @property
    def standard_leads(self):
        """Who is rated highest on each standard where recorded ratings differ, one entry per group of providers
        rated highest together, in the order of the page (the first provider's standards first)."""
        grouped = {}
        for row in self.differing_standards:
            grouped.setdefault(row.rated_highest, []).append(row)
        return [
            StandardLead(entries=[self.compared[index] for index in places], rows=rows)
            for places, rows in sorted(grouped.items())
        ]

    @property
    def higher_word(self):
        return "higher" if len(self.compared) == 2 else "highest"

    # Which providers have anything recorded in each section: with fewer than two, the section is one line.

    @property
    def with_standard_ratings(self):
        return _recorded_in(self.compared, self.standard_rows, lambda cell: cell is not None and bool(cell.rating))

    @property
    def with_key_question_results(self):
        return _recorded_in(self.compared, self.key_question_rows)

    @property
    def with_facts(self):
        return _recorded_in(self.compared, self.fact_rows)

    @property
    def recorded_standard_rows(self):
        """Standards at least one compared provider has a rating on."""
        return [row for row in self.standard_rows if row.ratings]

    @property
    def unrecorded_standard_rows(self):
        """Standards no compared provider has a rating on: listed once, not row by row."""
        return [row for row in self.standard_rows if not row.ratings]

    def without(self, entry):
        return comparison_url([slug for slug in self.slugs if slug != entry.provider.slug]) + self.query

    def with_added(self, provider):
        return comparison_url([*self.slugs, provider.slug]) + self.query


def _code_key(code):
    return tuple(int(piece) if piece.isdigit() else 0 for piece in code.split("."))


def comparison(chosen, providers, inspection_round=None):
    """The comparison of `chosen` (from `read_slug_list`), given `providers_and_neighbours()` of them.

    Each provider's inspection is the one the league shows for the same round
    choice: without a round, its latest rated inspection; with one, its latest
    inspection of that round (none if it was not inspected in it).
    """
    frameworks = frameworks_by_id()
    filterset = LeagueFilterSet({"round": inspection_round.slug} if inspection_round else {})
    ranking = ranking_set(filterset)
    crc_era = [provider for provider in chosen if not provider.is_probation_service]
    rows_by_provider = league_rows_for(filterset, [provider.id for provider in crc_era], frameworks, ranking)
    today = [provider for provider in chosen if provider.is_probation_service]
    if today:
        # Today's units are each on the inspection today's league shows for them: the same round choice.
        units = ProbationServiceFilterSet({"round": inspection_round.slug} if inspection_round else {})
        units_ranking = ranking_set(units)
        units_league_size = units_ranking.ranked_count
        rows_by_provider.update(league_rows_for(units, [provider.id for provider in today], frameworks, units_ranking))
    else:
        units_league_size = 0
    chosen_rows = [rows_by_provider[provider.id] for provider in chosen if provider.id in rows_by_provider]
    inspections = with_report_relations(Inspection.objects.filter(id__in=[row.inspection_id for row in chosen_rows]))
    latest = {inspection.provider_id: inspection for inspection in inspections}

    compared = []
    views = {}
    for provider in chosen:
        inspection = latest.get(provider.id)
        views[provider.id] = inspection_view(inspection, frameworks[inspection.framework_id]) if inspection else None
    # Numbers align standards within the 2018 standards; where any compared standard has no number
    # (the Probation Service's), standards that share a name stand side by side instead.
    by_name = any(not standard.code for view in views.values() if view for standard in view.standards)
    for index, provider in enumerate(chosen):
        view = views[provider.id]
        compared.append(
            Compared(
                provider=provider,
                latest=view,
                league_row=rows_by_provider.get(provider.id),
                current_owner=current_owner(provider),
                colour_index=index,
                by_name=by_name,
            )
        )

    standard_names, question_texts, fact_units = {}, {}, {}
    for entry in compared:
        for standard in entry.standards_by_code.values():
            standard_names.setdefault(standard.code, standard.name)
        for question in entry.key_questions_by_code.values():
            question_texts.setdefault(question.code, question.text)
        for fact in entry.facts_by_metric.values():
            fact_units.setdefault(fact.metric, fact.unit)
    standard_rows = [
        StandardRow(
            code=code, name=standard_names[code], cells=[entry.standards_by_code.get(code) for entry in compared]
        )
        for code in (standard_names if by_name else sorted(standard_names, key=_code_key))
    ]
    key_question_rows = [
        KeyQuestionRow(
            code=code, text=question_texts[code], cells=[entry.key_questions_by_code.get(code) for entry in compared]
        )
        for code in sorted(question_texts, key=_code_key)
    ]
    fact_rows = [
        FactRow(metric=metric, unit=unit, cells=[entry.facts_by_metric.get(metric) for entry in compared])
        for metric, unit in fact_units.items()
    ]
    chosen_ids = {provider.id for provider in chosen}
    everyone = listed(providers)
    position = league_position(filterset, ranking=ranking)
    return Comparison(
        compared=compared,
        standard_rows=standard_rows,
        key_question_rows=key_question_rows,
        fact_rows=fact_rows,
        suggestions=neighbours(chosen, providers),
        others=None if everyone is None else [provider for provider in everyone if provider.id not in chosen_ids],
        league_size=position.ranked_count,
        last_changed=position.last_changed,
        inspection_round=inspection_round,
        units_league_size=units_league_size,
    )


@dataclass
class CompareChoices:
    """What the "compare with…" form of a provider page offers: neighbours first, then everyone else."""

    suggestions: list[Suggestion]
    others: list[Provider] | None  # None when there are too many providers to list


def compare_choices(provider):
    """A constant number of queries whatever the number of providers."""
    providers = providers_and_neighbours([provider.slug])
    # Its own row among them carries the ownership `neighbours` reads.
    provider = next(candidate for candidate in providers if candidate.id == provider.id)
    suggestions = neighbours([provider], providers)
    suggested = {suggestion.provider.id for suggestion in suggestions}
    everyone = listed(providers)
    others = None
    if everyone is not None:
        others = [candidate for candidate in everyone if candidate.id != provider.id and candidate.id not in suggested]
    return CompareChoices(suggestions=suggestions, others=others)
