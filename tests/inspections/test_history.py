"""Every write through the services is recorded: who and when (django-reversion), and what, in words."""

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from reversion.models import Version

from dashboard.cache import current_generation
from inspections.models import ChangeRecord, Framework, Inspection, InspectionRound
from inspections.services.inputs import InspectionInput
from inspections.services.inspections import create_inspection, delete_inspection, replace_inspection, save_inspection
from providers.models import Owner, Provider
from providers.services import (
    UNCHANGED,
    create_or_update_owner,
    create_or_update_ownership_period,
    create_or_update_provider,
)
from tests.factories import ALL_TEN_KSS, make_inspection, make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def crc(frameworks):
    return make_provider("KSS CRC", name="Kent, Surrey and Sussex Community Rehabilitation Company")


def kss(crc, **changes):
    values = dict(
        provider=crc,
        framework=Framework.objects.get(slug="crc-2018"),
        inspection_round=InspectionRound.objects.get(slug="2018-19"),
        published_on="2019-06-19",
        overall_rating="Requires improvement",
        ratings=dict(ALL_TEN_KSS),
        key_question_results=[{"code": "2.1.3", "percent_yes": 49, "cases_inspected": 132}],
        facts=[{"metric": "Individuals supervised", "unit": "count", "provider_value": 8652}],
        recommendations=[{"text": "improve the quality of assessment"}],
    )
    values.update(changes)
    return InspectionInput(**values)


