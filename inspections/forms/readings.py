"""Turn what an importer read into the entry form's initial data: the one way a reading becomes a form.

A 2018–20 report's reading (`initial_from_reading`) and a press release's reading of one unit
(`initial_from_press_release`) both give the form's initial values, its rows and what could not be read; the
press release's also gives the sentence each value came from, shown beside its field and kept as the evidence note.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from providers.models import OwnershipPeriod
from providers.partial_dates import iso_partial_date

from ..importers.report_text import month_date
from ..models import InspectionRound
from .layout import Layout, kq_field

EVIDENCE_NOTE_MAX = 2000  # the entry form's bound on notes

_URL = re.compile(r"https?://[^\s<>\"“”]+")
SOURCE_URL_MAX = 500  # InspectionSource.url's bound


def round_at(date, era=None):
    """The programme of inspections under way at `date` (of `era` when given): the latest begun by then."""
    rounds = InspectionRound.objects.filter(started_on__lte=date)
    if era:
        rounds = rounds.filter(era=era)
    return rounds.order_by("-started_on").first()


def _sample_for(code, samples):
    """The sample a key question is answered over: the longest label prefix its code starts with."""
    best = None
    for sample in samples:
        prefix = sample.label.split(" ", 1)[0]
        if code.startswith(prefix + ".") and (best is None or len(prefix) > len(best.label.split(" ", 1)[0])):
            best = sample
    return best


def initial_from_reading(reading, layout: Layout, provider):
    """(initial, rows, not_read) of an InspectionEntry pre-filled from a report's reading."""
    not_read = list(reading.not_read)
    framework = layout.framework
    initial = {
        "provider": provider.pk if provider else None,
        "framework": framework.pk,
        "published_on": reading.published_month or "",
        "fieldwork_started_on": reading.fieldwork_started_month or "",
        "overall_rating": reading.overall_rating or "",
        "caseload_as_reported": reading.caseload_as_reported or "",
    }
    if provider is None:
        name = reading.provider_name or "the title"
        not_read.insert(0, f"Provider: '{name}' matches no provider; choose it.")
    if reading.published_month:
        published = month_date(reading.published_month)
        round_ = round_at(published)
        initial["inspection_round"] = round_.pk if round_ else None
        if provider is not None:
            owners = {
                period.owner_id
                for period in OwnershipPeriod.objects.filter(provider=provider)
                if (period.started_on is None or period.started_on <= published)
                and (period.ended_on is None or period.ended_on >= published)
            }
            if len(owners) == 1:
                initial["owner_at_inspection"] = owners.pop()
    for row in layout.rows:
        code = row.standard.code
        if code in reading.ratings:
            initial[row.rating_field] = reading.ratings[code]
        else:
            not_read.append(f"Standard {code} {row.standard.name}: no rating found.")
    for code in sorted(set(reading.ratings) - set(layout.standard_codes)):
        not_read.append(f"Standard {code} ({reading.ratings[code]}) is not a standard of {framework}; left out.")
    relevant = set(reading.relevant_subsample_questions)
    for question in layout.key_questions:
        found = reading.key_question(question.code)
        if found is None:
            not_read.append(f"Key question {question.code}: no '% yes' found.")
            continue
        initial[kq_field(question.code, "percent")] = found.percent_yes
        sample = _sample_for(question.code, reading.samples)
        if sample is None:
            continue
        if question.uses_relevant_subsample or question.code in relevant:
            initial[kq_field(question.code, "subsample_of")] = str(sample.cases_inspected)
        else:
            initial[kq_field(question.code, "cases")] = str(sample.cases_inspected)
    known = {question.code for question in layout.key_questions}
    for item in reading.key_questions:
        if item.code not in known:
            not_read.append(f"Key question {item.code} is not a key question of {framework}; left out.")
    rows = {
        "sources": [],
        "samples": [
            {
                "label": sample.label,
                "cases_inspected": str(sample.cases_inspected),
                "domain_number": sample.domain_number,
                "notes": sample.notes,
            }
            for sample in reading.samples
        ],
        "facts": [
            {
                "metric": fact.metric,
                "unit": fact.unit,
                "provider_value": fact.provider_value or "",
                "england_and_wales_value": fact.england_and_wales_value or "",
                "target": fact.target or "",
                "source_citation": fact.source_citation,
            }
            for fact in reading.facts
        ],
        "recommendations": [{"addressed_to": item.addressed_to, "text": item.text} for item in reading.recommendations],
    }
    not_read.append("Report's web address and sources: not in the text; add them.")
    return initial, rows, not_read


