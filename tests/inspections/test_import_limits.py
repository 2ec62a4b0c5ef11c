"""Hostile uploads to the editors' importers: refused quickly with a message, nothing written, a small page."""

import re
import time
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from inspections.forms import ReportImportForm
from inspections.importers import csv_import
from inspections.models import ChangeRecord, Inspection, KeyQuestionResult
from providers.models import Owner, OwnershipPeriod, Provider

pytestmark = pytest.mark.django_db

IMPORT_REPORT = reverse("admin:inspections_inspection_import_report")
IMPORT_CSV = reverse("admin:inspections_inspection_import_csv")
SECONDS = 5  # what any refusal below may take, on a slow shared machine
SMALL_PAGE = 40_000  # bytes: the form and a short list of errors


def stored_rows():
    return (
        Inspection.objects.count(),
        KeyQuestionResult.objects.count(),
        Provider.objects.count(),
        Owner.objects.count(),
        OwnershipPeriod.objects.count(),
        ChangeRecord.objects.count(),
    )


def post_timed(client, url, data):
    started = time.monotonic()
    response = client.post(url, data)
    return response, time.monotonic() - started


def pdf(objects):
    """A PDF of the given object bodies (object 1 the catalogue), written byte by byte."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def decompression_bomb_pdf():
    """One page whose content stream is 100 KB compressed and 100 MB once inflated."""
    payload = zlib.compress(b"\n" * 100_000_000, 9)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(payload) + payload + b"\nendstream"
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream,
            FONT,
        ]
    )


def spaces_bomb_pdf(pages=400, spaces=19_000_000):
    """`pages` pages, each its own copy of one FlateDecode stream of `spaces` spaces (compressed once)."""
    payload = zlib.compress(b" " * spaces, 9)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(payload) + payload + b"\nendstream"
    first_page = 4  # pages and their streams alternate from object 4
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * index) for index in range(pages))
    page_tree = b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", page_tree, FONT]
    for index in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (first_page + 2 * index + 1)
        )
        objects.append(stream)
    return pdf(objects)


def memory_kb(field):
    """This process's resident memory now (VmRSS) or at its peak (VmHWM), in kB."""
    status = open("/proc/self/status").read()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.M).group(1))


