"""The press-release reader: what each wording gives, with fictional units and ratings in the 2021-model and
2023-model wording (the published releases themselves are in test_press_release_corpus.py)."""

import datetime

import pytest

from inspections.importers.press_release import read_press_release
from inspections.importers.probation_service import ensure_frameworks
from inspections.models import Framework, Inspection, InspectionRound, OverallRating
from providers.eras import ProviderType
from providers.models import Provider, ProviderAlias
from providers.partial_dates import DatePrecision

INADEQUATE, RI, GOOD, OUTSTANDING = "Inadequate", "Requires improvement", "Good", "Outstanding"
SERVICE_DELIVERY = ("assessment", "planning", "implementation-and-delivery", "reviewing")


def region(name):
    return Provider.objects.create(
        name=f"Probation Service – {name} region",
        short_name=f"{name} region",
        slug=f"{name.lower()}-region",
        provider_type=ProviderType.REGION,
    )


def pdu(name, in_region, *aliases):
    unit = Provider.objects.create(
        name=f"{name} Probation Delivery Unit",
        short_name=f"{name} PDU",
        slug=name.lower().replace(" ", "-"),
        provider_type=ProviderType.PDU,
        region=in_region,
    )
    for alias in aliases:
        ProviderAlias.objects.create(provider=unit, name=alias)
    return unit


def stored(unit, framework, round_slug, rating, published_on):
    return Inspection.objects.create(
        provider=unit,
        framework=Framework.objects.get(slug=framework),
        inspection_round=InspectionRound.objects.get(slug=round_slug),
        overall_rating=rating,
        published_on=published_on,
        published_on_precision=DatePrecision.DAY,
    )


@pytest.fixture
def units(db):
    """Two fictional regions and their PDUs, each with an inspection stored under each PDU model, so that the
    rounds' dates tell the frameworks apart."""
    ensure_frameworks()  # the era's frameworks and rounds, as frameworks.json defines them
    wessex, mercia = region("Wessex"), region("Mercia")
    made = {
        "wessex": wessex,
        "mercia": mercia,
        "wyvern": pdu("Wyvern Vale", wessex, "Wyvern and Vale"),
        "kestrel": pdu("Kestrel Downs", wessex),
        "harbour": pdu("Harbour City", mercia),
        "lark": pdu("Larkhill", mercia),
        "wessex-central": pdu("Wessex Central", wessex, "Central"),
        "mercia-central": pdu("Mercia Central", mercia, "Central"),
    }
    stored(made["harbour"], "pdu-2021", "2021-23", INADEQUATE, datetime.date(2022, 6, 9))
    stored(made["kestrel"], "pdu-2023", "2023-25", RI, datetime.date(2024, 5, 16))
    return made


def only_unit(text):
    reading = read_press_release(text)
    assert len(reading.units) == 1, [unit.name for unit in reading.units]
    return reading.units[0]


def values(read_standards):
    return {slug: read.value for slug, read in read_standards.items()}


# ---- 2021-model wording --------------------------------------------------------------------------------------


def test_a_2021_model_release_gives_its_unit_rating_date_sequence_standards_and_points(units):
    text = (
        "Published: 17 May 2022\n\n"
        "Wyvern Vale Probation Delivery Unit (PDU) has received an overall rating of 'Inadequate'. This is the first "
        "inspection of this PDU since it was established under the unification of probation services in 2021.\n\n"
        "The PDU was rated 'requires improvement' for leadership, staffing and services. It scored just one point "
        "out of a possible 27."
    )
    found = only_unit(text)
    assert (found.unit, found.region, found.unit_type) == (units["wyvern"], units["wessex"], ProviderType.PDU)
    assert found.framework.slug == "pdu-2021"
    assert found.overall.value == INADEQUATE
    assert found.overall.sentence.startswith("Wyvern Vale Probation Delivery Unit (PDU) has received")
    assert found.published.value == (datetime.date(2022, 5, 17), DatePrecision.DAY)
    assert found.sequence.value == 1
    # "staffing" is the 2021 model's Staff.
    assert values(found.standards) == {"leadership": RI, "staff": RI, "services": RI}
    assert found.points.value == "1/27"
    assert found.points.sentence == "It scored just one point out of a possible 27."


