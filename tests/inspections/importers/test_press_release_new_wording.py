"""Press releases worded as no HMI release in SOURCES.md is, about fictional units, as a new editor would paste them:
each is read exactly, or the reading says what it could not read."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction

from inspections import league_fields
from inspections.importers.press_release import read_press_release
from inspections.management.commands.load_real_data_if_empty import FIXTURES
from inspections.models import Inspection, OverallRating
from providers.models import Provider, ProviderAlias, ProviderType
from providers.partial_dates import DatePrecision

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)
GOOD, RI, INADEQUATE = "Good", "Requires improvement", "Inadequate"

# Fictional PDUs, each under a real region, with the alias the passages call them by.
FICTIONAL_UNITS = [
    ("Ambridge and Borsetshire", "West Midlands", "Borsetshire"),
    ("Wyvern Vale", "West Midlands", "Wyvern & Vale"),
    ("Lowmoor and Fenwick", "Yorkshire and the Humber", "Lowmoor"),
    ("Castle Harbour and Dunmere", "Wales", "Castle Harbour"),
]

PASSAGES = {
    "2021-model": """https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2023/03/ambridge-pdu/

Published: 14 March 2023

Ambridge and Borsetshire Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement' from \
HM Inspectorate of Probation, scoring nine points out of a possible 27.

This is the first inspection of this PDU since it was established under the unification of probation services in 2021.

Inspectors rated leadership as 'Good', while assessment and planning were both rated 'Inadequate'.""",
    "2021-model-case-supervision": """Published: 8 November 2022

Castle Harbour and Dunmere PDU has received an overall rating of 'Inadequate', scoring only two points out of a \
possible 27. All five case supervision standards were rated 'Inadequate'.""",
    "2021-model-yesterday": """Yesterday (17 May 2022) HM Inspectorate of Probation published its report on Wyvern \
Vale PDU, which received an overall rating of 'Inadequate' – scoring just one point out of a possible 27.""",
    "2023-model-alias": """Lowmoor PDU rated 'Inadequate'

Published 6 March 2025

HM Inspectorate of Probation has rated Lowmoor Probation Delivery Unit 'Inadequate' overall. This is the second \
inspection of this PDU, having previously been rated 'Requires improvement' in 2023.

Leadership and staffing were rated 'Requires improvement'. Casework across all four service delivery standards we \
inspected was 'Inadequate'.""",
    "2023-model-six-of-seven": """Published: 10 April 2025

Ambridge and Borsetshire PDU has received an overall rating of 'Inadequate'. It was rated 'Inadequate' in six out of \
seven standards, with leadership rated 'Requires improvement'.""",
    "region": """https://hmiprobation.justiceinspectorates.gov.uk/news/probation-services-in-the-south-west-region-rated/

Published: 2 July 2025

Probation services in the South West region of the Probation Service have received an overall regional rating of \
'Inadequate'. This was the first inspection of probation services in the South West region under the new inspection \
programme which started in October 2023.

Unpaid work was rated 'Good', and court work was rated 'Requires improvement'.""",
    "dynamic-not-rated": """Dynamic Inspection of Public Protection in the Wales region

Published: 19 February 2026

This report is the fifth to be published from HM Inspectorate of Probation's new Dynamic Inspection of Public \
Protection programme. Unlike our core inspections, a dynamic inspection is not rated: the report gives the Chief \
Inspector's judgement instead.""",
    "several-units": """Inspectorate publishes three reports on probation in the West Midlands

These inspections were carried out in the Probation Service – West Midlands region. Ambridge and Borsetshire PDU has \
been rated 'Good', Wyvern Vale PDU has been rated 'Requires improvement' and Felpersham PDU has been rated \
'Inadequate'. These reports were published on 12 June 2025.""",
    "open-counts": """Published: 5 May 2025

Wyvern Vale Probation Delivery Unit (PDU) has received an overall rating of 'Inadequate'.

The PDU was rated 'Inadequate' in five of its seven standards. The quality of case management fell short in three of \
our four core standards.""",
    "case-and-quotes": """published: 3 september 2024

