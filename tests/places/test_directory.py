"""The councils and police force areas built from the ONS packages."""

import pytest
from django.core.management import call_command

from places.models import Council, DirectoryVersion, PoliceForceArea

pytestmark = pytest.mark.django_db


def test_every_district_of_the_postcode_directory_is_a_named_council(places):
    assert Council.objects.count() == 318
    assert Council.objects.filter(country="Wales").count() == 22
    assert PoliceForceArea.objects.count() == 43
    assert set(Council.objects.values_list("name", flat=True)) >= {
        "Brighton and Hove",
        "Cumberland",
        "Westmorland and Furness",
        "North Yorkshire",
        "Somerset",
        "Bristol",
        "Kingston upon Hull",
        "St Helens",
    }
    assert Council.objects.get(name="Bristol").ons_name == "Bristol, City of"
    assert Council.objects.get(code="E06000066").name_source.startswith("https://www.legislation.gov.uk/")


def test_each_council_lies_in_one_police_force_area(places):
    assert not Council.objects.filter(police_force_area=None).exists()
    assert Council.objects.get(name="Brighton and Hove").police_force_area.name == "Sussex"
    assert Council.objects.get(name="Cardiff").police_force_area.name == "South Wales"
    assert Council.objects.get(name="Cumberland").police_force_area.name == "Cumbria"
    # Nearly every sampled postcode of a council falls in its area; the 500 m generalised, coast-clipped boundaries
    # miss a share of the smallest (the City of London) and of seafronts and islands (Blackpool, Worthing, Scilly).
    assert Council.objects.filter(police_force_area_share__lt=0.95).count() <= 4
    assert Council.objects.filter(police_force_area_share__lt=0.75).count() == 0


def test_building_again_with_the_same_package_changes_nothing(places, capsys):
    before = DirectoryVersion.objects.get().built_at
    call_command("build_places")
    assert "nothing to do" in capsys.readouterr().out
    assert DirectoryVersion.objects.get().built_at == before
