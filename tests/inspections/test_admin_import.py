"""Importing in the admin: a report's text or PDF pre-fills the entry form; CSV files with a dry run first."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from inspections.models import ChangeRecord, Inspection, StandardRating
from tests.inspections.test_report_text import KSS_PERCENTS, KSS_RATINGS, minimal_pdf

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
KSS_TEXT = (ROOT / "fixtures" / "reports" / "kss-crc-2019.txt").read_text()
IMPORT_REPORT = reverse("admin:inspections_inspection_import_report")
IMPORT_CSV = reverse("admin:inspections_inspection_import_csv")


def value_of(html, name):
    """The value of the input named `name` ("" when it has none)."""
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert tag, name
    match = re.search(r'value="([^"]*)"', tag.group(0))
    return match.group(1) if match else ""


def selected(html, name):
    select = re.search(rf'<select name="{re.escape(name)}".*?</select>', html, re.S)
    assert select, name
    option = re.search(r'<option value="([^"]*)" selected>', select.group(0))
    return option.group(1) if option else None


def textarea(html, name):
    match = re.search(rf'<textarea name="{re.escape(name)}"[^>]*>\s*(.*?)</textarea>', html, re.S)
    return match.group(1).strip() if match else None


def test_the_kss_report_text_pre_fills_every_value(editor_client, first_round):
    response = editor_client.post(IMPORT_REPORT, {"text": KSS_TEXT})
    assert response.status_code == 200
    html = response.content.decode()
    assert Inspection.objects.count() == 28  # nothing saved

    assert selected(html, "provider") == str(Inspection.objects.get(provider__short_name="KSS CRC").provider_id)
    assert (value_of(html, "published_on_0"), selected(html, "published_on_1")) == ("2019", "06")
    assert value_of(html, "published_on_2") == ""  # the cover gives only the month
    assert (value_of(html, "fieldwork_started_on_0"), selected(html, "fieldwork_started_on_1")) == ("2019", "02")
    assert selected(html, "overall_rating") == "Requires improvement"
    assert value_of(html, "caseload_as_reported") == "approximately 8,600"
    assert selected(html, "owner_at_inspection") is not None  # Seetec, from the ownership periods
    for code, rating in KSS_RATINGS.items():
        assert selected(html, f"rating_{code}") == rating, code
    for code, percent in {**KSS_PERCENTS, "4.1.1": "70", "4.1.4": "76", "4.2.3": "55"}.items():
        assert value_of(html, f"kq_{code}_percent") == percent, code
    # Cases from the samples: 132 case-supervision cases, 54 unpaid work, 42 Through the Gate;
    # 2.2.3, 2.3.3 and 2.4.3 use the relevant sub-sample, of unstated size.
    assert value_of(html, "kq_2.1.3_cases") == "132"
    assert value_of(html, "kq_2.2.3_cases") == ""
    assert value_of(html, "kq_2.2.3_subsample_of") == "132"
    assert value_of(html, "kq_4.1.2_cases") == "54"
    assert value_of(html, "kq_4.2.2_cases") == "42"
    assert [value_of(html, f"samples-{index}-cases_inspected") for index in range(3)] == ["132", "54", "42"]
    facts = [value_of(html, f"facts-{index}-provider_value") for index in range(7)]
    assert facts == ["", "8652", "4", "45.1", "82", "69", "94"]
    assert value_of(html, "facts-0-england_and_wales_value") == "151788"
    assert value_of(html, "facts-4-target") == "75"
    assert selected(html, "facts-3-unit") == "percent"
    assert [textarea(html, f"recommendations-{index}-text")[:12] for index in range(5)] == [
        "improve the ",
        "equip all st",
        "make sure th",
        "reassure its",
        "enhance the ",
    ]
    not_read = re.search(r'<ul id="not-read">(.*?)</ul>', html, re.S).group(1)
    assert "already has" not in not_read  # the stored inspection is an alert of its own, above the form
    alert = re.search(
        r'<div class="duplicate-alert" role="alert" id="duplicate-alert">(.*?)<p class="help">', html, re.S
    )
    stored = Inspection.objects.get(provider__short_name="KSS CRC")
    change = reverse("admin:inspections_inspection_change", args=[stored.pk])
    assert f'<a href="{change}">an inspection published 19 June 2019</a>' in alert.group(1)
    assert 'name="not_a_duplicate"' in alert.group(1)
    assert "web address and sources" in not_read
    assert "no rating found" not in not_read


def test_a_pdf_upload_pre_fills_the_form(editor_client, first_round):
    pdf = minimal_pdf(
        [
            "An inspection of",
            "Kent, Surrey and Sussex Community Rehabilitation Company",
            "JUNE 2019",
            "1.1 Leadership Outstanding",
            "2.1.3. Does assessment focus sufficiently on keeping other people safe? 49%",
        ]
    )
    upload = SimpleUploadedFile("kss.pdf", pdf, content_type="application/pdf")
    response = editor_client.post(IMPORT_REPORT, {"text": "", "file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert selected(html, "rating_1.1") == "Outstanding"
    assert value_of(html, "kq_2.1.3_percent") == "49"
    # What the short text lacks is listed, standard by standard.
    assert "Standard 2.3 Implementation and delivery: no rating found." in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Paste the report&#x27;s text or choose its file."),
        ({"file": SimpleUploadedFile("r.pdf", b"%PDF-1.4 garbage")}, "cannot be read as a PDF"),
        ({"file": SimpleUploadedFile("r.txt", "é".encode("latin-1"))}, "neither a PDF nor UTF-8 text"),
    ],
    ids=["empty", "broken-pdf", "not-utf8"],
)
def test_unreadable_input_is_refused_with_a_message(editor_client, frameworks, data, message):
    response = editor_client.post(IMPORT_REPORT, data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_provider_is_listed_as_not_read(editor_client, frameworks):
    text = KSS_TEXT.replace(
        "Kent, Surrey and Sussex Community Rehabilitation Company", "Atlantis Community Rehabilitation Company", 1
    )
    html = editor_client.post(IMPORT_REPORT, {"text": text}).content.decode()
    assert escape("Provider: 'Atlantis Community Rehabilitation Company' matches no provider; choose it.") in html
    assert selected(html, "provider") in (None, "")
    assert selected(html, "rating_4.2") == "Requires improvement"  # laid out as a CRC report all the same


SOURCE = ROOT / "fixtures" / "source"


def csv_upload(name, text=None):
    data = (SOURCE / name).read_bytes() if text is None else text.encode()
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_csv_import_runs_a_dry_run_then_imports_on_confirmation(editor_client, editor, first_round):
    rows = list(csv.DictReader(io.StringIO((SOURCE / "inspections_2018_2019.csv").read_text())))
    assert rows[0]["provider_short_name"] == "Merseyside CRC"
    assert rows[0]["s1_1_leadership"] == ""  # not recorded
    rows[0]["s1_1_leadership"] = "Good"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    changed = out.getvalue()

    response = editor_client.post(
        IMPORT_CSV, {"files": [csv_upload("inspections_2018_2019.csv", changed)], "round": "2018-19", "inspection": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dry run: what the import would change" in html
    assert "inspection Merseyside CRC@2018-09-26: would be updated" in html
    assert "inspections: 1 would update, 27 unchanged" in html
    assert not StandardRating.objects.filter(inspection__provider__short_name="Merseyside CRC").exists()
    assert not ChangeRecord.objects.exists()
    token = re.search(r'name="confirm" value="([^"]+)"', html).group(1)

    response = editor_client.post(IMPORT_CSV, {"confirm": token})
    assert response.status_code == 200
    assert "What the import changed" in response.content.decode()
    rating = StandardRating.objects.get(inspection__provider__short_name="Merseyside CRC")
    assert (rating.standard.code, rating.rating) == ("1.1", "Good")
    record = ChangeRecord.objects.get()
    assert record.details == ["1.1 rating: not recorded → Good"]
    assert record.revision.user == editor
    assert record.revision.comment == "CSV import: inspections_2018_2019.csv"
    # The files are not kept for a second import.
    again = editor_client.post(IMPORT_CSV, {"confirm": token})
    assert again.status_code == 302


def test_csv_import_errors_are_reported_and_nothing_changes(editor_client, first_round):
    bad = (SOURCE / "inspections_2018_2019.csv").read_text().replace(",Requires improvement,", ",Poor,", 1)
    response = editor_client.post(
        IMPORT_CSV, {"files": [csv_upload("inspections_2018_2019.csv", bad)], "round": "2018-19", "inspection": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported." in html
    assert "inspections_2018_2019.csv row 2: overall_rating" in html
    assert 'name="confirm"' not in html
    assert not ChangeRecord.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: csv_upload("notes.csv", "a,b\n1,2\n"), "is not one this importer knows"),
        (lambda: SimpleUploadedFile("x.csv", "é".encode("latin-1")), "is not UTF-8 text"),
        (lambda: csv_upload("x.csv", "/etc/passwd"), "is not one this importer knows"),
    ],
    ids=["unknown-header", "not-utf8", "a-path-is-never-read"],
)
def test_csv_files_that_cannot_be_imported_get_a_message(editor_client, frameworks, upload, message):
    response = editor_client.post(IMPORT_CSV, {"files": [upload()], "round": "2018-19", "inspection": ""})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_no_file_chosen(editor_client, frameworks):
    response = editor_client.post(IMPORT_CSV, {"round": "2018-19", "inspection": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
