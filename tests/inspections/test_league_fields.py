"""What the league ranks by, stored on each inspection and kept right by every write."""

import pytest
from django.core.management import call_command

from inspections import league_fields
from inspections.models import Inspection, InspectionRound
from inspections.services.inspections import create_inspection, delete_inspection, replace_inspection
from tests.factories import ALL_TEN_KSS, make_inspection, make_provider

pytestmark = pytest.mark.django_db


def stored(inspection):
    inspection.refresh_from_db()
    return {name: getattr(inspection, name) for name in league_fields.STORED_FIELDS}


def test_a_new_inspection_stores_its_score_band_and_standards_recorded(kss_input):
    inspection = create_inspection(kss_input())
    assert stored(inspection) == {
        "standards_recorded": 10,
        "score": 15,
        "score_band": "Requires improvement",
        "is_latest_in_round": True,
        "is_latest_rated": True,
        "previous_rated_id": None,
        "movement": "",
    }


def test_no_score_unless_every_standard_is_rated(kss_input):
    ratings = dict(ALL_TEN_KSS)
    del ratings["2.3"]
    inspection = create_inspection(kss_input(ratings=ratings))
    assert stored(inspection)["standards_recorded"] == 9
    assert stored(inspection)["score"] is None
    assert stored(inspection)["score_band"] == ""


def test_a_later_inspection_moves_the_latest_flags_and_records_the_movement(kss_input):
    first = create_inspection(kss_input())
    second_round = InspectionRound.objects.get(slug="2019-20")
    later = create_inspection(
        kss_input(published_on="2020-03-01", overall_rating="Good", inspection_round=second_round, ratings={})
    )
    assert stored(first)["is_latest_rated"] is False
    assert stored(first)["is_latest_in_round"] is True  # still the latest of its own round
    assert stored(later)["is_latest_rated"] is True
    assert stored(later)["previous_rated_id"] == first.id
    assert stored(later)["movement"] == "improved"


def test_a_later_not_rated_inspection_does_not_displace_the_latest_rated(kss_input):
    rated = create_inspection(kss_input())
    not_rated = create_inspection(kss_input(published_on="2020-03-01", overall_rating="Not rated", ratings={}))
    assert stored(rated)["is_latest_rated"] is True
    assert stored(not_rated)["is_latest_rated"] is False
    assert stored(not_rated)["movement"] == ""


def test_deleting_the_latest_makes_the_earlier_one_latest_again(kss_input):
    first = create_inspection(kss_input())
    later = create_inspection(kss_input(published_on="2020-03-01", overall_rating="Good", ratings={}))
    delete_inspection(later)
    assert stored(first)["is_latest_rated"] is True


def test_moving_an_inspection_to_another_provider_recomputes_both(kss_input, crc):
    other = make_provider("Other CRC")
    first = create_inspection(kss_input())
    later = create_inspection(kss_input(published_on="2020-03-01", overall_rating="Good", ratings={}))
    replace_inspection(later, kss_input(provider=other, published_on="2020-03-01", overall_rating="Good", ratings={}))
    assert stored(first)["is_latest_rated"] is True
    assert stored(later)["is_latest_rated"] is True
    assert stored(later)["previous_rated_id"] is None


def test_the_command_repairs_values_written_around_the_write_path(frameworks, capsys):
    inspection = make_inspection(make_provider(), ratings=ALL_TEN_KSS)
    Inspection.objects.update(score=None, is_latest_rated=False, standards_recorded=0)

    call_command("recompute_league_fields")

    assert stored(inspection)["score"] == 15
    assert stored(inspection)["is_latest_rated"] is True
    assert "1 changed" in capsys.readouterr().out
    call_command("recompute_league_fields")
    assert "0 changed" in capsys.readouterr().out


def test_recomputing_leaves_updated_at_alone(frameworks):
    inspection = make_inspection(make_provider(), ratings=ALL_TEN_KSS)
    before = Inspection.objects.get(pk=inspection.pk).updated_at
    Inspection.objects.update(score=None)
    league_fields.refresh_all()
    assert Inspection.objects.get(pk=inspection.pk).updated_at == before


def test_the_real_data_is_consistent_after_loading(real_data):
    assert league_fields.refresh_all() == 0
    assert Inspection.objects.latest_rated_per_provider().count() == 28
    assert Inspection.objects.latest_in_round("2019-20").count() == 10
