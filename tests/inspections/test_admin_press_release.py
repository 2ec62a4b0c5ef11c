"""Importing a press release or report page in the admin: the entry form pre-filled for each unit the text rates,
each value beside the sentence it came from; nothing saved until the editor checks and saves."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from inspections.models import ChangeRecord, Framework, Inspection
from providers.models import Provider
from tests.inspections.importers.press_release_passages import ESSEX_NORTH_2024, LONDON_TRIO
from tests.inspections.test_admin_import import selected, textarea, value_of
from tests.inspections.test_report_text import minimal_pdf

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:inspections_inspection_import_press_release")
ADD = reverse("admin:inspections_inspection_add")

NEW_UNIT_RELEASE = (
    "https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2026/11/exampleshire-pdu/\n\n"
    "Exampleshire Probation Delivery Unit (PDU) has received an overall rating of 'Requires improvement'.\n\n"
    "The PDU was rated 'Good' for leadership and 'Inadequate' for staffing and services.\n\n"
    "Casework across all four service delivery standards we inspected was 'Requires improvement'.\n\n"
    "Exampleshire PDU sits within the Probation Service – East Midlands region."
)


def test_a_real_release_fills_the_form_with_each_sentence_beside_its_field(editor_client, both_eras):
    count = Inspection.objects.count()
    response = editor_client.post(IMPORT, {"text": ESSEX_NORTH_2024})
    assert response.status_code == 200
    html = response.content.decode()
    assert Inspection.objects.count() == count  # nothing saved

    essex_north = Provider.objects.get(short_name="Essex North PDU")
    assert selected(html, "provider") == str(essex_north.pk)
    assert value_of(html, "framework") == str(Framework.objects.get(slug="pdu-2023").pk)
    assert selected(html, "overall_rating") == "Requires improvement"
    assert (value_of(html, "published_on_0"), selected(html, "published_on_1")) == ("2024", "08")
    for slug in ("assessment", "planning", "implementation-and-delivery", "reviewing"):
        assert selected(html, f"rating_{slug}") == "Inadequate", slug
    assert selected(html, "rating_leadership") in (None, "")
    assert "Read from:" in html
    notes = textarea(html, "notes")
    assert notes.startswith("From the press release:")
    # The page's address, first line of the pasted text, is offered as the inspection's source.
    assert value_of(html, "sources-0-url") == ESSEX_NORTH_2024.splitlines()[0]


def test_a_release_rating_several_units_offers_each_as_its_own_inspection(editor_client, both_eras):
    count = Inspection.objects.count()
    response = editor_client.post(IMPORT, {"text": LONDON_TRIO})
    assert response.status_code == 200
    html = response.content.decode()
    assert "rates 3 units" in html or "3 units" in html
    for name in ("Hammersmith, Fulham, Kensington, Chelsea and Westminster", "Lambeth", "Ealing and Hillingdon"):
        assert name in html, name

    # The release states no date and no framework: the unit's page asks for the framework, then opens its form.
    pdu_2021 = Framework.objects.get(slug="pdu-2021")
    first = editor_client.post(IMPORT, {"text": LONDON_TRIO, "unit": 0, "framework": pdu_2021.pk})
    assert first.status_code == 200
    html = first.content.decode()
    assert value_of(html, "points_stated") == "0/27"
    assert selected(html, "overall_rating") == "Inadequate"
    assert Inspection.objects.count() == count


def test_an_unknown_unit_is_offered_for_creation_in_its_region_and_created_only_on_save(editor_client, both_eras):
    response = editor_client.post(IMPORT, {"text": NEW_UNIT_RELEASE})
    assert response.status_code == 200
    html = response.content.decode()
    assert value_of(html, "new_unit_name") == "Exampleshire PDU"
    region = Provider.objects.get(short_name="East Midlands region")
    assert selected(html, "new_unit_region") == str(region.pk)
    assert selected(html, "rating_leadership") == "Good"
    assert selected(html, "rating_staffing") == "Inadequate"
    assert not Provider.objects.filter(short_name="Exampleshire PDU").exists()


def test_html_and_pdf_files_are_read_like_pasted_text(editor_client, both_eras):
    page = (
        "<!doctype html><html><head><title>Exampleshire</title><script>var x = 'Outstanding';</script></head><body>"
        + "".join(f"<p>{escape(paragraph)}</p>" for paragraph in NEW_UNIT_RELEASE.split("\n\n"))
        + "</body></html>"
    )
    upload = SimpleUploadedFile("release.html", page.encode(), content_type="text/html")
    html = editor_client.post(IMPORT, {"file": upload}).content.decode()
    assert value_of(html, "new_unit_name") == "Exampleshire PDU"
    assert selected(html, "overall_rating") == "Requires improvement"

    pdf = minimal_pdf(
        [
            "Exampleshire Probation Delivery Unit (PDU) has received an overall rating of 'Good'.",
            "Exampleshire PDU sits within the Probation Service - East Midlands region.",
        ]
    )
    response = editor_client.post(
        IMPORT, {"file": SimpleUploadedFile("report.pdf", pdf, content_type="application/pdf")}
    )
    # Without a date or a framework's wording, the text does not tell the framework: the editor is asked for it.
    assert response.status_code == 200
    assert "Exampleshire" in response.content.decode()
    assert 'name="framework"' in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"text": ""},
        {"text": "   \n  "},
        {"text": "A note about the weather, naming no probation service."},
        {"text": "Exampleshire PDU\x00 has received an overall rating of 'Good'."},
        {"file": ("junk.bin", bytes(range(256)) * 40)},
        {"file": ("broken.html", b"<html><body><p>unclosed <div><<<>>> &#xZZZZ; <script>")},
        {"file": ("empty.pdf", b"%PDF-1.4 not really a pdf")},
    ],
    ids=["empty", "blank", "no-unit", "nul", "binary", "broken-html", "bad-pdf"],
)
def test_what_cannot_be_read_is_refused_with_a_message(editor_client, both_eras, data):
    count = Inspection.objects.count()
    if "file" in data:
        name, content = data["file"]
        data = {"file": SimpleUploadedFile(name, content)}
    response = editor_client.post(IMPORT, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="errornote"' in page or "NUL character" in page
    assert Inspection.objects.count() == count


def test_a_file_past_the_limit_is_refused(editor_client, both_eras):
    upload = SimpleUploadedFile("huge.txt", b"a" * (5 * 1024 * 1024 + 1))
    response = editor_client.post(IMPORT, {"file": upload})
    assert response.status_code in (400, 413)
    assert "MB" in response.content.decode()


def test_saving_the_checked_form_stores_the_unit_and_its_inspection_with_a_change_record(editor_client, both_eras):
    html = editor_client.post(IMPORT, {"text": NEW_UNIT_RELEASE}).content.decode()
    form = _form_data(html)
    form["check"] = "Check"
    checked = editor_client.post(ADD, form)
    assert checked.status_code == 200
    assert not Provider.objects.filter(short_name="Exampleshire PDU").exists()  # a Check saves nothing
    form = _form_data(checked.content.decode())
    form["save"] = "Save"
    saved = editor_client.post(ADD, form)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    unit = Provider.objects.get(short_name="Exampleshire PDU")
    assert unit.region.short_name == "East Midlands region"
    inspection = Inspection.objects.get(provider=unit)
    assert inspection.overall_rating == "Requires improvement"
    assert {rating.standard.slug: rating.rating for rating in inspection.standard_ratings.all()} == {
        "leadership": "Good",
        "staffing": "Inadequate",
        "services": "Inadequate",
        "assessment": "Requires improvement",
        "planning": "Requires improvement",
        "implementation-and-delivery": "Requires improvement",
        "reviewing": "Requires improvement",
    }
    assert inspection.notes.startswith("From the press release:")
    assert list(inspection.sources.values_list("url", flat=True)) == [NEW_UNIT_RELEASE.splitlines()[0]]
    assert ChangeRecord.objects.filter(inspection=inspection).exists()


def _form_data(html):
    """Every named input, select and textarea of the entry form as a browser would post it."""
    import re

    data = {}
    form = html[html.index('id="inspection-entry"') if 'id="inspection-entry"' in html else 0 :]
    for tag in re.finditer(r"<input\b[^>]*>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(0)))
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if not name or kind in ("submit", "button", "file"):
            continue
        if kind == "checkbox" and "checked" not in tag.group(0):
            continue
        data[name] = _unescape(attrs.get("value", "on" if kind == "checkbox" else ""))
    for select in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        option = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(2))
        data[select.group(1)] = _unescape(option.group(1)) if option else ""
    for area in re.finditer(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[area.group(1)] = _unescape(area.group(2).strip("\n"))
    return data


def _unescape(value):
    import html

    return html.unescape(value)


def test_a_unit_the_text_does_not_rate_is_refused(editor_client, both_eras):
    response = editor_client.post(IMPORT, {"text": LONDON_TRIO, "unit": "7"})
    assert response.status_code == 400
    assert "The text rates 3 units; choose one of those listed." in response.content.decode()


def test_a_framework_for_another_kind_of_unit_is_refused(editor_client, both_eras):
    region_2023 = Framework.objects.get(slug="region-2023")
    response = editor_client.post(IMPORT, {"text": LONDON_TRIO, "unit": "1", "framework": region_2023.pk})
    assert response.status_code == 400
    assert "does not rate a Probation Delivery Unit" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<html><body><p>\x00\x01\x02</p>", "binary data"),
        ("page.html", b"<html><script>Exampleshire PDU rated 'Good'", "no text"),
        ("page.html", b"<p>" + b"a" * 600_000, "more than 500,000 characters"),
    ],
    ids=["binary-html", "script-only", "too-much-text"],
)
def test_a_page_with_nothing_to_read_says_why(editor_client, both_eras, name, content, message):
    response = editor_client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_malformed_html_is_still_read(editor_client, both_eras):
    markup = b"<html><body><div><p>Exampleshire Probation Delivery Unit (PDU) has received an overall rating of "
    markup += b"'Good'<table><td></div></p></span><p>Exampleshire PDU sits within the Probation Service &ndash; "
    markup += b"East Midlands region.<!-- unclosed"
    response = editor_client.post(IMPORT, {"file": SimpleUploadedFile("page.htm", markup)})
    assert response.status_code == 200
    assert "Exampleshire" in response.content.decode()


def test_the_page_needs_the_permission_to_add(client, both_eras, django_user_model):
    client.force_login(django_user_model.objects.create_user("visitor", password="x", is_staff=True))
    assert client.get(IMPORT).status_code == 403


def test_the_page_asks_for_the_text_and_links_the_2018_20_import(editor_client, both_eras):
    response = editor_client.get(IMPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Read the text" in html
    assert reverse("admin:inspections_inspection_import_report") in html
