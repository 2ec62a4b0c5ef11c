"""Two editors with the same inspection open: a save made in between is never silently undone."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import ChangeRecord, Inspection
from inspections.services.inspections import create_inspection, edit_snapshot, replace_inspection
from providers.services import EditConflict

pytestmark = pytest.mark.django_db


class _EntryForm(HTMLParser):
    """What a browser would post from the entry form as shown: its inputs, chosen options and text areas."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea, self._in_form = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "inspection_form":
            self._in_form = True
        if not self._in_form or not attrs.get("name") and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in ("submit", "checkbox"):
            self.data[attrs["name"]] = attrs.get("value", "")
        elif tag == "input" and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.data[attrs["name"]] = "on"
        elif tag == "select":
            self._select = attrs["name"]
            self.data.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n")


def form_data(response):
    parser = _EntryForm()
    parser.feed(response.content.decode())
    return parser.data


def checked(response):
    return re.search(r'name="checked" value="([0-9a-f]{64})"', response.content.decode()).group(1)


def check_then_save(client, url, data):
    """Check, then save the values checked, as an editor does."""
    response = client.post(url, {**data, "check": "Check"})
    assert response.status_code == 200, response.content.decode()[:3000]
    return client.post(url, {**data, "checked": checked(response), "save": "Save"})


def conflict_lines(response):
    note = re.search(
        r'<div class="errornote" role="alert" id="edit-conflict">(.*?)</div>', response.content.decode(), re.S
    )
    assert note, "no refusal shown"
    return [re.sub(r"\s+", " ", line).strip() for line in re.findall(r"<li>(.*?)</li>", note.group(1), re.S)]


