"""
Read an HMI Probation inspection report of the 2018-2020 series from its text.

`parse_report(text)` is pure: text in, a `ReportReading` out, holding every value
it could read (provider name, publication and fieldwork months, overall rating,
the standards' ratings, key questions with their '% yes', case samples,
contextual facts, recommendations) and, in `not_read`, what it looked for and
could not find or could not tell apart. Nothing is guessed: a value the text
does not state stays None.

The reports' layout varies with how the text was obtained (a PDF's text layer,
a copy from a web page, a Markdown conversion), so the reading tolerates:

- table cells separated by tabs or by spaces, and lines reflowed at other points
  (a key question and its percentage may be split across lines);
- footnote markers after a code, a question or a rating (`<sup>13</sup>`,
  `[13]`, superscript digits or a bare number);
- "75%", "75 %" or "75 per cent";
- HTML or Markdown emphasis, headings and links.

A PDF's text layer comes from `inspections.importers.pdf_text.text_from_pdf`.
`match_provider(name, providers)` finds the provider a report's title names.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass, field

from inspections import rating_rules

RATING_PATTERN = r"(?P<rating>Outstanding|Good|Requires\s+improvement|Requiring\s+improvement|Inadequate)"
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
MONTH_PATTERN = r"(?P<month>" + "|".join(MONTHS) + r")\s+(?P<year>(?:19|20)\d\d)"
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
PERCENT = r"(?P<percent>\d{1,3}(?:\.\d{1,2})?)\s*(?:%|per\s*cent\b)"
# A footnote marker that survived as plain text: "[13]", "(13)" or a bare "13" before the value.
FOOTNOTE = r"(?:\[\d{1,2}\]|\(\d{1,2}\)|\d{1,2}(?=\s))"


@dataclass
class KeyQuestionReading:
    code: str
    question: str
    percent_yes: str


@dataclass
class SampleReading:
    label: str
    cases_inspected: int
    notes: str
    domain_number: str


@dataclass
class FactReading:
    metric: str
    unit: str  # "count" or "percent"
    provider_value: str | None = None
    england_and_wales_value: str | None = None
    target: str | None = None
    source_citation: str = ""


@dataclass
class RecommendationReading:
    text: str
    addressed_to: str = ""


@dataclass
class ReportReading:
    """What a report's text states, and what could not be read from it."""

    title: str = ""
    provider_name: str | None = None
    provider_type: str | None = None  # "crc", "nps" or None when the title does not say
    published_month: str | None = None  # "YYYY-MM"
    fieldwork_started_month: str | None = None  # "YYYY-MM"
    overall_rating: str | None = None
    caseload_as_reported: str | None = None
    ratings: dict[str, str] = field(default_factory=dict)  # code -> rating
    standard_names: dict[str, str] = field(default_factory=dict)  # code -> name as the report gives it
    key_questions: list[KeyQuestionReading] = field(default_factory=list)
    relevant_subsample_questions: list[str] = field(default_factory=list)
    samples: list[SampleReading] = field(default_factory=list)
    facts: list[FactReading] = field(default_factory=list)
    recommendations: list[RecommendationReading] = field(default_factory=list)
    not_read: list[str] = field(default_factory=list)

    def key_question(self, code):
        return next((item for item in self.key_questions if item.code == code), None)


# --------------------------------------------------------------------------
# Normalising the text
# --------------------------------------------------------------------------


