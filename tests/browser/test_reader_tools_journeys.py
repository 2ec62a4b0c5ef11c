"""What readers expect at the foot of a page: report a mistake, cite it, share it with the phone's sheet."""

import re

import pytest

from corrections.models import MistakeReport

pytestmark = pytest.mark.browser

STUB_SHARE_SHEET = "navigator.share = function (data) { window.sharedWith = data; return Promise.resolve(); };"


def test_a_reader_reports_a_mistake_from_a_provider_page(page, real_data, axe_check, browser_errors):
    page.goto("/providers/kss-crc/")
    page.get_by_role("link", name="Report a mistake on this page").click()
    page.wait_for_url("**/report-a-mistake/?page=/providers/kss-crc/")
    axe_check(page)
    page.get_by_role("button", name="Send the report").click()
    summary = page.get_by_role("alert")
    assert "Nothing was sent: 1 thing to correct" in summary.inner_text()
    assert page.get_by_label("What is wrong").get_attribute("aria-invalid") == "true"
    axe_check(page)
    page.get_by_label("What is wrong").fill("4.2 Through the Gate should read Good.")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url("**/report-a-mistake/thanks/?page=%2Fproviders%2Fkss-crc%2F")
    page.get_by_role("link", name="Back to the page you were reading").click()
    page.wait_for_url("**/providers/kss-crc/")
    report = MistakeReport.objects.get()
    assert (report.page, report.what_is_wrong) == ("/providers/kss-crc/", "4.2 Through the Gate should read Good.")
    # The form sent back with its problem is a 400, which Chromium logs; nothing else may go wrong.
    assert [error for error in browser_errors if "status of 400" not in error] == []


def test_the_share_sheet_where_the_browser_has_one_and_the_citation(page, real_data, axe_check, browser_errors):
    page.goto("/providers/kss-crc/")
    assert page.locator("button.native-share").is_hidden()  # headless Chromium on Linux has no share sheet
    page.add_init_script(STUB_SHARE_SHEET)
    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    share = page.get_by_role("button", name=re.compile(r"^Share this page"))
    assert share.is_visible()
    share.click()
    shared = page.evaluate("window.sharedWith")
    assert shared["url"].endswith("/providers/kss-crc/") and shared["title"].startswith("KSS CRC")
    page.locator("details.cite summary").click()
    citation = page.locator(".citation").inner_text()
    assert "“KSS CRC: inspection ratings”" in citation and "Accessed [date]." in citation
    page.get_by_role("link", name="Overall rating: Requires improvement — what this rating means").first.click()
    page.wait_for_url("**/glossary/#rating-requires-improvement")
    axe_check(page)
    assert browser_errors == []