borsetshire pdu has received an overall rating of “requires improvement”. INSPECTORS RATED LEADERSHIP ‘GOOD’.""",
    "mismatched-quotes": """Wyvern & Vale PDU has received an overall rating of 'Requires Improvement’ - this is the \
first inspection of Wyvern & Vale PDU.""",
    "not-rating-words": """Castle Harbour PDU has received an overall rating of 'Requires improvement'. Leadership was \
found to be a key strength, staffing was insufficient and inspectors noted 'numerous positives' in court work.""",
    "previous-not-stored": """Castle Harbour and Dunmere Probation Delivery Unit has been rated 'Good'. This is an \
improvement on the 'Inadequate' rating it received in 2022.""",
    "points-in-figures": """Published: 20 October 2022

Wyvern Vale PDU scored 4/27 inspection points and has been rated 'Inadequate'.""",
    "nine-standards-counted": """Lowmoor PDU has received an overall rating of 'Good', with 'Good' ratings in six of \
its nine standards.""",
    "report-page": """https://hmiprobation.justiceinspectorates.gov.uk/document/an-inspection-of-probation-services-in-\
castle-harbour-pdu-2025

As a result, the PDU was rated 'Inadequate' overall. Staffing was rated 'Good'.""",
    "no-date": "Wyvern Vale PDU has received an overall rating of 'Good'.",
    "future-date": """Published: 3 March 2027

Wyvern Vale PDU has received an overall rating of 'Good'.""",
    "no-unit": """Published: 4 April 2024

The PDU has received an overall rating of 'Good'.""",
    "empty": "   \n  ",
}


