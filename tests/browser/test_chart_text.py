"""A name holding markup is drawn by plotly.js as the text it is, never as a link or bold."""

import re

import pytest
from playwright.sync_api import expect

from providers.models import Provider
from tests.browser.chart_checks import draw_every_chart

pytestmark = pytest.mark.browser

HOSTILE = 'KSS <a href="https://evil.example/">win</a> <b>bold</b>'


def test_comparison_chart_shows_markup_in_a_name_as_text(page, real_data, browser_errors):
    Provider.objects.filter(slug="kss-crc").update(short_name=HOSTILE)
    page.goto("/compare/kss-crc,bgsw-crc/")
    draw_every_chart(page)
    charts = page.locator(".chart-canvas")
    expect(charts.first).to_have_class(re.compile(r"\bchart-drawn\b"))
    legend = charts.first.locator(".legendtext").first
    expect(legend).to_have_text(HOSTILE)
    assert charts.locator("a").count() == 0
    assert charts.locator("text[style*='bold'], tspan[style*='bold']").count() == 0
    assert not browser_errors
