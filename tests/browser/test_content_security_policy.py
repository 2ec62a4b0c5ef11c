"""Every kind of page works in Chromium under the site's enforced Content-Security-Policy.

A violation shows up twice: as a `securitypolicyviolation` event in the page and as a console
error naming the Content Security Policy. Either fails the test, as does any other console error.
"""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from inspections.models import Inspection
from tests.browser.chart_checks import scroll_into_view
from tests.browser.test_map_journeys import WEALD, screen_point

pytestmark = pytest.mark.browser

PASSWORD = "a long editor passphrase"

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline") +
    " at " + event.sourceFile + ":" + event.lineNumber + " (" + (event.sample || "") + ")");
});
"""

PUBLIC_PAGES = [
    ("league", "/"),
    ("provider", "/providers/kss-crc/"),
    ("owner", "/owners/seetec/"),
    ("standard", "/standards/2.3/"),
    ("methodology", "/methodology/"),
    ("compare", "/compare/kss-crc,bgsw-crc/"),
    ("map", "/map/"),
    ("data", "/data/"),
    ("embed", "/embed/league/"),
    ("embed help", "/embed/"),
    ("changes", "/changes/"),
]

# The places pages, which need the councils, with their status: a council's page (its locator map drawn and
# the header's suggestions opened), the councils A–Z, and the search's answers.
PLACES_PAGES = [
    ("area", "/areas/brighton-and-hove/", 200),
    ("areas", "/areas/", 200),
    ("find results", "/find/?q=Brighton", 200),
    ("find unknown", "/find/?q=ZZ99+9ZZ", 404),
]


def _visit(page, path, expected_status=200):
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(path)
    assert response.status == expected_status, path
    assert response.headers.get("content-security-policy"), f"{path} has no Content-Security-Policy"
    page.wait_for_load_state("networkidle")
    # Charts and maps are drawn by plotly.js: wait until each one is, so their styles are applied.
    for canvas in page.locator("[data-figure]").all():
        scroll_into_view(canvas)  # plotly.js is fetched when a chart is about to be seen
        expect(canvas).to_have_class(re.compile(r"\b(chart|map)-drawn\b"))
        # Hover labels are drawn only on hover, with their own styling: exercise them too.
        box = canvas.bounding_box()
        for fraction in (0.3, 0.5, 0.7):
            page.mouse.move(box["x"] + box["width"] * fraction, box["y"] + box["height"] * fraction, steps=3)
            page.wait_for_timeout(120)  # plotly.js throttles hover events
    if page.locator("#map").count():
        # The map's label names the provider: hover over Kent, as a reader would.
        x, y = screen_point(page, *WEALD)
        page.mouse.move(x - 4, y)
        page.mouse.move(x, y)
        expect(page.locator("#map .map-tip")).to_be_visible()
    return page.evaluate("window.cspViolations")


def _assert_clean(path, violations, browser_errors, expected_console=()):
    errors = [error for error in browser_errors if not any(text in error for text in expected_console)]
    assert not violations, f"{path}: Content-Security-Policy violations:\n" + "\n".join(violations)
    assert not errors, f"{path}: console errors:\n" + "\n".join(errors)


@pytest.mark.parametrize("path", [path for _, path in PUBLIC_PAGES], ids=[name for name, _ in PUBLIC_PAGES])
def test_public_page_draws_without_a_policy_violation(page, real_data, browser_errors, path):
    violations = _visit(page, path)
    _assert_clean(path, violations, browser_errors)


@pytest.mark.parametrize(
    ("path", "status"), [(path, status) for _, path, status in PLACES_PAGES], ids=[name for name, _, _ in PLACES_PAGES]
)
def test_places_page_draws_without_a_policy_violation(page, places_and_both_eras, browser_errors, path, status):
    _visit(page, path, expected_status=status)
    for canvas in page.locator("[data-map-figure]").all():
        scroll_into_view(canvas)  # plotly.js is fetched when the map is about to be seen
        expect(canvas).to_have_class(re.compile(r"\bmap-drawn\b"))
    # The suggestions the header's box shows as one types are drawn by static/js/search.js.
    box = page.get_by_role("search", name="Site search").get_by_role("combobox")
    box.scroll_into_view_if_needed()
    box.press_sequentially("Brigh", delay=40)
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()
    expected_console = ["status of 404"] if status == 404 else []
    _assert_clean(path, page.evaluate("window.cspViolations"), browser_errors, expected_console=expected_console)


def test_inspection_page_and_the_404_page_keep_the_policy(page, real_data, browser_errors):
    inspection_path = Inspection.objects.order_by("id").first().get_absolute_url()
    _assert_clean(inspection_path, _visit(page, inspection_path), browser_errors)

    violations = _visit(page, "/no-such-page/", expected_status=404)
    # The browser reports the page's own 404 status as a failed load; nothing else may appear.
    _assert_clean("/no-such-page/", violations, browser_errors, expected_console=["status of 404"])


def test_admin_login_and_an_editors_inspection_form_keep_the_policy(page, real_data, browser_errors, django_user_model):
    from django.apps import apps

    from inspections.roles import ensure_editor_group

    ensure_editor_group(apps)
    user = django_user_model.objects.create_user("jo.editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))

    _assert_clean("/admin/login/", _visit(page, "/admin/login/?next=/admin/"), browser_errors)
    page.get_by_label("Username").fill("jo.editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Published data")).to_be_visible()

    inspection = Inspection.objects.order_by("id").first()
    for path in (
        "/admin/",
        "/admin/inspections/inspection/",  # the change list inlines one style rule (hashed in the policy)
        f"/admin/inspections/inspection/{inspection.pk}/change/",
        "/admin/inspections/inspection/add/",
        "/admin/inspections/inspection/import-report/",
        "/admin/inspections/inspection/import-csv/",
    ):
        _assert_clean(path, _visit(page, path), browser_errors)
    expect(page.get_by_role("heading", name="Import inspections from CSV files")).to_be_visible()
