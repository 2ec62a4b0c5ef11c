"""/changes/: what editors added and corrected, newest first, for readers to check an unofficial dataset."""

import datetime
import re

import pytest
import reversion
from django.urls import reverse

from inspections.models import ChangeRecord, Framework
from inspections.services.inputs import InspectionInput
from inspections.services.inspections import create_inspection, delete_inspection, replace_inspection
from tests.factories import ALL_TEN_KSS, make_provider

CHANGES = reverse("dashboard:changes")

pytestmark = pytest.mark.django_db


def entry(provider, published_on, **changes):
    values = dict(
        provider=provider,
        framework=Framework.objects.get(provider_type=provider.provider_type),
        published_on=published_on,
        overall_rating="Requires improvement",
        ratings={code: rating for code, rating in ALL_TEN_KSS.items() if code != "2.3"},
    )
    values.update(changes)
    return InspectionInput(**values)


@pytest.fixture
def volunteer(django_user_model):
    return django_user_model.objects.create_user("jo.volunteer", password="x", is_staff=True)


def as_editor(user, write):
    with reversion.create_revision():
        reversion.set_user(user)
        return write()


def listed(html):
    """(kind, summary) of each listed change, top to bottom."""
    return re.findall(r'<span class="change-kind">(\w+)</span>\s*(?:<a href="[^"]*">)?([^<]+)', html)


def test_no_changes_yet(client, frameworks):
    response = client.get(CHANGES)
    assert response.status_code == 200
    assert "No changes yet" in response.content.decode()


def test_lists_additions_and_corrections_newest_first_without_editor_names(client, frameworks, volunteer):
    provider = make_provider("Test CRC")
    inspection = as_editor(volunteer, lambda: create_inspection(entry(provider, "2019-06-19")))
    as_editor(
        volunteer,
        lambda: replace_inspection(inspection, entry(provider, "2019-06-19", ratings=ALL_TEN_KSS)),
    )
    as_editor(
        volunteer,
        lambda: replace_inspection(inspection, entry(provider, "2019-06-19", ratings={**ALL_TEN_KSS, "1.1": "Good"})),
    )

    response = client.get(CHANGES)
    html = response.content.decode()
    assert response.status_code == 200
    assert listed(html) == [
        ("Correction", "Test CRC: inspection published 19 June 2019"),
        ("Addition", "Test CRC: inspection published 19 June 2019"),
        ("Addition", "Test CRC: inspection published 19 June 2019"),
    ]
    assert "<li>1.1 rating: Outstanding → Good</li>" in html
    assert "<li>2.3 rating: not recorded → Inadequate</li>" in html
    assert "<li>Overall rating: Requires improvement</li>" in html
    assert f'href="{inspection.get_absolute_url()}"' in html
    today = datetime.date.today()
    assert f'<time datetime="{today.isoformat()}' in html
    assert "jo.volunteer" not in html
    assert "All changes (3)" in html
    assert "Corrections (1)" in html


def test_filters_by_kind_and_refuses_unknown_kinds(client, frameworks, volunteer):
    provider = make_provider("Test CRC")
    inspection = create_inspection(entry(provider, "2019-06-19"))
    replace_inspection(inspection, entry(provider, "2019-06-19", overall_rating="Good"))

    html = client.get(CHANGES, {"kind": "correction"}).content.decode()
    assert [kind for kind, _ in listed(html)] == ["Correction"]
    assert "<li>Overall rating: Requires improvement → Good</li>" in html
    assert [kind for kind, _ in listed(client.get(CHANGES, {"kind": "addition"}).content.decode())] == ["Addition"]
    response = client.get(CHANGES, {"kind": "<script>"})
    assert response.status_code == 400
    assert "is not a kind of change" in response.content.decode()


@pytest.mark.parametrize("page", ["99", "abc", "0", "-1"])
def test_a_page_that_does_not_exist_is_404(client, frameworks, page):
    assert client.get(CHANGES, {"page": page}).status_code == 404


