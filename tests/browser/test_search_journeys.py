"""The search box in Chromium, on the real data of both eras and the councils: a reader on a phone types a
postcode in the header and lands on the council's page; typing part of a name shows suggestions that the
keyboard and the mouse can follow; no postcode is ever sent for suggestions; the search's pages pass axe and
fit their screen; and without JavaScript the box is a plain form that works."""

import re

import pytest
from playwright.sync_api import expect

from .layout import overflow

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}
BRIGHTON_AND_HOVE = "/areas/brighton-and-hove/"
PDU = "/providers/brighton-and-east-sussex-pdu/"


def header_box(page):
    return page.get_by_role("search", name="Site search").get_by_role("combobox")


def suggestion_requests(network_log):
    return [url for _method, url, _kind in network_log.requests if "/find/suggest.json" in url]


def test_on_a_phone_a_reader_types_a_postcode_in_the_header_and_lands_on_its_councils_page(
    page, places_and_both_eras, network_log, browser_errors
):
    page.set_viewport_size(PHONE)
    page.goto("/probation-service/")
    box = header_box(page)
    expect(box).to_be_in_viewport()
    expect(box).to_have_attribute("placeholder", "Postcode, council or provider")
    box.press_sequentially("bn1 1aa", delay=30)
    page.wait_for_timeout(400)  # longer than the suggestions' wait: none is asked for
    expect(page.get_by_role("listbox")).to_be_hidden()
    box.press("Enter")
    page.wait_for_url(re.compile(re.escape(BRIGHTON_AND_HOVE) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Brighton and Hove")
    assert "1aa" not in page.url.lower() and "1AA" not in page.url
    assert suggestion_requests(network_log) == []  # nothing with a digit was ever sent
    network_log.assert_all_local()
    assert not browser_errors


def test_typing_part_of_a_name_suggests_places_and_the_keyboard_follows_one(
    page, places_and_both_eras, network_log, browser_errors, axe_check
):
    page.set_viewport_size(PHONE)
    page.goto("/")
    box = header_box(page)
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("Brigh", delay=40)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("Brighton and Hove")
    expect(options.nth(0)).to_contain_text("Council")
    expect(options.nth(1)).to_contain_text("Brighton and East Sussex PDU")
    expect(options.nth(1)).to_contain_text("PDU, Kent, Surrey and Sussex region")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", listbox.get_attribute("id"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_check(page)

    box.press("ArrowDown")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(0).get_attribute("id"))
    box.press("ArrowDown")
    expect(options.nth(0)).to_have_attribute("aria-selected", "false")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
    box.press("ArrowUp")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    box.press("ArrowUp")  # round to the last
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    page.wait_for_url(re.compile(re.escape(PDU) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Brighton and East Sussex")
    assert suggestion_requests(network_log), "the suggestions were fetched"
    assert all(not re.search(r"q=[^&]*\d", url) for url in suggestion_requests(network_log))
    network_log.assert_all_local()
    assert not browser_errors


def test_escape_closes_the_suggestions_and_the_mouse_follows_one(page, places_and_both_eras, browser_errors):
    page.set_viewport_size(DESKTOP)
    page.goto("/methodology/")
    box = header_box(page)
    box.press_sequentially("kss", delay=40)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("kss")  # Escape closed the list and left the text
    box.press("ArrowDown")  # opens it again on the first suggestion
    expect(listbox).to_be_visible()
    listbox.get_by_role("option", name=re.compile("KSS CRC")).click()
    page.wait_for_url(re.compile(r"/providers/kss-crc/$"))
    assert not browser_errors


def test_typing_on_to_a_digit_closes_the_suggestions_and_enter_submits_the_form(
    page, places_and_both_eras, network_log, browser_errors
):
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    box = header_box(page)
    box.press_sequentially("Brigh", delay=40)
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()
    box.fill("")
    box.press_sequentially("BN1", delay=40)
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_hidden()
    page.wait_for_timeout(400)
    assert all(not re.search(r"q=[^&]*\d", url) for url in suggestion_requests(network_log))
    box.press("Enter")  # no suggestion chosen: the form answers, here with the district's councils
    page.wait_for_url(re.compile(r"/find/\?q=BN1$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The postcode district BN1")
    assert not browser_errors


FIND_PAGES = [
    "/find/",
    "/find/?q=Brighton",
    "/find/?q=Atlantis",
    "/find/?q=BN1",
    "/find/?q=EH1+1AA",
    "/find/?q=ZZ99+9ZZ",
    "/find/?q=BN1+9ZZ",
    "/find/?q=BN1+1A",
]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP, {"width": 320, "height": 700}], ids=["375", "1366", "320"])
def test_the_search_pages_fit_their_screen_and_pass_axe(
    page, places_and_both_eras, axe_check, network_log, browser_errors, viewport
):
    page.set_viewport_size(viewport)
    for address in FIND_PAGES:
        page.goto(address)
        assert overflow(page, skip_scrolling_tables=True)["by"] <= 0, (
            address,
            overflow(page, skip_scrolling_tables=True),
        )
        axe_check(page)
    network_log.assert_all_local()
    # The 404 and 400 answers are the documents themselves, which Chromium reports as failed loads.
    refused = re.compile(r"Failed to load resource: the server responded with a status of (400|404)")
    assert [error for error in browser_errors if not refused.search(error)] == []
    assert len(network_log.failed_responses) == 3


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1366"])
def test_the_leagues_first_screen_has_the_search_and_their_first_rows(page, places_and_both_eras, viewport):
    page.set_viewport_size(viewport)
    page.goto("/probation-service/")
    visible_boxes = page.locator("form[role=search]:visible")
    expect(visible_boxes.first).to_be_in_viewport()
    # The answer, the national inspection's rating and the first rows, before anything is scrolled.
    expect(page.locator(".league-answer__national")).to_be_in_viewport()
    first_row = page.locator("#league-table tr[data-provider]").first
    expect(first_row).to_be_in_viewport(ratio=0.5 if viewport is DESKTOP else 0)
    if viewport is DESKTOP:
        expect(page.get_by_role("search", name="Find an area")).to_be_in_viewport()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= (200 if viewport is PHONE else 110)
    assert overflow(page, skip_scrolling_tables=True)["by"] <= 0


def test_without_javascript_the_box_is_a_plain_form_that_works(browser, live_server, places_and_both_eras):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto("/")
        box = page.get_by_role("search", name="Site search").get_by_role("searchbox")
        expect(box).to_be_visible()
        box.fill("BN1 1AA")
        box.press("Enter")
        page.wait_for_url(re.compile(re.escape(BRIGHTON_AND_HOVE) + "$"))
        page.goto("/")
        page.get_by_role("search", name="Site search").get_by_role("searchbox").fill("Brighton")
        page.get_by_role("search", name="Site search").get_by_role("button", name="Search").click()
        page.wait_for_url(re.compile(r"/find/\?q=Brighton$"))
        expect(page.get_by_role("link", name="Brighton and East Sussex PDU")).to_be_visible()
    finally:
        context.close()
