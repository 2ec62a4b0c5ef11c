"""What an editor's entry would score: a pure read, before anything is saved."""

import pytest

from inspections.services.previews import preview
from tests.factories import ALL_TEN_KSS

pytestmark = pytest.mark.django_db


def test_preview_of_kss_shows_score_band_and_departures(kss_input, row_counts):
    before = row_counts()

    result = preview(kss_input())

    assert result.score == 15
    assert result.band == "Requires improvement"
    assert result.points_to_next_band == 1
    assert (result.standards_rated, result.standard_count) == (10, 10)
    departures = {d.code: (d.rating_entered, d.indicated_band, d.lowest_percent_yes) for d in result.differences}
    assert departures == {
        "2.1": ("Requires improvement", "Inadequate", 49.0),
        "2.2": ("Requires improvement", "Inadequate", 47.0),
        "2.4": ("Requires improvement", "Inadequate", 47.0),
    }
    assert row_counts() == before


def test_preview_with_an_unknown_standard_has_no_score(kss_input):
    ratings = dict(ALL_TEN_KSS)
    del ratings["1.3"]

    result = preview(kss_input(ratings=ratings))

    assert result.score is None
    assert result.band is None
    assert result.standards_rated == 9
