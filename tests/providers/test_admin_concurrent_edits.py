"""Two editors with the same provider, owner or ownership period open: a save made in between is never undone."""

import datetime
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from inspections.models import ChangeRecord
from inspections.roles import ensure_editor_group
from providers.models import Owner, OwnershipPeriod, Provider
from tests.factories import make_owner, make_provider

pytestmark = pytest.mark.django_db


def form_data(response):
    """What a browser would post from an admin change form as shown, inline management forms included."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    return data


def refusal(response):
    errors = response.context["adminform"].form.non_field_errors()
    return [re.sub(r"\s+", " ", str(error)) for error in errors]


@pytest.fixture
def editors(django_user_model, frameworks):
    ensure_editor_group(apps)
    clients = []
    for username in ("ann", "ben"):
        user = django_user_model.objects.create_user(
            username, password="a long passphrase", is_staff=True, first_name=username.title(), last_name="Editor"
        )
        user.groups.add(Group.objects.get(name="Editor"))
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


CASES = [
    # (model name, make the object, Ann's change, Ben's change, the line Ben is shown)
    (
        "provider",
        lambda: make_provider("Test CRC", name="Test CRC Ltd", area="Testshire"),
        {"area": "Kent and Testshire"},
        {"name": "Test Community Rehabilitation Company"},
        "Area: you loaded Testshire; now Kent and Testshire",
    ),
    (
        "owner",
        lambda: make_owner("Seetec", notes="Owned KSS CRC."),
        {"notes": "Owned KSS CRC from 2015."},
        {"is_public_sector": "on"},
        "Notes: you loaded Owned KSS CRC.; now Owned KSS CRC from 2015.",
    ),
    (
        "ownershipperiod",
        lambda: OwnershipPeriod.objects.create(
            provider=make_provider("Test CRC"), owner=make_owner("Seetec"), started_on=datetime.date(2015, 2, 1)
        ),
        {"ended_on": "2021-06-26"},
        {"source_url": "https://www.russellwebster.com/test-crc/"},
        "Ended on: you loaded not recorded; now 2021-06-26",
    ),
]


@pytest.mark.parametrize(("model", "make", "ann_change", "ben_change", "line"), CASES, ids=[c[0] for c in CASES])
def test_a_save_over_one_made_since_the_form_was_opened_is_refused_and_can_be_reapplied(
    editors, model, make, ann_change, ben_change, line
):
    ann, ben = editors
    instance = make()
    url = reverse(f"admin:providers_{model}_change", args=[instance.pk])
    ann_form, ben_form = form_data(ann.get(url)), form_data(ben.get(url))

    assert ann.post(url, {**ann_form, **ann_change}).status_code == 302
    stored_after_ann = type(instance).objects.values().get(pk=instance.pk)
    records = ChangeRecord.objects.count()

    response = ben.post(url, {**ben_form, **ben_change})
    assert response.status_code == 409
    shown = refusal(response)
    assert "saved again after you opened the form" in shown[0]
    assert re.fullmatch(re.escape(line) + r" \(saved by Ann Editor at \d\d:\d\d\)", shown[1]), shown
    # Nothing of Ann's is lost, nothing of Ben's is stored; Ben's values stay in the form.
    assert type(instance).objects.values().get(pk=instance.pk) == stored_after_ann
    assert ChangeRecord.objects.count() == records
    again = form_data(response)
    assert all(again[name] == value for name, value in ben_change.items())
    assert again["stored_snapshot"] != ben_form["stored_snapshot"]

    # Ben takes Ann's change into his form and saves again: it goes through, with both changes.
    assert ben.post(url, {**again, **ann_change}).status_code == 302
    stored = type(instance).objects.get(pk=instance.pk)
    for name, value in {**ann_change, **ben_change}.items():
        shown_value = stored._meta.get_field(name).value_from_object(stored)
        assert (shown_value is True and value == "on") or str(shown_value) == value


def test_no_save_in_between_is_no_conflict(editors):
    ann, ben = editors
    provider = make_provider("Test CRC", name="Test CRC Ltd", area="Testshire")
    url = reverse("admin:providers_provider_change", args=[provider.pk])
    ben_form = form_data(ben.get(url))
    # Ann saves without changing anything: what is stored is still what Ben loaded.
    assert ann.post(url, form_data(ann.get(url))).status_code == 302

    assert ben.post(url, {**ben_form, "area": "Kent"}).status_code == 302
    assert Provider.objects.get(pk=provider.pk).area == "Kent"
    assert ben.post(url, {**form_data(ben.get(url)), "area": "Kent and Sussex"}).status_code == 302


def test_a_change_form_without_its_snapshot_is_refused(editors):
    ann, _ = editors
    owner = make_owner("Seetec")
    url = reverse("admin:providers_owner_change", args=[owner.pk])
    form = form_data(ann.get(url))
    del form["stored_snapshot"]
    response = ann.post(url, {**form, "notes": "Owned KSS CRC."})
    assert response.status_code == 409
    assert "a save made since cannot be ruled out" in refusal(response)[0]
    assert Owner.objects.get(pk=owner.pk).notes == ""
    assert ann.post(url, {**form_data(response), "notes": "Owned KSS CRC."}).status_code == 302
    assert Owner.objects.get(pk=owner.pk).notes == "Owned KSS CRC."


def test_adding_needs_no_snapshot(editors):
    ann, _ = editors
    response = ann.post(reverse("admin:providers_owner_add"), {"name": "Interserve", "slug": "interserve"})
    assert response.status_code == 302
    assert Owner.objects.filter(name="Interserve").exists()
