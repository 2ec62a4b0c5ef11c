"""The admin's CSV import page speaks to editors: each kind of file in words, its template, the era's files."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.importers import csv_import, csv_templates
from inspections.importers.probation_service import ensure_frameworks, source_dir
from inspections.models import ChangeRecord, Framework, Inspection

pytestmark = pytest.mark.django_db

IMPORT_CSV = reverse("admin:inspections_inspection_import_csv")


def template_url(slug):
    return reverse("admin:inspections_inspection_import_csv_template", args=[slug])


def upload(name):
    return SimpleUploadedFile(name, (source_dir() / name).read_bytes(), content_type="text/csv")


def test_the_page_names_each_kind_of_file_with_its_template_and_a_round_that_says_what_it_applies_to(
    editor_client, real_data
):
    html = editor_client.get(IMPORT_CSV).content.decode()
    for template in csv_templates.TEMPLATES:
        assert template.title in html
        assert f'href="{template_url(template.slug)}"' in html
    assert "Round of a 2018–20 inspections file" in html
    assert "Probation Service inspections go in their framework&#x27;s programme" in html
    rounds = re.search(r'<select name="round".*?</select>', html, re.S).group(0)
    assert "None" not in rounds and "---" not in rounds
    assert set(re.findall(r'<option value="([^"]+)"', rounds)) == {"2018-19", "2019-20"}  # 2018–20 rounds only


def test_each_template_is_the_header_row_its_kind_is_recognised_by(editor_client, real_data):
    ensure_frameworks()
    for template in csv_templates.TEMPLATES:
        response = editor_client.get(template_url(template.slug))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="{template.file_name}"'
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert len(rows) == 1, template.slug
        assert csv_import.detect_kind(rows[0]) == template.kind, template.slug


def test_the_probation_service_template_has_a_column_for_each_standard_of_every_stored_framework(
    editor_client, real_data
):
    ensure_frameworks()
    header = editor_client.get(template_url("inspections-probation-service")).content.decode().strip().split(",")
    published = next(csv.reader(open(source_dir() / "inspections_2022_2026.csv", encoding="utf-8")))
    assert header == published  # the real file's own header
    framework = Framework.objects.create(slug="pdu-2027", name="PDU inspections, 2027 model", provider_type="pdu")
    domain = framework.domains.create(number="1", name="Delivery")
    framework.standards.create(domain=domain, name="Court work", slug="court-work", position=1)
    header = editor_client.get(template_url("inspections-probation-service")).content.decode().strip().split(",")
    assert "pdu_2027_court_work" in header


def test_an_unknown_template_is_a_404(editor_client, real_data):
    assert editor_client.get(template_url("nothing-like-it")).status_code == 404


def test_an_editor_imports_the_era_files_after_a_dry_run_and_changes_lists_them(editor_client, real_data):
    ensure_frameworks()
    files = [upload(name) for name in ("units.csv", "former_units.csv", "inspections_2022_2026.csv")]
    response = editor_client.post(IMPORT_CSV, {"files": files, "round": "2018-19", "inspection": ""})
    html = response.content.decode()
    assert response.status_code == 200, html
    assert "inspections_2022_2026.csv: Probation Service inspections file" in html
    assert "inspections: 91 would create" in html
    token = re.search(r'name="confirm" value="([^"]+)"', html).group(1)
    before = Inspection.objects.count()

    response = editor_client.post(IMPORT_CSV, {"confirm": token})
    assert response.status_code == 200
    assert Inspection.objects.count() == before + 91
    record = ChangeRecord.objects.filter(subject="inspection").first()
    assert record.revision.comment.startswith("CSV import: units.csv")
    changes = editor_client.get("/changes/").content.decode()
    assert "Wales region" in changes
