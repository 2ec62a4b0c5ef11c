"""The browser fixtures themselves can fail a test: static files load, offsite requests and
accessibility violations are caught."""

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def frameworks_only(transactional_db):
    from django.core.management import call_command

    call_command("loaddata", "fixtures/frameworks.json", verbosity=0)


def test_pages_load_their_stylesheet_from_the_live_server(page, frameworks_only, network_log, browser_errors):
    with page.expect_response(lambda response: "/static/css/site.css" in response.url) as stylesheet:
        response = page.goto("/")

    assert response.status == 200
    assert stylesheet.value.status == 200
    assert stylesheet.value.url.startswith(network_log.origin)
    # The stylesheet is applied, not only fetched: the skip link is moved off screen until focused.
    assert page.locator(".skip-link").first.evaluate("el => getComputedStyle(el).position") == "absolute"
    network_log.assert_all_local()
    assert not network_log.failed_responses
    assert not browser_errors


def test_requests_to_other_origins_are_blocked_and_recorded(page, frameworks_only, network_log):
    page.goto("/")
    # A navigation, not a fetch: the site's Content-Security-Policy refuses a fetch to another
    # origin before the request is made, so the guard would never see it.
    with pytest.raises(PlaywrightError, match="ERR_BLOCKED_BY_CLIENT"):
        page.goto("https://example.org/tracker.js")

    assert network_log.offsite == ["GET https://example.org/tracker.js"]
    with pytest.raises(AssertionError, match="example.org"):
        network_log.assert_all_local()


def test_axe_check_reports_violations_readably(page, axe_check):
    page.set_content('<!doctype html><html lang="en"><title>t</title><main><img src="data:,"></main></html>')

    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(page)

    message = str(failure.value)
    assert "image-alt" in message
    assert "img" in message


def test_axe_check_passes_an_accessible_page(page, axe_check):
    page.set_content('<!doctype html><html lang="en"><title>t</title><main><h1>Fine</h1></main></html>')

    results = axe_check(page)

    assert results["violations"] == []
    expect(page.get_by_role("heading", name="Fine")).to_be_visible()
