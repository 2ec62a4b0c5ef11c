"""Loading the real data keeps a baseline revision, so the state before any later removal can be restored."""

import io

import pytest
from django.core.management import call_command
from reversion.models import Revision, Version

from inspections.importers.probation_service import import_probation_service
from inspections.models import ChangeRecord, Inspection, StandardRating
from inspections.services.inspections import delete_inspection
from providers.models import Owner, Provider

pytestmark = pytest.mark.django_db


def test_loading_the_data_keeps_every_object_in_one_baseline_revision():
    call_command("load_real_data_if_empty", stdout=None)
    baseline = Revision.objects.get()
    assert baseline.comment.startswith("Baseline")
    versions = Version.objects.filter(revision=baseline)
    assert Inspection.objects.count() >= 28
    assert versions.get_for_model(Inspection).count() == Inspection.objects.count()
    assert versions.get_for_model(Provider).count() == Provider.objects.count()
    assert versions.get_for_model(Owner).count() == Owner.objects.count()
    assert versions.get_for_model(StandardRating).count() == StandardRating.objects.count()
    assert not ChangeRecord.objects.exists()  # the list of changes starts after the load


def test_a_removed_inspection_comes_back_whole_from_the_baseline():
    call_command("load_real_data_if_empty", stdout=None)
    inspection = Inspection.objects.filter(provider__short_name="KSS CRC").earliest("published_on")
    pk, ratings = inspection.pk, sorted(inspection.standard_ratings.values_list("standard_id", "rating"))
    delete_inspection(inspection)
    assert not Inspection.objects.filter(pk=pk).exists()

    deleted = Version.objects.get_for_object_reference(Inspection, pk).get(revision__comment__startswith="Baseline")
    deleted.revert()
    for version in Version.objects.filter(revision=deleted.revision).get_for_model(StandardRating):
        if version.field_dict["inspection_id"] == pk:
            version.revert()
    restored = Inspection.objects.get(pk=pk)
    assert sorted(restored.standard_ratings.values_list("standard_id", "rating")) == ratings


def test_a_second_run_loads_nothing_and_adds_no_revision():
    call_command("load_real_data_if_empty", stdout=None)
    call_command("load_real_data_if_empty", stdout=None)
    assert Revision.objects.count() == 1


def test_the_loaded_probation_service_era_is_what_its_import_gives():
    call_command("load_real_data_if_empty", stdout=None)
    assert Provider.objects.filter(provider_type="region").count() == 12
    assert Provider.objects.filter(provider_type="pdu").count() == 111
    assert Inspection.objects.count() == 38 + 91  # the CRC era's two rounds and the Probation Service era
    again = import_probation_service()
    assert (again.frameworks_added, again.units.added, again.inspections.added, again.ownership_closed) == (0, 0, 0, 0)
    assert again.inspections.unchanged == 91


def test_the_shipped_fixtures_are_built_from_the_source_files():
    out = io.StringIO()
    call_command("build_fixtures", "--check", stdout=out)
    assert "match the source files" in out.getvalue()
