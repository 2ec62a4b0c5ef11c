"""The words and abbreviations the site uses, and what each rating means, with the sources that say so.

A definition in quotation marks is the inspectorate's (or the named source's) own words; one without is
what this site means by the word. A provider's abbreviation ("KSS") is read from its name in the data
(`provider_acronym`), so the glossary and the <abbr> titles stay true when a provider is added or renamed.
"""

import re
from dataclasses import dataclass, field

from inspections import rating_rules

NOT_RECORDED = "Not recorded"
NOT_RECORDED_SLUG = "not-recorded"

STANDARDS_AND_RATINGS = "https://www.justiceinspectorates.gov.uk/hmiprobation/about-our-work/our-standards-and-ratings/"


@dataclass(frozen=True)
class Source:
    label: str
    url: str = ""


@dataclass(frozen=True)
class Term:
    slug: str  # its anchor on the glossary page: #term-<slug>
    term: str
    expansion: str = ""  # what an abbreviation stands for
    quoted: str = ""  # a source's own words, shown in quotation marks
    source: Source | None = None
    meaning: str = ""  # what this site means by it, in its own words
    see_also: list = field(default_factory=list)  # (label, address) pairs on this site

    @property
    def anchor(self):
        return f"term-{self.slug}"


@dataclass(frozen=True)
class RatingDefinition:
    rating: str
    slug: str
    quoted: str = ""
    source: Source | None = None
    meaning: str = ""

    @property
    def anchor(self):
        return f"rating-{self.slug}"


KSS_REPORT_GLOSSARY = Source(
    "HM Inspectorate of Probation, An inspection of Kent, Surrey and Sussex Community Rehabilitation Company "
    "(2019), Annex 4: Glossary"
)

RATING_DEFINITIONS = [
    RatingDefinition(
        rating_rules.OUTSTANDING,
        "outstanding",
        quoted="the highest rating",
        source=Source(
            "HM Inspectorate of Probation press release on NPS North West, February 2019",
            "https://justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2019/02/nwnps",
        ),
        meaning="The best of the inspectorate's four ratings. In the 2018–20 scoring a standard rated Outstanding "
        "counts 3 points; a standard's key questions indicate it when every one is answered “yes” in 80% or "
        "more of the cases inspected.",
    ),
    RatingDefinition(
        rating_rules.GOOD,
        "good",
        quoted="the second highest HMI Probation rating",
        source=Source(
            "HM Inspectorate of Probation press release on NPS North West, February 2019",
            "https://justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2019/02/nwnps",
        ),
        meaning="The second of the four ratings. In the 2018–20 scoring it counts 2 points a standard; key "
        "questions indicate it from 65% “yes”.",
    ),
    RatingDefinition(
        rating_rules.REQUIRES_IMPROVEMENT,
        "requires-improvement",
        quoted="the second lowest of four ratings",
        source=Source(
            "HM Inspectorate of Probation press release on NPS London, May 2019",
            "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2019/05/londonnps/",
        ),
        meaning="The third of the four ratings. In the 2018–20 scoring it counts 1 point a standard; key "
        "questions indicate it from 50% “yes”.",
    ),
    RatingDefinition(
        rating_rules.INADEQUATE,
        "inadequate",
        quoted="the lowest rating possible",
        source=Source(
            "HM Inspectorate of Probation press release on three London PDUs, 2022",
            "https://hmiprobation.justiceinspectorates.gov.uk/news/"
            "inspectorate-calls-for-urgent-action-as-trio-of-london-probation-services-rated-inadequate",
        ),
        meaning="The last of the four ratings. In the 2018–20 scoring it counts 0 points; key questions "
        "indicate it when any one is answered “yes” in under 50% of the cases inspected.",
    ),
    RatingDefinition(
        rating_rules.NOT_RATED,
        "not-rated",
        meaning="An outcome, not a gap: the inspectorate published the inspection without an overall rating. "
        "Hampshire and Isle of Wight CRC's 2020 part-inspection was cut short by the COVID-19 lockdown; the "
        "dynamic inspections of public protection since October 2025 give a judgement and case percentages, "
        "no rating. A “Not rated” inspection is never ranked.",
    ),
    RatingDefinition(
        NOT_RECORDED,
        NOT_RECORDED_SLUG,
        meaning="This site has found no source that states the value. The rating may well exist (in a report "
        "not yet read here); it is never counted as zero or guessed. Know where it is stated? Report it with "
        "“Report a mistake” at the foot of the page.",
    ),
]

