"""Loading the real data keeps a baseline revision, so the state before any later removal can be restored."""

import pytest
from django.core.management import call_command
from reversion.models import Revision, Version

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

    deleted = Version.objects.get_deleted(Inspection).get(object_id=str(pk))
    assert deleted.revision.comment.startswith("Baseline")
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
