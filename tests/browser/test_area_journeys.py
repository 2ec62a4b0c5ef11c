"""A reader's journey from a postcode, in Chromium, on the real data of both eras and the councils: on a phone,
a postcode typed in the header leads to the council's page, which answers with today's PDU and region and the
CRC and NPS division of 2018–20, each with its latest rating; its timeline leads to the PDU (which lists the
councils it covers) and to the CRC before it. Every page on the way passes axe, and the places pages and the
search's answers fit every screen from 320 to 1920 px."""

import re

import pytest
from playwright.sync_api import expect

from inspections.models import Inspection

from .layout import overflow

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
WIDTHS = (320, 375, 768, 1366, 1920)
AXE_WIDTHS = (375, 1366)
BRIGHTON_AND_HOVE = "/areas/brighton-and-hove/"
PDU = ("Brighton and East Sussex PDU", "/providers/brighton-and-east-sussex-pdu/")
REGION = "Kent, Surrey and Sussex region"
CRC = ("KSS CRC", "/providers/kss-crc/")
NPS_DIVISION = "NPS South East & Eastern"

# The places pages and every kind of answer of the search, with the status each is answered with.
PAGES = {
    "area": (BRIGHTON_AND_HOVE, 200),
    "split area": ("/areas/birmingham/", 200),
    "councils A–Z": ("/areas/", 200),
    "search results": ("/find/?q=Brighton", 200),
    "nothing found": ("/find/?q=Atlantis", 200),
    "outside England and Wales": ("/find/?q=EH1+1AA", 200),
    "no such postcode": ("/find/?q=ZZ99+9ZZ", 404),
    "malformed": ("/find/?q=BN1+1A", 400),
}


def words(text):
    return " ".join(text.split())


def latest_rating(short_name):
    """What a provider's card should say of its latest rated inspection: ("Good", "published May 2024")."""
    latest = Inspection.objects.get(provider__short_name=short_name, is_latest_rated=True)
    return latest.overall_rating, latest.published_phrase


def assert_card_shows_latest_rating(section, short_name):
    card = section.locator("li.area-provider").filter(has=section.page.get_by_role("heading", name=short_name))
    expect(card).to_have_count(1)
    rating, published = latest_rating(short_name)
    text = words(card.inner_text())
    assert re.search(rf"Latest (rating|inspection): (Overall rating: )?{re.escape(rating)}\b", text), text
    assert published in text, text
    expect(card.locator(".rating")).to_contain_text(rating)


def test_on_a_phone_a_postcode_leads_to_the_area_and_its_timeline_to_the_pdu_and_the_crc_before_it(
    page, places_and_both_eras, axe_check, network_log, browser_errors
):
    page.set_viewport_size(PHONE)
    page.goto("/")
    box = page.get_by_role("search", name="Site search").get_by_role("combobox")
    expect(box).to_be_in_viewport()
    box.press_sequentially("BN1 1AA", delay=30)
    box.press("Enter")
    page.wait_for_url(re.compile(re.escape(BRIGHTON_AND_HOVE) + "$"))
    assert "1AA" not in page.url.upper()
    expect(page.get_by_role("heading", level=1)).to_have_text("Probation in Brighton and Hove")

    today = page.get_by_role("region", name="Today: the Probation Service")
    expect(today).to_be_visible()
    for short_name in (PDU[0], REGION):
        assert_card_shows_latest_rating(today, short_name)
    before = page.get_by_role("region", name="Before 2021: a CRC and an NPS division")
    for short_name in (CRC[0], NPS_DIVISION):
        assert_card_shows_latest_rating(before, short_name)
    expect(before.locator("li.area-provider .basis-tag")).to_have_text(["by area", "by area"])
    timeline = page.locator("table.area-timeline")
    for short_name in (PDU[0], REGION, CRC[0], NPS_DIVISION):
        expect(timeline.get_by_role("link", name=short_name, exact=True).first).to_be_visible()
    assert overflow(page)["by"] <= 0, overflow(page)
    axe_check(page)
    # The locator map draws when it is about to be seen.
    page.locator("#locator-map").scroll_into_view_if_needed()
    expect(page.locator("#locator-map")).to_have_class(re.compile(r"\bmap-drawn\b"))

    timeline.get_by_role("link", name=PDU[0], exact=True).click()
    page.wait_for_url(re.compile(re.escape(PDU[1]) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Brighton and East Sussex")
    councils = page.get_by_role("region", name="Councils it covers")
    expect(councils.get_by_role("link", name="Brighton and Hove", exact=True)).to_have_attribute(
        "href", BRIGHTON_AND_HOVE
    )
    assert overflow(page)["by"] <= 0, overflow(page)
    axe_check(page)

    page.go_back()
    page.wait_for_url(re.compile(re.escape(BRIGHTON_AND_HOVE) + "$"))
    page.locator("table.area-timeline").get_by_role("link", name=CRC[0], exact=True).click()
    page.wait_for_url(re.compile(re.escape(CRC[1]) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kent, Surrey and Sussex Community Rehabilitation Company"
    )
    assert overflow(page)["by"] <= 0, overflow(page)
    axe_check(page)

    network_log.assert_all_local()
    assert network_log.failed_responses == []
    assert not browser_errors


@pytest.mark.parametrize("width", WIDTHS)
def test_the_places_pages_and_the_searchs_answers_fit_every_screen(
    page, places_and_both_eras, axe_check, network_log, browser_errors, width
):
    page.set_viewport_size({"width": width, "height": 900})
    too_wide = []
    for name, (address, status) in PAGES.items():
        response = page.goto(address, wait_until="load")
        assert response.status == status, (name, address, response.status)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        found = overflow(page)
        if found["by"] > 0:
            too_wide.append(f"{name} ({address}) at {width} px: {found['by']} px too wide; {found['widest']}")
        if width in AXE_WIDTHS:
            axe_check(page)
    assert not too_wide, "\n".join(too_wide)
    network_log.assert_all_local()
    # The 404 and 400 answers are the documents themselves, which Chromium reports as failed loads.
    refused = re.compile(r"Failed to load resource: the server responded with a status of (400|404)")
    assert [error for error in browser_errors if not refused.search(error)] == []
