"""
The words of HM Inspectorate of Probation's press releases and report pages, as the press-release reader
(`press_release.py`) reads them: how a text is cleaned and cut into sentences, which words are ratings,
which phrases name a standard ("the advice it provided to courts" is court work), numbers written as words,
and the dates a text states.

Only wording the releases are known to use is here (see fixtures/source/probation_service/SOURCES.md).
"insufficient", "fell short", "a key strength" or "strong leadership" are not rating words and never
appear among them.
"""

from __future__ import annotations

import datetime
import html
import re

from inspections import rating_rules
from providers.partial_dates import DatePrecision

# One character for one, so that positions found in the matching copy hold in the verbatim text.
_SAME_LENGTH = str.maketrans({"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "\u00a0": " "})

_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.I | re.S)
_BLOCK_TAG = re.compile(r"</?(p|div|h[1-6]|li|ul|ol|br|tr|td|th|section|article|header|footer|time)\b[^>]*>", re.I)


def clean_text(text):
    """The text with HTML markup, entities and odd spaces removed; paragraphs kept as blank-line breaks."""
    text = _BLOCK_TAG.sub("\n\n", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u200b\ufeff]", "", text)
    text = re.sub(r"[\u00a0\u2007\u202f\t ]+", " ", text)
    return text


ADDRESS = re.compile(r"https?://\S+")


def matching_copy(sentence):
    """The sentence with straight quotes and plain spaces, the same length as the sentence; in a web address,
    '-', '/' and '_' are spaces, so that '…/county-durham-and-darlington-pdu-2025' names its unit."""
    copy = sentence.translate(_SAME_LENGTH)
    return ADDRESS.sub(lambda match: re.sub(r"[-/_]", " ", match[0]), copy)


def is_address(sentence):
    """Whether a sentence is only a web address (read for names and dates, never for ratings)."""
    return bool(ADDRESS.fullmatch(sentence.strip()))


_ABBREVIATIONS = {"hm", "mr", "mrs", "ms", "dr", "st", "no", "nos", "e.g", "i.e", "etc", "approx", "prof", "cllr", "vs"}
_BREAK = re.compile(r"""(?<=[.!?])["')\]]*\s+(?=["'(\[]?[A-Z0-9])|(?:\.\.\.|…)\s+(?=["'(\[]?[A-Z])""")
_QUOTE_SEPARATOR = re.compile(r"""(?<=["”])\s*;\s*(?=["“])""")


def sentences(text):
    """The text's sentences, each with its whitespace collapsed.

    A blank line (a paragraph, a heading) always ends a sentence; a period does unless it ends an
    abbreviation ("HM", "St") or an initial; "..." ends one when a capital follows.
    """
    found = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        for part in _QUOTE_SEPARATOR.split(paragraph):
            start = 0
            for match in _BREAK.finditer(part):
                before = part[start : match.start()].rstrip("\"')]").rstrip(".")
                last_word = before.rsplit(" ", 1)[-1].lower() if before else ""
                if last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word):
                    continue
                found.append(part[start : match.start()].strip())
                start = match.end()
            found.append(part[start:].strip())
    return [sentence for sentence in found if sentence]


# Rating words. A rating word counts when quoted ('Good', "good") or after a word that gives it as a rating
# ("rated good", "require improvement"); "a good foundation" or "an inadequate level" do not.
RATING_WORD = re.compile(
    r"""(?P<quote>['"(]?)\s?"""
    r"(?P<word>outstanding|good|inadequate|requires?\s+improvement|requiring\s+improvement|required\s+improvement)"
    r"""(?P<close>['")]?)""",
    re.I,
)
_RATING_CUE = re.compile(
    r"\b(rated|rating|ratings|graded|grading|judged|assessed|marked|deemed|found\s+to\s+be|given|received|awarded|"
    r"was|were|is|are|be|been|as|also|both|all|overall|remain|remains|still|which)\s*(as\s+)?$",
    re.I,
)


def rating_value(word):
    """The Rating value of a rating word, whatever its case or form."""
    word = " ".join(word.lower().split())
    if word == "outstanding":
        return rating_rules.OUTSTANDING
    if word == "good":
        return rating_rules.GOOD
    if word == "inadequate":
        return rating_rules.INADEQUATE
    return rating_rules.REQUIRES_IMPROVEMENT


