"""Every HMI press release and report page quoted in SOURCES.md, pasted into the reader, gives the CSV's values
where the passage states them and leaves the rest empty (the corpus: press_release_passages.py)."""

import csv
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q

from inspections import league_fields
from inspections.importers.press_release import read_press_release
from inspections.management.commands.load_real_data_if_empty import FIXTURES
from providers.models import Provider, ProviderType
from providers.partial_dates import DatePrecision

from .press_release_passages import ENTRIES, NOT_IN_CORPUS

SOURCE = Path(__file__).resolve().parents[3] / "fixtures" / "source" / "probation_service"
CSV_ROWS = list(csv.DictReader((SOURCE / "inspections_2022_2026.csv").open(encoding="utf-8")))
SOURCES_TEXT = (SOURCE / "SOURCES.md").read_text(encoding="utf-8")
COLUMN_PREFIX = {"pdu-2021": "pdu21", "pdu-2023": "pdu23", "region-2023": "reg23"}
NUMBERS = {"first": 1, "second": 2}
WITHOUT_STANDARDS = {"national-2025", "dipp-2025"}  # no standard is stored for them: nothing to say of standards

# Where a release's previous rating is dated otherwise than the stored inspection it refers to, as SOURCES.md
# records: Leicester, Leicestershire and Rutland's first report was published in February 2023 ("previously rated
# 'Inadequate' in 2022" follows its November 2022 fieldwork).
PREVIOUS_YEAR_CONFLICTS = {"leicester-2025"}


def csv_row(entry):
    return CSV_ROWS[entry.row - 1]


def derived_columns(row):
    return {part.split("=")[0].strip() for part in row["derived_values"].split(" | ") if "=" in part}


def collapsed(text):
    return " ".join(text.split())


# ---- The corpus holds to the published files ------------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_each_entry_names_its_csv_row_and_expects_only_values_the_csv_holds(entry):
    row = csv_row(entry)
    derived = derived_columns(row)
    identity = (row["unit_name"], row["framework"], row["published"], row["inspection_number_for_unit"])
    assert (entry.unit_name, entry.framework, entry.published, entry.inspection_number) == identity
    if entry.overall is not None:
        assert entry.overall == row["overall_rating"] and row["overall_rating_derived"] == "false"
    if entry.date is not None:
        assert row["published"].startswith(entry.date) and "published" not in derived
    for slug, rating in entry.standards.items():
        column = f"{COLUMN_PREFIX[entry.framework]}_{slug.replace('-', '_')}"
        assert row[column] == rating and column not in derived, column
    if entry.points is not None:
        assert entry.points == row["points_stated"]
    if entry.sequence is not None:
        assert NUMBERS[row["inspection_number_for_unit"]] == entry.sequence
        assert "inspection_number_for_unit" not in derived
    if entry.previous is not None:
        earlier = CSV_ROWS[entry.previous_row - 1]
        assert earlier["unit_name"] == row["unit_name"] and earlier["published"] < (row["published"] or "9999")
        rating, year = entry.previous
        assert rating == earlier["overall_rating"]
        if entry.id not in PREVIOUS_YEAR_CONFLICTS:
            assert str(year) == earlier["published"][:4]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_each_passage_is_quoted_in_sources_md_word_for_word(entry):
    quoted = collapsed(SOURCES_TEXT.replace("[", "").replace("]", ""))
    lines = entry.text.split("\n\n")
    if lines[0].startswith("http"):
        assert lines[0] in SOURCES_TEXT
        lines = lines[1:]
    for paragraph in lines:
        words = collapsed(paragraph).split(" ")
        # Two overlapping quotes are joined, so each run of five words (not the whole paragraph) must be quoted.
        for start in range(max(1, len(words) - 4)):
            run = " ".join(words[start : start + 5])
            assert run in quoted, run


def sections_of_sources():
    """{CSV row number: its evidence in SOURCES.md, without the "Not recorded" bullets}."""
    evidence = SOURCES_TEXT.split("## Per-inspection evidence", 1)[1].split("## Units and areas", 1)[0]
    sections = {}
    for match in re.finditer(r"^\*\*(\d+)\. (.*?)(?=^\*\*\d+\. |\Z)", evidence, re.M | re.S):
        bullets = [line for line in match[2].splitlines() if not line.startswith("- Not recorded")]
        sections[int(match[1])] = "\n".join(bullets)
    return sections


# An HMI page quoted: "HMI press release (https://…)", "HMI press release on Knowsley and St Helens (…)", "HMI press
# release titled "…" (URL not recorded)", "HMI news item (…)", "HMI JSC statement (…)", "Report (…)".
HMI_PAGE = re.compile(
    r"(?:(?:HMI press release|HMI news item|HMI JSC statement|press release)[^()\n]{0,200}|Report )"
    r"\((?:https?://|URL not recorded)"
)


