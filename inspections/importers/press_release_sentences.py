"""
The sentence-by-sentence reading of a press release (`press_release.py`): which units each sentence names, and
which of them each value it states belongs to — the units it names, or, where it names none, the unit the text
rates ("This is the first inspection of this PDU"); a sentence that could be about any of several units rated
together gives its value to none of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from providers.eras import ProviderType

from . import press_release_standards as standards_reading
from . import press_release_wording as wording


@dataclass(frozen=True)
class Read:
    value: object  # the value as the entry form takes it
    sentence: str  # the sentence of the text it came from, verbatim (whitespace collapsed)


@dataclass
class _Unit:
    """What the text says of one unit while it is being read."""

    key: str
    name: str
    mentions: list
    overall: list = field(default_factory=list)  # [(Read, named: bool)]
    referenced: bool = False  # rated only as another unit of the text ("The other is …")
    published: list = field(default_factory=list)  # [Read]
    named_claims: list = field(default_factory=list)
    collective_claims: list = field(default_factory=list)
    points: Read | None = None
    sequence: Read | None = None
    previous: Read | None = None
    open_wordings: list = field(default_factory=list)


_CLAUSE_BREAK = re.compile(
    r";|\s[–—]\s|\b(?:but|while|whereas|although|despite|however)\b|" + wording.CONSEQUENCE.pattern, re.I
)
_AFTER_LIST = re.compile(
    r"""^['")]*\s*(?:ratings?\s+|grading\s+)?(?:overall\s+)?(?:,\s*)?(?:as\s+well\s+as\s+|and\s+)?"""
    r"(?:for|in|including|across)\s+",
    re.I,
)
_OVERALL_AFTER = re.compile(r"""^['")]*\s*(?:rating\s+)?overall\b""", re.I)
_OVERALL_CUE = re.compile(
    r"\b(?:overall|rated|rating|graded|grading|judged|given|received|awarded|requires?|deemed)\b", re.I
)
_SUBJECT_WORDS = re.compile(
    r"\b(?:the|this|its)\s+(?:pdu|region|service|unit|probation\s+service|probation\s+delivery\s+unit)\b|\bit\s+(?:was|is|has)\b",
    re.I,
)
_PLURAL = re.compile(r"\b(?:these|both|each|all\s+(?:three|two|four)|they|the\s+three|the\s+two)\b", re.I)
_PREVIOUS_SUBJECT = re.compile(_SUBJECT_WORDS.pattern + r"|\bthis\s+(?:is|was)\b|\bit\s+(?:was|is|has)\b", re.I)
_AFTER_PDU = re.compile(r"\bPDUs?\s+(?:in|within|of|across)\s+(?:the\s+)?(?:probation\s+service\s*[–—-]\s*)?$", re.I)
_ADJECTIVAL = re.compile(r"^\s*(?:probation\s+services|PDUs)\b", re.I)


