"""The league printed from Chromium: A4 portrait pages, the whole table on them, nothing printed over anything."""

import io

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

# A4 in PDF points (Chromium writes 595.92 x 842.88), and its width inside the print stylesheet's 10 mm side
# margins in CSS pixels (190 mm at 96 px to the inch): the width the printed page is laid out at.
A4_POINTS = (595, 842)
A4_CONTENT_WIDTH_PX = 718


def test_the_league_prints_on_a_few_a4_portrait_pages_with_nothing_overlapping(page, real_data):
    page.goto("/")

    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))

    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages}
    assert all(abs(w - A4_POINTS[0]) <= 1 and abs(h - A4_POINTS[1]) <= 1 for w, h in sizes), sizes
    assert 1 <= len(pdf.pages) <= 4, f"the league of 28 rows printed on {len(pdf.pages)} pages"
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "DTV CRC" in text and "DDC CRC" in text, "the first and the last provider are printed"
    assert "Data last changed" in text

    page.set_viewport_size({"width": A4_CONTENT_WIDTH_PX, "height": 1100})
    page.emulate_media(media="print")
    table = page.locator("table", has=page.locator("thead")).first
    boxes = {
        name: locator.bounding_box()
        for name, locator in {
            "table": table,
            "provenance": page.locator(".provenance"),
            "footer": page.locator("footer"),
        }.items()
    }
    assert boxes["table"]["y"] + boxes["table"]["height"] <= boxes["provenance"]["y"], boxes
    assert boxes["provenance"]["y"] + boxes["provenance"]["height"] <= boxes["footer"]["y"], boxes
    assert boxes["table"]["x"] + boxes["table"]["width"] <= A4_CONTENT_WIDTH_PX, "the table is wider than the page"
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_CONTENT_WIDTH_PX, "something is wider"
    for control in ["form.filters", "form[role=search]", "input[type=checkbox]", ".site-header nav"]:
        assert not page.locator(control).first.is_visible(), f"{control} is printed"
    assert table.locator("tbody tr").first.evaluate("row => getComputedStyle(row).breakInside") == "avoid"