def clean_lines(text):
    """The report's lines without markup, footnote markers or layout characters; blank lines kept."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"<sup>[ \t]*[\d, ]+[ \t]*</sup>", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"\[\^\d+\]", " ", text)
    text = re.sub(f"[{SUPERSCRIPT_DIGITS}]+", " ", text)
    text = re.sub(r"<[^>\n]{1,200}>", " ", text)
    text = html.unescape(text)
    text = re.sub(r"\[([^\]\n]*)\]\([^)\n]*\)", r"\1", text)  # Markdown links: keep the words
    text = text.replace("\u00a0", " ").replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2013", "-").replace("\u2014", "-")
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)  # Markdown headings
        line = line.replace("**", "").replace("__", "")
        line = re.sub(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", line)  # *emphasis*
        line = re.sub(r"[ \t\f\v]+", " ", line).strip()
        lines.append(line)
    return lines


def flatten(lines):
    return " ".join(line for line in lines if line)


def _rating(text):
    return rating_rules.normalise_rating(" ".join(text.split()))


def _month(match):
    return f"{int(match['year']):04d}-{MONTHS[match['month'].lower()]:02d}"


def _number(text):
    return text.replace(",", "")


# --------------------------------------------------------------------------
# The parts of a report
# --------------------------------------------------------------------------


def paragraphs(lines):
    """Runs of non-blank lines, each joined into one line."""
    runs, current = [], []
    for line in lines + [""]:
        if line:
            current.append(line)
        elif current:
            runs.append(" ".join(current))
            current = []
    return runs


def _title(lines, reading):
    runs = paragraphs(lines[:80])
    for index, run in enumerate(runs[:20]):
        match = re.match(r"^An inspection of\b\s*(?P<rest>.*)$", run, flags=re.IGNORECASE)
        if not match:
            continue
        title = match["rest"].strip()
        if not title and index + 1 < len(runs):
            title = runs[index + 1]
        reading.title = title.strip(" .")
        break
    if not reading.title:
        reading.not_read.append("Provider: the report's title ('An inspection of ...') was not found.")
        return
    reading.provider_name = reading.title
    lowered = reading.title.lower()
    if "community rehabilitation company" in lowered or re.search(r"\bcrc\b", lowered):
        reading.provider_type = "crc"
    elif "national probation service" in lowered or re.search(r"\bnps\b", lowered):
        reading.provider_type = "nps"


def _published(lines, reading):
    # The cover gives the month of publication on a line of its own: "JUNE 2019".
    for line in lines[:80]:
        match = re.fullmatch(MONTH_PATTERN, line, flags=re.IGNORECASE)
        if match:
            reading.published_month = _month(match)
            return
    reading.not_read.append("Publication date: no 'MONTH YEAR' line was found on the cover.")


def _fieldwork(flat, reading):
    match = re.search(r"Fieldwork\s+(?:started|began)\s*:?\s*" + MONTH_PATTERN, flat, flags=re.IGNORECASE)
    if match:
        reading.fieldwork_started_month = _month(match)
    else:
        reading.not_read.append("Fieldwork start: no 'Fieldwork started: MONTH YEAR' was found.")


def _overall(flat, reading):
    patterns = [
        r"Overall\s+rating\s*:?\s*['\"]?" + RATING_PATTERN,
        r"is\s+rated\s+as\s*:?\s*['\"]?" + RATING_PATTERN,
    ]
    for pattern in patterns:
        match = re.search(pattern, flat, flags=re.IGNORECASE)
        if match:
            reading.overall_rating = _rating(match["rating"])
            return
    reading.not_read.append("Overall rating: not found.")


def _caseload(flat, reading):
    match = re.search(
        r"caseload\s+of\s+(?P<caseload>(?:approximately|around|about|over|more\s+than|nearly|almost|some)?\s*"
        r"\d[\d,]*)",
        flat,
        flags=re.IGNORECASE,
    )
    if match:
        reading.caseload_as_reported = " ".join(match["caseload"].split())


_STANDARD_ROW = re.compile(
    r"(?<![\d.])(?P<code>[1-4]\.[1-4])(?!\.?\d)\.?\s+(?:" + FOOTNOTE + r"\s+)?"
    r"(?P<name>[A-Z][A-Za-z'’,\- ]{1,60}?)\s+['\"]?" + RATING_PATTERN + r"(?![a-z])",
)


def _ratings(flat, reading):
    """Each standard's rating: the summary table, the chapter headings and Annex 2 all give it."""
    found = {}
    for match in _STANDARD_ROW.finditer(flat):
        name = match["name"].strip()
        if len(name.split()) > 6:
            continue
        code = match["code"]
        found.setdefault(code, []).append((_rating(match["rating"]), name))
    for code in sorted(found):
        ratings = [rating for rating, _ in found[code]]
        first = ratings[0]
        reading.ratings[code] = first
        reading.standard_names[code] = found[code][0][1]
        others = sorted(set(ratings) - {first})
        if others:
            reading.not_read.append(
                f"Standard {code}: the report gives {first} and also {', '.join(others)}; {first} (the first) "
                "was entered: check it."
            )