def test_a_new_inspection_is_an_addition_with_its_revision(crc, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x")
    with reversion.create_revision():
        reversion.set_user(editor)
        inspection = create_inspection(kss(crc))

    record = ChangeRecord.objects.get()
    assert record.kind == "addition"
    assert record.subject == "inspection"
    assert record.inspection == inspection
    assert record.provider == crc
    assert record.summary == "KSS CRC: inspection published 19 June 2019"
    assert "Overall rating: Requires improvement" in record.details
    assert "Standards rated: 10" in record.details
    assert record.revision.user == editor
    assert record.changed_at == record.revision.date_created
    # The revision keeps the whole inspection: its ratings and results as well.
    versions = Version.objects.filter(revision=record.revision)
    assert versions.get_for_object(inspection).count() == 1
    assert {version.content_type.model for version in versions} >= {
        "inspection",
        "standardrating",
        "keyquestionresult",
        "contextualfact",
        "recommendation",
    }
    assert versions.filter(content_type__model="standardrating").count() == 10


def test_filling_a_blank_rating_is_an_addition_changing_one_is_a_correction(crc):
    ratings = dict(ALL_TEN_KSS)
    del ratings["2.3"]
    inspection = create_inspection(kss(crc, ratings=ratings))

    replace_inspection(inspection, kss(crc))
    filled = ChangeRecord.objects.newest_first().first()
    assert filled.kind == "addition"
    assert filled.details == ["2.3 rating: not recorded → Inadequate"]

    replace_inspection(
        inspection,
        kss(
            crc,
            ratings={**ALL_TEN_KSS, "2.4": "Inadequate"},
            key_question_results=[{"code": "2.1.3", "percent_yes": 50, "cases_inspected": 132}],
        ),
    )
    corrected = ChangeRecord.objects.newest_first().first()
    assert corrected.kind == "correction"
    assert corrected.details == [
        "2.4 rating: Requires improvement → Inadequate",
        "2.1.3: 49% yes of 132 cases → 50% yes of 132 cases",
    ]
    assert ChangeRecord.objects.count() == 3


def test_an_unchanged_save_records_nothing(crc):
    create_inspection(kss(crc))
    inspection, action = save_inspection(kss(crc))
    assert action == UNCHANGED
    assert ChangeRecord.objects.count() == 1


def test_a_refused_save_records_nothing(crc):
    with pytest.raises(ValidationError):
        create_inspection(kss(crc, ratings={"2.3": "Poor"}))
    assert ChangeRecord.objects.count() == 0
    assert not Version.objects.exists()


def test_removals_and_children_are_described(crc):
    inspection = create_inspection(kss(crc, source_urls=["https://example.org/a"]))
    replace_inspection(
        inspection,
        kss(
            crc,
            source_urls=["https://example.org/b"],
            facts=[],
            recommendations=[{"text": "improve the quality of assessment and planning"}],
            overall_rating="",
        ),
    )
    record = ChangeRecord.objects.newest_first().first()
    assert record.kind == "correction"
    assert record.details == [
        "Overall rating: Requires improvement → not recorded",
        "Fact 'Individuals supervised': provider 8652 → not recorded",
        "Recommendation 1 reworded: improve the quality of assessment and planning",
        "Source added: https://example.org/b",
        "Source removed: https://example.org/a",
    ]


def test_deleting_an_inspection_is_recorded_as_a_removal(crc):
    inspection = create_inspection(kss(crc))
    delete_inspection(inspection)
    assert not Inspection.objects.exists()
    record = ChangeRecord.objects.newest_first().first()
    assert record.kind == "removal"
    assert record.inspection is None
    assert record.provider == crc
    assert record.summary == "KSS CRC: inspection published 19 June 2019"


def test_provider_owner_and_period_writes_are_recorded(frameworks):
    provider, _ = create_or_update_provider(short_name="Test CRC", name="Test CRC Ltd", provider_type="crc")
    create_or_update_provider(short_name="Test CRC", name="Test Community CRC", provider_type="crc")
    owner, _ = create_or_update_owner(name="Seetec")
    create_or_update_ownership_period(provider=provider, owner=owner, started_on="2019-02")
    records = list(ChangeRecord.objects.order_by("id").values_list("subject", "kind", "details"))
    assert records[0][:2] == ("provider", "addition")
    assert records[1] == ("provider", "correction", ["Name: Test CRC Ltd → Test Community CRC"])
    assert records[2][:2] == ("owner", "addition")
    assert records[3] == (
        "ownership period",
        "addition",
        ["Owner: Seetec", "Period: from February 2019 (end not recorded)"],
    )


def test_every_service_write_makes_public_pages_stale_after_commit(crc, django_capture_on_commit_callbacks):
    """Child rows are written with bulk_create (no signals), yet each write bumps the cache generation."""
    with django_capture_on_commit_callbacks(execute=True):
        inspection = create_inspection(kss(crc))
    generation = current_generation()

    # Only a key-question result changes: a bulk-created child row.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        replace_inspection(
            inspection, kss(crc, key_question_results=[{"code": "2.1.3", "percent_yes": 51, "cases_inspected": 132}])
        )
    assert callbacks
    assert current_generation() > generation

    generation = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        delete_inspection(inspection)
    assert current_generation() > generation

    generation = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        make_inspection(make_provider(), ratings={"1.1": "Good"})
        create_or_update_owner(name="Another owner")
    assert current_generation() > generation


def test_only_the_published_models_are_versioned():
    assert reversion.is_registered(Inspection)
    assert not reversion.is_registered(get_user_model())
    assert not reversion.is_registered(Framework)


# --------------------------------------------------------------------------
# Change records in the admin: never deleted; a removal restored is recorded
# --------------------------------------------------------------------------

CHANGE_RECORDS = "/admin/inspections/changerecord/"


def restore(admin_client, *records):
    return admin_client.post(
        CHANGE_RECORDS,
        {"action": "restore_removals", "_selected_action": [record.pk for record in records]},
        follow=True,
    )


