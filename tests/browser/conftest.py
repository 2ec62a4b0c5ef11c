"""Browser test fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Fixtures
- ``browser``      headless Chromium, one per test module, (/usr/bin/chromium, never a downloaded build).
- ``real_data``    loads fixtures/frameworks.json, first_round.json and second_round.json into the test database.
- ``page``         a fresh browser page on the live server (``page.goto("/")`` works), with
                   every request recorded and anything off the live server's origin blocked.
- ``network_log``  what ``page`` requested: ``.requests``, ``.offsite`` and ``.failed_responses``.
- ``browser_errors`` JavaScript errors and console errors raised on ``page``.
- ``axe_check``    ``axe_check(page)`` runs axe-core (WCAG 2.2 AA tags) and fails with the violations.

Without /usr/bin/chromium the browser tests are skipped, except under CI (CI=true) where they fail.
"""

import os
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from inspections import league_fields
from inspections.management.commands.load_real_data_if_empty import CRC_ERA_FIXTURES

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEFAULT_TIMEOUT_MS = 15_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


def _under_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)"
        if _under_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread while it runs, and Django's
    # ORM refuses to run beside one unless told it is safe, which it is here: the loop never runs
    # Django code. Module scope keeps that allowance (and the loop) to the browser test modules.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def real_data(transactional_db):
    """The real published data of both rounds: frameworks, 28 first-round and 10 second-round inspections."""
    call_command("loaddata", *CRC_ERA_FIXTURES, verbosity=0)
    league_fields.refresh_all()


@pytest.fixture
def both_eras(transactional_db):
    """The real data of both eras, as `make run` loads it: the CRC era's rounds and the Probation Service's."""
    call_command("load_real_data_if_empty", verbosity=0)


@dataclass
class NetworkLog:
    """Requests a page made; anything not addressed to ``origin`` is blocked and listed in ``offsite``."""

    origin: str
    requests: list = field(default_factory=list)
    offsite: list = field(default_factory=list)
    failed_responses: list = field(default_factory=list)

    def is_local(self, url):
        if url.startswith(("data:", "blob:", "about:")):
            return True
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def assert_all_local(self):
        assert not self.offsite, "Requests left the live server's origin:\n" + "\n".join(self.offsite)


@pytest.fixture
def network_log(live_server):
    parts = urlsplit(live_server.url)
    return NetworkLog(origin=f"{parts.scheme}://{parts.netloc}")


@pytest.fixture
def browser_errors():
    return []


@pytest.fixture
def page(request, browser, live_server, transactional_db, network_log, browser_errors):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)

    def guard(route):
        url = route.request.url
        if network_log.is_local(url):
            route.continue_()
        else:
            network_log.offsite.append(f"{route.request.method} {url}")
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    new_page = context.new_page()
    new_page.on("request", lambda req: network_log.requests.append((req.method, req.url, req.resource_type)))
    new_page.on(
        "response",
        lambda resp: network_log.failed_responses.append(f"{resp.status} {resp.url}") if resp.status >= 400 else None,
    )
    new_page.on("pageerror", lambda error: browser_errors.append(f"page error: {error}"))
    new_page.on(
        "console",
        lambda message: browser_errors.append(f"console: {message.text}") if message.type == "error" else None,
    )
    yield new_page

    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        try:
            new_page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        except Exception:  # noqa: BLE001 - a screenshot is a courtesy, never a second failure
            pass
    context.close()


def _describe_violations(violations, page_url):
    lines = [f"{len(violations)} accessibility violation(s) (WCAG 2.2 AA) on {page_url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation.get('impact')}] {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:8]:
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").strip()
            if summary:
                lines.append(textwrap.indent(summary, "      "))
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


# What Chromium logs when the Content-Security-Policy refuses a <style> element or attribute.
REFUSED_INLINE_STYLE = "Applying inline style violates the following Content Security Policy directive"


@pytest.fixture
def axe_check(browser_errors):
    """``axe_check(page, context=None, disable=(), best_practice=False)``: fail unless axe-core finds no
    WCAG 2.2 AA violations (and, with ``best_practice``, none of axe's best-practice rules either).

    axe-core comes bundled with axe-playwright-python, so it runs offline. ``context`` narrows
    the check to a CSS selector; ``disable`` names rules to skip, each of which needs a reason
    in the calling test.
    """
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, context=None, disable=(), best_practice=False):
        tags = [*WCAG_TAGS, "best-practice"] if best_practice else WCAG_TAGS
        options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
        if disable:
            options["rules"] = {rule: {"enabled": False} for rule in disable}
        before = len(browser_errors)
        results = axe.run(page, context=context, options=options)
        # axe-core adds <style> elements of its own while it checks, which the site's policy refuses:
        # those refusals are the checker's, not the page's (tests/browser/test_content_security_policy.py
        # checks the pages without axe).
        browser_errors[before:] = [error for error in browser_errors[before:] if REFUSED_INLINE_STYLE not in error]
        violations = results.response["violations"]
        if violations:
            pytest.fail(_describe_violations(violations, page.url), pytrace=False)
        return results.response

    return check


@pytest.fixture
def places_and_both_eras(transactional_db, built_places):
    """The councils, both eras' real data and their links, committed so that the live server sees them."""
    from places.sync import store_places

    store_places(built_places)
    call_command("load_real_data_if_empty", verbosity=0)
