"""
Read an HM Inspectorate of Probation press release or report page (2022 onwards) into what an inspection's
form takes: for each unit the text rates, the unit (matched by name or alias), its region, the framework, the
overall rating, the publication date where the text states one, the standard ratings it names (collective
wordings resolved against the framework's stored domains), the points as stated, the inspection's place in the
unit's sequence and a previous rating it mentions, checked against what is stored.

Every value carries the sentence it came from. Nothing is guessed: a value the text does not state stays None
and is listed in `not_read`; a wording that leaves a value open fills nothing and is listed in `open_wordings`.
The reading queries the database (units, aliases, frameworks, stored inspections) and writes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from providers.eras import ProviderType
from providers.partial_dates import DatePrecision, format_partial_date

from . import press_release_standards as standards_reading
from . import press_release_wording as wording
from .press_release_sentences import Read, Reader
from .unit_names import UnitIndex

if TYPE_CHECKING:
    from inspections.models import Framework
    from providers.models import Provider


@dataclass
class UnitReading:
    """One unit the text rates, with what it states of it."""

    name: str  # as the text names it: "Derbyshire", "Yorkshire and the Humber"
    unit_type: str | None  # ProviderType value
    unit: Provider | None  # the stored unit, by name or alias (within its region where the text names one)
    region: Provider | None  # its region: the stored unit's, or the one the text names
    framework: Framework | None  # the stored framework the wording and the date point to
    overall: Read | None = None  # a Rating value, or OverallRating.NOT_RATED
    published: Read | None = None  # (date, DatePrecision)
    standards: dict = field(default_factory=dict)  # Standard.slug -> Read(Rating value)
    points: Read | None = None  # as stated: "1/27"
    sequence: Read | None = None  # 1 for the unit's first inspection, 2 for its second ...
    previous: Read | None = None  # (Rating value, year or None)
    previous_check: str = ""  # whether that previous rating is what is stored, in words for the editor
    not_read: list = field(default_factory=list)  # [str]
    open_wordings: list = field(default_factory=list)  # [Read(message)]


@dataclass
class PressReleaseReading:
    units: list  # [UnitReading]: one per unit the text rates
    not_read: list  # [str]: what could not be read of the text as a whole


def read_press_release(text: str, *, today: datetime.date | None = None) -> PressReleaseReading:
    """The units a press release or report page rates, with every value it states; see the module's docstring."""
    from inspections.models import Framework, OverallRating

    today = today or datetime.date.today()
    index = UnitIndex.from_database()
    frameworks = list(Framework.objects.prefetch_related("standards__domain", "bands"))
    cleaned = wording.clean_text(text or "")
    reader = Reader(index, wording.sentences(cleaned))
    if not reader.sentences:
        return PressReleaseReading(units=[], not_read=["The text is empty."])
    reader.read()
    not_read = []
    units = reader.rated_units()
    if not units:
        return PressReleaseReading(units=[], not_read=["No unit named: the text names no PDU or region."])
    dynamic = _sentence_of(wording.DYNAMIC, reader.sentences)
    said_not_rated = _sentence_of(wording.NOT_RATED, reader.sentences)
    text_date = _text_date(cleaned, reader.sentences, today)
    if text_date is None and not any(unit.published for unit in units):
        not_read.append("Publication date not in the text.")
    spans = standards_reading.framework_spans(frameworks)
    region_hint = reader.region_hint()
    counts = reader.standard_counts()
    readings = []
    for unit in units:
        reading = _unit_reading(unit, reader, index, region_hint)
        own_date = text_date if _dated_by_text(unit, reader, dynamic) else None
        published = _published(unit, own_date, today, reading)
        reading.published = published
        if published is None and (text_date is not None or any(other.published for other in units)):
            reading.not_read.append(
                f"Publication date of {unit.name} not stated: the date the text gives is another unit's or its own."
            )
        _overall(unit, reading, dynamic, said_not_rated, OverallRating.NOT_RATED.value)
        named = [names for claim in unit.named_claims for names in claim.names]
        reading.framework, framework_notes = standards_reading.choose_framework(
            frameworks,
            spans,
            reading.unit_type,
            dynamic=dynamic is not None,
            standard_counts=counts,
            named=named,
            collective_words=[claim.words for claim in unit.collective_claims],
            rated=reading.overall is not None and reading.overall.value != OverallRating.NOT_RATED,
            published=published.value[0] if published else None,
        )
        reading.not_read.extend(framework_notes)
        _standards(unit, reading)
        reading.points, reading.sequence, reading.previous = unit.points, unit.sequence, unit.previous
        reading.open_wordings.extend(Read(message, sentence) for message, sentence in unit.open_wordings)
        reading.previous_check = _previous_check(reading)
        if unit.key in reader.main_keys:
            reading.open_wordings.extend(
                Read(
                    f"This sentence gives {kind} without saying which of the units it is about, so none is filled.",
                    sentence,
                )
                for kind, sentence in reader.ambiguous
            )
        for label, value in (("Points", reading.points), ("Inspection number (first, second)", reading.sequence)):
            if value is None:
                reading.not_read.append(f"{label} not stated.")
        readings.append(reading)
    return PressReleaseReading(units=readings, not_read=not_read)


