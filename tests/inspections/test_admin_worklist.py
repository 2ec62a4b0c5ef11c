"""What editors are shown of the data still to finish: the change list's completeness and the worklist."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse

from inspections.models import CaseSample, Framework, Inspection, KeyQuestion, KeyQuestionResult
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
    complete.sources.create(url="https://example.org/complete-crc-report")
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
    missing = "rating_1.2,rating_1.3,rating_1.4,rating_2.1,rating_2.2,rating_2.4,rating_4.1,sources"
    link = f"{change_url(partial)}?missing={missing}#field-rating_1.2"
    assert f'<a href="{link}">Partial CRC, 19 June 2019</a>' in row
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
    with django_assert_max_num_queries(14) as few:
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


# The Probation Service era: units' inspections, frameworks without numbers or key questions, points as stated


def ps_row(html, inspection):
    return re.search(rf'<tr id="worklist-{inspection.pk}">(.*?)</tr>', html, re.S).group(1)


def test_the_worklist_covers_the_probation_service_era_by_its_own_measures(editor_client, both_eras):
    hammersmith = Inspection.objects.get(provider__slug="hammersmith-fulham-kensington-chelsea-and-westminster-pdu")
    gateshead = Inspection.objects.filter(provider__slug="gateshead-and-south-tyneside-pdu", published_on=None).get()
    html = editor_client.get(WORKLIST).content.decode()
    assert f'id="worklist-{hammersmith.pk}"' not in html  # nine ratings, points and sources: nothing lacking
    row = ps_row(html, gateshead)
    assert "Publication date not recorded" in row
    assert "No key questions in this framework" in row
    assert "None recorded" not in row  # case samples are not asked of a framework without key questions
    assert f'href="{change_url(gateshead)}?missing=published_on' in row
    assert "#field-published_on" in row


def test_points_are_asked_for_only_where_the_frameworks_inspections_state_them(editor_client, both_eras):
    html = editor_client.get(WORKLIST).content.decode()
    unstated_2021 = Inspection.objects.filter(framework__slug="pdu-2021", points_stated="").first()
    region_2023 = Inspection.objects.filter(framework__slug="region-2023").first()  # none states points
    assert "Points not recorded" in ps_row(html, unstated_2021)
    assert "points_stated" in ps_row(html, unstated_2021)
    if f'id="worklist-{region_2023.pk}"' in html:
        assert "Points not recorded" not in ps_row(html, region_2023)
    assert region_2023.framework_id not in set(
        Framework.objects.with_states_points().filter(states_points=True).values_list("id", flat=True)
    )


def test_a_missing_standard_is_named_and_linked_by_its_key(editor_client, both_eras):
    inspection = Inspection.objects.filter(framework__slug="pdu-2023", standards_recorded=0).first()
    html = editor_client.get(WORKLIST).content.decode()
    row = ps_row(html, inspection)
    assert "<strong>7 of 7</strong>: Leadership, Staffing, Services, Assessment" in row
    assert "rating_leadership,rating_staffing" in row


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ({"era": "crc-nps"}, "crc", "pdu"),
        ({"era": "probation-service"}, "pdu", "crc"),
        ({"programme": "2023-25"}, "pdu", "crc"),
        ({"region": "london-region"}, "pdu", "crc"),
    ],
)
def test_the_worklist_filters_by_era_programme_and_region(editor_client, both_eras, query, present, absent):
    html = editor_client.get(WORKLIST, query).content.decode()
    shown = Inspection.objects.filter(pk__in=[int(pk) for pk in re.findall(r'<tr id="worklist-(\d+)">', html)])
    types = set(shown.values_list("provider__provider_type", flat=True))
    assert present in types and absent not in types
    if "region" in query:
        assert all(
            (inspection.provider.region and inspection.provider.region.slug == "london-region")
            or inspection.provider.slug == "london-region"
            for inspection in shown.select_related("provider__region")
        )
    if "programme" in query:
        assert set(shown.values_list("inspection_round__slug", flat=True)) == {"2023-25"}


def test_an_unknown_worklist_filter_says_so_and_filters_nothing(editor_client, both_eras):
    response = editor_client.get(WORKLIST, {"region": "atlantis<b>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert "atlantis<b>" not in html


def test_the_filtered_worklist_costs_the_same_queries_as_the_whole(
    editor_client, both_eras, django_assert_max_num_queries
):
    editor_client.get(WORKLIST)
    with django_assert_max_num_queries(14):
        editor_client.get(WORKLIST, {"era": "probation-service", "region": "london-region"})


def test_the_admin_home_links_every_import_and_the_worklist(editor_client, frameworks):
    html = editor_client.get(reverse("admin:index")).content.decode()
    for name in ["add", "import_report", "import_csv", "worklist"]:
        assert f'href="{reverse(f"admin:inspections_inspection_{name}")}"' in html
    assert "Import a 2018–20 report" in html and "Import CSV files" in html
    try:
        press_release = reverse("admin:inspections_inspection_import_press_release")
    except NoReverseMatch:
        assert "Import a press release" not in html
    else:
        assert f'href="{press_release}"' in html
