"""What editors are shown of the data still to finish: the change list's completeness and the worklist."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from inspections.models import CaseSample, Inspection, KeyQuestion, KeyQuestionResult
from tests.factories import ALL_TEN_KSS, make_inspection, make_provider

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:inspections_inspection_changelist")
WORKLIST = reverse("admin:inspections_inspection_worklist")


def change_url(inspection):
    return reverse("admin:inspections_inspection_change", args=[inspection.pk])


@pytest.fixture
def three_inspections(frameworks):
    """One complete CRC inspection, one with three standards rated, one NPS inspection with none."""
    complete = make_inspection(make_provider("Complete CRC"), ratings=ALL_TEN_KSS)
    question = KeyQuestion.objects.get(code="2.1.1", standard__framework=complete.framework)
    for key_question in KeyQuestion.objects.filter(standard__framework=complete.framework):
        KeyQuestionResult.objects.create(inspection=complete, key_question=key_question, percent_yes=70)
    CaseSample.objects.create(inspection=complete, label="2 Case supervision", cases_inspected=132)
    partial = make_inspection(
        make_provider("Partial CRC"),
        ratings={"1.1": "Good", "2.3": "Inadequate", "4.2": "Good"},
        published_on=datetime.date(2019, 6, 19),
    )
    KeyQuestionResult.objects.create(inspection=partial, key_question=question, percent_yes=61, cases_inspected=132)
    empty = make_inspection(make_provider("NPS Empty", provider_type="nps"), overall_rating="")
    return complete, partial, empty


def result_rows(html):
    """{provider: standards-recorded cell} of the change list's rows."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    cells = {}
    for row in rows:
        provider = re.search(r'<th class="field-provider[^"]*"><a [^>]*>(.*?)</a>', row)
        standards = re.search(r'<td class="field-standards_recorded_label">(.*?)</td>', row)
        if provider and standards:
            cells[provider.group(1)] = standards.group(1)
    return cells


def test_the_change_list_shows_standards_recorded_of_each_inspection(editor_client, three_inspections):
    html = editor_client.get(CHANGELIST).content.decode()
    assert "Standards recorded" in html
    assert result_rows(html) == {"Complete CRC": "10 of 10", "Partial CRC": "3 of 10", "NPS Empty": "0 of 10"}


@pytest.mark.parametrize(
    ("choice", "providers"),
    [
        ("incomplete", {"Partial CRC", "NPS Empty"}),
        ("complete", {"Complete CRC"}),
    ],
)
def test_the_change_list_filters_incomplete_and_complete_inspections(
    editor_client, three_inspections, choice, providers
):
    html = editor_client.get(CHANGELIST, {"standards": choice}).content.decode()
    assert set(result_rows(html)) == providers
    assert "By standards recorded" in html
    assert f'href="?standards={choice}"' in html


def test_the_change_list_costs_the_same_queries_whatever_the_number_of_inspections(
    editor_client, three_inspections, django_assert_max_num_queries
):
    editor_client.get(CHANGELIST)  # warm the session and content types
    with django_assert_max_num_queries(9) as few:
        editor_client.get(CHANGELIST, {"standards": "incomplete"})
    for number in range(12):
        make_inspection(make_provider(f"More {number} CRC"), ratings={"1.1": "Good"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = editor_client.get(CHANGELIST, {"standards": "incomplete"}).content.decode()
    assert len(result_rows(html)) == 14


def test_the_worklist_names_what_each_inspection_lacks_and_links_to_its_form(editor_client, three_inspections):
    complete, partial, empty = three_inspections
    response = editor_client.get(WORKLIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 of 3 inspections lack some values" in html
    assert f'id="worklist-{complete.pk}"' not in html  # nothing missing: not on the list

    row = re.search(rf'<tr id="worklist-{partial.pk}">(.*?)</tr>', html, re.S).group(1)
    assert f'<a href="{change_url(partial)}">Partial CRC, 19 June 2019</a>' in row
    assert "<strong>7 of 10</strong>: 1.2, 1.3, 1.4, 2.1, 2.2, 2.4, 4.1" in row
    assert "<strong>18 of 19</strong>: 2.1.2, 2.1.3," in row
    assert "None recorded" in row  # no case samples
    assert "Overall rating not recorded" not in row

    row = re.search(rf'<tr id="worklist-{empty.pk}">(.*?)</tr>', html, re.S).group(1)
    assert "<strong>10 of 10</strong>: 1.1, 1.2, 1.3, 1.4, 2.1, 2.2, 2.3, 2.4, 3.1, 3.2" in row
    assert "<strong>All 12</strong>" in row
    assert "Overall rating not recorded" in row


def test_the_worklist_costs_the_same_queries_whatever_the_number_of_inspections(
    editor_client, three_inspections, django_assert_max_num_queries
):
    editor_client.get(WORKLIST)
    with django_assert_max_num_queries(10) as few:
        editor_client.get(WORKLIST)
    for number in range(12):
        inspection = make_inspection(make_provider(f"More {number} CRC"), ratings={"1.1": "Good"})
        CaseSample.objects.create(inspection=inspection, label="2 Case supervision", cases_inspected=100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = editor_client.get(WORKLIST).content.decode()
    assert "14 of 15 inspections lack some values" in html


def test_the_worklist_is_linked_from_the_change_list_and_the_admin_index(editor_client, three_inspections):
    assert f'href="{WORKLIST}"' in editor_client.get(CHANGELIST).content.decode()
    assert f'href="{WORKLIST}"' in editor_client.get(reverse("admin:index")).content.decode()


def test_the_worklist_needs_the_permission_to_change_inspections(client, django_user_model, frameworks):
    viewer = django_user_model.objects.create_user("viewer", password="a long viewer passphrase", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_inspection"))
    client.force_login(viewer)
    assert client.get(WORKLIST).status_code == 403
    assert f'href="{WORKLIST}"' not in client.get(reverse("admin:index")).content.decode()
    client.logout()
    assert client.get(WORKLIST).status_code == 302  # to the login page


def test_a_superuser_reaches_the_worklist(admin_client, three_inspections):
    assert admin_client.get(WORKLIST).status_code == 200


def test_every_inspection_complete_says_so(editor_client, frameworks):
    assert Inspection.objects.count() == 0
    html = editor_client.get(WORKLIST).content.decode()
    assert "0 of 0 inspections" in html
    assert "Every inspection has all its standards" in html


def test_an_unknown_filter_value_lists_every_inspection_not_a_500(editor_client, three_inspections):
    response = editor_client.get(CHANGELIST, {"standards": "some<b>thing"})
    assert response.status_code == 200
    assert len(result_rows(response.content.decode())) == 3


def test_the_worklist_lists_undated_inspections_and_names_unnumbered_standards(editor_client, both_eras):
    page = editor_client.get(WORKLIST).content.decode()
    west_kent = re.search(
        r"<tr id=\"worklist-\d+\">\s*<th scope=\"row\">\s*<a [^>]*>West Kent PDU, Date not recorded</a>(.*?)</tr>",
        page,
        flags=re.S,
    )
    assert west_kent, "the undated West Kent inspection is listed"
    assert "Publication date not recorded" in west_kent.group(1)
    assert "Leadership, Staffing" in west_kent.group(1)  # names, where the framework numbers no standard
    assert ", , " not in page
