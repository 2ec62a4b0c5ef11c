"""Who reaches the admin, and what the Editor group may do there; login is throttled."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from inspections.models import ChangeRecord
from providers.models import OwnershipPeriod, Provider
from tests.factories import make_owner, make_provider

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "a long editor passphrase"


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_group_changelist"),
        reverse("admin:inspections_framework_changelist"),
        reverse("admin:inspections_framework_add"),
        reverse("admin:inspections_keyquestion_changelist"),
        reverse("admin:inspections_inspectionround_changelist"),
        reverse("admin:inspections_changerecord_changelist"),
    ],
)
def test_an_editor_cannot_reach_users_groups_or_frameworks(editor_client, frameworks, url):
    assert editor_client.get(url).status_code == 403


def test_an_editor_cannot_open_a_framework_or_a_user(editor_client, frameworks, editor):
    assert editor_client.get(reverse("admin:inspections_framework_change", args=[1])).status_code == 403
    assert editor_client.get(reverse("admin:auth_user_change", args=[editor.pk])).status_code == 403


def test_the_admin_index_shows_an_editor_only_what_they_edit(editor_client, frameworks):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "Inspections" in html
    assert "Providers" in html
    assert "Frameworks" not in html
    assert "Users" not in html


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:inspections_inspection_changelist"),
        reverse("admin:inspections_inspection_add"),
        reverse("admin:inspections_inspection_import_report"),
        reverse("admin:inspections_inspection_import_csv"),
        reverse("admin:providers_provider_changelist"),
        reverse("admin:providers_owner_add"),
    ],
)
def test_an_editor_reaches_the_editing_pages(editor_client, frameworks, url):
    assert editor_client.get(url).status_code == 200


@pytest.mark.parametrize("staff", [False, True], ids=["editor-group-but-not-staff", "staff-without-group"])
def test_only_staff_in_the_editor_group_edit(client, django_user_model, editor_group, frameworks, staff):
    user = django_user_model.objects.create_user("someone", password=PASSWORD, is_staff=staff)
    if not staff:
        user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    response = client.get(reverse("admin:inspections_inspection_add"))
    if staff:
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def test_anonymous_visitors_are_sent_to_log_in(client, frameworks):
    response = client.get(reverse("admin:inspections_inspection_import_report"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_editors_cannot_delete(editor_client, frameworks):
    provider = make_provider()
    assert editor_client.get(reverse("admin:providers_provider_delete", args=[provider.pk])).status_code == 403


def login(client, password, address="127.0.0.1"):
    return client.post(LOGIN, {"username": "editor", "password": password, "next": "/admin/"}, REMOTE_ADDR=address)


def test_ten_failed_logins_lock_further_tries(client, editor, frameworks):
    for _ in range(9):
        response = login(client, "wrong guess")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    response = login(client, "wrong guess")  # the tenth
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    # Now even the right password is refused from this address, for a while.
    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert "30 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failing_logins_in_an_editors_name_does_not_lock_the_editor_out_elsewhere(client, editor, frameworks):
    attacker, editors_office = "203.0.113.9", "198.51.100.7"
    statuses = [login(client, "wrong guess", attacker).status_code for _ in range(10)]
    assert statuses[-1] == 429
    response = login(client, PASSWORD, editors_office)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)
    client.logout()
    # The attacker's address stays locked, whichever username it tries next.
    assert login(client, PASSWORD, attacker).status_code == 429
    response = client.post(LOGIN, {"username": "admin", "password": "x", "next": "/admin/"}, REMOTE_ADDR=attacker)
    assert response.status_code == 429


def test_a_successful_login_resets_the_count(client, editor, frameworks):
    for _ in range(9):
        login(client, "wrong guess")
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(9):
        assert login(client, "wrong guess").status_code == 200


def test_the_lockout_ends_after_the_cool_off(client, editor, frameworks, settings):
    import datetime

    from axes.models import AccessAttempt

    for _ in range(10):
        login(client, "wrong guess")
    AccessAttempt.objects.update(attempt_time=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    assert login(client, PASSWORD).status_code == 302


def test_provider_edits_go_through_the_services_and_are_recorded(editor_client, editor, frameworks):
    provider = make_provider("Test CRC", name="Test CRC Ltd")
    url = reverse("admin:providers_provider_change", args=[provider.pk])
    response = editor_client.post(
        url,
        {
            "stored_snapshot": editor_client.get(url).context["adminform"].form["stored_snapshot"].value(),
            "name": "Test Community Rehabilitation Company",
            "short_name": "Test CRC",
            "slug": provider.slug,
            "provider_type": "crc",
            "area": "Testshire",
            "ownership_periods-TOTAL_FORMS": "0",
            "ownership_periods-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    provider.refresh_from_db()
    assert provider.name == "Test Community Rehabilitation Company"
    assert Provider.objects.count() == 1
    record = ChangeRecord.objects.get()
    assert record.subject == "provider"
    assert "Name: Test CRC Ltd → Test Community Rehabilitation Company" in record.details
    assert record.revision.user == editor


def test_an_ownership_period_the_services_refuse_is_shown_not_a_500(editor_client, frameworks):
    provider, owner = make_provider(), make_owner("Seetec")
    response = editor_client.post(
        reverse("admin:providers_ownershipperiod_add"),
        {
            "provider": provider.pk,
            "owner": owner.pk,
            "started_on": "2019-02-14",
            "started_on_precision": "month",
            "ended_on": "",
            "ended_on_precision": "day",
            "source_url": "",
        },
    )
    assert response.status_code == 200
    assert "must be the first day of its month" in response.content.decode()
    assert not OwnershipPeriod.objects.exists()
    assert not ChangeRecord.objects.exists()


def test_an_administrator_deleting_an_inspection_goes_through_the_services(admin_client, first_round):
    from inspections.models import Inspection

    inspection = Inspection.objects.get(provider__short_name="KSS CRC")
    response = admin_client.post(reverse("admin:inspections_inspection_delete", args=[inspection.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Inspection.objects.filter(pk=inspection.pk).exists()
    record = ChangeRecord.objects.get()
    assert (record.kind, record.summary) == ("removal", "KSS CRC: inspection published 19 June 2019")


def test_an_editor_cannot_store_bidi_controls_in_a_provider_name(editor_client, frameworks, client):
    provider = make_provider("Test CRC", name="Test CRC Ltd")
    url = reverse("admin:providers_provider_change", args=[provider.pk])
    response = editor_client.post(
        url,
        {
            "stored_snapshot": editor_client.get(url).context["adminform"].form["stored_snapshot"].value(),
            "name": "Test \u202eCRC Ltd\u202c",
            "short_name": "Test\u2066 CRC\u2069",
            "slug": provider.slug,
            "provider_type": "crc",
            "area": "Test\u200bshire",
            "ownership_periods-TOTAL_FORMS": "0",
            "ownership_periods-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    provider.refresh_from_db()
    assert (provider.name, provider.short_name, provider.area) == ("Test CRC Ltd", "Test CRC", "Testshire")
