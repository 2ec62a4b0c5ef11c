"""
From what a press release says of standards to ratings of one framework's standards: choosing the stored
framework the wording and date point to, and resolving named standards ("staffing", "the advice it provided
to courts") and collective wordings ("all four service delivery standards", "six out of seven", "all seven
areas ... bar leadership and staffing") against that framework's domains and standards, as stored.

A wording that leaves open which standards it means fills nothing and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import press_release_wording as wording


@dataclass
class NamedClaim:
    """A rating the text gives to standards it names."""

    names: list  # [[candidate standard names] per phrase], e.g. [["Staffing", "Staff"], ["Services"]]
    phrases: list  # the phrases as written
    rating: str
    sentence: str


@dataclass
class CollectiveClaim:
    """A rating the text gives to a set of standards it counts: "all four", "eight out of nine"."""

    phrase: str
    rating: str | None  # None: the set is described with words that are not ratings ("fell short")
    sentence: str
    count: int | None = None  # "all four": 4; "all": None
    whole: int | None = None  # "six out of seven": 7
    part: int | None = None  # "six out of seven": 6
    words: str = ""  # "service delivery"
    exceptions: list = field(default_factory=list)  # [[candidate names]] after "bar", "except"
    others_named: list = field(default_factory=list)  # [[candidate names]] rated otherwise in the same sentence
    other: bool = False  # "seven other areas"


def framework_spans(frameworks):
    """{framework id: earliest date its stored inspections or their rounds start} (one query)."""
    from django.db.models import Min

    from inspections.models import Inspection

    spans = {}
    for row in Inspection.objects.values("framework_id").annotate(
        first=Min("published_on"), round_start=Min("inspection_round__started_on")
    ):
        starts = [day for day in (row["first"], row["round_start"]) if day]
        if starts:
            spans[row["framework_id"]] = min(starts)
    for framework in frameworks:
        if framework.introduced_on:
            spans[framework.pk] = framework.introduced_on
    return spans


def choose_framework(
    frameworks, spans, unit_type, *, dynamic, standard_counts, named, collective_words, rated, published
):
    """(framework or None, [what could not be told]) for a unit of `unit_type`.

    `dynamic`: the text says it is a dynamic inspection; `standard_counts`: counts of standards the text gives
    ("nine standards", "out of seven"); `named`: [[candidate names]] of standards it rates; `collective_words`:
    the words of its collective wordings ("service delivery"); `rated`: it gives an overall rating word;
    `published`: a date. Where the type has several
    frameworks and the text tells none of these, the framework is left to the editor.
    """
    of_type = [framework for framework in frameworks if framework.provider_type == unit_type]
    is_dynamic = [
        framework for framework in of_type if wording.DYNAMIC.search(f"{framework.name} {framework.description}")
    ]
    if len(of_type) == 1:
        return of_type[0], []
    if dynamic:
        if len(is_dynamic) == 1:
            return is_dynamic[0], []
        candidates = is_dynamic or of_type
    else:
        candidates = [framework for framework in of_type if framework not in is_dynamic]
        candidates = [framework for framework in candidates if framework.standards.all()] or candidates
    if not candidates:
        return None, ["No stored framework rates this kind of unit."]
    told = dynamic or published is not None
    narrowed = [framework for framework in candidates if len(framework.standards.all()) in standard_counts]
    if narrowed:
        candidates, told = narrowed, True
    by_domain = [
        framework for framework in candidates if any(_domain_named(framework, words) for words in collective_words)
    ]
    if by_domain:
        candidates, told = by_domain, True
    # A rating word given: not a framework without ratings; where one rated framework is left, it is told.
    told = told or bool(named) or (rated and len(candidates) == 1)
    if named:
        fitting = [framework for framework in candidates if all(_standard(framework, names) for names in named)]
        candidates = fitting or candidates
    if len(candidates) > 1 and published is not None:
        started = [
            framework for framework in candidates if spans.get(framework.pk) and spans[framework.pk] <= published
        ]
        if started:
            latest = max(spans[framework.pk] for framework in started)
            candidates = [framework for framework in started if spans[framework.pk] == latest]
    # "staffing" is the 2023 model's word, "staff" the 2021 model's: prefer the framework using the text's words.
    literal = {framework.pk: sum(_has_name(framework, names[0]) for names in named) for framework in candidates}
    best = max(literal.values())
    if best and list(literal.values()).count(best) == 1:
        candidates = [framework for framework in candidates if literal[framework.pk] == best]
    if len(candidates) == 1 and told:
        return candidates[0], []
    listed = ", ".join(framework.slug for framework in candidates)
    return None, [f"Framework not told by the text (it could be {listed}): choose it."]


def _domain_named(framework, words):
    """Whether a collective wording's words ("service delivery") are the name of one of the framework's domains."""
    words = " ".join(words.lower().split())
    return bool(words) and any(domain.name.lower() == words for domain in _domains(framework))


def _domains(framework):
    return {standard.domain_id: standard.domain for standard in framework.standards.all()}.values()


def _has_name(framework, name):
    return any(standard.name.lower() == name.lower() for standard in framework.standards.all())


def _standard(framework, names):
    by_name = {standard.name.lower(): standard for standard in framework.standards.all()}
    for name in names:
        if name.lower() in by_name:
            return by_name[name.lower()]
    return None


def resolve(framework, named_claims, collective_claims):
    """({standard slug: (rating, sentence)}, [(message, sentence)] open wordings, [not read])."""
    given = {}  # slug -> [(rating, sentence)]
    open_wordings = []
    not_read = []

    def give(standard, rating, sentence):
        given.setdefault(standard.slug, [])
        if (rating, sentence) not in given[standard.slug]:
            given[standard.slug].append((rating, sentence))

    for claim in named_claims:
        for names, phrase in zip(claim.names, claim.phrases, strict=True):
            standard = _standard(framework, names)
            if standard is None:
                not_read.append(f"'{phrase}' rated '{claim.rating}': not a standard of {framework.name}.")
            else:
                give(standard, claim.rating, claim.sentence)
    for claim in collective_claims:
        standards, message = _collective_standards(framework, claim)
        if message:
            open_wordings.append((message, claim.sentence))
        for standard in standards:
            give(standard, claim.rating, claim.sentence)
    ratings = {}
    for standard in framework.standards.all():
        values = given.get(standard.slug)
        if not values:
            continue
        distinct = {rating for rating, _ in values}
        if len(distinct) == 1:
            ratings[standard.slug] = values[0]
        else:
            told = " and ".join(f"'{rating}'" for rating in sorted(distinct))
            open_wordings.append(
                (f"{standard.name} is given both {told}: which holds is not clear, so none is filled.", values[0][1])
            )
    return ratings, open_wordings, not_read


def _collective_standards(framework, claim):
    """(standards the claim determines, message when it leaves them open)."""
    standards = sorted(framework.standards.all(), key=lambda standard: standard.position)
    if claim.rating is None:
        return [], f"'{claim.phrase}' does not give a rating word, so no standard is filled."
    if claim.other:
        # "Staffing, information and facilities require improvement with seven other areas ... rated inadequate":
        # the two and the seven are all nine, so the seven are every standard but the two.
        others = {standard.pk for names in claim.others_named if (standard := _standard(framework, names))}
        if others and claim.count is not None and len(others) + claim.count == len(standards):
            return [standard for standard in standards if standard.pk not in others], None
        return [], (
            f"'{claim.phrase}' were rated '{claim.rating}': which they are is not all stated, "
            "so only the standards named are filled."
        )
    excepted = {standard.pk for names in claim.exceptions if (standard := _standard(framework, names))}
    others = {standard.pk for names in claim.others_named if (standard := _standard(framework, names))}
    if claim.part is not None and claim.whole is not None and claim.part != claim.whole:
        pool = _pool(framework, standards, claim.whole, claim.words)
        named_others = {pk for pk in excepted | others if pk in {standard.pk for standard in pool or []}}
        if pool is not None and len(named_others) == claim.whole - claim.part:
            return [standard for standard in pool if standard.pk not in named_others], None
        which = wording_of_count(claim.part)
        return [], (
            f"{which.capitalize()} of {wording_of_count(claim.whole)} standards were rated '{claim.rating}': "
            f"which {which} is not stated, so none is filled."
        )
    count = claim.whole if claim.part is not None else claim.count
    pool = standards if count is None and not claim.words.strip() else _pool(framework, standards, count, claim.words)
    if pool is None:
        return [], (
            f"'{claim.phrase}' rated '{claim.rating}': {framework.name} has no set of "
            f"{wording_of_count(count) if count else 'such'} standards it could mean, so none is filled."
        )
    return [standard for standard in pool if standard.pk not in excepted], None


def _pool(framework, standards, count, words):
    """The framework's standards a count means: all of them, or the one domain of that many (by its name's words)."""
    if count is None or count == len(standards):
        if not words.strip() or count == len(standards):
            return standards
    domains = {}
    for standard in standards:
        domains.setdefault(standard.domain_id, []).append(standard)
    sized = [members for members in domains.values() if count is None or len(members) == count]
    if len(sized) > 1 and words.strip():
        wanted = set(re.findall(r"[a-z]+", words.lower())) - {"of", "our", "the", "and"}
        sized = [members for members in sized if wanted & set(re.findall(r"[a-z]+", members[0].domain.name.lower()))]
    return sized[0] if len(sized) == 1 else None


def wording_of_count(count):
    words = "zero one two three four five six seven eight nine ten eleven twelve".split()
    return words[count] if count is not None and 0 <= count < len(words) else str(count)