def test_areas_matched_by_name_fill_their_standards(units):
    text = (
        "Harbour City PDU has been rated as 'Requires improvement'. The advice it provided to courts was separately "
        "rated as 'Outstanding'. Assessment, planning, delivery of services and reviewing were all assessed as "
        "'Inadequate'.\n\nhttps://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2022/09/harbour/"
    )
    found = only_unit(text)
    assert found.framework.slug == "pdu-2021"
    assert found.published.value == (datetime.date(2022, 9, 1), DatePrecision.MONTH)
    assert values(found.standards) == {
        "court-work": OUTSTANDING,
        "assessment": INADEQUATE,
        "planning": INADEQUATE,
        "implementation-and-delivery": INADEQUATE,
        "reviewing": INADEQUATE,
    }


def test_eight_out_of_nine_inadequate_fills_no_standard_and_says_which_is_open(units):
    found = only_unit(
        "Yesterday (9 June 2022) inspectors published their report: Larkhill PDU received 'Inadequate' ratings for "
        "eight out of nine of our quality standards, and an overall rating of 'Inadequate'."
    )
    assert found.overall.value == INADEQUATE
    assert found.published.value == (datetime.date(2022, 6, 9), DatePrecision.DAY)
    assert found.framework.slug == "pdu-2021"
    assert found.standards == {}
    assert [read.value for read in found.open_wordings] == [
        "Eight of nine standards were rated 'Inadequate': which eight is not stated, so none is filled."
    ]


def test_seven_other_areas_beside_the_two_named_are_the_other_seven_standards(units):
    found = only_unit(
        "Published 18 August 2022. Larkhill PDU has been rated 'Inadequate'. Staffing, information and facilities "
        "require improvement with seven other areas, including services, leadership and assessment all rated as "
        "inadequate."
    )
    standards = values(found.standards)
    assert (standards.pop("staff"), standards.pop("information-and-facilities")) == (RI, RI)
    assert standards == dict.fromkeys(["leadership", "services", "court-work", *SERVICE_DELIVERY], INADEQUATE)


def test_other_areas_that_do_not_make_up_the_rest_fill_only_those_named(units):
    found = only_unit(
        "Published 18 August 2022. Larkhill PDU has been rated 'Inadequate'. Staffing requires improvement with "
        "five other areas, including services and assessment, rated as inadequate."
    )
    assert values(found.standards) == {"staff": RI, "services": INADEQUATE, "assessment": INADEQUATE}
    assert "'five other areas' were rated 'Inadequate'" in found.open_wordings[0].value


def test_zero_points_are_points_as_stated(units):
    found = only_unit("Larkhill PDU received zero out of a total of 27 inspection points and was rated 'Inadequate'.")
    assert found.points.value == "0/27"


# ---- 2023-model wording --------------------------------------------------------------------------------------


def test_all_four_service_delivery_standards_are_the_domain_of_that_name(units):
    text = (
        "Kestrel Downs Probation Delivery Unit (PDU) has received an overall rating of ‘Inadequate’.\n"
        "Casework across all four service delivery standards we inspected was ‘Inadequate’."
    )
    found = only_unit(text)
    assert found.framework.slug == "pdu-2023"  # "service delivery" is the 2023 model's domain
    assert values(found.standards) == dict.fromkeys(SERVICE_DELIVERY, INADEQUATE)
    assert found.standards["planning"].sentence == (
        "Casework across all four service delivery standards we inspected was ‘Inadequate’."
    )


@pytest.mark.parametrize(
    "wording",
    [
        "It was rated 'Inadequate' in six out of seven standards, and the seventh, leadership, 'Good'.",
        "All seven areas were rated Inadequate bar Leadership which was rated Good.",
    ],
)
def test_six_of_seven_with_the_seventh_named_fills_all_seven(units, wording):
    found = only_unit(f"Published 10 April 2025. Wyvern Vale PDU has been rated 'Inadequate'. {wording}")
    assert found.framework.slug == "pdu-2023"
    standards = values(found.standards)
    assert standards.pop("leadership") == GOOD
    assert standards == dict.fromkeys(["staffing", "services", *SERVICE_DELIVERY], INADEQUATE)


