"""Providers, owners and ownership periods written through providers' services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from reversion.models import Version

from providers.models import OwnershipPeriod, Provider
from providers.services import (
    CREATED,
    UNCHANGED,
    UPDATED,
    create_or_update_owner,
    create_or_update_ownership_period,
    create_or_update_provider,
    delete_provider,
)
from providers.signals import provider_data_deleting, provider_data_saved
from tests.factories import make_owner, make_provider

pytestmark = pytest.mark.django_db


def test_create_or_update_provider_is_idempotent(frameworks):
    provider, action = create_or_update_provider(
        short_name="Staffs & West Midlands CRC", name="Staffordshire and West Midlands CRC", provider_type="crc"
    )
    assert (provider.slug, action) == ("staffs-west-midlands-crc", CREATED)

    again, action = create_or_update_provider(
        short_name="Staffs & West Midlands CRC", name="Staffordshire and West Midlands CRC", provider_type="crc"
    )
    assert (again.pk, action) == (provider.pk, UNCHANGED)

    _, action = create_or_update_provider(
        short_name="Staffs & West Midlands CRC",
        name="Staffordshire and West Midlands CRC",
        provider_type="crc",
        area="Birmingham",
    )
    assert action == UPDATED
    assert Provider.objects.get().area == "Birmingham"


def test_provider_type_must_be_known(db):
    with pytest.raises(ValidationError) as error:
        create_or_update_provider(short_name="X", name="X CRC", provider_type="prison")
    assert "provider_type" in error.value.message_dict
    assert not Provider.objects.exists()


def test_create_or_update_owner(db):
    owner, action = create_or_update_owner(name="National Probation Service", is_public_sector=True)
    assert (owner.slug, owner.is_public_sector, action) == ("national-probation-service", True, CREATED)
    _, action = create_or_update_owner(name="National Probation Service", is_public_sector=True)
    assert action == UNCHANGED


def test_ownership_period_rules(db):
    provider = make_provider("DDC CRC")
    owner = make_owner("Working Links")

    period, action = create_or_update_ownership_period(
        provider=provider, owner=owner, ended_on="2019-02", source_url="https://www.russellwebster.com/wlinksrip/"
    )
    assert action == CREATED
    assert period.started_on is None
    assert (period.ended_on, period.ended_on_precision) == (datetime.date(2019, 2, 1), "month")
    _, action = create_or_update_ownership_period(
        provider=provider, owner=owner, ended_on="2019-02", source_url="https://www.russellwebster.com/wlinksrip/"
    )
    assert action == UNCHANGED

    with pytest.raises(ValidationError) as error:
        create_or_update_ownership_period(
            provider=provider, owner=owner, started_on="2019-03", ended_on="2019-02", source_url="nope"
        )
    assert {"ended_on", "source_url"} <= set(error.value.message_dict)
    assert OwnershipPeriod.objects.count() == 1


# Bidi overrides and isolates, zero-width characters, a byte-order mark and a C0 control: all invisible.
INVISIBLE = "\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\ufeff\x07"


def test_invisible_and_bidi_controls_are_stripped_from_provider_and_owner_names(db):
    provider, _ = create_or_update_provider(
        short_name="KSS\u202e CRC", name="Kent\u2066 Surrey\u2069 and Sussex\u200b CRC", provider_type="crc"
    )
    owner, _ = create_or_update_owner(name="\u202eSeetec" + INVISIBLE, notes="owns\u200f three")
    provider.refresh_from_db()
    owner.refresh_from_db()
    assert (provider.short_name, provider.name) == ("KSS CRC", "Kent Surrey and Sussex CRC")
    assert (owner.name, owner.notes, owner.slug) == ("Seetec", "owns three", "seetec")


def test_a_name_of_invisible_characters_only_is_refused(db):
    with pytest.raises(ValidationError) as refused:
        create_or_update_owner(name=INVISIBLE)
    assert refused.value.message_dict == {"name": ["Enter the owner's name."]}


@pytest.fixture
def failing_receiver():
    """Connect a receiver that fails, as a change record that cannot be stored would."""
    connected = []

    def connect(signal):
        def fail(sender, **kwargs):
            raise RuntimeError("the change could not be recorded")

        signal.connect(fail, weak=False, dispatch_uid="test-failing-receiver")
        connected.append(signal)

    yield connect
    for signal in connected:
        signal.disconnect(dispatch_uid="test-failing-receiver")


def test_a_save_whose_change_cannot_be_recorded_stores_nothing(failing_receiver):
    failing_receiver(provider_data_saved)
    with pytest.raises(RuntimeError):
        create_or_update_provider(short_name="Test CRC", name="Test CRC Ltd", provider_type="crc")
    assert not Provider.objects.exists()
    assert not Version.objects.exists()


def test_a_deletion_whose_removal_cannot_be_recorded_deletes_nothing(failing_receiver):
    provider = make_provider("Test CRC")
    create_or_update_ownership_period(provider=provider, owner=make_owner("Seetec"), started_on="2019-02")
    versions = Version.objects.count()
    failing_receiver(provider_data_deleting)
    with pytest.raises(RuntimeError):
        delete_provider(provider)
    assert Provider.objects.filter(pk=provider.pk).exists()
    assert OwnershipPeriod.objects.filter(provider=provider).count() == 1
    assert Version.objects.count() == versions