def rating_words(copy):
    """[(start, end, Rating value)] of the rating words of a sentence's matching copy."""
    found = []
    for match in RATING_WORD.finditer(copy):
        word = match["word"]
        quoted = bool(match["quote"]) and bool(match["close"])
        verb_form = word.lower().startswith("requir")
        cued = bool(_RATING_CUE.search(copy[: match.start("word")].rstrip(" '\"(")[-40:]))
        if not (quoted or cued or (verb_form and word.lower() != "requiring improvement")):
            continue
        if (
            not quoted
            and word.lower() in ("good", "outstanding")
            and re.match(r"\s+(?:practice|work|results?|progress|foundation|start)\b", copy[match.end("word") :], re.I)
        ):
            continue
        found.append((match.start("word"), match.end("word"), rating_value(word)))
    return found


# Phrases that name a standard, by the standard's name in the framework; the first name the framework has
# is taken ("staffing" is Staff in the 2021 model, Staffing in the 2023 one). Longer phrases first.
STANDARD_PHRASES = [
    (r"information\s+and\s+facilities", ["Information and facilities"]),
    (r"implementation,?\s+and\s+delivery|implementation|delivery\s+of\s+services", ["Implementation and delivery"]),
    (
        r"court\s+work|work\s+(?:at|in|with)\s+(?:the\s+)?courts?|advice\s+(?:it|they)?\s*provided\s+to\s+(?:the\s+)?courts?"
        r"|court\s+reports?|pre-sentence\s+reports?|court\s+service\s+delivery",
        ["Court work"],
    ),
    (r"(?:statutory\s+)?victim\s+work|work\s+with\s+victims|(?:statutory\s+)?victim\s+contact", ["Victim work"]),
    (r"supporting\s+people\s+on\s+probation\s+to\s+change|desistance", ["Desistance"]),
    (r"public\s+protection", ["Public protection"]),
    (r"unpaid\s+work", ["Unpaid work"]),
    (r"resettlement", ["Resettlement"]),
    (r"leadership", ["Leadership"]),
    (r"staffing", ["Staffing", "Staff"]),
    (r"staff(?!\s+(?:in|at|who|were|felt|said|told|did|have|had|vacanc))", ["Staff", "Staffing"]),
    (
        r"(?<!probation\s)(?<!the\s)(?<!its\s)services(?!\s+(?:available|(?:in|across|for|at|within)\s+(?:the\s+)?"
        r"(?:west|east|north|south|county|city|region|area|country|(?-i:[A-Z]))))",
        ["Services"],
    ),
    (r"assessment(?!\s+of\s+(?:the\s+)?(?:potential\s+)?risk)", ["Assessment"]),
    (r"planning", ["Planning"]),
    (r"reviewing|review\s+of\s+progress", ["Reviewing"]),
]
STANDARD_PHRASE = re.compile(
    r"\b(?:" + "|".join(f"(?P<s{index}>{pattern})" for index, (pattern, _) in enumerate(STANDARD_PHRASES)) + r")\b",
    re.I,
)


def standard_mentions(copy, start=0, end=None):
    """[(start, end, [candidate standard names])] of the phrases naming a standard in copy[start:end]."""
    end = len(copy) if end is None else end
    found = []
    for match in STANDARD_PHRASE.finditer(copy, start, end):
        index = next(int(name[1:]) for name, value in match.groupdict().items() if value)
        found.append((match.start(), match.end(), STANDARD_PHRASES[index][1]))
    return found


NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "zero": 0, "no": 0, "single": 1, "a": 1, "just": None,
}  # fmt: skip
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}
NUMBER = r"(?:\d{1,2}|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"


def number_value(word):
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