RATING_DEFINITION_SLUGS = {definition.rating: definition.slug for definition in RATING_DEFINITIONS}

TERMS = [
    Term(
        "crc",
        "CRC",
        expansion="Community Rehabilitation Company",
        quoted="21 CRCs were set up in June 2014, to manage most offenders who present low or medium risk of "
        "serious harm",
        source=KSS_REPORT_GLOSSARY,
        meaning="Privately owned; abolished when probation was reunified on 26 June 2021. Their work passed to "
        "today's Probation Service.",
    ),
    Term(
        "dipp",
        "DIPP",
        expansion="Dynamic inspection of public protection",
        quoted="The purpose of dynamic inspections of public protection is to focus in more detail on public "
        "protection to inform targeted follow-up activity in regions.",
        source=Source(
            "HM Inspectorate of Probation, Dynamic inspection of public protection: inspection questions, "
            "guidance and evidence sources",
            "https://hmiprobation.justiceinspectorates.gov.uk/document/"
            "dynamic-inspection-of-public-protection-inspection-questions-guidance-and-evidence-sources",
        ),
        meaning="Since October 2025, one per region. They carry no rating: this site shows them as “Not rated” "
        "and never ranks them.",
    ),
    Term(
        "hmi-probation",
        "HMI Probation",
        expansion="HM Inspectorate of Probation",
        meaning="The inspectorate of probation services in England and Wales, whose published ratings this site "
        "shows. Also written HMIP. This site is not made or endorsed by it.",
        source=Source("Our standards and ratings", STANDARDS_AND_RATINGS),
    ),
    Term(
        "hmpps",
        "HMPPS",
        expansion="His (formerly Her) Majesty's Prison and Probation Service",
        quoted="from 1 April 2017, HMPPS became the single agency responsible for delivering prison and probation "
        "services across England and Wales",
        source=KSS_REPORT_GLOSSARY,
    ),
    Term(
        "key-question",
        "Key question",
        meaning="A question inspectors answer for each case of a sample (“Does assessment focus sufficiently on "
        "keeping other people safe?”). The share of cases answered “yes” is shown with the number of cases and "
        "a 95% interval; the lowest share among a standard's key questions indicates a band.",
        see_also=[("Indicated bands and discretion", "/methodology/#indicated-title")],
    ),
    Term(
        "moj",
        "MoJ",
        expansion="Ministry of Justice",
        quoted="the government department with responsibility for the criminal justice system in the United Kingdom",
        source=KSS_REPORT_GLOSSARY,
    ),
    Term(
        "nps",
        "NPS",
        expansion="National Probation Service",
        quoted="a single national service that came into being in June 2014. Its role is to deliver services to "
        "courts and to manage specific groups of offenders, including those presenting a high or very high risk "
        "of serious harm",
        source=KSS_REPORT_GLOSSARY,
        meaning="Its seven divisions were inspected in 2018–20. It became part of today's Probation Service on "
        "26 June 2021.",
    ),
    Term(
        "pdu",
        "PDU",
        expansion="Probation Delivery Unit",
        quoted="The probation service, also known as a Probation Delivery Unit (PDU*), for Leicester, "
        "Leicestershire and Rutland",
        source=Source(
            "HM Inspectorate of Probation press release, February 2023",
            "https://hmiprobation.justiceinspectorates.gov.uk/?p=1458",
        ),
        meaning="The local units of today's Probation Service; each of its 12 regions is made of PDUs. Inspected "
        "since January 2022.",
    ),
    Term(
        "professional-discretion",
        "Professional discretion",
        quoted="In arriving at the rating for reviewing, we have exercised professional discretion, lifting the "
        "rating from inadequate to requires improvement",
        source=Source("HM Inspectorate of Probation, An inspection of Kent, Surrey and Sussex CRC (2019)"),
        meaning="Inspectors may publish a standard's rating above or below the band its key questions indicate. "
        "The published rating is always the one shown; where it differs, the page says so.",
    ),
    Term(
        "region",
        "Region",
        meaning="One of the 12 regions of today's Probation Service (since 26 June 2021), each made of PDUs; "
        "under the 2023 model the inspectorate also rates the region itself.",
    ),
    Term(
        "score",
        "Score and inspection points",
        meaning="For the 2018–20 framework, the sum of the ten standards' points (Outstanding 3, Good 2, Requires "
        "improvement 1, Inadequate 0), 0 to 30, shown only when all ten are recorded. For the 2021 PDU model "
        "the inspectorate states “inspection points” out of 27; they are shown as stated and never worked out.",
        see_also=[("Scores", "/methodology/#score-title")],
    ),
    Term(
        "standard",
        "Standard and domain",
        meaning="What the inspectorate rates within an inspection: in 2018–20, ten standards in three domains "
        "(organisational delivery, case supervision, and work specific to CRCs or NPS divisions). Today's models "
        "have their own standards.",
        see_also=[("Ratings", "/methodology/#ratings-title")],
    ),
    Term(
        "through-the-gate",
        "Through the Gate",
        quoted="Through the Gate services are designed to help those sentenced to more than one day in prison to "
        "settle back into the community upon release and receive rehabilitation support",
        source=KSS_REPORT_GLOSSARY,
        meaning="Standard 4.2 of a CRC's inspection.",
    ),
    Term(
        "unpaid-work",
        "Unpaid work",
        quoted="A court can include an unpaid work requirement as part of a community order. Offenders can be "
        "required to work for up to 300 hours on community projects under supervision.",
        source=KSS_REPORT_GLOSSARY,
        meaning="Standard 4.1 of a CRC's inspection.",
    ),
    Term(
        "arcc",
        "ARCC",
        expansion="Achieving Real Change in Communities",
        quoted="It is the only CRC owned by ARCC – Achieving Real Change in Communities – a consortia of nine "
        "local partners.",
        source=Source(
            "The Parliamentary Review, Durham Tees Valley Community Rehabilitation Company",
            "https://www.theparliamentaryreview.co.uk/organisations/durham-tees-valley-community-rehabilitation-co",
        ),
        meaning="The owner of DTV CRC.",
    ),
    Term(
        "mtcnovo",
        "MTCnovo",
        quoted="It is one of two CRCs, the other in London, run by MTCnovo.",
        source=Source(
            "Russell Webster, on Thames Valley CRC's 2018 inspection", "https://www.russellwebster.com/hmiptvcrc18/"
        ),
        meaning="The owner of London CRC and Thames Valley CRC. The name is the company's own; no source found "
        "spells it out.",
    ),
]