def reset_peak_memory():
    """Starts VmHWM again from VmRSS (Linux's clear_refs), so a peak reached earlier cannot hide this one."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        pass  # a kernel or sandbox without it: the peak is measured from the process's start


def many_page_pdf(pages):
    """`pages` pages, each showing the same line of text (one shared content stream)."""
    text = b"BT /F1 10 Tf 40 800 Td (Kent, Surrey and Sussex Community Rehabilitation Company) Tj ET"
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + index) for index in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>"
    )
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
            FONT,
            *[page] * pages,
        ]
    )


# --- PDF ------------------------------------------------------------------------------------


def test_a_pdf_decompression_bomb_is_refused_with_a_message(editor_client, first_round):
    before = stored_rows()
    upload = SimpleUploadedFile("bomb.pdf", decompression_bomb_pdf(), content_type="application/pdf")
    response, seconds = post_timed(editor_client, IMPORT_REPORT, {"text": "", "file": upload})
    assert response.status_code == 400
    assert "The file cannot be read as a PDF (" in response.content.decode()
    assert seconds < SECONDS
    assert stored_rows() == before


def test_a_pdf_of_thousands_of_pages_is_refused_before_it_is_read(editor_client, first_round):
    before = stored_rows()
    upload = SimpleUploadedFile("long.pdf", many_page_pdf(5_000), content_type="application/pdf")
    response, seconds = post_timed(editor_client, IMPORT_REPORT, {"text": "", "file": upload})
    assert response.status_code == 400
    assert "The PDF has 5,000 pages; the importer reads at most 400." in response.content.decode()
    assert seconds < SECONDS
    assert stored_rows() == before


def test_a_pdf_of_400_pages_of_compressed_spaces_is_refused_without_the_server_growing(editor_client, first_round):
    # 7.5 MB that decompress to 19 MB a page, 7.6 GB in all: each stream is within pypdf's own limit.
    data = spaces_bomb_pdf()
    before = stored_rows()
    reset_peak_memory()
    resident = memory_kb("VmRSS")
    upload = SimpleUploadedFile("bomb.pdf", data, content_type="application/pdf")
    response, seconds = post_timed(editor_client, IMPORT_REPORT, {"text": "", "file": upload})
    assert response.status_code == 400
    assert "The PDF&#x27;s pages decompress to more than 100 MB, more than any report" in response.content.decode()
    assert seconds < 25
    assert memory_kb("VmHWM") - resident < 200 * 1024
    assert stored_rows() == before


def test_a_text_file_over_the_character_limit_is_refused(editor_client, first_round):
    before = stored_rows()
    upload = SimpleUploadedFile("report.txt", b"x" * (ReportImportForm.MAX_TEXT + 1), content_type="text/plain")
    response, seconds = post_timed(editor_client, IMPORT_REPORT, {"text": "", "file": upload})
    assert response.status_code == 400
    assert "The file holds more than 2,000,000 characters of text, more than any report." in response.content.decode()
    assert seconds < SECONDS
    assert stored_rows() == before


def test_a_text_file_is_limited_in_characters_not_bytes():
    # 2,000,000 two-byte characters after a byte order mark: 4 MB, and exactly the limit.
    data = "\ufeff".encode() + "é".encode() * ReportImportForm.MAX_TEXT
    form = ReportImportForm({"text": ""}, {"file": SimpleUploadedFile("report.txt", data)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["report_text"] == "é" * ReportImportForm.MAX_TEXT

    form = ReportImportForm({"text": ""}, {"file": SimpleUploadedFile("report.txt", data + "é".encode())})
    assert form.errors["__all__"] == ["The file holds more than 2,000,000 characters of text, more than any report."]


def test_a_text_file_that_is_not_utf8_is_refused():
    form = ReportImportForm({"text": ""}, {"file": SimpleUploadedFile("report.txt", b"An inspection of \xff")})
    assert form.errors["__all__"] == ["The file is neither a PDF nor UTF-8 text; paste the report's text instead."]


# --- More files or more text than Django reads ----------------------------------------------


@pytest.fixture
def browser_client(editor):
    """An editor's browser: CSRF enforced, and saying which site its requests come from (Origin)."""
    client = Client(enforce_csrf_checks=True, headers={"origin": "http://testserver"})
    client.force_login(editor)
    return client


def test_more_files_than_django_reads_get_the_import_page_and_its_message(browser_client, first_round):
    before = stored_rows()
    files = [csv_file(f"f{number}.csv", "fieldwork_started\n2019\n") for number in range(21)]
    response = browser_client.post(IMPORT_CSV, {"files": files, "round": "2018-19"})
    html = response.content.decode()
    assert response.status_code == 413
    assert "Import inspections from CSV files" in html
    assert "More than 20 files were chosen, more than one upload may carry; nothing was read." in html
    assert "This field is required" not in html
    assert stored_rows() == before


def test_more_text_than_django_reads_gets_the_import_page_and_its_message(browser_client, first_round):
    response = browser_client.post(IMPORT_REPORT, {"text": "An inspection of " + "x" * 2_700_000})
    html = response.content.decode()
    assert response.status_code == 413
    assert "Import an inspection from its report" in html
    assert "The text sent is more than 2.5 MB, the most a form may carry; nothing was read." in html
    assert "This field is required" not in html


def test_a_refused_body_from_another_site_gets_the_generic_page(editor, first_round):
    client = Client(enforce_csrf_checks=True, headers={"origin": "https://elsewhere.example"})
    client.force_login(editor)
    response = client.post(IMPORT_REPORT, {"text": "x" * 2_700_000})
    assert response.status_code == 400
    assert "Import an inspection from its report" not in response.content.decode()


def test_a_refused_body_elsewhere_gets_the_generic_page(browser_client, first_round):
    response = browser_client.post(reverse("admin:inspections_inspection_add"), {"text": "x" * 2_700_000})
    assert response.status_code == 400
    assert "The text sent is more than" not in response.content.decode()