_KEY_QUESTION = re.compile(
    r"(?<![\d.])(?P<code>[1-4]\.[1-4]\.[1-9])(?!\d)\.?\s+(?P<question>[A-Z][^?]{5,300}?\?)\s*"
    r"(?:" + FOOTNOTE + r"\s*)?" + PERCENT,
)


def _key_questions(flat, reading):
    seen = set()
    for match in _KEY_QUESTION.finditer(flat):
        code = match["code"]
        if code in seen:
            continue
        seen.add(code)
        reading.key_questions.append(
            KeyQuestionReading(code=code, question=" ".join(match["question"].split()), percent_yes=match["percent"])
        )
    reading.key_questions.sort(key=lambda item: tuple(int(part) for part in item.code.split(".")))
    subsample = re.search(
        r"questions\s+(?P<codes>[\d.,\s]+?(?:and\s+[\d.]+))\s+are\s+calculated\s+for\s+the\s+relevant\s+sub-?sample",
        flat,
        flags=re.IGNORECASE,
    )
    if subsample:
        reading.relevant_subsample_questions = re.findall(r"\d\.\d\.\d", subsample["codes"])


_SAMPLE_KINDS = [
    # (what the sentence or its section is about, sample label, domain number)
    ("through the gate", "4.2 Through the Gate", "4"),
    ("unpaid work", "4.1 Unpaid work", "4"),
    ("case supervision", "2 Case supervision", "2"),
]


def _samples(lines, reading):
    """'We examined 132 cases ...' under Annex 1's domain headings."""
    heading = ""
    for run in paragraphs(lines):
        if len(run) < 80 and not run.endswith("."):
            heading = run.lower()
            continue
        match = re.search(r"\bWe\s+examined\s+(?P<cases>\d[\d,]*)\s+(?P<what>[^.]*?cases\b[^.]*)\.", run)
        if not match:
            continue
        sentence = match.group(0).lower()
        kind = next((kind for kind in _SAMPLE_KINDS[:2] if kind[0] in sentence), None)
        if kind is None:
            kind = next((kind for kind in _SAMPLE_KINDS if kind[0] in heading), None)
        if kind is None:
            reading.not_read.append(f"Case sample: cannot tell which sample '{match.group(0)}' is.")
            continue
        if any(sample.label == kind[1] for sample in reading.samples):
            continue
        reading.samples.append(
            SampleReading(
                label=kind[1],
                cases_inspected=int(_number(match["cases"])),
                notes=match.group(0).removeprefix("We examined ").strip(" ."),
                domain_number=kind[2],
            )
        )
    reading.samples.sort(key=lambda sample: sample.label)
    if not reading.samples:
        reading.not_read.append("Case samples: no 'We examined N cases' was found.")


def _section(lines, start_pattern, end_pattern):
    """The lines after the first heading matching start_pattern, up to the next matching end_pattern."""
    start = None
    for index, line in enumerate(lines):
        if start is None:
            if re.fullmatch(start_pattern, line, flags=re.IGNORECASE):
                start = index + 1
        elif re.fullmatch(end_pattern, line, flags=re.IGNORECASE):
            return lines[start:index]
    return lines[start:] if start is not None else []