def test_administrators_cannot_delete_change_records(admin_client, crc):
    create_inspection(kss(crc))
    record = ChangeRecord.objects.get()

    assert admin_client.get(f"{CHANGE_RECORDS}{record.pk}/delete/").status_code == 403
    assert admin_client.post(f"{CHANGE_RECORDS}{record.pk}/delete/", {"post": "yes"}).status_code == 403
    changelist = admin_client.get(CHANGE_RECORDS).content.decode()
    assert 'value="delete_selected"' not in changelist
    assert 'value="restore_removals"' in changelist
    admin_client.post(CHANGE_RECORDS, {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"})
    assert ChangeRecord.objects.filter(pk=record.pk).exists()


def test_restoring_a_removed_provider_brings_it_back_with_its_periods_and_is_recorded(admin_client, admin_user, client):
    owner, _ = create_or_update_owner(name="Seetec")
    provider, _ = create_or_update_provider(short_name="Test CRC", name="Test CRC Ltd", provider_type="crc")
    create_or_update_ownership_period(provider=provider, owner=owner, started_on="2019-02")
    admin_client.post(f"/admin/providers/provider/{provider.pk}/delete/", {"post": "yes"})
    removal = ChangeRecord.objects.get(kind="removal")

    page = restore(admin_client, removal).content.decode()
    assert "Restored: Test CRC. The public pages show it now." in page
    restored = Provider.objects.get(pk=provider.pk)
    assert restored.name == "Test CRC Ltd"
    assert restored.ownership_periods.get().owner == owner
    record = ChangeRecord.objects.newest_first().first()
    assert (record.kind, record.subject, record.summary) == ("addition", "provider", "Restored: Test CRC")
    assert "Restored: Name: Test CRC Ltd" in record.details
    assert any(line.startswith("Restored with it: ownership period: owned by Seetec") for line in record.details)
    assert record.provider == restored
    assert record.revision.user == admin_user
    assert Version.objects.filter(revision=record.revision).get_for_model(Provider).count() == 1
    changes = client.get("/changes/?kind=addition").content.decode()
    assert "Restored: Test CRC" in changes


def test_restoring_a_removed_inspection_keeps_its_provider_as_it_is_now(admin_client, crc):
    inspection = create_inspection(kss(crc))
    pk = inspection.pk
    delete_inspection(inspection)
    create_or_update_provider(short_name="KSS CRC", name="Kent, Surrey and Sussex CRC", provider_type="crc")
    removal = ChangeRecord.objects.get(kind="removal")

    restore(admin_client, removal)
    restored = Inspection.objects.get(pk=pk)
    assert restored.standard_ratings.count() == 10
    assert restored.key_question_results.get().percent_yes == 49
    assert restored.is_latest_rated and restored.score is not None  # the league fields are computed again
    assert Provider.objects.get(pk=crc.pk).name == "Kent, Surrey and Sussex CRC"  # not set back by the revision
    record = ChangeRecord.objects.newest_first().first()
    assert (record.kind, record.inspection_id) == ("addition", pk)
    assert record.summary == "Restored: KSS CRC: inspection published 19 June 2019"


def test_a_removal_restored_already_or_no_removal_restores_nothing(admin_client):
    owner, _ = create_or_update_owner(name="Unused Holdings")
    admin_client.post(f"/admin/providers/owner/{owner.pk}/delete/", {"post": "yes"})
    removal = ChangeRecord.objects.get(kind="removal")
    restore(admin_client, removal)
    records = ChangeRecord.objects.count()

    page = restore(admin_client, removal).content.decode()
    assert "Nothing to restore" in page
    addition = ChangeRecord.objects.get(kind="addition", summary="Unused Holdings")
    page = restore(admin_client, addition).content.decode()
    assert "Only a removal that kept its revision can be restored." in page
    assert ChangeRecord.objects.count() == records
    assert Owner.objects.filter(name="Unused Holdings").count() == 1


def test_a_removal_that_no_longer_fits_restores_nothing(admin_client):
    owner, _ = create_or_update_owner(name="Unused Holdings")
    admin_client.post(f"/admin/providers/owner/{owner.pk}/delete/", {"post": "yes"})
    create_or_update_owner(name="Unused Holdings")  # another owner, same name and address, added since
    records = ChangeRecord.objects.count()

    page = restore(admin_client, ChangeRecord.objects.get(kind="removal")).content.decode()
    assert "cannot be restored: what it removed no longer fits what is stored" in page
    assert ChangeRecord.objects.count() == records
    assert Owner.objects.count() == 1
