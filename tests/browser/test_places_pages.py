"""/data/ and the methodology with the places built, in Chromium: their places sections pass axe and fit the
screen from a small phone to a wide desktop."""

import pytest

pytestmark = pytest.mark.browser

VIEWPORTS = {"320": (320, 640), "phone": (375, 812), "desktop": (1366, 900), "wide": (1920, 1080)}


@pytest.mark.parametrize("address", ["/data/", "/methodology/"])
@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_the_places_sections_pass_axe_and_fit(page, places_and_both_eras, axe_check, browser_errors, address, viewport):
    width, height = viewport
    page.set_viewport_size({"width": width, "height": height})
    assert page.goto(address).status == 200
    section = page.locator("section#places")
    assert "Open Government Licence v3.0" in section.inner_text()
    assert "2,720,556" in section.inner_text()
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not browser_errors
