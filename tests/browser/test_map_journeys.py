"""A reader finds their area on the map at /map/, in Chromium, on the real data."""

import html
import io
import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from playwright.sync_api import expect

from dashboard.charts import geo
from dashboard.charts.map_geometry import REFERENCE_LATITUDE
from dashboard.charts.theme import RATING_COLOURS

pytestmark = pytest.mark.browser

# A point inside Kent, Surrey and Sussex (the Weald, near Tunbridge Wells), as longitude and latitude.
WEALD = (0.3, 51.05)


def map_drawn(page, selector="#map"):
    """The map page's map is in the page as SVG; a locator map is drawn by plotly.js when about to be seen."""
    page.locator(selector).scroll_into_view_if_needed()
    if selector == "#map":
        expect(page.locator("#map svg.map-svg")).to_be_visible()
    else:
        expect(page.locator(f"{selector}.map-drawn")).to_have_count(1)


def drawn_traces(page, selector="#locator-map"):
    """What plotly.js drew on a locator map: each trace's name (as shown: the figure escapes it), fill colour and
    number of points, in drawing order."""
    traces = page.evaluate(
        """(selector) => document.querySelector(selector)._fullData.map(trace => ({
            name: trace.name, fillcolor: trace.fillcolor, points: trace.x.filter(x => x !== null).length,
            pattern: trace.fillpattern ? trace.fillpattern.shape : ""}))""",
        selector,
    )
    return [{**trace, "name": html.unescape(trace["name"])} for trace in traces]


def rgb(colour):
    """'#a4221b' as a computed style gives it: 'rgb(164, 34, 27)'."""
    return "rgb({}, {}, {})".format(*(int(colour[index : index + 2], 16) for index in (1, 3, 5)))


def drawn_areas(page):
    """{name: {fill (as painted), pattern (the fill attribute's pattern, if any), href, points}} of the map's SVG."""
    return page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll("#map a.map-area")).map(area => [
            area.getAttribute("data-name"),
            {fill: getComputedStyle(area.querySelector("path")).fill, pattern: area.getAttribute("fill") || "",
             href: area.getAttribute("href"), points: area.querySelector("path").getAttribute("d").length}]))"""
    )


def filled_shapes(page):
    return page.locator("#map a.map-area path").count()


def screen_point(page, longitude, latitude, selector="#map"):
    """Viewport coordinates of a place on the map page's map, after scrolling the map into view."""
    page.locator(selector).scroll_into_view_if_needed()
    document = json.loads(Path(finders.find(geo.GEOMETRY_STATIC_PATH)).read_text())
    left, _, _, top = document["bounds"]
    x = (longitude * math.cos(math.radians(REFERENCE_LATITUDE)) - left) * geo.SVG_UNITS_PER_DEGREE
    y = (top - latitude) * geo.SVG_UNITS_PER_DEGREE
    return page.evaluate(
        """([selector, x, y]) => {
            const matrix = document.querySelector(selector + " svg").getScreenCTM();
            return [matrix.a * x + matrix.e, matrix.d * y + matrix.f];
        }""",
        [selector, x, y],
    )


def legend_counts(page):
    items = page.locator(".map-legend li").all_text_contents()
    return {text.rsplit(":", 1)[0].strip(): int(text.rsplit(":", 1)[1]) for text in items}


def table_ratings(page, table_selector):
    rows = page.locator(f"{table_selector} tbody tr")
    names = rows.locator(':scope > th[scope="row"]').all_text_contents()
    return names, rows


def test_reader_sees_the_crcs_and_the_nps_divisions(page, real_data, axe_check, network_log, browser_errors):
    response = page.goto("/map/")
    assert response.status == 200
    map_drawn(page)
    areas = drawn_areas(page)
    assert len(areas) == 21
    assert all(area["points"] > 50 for area in areas.values())
    assert filled_shapes(page) == 21
    expect(page.locator("#map-summary")).to_have_text(
        "17 of 21 CRCs were rated Requires improvement overall at their latest inspection; "
        "3 were rated Good and 1 Inadequate."
    )
    expect(page.locator(".map-figure .map-attribution")).to_contain_text(
        "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
        "Contains OS data © Crown copyright and database right 2020."
    )
    axe_check(page)

    page.get_by_label("Providers").select_option("nps")
    page.get_by_role("button", name="Show on the map").click()
    expect(page).to_have_url(re.compile(r"/map/\?type=nps&standard=overall&round=$"))
    map_drawn(page)
    assert len(drawn_areas(page)) == 7
    assert filled_shapes(page) == 7
    expect(page.locator("#map-notes")).to_contain_text("NPS South East & Eastern")
    axe_check(page)

    # The map is in the page: neither plotly.js nor the geometry file is fetched.
    fetched = [url for _, url, _ in network_log.requests]
    assert not [url for url in fetched if "plotly" in url or "/static/geo/" in url]
    assert any(url.endswith("/static/js/map.js") for url in fetched)
    network_log.assert_all_local()
    assert not network_log.failed_responses
    assert not browser_errors


