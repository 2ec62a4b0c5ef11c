"""Reading what a reader typed, and answering postcodes from the lookup built from the ONS packages."""

import pytest

from places.postcodes import MalformedQuery, lookup, read_query

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "kind", "text"),
    [
        ("BN1 1AA", "postcode", "BN1 1AA"),
        ("bn11aa", "postcode", "BN1 1AA"),
        ("  sw1a   1aa ", "postcode", "SW1A 1AA"),
        ("b1 1aa", "postcode", "B1 1AA"),
        ("BN1", "outward", "BN1"),
        ("ec1a", "outward", "EC1A"),
        ("Brighton", "name", "Brighton"),
        ("  kss   crc ", "name", "kss crc"),
        ("Area 51 Nowhere", "name", "Area 51 Nowhere"),
    ],
)
def test_queries_are_read_as_a_postcode_an_outward_code_or_a_name(typed, kind, text):
    query = read_query(typed)
    assert (query.kind, query.text) == (kind, text)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type a postcode"),
        ("   ", "Type a postcode"),
        ("x" * 101, "100 characters"),
        ("BN1 1A", "not a postcode"),
        ("12345", "not a postcode"),
        ("1AA BN1", "not a postcode"),
    ],
)
def test_what_cannot_be_searched_says_why(typed, message):
    with pytest.raises(MalformedQuery, match=message):
        read_query(typed)


def test_the_lookup_file_keeps_postcodes_in_the_directory_form():
    assert read_query("B1 1AA").key == b"B1  1AA"
    assert read_query("SW1A 1AA").key == b"SW1A1AA"


@pytest.mark.parametrize(
    ("typed", "council"),
    [("BN1 1AA", "E06000043"), ("bn11aa", "E06000043"), ("B1 1AA", "E08000025"), ("CA1 1AA", "E06000063")],
)
def test_a_postcode_is_answered_with_its_council(places, typed, council):
    assert lookup().postcode(read_query(typed)).councils == (council,)


@pytest.mark.parametrize(
    ("typed", "country"),
    [
        ("EH1 1AA", "Scotland"),
        ("BT1 1AA", "Northern Ireland"),
        ("GY1 1AA", "the Channel Islands"),
        ("JE2 3AB", "the Channel Islands"),
        ("IM1 1AA", "the Isle of Man"),
    ],
)
def test_postcodes_outside_england_and_wales_name_their_country(places, typed, country):
    answer = lookup().postcode(read_query(typed))
    assert answer.elsewhere == country
    assert answer.councils == ()


def test_a_postcode_not_in_the_directory_has_no_answer(places):
    answer = lookup().postcode(read_query("ZZ99 9ZZ"))
    assert not answer.found


def test_an_outward_code_names_its_councils_the_one_with_most_postcodes_first(places):
    answer = lookup().outward("bn1")
    assert answer.councils[0] == "E06000043"  # Brighton and Hove; BN1 reaches into Lewes and Mid Sussex too
    assert len(answer.councils) > 1
    border = lookup().outward("TD15")  # Berwick-upon-Tweed: England, with a few postcodes in Scotland
    assert border.councils and border.elsewhere == ""


def test_the_lookup_holds_every_postcode_of_the_package(places):
    assert lookup().count == places["postcode_count"] > 2_500_000


def test_a_sampled_position_gives_a_postcode_the_lookup_answers(places):
    postcodes = lookup()
    for position in (0, postcodes.count // 2, postcodes.count - 1):
        assert postcodes.postcode(read_query(postcodes.postcode_at(position))).found