def test_six_of_seven_without_the_seventh_fills_none(units):
    found = only_unit("Published 10 April 2025. Wyvern Vale PDU was rated 'Inadequate' in six out of seven categories.")
    assert found.standards == {}
    assert "which six is not stated" in found.open_wordings[0].value


def test_seven_out_of_seven_fills_all_seven(units):
    found = only_unit("Published 10 April 2025. Larkhill PDU was rated 'Inadequate' in seven out of seven standards.")
    assert values(found.standards) == dict.fromkeys(
        ["leadership", "staffing", "services", *SERVICE_DELIVERY], INADEQUATE
    )


def test_fell_short_in_three_of_four_fills_nothing_and_says_so(units):
    found = only_unit(
        "Kestrel Downs PDU has received an overall rating of 'Requires improvement'. The quality of case management "
        "fell short in three of our four core standards."
    )
    assert found.overall.value == RI
    assert found.standards == {}
    (open_wording,) = found.open_wordings
    assert "'three of our four core standards'" in open_wording.value and "fell short" in open_wording.value
    assert open_wording.sentence == "The quality of case management fell short in three of our four core standards."


def test_words_that_are_not_ratings_fill_nothing(units):
    found = only_unit(
        "Published 2 July 2025. Kestrel Downs PDU has been rated 'Requires improvement'. Leadership was found to be a "
        "key strength. The inspection revealed strong leadership, but planning was insufficient."
    )
    assert found.standards == {}
    assert "No standard ratings named." in found.not_read


def test_a_standard_given_two_ratings_is_left_open(units):
    found = only_unit(
        "Published 2 July 2025. Kestrel Downs PDU has been rated 'Requires improvement'. In the service delivery "
        "assessment and planning were rated inadequate, while planning requires improvement."
    )
    assert values(found.standards) == {"assessment": INADEQUATE}
    assert found.open_wordings[0].value.startswith("Planning is given both 'Inadequate' and 'Requires improvement'")


def test_a_rating_given_overall_as_well_as_in_standards(units):
    found = only_unit(
        "Published 14 November 2024.\n\nIt was rated 'inadequate' overall as well as in leadership, staffing, "
        "assessment, planning, implementation, and delivery and reviewing. Services were judged as 'requires "
        "improvement'. Larkhill PDU is one of six in the region."
    )
    assert found.overall.value == INADEQUATE
    assert values(found.standards) == {
        "leadership": INADEQUATE,
        "staffing": INADEQUATE,
        "services": RI,
        **dict.fromkeys(SERVICE_DELIVERY, INADEQUATE),
    }


# ---- Several units, regions, dynamic inspections ------------------------------------------------------------


def test_a_trio_release_offers_each_unit_with_its_own_values(units):
    text = (
        "Inspectorate calls for urgent action as trio of Wessex probation services rated 'Inadequate'\n\n"
        "Wyvern Vale PDU, Kestrel Downs PDU and Wessex Central PDU each received the lowest rating possible "
        "('Inadequate'). Wyvern Vale PDU received zero out of a total of 27 inspection points. Both Kestrel Downs PDU "
        "and Wessex Central PDU each scored just three points. We found poor management of cases, with a rating of "
        "'Inadequate' for all five of our case quality standards.\n\n"
        "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2022/10/wessex-pdus/"
    )
    reading = read_press_release(text)
    assert [found.unit for found in reading.units] == [units["wyvern"], units["kestrel"], units["wessex-central"]]
    assert [found.overall.value for found in reading.units] == [INADEQUATE] * 3
    assert [found.points.value for found in reading.units] == ["0/27", "3/27", "3/27"]
    assert all(found.published.value == (datetime.date(2022, 10, 1), DatePrecision.MONTH) for found in reading.units)
    assert all(found.standards == {} for found in reading.units)
    assert all(
        "without saying which of the units" in found.open_wordings[0].value for found in reading.units
    )  # "all five of our case quality standards" could be any of the three