# What the releases call a set of standards.
STANDARD_KIND = r"(?:standards?|areas?|categories|category|dimensions?|elements?|domains?|aspects?|parts?)"
# Other words the releases put between "all four" and "standards": "of our", "case quality" ("service delivery" is
# kept apart, as the name of a domain).
_QUALIFIER = (
    r"(?:(?:of\s+)?(?:our|the|its|this|these)\s+)?"
    r"(?:(?:inspectorate's|inspection|case|casework|core|quality|different|other|rated|organisational|regional)\s+)*"
)
ALL_OF = re.compile(
    rf"\ball\s+(?:(?P<count>{NUMBER})\s+)?(?:of\s+)?{_QUALIFIER}(?P<words>(?:[a-z']+\s+){{0,3}}?){STANDARD_KIND}\b"
    rf"|\bin\s+all\s+(?P<kind>{STANDARD_KIND})\b",
    re.I,
)
COUNT_OF = re.compile(
    rf"\b(?P<part>{NUMBER})\s+(?:out\s+)?of\s+(?:(?:our|the|its)\s+)?(?P<whole>{NUMBER})\b"
    rf"(?:\s+{_QUALIFIER}(?P<words>(?:[a-z']+\s+){{0,3}}?){STANDARD_KIND}\b)?",
    re.I,
)
OTHER_COUNT = re.compile(rf"\b(?P<count>{NUMBER})\s+other\s+{STANDARD_KIND}\b", re.I)
EXCEPT = re.compile(
    r"\b(?:bar|except(?:\s+for)?|apart\s+from|other\s+than|save\s+for|with\s+the\s+exception\s+of)\b", re.I
)
FRAMEWORK_COUNT = re.compile(
    rf"\b(?P<count>{NUMBER})\s+(?:different\s+|of\s+our\s+|quality\s+|inspection\s+)*(?:standards|elements|areas|categories|domains)\b"
    rf"|\bout\s+of\s+(?P<whole>{NUMBER})\b",
    re.I,
)
NOT_RATING_COLLECTIVE = re.compile(
    r"\b(?:insufficient|fell\s+short|deficits?|shortfalls?|not\s+effective|weak(?:er|est)?)\b", re.I
)

# "This is the first inspection of this PDU", "the second inspection of North Yorkshire PDU",
# "These are the first inspections of these PDUs", "rated 'inadequate' for the second time".
SEQUENCE = re.compile(
    r"\b(?P<ordinal>first|second|third|fourth)\s+(?:rated\s+)?(?:regional\s+)?inspections?\s+of\s+(?!our\b)"
    r"|\bfor\s+the\s+(?P<time>first|second|third)\s+time\b"
    r"|\b(?P<elided>first|second|third)\s+inspection\s*(?:\.\.\.|…)"
    r"|\bthe\s+(?P<first_ever>first)\s+PDU\s+inspection\s+under\b",
    re.I,
)
# "the second published PDU inspection we have completed in the ... region": a place in a round, not the unit's.
ROUND_PLACE = re.compile(
    r"\b(?:first|second|third|fourth|fifth)\s+(?:published\s+)?PDU\s+inspection\s+(?:we|under\s+our\s+new)", re.I
)

POINTS = re.compile(
    rf"\b(?:(?:overall\s+)?score\s+of|scor(?:ed|ing)|received|achieved)\s+(?:just\s+|only\s+)?"
    rf"(?P<slash_points>\d{{1,2}})\s*/\s*(?P<slash_whole>\d{{1,3}})"
    rf"|\b(?:scor(?:ed|ing)|received|achieved|gained|with)\s+(?:just\s+|only\s+|a\s+total\s+of\s+)?"
    rf"(?P<points>{NUMBER}|a\s+single)(?:\s+(?:inspection\s+)?points?)?"
    rf"(?:\s+(?:out\s+of|out|from)\s+(?:a\s+)?(?:possible\s+|total\s+of\s+|maximum\s+of\s+)?(?P<whole>\d{{1,3}})(?:\s+(?:inspection\s+)?points?)?)?",
    re.I,
)
POINTS_WHOLE = re.compile(
    r"\bout\s+of\s+a\s+(?:possible|total\s+of)\s+(?P<whole>\d{1,3})\b|\btotal\s+of\s+(?P<total>\d{1,3})\s+inspection\s+points\b",
    re.I,
)

PREVIOUS = re.compile(
    r"\b(?:previously\s+(?:been\s+|being\s+)?(?:rated|graded|given)|a\s+previous|the\s+previous|after\s+being\s+rated"
    r"|last\s+inspect(?:ed|ion)|following\s+a\s+previous|when\s+it\s+was\s+(?:also\s+)?(?:rated|graded|given)"
    r"|an\s+improvement\s+(?:on|from)|a\s+(?:decline|fall|drop)\s+from)\b",
    re.I,
)
YEAR = re.compile(r"\b(20[12]\d)\b")