class Reader:
    """Goes through the sentences once, giving each value to the units its sentence is about."""

    def __init__(self, index, sentences):
        self.index = index
        self.sentences = sentences
        self.copies = [wording.matching_copy(sentence) for sentence in sentences]
        self.mentions = [index.mentions(copy) for copy in self.copies]
        self.units = {}
        self.main_keys = []
        self.ambiguous = []  # (kind, sentence) said of no unit while several are rated
        self.collective_positions = set()

    # Units ------------------------------------------------------------------------------------------------
    def unit_of(self, mention):
        key = mention.key
        if key not in self.units:
            self.units[key] = _Unit(key=key, name=mention.name, mentions=[])
        self.units[key].mentions.append(mention)
        return self.units[key]

    def subjects(self, position, plural=False, kind="value"):
        """The units a sentence naming none is about: the unit rated first, or all of them when it speaks of
        several ("these PDUs"); None when several are rated and it does not say which."""
        if len(self.main_keys) == 1 or (self.main_keys and plural):
            return [self.units[key] for key in self.main_keys]
        if not self.main_keys:
            named = [
                mention for mentions in self.mentions[: position + 1] for mention in mentions if is_subject(mention)
            ]
            return [self.unit_of(named[0])] if named else []
        self.ambiguous.append((kind, self.sentences[position]))
        return []

    def named_in(self, position, start=0, end=None):
        copy = self.copies[position]
        end = len(copy) if end is None else end
        return [
            mention for mention in self.mentions[position] if start <= mention.start < end and is_subject(mention, copy)
        ]

    def rated_units(self):
        rated = [unit for unit in self.units.values() if unit.overall or unit.key in self.main_keys]
        if rated:
            return rated
        rated = [unit for unit in self.units.values() if has_values(unit)]
        if rated:
            return rated
        for position, mentions in enumerate(self.mentions):
            for mention in mentions:
                if is_subject(mention, self.copies[position]):
                    unit = self.unit_of(mention)
                    return [unit]
        return []

    def region_hint(self):
        regions = {
            unit.pk: unit
            for mentions in self.mentions
            for mention in mentions
            for unit in mention.units
            if unit.provider_type == ProviderType.REGION
        }
        return next(iter(regions.values())) if len(regions) == 1 else None

    def standard_counts(self):
        counts = set()
        for copy in self.copies:
            for match in wording.FRAMEWORK_COUNT.finditer(copy):
                counts.add(wording.number_value(match["count"] or match["whole"]))
        return counts

    # Reading ----------------------------------------------------------------------------------------------
    def read(self):
        """Two passes: the first finds the units rated (by name), so that the second can give a sentence that
        names no unit to them, wherever in the text it stands."""
        self._pass()
        if not self.main_keys:
            self.main_keys = [unit.key for unit in self.rated_units()]
        main = [self.units[key] for key in self.main_keys]
        self.units, self.ambiguous, self.collective_positions = {}, [], set()
        for unit in main:
            self.units[unit.key] = _Unit(key=unit.key, name=unit.name, mentions=unit.mentions[:1])
        self._pass()

    def _pass(self):
        for position, copy in enumerate(self.copies):
            if wording.is_address(self.sentences[position]):
                continue
            ratings = wording.rating_words(copy)
            previous_at = self._previous(position, ratings)
            current = [rating for rating in ratings if rating not in previous_at]
            self._ratings(position, current)
            self._points(position)
            self._sequence(position)
            self._dates(position)
            self._unrated_collectives(position, ratings)

    def _units_for(self, position, kind, start=0, end=None):
        named = self.named_in(position, start, end)
        if named:
            return [self.unit_of(mention) for mention in named]
        return self.subjects(position, plural=bool(_PLURAL.search(self.copies[position])), kind=kind)

    def _previous(self, position, ratings):
        copy, sentence = self.copies[position], self.sentences[position]
        taken = []
        for index_, (start, end, rating) in enumerate(ratings):
            window_start = max(ratings[index_ - 1][1] if index_ else 0, start - 90)
            cue = wording.PREVIOUS.search(copy, window_start, start)
            if cue is None:
                continue
            taken.append((start, end, rating))
            year = wording.YEAR.search(copy, end, min(len(copy), end + 45)) or wording.YEAR.search(
                copy, cue.start(), start
            )
            if not self.named_in(position) and not _PREVIOUS_SUBJECT.search(copy):
                continue
            for unit in self._units_for(position, "previous rating"):
                if unit.previous is None:
                    unit.previous = Read((rating, int(year[1]) if year else None), sentence)
        return taken

    def _ratings(self, position, ratings):
        copy, sentence = self.copies[position], self.sentences[position]
        bound = 0
        for index_, (start, end, rating) in enumerate(ratings):
            next_start = ratings[index_ + 1][0] if index_ + 1 < len(ratings) else len(copy)
            clause_start = max([bound, *(match.end() for match in _CLAUSE_BREAK.finditer(copy, bound, start))])
            before = (clause_start, start)
            after_match = _AFTER_LIST.match(copy[end:next_start])
            after = None
            if after_match:
                stop = _CLAUSE_BREAK.search(copy, end + after_match.end(), next_start)
                after = (end + after_match.end(), stop.start() if stop else next_start)
            named = None
            consumed = end  # what this rating's words cover; the next rating's clause starts after it
            if after:
                named = _listed(copy, wording.standard_mentions(copy, *after), after[0]) or None
                consumed = max([end, *(mention_end for _, mention_end, _ in named or [])])
            if named is None:
                named = wording.standard_mentions(copy, *before) or None
            collectives, _ = _collectives(copy, sentence, rating, before, ratings)
            if after:
                # "rated 'Inadequate' in six out of seven categories": a count right after the rating is its own.
                leading, leading_end = _collectives(copy, sentence, rating, after, ratings, starts_by=after[0] + 12)
                collectives += leading
                consumed = max(consumed, leading_end)
            overall_after = bool(_OVERALL_AFTER.match(copy[end:next_start]))
            if wording.CONSEQUENCE.search(copy, bound, start) and not named:
                # "…, which resulted in a rating of 'Requires improvement'": what comes before is the reason.
                collectives, overall_after = [], True
            if collectives:
                self.collective_positions.add(position)
            if named or collectives:
                units = self._units_for(position, "standard ratings", bound, start)
                for unit in units:
                    if named:
                        unit.named_claims.append(
                            standards_reading.NamedClaim(
                                names=[names for _, _, names in named],
                                phrases=[sentence[s:e] for s, e, _ in named],
                                rating=rating,
                                sentence=sentence,
                            )
                        )
                    unit.collective_claims.extend(collectives)
            if overall_after or not (named or collectives):
                self._overall(position, rating, bound, start, end, overall_after)
            bound = consumed

    def _overall(self, position, rating, bound, start, end, overall_after):
        copy, sentence = self.copies[position], self.sentences[position]
        window = copy[max(bound, start - 70) : min(len(copy), end + 25)]
        if not (_OVERALL_CUE.search(window) or overall_after):
            return
        named = self.named_in(position, bound, start)
        if any(mention.unit_type == ProviderType.PDU for mention in named):
            named = [
                mention for mention in named if mention.unit_type != ProviderType.REGION
            ]  # "X PDU in the Y region"
        lead = copy[max(bound, start - 70) : start]
        said_overall = overall_after or "overall" in window.lower()
        if named:
            units = [self.unit_of(mention) for mention in named]
            referenced = bool(wording.REFERENCE.search(copy))
            for unit in units:
                unit.referenced = (unit.referenced or not unit.overall) and referenced
                unit.overall.append((Read(rating, sentence), True))
            if not self.main_keys:
                self.main_keys = [unit.key for unit in units]
            return
        if not (said_overall or _SUBJECT_WORDS.search(lead)):
            return
        for unit in self.subjects(position, plural=bool(_PLURAL.search(lead)), kind="overall rating"):
            unit.overall.append((Read(rating, sentence), False))

    def _points(self, position):
        copy, sentence = self.copies[position], self.sentences[position]
        for match in wording.POINTS.finditer(copy):
            if match["slash_points"]:
                value = f"{int(match['slash_points'])}/{int(match['slash_whole'])}"
            else:
                stated = match["points"].lower()
                if "point" not in match[0].lower() and not match["whole"]:
                    continue
                points = 1 if stated == "a single" else wording.number_value(stated)
                if points is None:
                    continue
                whole = match["whole"] or self._points_whole()
                value = f"{points}/{int(whole)}" if whole else str(points)
            for unit in self._units_for(position, "points", 0, match.start() + 1):
                if unit.points is None:
                    unit.points = Read(value, sentence)

    def _points_whole(self):
        for copy in self.copies:
            if match := wording.POINTS_WHOLE.search(copy):
                return match["whole"] or match["total"]
        return None

    def _sequence(self, position):
        copy, sentence = self.copies[position], self.sentences[position]
        for match in wording.SEQUENCE.finditer(copy):
            if wording.ROUND_PLACE.match(copy, match.start()):
                continue
            ordinal = match["ordinal"] or match["time"] or match["elided"] or match["first_ever"]
            number = wording.ORDINALS[ordinal.lower()]
            for unit in self._units_for(position, "inspection number"):
                if unit.sequence is None:
                    unit.sequence = Read(number, sentence)

    def _dates(self, position):
        copy, sentence = self.copies[position], self.sentences[position]
        for pattern in (wording.PUBLISHED_ON, wording.TODAY_DATED, wording.PUBLISHED_IN):
            for match in pattern.finditer(copy):
                if wording.NOT_THIS_PUBLICATION.search(copy[max(0, match.start() - 60) : match.start()]):
                    continue
                following = copy[match.end() : match.end() + 40]
                found = wording.first_date(following)
                if found is None and pattern is wording.PUBLISHED_IN:
                    month = wording.MONTH_YEAR.match(following)
                    found = wording.date_of(month) if month else None
                if found is None:
                    continue
                # The units named nearest before the date ("the other is X, which ... (published on ...)"), the
                # units first rated too where it says "also" or speaks of several ("These reports were published").
                bound = max([0, *(end for _, end, _ in wording.rating_words(copy[: match.start()])[:-1])])
                units = [self.unit_of(mention) for mention in self.named_in(position, bound, match.start())]
                together = re.search(r"\balso\s+published\b", copy) or _PLURAL.search(copy)
                if not units and together:
                    units = [unit for unit in self.units.values() if unit.overall]
                if not units and pattern is not wording.PUBLISHED_IN:
                    units = [self.unit_of(mention) for mention in self.named_in(position)]
                if not units and not together and pattern is wording.PUBLISHED_IN and wording.rating_words(copy):
                    continue  # "were all rated 'Inadequate' in reports published in October 2022": of others
                if together or not units:
                    units += [
                        self.units[key] for key in self.main_keys if key in self.units and self.units[key] not in units
                    ]
                for unit in units:
                    unit.published.append(Read(found, sentence))
                return

    def _unrated_collectives(self, position, ratings):
        """ "fell short in three of our four core standards": said of standards without a rating word."""
        copy, sentence = self.copies[position], self.sentences[position]
        not_rating = wording.NOT_RATING_COLLECTIVE.search(copy)
        if not not_rating or position in self.collective_positions:
            return
        for pattern in (wording.COUNT_OF, wording.ALL_OF):
            for match in pattern.finditer(copy):
                phrase = sentence[match.start() : match.end()]
                message = (
                    f"'{phrase}' with no rating word (\"{not_rating[0]}\" is not one): "
                    "which standards and what rating are not stated, so none is filled."
                )
                for unit in self._units_for(position, "a wording about standards"):
                    unit.open_wordings.append((message, sentence))
                return


