"""One inspection laid out as its report does: domains, standards, key questions, facts."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse

from inspections import rating_rules
from inspections.models import KeyQuestionResult, StandardRating


@dataclass
class KeyQuestionView:
    code: str
    text: str
    percent_yes: float
    cases_inspected: int | None
    subsample_of: int | None
    uses_relevant_subsample: bool
    interval: tuple[float, float] | None
    indicated: str | None

    @property
    def interval_label(self):
        if self.interval is None:
            return ""
        low, high = self.interval
        return f"{low:.0f}–{high:.0f}%"

    @property
    def percent_label(self):
        return f"{self.percent_yes:g}%"


NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
NUMBER_WORDS |= {10: "ten", 11: "eleven", 12: "twelve"}


def count_words(number):
    """A count as a sentence writes it: words up to twelve, figures above."""
    return NUMBER_WORDS.get(number, str(number))


def standard_url(framework, standard):
    """A standard's page: by its number where the framework numbers its standards, else by framework and name."""
    if standard.code:
        return reverse("dashboard:standard", args=[standard.code])
    return reverse("dashboard:framework-standard", args=[framework.slug, standard.slug])


@dataclass
class StandardView:
    code: str
    name: str
    description: str
    position: int
    rating: str | None
    indicated: str | None
    key_questions: list[KeyQuestionView]
    url: str = ""
    derived: bool = False
    slug: str = ""

    @property
    def discretion(self):
        """Inspectors published a band other than the one the key questions indicate."""
        return bool(self.rating and self.indicated and self.rating != self.indicated)

    @property
    def discretion_direction(self):
        if not self.discretion:
            return ""
        lifted = rating_rules.rating_order(self.rating) < rating_rules.rating_order(self.indicated)
        return "above" if lifted else "below"


@dataclass
class DomainView:
    number: str
    name: str
    standards: list[StandardView]


@dataclass
class InspectionView:
    inspection: object
    domains: list[DomainView]
    score: int | None
    max_score: int
    score_band: str | None
    points_to_next_band: int | None
    next_band: str | None
    rated_count: int
    standard_count: int
    scale: rating_rules.RatingScale | None = None
    facts: list = field(default_factory=list)
    recommendations: list = field(default_factory=list)
    case_samples: list = field(default_factory=list)
    sources: list = field(default_factory=list)

    @property
    def standards(self):
        return [standard for domain in self.domains for standard in domain.standards]

    @property
    def key_questions(self):
        return [question for standard in self.standards for question in standard.key_questions]

    @property
    def stand_out(self):
        """Recorded standards rated above or below the overall rating, best first: what a reader looks for next."""
        overall = self.inspection.overall_rating
        if overall not in rating_rules.RATINGS:
            return []
        differing = [standard for standard in self.standards if standard.rating and standard.rating != overall]
        return sorted(differing, key=lambda standard: (rating_rules.rating_order(standard.rating), standard.position))

    @property
    def discretion_standards(self):
        return [standard for standard in self.standards if standard.discretion]

    @property
    def recorded_domains(self):
        """The domains with a recorded standard, each with only its recorded standards: what a table shows."""
        domains = [
            DomainView(domain.number, domain.name, [standard for standard in domain.standards if standard.rating])
            for domain in self.domains
        ]
        return [domain for domain in domains if domain.standards]

    @property
    def recorded_standards(self):
        return [standard for standard in self.standards if standard.rating]

    @property
    def unrecorded_standards(self):
        """Standards with no recorded rating, named in one line rather than a table row each."""
        return [standard for standard in self.standards if not standard.rating]

    @property
    def standard_count_words(self):
        """'ten', 'nine', 'seven': how the page counts the framework's standards in a sentence."""
        return count_words(self.standard_count)

    @property
    def score_sentence(self):
        """'15 of 30 — Requires improvement, one point below Good'."""
        if self.score is None:
            return ""
        sentence = f"{self.score} of {self.max_score} — {self.score_band}"
        if self.points_to_next_band:
            points = self.points_to_next_band
            words = {1: "one point", 2: "two points", 3: "three points"}.get(points, f"{points} points")
            sentence += f", {words} below {self.next_band}"
        return sentence


def with_report_relations(queryset):
    """Prefetch everything `inspection_view` reads: a fixed number of queries for any number of inspections."""
    return queryset.with_page_relations().prefetch_related(
        Prefetch(
            "standard_ratings",
            queryset=StandardRating.objects.only("inspection_id", "standard_id", "rating", "derived"),
        ),
        Prefetch("key_question_results", queryset=KeyQuestionResult.objects.all()),
        "facts",
        "recommendations",
        "case_samples",
        "sources",
    )


def inspection_view(inspection, framework):
    """Lay an inspection (fetched through `with_report_relations`) out by its framework."""
    scale = framework.rating_scale()
    ratings = {rating.standard_id: rating.rating for rating in inspection.standard_ratings.all()}
    derived = {rating.standard_id for rating in inspection.standard_ratings.all() if rating.derived}
    results = {result.key_question_id: result for result in inspection.key_question_results.all()}
    domains = {}
    for standard in framework.standards.all():
        questions = []
        for question in standard.key_questions.all():
            result = results.get(question.id)
            if result is None:
                continue
            percent = float(result.percent_yes)
            questions.append(
                KeyQuestionView(
                    code=question.code,
                    text=question.text,
                    percent_yes=percent,
                    cases_inspected=result.cases_inspected,
                    subsample_of=result.subsample_of,
                    uses_relevant_subsample=question.uses_relevant_subsample,
                    interval=rating_rules.wilson_interval(percent, result.cases_inspected),
                    indicated=scale.indicated_band([percent]),
                )
            )
        view = StandardView(
            code=standard.code,
            name=standard.name,
            description=standard.description,
            position=standard.position,
            rating=ratings.get(standard.id),
            indicated=scale.indicated_band(question.percent_yes for question in questions),
            key_questions=questions,
            url=standard_url(framework, standard),
            derived=standard.id in derived,
            slug=standard.slug,
        )
        domain = domains.setdefault(
            standard.domain_id, DomainView(number=standard.domain.number, name=standard.domain.name, standards=[])
        )
        domain.standards.append(view)

    standards = [standard for domain in domains.values() for standard in domain.standards]
    score = scale.score(standard.rating for standard in standards)
    band = scale.band_for_score(score)
    to_next = scale.points_to_next_band(score)
    next_band = None
    if to_next is not None:
        names = [b.rating for b in scale.bands]
        next_band = names[names.index(band) - 1]
    return InspectionView(
        inspection=inspection,
        domains=list(domains.values()),
        score=score,
        max_score=scale.max_score,
        score_band=band,
        points_to_next_band=to_next,
        next_band=next_band,
        rated_count=sum(1 for standard in standards if standard.rating),
        standard_count=len(standards),
        scale=scale,
        facts=list(inspection.facts.all()),
        recommendations=list(inspection.recommendations.all()),
        case_samples=list(inspection.case_samples.all()),
        sources=list(inspection.sources.all()),
    )