def test_legend_and_table_agree_with_the_league_table(page, real_data):
    page.goto("/?type=crc")
    league = page.locator("table.league-table tbody tr[data-provider]")
    expect(league).to_have_count(21)
    league_ratings = {}
    for row in league.all():
        name = row.locator('th[scope="row"] a').first.inner_text().strip()
        badge = row.locator("td[data-label='Overall rating'] .rating").inner_text()
        league_ratings[name] = badge.split(":")[-1].strip()  # after its visually hidden "Overall rating:"

    page.goto("/map/?type=crc")
    map_drawn(page)
    names, rows = table_ratings(page, "#map-table")
    map_ratings = {
        name.strip(): rows.nth(index).locator(".rating").inner_text().strip() for index, name in enumerate(names)
    }
    assert map_ratings == league_ratings
    counts = Counter(league_ratings.values())
    assert legend_counts(page) == {category: counts.get(category, 0) for category in RATING_COLOURS}
    # And the map is coloured as the table says.
    drawn = {name: area["fill"] for name, area in drawn_areas(page).items()}
    assert drawn == {name: rgb(RATING_COLOURS[rating]) for name, rating in league_ratings.items()}


def test_hovering_kss_names_its_rating_and_date_and_clicking_opens_its_page(page, real_data, browser_errors):
    page.goto("/map/")
    map_drawn(page)
    x, y = screen_point(page, *WEALD)
    page.mouse.move(x - 4, y)
    page.mouse.move(x, y)
    hover = page.locator("#map .map-tip")
    expect(hover).to_be_visible()
    expect(hover).to_have_text(re.compile(r"^KSS CRC\s*Overall rating: Requires improvement\s*Published 19 June 2019$"))
    expect(page.locator("#map .map-highlight")).to_have_attribute("href", "#map-area-kss-crc")
    page.mouse.move(x, 1)  # off the map
    expect(hover).to_be_hidden()

    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(r"/providers/kss-crc/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kent, Surrey and Sussex Community Rehabilitation Company"
    )
    # The drilldown's locator map highlights the same area.
    map_drawn(page, "#locator-map")
    assert [trace["fillcolor"] for trace in drawn_traces(page, "#locator-map")] == ["#dcdcd8", "#1a4f9c"]
    assert not browser_errors


def test_changing_the_standard_changes_colours_and_address(page, real_data, axe_check, network_log):
    page.goto("/map/")
    map_drawn(page)
    before = drawn_areas(page)
    assert before["KSS CRC"]["fill"] == rgb(RATING_COLOURS["Requires improvement"])

    page.get_by_label("Colour by").select_option("2.3")
    page.get_by_role("button", name="Show on the map").click()

    expect(page).to_have_url(re.compile(r"/map/\?type=crc&standard=2\.3&round=$"))
    map_drawn(page)
    after = drawn_areas(page)
    assert after["KSS CRC"]["fill"] == "rgb(164, 34, 27)"  # the Inadequate red
    assert after["HIOW CRC"]["fill"] == rgb(RATING_COLOURS["Requires improvement"])
    # Not recorded is hatched, never a colour of its own.
    assert after["Essex CRC"]["pattern"] == "url(#map-pattern-not-recorded)"
    assert after["Essex CRC"]["fill"] == 'url("#map-pattern-not-recorded")'
    expect(page.get_by_label("Colour by")).to_have_value("2.3")
    expect(page.locator(".map-legend li[data-category='Not recorded']")).to_have_text("Not recorded: 13")
    axe_check(page)
    network_log.assert_all_local()

    # The address alone reopens the same map.
    page.goto("/map/?type=crc&standard=2.3")
    map_drawn(page)
    assert drawn_areas(page) == after