def test_other_units_named_as_rated_before_do_not_take_the_releases_date(units):
    text = (
        "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2023/07/larkhill/\n\n"
        "The probation service in Larkhill has been rated as 'Inadequate'. This is the second published PDU "
        "inspection we have completed in the Probation Service – Mercia region. The other is Harbour City PDU, which "
        "received a rating of 'Requires improvement'."
    )
    larkhill, harbour = read_press_release(text).units
    assert (larkhill.unit, larkhill.overall.value, larkhill.sequence) == (units["lark"], INADEQUATE, None)
    assert larkhill.published.value == (datetime.date(2023, 7, 1), DatePrecision.MONTH)
    assert (harbour.unit, harbour.overall.value, harbour.published) == (units["harbour"], RI, None)


def test_a_region_inspection_reads_the_regional_framework(units):
    found = only_unit(
        "The Probation Service – Wessex region has received an overall regional rating of 'Requires Improvement'. "
        "This was the first regional inspection of the Inspectorate's current programme. Statutory victim work in "
        "the region was very strong and rated “Outstanding”, but its work with courts was rated 'Inadequate'."
    )
    assert (found.unit, found.unit_type, found.region) == (units["wessex"], ProviderType.REGION, units["wessex"])
    assert found.framework.slug == "region-2023"
    assert found.overall.value == RI
    assert found.sequence.value == 1
    assert values(found.standards) == {"victim-work": OUTSTANDING, "court-work": INADEQUATE}


def test_a_dynamic_inspection_said_to_carry_no_rating_is_not_rated(units):
    found = only_unit(
        "This report on the Wessex region is published under our Dynamic Inspection of Public Protection programme. "
        "Dynamic inspections are not rated: the report gives the Chief Inspector's judgement."
    )
    assert found.unit == units["wessex"]
    assert found.framework.slug == "dipp-2025"
    assert found.overall.value == OverallRating.NOT_RATED
    assert found.overall.sentence.startswith("Dynamic inspections are not rated")


def test_a_dynamic_inspection_that_does_not_say_it_is_unrated_leaves_the_outcome_open(units):
    found = only_unit("Dynamic Inspection of Public Protection in the Mercia region: Chief Inspector's judgement.")
    assert (found.unit, found.framework.slug, found.overall) == (units["mercia"], "dipp-2025", None)
    assert any("choose 'Not rated'" in line for line in found.not_read)


# ---- Units -----------------------------------------------------------------------------------------------------


def test_a_region_named_as_where_a_pdu_is_is_not_rated(units):
    found = only_unit(
        "Harbour City PDU in the Mercia region has been rated 'Good', the first PDU in Mercia to be rated 'Good'."
    )
    assert (found.unit, found.region, found.overall.value) == (units["harbour"], units["mercia"], GOOD)


def test_a_unit_is_found_by_its_alias(units):
    assert only_unit("Wyvern and Vale PDU has been rated 'Good'.").unit == units["wyvern"]


def test_a_name_two_regions_share_is_taken_within_the_region_the_text_names(units):
    found = only_unit(
        "Central PDU has been rated 'Good'. Central PDU sits within the Probation Service – Mercia region."
    )
    assert (found.unit, found.region) == (units["mercia-central"], units["mercia"])


def test_a_name_two_regions_share_with_no_region_named_is_left_to_the_editor(units):
    found = only_unit("Central PDU has been rated 'Good'.")
    assert found.unit is None
    assert found.not_read[0] == "'Central' names several stored units: choose which."


def test_an_unknown_unit_is_offered_for_creation_in_the_region_the_text_names(units):
    found = only_unit(
        "Otterburn Fells Probation Delivery Unit (PDU) has received an overall rating of 'Good'. Otterburn Fells "
        "PDU sits within the Probation Service – Wessex region."
    )
    assert (found.name, found.unit, found.region, found.unit_type) == (
        "Otterburn Fells",
        None,
        units["wessex"],
        ProviderType.PDU,
    )
    assert found.overall.value == GOOD
    assert found.not_read[0].startswith("No stored unit is called 'Otterburn Fells' in the Wessex region")


