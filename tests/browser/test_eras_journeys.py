"""The eras page (/eras/) in Chromium, on the real data of both eras: accessible and never wider than its screen."""

import pytest
from playwright.sync_api import expect

from .layout import overflow

pytestmark = pytest.mark.browser

WIDTHS = (320, 375, 1366, 1920)


@pytest.mark.parametrize("width", WIDTHS)
def test_eras_page_fits_its_screen_and_passes_axe(page, both_eras, axe_check, network_log, browser_errors, width):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto("/eras/", wait_until="load")

    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Before and after reunification: how the ratings compare")
    expect(page.get_by_role("heading", name="Why the eras are not like for like")).to_be_in_viewport()
    first_round = page.locator("table", has=page.locator("caption", has_text="First round (2018–19)"))
    expect(first_round.locator("tbody tr", has_text="CRCs")).to_contain_text("1 of 21")
    found = overflow(page)
    assert found["by"] <= 0, f"{found['by']} px too wide at {width} px; {found['widest']}"
    axe_check(page, best_practice=True)
    network_log.assert_all_local()
    assert not network_log.failed_responses
    assert not browser_errors