@pytest.fixture(scope="module")
def read(django_db_setup, django_db_blocker):
    """Every passage read once, with both eras' real data and the fictional units stored, then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", *FIXTURES, verbosity=0)
        league_fields.refresh_all()
        for name, region, alias in FICTIONAL_UNITS:
            unit = Provider.objects.create(
                name=f"{name} Probation Delivery Unit",
                short_name=f"{name} PDU",
                slug=f"{name.lower().replace(' ', '-')}-pdu",
                provider_type=ProviderType.PDU,
                region=Provider.objects.get(short_name=f"{region} region"),
            )
            ProviderAlias.objects.create(provider=unit, name=alias)
        stored = (Inspection.objects.count(), Provider.objects.count())
        readings = {key: read_press_release(text, today=TODAY) for key, text in PASSAGES.items()}
        written = (Inspection.objects.count(), Provider.objects.count())
        transaction.set_rollback(True)
    return SimpleNamespace(readings=readings, stored=stored, written=written)


def unit_read(reading, short_name):
    found = [unit for unit in reading.units if unit.unit is not None and unit.unit.short_name == short_name]
    assert len(found) == 1, f"{short_name} not read; units read: {[unit.name for unit in reading.units]}"
    return found[0]


def value(read):
    return None if read is None else read.value


def values(unit):
    return {
        "overall": value(unit.overall),
        "published": value(unit.published),
        "framework": unit.framework.slug if unit.framework else None,
        "standards": {slug: read.value for slug, read in unit.standards.items()},
        "points": value(unit.points),
        "sequence": value(unit.sequence),
        "previous": tuple(unit.previous.value) if unit.previous else None,
    }


def day(year, month, date):
    return (datetime.date(year, month, date), DatePrecision.DAY)


def test_reading_writes_nothing(read):
    assert read.written == read.stored


def test_a_2021_model_release_gives_its_date_points_sequence_and_each_standard_it_names(read):
    unit = unit_read(read.readings["2021-model"], "Ambridge and Borsetshire PDU")
    assert values(unit) == {
        "overall": RI,
        "published": day(2023, 3, 14),
        "framework": "pdu-2021",
        "standards": {"leadership": GOOD, "assessment": INADEQUATE, "planning": INADEQUATE},
        "points": "9/27",
        "sequence": 1,
        "previous": None,
    }
    assert unit.unit_type == ProviderType.PDU
    assert unit.region.short_name == "West Midlands region"


def test_all_five_case_supervision_standards_are_the_2021_models_domain_two(read):
    unit = unit_read(read.readings["2021-model-case-supervision"], "Castle Harbour and Dunmere PDU")
    assert values(unit) == {
        "overall": INADEQUATE,
        "published": day(2022, 11, 8),
        "framework": "pdu-2021",
        "standards": dict.fromkeys(
            ["court-work", "assessment", "planning", "implementation-and-delivery", "reviewing"], INADEQUATE
        ),
        "points": "2/27",
        "sequence": None,
        "previous": None,
    }


def test_yesterday_with_its_date_in_brackets_is_the_publication_day(read):
    unit = unit_read(read.readings["2021-model-yesterday"], "Wyvern Vale PDU")
    assert values(unit)["overall"] == INADEQUATE
    assert values(unit)["published"] == day(2022, 5, 17)
    assert values(unit)["points"] == "1/27"


def test_a_2023_model_release_naming_the_unit_by_its_alias(read):
    unit = unit_read(read.readings["2023-model-alias"], "Lowmoor and Fenwick PDU")
    assert values(unit) == {
        "overall": INADEQUATE,
        "published": day(2025, 3, 6),
        "framework": "pdu-2023",
        "standards": {
            "leadership": RI,
            "staffing": RI,
            "assessment": INADEQUATE,
            "planning": INADEQUATE,
            "implementation-and-delivery": INADEQUATE,
            "reviewing": INADEQUATE,
        },
        "points": None,
        "sequence": 2,
        "previous": (RI, 2023),
    }
    # Nothing of the fictional unit is stored, and the check says so rather than agreeing.
    assert unit.previous_check and "agrees" not in unit.previous_check.lower()


def test_six_out_of_seven_with_the_seventh_named_fills_all_seven(read):
    unit = unit_read(read.readings["2023-model-six-of-seven"], "Ambridge and Borsetshire PDU")
    assert values(unit)["framework"] == "pdu-2023"
    assert values(unit)["standards"] == {
        "leadership": RI,
        "staffing": INADEQUATE,
        "services": INADEQUATE,
        "assessment": INADEQUATE,
        "planning": INADEQUATE,
        "implementation-and-delivery": INADEQUATE,
        "reviewing": INADEQUATE,
    }


def test_a_region_inspection_gives_the_regional_standards_it_names(read):
    unit = unit_read(read.readings["region"], "South West region")
    assert unit.unit_type == ProviderType.REGION
    assert values(unit) == {
        "overall": INADEQUATE,
        "published": day(2025, 7, 2),
        "framework": "region-2023",
        "standards": {"unpaid-work": GOOD, "court-work": RI},
        "points": None,
        "sequence": 1,
        "previous": None,
    }


def test_a_dynamic_inspection_the_text_says_is_not_rated(read):
    unit = unit_read(read.readings["dynamic-not-rated"], "Wales region")
    assert values(unit) == {
        "overall": OverallRating.NOT_RATED.value,
        "published": day(2026, 2, 19),
        "framework": "dipp-2025",
        "standards": {},
        "points": None,
        "sequence": None,  # "the fifth to be published" is the programme's count, not the region's
        "previous": None,
    }


def test_a_release_rating_several_units_offers_each_and_an_unknown_one_in_its_region(read):
    reading = read.readings["several-units"]
    ambridge = unit_read(reading, "Ambridge and Borsetshire PDU")
    wyvern = unit_read(reading, "Wyvern Vale PDU")
    assert (value(ambridge.overall), value(ambridge.published)) == (GOOD, day(2025, 6, 12))
    assert (value(wyvern.overall), value(wyvern.published)) == (RI, day(2025, 6, 12))
    (unknown,) = [unit for unit in reading.units if unit.unit is None]
    assert unknown.name == "Felpersham"
    assert value(unknown.overall) == INADEQUATE
    assert unknown.region.short_name == "West Midlands region"
    assert any("Felpersham" in line for line in unknown.not_read)


def test_counts_that_name_no_standard_fill_nothing_and_say_so(read):
    unit = unit_read(read.readings["open-counts"], "Wyvern Vale PDU")
    assert value(unit.overall) == INADEQUATE
    assert unit.standards == {}
    text = " ".join(PASSAGES["open-counts"].split())
    sentences = {wording.sentence for wording in unit.open_wordings}
    assert any("five of its seven standards" in sentence for sentence in sentences)
    assert any("three of our four core standards" in sentence for sentence in sentences)
    assert all(sentence in text for sentence in sentences)


def test_lower_case_capitals_and_curly_quotes_are_read_as_the_same_words(read):
    unit = unit_read(read.readings["case-and-quotes"], "Ambridge and Borsetshire PDU")
    assert values(unit)["overall"] == RI
    assert values(unit)["published"] == day(2024, 9, 3)
    assert values(unit)["framework"] == "pdu-2023"
    assert values(unit)["standards"] == {"leadership": GOOD}


def test_mismatched_quotes_and_an_ampersand_alias(read):
    unit = unit_read(read.readings["mismatched-quotes"], "Wyvern Vale PDU")
    assert (value(unit.overall), value(unit.sequence)) == (RI, 1)


def test_words_that_are_not_ratings_fill_no_standard(read):
    unit = unit_read(read.readings["not-rating-words"], "Castle Harbour and Dunmere PDU")
    assert value(unit.overall) == RI
    assert unit.standards == {}


def test_a_previous_rating_of_a_unit_with_nothing_stored_is_read_and_checked(read):
    unit = unit_read(read.readings["previous-not-stored"], "Castle Harbour and Dunmere PDU")
    assert value(unit.overall) == GOOD
    assert values(unit)["previous"] == (INADEQUATE, 2022)
    assert unit.previous_check and "agrees" not in unit.previous_check.lower()


def test_points_written_in_figures_are_taken_as_stated(read):
    unit = unit_read(read.readings["points-in-figures"], "Wyvern Vale PDU")
    assert (value(unit.overall), value(unit.points), values(unit)["framework"]) == (INADEQUATE, "4/27", "pdu-2021")


def test_nine_standards_counted_tell_the_2021_model_but_not_which_six(read):
    unit = unit_read(read.readings["nine-standards-counted"], "Lowmoor and Fenwick PDU")
    assert (value(unit.overall), values(unit)["framework"], unit.standards) == (GOOD, "pdu-2021", {})
    assert any("six of its nine standards" in wording.sentence for wording in unit.open_wordings)


def test_a_report_page_names_its_unit_and_year_in_its_address(read):
    unit = unit_read(read.readings["report-page"], "Castle Harbour and Dunmere PDU")
    assert values(unit) == {
        "overall": INADEQUATE,
        "published": (datetime.date(2025, 1, 1), DatePrecision.YEAR),
        "framework": "pdu-2023",
        "standards": {"staffing": GOOD},
        "points": None,
        "sequence": None,
        "previous": None,
    }


def test_a_text_without_a_date_leaves_it_empty_and_says_so(read):
    reading = read.readings["no-date"]
    unit = unit_read(reading, "Wyvern Vale PDU")
    assert unit.published is None
    assert any("date" in line.lower() for line in reading.not_read + unit.not_read)


def test_a_date_after_today_is_not_used_and_the_reading_says_so(read):
    reading = read.readings["future-date"]
    unit = unit_read(reading, "Wyvern Vale PDU")
    assert unit.published is None
    assert any("future" in line.lower() for line in reading.not_read + unit.not_read)


def test_a_text_naming_no_unit_offers_none_and_says_so(read):
    reading = read.readings["no-unit"]
    assert reading.units == []
    assert any("unit" in line.lower() for line in reading.not_read)


def test_an_empty_text_reads_nothing_and_says_so(read):
    reading = read.readings["empty"]
    assert reading.units == [] and reading.not_read