def _dated_by_text(unit, reader, dynamic):
    """Whether the text's own date (its address, its dateline) is the unit's publication date: a unit it rates,
    not one it names as rated before ("The other is …"), nor one it only gives points of (a statement)."""
    if unit.referenced:
        return False
    rated = unit.overall or unit.named_claims or unit.collective_claims
    return bool(rated) or (dynamic is not None and unit.key in reader.main_keys)


def _sentence_of(pattern, sentences):
    return next((sentence for sentence in sentences if pattern.search(wording.matching_copy(sentence))), None)


def _text_date(cleaned, sentences, today):
    """The text's own date, where a line or an address in it gives one: a dateline, /2022/05/ in a press
    release's address (month), -2025 at the end of a report's address (year)."""
    for line in cleaned.splitlines():
        line = " ".join(line.split())
        copy = wording.matching_copy(line)
        if wording.DATELINE.match(copy) and (found := wording.first_date(copy)):
            return Read(found, line)
    patterns = (
        (wording.URL_MONTH, DatePrecision.MONTH),
        (wording.URL_MONTH_WORDS, DatePrecision.MONTH),
        (wording.URL_YEAR, DatePrecision.YEAR),
    )
    for pattern, precision in patterns:
        match = pattern.search(cleaned)
        if match:
            month = 1
            if precision == DatePrecision.MONTH:
                month = int(match["month"]) if match["month"].isdigit() else wording.month_number(match["month"])
            return Read((datetime.date(int(match["year"]), month, 1), precision), match[0])
    return None


def _published(unit, text_date, today, reading):
    candidates = list(unit.published) + ([text_date] if text_date else [])
    precise = {DatePrecision.DAY: 0, DatePrecision.MONTH: 1, DatePrecision.YEAR: 2}
    candidates.sort(key=lambda read: precise[read.value[1]])
    for read in candidates:
        date, _ = read.value
        if date > today:
            reading.not_read.append(f"The text's date {format_partial_date(*read.value)} is in the future: not used.")
            continue
        return read
    return None


def _unit_reading(unit, reader, index, region_hint):
    mention = unit.mentions[0]
    region = region_hint if region_hint is not None and mention.unit_type != ProviderType.REGION else None
    stored = index.choose(mention, region)
    unit_type = stored.provider_type if stored else mention.unit_type
    if unit_type is None:
        unit_type = ProviderType.REGION.value if "region" in mention.name.lower() else ProviderType.PDU.value
    if stored is not None and stored.provider_type == ProviderType.PDU:
        region = stored.region
    elif stored is not None:
        region = stored
    reading = UnitReading(name=unit.name, unit_type=unit_type, unit=stored, region=region, framework=None)
    if stored is None:
        where = f" in the {region.short_name}" if region else ""
        reading.not_read.append(
            f"No stored unit is called '{unit.name}'{where}: create it, or choose the unit it is now called."
            if not mention.units
            else f"'{unit.name}' names several stored units: choose which."
        )
    return reading