def initial_from_press_release(unit, layout: Layout, text_not_read=()):
    """(initial, reading) of an InspectionEntry pre-filled from a press release's reading of one unit.

    `reading` is what the entry form carries beside its fields: each value's sentence by field name, what could not
    be read, the wordings that leave a value open, the previous-rating check and the evidence note.
    """
    framework = layout.framework
    initial = {"framework": framework.pk, "provider": unit.unit.pk if unit.unit else None}
    evidence = {}
    not_read = list(text_not_read) + list(unit.not_read)

    def put(field, read, value=None):
        initial[field] = read.value if value is None else value
        evidence[field] = read.sentence

    if unit.unit is None:
        initial["new_unit_name"] = _unit_name(unit)
        initial["new_unit_region"] = unit.region.pk if unit.region else None
        where = f" in the {unit.region.short_name}" if unit.region else ""
        not_read.insert(0, f"'{unit.name}' is not a stored unit: Save creates it{where} unless you choose a unit.")
        if unit.region is None:
            not_read.insert(1, f"The region of '{unit.name}' is not stated: choose it.")
    if unit.overall:
        put("overall_rating", unit.overall)
    if unit.published:
        put("published_on", unit.published, iso_partial_date(*unit.published.value))
    if unit.points:
        put("points_stated", unit.points)
    if unit.sequence:
        put("sequence_in_unit", unit.sequence)
    round_ = framework.inspection_round
    if round_ is None and unit.published:
        round_ = round_at(unit.published.value[0], era=framework.era)
    if round_ is not None:
        initial["inspection_round"] = round_.pk
    keys = {row.standard.slug: row for row in layout.rows}
    for slug, read in unit.standards.items():
        row = keys.get(slug)
        if row is None:
            not_read.append(f"The text rates '{slug}' ({read.value}), not a standard of {framework}; left out.")
        else:
            put(row.rating_field, read)
    checks = [unit.previous_check] if unit.previous_check else []
    sentences = list(evidence.values()) + ([unit.previous.sentence] if unit.previous else [])
    notes = evidence_note(sentences)
    if notes:
        initial["notes"] = notes
    reading = {
        "evidence": evidence,
        "not_read": not_read,
        "open_wordings": [f"{item.value} (“{item.sentence}”)" for item in unit.open_wordings],
        "checks": checks,
        "notes": notes,
    }
    return initial, reading


def source_rows(text, most=5):
    """The entry's source rows: each web address the pasted text holds (the page it was copied from), once."""
    validate = URLValidator(schemes=["http", "https"])
    urls = []
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:)'\"”’")
        try:
            validate(url)
        except ValidationError:
            continue
        if len(url) <= SOURCE_URL_MAX and url not in urls:
            urls.append(url)
        if len(urls) == most:
            break
    return {"sources": [{"url": url} for url in urls]}


def evidence_note(sentences):
    """The inspection's evidence note: each sentence a value came from, once, in order, within the notes' bound."""
    quoted, length = [], len("From the press release:")
    for sentence in dict.fromkeys(sentences):
        item = f" “{sentence}”"
        if length + len(item) > EVIDENCE_NOTE_MAX:
            break
        quoted.append(item)
        length += len(item)
    return "From the press release:" + "".join(quoted) if quoted else ""


def _unit_name(unit):
    """The new unit's name as the inspectorate writes it: "Fictionshire" is a PDU called "Fictionshire PDU"."""
    suffix = {"pdu": "PDU", "region": "region"}.get(unit.unit_type or "pdu", "")
    return unit.name if unit.name.lower().endswith(suffix.lower()) else f"{unit.name} {suffix}".strip()
