"""Today's league in Chromium, on the real data of both eras: from the 2018-20 league to a PDU, its region
and the CRC before it; every new page accessible and never wider than its screen."""

import pytest
from playwright.sync_api import expect

from .layout import overflow

pytestmark = pytest.mark.browser

WIDTHS = (320, 375, 1366, 1920)
PAGES = [
    "/probation-service/",
    "/probation-service/?region=kent-surrey-and-sussex-region&standards=pdu-2023",
    "/providers/kent-surrey-and-sussex-region/",
    "/providers/gateshead-and-south-tyneside-pdu/",
    "/providers/hammersmith-fulham-kensington-chelsea-and-westminster-pdu/",
    "/providers/tameside-pdu/",
    "/standards/pdu-2021/court-work/",
]


def test_a_reader_goes_from_the_crc_league_to_a_pdu_its_region_and_the_crc_before_it(
    page, both_eras, network_log, browser_errors
):
    page.goto("/")
    expect(page.get_by_text("Community Rehabilitation Companies were abolished on 26 June 2021")).to_be_in_viewport()
    page.get_by_role("link", name="today's Probation Service league of regions and PDUs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Probation Service league table")

    page.get_by_label("Region", exact=True).select_option(label="Kent, Surrey and Sussex region")
    page.get_by_role("button", name="Apply filters").click()
    assert "region=kent-surrey-and-sussex-region" in page.url
    rows = page.locator("#league-table tbody tr[data-provider]")
    expect(rows).to_have_count(6)  # the region and its five PDUs

    page.locator("#league-table").get_by_role("link", name="West Kent PDU").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("West Kent Probation Delivery Unit")
    expect(page.get_by_text("Date not recorded").first).to_be_visible()

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Kent, Surrey and Sussex region").click()
    expect(page.get_by_role("heading", name="Its Probation Delivery Units")).to_be_visible()

    page.locator(".era-links").get_by_role("link", name="KSS CRC", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kent, Surrey and Sussex Community Rehabilitation Company"
    )
    expect(page.get_by_role("heading", name="Since reunification: who took over its area")).to_be_visible()
    network_log.assert_all_local()
    assert not browser_errors


@pytest.mark.parametrize("width", WIDTHS)
def test_every_new_page_fits_its_screen_and_passes_axe(page, both_eras, axe_check, network_log, browser_errors, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in PAGES:
        response = page.goto(path, wait_until="load")
        assert response.status == 200, path
        found = overflow(page, skip_scrolling_tables=True)
        assert found["by"] <= 0, f"{path}: {found['by']} px too wide at {width} px; {found['widest']}"
        axe_check(page)
    network_log.assert_all_local()
    assert not network_log.failed_responses
    assert not browser_errors