# --- CSV ------------------------------------------------------------------------------------


def csv_file(name, text):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_a_csv_of_millions_of_tiny_rows_is_refused_quickly_on_a_small_page(editor_client, first_round):
    before = stored_rows()
    rows = "key_question,percent_yes,relevant_subsample_only\n" + "1,1,\n" * 900_000  # 4.5 MB
    response, seconds = post_timed(
        editor_client,
        IMPORT_CSV,
        {"files": [csv_file("tiny-rows.csv", rows)], "round": "2018-19", "inspection": "KSS CRC@2019-06-19"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f"tiny-rows.csv: cannot be read as UTF-8 CSV (it has more than {csv_import.MAX_ROWS_PER_FILE:,} rows" in html
    assert seconds < SECONDS
    assert len(response.content) < SMALL_PAGE
    assert stored_rows() == before


def test_the_errors_listed_are_capped(editor_client, first_round):
    before = stored_rows()
    header = "provider_short_name,owner,from,to,source\n"
    rows = "".join(f"No such CRC {n},Owner {n},2019,2020,https://example.org/{n}\n" for n in range(400))
    response = editor_client.post(IMPORT_CSV, {"files": [csv_file("ownership.csv", header + rows)], "round": "2018-19"})
    html = response.content.decode()
    assert response.status_code == 400
    listed = html.count("<li>ownership.csv row ")
    assert listed == csv_import.MAX_ERRORS_REPORTED
    assert f"… and {400 - listed} more errors, not listed: correct these first." in html
    assert len(response.content) < SMALL_PAGE
    assert stored_rows() == before


def test_more_files_than_an_import_takes_are_refused(editor_client, first_round):
    files = [csv_file(f"f{number}.csv", "fieldwork_started\n2019\n") for number in range(11)]
    response = editor_client.post(IMPORT_CSV, {"files": files, "round": "2018-19"})
    assert response.status_code == 400
    assert "11 files chosen: import at most 10 at a time." in response.content.decode()


def test_a_csv_file_over_5_mb_is_refused(editor_client, first_round):
    big = "fieldwork_started\n" + "2019\n" * 1_100_000
    response = editor_client.post(IMPORT_CSV, {"files": [csv_file("big.csv", big)], "round": "2018-19"})
    assert response.status_code == 400
    assert "big.csv is larger than 5 MB, the most one file may be." in response.content.decode()


def test_an_upload_over_the_request_limit_is_refused_unread(editor_client, first_round, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1024 * 1024
    before = stored_rows()
    files = [csv_file(f"part{number}.csv", "fieldwork_started\n" + "2019\n" * 100_000) for number in range(3)]
    response = editor_client.post(IMPORT_CSV, {"files": files, "round": "2018-19"})
    html = response.content.decode()
    assert response.status_code == 413
    assert "The files chosen add up to more than 1 MB, the most one upload may carry; nothing was read." in html
    assert "This field is required" not in html
    assert stored_rows() == before

    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n" + b"0" * 1_200_000, content_type="application/pdf")
    response = editor_client.post(IMPORT_REPORT, {"text": "", "file": upload})
    assert response.status_code == 413
    assert "add up to more than 1 MB" in response.content.decode()


def test_the_request_limits_are_set(settings):
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 20
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 3 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 3 * 1024 * 1024
    assert settings.FILE_UPLOAD_HANDLERS[0] == "inspections.uploads.BoundedRequestUploadHandler"


def test_a_nul_character_in_an_uploaded_csv_is_a_fault_of_its_row_and_column(editor_client, first_round):
    before = stored_rows()
    text = "provider_short_name,owner,from,to,source\nKSS CRC,Seetec\x00,2019,2020,https://example.org/\n"
    response = editor_client.post(IMPORT_CSV, {"files": [csv_file("ownership.csv", text)], "round": "2018-19"})
    assert response.status_code == 400
    assert "ownership.csv row 2: owner: contains a NUL character (\\x00), which a cell cannot hold" in (
        response.content.decode()
    )
    assert stored_rows() == before
