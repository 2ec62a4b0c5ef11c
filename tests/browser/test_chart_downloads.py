"""Each drawn chart can be saved as SVG and PNG, under the site's Content-Security-Policy, in Chromium."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_chart_downloads_as_svg_and_png(page, real_data, browser_errors, tmp_path):
    page.goto("/providers/kss-crc/")
    chart = page.locator("#chart-standards")
    chart.scroll_into_view_if_needed()
    expect(chart).to_have_class(re.compile(r"\bchart-drawn\b"))
    buttons = page.locator('[data-downloads-for="chart-standards"] button')
    expect(buttons).to_have_text(["Download SVG", "Download PNG"])
    expect(buttons.first).to_have_accessible_name(re.compile(r"^Download SVG image of the chart: each standard's"))

    saved = {}
    for button in buttons.all():
        with page.expect_download() as download:
            button.click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        saved[path.suffix] = (path.name, path.read_bytes())
    assert saved[".svg"][0] == "providers-kss-crc-chart-standards.svg"
    assert saved[".svg"][1].startswith(b"<svg") and b"1.1 Leadership" in saved[".svg"][1]
    assert saved[".png"][0] == "providers-kss-crc-chart-standards.png"
    assert saved[".png"][1].startswith(b"\x89PNG\r\n\x1a\n")
    assert not browser_errors  # a refused image, as plotly.js's own PNG export would be, is a console error