def test_map_works_on_a_narrow_touch_screen(browser, live_server, real_data, axe_check):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto("/map/")
    map_drawn(page)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    box = page.locator("#map").bounding_box()
    assert 250 < box["width"] <= 360 and box["height"] > box["width"]
    assert filled_shapes(page) == 21
    # Table rows become cards whose cells carry their own labels.
    expect(page.locator("#map-table thead")).to_have_css("position", "absolute")
    first = page.locator("#map-table tbody tr").first
    assert first.bounding_box()["width"] <= 360
    axe_check(page)
    # The first tap on an area names it and its rating, with a link, and stays on the map; the second opens it.
    x, y = screen_point(page, *WEALD)
    page.touchscreen.tap(x, y)
    tip = page.locator("#map .map-tip")
    expect(tip).to_contain_text("KSS CRC")
    expect(tip).to_contain_text("Overall rating: Requires improvement")
    expect(tip.get_by_role("link", name="Open KSS CRC's page")).to_have_attribute("href", "/providers/kss-crc/")
    assert re.search(r"/map/$", page.url)
    page.touchscreen.tap(x, y)
    expect(page).to_have_url(re.compile(r"/providers/kss-crc/$"))
    context.close()


def test_keyboard_reaches_every_provider_through_the_table(page, real_data):
    page.goto("/map/?type=nps")
    map_drawn(page)
    # Each area is a link named with its rating; focusing it shows the same beside the map.
    first_area = page.locator("#map a.map-area").first
    name = first_area.get_attribute("data-name")
    expect(page.get_by_role("link", name=re.compile(rf"^{re.escape(name)} \(.*\)\. Overall rating: "))).to_have_count(1)
    first_area.focus()
    expect(page.locator("#map .map-tip")).to_contain_text(name)
    links = page.locator("#map-table tbody th a")
    expect(links).to_have_count(7)
    links.first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/providers/nps-[a-z-]+/$"))


def test_without_javascript_the_summary_and_table_remain(browser, live_server, real_data):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/map/?type=crc&standard=2.3")
        # The map is the server's SVG, drawn without scripts, each area a link.
        expect(page.locator(".map-figure svg.map-svg")).to_be_visible()
        expect(page.locator("#map a.map-area")).to_have_count(21)
        expect(page.locator("#map-summary")).to_contain_text("6 of 21 CRCs were rated Inadequate")
        expect(page.locator("#map-table tbody tr")).to_have_count(21)
        page.locator('#map a.map-area[href="/providers/kss-crc/"]').click()
        expect(page).to_have_url(re.compile(r"/providers/kss-crc/$"))
    finally:
        context.close()


def test_comparison_page_maps_the_compared_areas(page, real_data, axe_check, network_log, browser_errors):
    page.goto("/compare/kss-crc,nps-south-east-eastern/")
    map_drawn(page, "#locator-map")
    traces = drawn_traces(page, "#locator-map")
    assert [trace["name"] for trace in traces] == ["England and Wales", "NPS South East & Eastern", "KSS CRC"]
    assert traces[0]["points"] > 1000 and traces[2]["points"] > 10
    expect(page.locator(".compared-areas li")).to_have_count(2)
    axe_check(page)
    network_log.assert_all_local()
    assert not browser_errors


@pytest.fixture
def both_eras(transactional_db):
    """The real data of both eras: the CRCs and NPS divisions of 2018-20 and the Probation Service since 2022."""
    call_command("load_real_data_if_empty", stdout=io.StringIO())


