"""Deleting a provider, owner or ownership period in the admin is recorded like any other change."""

import datetime

import pytest
from django.urls import reverse
from reversion.models import Version

from inspections.models import ChangeRecord
from providers.models import Owner, OwnershipPeriod, Provider
from tests.factories import make_owner, make_provider

pytestmark = pytest.mark.django_db


def delete(admin_client, model_name, pk):
    return admin_client.post(reverse(f"admin:providers_{model_name}_delete", args=[pk]), {"post": "yes"})


def test_deleting_a_provider_is_a_public_removal_with_a_restorable_revision(admin_client, admin_user):
    owner = make_owner("Seetec")
    provider = make_provider("Test CRC", name="Test Community Rehabilitation Company")
    OwnershipPeriod.objects.create(provider=provider, owner=owner, started_on=datetime.date(2019, 2, 1))

    assert delete(admin_client, "provider", provider.pk).status_code == 302

    assert not Provider.objects.filter(pk=provider.pk).exists()
    record = ChangeRecord.objects.get()
    assert (record.kind, record.subject, record.summary) == ("removal", "provider", "Test CRC")
    assert "Removed: Name: Test Community Rehabilitation Company" in record.details
    assert any(line.startswith("Removed with it: ownership period: owned by Seetec") for line in record.details)
    assert record.revision.user == admin_user
    # Both rows can be brought back from the revision.
    deleted = {version.object_repr for version in Version.objects.get_deleted(Provider)}
    assert deleted == {"Test CRC"}
    assert Version.objects.get_deleted(OwnershipPeriod).count() == 1
    record.revision.revert()
    assert Provider.objects.get(pk=provider.pk).name == "Test Community Rehabilitation Company"
    assert OwnershipPeriod.objects.filter(provider_id=provider.pk, owner=owner).exists()


def test_deleting_an_owner_is_recorded(admin_client):
    owner = make_owner("Unused Holdings", notes="Never owned a CRC")
    assert delete(admin_client, "owner", owner.pk).status_code == 302
    assert not Owner.objects.exists()
    record = ChangeRecord.objects.get()
    assert (record.kind, record.subject, record.summary) == ("removal", "owner", "Unused Holdings")
    assert Version.objects.get_deleted(Owner).get().object_repr == "Unused Holdings"


def test_deleting_an_ownership_period_is_recorded(admin_client):
    provider, owner = make_provider("Test CRC"), make_owner("Seetec")
    period = OwnershipPeriod.objects.create(provider=provider, owner=owner, started_on=datetime.date(2019, 2, 1))
    assert delete(admin_client, "ownershipperiod", period.pk).status_code == 302
    record = ChangeRecord.objects.get()
    assert (record.kind, record.subject, record.provider_id) == ("removal", "ownership period", provider.pk)
    assert "Removed: Owner: Seetec" in record.details


def test_bulk_deletion_from_the_list_records_each(admin_client):
    first, second = make_owner("First Owner"), make_owner("Second Owner")
    response = admin_client.post(
        reverse("admin:providers_owner_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Owner.objects.exists()
    assert sorted(ChangeRecord.objects.values_list("summary", flat=True)) == ["First Owner", "Second Owner"]


def test_deletions_show_on_the_public_list_of_changes(admin_client, client):
    owner = make_owner("Unused Holdings")
    delete(admin_client, "owner", owner.pk)
    page = client.get("/changes/?kind=removal").content.decode()
    assert "Unused Holdings" in page
