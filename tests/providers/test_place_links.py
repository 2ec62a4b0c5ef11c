"""Providers linked to the councils and police force areas they cover, checked against the geography."""

import csv

import pytest
from django.core.management import call_command

from places.models import Council
from providers.models import ProviderPoliceForceArea, UnitCouncil
from providers.place_links import PlaceLinkFault, council_area_disagreements, link_providers_to_places, units_file

pytestmark = pytest.mark.django_db


def test_every_council_is_covered_by_a_pdu_and_by_a_provider_of_2018_20(both_eras_with_places):
    assert Council.objects.count() == 318
    assert not Council.objects.filter(unit_links=None).exists()
    crc_era = ProviderPoliceForceArea.objects.filter(provider__provider_type__in=["crc", "nps"])
    assert set(crc_era.values_list("police_force_area", flat=True)) == set(
        Council.objects.values_list("police_force_area", flat=True)
    )


def test_each_councils_police_force_area_agrees_with_the_stated_links(both_eras_with_places):
    """A council's police force area, found from its postcodes, is one of the areas of every PDU said to cover it."""
    assert council_area_disagreements() == []


def test_the_three_split_cities_name_every_pdu_they_may_belong_to(both_eras_with_places):
    with open(units_file(), newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for city in ["Birmingham", "Liverpool", "Manchester"]:
        stated = {f"{row['unit_name']} PDU" for row in rows if city in row["local_authorities"].split(" ; ")}
        linked = set(UnitCouncil.objects.filter(council__name=city).values_list("unit__short_name", flat=True))
        assert len(linked) >= 2 and linked == stated, city


def test_linking_again_changes_nothing(both_eras_with_places):
    before = UnitCouncil.objects.count(), ProviderPoliceForceArea.objects.count()
    assert link_providers_to_places() == 0
    call_command("load_real_data_if_empty", verbosity=0)
    assert (UnitCouncil.objects.count(), ProviderPoliceForceArea.objects.count()) == before


def test_a_name_that_matches_nothing_is_a_fault_and_nothing_is_linked(places, both_eras, tmp_path):
    units = tmp_path / "units.csv"
    units.write_text(
        "unit_name,unit_type,region,local_authorities,local_authorities_basis,pfa_codes\n"
        "Brighton and East Sussex,pdu,Kent Surrey and Sussex,Brighton and Hove ; Atlantis,stated ; stated,E23000033\n"
        "Nowhere,pdu,Kent Surrey and Sussex,Lewes,stated,E99999999\n",
        encoding="utf-8",
    )
    UnitCouncil.objects.all().delete()
    with pytest.raises(PlaceLinkFault) as fault:
        link_providers_to_places(units_path=units)
    assert "no council is called 'Atlantis'" in str(fault.value)
    assert "no provider is called 'Nowhere PDU'" in str(fault.value)
    assert not UnitCouncil.objects.exists()