def _collectives(copy, sentence, rating, span, ratings, starts_by=None):
    """(the collective claims of a rating word's clause, where the last of them ends); with `starts_by`, only
    those beginning by that position."""
    claims = []
    last_end = 0
    start, end = span

    def starts_in_time(match):
        nonlocal last_end
        if starts_by is not None and match.start() > starts_by:
            return False
        last_end = max(last_end, match.end())
        return True

    for match in filter(starts_in_time, wording.ALL_OF.finditer(copy, start, end)):
        count = match["count"]
        claims.append(
            standards_reading.CollectiveClaim(
                phrase=sentence[match.start() : match.end()],
                rating=rating,
                sentence=sentence,
                count=wording.number_value(count) if count else None,
                words=match["words"] or "",
                exceptions=_exceptions(copy, match.end()),
            )
        )
    for match in filter(starts_in_time, wording.COUNT_OF.finditer(copy, start, end)):
        claims.append(
            standards_reading.CollectiveClaim(
                phrase=sentence[match.start() : match.end()],
                rating=rating,
                sentence=sentence,
                part=wording.number_value(match["part"]),
                whole=wording.number_value(match["whole"]),
                words=match["words"] or "",
                others_named=_others_named(copy, ratings, rating),
                exceptions=_exceptions(copy, match.end()),
            )
        )
    for match in filter(starts_in_time, wording.OTHER_COUNT.finditer(copy, start, end)):
        claims.append(
            standards_reading.CollectiveClaim(
                phrase=sentence[match.start() : match.end()],
                rating=rating,
                sentence=sentence,
                other=True,
                count=wording.number_value(match["count"]),
                others_named=_others_named(copy, ratings, rating),
            )
        )

    return claims, last_end