# A footnote's own text: its marker at the start of a line, then its words.
_FOOTNOTE_START = re.compile(
    r"^\s*(?:<sup>\s*(?P<a>\d{1,2})\s*</sup>|\[(?P<b>\d{1,2})\]|(?P<c>\d{1,2})(?=\s+[A-Z])"
    r"|(?P<d>[" + SUPERSCRIPT_DIGITS + r"]{1,2}))\s*(?=\S)"
)


def _superscript_number(text):
    return "".join(str(SUPERSCRIPT_DIGITS.index(char)) for char in text)


def _footnote_number(raw_line):
    match = _FOOTNOTE_START.match(raw_line)
    if match is None:
        return None
    return match["a"] or match["b"] or match["c"] or _superscript_number(match["d"])


def _footnotes(raw_lines):
    """[(line index, number, text)] of the footnotes' own texts, a footnote running on to the next blank line."""
    notes = []
    index = 0
    while index < len(raw_lines):
        number = _footnote_number(raw_lines[index])
        if number is None:
            index += 1
            continue
        parts = [_FOOTNOTE_START.sub("", raw_lines[index], count=1)]
        index += 1
        while index < len(raw_lines) and raw_lines[index].strip() and _footnote_number(raw_lines[index]) is None:
            parts.append(raw_lines[index])
            index += 1
        notes.append((index, number, flatten(clean_lines(" ".join(parts))).rstrip(".")))
    return notes


_FACT_VALUE = re.compile(r"^(?P<value>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>%|per\s*cent)?$", re.IGNORECASE)
_TRAILING_MARK = re.compile(
    r"\s*(?:<sup>\s*(?P<a>\d{1,2})\s*</sup>|\[(?P<b>\d{1,2})\]|(?<=[A-Za-z.,%')])\s?(?P<c>\d{1,2})"
    r"|(?P<d>[" + SUPERSCRIPT_DIGITS + r"]+))\s*$"
)


