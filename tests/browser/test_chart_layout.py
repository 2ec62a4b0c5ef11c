"""Every chart page at phone, tablet and desktop widths: labels never overlap or clip, and plotly.js waits.

Read from the SVG plotly.js drew (tests/browser/chart_checks.py).
"""

import pytest
from playwright.sync_api import expect

from inspections.models import Inspection
from tests.browser.chart_checks import assert_charts_readable, label_problems

pytestmark = pytest.mark.browser

WIDTHS = [320, 375, 768, 1366, 1920]
PLOTLY = "/static/vendor/plotly/plotly-basic-3.7.0.min.js"


def chart_pages():
    kss = Inspection.objects.get(provider__slug="kss-crc", inspection_round__slug="2018-19")
    return [
        "/providers/kss-crc/",
        "/providers/nps-london/",
        "/standards/2.3/",
        kss.get_absolute_url(),
        "/compare/kss-crc,bgsw-crc/",
        "/compare/kss-crc,bgsw-crc,nps-london,dlnr-crc,nps-wales,thames-valley-crc/",
        "/map/",
        # A rating history (two rated inspections) and an owner's spread of ratings.
        "/providers/thames-valley-crc/",
        "/owners/seetec/",
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_labels_neither_overlap_nor_clip(page, real_data, browser_errors, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in chart_pages():
        page.goto(path)
        assert_charts_readable(page)
    assert not browser_errors


def test_the_checker_finds_overlapping_and_clipped_labels(page, real_data):
    """A chart drawn with a fixed, too narrow margin and crowded ticks is caught."""
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto("/providers/kss-crc/")
    assert_charts_readable(page)
    page.evaluate(
        """() => Plotly.relayout(document.getElementById("chart-standards"), {
            "margin.l": 10, "yaxis.automargin": false, "yaxis.showticklabels": true,
            "xaxis.dtick": 1, "xaxis.tickfont.size": 16})"""
    )
    problems = label_problems(page)
    assert any("is clipped by the chart's edge" in problem for problem in problems)
    assert any('overlaps tick label "' in problem for problem in problems)


def test_plotly_waits_until_a_chart_is_about_to_be_seen(page, real_data, network_log):
    # A short window, so the first chart is well over a screen and a look-ahead below it.
    page.set_viewport_size({"width": 1366, "height": 300})
    page.goto("/providers/kss-crc/")
    page.wait_for_load_state("networkidle")
    # The page is complete before plotly.js: the charts' tables are there, plotly.js is not fetched.
    assert not [url for _, url, _ in network_log.requests if url.endswith(PLOTLY)]
    expect(page.locator("table").first).to_be_visible()
    page.locator("[data-figure], [data-map-figure]").last.scroll_into_view_if_needed()
    expect(page.locator(".js-plotly-plot").first).to_be_attached()
    assert len([url for _, url, _ in network_log.requests if url.endswith(PLOTLY)]) == 1


def test_a_chart_keeps_its_height_while_plotly_arrives(page, real_data):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/providers/kss-crc/")
    canvas = page.locator("#chart-standards")
    reserved = canvas.bounding_box()["height"]
    assert reserved == int(canvas.get_attribute("data-height"))
    downloads = page.locator('[data-downloads-for="chart-standards"]')
    kept = downloads.bounding_box()["height"]  # the space its download buttons will take
    assert kept > 30
    assert_charts_readable(page)
    assert canvas.bounding_box()["height"] == reserved
    expect(downloads.get_by_role("button")).to_have_count(2)
    assert downloads.bounding_box()["height"] == kept


def test_on_a_phone_row_labels_sit_above_the_bars(page, real_data):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/providers/kss-crc/")
    assert_charts_readable(page)
    chart = page.locator("#chart-standards")
    assert chart.locator(".ytick text").count() == 0
    labels = chart.locator(".annotation-text").all_text_contents()
    assert labels[:2] == ["1.1 Leadership", "1.2 Staff"]

    page.set_viewport_size({"width": 1366, "height": 800})  # wider than the narrow form: labels beside the bars
    expect(chart.locator(".ytick text").filter(has_text="1.1 Leadership")).to_have_count(1)
    assert chart.locator(".annotation-text").count() == 0


def test_a_locator_map_keeps_its_place_while_plotly_arrives(page, real_data):
    held = []
    page.route("**/plotly-basic-*.js", lambda route: held.append(route))  # held until the box is measured
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/providers/kss-crc/")
    page.locator("#locator-map").scroll_into_view_if_needed()
    below = "() => document.querySelector('.locator .map-attribution').getBoundingClientRect().top + window.scrollY"
    attribution_top = page.evaluate(below)
    assert page.locator("#locator-map").bounding_box()["height"] > 200  # the map's box, reserved before it is drawn
    page.wait_for_function("() => document.querySelectorAll('script[src*=plotly-basic]').length === 1")
    held[0].continue_()
    expect(page.locator("#locator-map.map-drawn")).to_have_count(1)
    assert page.evaluate(below) == attribution_top
