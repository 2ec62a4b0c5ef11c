"""Hostile uploads to the editors' importers: refused quickly with a message, nothing written, a small page."""

import time
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.importers import csv_import, report_text
from inspections.importers.report_text import UnreadablePdf, text_from_pdf
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


def test_a_pdf_within_the_page_limit_is_still_read():
    text = text_from_pdf(many_page_pdf(report_text.MAX_PDF_PAGES))
    assert text.count("Kent, Surrey and Sussex Community Rehabilitation Company") == report_text.MAX_PDF_PAGES


def test_reading_a_pdf_stops_after_its_time_allowance():
    ticks = iter(range(0, 10_000, report_text.MAX_PDF_SECONDS // 4 + 1))
    with pytest.raises(UnreadablePdf, match=r"took more than \d+ seconds"):
        text_from_pdf(many_page_pdf(20), clock=lambda: next(ticks))


def test_any_error_inside_pypdf_is_an_unreadable_pdf():
    broken = pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [9 0 R] /Count 1 >>"])
    with pytest.raises(UnreadablePdf, match="cannot be read as a PDF|no text layer"):
        text_from_pdf(broken)


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