_LIST_GAP = re.compile(rf"^[\s,]*(?:(?:and|&)\s+)?(?:(?:the|its|their|in)\s+)?(?:{wording.NUMBER}\s*,?\s*)?$", re.I)


def _listed(copy, mentions, start):
    """The standards listed right after a rating ("for leadership, staffing and services"), up to the first
    words that are not a list ("…, with leadership rated …" is another clause)."""
    listed = []
    for mention in mentions:
        if not _LIST_GAP.match(copy[start : mention[0]]):
            break
        listed.append(mention)
        start = mention[1]
    return listed


def _exceptions(copy, after):
    match = wording.EXCEPT.search(copy, after, min(len(copy), after + 60))
    if not match:
        return []
    return [names for _, _, names in wording.standard_mentions(copy, match.end(), min(len(copy), match.end() + 80))]


def _others_named(copy, ratings, rating):
    """Standards the sentence names with another rating than `rating` ("and the seventh, court work, Good")."""
    others = []
    bound = 0
    for start, end, other in ratings:
        if other != rating:
            others.extend(names for _, _, names in wording.standard_mentions(copy, bound, start))
        bound = end
    return others


def has_values(unit):
    return any((unit.published, unit.named_claims, unit.collective_claims, unit.points, unit.sequence, unit.previous))


def is_subject(mention, copy=""):
    """A unit mention that can be rated: not "London" in "trio of London probation services", nor "Mercia" in
    "the first PDU in Mercia to be rated 'Good'"."""
    if mention.unit_type == ProviderType.REGION and copy:
        if _ADJECTIVAL.match(copy[mention.end :]) or _AFTER_PDU.search(copy[: mention.start]):
            return False
    return True