TERMS_BY_ABBREVIATION = {term.term: term for term in TERMS if term.expansion}
# The same words as a reader may write them, for `glossary_abbr`.
TERMS_BY_ABBREVIATION["HMIP"] = next(term for term in TERMS if term.slug == "hmi-probation")

# Words that do not give a letter of an abbreviation ("Kent, Surrey and Sussex": KSS).
_JOINING_WORDS = {"and", "&"}
# What a provider's name adds after its area: "… Community Rehabilitation Company".
_TYPE_SUFFIXES = (" Community Rehabilitation Company", " Probation Delivery Unit")


@dataclass(frozen=True)
class ProviderAcronym:
    acronym: str  # "KSS"
    expansion: str  # "Kent, Surrey and Sussex"

    @property
    def slug(self):
        return self.acronym.lower()

    @property
    def anchor(self):
        return f"term-{self.slug}"


def _is_acronym(word):
    return len(word) >= 2 and sum(character.isupper() for character in word) >= 2 and word.isalpha()


def provider_acronym(short_name, name):
    """The abbreviation a provider's short name opens with and what it stands for, read from its full name,
    or None: "KSS CRC" of "Kent, Surrey and Sussex Community Rehabilitation Company" is KSS, "Kent, Surrey and
    Sussex". Only an abbreviation whose capitals are the initials of the area's words, in order, counts, so a
    coincidence ("NPS London") is never spelled out wrongly."""
    words = short_name.split()
    if not words or not _is_acronym(words[0]) or words[0] in TERMS_BY_ABBREVIATION:
        return None
    acronym = words[0]
    area = name
    for suffix in _TYPE_SUFFIXES:
        area = area.removesuffix(suffix)
    if area == name:
        return None
    initials = "".join(word[0] for word in re.split(r"[\s,]+", area) if word and word.lower() not in _JOINING_WORDS)
    capitals = "".join(character for character in acronym if character.isupper())
    if initials.upper() != capitals:
        return None
    return ProviderAcronym(acronym, area)
