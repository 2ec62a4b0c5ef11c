"""Comparing providers and sharing the comparison, as a reader does it in Chromium, on the real data."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.chart_checks import draw_every_chart

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def compared_names(page):
    """The providers heading the standards table, in order."""
    table = page.locator("table", has=page.locator("caption", has_text="Published rating on each standard"))
    headers = table.locator("thead th").all_text_contents()
    return [header.strip() for header in headers[1:-1]]


def assert_no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_tick_compare_remove_add_copy_and_reopen(
    page, real_data, axe_check, network_log, browser_errors, browser, live_server, viewport
):
    page.set_viewport_size(viewport)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto("/")
    for name in ("KSS CRC", "BGSW CRC", "HIOW CRC"):
        page.get_by_label(f"Compare {name}", exact=True).check()
    page.get_by_role("button", name="Compare ticked providers").first.click()

    # Compared in the order ticked, not the table's (HIOW is =1st, BGSW and KSS =9th).
    expect(page).to_have_url(re.compile(r"/compare/kss-crc,bgsw-crc,hiow-crc/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare KSS CRC, BGSW CRC and HIOW CRC")
    assert compared_names(page) == ["KSS CRC", "BGSW CRC", "HIOW CRC"]
    draw_every_chart(page)  # charts are drawn when about to be seen
    expect(page.locator("#chart-compare-standards.chart-drawn")).to_have_count(1)
    # Only KSS CRC has key-question results: one line, no chart.
    expect(page.get_by_text("Only KSS CRC has key-question results recorded")).to_be_visible()
    expect(page.locator("#chart-compare-key-questions")).to_have_count(0)
    axe_check(page)
    if viewport is PHONE:
        assert_no_sideways_scroll(page)

    page.get_by_role("link", name="Remove BGSW CRC from the comparison").click()
    expect(page).to_have_url(re.compile(r"/compare/kss-crc,hiow-crc/$"))
    assert compared_names(page) == ["KSS CRC", "HIOW CRC"]

    suggestions = page.get_by_role("list", name="Suggested neighbours")
    suggestions.get_by_role("link", name="Add NPS South East & Eastern").click()
    expect(page).to_have_url(re.compile(r"/compare/kss-crc,hiow-crc,nps-south-east-eastern/$"))
    assert compared_names(page) == ["KSS CRC", "HIOW CRC", "NPS South East & Eastern"]

    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status").filter(has_text="Link copied")).to_have_count(1)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server.url}/compare/kss-crc,hiow-crc,nps-south-east-eastern/"
    axe_check(page)

    fresh = browser.new_context(viewport=viewport, locale="en-GB")
    try:
        other = fresh.new_page()
        response = other.goto(copied)
        assert response.status == 200
        expect(other.get_by_role("heading", level=1)).to_have_text(
            "Compare KSS CRC, HIOW CRC and NPS South East & Eastern"
        )
        assert compared_names(other) == compared_names(page)
        standards = "table:has(caption:has-text('Published rating on each standard')) tbody"
        assert other.locator(standards).inner_text() == page.locator(standards).inner_text()
    finally:
        fresh.close()

    network_log.assert_all_local()
    assert not network_log.failed_responses
    assert not browser_errors


def test_two_providers_on_a_phone_read_side_by_side_in_a_short_page(page, real_data, axe_check, browser_errors):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/compare/kss-crc,bgsw-crc/")
    draw_every_chart(page)
    # Once 14,348 px, 5,300 of them key-question cards reading "Not recorded / Cannot tell".
    assert page.evaluate("document.body.scrollHeight") <= 7174
    assert_no_sideways_scroll(page)
    # Each standard's two ratings on one line, under the providers' names.
    table = page.locator("table", has=page.locator("caption", has_text="Published rating on each standard"))
    expect(table.locator("thead th").nth(1)).to_be_visible()
    row = table.locator("tbody tr", has=page.get_by_role("link", name="2.2 Planning"))
    kss, bgsw = (row.locator("td").nth(index).bounding_box() for index in (0, 1))
    assert abs(kss["y"] - bgsw["y"]) < 2 and bgsw["x"] > kss["x"] + kss["width"]
    # The tall chart writes its scale above its first row, and its legend names both providers.
    chart = page.locator("#chart-compare-standards.chart-drawn")
    expect(chart.locator(".xtick")).not_to_have_count(0)
    expect(chart.locator(".x2tick")).not_to_have_count(0)
    expect(chart.locator(".legendtext")).to_have_text(["KSS CRC", "BGSW CRC"])
    axe_check(page)
    assert not browser_errors


def test_the_picker_counts_ticks_and_refuses_a_seventh(page, real_data, axe_check, browser_errors):
    page.set_viewport_size(PHONE)
    page.goto("/compare/")
    count = page.get_by_role("status").filter(has_text="ticked")
    expect(count).to_have_text("0 of up to 6 ticked")
    for name in ("KSS CRC", "BGSW CRC", "HIOW CRC", "DDC CRC", "Wales CRC", "London CRC"):
        page.get_by_label(name, exact=True).check()
    expect(count).to_have_text("6 of up to 6 ticked")
    expect(count).to_be_in_viewport()  # at the foot of the screen while the list scrolls
    page.get_by_label("Essex CRC", exact=True).click()
    expect(page.get_by_label("Essex CRC", exact=True)).not_to_be_checked()
    expect(count).to_have_text("6 of up to 6 ticked: a comparison shows at most 6. Untick one to choose another.")
    axe_check(page)
    page.get_by_label("KSS CRC", exact=True).uncheck()
    page.get_by_label("Essex CRC", exact=True).check()
    expect(count).to_have_text("6 of up to 6 ticked")
    page.get_by_role("button", name="Compare", exact=True).click()
    expect(page).to_have_url(re.compile(r"/compare/[a-z-]+(,[a-z-]+){5}/$"))
    assert not browser_errors


def test_compare_with_from_a_provider_page_then_add_from_the_list(page, real_data, axe_check, browser_errors):
    page.goto("/providers/kss-crc/")
    page.get_by_label("Compare KSS CRC with…").select_option("nps-south-east-eastern")
    page.get_by_role("button", name="Compare", exact=True).click()
    expect(page).to_have_url(re.compile(r"/compare/kss-crc,nps-south-east-eastern/$"))

    page.get_by_label("Add a provider").select_option("hiow-crc")
    page.get_by_role("button", name="Add to comparison").click()
    expect(page).to_have_url(re.compile(r"/compare/kss-crc,nps-south-east-eastern,hiow-crc/$"))
    assert compared_names(page) == ["KSS CRC", "NPS South East & Eastern", "HIOW CRC"]
    axe_check(page)
    assert not browser_errors


def test_copy_link_falls_back_to_selecting_the_address(page, real_data):
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});")
    page.goto("/compare/kss-crc,bgsw-crc/")
    field = page.get_by_label("Link to this comparison")
    expect(field).to_have_value(re.compile(r"/compare/kss-crc,bgsw-crc/$"))
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status").filter(has_text=re.compile("Link copied|press Ctrl\\+C"))).to_have_count(1)
    expect(field).to_be_focused()
    selected = field.evaluate("input => input.value.slice(input.selectionStart, input.selectionEnd)")
    assert selected == field.input_value()


def test_without_javascript_the_forms_still_compare(browser, live_server, real_data):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    try:
        page = context.new_page()
        page.goto("/")
        page.get_by_label("Compare KSS CRC", exact=True).check()
        page.get_by_label("Compare London CRC", exact=True).check()
        page.get_by_role("button", name="Compare ticked providers").first.click()
        expect(page).to_have_url(re.compile(r"/compare/kss-crc,london-crc/$"))
        expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
        expect(page.get_by_label("Link to this comparison")).to_have_value(
            f"{live_server.url}/compare/kss-crc,london-crc/"
        )
        page.goto("/compare/kss-crc/")
        expect(page.get_by_role("heading", level=1)).to_have_text("This comparison cannot be shown")
        page.get_by_role("link", name="KSS CRC, NPS South East & Eastern").click()
        expect(page).to_have_url(re.compile(r"/compare/kss-crc,nps-south-east-eastern/$"))
    finally:
        context.close()


def test_a_bad_address_explains_itself_and_passes_axe(page, real_data, axe_check):
    response = page.goto("/compare/kss-crc,kss-crc,no-such-crc/")
    assert response.status == 404
    expect(page.get_by_role("alert")).to_contain_text("No provider has the address “no-such-crc”.")
    expect(page.get_by_role("alert")).to_contain_text("KSS CRC is listed more than once")
    axe_check(page)


def test_badge_and_preview_images_decode_at_their_declared_sizes(page, real_data, axe_check):
    page.goto("/embed/?provider=kss-crc")
    badge = page.get_by_role("img", name="KSS CRC: latest HM Inspectorate of Probation rating")
    expect(badge).to_be_visible()
    badge.evaluate("img => img.decode()")
    assert badge.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [320, 96]
    axe_check(page)

    page.goto("/compare/kss-crc,bgsw-crc/")
    image_url = page.locator('meta[property="og:image"]').get_attribute("content")
    size = page.evaluate(
        """url => new Promise((resolve, reject) => {
            const image = new Image();
            image.onload = () => resolve([image.naturalWidth, image.naturalHeight]);
            image.onerror = () => reject(new Error("the preview image did not decode"));
            image.src = url;
        })""",
        image_url,
    )
    declared = [
        int(page.locator(f'meta[property="og:image:{side}"]').get_attribute("content")) for side in ("width", "height")
    ]
    assert size == declared == [1200, 630]


@pytest.mark.parametrize("address", ["/compare/", "/data/", "/embed/?provider=kss-crc", "/embed/league/?type=crc"])
def test_the_other_new_pages_pass_axe_on_a_phone(page, real_data, axe_check, browser_errors, address):
    page.set_viewport_size(PHONE)
    assert page.goto(address).status == 200
    axe_check(page)
    assert_no_sideways_scroll(page)
    assert not browser_errors
