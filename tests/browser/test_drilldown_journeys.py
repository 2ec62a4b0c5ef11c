"""A reader opens the Kent, Surrey and Sussex CRC drilldown in Chromium, on the real data."""

import pytest
from playwright.sync_api import expect

from tests.browser.chart_checks import draw_every_chart

pytestmark = pytest.mark.browser

# Annex 2 of the June 2019 report, in order.
REPORT_PERCENT_YES = [75, 69, 49, 61, 64, 47, 76, 54, 41, 71, 64, 47, 70, 74, 65, 76, 69, 54, 55]
KSS = "/providers/kss-crc/"


def charts_drawn(page, expected):
    draw_every_chart(page)  # charts are drawn when about to be seen
    expect(page.locator(".chart-canvas.chart-drawn")).to_have_count(expected)
    assert page.locator(".chart-canvas svg.main-svg").count() >= expected


def key_question_percentages(page):
    table = page.locator("table.key-questions-table")
    cells = table.locator("tbody tr > td:nth-of-type(1)").all_text_contents()
    return [int(text.strip().rstrip("%")) for text in cells]


def clipped_tables(page):
    """Captions of the tables whose scroll box hides some of their columns."""
    return page.eval_on_selector_all(
        ".table-scroll",
        "boxes => boxes.filter(box => box.scrollWidth > box.clientWidth + 1)"
        ".map(box => (box.querySelector('caption') || box).textContent.trim())",
    )


def focused_links_by_tabbing(page, limit=200):
    """hrefs of the links keyboard focus reaches, tabbing from the top of the page."""
    page.locator("body").focus()
    reached = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        href = page.evaluate("() => document.activeElement && document.activeElement.getAttribute('href')")
        tag = page.evaluate("() => document.activeElement && document.activeElement.tagName")
        if tag == "BODY":
            break
        if href is not None:
            if reached and href == reached[0] and len(reached) > 3:
                break
            reached.append(href)
    return reached


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 812}], ids=["desktop", "phone"]
)
def test_reader_understands_the_kss_ratings(page, real_data, axe_check, network_log, browser_errors, viewport):
    page.set_viewport_size(viewport)
    response = page.goto(KSS)
    assert response.status == 200

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kent, Surrey and Sussex Community Rehabilitation Company"
    )
    expect(page.get_by_text("15 of 30 — Requires improvement, one point below Good")).to_be_visible()
    charts_drawn(page, 3)
    assert key_question_percentages(page) == REPORT_PERCENT_YES

    # Without the mode bar, nothing of Plotly's toolbar is on the page.
    assert page.locator(".modebar").count() == 0
    if viewport["width"] < 600:
        # On a phone the page does not scroll sideways as a whole, nor any table inside its box: each is a card.
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert clipped_tables(page) == []
    # "Compare with…" comes straight after the headline rating, before the evidence.
    compare_top = page.locator("form.compare-with").bounding_box()["y"]
    assert compare_top < page.locator("#standards-title").bounding_box()["y"]

    axe_check(page)
    network_log.assert_all_local()
    assert not browser_errors, browser_errors
    assert not network_log.failed_responses


def test_keyboard_focus_reaches_every_link(page, real_data):
    page.goto(KSS)
    charts_drawn(page, 3)
    links = page.eval_on_selector_all(
        "a[href]", "links => links.filter(a => a.offsetParent !== null).map(a => a.getAttribute('href'))"
    )
    reached = focused_links_by_tabbing(page)
    missing = [href for href in links if href not in reached]
    assert not missing, f"Keyboard focus never reached: {missing}"
    assert reached[0] == "#main"  # the skip link comes first


def test_the_drilldown_works_without_javascript(browser, live_server, real_data):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(KSS)
    assert key_question_percentages(page) == REPORT_PERCENT_YES
    assert page.locator("svg.main-svg").count() == 0
    context.close()


@pytest.mark.parametrize("address", ["/providers/hiow-crc/", "/providers/kent-surrey-and-sussex-region/"])
def test_a_phone_reads_every_table_of_a_provider_or_region_as_cards(page, both_eras, axe_check, address):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(address)

    assert clipped_tables(page) == []
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    # No card shows a label over nothing.
    empty = page.eval_on_selector_all(
        ".report-cards td", "cells => cells.filter(cell => cell.checkVisibility() && !cell.innerText.trim()).length"
    )
    assert empty == 0
    axe_check(page)