def test_removals_are_listed_without_a_dead_link(client, frameworks):
    provider = make_provider("Test CRC")
    delete_inspection(create_inspection(entry(provider, "2019-06-19")))
    html = client.get(CHANGES).content.decode()
    assert listed(html)[0][0] == "Removal"
    assert 'href="/inspections/' not in html
    assert f'href="{provider.get_absolute_url()}"' in html


def add_changes(count):
    provider = make_provider()
    inspection = create_inspection(entry(provider, "2019-01-01"))
    for number in range(count - 1):
        replace_inspection(inspection, entry(provider, "2019-01-01", caseload_as_reported=f"about {number + 1},000"))


@pytest.mark.parametrize("count", [3, 80])
def test_a_page_takes_the_same_few_queries_whatever_the_number_of_changes(
    client, frameworks, django_assert_max_num_queries, count
):
    add_changes(count)
    with django_assert_max_num_queries(2):
        response = client.get(CHANGES)
    assert response.status_code == 200
    assert len(listed(response.content.decode())) == min(count, 25)
    if count > 25:
        with django_assert_max_num_queries(2):
            html = client.get(CHANGES, {"page": 4}).content.decode()
        assert len(listed(html)) == count - 75
        assert "Page 4 of 4." in html
        assert 'rel="prev"' in html


def test_a_saved_change_shows_at_once_despite_the_page_cache(client, frameworks, django_capture_on_commit_callbacks):
    provider = make_provider("Test CRC")
    assert "No changes yet" in client.get(CHANGES).content.decode()  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        create_inspection(entry(provider, "2019-06-19"))
    assert listed(client.get(CHANGES).content.decode())[0][0] == "Addition"
    assert ChangeRecord.objects.count() == 1


def test_every_page_links_to_the_changes(client, frameworks):
    assert f'href="{CHANGES}"' in client.get(reverse("dashboard:methodology")).content.decode()


def test_importing_the_second_round_lists_its_ten_inspections(client, first_round):
    from pathlib import Path

    from django.conf import settings

    from inspections.importers import csv_import

    second_round = Path(settings.BASE_DIR) / "fixtures" / "source" / "inspections_2019_2020.csv"
    report = csv_import.import_paths([second_round], round_slug="2019-20")
    assert report.ok, report.errors

    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(reverse("dashboard:changes")).content.decode()))

    assert text.count("Addition") >= 10
    assert "Thames Valley CRC: inspection published 21 January 2020" in text
    assert "HIOW CRC: inspection published 2020" in text
    assert "Overall rating: Not rated" in text


def visible_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_after_loading_both_eras_there_are_no_changes_yet(client, both_eras, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(CHANGES)
    text = visible_text(response)
    assert "since the data of both eras was first loaded" in text
    assert "No changes yet" in text and "All changes (0)" in text


def test_an_edit_of_a_unit_s_inspection_is_named_by_the_unit_and_its_date_as_recorded(
    client, both_eras, volunteer, django_assert_num_queries
):
    from inspections.models import Inspection
    from inspections.services.inputs import inspection_input

    # A dynamic inspection of public protection, dated to the year only.
    inspection = Inspection.objects.get(provider__slug="greater-manchester-region")
    data = inspection_input(inspection)
    data.caseload_as_reported = "about 1,000"
    as_editor(volunteer, lambda: replace_inspection(inspection, data))

    with django_assert_num_queries(2):
        response = client.get(CHANGES)
    html = response.content.decode()
    assert listed(html) == [("Addition", "Greater Manchester region: inspection published 2026")]
    assert f'href="{inspection.get_absolute_url()}"' in html
    assert "<li>Caseload: not recorded → about 1,000</li>" in html


def test_removing_an_undated_inspection_says_its_date_is_not_recorded(client, both_eras):
    from inspections.models import Inspection

    delete_inspection(Inspection.objects.get(provider__slug="wales-region"))
    response = client.get(CHANGES)
    assert response.status_code == 200
    [(kind, summary)] = listed(response.content.decode())
    assert kind == "Removal" and summary.startswith("Wales region: ")
    assert "date not recorded" in summary and "None" not in summary
