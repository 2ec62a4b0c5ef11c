"""A standard of a Probation Service framework (`/standards/<framework>/<standard>/`): the answer first, then the
recorded ratings under their band's heading, best first, with each unit's place for a screen reader."""

import html as html_module
import re

import pytest

from tests.html_tables import table

pytestmark = pytest.mark.django_db

COURT_WORK = "/standards/pdu-2021/court-work/"


def band_headings(html):
    return [
        " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
        for cell in re.findall(r'<tr class="band-row"><th[^>]*>(.*?)</th></tr>', html, flags=re.S)
    ]


def test_the_answer_counts_what_is_recorded_and_what_is_not(client, both_eras):
    text = " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", client.get(COURT_WORK).content.decode())).split())

    assert "Ratings are recorded for 5 of 36 inspections under this framework: 2 Outstanding, 3 Inadequate." in text
    assert "never read as a zero" in text


def test_rows_sit_under_their_band_best_first(client, both_eras):
    html = client.get(COURT_WORK).content.decode()

    assert band_headings(html) == [
        "Outstanding — 2 units, joint 1st of 5 recorded",
        "Inadequate — 3 units, joint 3rd of 5 recorded",
    ]
    rows = table(html, "Recorded ratings on Court work")
    assert [row[0] for row in rows[1:]] == [
        "Gateshead and South Tyneside PDU",
        "Northamptonshire PDU",
        "Birmingham North, East and Solihull PDU",
        "Hammersmith, Fulham, Kensington, Chelsea and Westminster PDU",
        "Staffordshire and Stoke PDU",
    ]
    assert html.count("<tbody>") == 2
    assert '<span class="visually-hidden">, joint 3rd of 5 recorded</span>' in html


def test_a_derived_rating_is_marked(client, both_eras):
    rows = table(client.get(COURT_WORK).content.decode(), "Recorded ratings on Court work")
    by_unit = {row[0]: row[1] for row in rows[1:]}

    assert "Derived, not quoted" in by_unit["Birmingham North, East and Solihull PDU"]
    assert "Derived, not quoted" not in by_unit["Staffordshire and Stoke PDU"]