def _facts(raw_text, reading):
    """Contextual facts: a figure on its own line, then what it measures, then a footnote marker."""
    raw_lines = (raw_text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cleaned = clean_lines(raw_text)
    starts = [index for index, line in enumerate(cleaned) if re.fullmatch(r"Contextual facts", line, re.IGNORECASE)]
    # The contents page names the section too, with its page number on the same line.
    if not starts:
        reading.not_read.append("Contextual facts: the 'Contextual facts' section was not found.")
        return
    notes = _footnotes(raw_lines)
    entries = []  # [line index, value, unit, [raw description lines]]
    in_footnote = False
    index = starts[-1] + 1
    while index < len(cleaned):
        if re.match(r"^1\.?\s+Organisational delivery$", cleaned[index], re.IGNORECASE):
            break
        if not raw_lines[index].strip():
            index += 1
            continue
        first = index  # a paragraph: lines up to the next blank one
        while index < len(cleaned) and raw_lines[index].strip():
            index += 1
        paragraph = " ".join(cleaned[first:index])
        value = _FACT_VALUE.match(paragraph)
        if value:
            entries.append([first, value["value"], "percent" if value["unit"] else "count", []])
            in_footnote = False
            continue
        if _footnote_number(raw_lines[first]) is not None:
            in_footnote = True
        if in_footnote or not entries:
            continue
        entries[-1][3].extend(raw_lines[first:index])
    for position, value, unit, raw_description in entries:
        if not raw_description:
            reading.not_read.append(f"Contextual fact {value}: no description follows it.")
            continue
        raw = " ".join(part.strip() for part in raw_description)
        mark = _TRAILING_MARK.search(raw)
        footnote = None
        if mark:
            footnote = mark["a"] or mark["b"] or mark["c"] or _superscript_number(mark["d"] or "")
            raw = raw[: mark.start()]
        description = flatten(clean_lines(raw)).strip()
        main, _, comparison = description.partition(". The performance figure")
        main = main.strip().rstrip(".")
        citation = next((text for line, number, text in notes if number == footnote and line > position), "")
        fact = FactReading(metric=main, unit=unit, source_citation=citation)
        number = _number(value)
        lowered = main.lower()
        if "england and wales" in lowered or lowered.startswith("the total number"):
            fact.england_and_wales_value = number
        else:
            fact.provider_value = number
        national = re.search(r"England and Wales was\s+(?P<value>\d[\d,]*(?:\.\d+)?)", comparison)
        target = re.search(r"target of\s+(?P<value>\d[\d,]*(?:\.\d+)?)", comparison)
        if national:
            fact.england_and_wales_value = _number(national["value"])
        if target:
            fact.target = _number(target["value"])
        reading.facts.append(fact)
    if not reading.facts:
        reading.not_read.append("Contextual facts: none could be read.")


def _recommendations(lines, reading):
    section = _section(lines, r"Recommendations", r"Background|Contextual facts|1\.?\s+Organisational delivery")
    addressed_to = ""
    items = []
    pending = []  # lines of a paragraph that is not a numbered item
    item_open = False
    for line in section:
        if not line:
            pending, item_open = [], False
            continue
        item = re.match(r"^(?P<number>\d{1,2})[.)]\s+(?P<text>.+)$", line)
        if item:
            items.append([addressed_to, item["text"]])
            item_open = True
        elif item_open:
            items[-1][1] += " " + line  # a reflowed item
        else:
            pending.append(line)
            should = re.fullmatch(r"(?P<who>.{3,150}?\bshould)\s*:?", " ".join(pending))
            if should:
                addressed_to, pending = should["who"], []
    for who, text in items:
        reading.recommendations.append(RecommendationReading(text=" ".join(text.split()), addressed_to=who))
    if not reading.recommendations:
        reading.not_read.append("Recommendations: no numbered recommendations were found.")


def parse_report(text: str) -> ReportReading:
    """Everything `text` states of one inspection, and a list of what it could not read."""
    reading = ReportReading()
    lines = clean_lines(text)
    flat = flatten(lines)
    if not flat:
        reading.not_read.append("The text is empty.")
        return reading
    _title(lines, reading)
    _published(lines, reading)
    _fieldwork(flat, reading)
    _overall(flat, reading)
    _caseload(flat, reading)
    _ratings(flat, reading)
    _key_questions(flat, reading)
    _samples(lines, reading)
    _facts(text, reading)
    _recommendations(lines, reading)
    return reading


# --------------------------------------------------------------------------
# Provider names
# --------------------------------------------------------------------------


def _name_key(text):
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return " ".join(text.split())


_TYPE_WORDS = ["community rehabilitation company", "crc", "national probation service", "nps", "division", "the"]


def _core(name):
    key = f" {_name_key(name)} "
    for words in _TYPE_WORDS:
        key = key.replace(f" {words} ", " ")
    return " ".join(key.split())


def match_provider(title, providers, provider_type=None):
    """The provider a report's title names, or None.

    A title names a provider by its full name ("Kent, Surrey and Sussex Community
    Rehabilitation Company") or by its area followed by the kind of provider;
    when several match, the one named first in the title wins ("Bristol, ...
    probation services managed by Kent, Surrey and Sussex CRC" is BGSW).
    """
    if not title:
        return None
    key = f" {_name_key(title)} "
    best = None
    for provider in providers:
        if provider_type and provider.provider_type != provider_type:
            continue
        for candidate in (provider.name, provider.short_name, _core(provider.name), _core(provider.short_name)):
            candidate_key = _name_key(candidate)
            if not candidate_key:
                continue
            position = key.find(f" {candidate_key} ")
            if position < 0:
                continue
            rank = (position, -len(candidate_key))
            if best is None or rank < best[0]:
                best = (rank, provider)
    return best[1] if best else None


def month_date(month_text):
    """'2019-06' -> date(2019, 6, 1)."""
    year, month = month_text.split("-")
    return datetime.date(int(year), int(month), 1)