@pytest.mark.parametrize("text", ["", "  \n\n ", "<p></p>"])
def test_an_empty_text_says_so(units, text):
    assert read_press_release(text).not_read == ["The text is empty."]


def test_a_text_naming_no_unit_says_so(units):
    reading = read_press_release("The service has received an overall rating of 'Inadequate'.")
    assert reading.units == []
    assert reading.not_read == ["No unit named: the text names no PDU or region."]


# ---- Previous ratings ----------------------------------------------------------------------------------------


def test_a_previous_rating_that_is_stored_agrees(units):
    found = only_unit(
        "Harbour City PDU has received an overall rating of 'Requires improvement'. This is the second inspection "
        "of this PDU, having previously been rated 'Inadequate' in 2022."
    )
    assert found.sequence.value == 2
    assert found.previous.value == (INADEQUATE, 2022)
    assert found.previous_check == "Agrees with what is stored: Harbour City PDU was rated 'Inadequate' (9 June 2022)."


def test_a_previous_rating_other_than_stored_differs(units):
    found = only_unit(
        "Harbour City PDU has been rated 'Good', an improvement from a previous 'requires improvement' rating in 2022."
    )
    assert found.overall.value == GOOD
    assert found.previous.value == (RI, 2022)
    assert found.previous_check == (
        "Differs from what is stored: the text says 'Requires improvement' in 2022; "
        "stored for Harbour City PDU: 'Inadequate' (9 June 2022)."
    )


def test_a_previous_rating_of_a_unit_with_nothing_stored_says_so(units):
    found = only_unit("Wyvern Vale PDU was rated 'Good'. It was previously rated 'Inadequate' in 2022.")
    assert (
        found.previous_check
        == "The text says 'Inadequate' in 2022 before; no earlier inspection of Wyvern Vale PDU is stored."
    )


# ---- The text as pasted ------------------------------------------------------------------------------------------


def test_html_curly_quotes_non_breaking_spaces_and_broken_lines_are_read(units):
    text = (
        "<html><body><h1>Wyvern Vale PDU rated</h1><p>Wyvern&nbsp;Vale Probation Delivery Unit (PDU) has received\n"
        "an overall rating of &lsquo;Requires Improvement&rsquo;. HM Inspectorate of Probation found the "
        "PDU\u00a0was rated “Good” for leadership.</p><script>var rated = 'Inadequate';</script></body></html>"
    )
    found = only_unit(text)
    assert found.overall.value == RI
    assert found.overall.sentence == (
        "Wyvern Vale Probation Delivery Unit (PDU) has received an overall rating of ‘Requires Improvement’."
    )
    # No date or wording tells the 2021 model from the 2023 one, so the leadership rating cannot be placed yet.
    assert found.framework is None and found.standards == {}
    assert "Standard ratings are named, but without a framework they cannot be placed." in found.not_read


@pytest.mark.parametrize(
    "dateline", ["Tuesday, 17th May 2022", "17 May 2022, 05:08", "Published: 17 May 2022", "17/05/2022"]
)
def test_a_dateline_gives_the_day(units, dateline):
    found = only_unit(f"{dateline}\n\nWyvern Vale PDU has been rated 'Good'.")
    assert found.published.value == (datetime.date(2022, 5, 17), DatePrecision.DAY)
    assert found.published.sentence == dateline


def test_no_date_in_the_text_is_listed_and_never_taken_from_today(units):
    reading = read_press_release("Wyvern Vale PDU has been rated 'Good'.", today=datetime.date(2025, 3, 1))
    assert reading.units[0].published is None
    assert reading.not_read == ["Publication date not in the text."]


def test_a_date_after_today_is_not_taken(units):
    found = only_unit("Published: 3 March 2031\n\nWyvern Vale PDU has been rated 'Good'.")
    assert found.published is None
    assert found.not_read[0] == "The text's date 3 March 2031 is in the future: not used."


def test_reading_writes_nothing(units):
    before = (Inspection.objects.count(), Provider.objects.count())
    read_press_release("Otterburn Fells PDU has been rated 'Good'. Published 3 March 2024.")
    assert (Inspection.objects.count(), Provider.objects.count()) == before
