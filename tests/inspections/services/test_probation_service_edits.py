"""Editing a Probation Service inspection through the services keeps every rating of its unnumbered standards."""

import pytest

from inspections.models import Inspection
from inspections.services.inputs import inspection_input
from inspections.services.inspections import replace_inspection

pytestmark = pytest.mark.django_db

HAMMERSMITH = "hammersmith-fulham-kensington-chelsea-and-westminster-pdu"


def test_re_saving_keeps_every_rating_and_its_derived_mark(both_eras):
    inspection = Inspection.objects.get(provider__slug=HAMMERSMITH)
    before = sorted(inspection.standard_ratings.values_list("standard__slug", "rating", "derived"))
    assert len(before) == 9 and all(derived for _, _, derived in before)

    data = inspection_input(inspection)
    data.caseload_as_reported = "about 2,000"
    replace_inspection(inspection, data)

    assert sorted(inspection.standard_ratings.values_list("standard__slug", "rating", "derived")) == before


def test_a_changed_rating_is_the_editor_s_not_derived(both_eras):
    inspection = Inspection.objects.get(provider__slug=HAMMERSMITH)
    data = inspection_input(inspection)
    data.ratings["leadership"] = "Requires improvement"
    replace_inspection(inspection, data)

    ratings = {
        slug: (rating, derived)
        for slug, rating, derived in inspection.standard_ratings.values_list("standard__slug", "rating", "derived")
    }
    assert ratings["leadership"] == ("Requires improvement", False)
    assert ratings["staff"] == ("Inadequate", True)
    assert len(ratings) == 9