def _overall(unit, reading, dynamic, said_not_rated, not_rated):
    named = [read for read, by_name in unit.overall if by_name]
    reads = named or [read for read, _ in unit.overall]
    values = {read.value for read in reads}
    if len(values) == 1:
        reading.overall = reads[0]
    elif len(values) > 1:
        told = " and ".join(f"'{value}'" for value in sorted(values))
        reading.open_wordings.append(
            Read(
                f"The overall rating is given as {told}: which holds is not clear, so none is filled.",
                reads[0].sentence,
            )
        )
    if named and reading.overall is not None:
        for read, by_name in unit.overall:
            if not by_name and read.value != reading.overall.value:
                reading.open_wordings.append(Read(f"A rating '{read.value}' names no unit: not used.", read.sentence))
    if reading.overall is None and dynamic:
        if said_not_rated:
            reading.overall = Read(not_rated, said_not_rated)
        else:
            reading.not_read.append(
                "A dynamic inspection of public protection: the text gives no rating, nor says it is not rated; "
                "choose 'Not rated' if the report gives none."
            )
    elif reading.overall is None:
        reading.not_read.append("Overall rating not stated.")


def _standards(unit, reading):
    if reading.framework is None:
        if unit.named_claims or unit.collective_claims:
            reading.not_read.append("Standard ratings are named, but without a framework they cannot be placed.")
        else:
            reading.not_read.append("No standard ratings named.")
        return
    if not reading.framework.standards.all():
        if unit.named_claims:
            reading.not_read.append(
                f"{reading.framework.name} has no stored standards: the ratings named are not filled."
            )
        return  # nothing to fill, nothing missing
    ratings, open_wordings, not_read = standards_reading.resolve(
        reading.framework, unit.named_claims, unit.collective_claims
    )
    reading.standards = {slug: Read(rating, sentence) for slug, (rating, sentence) in ratings.items()}
    reading.open_wordings.extend(Read(message, sentence) for message, sentence in open_wordings)
    reading.not_read.extend(not_read)
    if not reading.standards:
        reading.not_read.append("No standard ratings named.")


def _previous_check(reading):
    """A sentence saying whether the previous rating the text mentions is what is stored for the unit."""
    if reading.previous is None or reading.unit is None:
        return ""
    from inspections.models import Inspection

    rating, year = reading.previous.value
    stored = [
        inspection
        for inspection in Inspection.objects.filter(provider=reading.unit)
        .exclude(overall_rating="")
        .order_by("published_on")
        if not _is_the_one_read(inspection, reading)
    ]
    said = f"'{rating}'" + (f" in {year}" if year else "")
    if not stored:
        return f"The text says {said} before; no earlier inspection of {reading.unit.short_name} is stored."
    for inspection in stored:
        same_year = year is None or (inspection.published_on and inspection.published_on.year == year)
        if inspection.overall_rating == rating and same_year:
            return f"Agrees with what is stored: {reading.unit.short_name} was rated '{rating}' ({_when(inspection)})."
    listed = "; ".join(f"'{inspection.overall_rating}' ({_when(inspection)})" for inspection in stored)
    return f"Differs from what is stored: the text says {said}; stored for {reading.unit.short_name}: {listed}."


def _is_the_one_read(inspection, reading):
    """Whether a stored inspection is the one the text reports (already stored), not an earlier one: of the same
    framework, and published on the text's date or not dated where the text gives none."""
    if reading.framework is None or inspection.framework_id != reading.framework.pk:
        return False
    if reading.published is None:
        return inspection.published_on is None
    return inspection.published_on == reading.published.value[0] or inspection.published_on is None


def _when(inspection):
    return format_partial_date(inspection.published_on, inspection.published_on_precision) or "undated"