MONTH_NAMES = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY_MONTH_YEAR = rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>20\d\d)"
_MONTH_DAY_YEAR = rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>20\d\d)"
DATE = re.compile(rf"\b(?:{_DAY_MONTH_YEAR})\b", re.I)
DATE_US = re.compile(rf"\b(?:{_MONTH_DAY_YEAR})\b", re.I)
MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(?P<year>20\d\d)\b", re.I)
NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>20\d\d)\b")
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
# A sentence saying when the text itself was published.
PUBLISHED_ON = re.compile(
    rf"\b(?:published|publishes|issued|released)\s*(?:on\s+|:\s*|today\s*\(\s*)?{_WEEKDAY}(?=\d|[a-z]{{3}})", re.I
)
TODAY_DATED = re.compile(rf"\b(?:yesterday|today)\s*\(\s*{_WEEKDAY}", re.I)
PUBLISHED_IN = re.compile(r"\b(?:reports?|inspections?)\s+(?:were\s+|was\s+)?published\s+in\s+(?=[A-Z])", re.I)
NOT_THIS_PUBLICATION = re.compile(
    r"\b(?:previous(?:ly)?|last|thematic|earlier|before|since|first\s+report|next\s+week)\b", re.I
)
# A line that is only a date: "Tuesday, 17th May 2022", "14 November 2024, 05:08", "Published: 17 May 2022".
DATELINE = re.compile(
    rf"^\s*(?:published:?\s*|updated:?\s*|date:?\s*)?{_WEEKDAY}"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?,?\s+20\d\d|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+20\d\d"
    r"|\d{1,2}/\d{1,2}/20\d\d)(?:,?\s+\d{1,2}[:.]\d\d)?\s*$",
    re.I,
)
URL_MONTH = re.compile(r"https?://\S*?/(?P<year>20[12]\d)/(?P<month>0[1-9]|1[0-2])/\S*")
URL_MONTH_WORDS = re.compile(
    r"https?://\S*?/document/\S*?-(?P<month>january|february|march|april|may|june|july|august|september|october"
    r"|november|december)-(?P<year>20[12]\d)\b",
    re.I,
)
URL_YEAR = re.compile(r"https?://\S*?/document/\S*?-(?P<year>20[12]\d)/?(?=[\s)\]>\"']|$)")

DYNAMIC = re.compile(r"\bdynamic\s+inspection", re.I)
NOT_RATED = re.compile(
    r"\b(?:not\s+rated|no\s+(?:overall\s+)?rating|unrated|does\s+not\s+(?:give|award)\s+(?:a\s+)?rating)\b", re.I
)
REGION_WORDING = re.compile(r"\b(?:overall\s+regional\s+rating|regional\s+inspection|the\s+region\b)", re.I)


def month_number(text):
    text = text.lower()[:3]
    return next(number for number, name in enumerate(MONTH_NAMES, start=1) if name.startswith(text))


def date_of(match):
    """(date, precision) from a match of DATE, DATE_US, NUMERIC_DATE or MONTH_YEAR; None when not a real date."""
    year = int(match["year"])
    month = int(match["month"]) if match["month"].isdigit() else month_number(match["month"])
    day = match.groupdict().get("day")
    try:
        if day:
            return datetime.date(year, month, int(day)), DatePrecision.DAY
        return datetime.date(year, month, 1), DatePrecision.MONTH
    except ValueError:
        return None


def first_date(text):
    """The first full date written in text, as (date, precision), or None."""
    for pattern in (DATE, DATE_US, NUMERIC_DATE):
        match = pattern.search(text)
        if match and (found := date_of(match)):
            return found
    return None


CONSEQUENCE = re.compile(
    r"\b(?:(?:which\s+)?result(?:ed|ing|s)?\s+in|as\s+a\s+(?:result|consequence)|led\s+to|leading\s+to|therefore)\b",
    re.I,
)
# "The other is …", "The others are …", "The second is …", "They join …": units published before (or with) the
# one the text is about; the text's own date is not theirs unless it says "also published".
REFERENCE = re.compile(
    r"\b(?:the\s+others?\b|the\s+second\s+is\b|they\s+join\b|the\s+other\s+(?:two|three|four)\b)", re.I
)