def test_the_corpus_covers_every_inspection_sources_md_quotes_an_hmi_page_for():
    sections = sections_of_sources()
    assert sorted(sections) == list(range(1, len(CSV_ROWS) + 1))
    cited = {number for number, text in sections.items() if HMI_PAGE.search(text)}
    covered = {entry.row for entry in ENTRIES} | {entry.previous_row for entry in ENTRIES if entry.previous_row}
    assert sorted(cited - covered) == []
    assert sorted(set(range(1, len(CSV_ROWS) + 1)) - covered) == sorted(NOT_IN_CORPUS)
    assert not cited & set(NOT_IN_CORPUS)


# ---- The reader gives exactly those values --------------------------------------------------------------------


def stored_unit(entry):
    row = csv_row(entry)
    if row["unit_type"] == ProviderType.NATIONAL:
        return Provider.objects.get(provider_type=ProviderType.NATIONAL)
    if row["unit_type"] == ProviderType.REGION:
        return Provider.objects.get(provider_type=ProviderType.REGION, short_name=f"{row['region']} region")
    name = row["unit_name"].removesuffix(" PDU")
    return (
        Provider.objects.filter(provider_type=ProviderType.PDU, region__short_name=f"{row['region']} region")
        .filter(Q(short_name=f"{name} PDU") | Q(aliases__name=name))
        .distinct()
        .get()
    )


@pytest.fixture(scope="module")
def readings(django_db_setup, django_db_blocker):
    """{entry id: (the stored unit of its CSV row, the reading of its passage or the exception raised)}, read
    once with the real data of both eras loaded as `make run` loads it, then rolled back."""
    results = {}
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", *FIXTURES, verbosity=0)
        league_fields.refresh_all()
        for entry in ENTRIES:
            try:
                reading = read_press_release(entry.text)
            except Exception as error:  # reported by the entry's own test
                reading = error
            results[entry.id] = (stored_unit(entry), reading)
        transaction.set_rollback(True)
    return results


# What an empty value's line in "what could not be read" speaks of.
NOT_READ_WORDS = {
    "overall": ["overall", "no rating", "not rated"],
    "date": ["date"],
    "standards": ["standard"],
    "points": ["point"],
    "sequence": ["inspection number", "sequence", "first or second", "first, second"],
}


def iso(read):
    if read is None:
        return None
    date, precision = read.value
    return {DatePrecision.YEAR: f"{date:%Y}", DatePrecision.MONTH: f"{date:%Y-%m}"}.get(precision, date.isoformat())


def value(read):
    return None if read is None else read.value


def what_was_read(reading):
    previous = value(reading.previous)
    got_framework = reading.framework.slug if reading.framework else None
    return {
        "unit_type": reading.unit_type,
        "overall": value(reading.overall),
        "date": iso(reading.published),
        "standards": {slug: read.value for slug, read in reading.standards.items()},
        "points": value(reading.points),
        "sequence": value(reading.sequence),
        "previous": tuple(previous) if previous is not None else None,
        "framework": got_framework,
    }


def expected(entry):
    return {
        "unit_type": entry.unit_type,
        "overall": entry.overall,
        "date": entry.date,
        "standards": entry.standards,
        "points": entry.points,
        "sequence": entry.sequence,
        "previous": entry.previous,
        "framework": entry.framework,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_reading_the_passage_gives_the_values_it_states_and_nothing_else(readings, entry):
    unit, reading = readings[entry.id]
    if isinstance(reading, Exception):
        raise reading
    if not entry.named:
        assert [found.name for found in reading.units if found.unit is not None] == []
        said = reading.not_read + [line for found in reading.units for line in found.not_read]
        assert any("unit" in line.lower() for line in said), said
        return
    matching = [found for found in reading.units if found.unit is not None and found.unit.pk == unit.pk]
    assert len(matching) == 1, f"{unit.short_name} not read; units read: {[found.name for found in reading.units]}"
    found = matching[0]
    want = expected(entry)
    got = what_was_read(found)
    if not entry.framework_stated and got["framework"] is None:
        want["framework"] = None  # the passage does not tell it: left open is right, another framework is not
    assert got == want
    text = collapsed(entry.text)
    for read in [found.overall, found.published, found.points, found.sequence, found.previous]:
        if read is not None:
            assert read.sentence and collapsed(read.sentence) in text
    for read in found.standards.values():
        assert read.sentence and collapsed(read.sentence) in text
    if entry.open_wording:
        assert found.open_wordings, "a count of standards that names none must be listed as open"
    if found.unit_type == ProviderType.PDU:
        assert found.region is not None and found.region.pk == unit.region_id
    said = " ".join(reading.not_read + found.not_read).lower()
    for missing, words in NOT_READ_WORDS.items():
        if want[missing] in (None, {}) and not (missing == "standards" and entry.framework in WITHOUT_STANDARDS):
            assert any(word in said for word in words), f"{missing} is not read, and the reading does not say so"
    if entry.previous:
        assert found.previous_check


@pytest.mark.django_db
def test_a_previous_rating_dated_otherwise_than_stored_says_so(readings):
    _, reading = readings["leicester-2025"]
    (found,) = [unit for unit in reading.units if unit.name.startswith("Leicester")]
    assert "2023" in found.previous_check