def make_editor(django_user_model, username, first_name):
    user = django_user_model.objects.create_user(
        username, password="a long editor passphrase", is_staff=True, first_name=first_name, last_name="Editor"
    )
    user.groups.add(Group.objects.get(name="Editor"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ann(django_user_model, editor_group):
    return make_editor(django_user_model, "ann", "Ann")


@pytest.fixture
def ben(django_user_model, editor_group):
    return make_editor(django_user_model, "ben", "Ben")


@pytest.fixture
def stored(kss_input):
    return create_inspection(kss_input())


@pytest.fixture
def url(stored):
    return reverse("admin:inspections_inspection_change", args=[stored.pk])


def test_a_save_over_one_made_since_the_form_was_opened_is_refused_and_can_be_reapplied(ann, ben, stored, url):
    ann_form, ben_form = form_data(ann.get(url)), form_data(ben.get(url))
    assert ben_form["caseload_as_reported"] == "approximately 8,600"

    response = check_then_save(ann, url, {**ann_form, "caseload_as_reported": "approximately 9,100"})
    assert response.status_code == 302
    records = ChangeRecord.objects.count()

    ben_notes = "The caseload is the report's own figure."
    response = check_then_save(ben, url, {**ben_form, "notes": ben_notes})
    assert response.status_code == 409
    lines = conflict_lines(response)
    assert len(lines) == 1
    assert re.fullmatch(
        r"Caseload: you loaded approximately 8,600; now approximately 9,100 \(saved by Ann Editor at \d\d:\d\d\)",
        lines[0],
    )
    assert "saved again after you opened the form" in response.content.decode()
    # Nothing of Ann's is lost and nothing of Ben's is stored.
    stored.refresh_from_db()
    assert (stored.caseload_as_reported, stored.notes) == ("approximately 9,100", "")
    assert ChangeRecord.objects.count() == records
    # Ben's own values are kept in the form, with a fresh snapshot of what is stored now.
    again = form_data(response)
    assert again["notes"] == ben_notes
    assert again["caseload_as_reported"] == "approximately 8,600"
    assert again["stored_snapshot"] != ben_form["stored_snapshot"]
    assert 'name="save"' in response.content.decode()

    # Ben takes Ann's caseload into his form, checks and saves: it goes through.
    response = check_then_save(ben, url, {**again, "caseload_as_reported": "approximately 9,100"})
    assert response.status_code == 302
    stored.refresh_from_db()
    assert (stored.caseload_as_reported, stored.notes) == ("approximately 9,100", ben_notes)
    assert ChangeRecord.objects.newest_first().first().details == [f"Notes: not recorded → {ben_notes}"]


def test_saving_again_straight_after_the_refusal_stores_the_editors_values(ann, ben, stored, url):
    ann_form, ben_form = form_data(ann.get(url)), form_data(ben.get(url))
    check_then_save(ann, url, {**ann_form, "rating_2.3": "Requires improvement"})
    response = check_then_save(ben, url, {**ben_form, "overall_rating": "Good"})
    assert response.status_code == 409
    assert conflict_lines(response)[0].startswith("2.3 rating: you loaded Inadequate; now Requires improvement")

    response = ben.post(url, {**form_data(response), "checked": checked(response), "save": "Save"})
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.overall_rating == "Good"
    assert stored.standard_ratings.get(standard__code="2.3").rating == "Inadequate"  # what Ben's form held


def test_no_save_in_between_is_no_conflict(ann, ben, stored, url):
    ben_form = form_data(ben.get(url))
    # Ann opens and saves without changing anything: what is stored is what Ben loaded.
    assert check_then_save(ann, url, form_data(ann.get(url))).status_code == 302

    response = check_then_save(ben, url, {**ben_form, "caseload_as_reported": "approximately 8,700"})
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.caseload_as_reported == "approximately 8,700"

    # The next form opened shows the new values and saves first time too.
    response = check_then_save(ben, url, {**form_data(ben.get(url)), "notes": "Checked against the report."})
    assert response.status_code == 302


@pytest.mark.parametrize("snapshot", [None, "", "not a snapshot", "tampered"])
def test_a_form_without_a_valid_snapshot_is_refused_then_saves_after_looking(ben, stored, url, snapshot):
    form = form_data(ben.get(url))
    if snapshot is None:
        del form["stored_snapshot"]
    elif snapshot == "tampered":
        form["stored_snapshot"] = form["stored_snapshot"][:-3] + "abc"
    else:
        form["stored_snapshot"] = snapshot
    response = check_then_save(ben, url, {**form, "notes": "Seen."})
    assert response.status_code == 409
    assert "a save made since cannot be ruled out" in response.content.decode()
    stored.refresh_from_db()
    assert stored.notes == ""

    response = ben.post(url, {**form_data(response), "checked": checked(response), "save": "Save"})
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.notes == "Seen."


def test_a_snapshot_of_another_inspection_is_not_accepted(ben, stored, url, kss_input):
    other = create_inspection(kss_input(published_on="2020-03-04"))
    form = form_data(ben.get(url))
    response = check_then_save(ben, url, {**form, "stored_snapshot": edit_snapshot(other), "notes": "Seen."})
    assert response.status_code == 409


def test_an_inspection_removed_since_the_form_was_opened_is_not_brought_back(ben, admin_client, stored, url, kss_input):
    form = form_data(ben.get(url))
    fingerprint = checked(ben.post(url, {**form, "check": "Check"}))
    admin_client.post(reverse("admin:inspections_inspection_delete", args=[stored.pk]), {"post": "yes"})

    response = ben.post(url, {**form, "checked": fingerprint, "save": "Save"})
    assert response.status_code == 302  # the admin's own answer: it no longer exists
    assert not Inspection.objects.exists()
    with pytest.raises(EditConflict, match="was removed after you opened the form"):
        replace_inspection(stored, kss_input(), snapshot=form["stored_snapshot"])
    assert not Inspection.objects.exists()


def test_the_service_refuses_a_stale_snapshot_and_names_who_saved(stored, kss_input, django_user_model):
    import reversion

    loaded = edit_snapshot(stored)
    ann = django_user_model.objects.create_user("ann", first_name="Ann", last_name="Editor")
    with reversion.create_revision():
        reversion.set_user(ann)
        replace_inspection(stored, kss_input(overall_rating="Good", caseload_as_reported="about 9,000"))

    with pytest.raises(EditConflict) as refused:
        replace_inspection(stored, kss_input(notes="Mine"), snapshot=loaded)
    lines = refused.value.lines
    assert lines[0].startswith("Overall rating: you loaded Requires improvement; now Good (saved by Ann Editor at ")
    assert lines[1].startswith("Caseload: you loaded approximately 8,600; now about 9,000 (saved by Ann Editor at ")
    stored.refresh_from_db()
    assert (stored.overall_rating, stored.notes) == ("Good", "")

    replace_inspection(stored, kss_input(notes="Mine"), snapshot=refused.value.snapshot)
    stored.refresh_from_db()
    assert stored.notes == "Mine"


@pytest.mark.skipif(not connection.features.has_select_for_update, reason="the database has no row locks")
def test_the_comparison_locks_the_inspections_row(stored, kss_input):
    with CaptureQueriesContext(connection) as queries:
        replace_inspection(stored, kss_input(notes="Mine"), snapshot=edit_snapshot(stored))
    assert any(query["sql"].rstrip().endswith("FOR UPDATE") for query in queries.captured_queries)
