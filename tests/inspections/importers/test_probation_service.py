"""The Probation Service era from its published files: every unit and inspection, nothing invented, twice is once."""

import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inspections.importers.probation_service import ImportFault, import_probation_service, source_dir
from inspections.models import ChangeRecord, Framework, Inspection, InspectionRound, StandardRating
from providers.models import OwnershipPeriod, Provider, ProviderAlias, Succession

pytestmark = pytest.mark.django_db


def test_a_database_holding_the_crc_era_gets_every_unit_and_inspection_and_a_second_import_changes_nothing(real_data):
    before = Inspection.objects.count()
    result = import_probation_service()
    assert result.units.regions == 12
    assert result.units.pdus == 111  # 109 current PDUs and two that no longer exist
    assert result.inspections.added == 91
    assert Inspection.objects.count() == before + 91
    assert Provider.objects.filter(provider_type="pdu", region__isnull=True).count() == 0

    # /changes/ lists what it added, as for an editor's CSV import: each unit and inspection.
    assert ChangeRecord.objects.filter(subject="inspection").count() == 91
    assert ChangeRecord.objects.filter(subject="provider").count() == 124  # 12 regions, 111 PDUs, the national unit

    again = import_probation_service()
    assert (again.frameworks_added, again.units.added, again.inspections.added) == (0, 0, 0)
    assert again.inspections.unchanged == 91
    assert Inspection.objects.count() == before + 91


def test_frameworks_have_no_published_scoring_rule_and_no_invented_numbers(both_eras):
    for slug, standards in {"pdu-2021": 9, "pdu-2023": 7, "region-2023": 8, "national-2025": 0, "dipp-2025": 0}.items():
        framework = Framework.objects.get(slug=slug)
        assert framework.standards.count() == standards
        assert not framework.bands.exists()
        assert not framework.standards.exclude(code="").exists()
    assert set(InspectionRound.objects.filter(era="probation-service").values_list("slug", flat=True)) == {
        "2021-23",
        "2023-25",
        "dipp-2025",
    }


def test_values_are_stored_as_the_sources_give_them(both_eras):
    hammersmith = Inspection.objects.get(provider__slug="hammersmith-fulham-kensington-chelsea-and-westminster-pdu")
    assert hammersmith.points_stated == "0/27"
    assert hammersmith.score is None  # no published rule turns points into a score
    ratings = StandardRating.objects.filter(inspection=hammersmith)
    assert ratings.count() == 9 and all(rating.derived for rating in ratings)

    undated = Inspection.objects.filter(framework__slug__startswith=("pdu"), published_on__isnull=True)
    assert undated.count() == 20
    assert Inspection.objects.filter(published_on__isnull=True).count() == 23
    dipp = Inspection.objects.filter(framework__slug="dipp-2025")
    assert set(dipp.values_list("overall_rating", flat=True)) == {"Not rated"}
    assert all(dipp.values_list("overall_rating_derived", flat=True))


def test_aliases_join_inspections_to_their_unit_and_the_crc_era_is_closed(both_eras):
    gateshead = Provider.objects.get(slug="gateshead-and-south-tyneside-pdu")
    assert ProviderAlias.objects.filter(provider=gateshead, name="South Tyneside and Gateshead").exists()
    assert gateshead.inspections.count() == 2
    assert not OwnershipPeriod.objects.filter(ended_on__isnull=True).exists()
    kss = Provider.objects.get(slug="kss-crc")
    assert kss.ceased and kss.ceased_label == "26 June 2021"
    successors = set(Succession.objects.filter(predecessor=kss).values_list("successor__slug", flat=True))
    assert {"kent-surrey-and-sussex-region", "west-kent-pdu", "brighton-and-east-sussex-pdu"} <= successors
    tameside = Provider.objects.get(slug="tameside-pdu")
    assert tameside.ceased
    assert Succession.objects.filter(predecessor=tameside, successor__slug="stockport-and-tameside-pdu").exists()


def test_a_file_with_faults_in_several_rows_is_refused_whole_with_every_fault(real_data, tmp_path):
    for path in source_dir().iterdir():
        shutil.copy(path, tmp_path / path.name)
    inspections = tmp_path / "inspections_2022_2026.csv"
    text = inspections.read_text(encoding="utf-8")
    text = text.replace(
        "Swansea Neath Port Talbot PDU,pdu,Wales,pdu-2021,2022-01", "Nowhere PDU,pdu,Wales,pdu-2021,2022-13", 1
    )
    text = text.replace(
        "Gwent PDU,pdu,Wales,pdu-2021,2022-02,first,Requires improvement",
        "Gwent PDU,pdu,Wales,pdu-2021,2022-02,first,Rather good",
        1,
    )
    inspections.write_text(text, encoding="utf-8")
    before = Inspection.objects.count()
    with pytest.raises(ImportFault) as refused:
        import_probation_service(tmp_path)
    faults = "\n".join(refused.value.faults)
    assert "inspections_2022_2026.csv row 2: unit_name: no unit 'Nowhere PDU' in the Wales region." in faults
    assert "inspections_2022_2026.csv row 2: published '2022-13' is not a real date" in faults
    assert "inspections_2022_2026.csv row 3: overall_rating 'Rather good' is not a rating." in faults
    assert Inspection.objects.count() == before
    assert not Provider.objects.filter(provider_type="region").exists()  # all or nothing

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_probation_service", directory=str(tmp_path))