def test_reader_sees_the_probation_service_regions(page, both_eras, axe_check, network_log, browser_errors):
    response = page.goto("/map/?type=region")
    assert response.status == 200
    map_drawn(page)
    drawn = drawn_areas(page)
    assert len(drawn) == 12
    assert all(area["points"] > 50 for area in drawn.values())
    assert filled_shapes(page) == 12
    assert drawn["Kent, Surrey and Sussex region"]["fill"] == rgb(RATING_COLOURS["Requires improvement"])
    assert drawn["East Midlands region"]["fill"] == rgb(RATING_COLOURS["Inadequate"])
    # Not rated (a dynamic inspection only) cross-hatched; not recorded hatched.
    assert drawn["Greater Manchester region"]["pattern"] == "url(#map-pattern-not-rated)"
    assert drawn["London region"]["pattern"] == "url(#map-pattern-not-recorded)"
    expect(page.locator("#map-summary")).to_have_text(
        "5 of 12 Probation Service regions were rated Requires improvement overall at their latest inspection; "
        "1 was rated Inadequate. 4 were inspected but given no overall rating (Not rated). "
        "For the other 2 the rating is not recorded."
    )
    assert legend_counts(page) == {
        "Outstanding": 0,
        "Good": 0,
        "Requires improvement": 5,
        "Inadequate": 1,
        "Not rated": 4,
        "Not recorded": 2,
    }
    expect(page.locator(".map-figure .map-attribution")).to_contain_text(
        "Source: Office for National Statistics licensed under the Open Government Licence v.3.0."
    )
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    axe_check(page)

    # The table alternative: every region, and under each its PDUs with their own ratings and dates.
    names, rows = table_ratings(page, "#map-table")
    assert len(names) == 12 and "Kent, Surrey and Sussex region" in [name.strip() for name in names]
    kss = page.locator('#map-table tr[data-provider="kent-surrey-and-sussex-region"]')
    expect(kss.locator("td[data-label='Published']")).to_have_text("May 2024")
    west_kent = kss.locator('li[data-unit="west-kent-pdu"]')
    expect(west_kent).to_contain_text("West Kent PDU")
    expect(west_kent.locator(".rating")).to_have_text("Overall rating: Requires improvement")
    expect(west_kent).to_contain_text("Date not recorded")
    expect(page.locator('#map-table tr[data-provider="east-midlands-region"] td[data-label="Published"]')).to_have_text(
        "Date not recorded"
    )

    # Hovering the Weald names the region, its rating and date; the address is what a reader shares.
    x, y = screen_point(page, *WEALD)
    page.mouse.move(x - 4, y)
    page.mouse.move(x, y)
    hover = page.locator("#map .map-tip")
    expect(hover).to_be_visible()
    expect(hover).to_contain_text("Kent, Surrey and Sussex region")
    expect(hover).to_contain_text("Overall rating: Requires improvement")
    expect(hover).to_contain_text("Published May 2024")

    # The form offers regions only their overall rating and their own rounds.
    assert page.get_by_label("Colour by").locator("option").all_text_contents() == ["Overall rating"]
    page.get_by_label("Inspection round").select_option("2023-25")
    page.get_by_role("button", name="Show on the map").click()
    expect(page).to_have_url(re.compile(r"/map/\?type=region&standard=overall&round=2023-25$"))
    map_drawn(page)
    expect(page.locator(".map-legend li[data-category='Not recorded']")).to_have_text("Not recorded: 6")

    # Choosing the CRCs sets the round back to one both eras have, so the form never asks for a missing map.
    page.get_by_label("Providers").select_option("crc")
    expect(page.get_by_label("Inspection round")).to_have_value("")
    expect(page.get_by_label("Inspection round").locator("option[value='2023-25']")).to_be_disabled()
    page.get_by_label("Providers").select_option("region")
    expect(page.get_by_label("Inspection round")).to_have_value("2023-25")
    page.get_by_label("Providers").select_option("crc")
    page.get_by_role("button", name="Show on the map").click()
    expect(page).to_have_url(re.compile(r"/map/\?type=crc&standard=overall&round=$"))
    map_drawn(page)
    assert len(drawn_areas(page)) == 21

    # A PDU's link opens its page.
    page.goto("/map/?type=region")
    page.locator('li[data-unit="west-kent-pdu"] .map-unit-name a').click()
    expect(page).to_have_url(re.compile(r"/providers/west-kent-pdu/$"))

    network_log.assert_all_local()
    assert not network_log.failed_responses
    assert not browser_errors


def test_map_of_regions_works_on_a_narrow_screen(page, both_eras, axe_check, network_log, browser_errors):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/map/?type=region")
    map_drawn(page)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    box = page.locator("#map").bounding_box()
    assert 250 < box["width"] <= 375 and box["height"] > box["width"]
    assert len(drawn_areas(page)) == 12
    # Rows become cards; a region's PDUs stay inside its card.
    expect(page.locator("#map-table thead")).to_have_css("position", "absolute")
    card = page.locator('#map-table tr[data-provider="kent-surrey-and-sussex-region"]')
    card_box = card.bounding_box()
    assert card_box["width"] <= 375
    for item in card.locator("li[data-unit]").all():
        item_box = item.bounding_box()
        assert card_box["x"] <= item_box["x"] and item_box["x"] + item_box["width"] <= card_box["x"] + card_box["width"]
    axe_check(page)
    network_log.assert_all_local()
    assert not browser_errors


def test_without_javascript_the_regions_table_remains(browser, live_server, both_eras):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/map/?type=region")
        expect(page.locator("#map a.map-area")).to_have_count(12)
        expect(page.locator("#map-summary")).to_contain_text("5 of 12 Probation Service regions")
        expect(page.locator("#map-table tbody > tr")).to_have_count(12)
        expect(page.locator("#map-table li[data-unit]")).to_have_count(111)
    finally:
        context.close()
