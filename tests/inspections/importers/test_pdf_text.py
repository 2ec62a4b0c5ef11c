"""Reading a PDF's text in a child process held to limits: each limit stops it with a message."""

import sys
import time

import pytest

from inspections.importers.pdf_text import MAX_PDF_PAGES, PdfLimits, UnreadablePdf, text_from_pdf
from tests.inspections.test_import_limits import many_page_pdf, pdf, spaces_bomb_pdf

KSS = "Kent, Surrey and Sussex Community Rehabilitation Company"
NO_DECODED_LIMIT = 10**12  # to reach the limits behind it


def test_a_pdf_within_the_page_limit_is_read():
    text = text_from_pdf(many_page_pdf(MAX_PDF_PAGES))
    assert text.count(KSS) == MAX_PDF_PAGES


def test_any_error_inside_pypdf_is_an_unreadable_pdf():
    broken = pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [9 0 R] /Count 1 >>"])
    with pytest.raises(UnreadablePdf, match="cannot be read as a PDF|no text layer"):
        text_from_pdf(broken)


def test_the_pages_decoded_content_is_bounded_in_total():
    # 40 streams of 19 MB: each within pypdf's per-stream limit, 760 MB together.
    with pytest.raises(UnreadablePdf, match="pages decompress to more than 100 MB, more than any report"):
        text_from_pdf(spaces_bomb_pdf(pages=40))


def test_the_child_stops_at_its_memory_limit():
    limits = PdfLimits(decoded=NO_DECODED_LIMIT, memory=200 * 1024 * 1024)
    with pytest.raises(UnreadablePdf, match="Reading the PDF needs more than 200 MB of memory"):
        text_from_pdf(spaces_bomb_pdf(pages=40), limits=limits)


def test_the_child_stops_at_its_processor_time_limit():
    limits = PdfLimits(decoded=NO_DECODED_LIMIT, cpu_seconds=1)
    with pytest.raises(UnreadablePdf, match=r"took more than its 1 s of processor time"):
        text_from_pdf(spaces_bomb_pdf(pages=40), limits=limits)


def test_the_text_read_is_bounded():
    with pytest.raises(UnreadablePdf, match="more than 10,000 characters of text"):
        text_from_pdf(many_page_pdf(400), limits=PdfLimits(text=10_000))


def test_a_child_past_the_deadline_is_killed():
    started = time.monotonic()
    with pytest.raises(UnreadablePdf, match=r"took more than 0.5 seconds"):
        text_from_pdf(b"", limits=PdfLimits(seconds=0.5), command=[sys.executable, "-c", "import time; time.sleep(60)"])
    assert time.monotonic() - started < 5


def test_a_child_writing_more_than_the_text_allowed_is_killed():
    flood = "import sys\nsys.stdout.write('text\\n')\nwhile True: sys.stdout.write('x' * 65536)"
    with pytest.raises(UnreadablePdf, match="more than 1,000 characters of text"):
        text_from_pdf(b"", limits=PdfLimits(text=1000), command=[sys.executable, "-c", flood])


def test_a_child_that_dies_is_an_unreadable_pdf():
    with pytest.raises(UnreadablePdf, match=r"cannot be read as a PDF \(the reader stopped, exit status -6\)"):
        text_from_pdf(b"", command=[sys.executable, "-c", "import os; os.abort()"])
