"""An editor enters inspections in Chromium: by hand, and from the text of the KSS report, on the real data."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.inspections.test_report_text import KSS_PERCENTS, KSS_RATINGS

pytestmark = pytest.mark.browser

KSS_TEXT = (Path(__file__).resolve().parents[2] / "fixtures" / "reports" / "kss-crc-2019.txt").read_text()
PASSWORD = "a long editor passphrase"

# DDC CRC's second inspection, as an editor would enter it: KSS's pattern of ratings, with 2.4 Reviewing
# rated Requires improvement although its key questions (lowest 47%) indicate Inadequate.
NEW_RATINGS = {
    "1.1 Leadership": "Good",
    "1.2 Staff": "Good",
    "1.3 Services": "Good",
    "1.4 Information and facilities": "Good",
    "2.1 Assessment": "Requires improvement",
    "2.2 Planning": "Requires improvement",
    "2.3 Implementation and delivery": "Inadequate",
    "2.4 Reviewing": "Requires improvement",
    "4.1 Unpaid work": "Good",
    "4.2 Through the Gate": "Requires improvement",
}
REVIEWING_RESULTS = {"2.4.1": ("71", "132"), "2.4.2": ("64", "132"), "2.4.3": ("47", "")}


@pytest.fixture
def editor_login(real_data, django_user_model):
    """A staff user in the Editor group (created anew: the live server's database is emptied between tests)."""
    from django.apps import apps

    from inspections.roles import ensure_editor_group

    ensure_editor_group(apps)
    user = django_user_model.objects.create_user("jo.editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))

    def log_in(page):
        page.goto("/admin/login/?next=/admin/")
        page.get_by_label("Username").fill("jo.editor")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name="Published data")).to_be_visible()

    return log_in


def rank_of(page, provider):
    """The text in the Rank column of the provider's row of the league table."""
    table = page.locator("table", has=page.locator("thead a[href*='sort=']"))
    headers = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    position = next(index for index, text in enumerate(headers) if text.startswith("Rank"))
    row = table.locator("tbody tr", has=page.get_by_role("link", name=provider, exact=True))
    expect(row).to_have_count(1)
    return row.locator(":scope > th, :scope > td").nth(position).inner_text().strip()


def test_editor_adds_an_inspection_sees_the_discretion_warning_and_the_league_moves(
    page, editor_login, axe_check, network_log, browser_errors
):
    page.goto("/")
    assert rank_of(page, "DDC CRC") == "28th"  # Inadequate in February 2019

    editor_login(page)
    page.locator("tr.model-inspection").get_by_role("link", name="Add").click()
    page.get_by_label("Provider inspected").select_option(label="DDC CRC")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Add an inspection")).to_be_visible()
    page.get_by_label("Published").fill("2020-01-15")
    page.get_by_label("Fieldwork started").fill("2019-10")
    page.get_by_label("Overall rating").select_option("Requires improvement")
    for standard, rating in NEW_RATINGS.items():
        page.get_by_label(standard, exact=True).select_option(rating)
    for code, (percent, cases) in REVIEWING_RESULTS.items():
        page.get_by_label(re.compile(rf"^{re.escape(code)} .*\(% yes\)$")).fill(percent)
        page.get_by_label(f"{code} cases inspected").fill(cases)
    page.get_by_label("2.4.3 relevant sub-sample of").fill("132")
    page.get_by_label("Sources, row 1: Source web address").fill("https://www.russellwebster.com/ddc-2020/")

    page.get_by_role("button", name="Check").click()
    check = page.locator("#check-result")
    expect(check).to_contain_text("Score 14 of 30: band Requires improvement (2 points short of the band above)")
    warning = page.locator("#check-warnings li.warning")
    expect(warning).to_have_count(1)
    expect(warning).to_contain_text(
        "2.4 Reviewing: rated Requires improvement, but its key questions indicate Inadequate (lowest % yes: 47)"
    )
    expect(warning).to_contain_text("This does not stop the save.")
    axe_check(page, context="#content-main")  # the entry form and its check; the admin's own chrome is Django's

    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist .success")).to_contain_text("added. The public pages show it now.")

    page.goto("/")
    assert rank_of(page, "DDC CRC") == "=7th"  # now with the Requires improvement providers

    page.goto("/changes/")
    first = page.locator("ol.change-list > li").first
    expect(first).to_contain_text("Addition")
    expect(first).to_contain_text("DDC CRC: inspection published 15 January 2020")
    expect(first).to_contain_text("Overall rating: Requires improvement")
    expect(page.locator("body")).not_to_contain_text("jo.editor")
    axe_check(page)

    network_log.assert_all_local()
    assert not [failure for failure in network_log.failed_responses if "/admin/" not in failure]
    assert not browser_errors


def test_editor_imports_the_kss_report_and_finds_every_value_in_the_form(page, editor_login, axe_check):
    editor_login(page)
    page.goto("/admin/inspections/inspection/")
    page.get_by_role("link", name="Import from a report").click()
    page.get_by_label("Report text").fill(KSS_TEXT)
    page.get_by_role("button", name="Read the report").click()

    expect(page.get_by_role("heading", name=re.compile("Read from the report"))).to_be_visible()
    expect(page.get_by_label("Provider inspected")).to_have_value(
        page.locator("#id_provider option", has_text="KSS CRC").get_attribute("value")
    )
    expect(page.get_by_label("Published")).to_have_value("2019-06")
    expect(page.get_by_label("Fieldwork started")).to_have_value("2019-02")
    expect(page.get_by_label("Overall rating")).to_have_value("Requires improvement")
    expect(page.get_by_label("Caseload")).to_have_value("approximately 8,600")
    for code, rating in KSS_RATINGS.items():
        expect(page.locator(f"select[name='rating_{code}']")).to_have_value(rating)
    percents = {**KSS_PERCENTS, "4.1.1": "70", "4.1.2": "74", "4.1.3": "65", "4.1.4": "76"}
    percents.update({"4.2.1": "69", "4.2.2": "54", "4.2.3": "55"})
    for code, percent in percents.items():
        expect(page.get_by_label(re.compile(rf"^{re.escape(code)} .*\(% yes\)$"))).to_have_value(percent)
    expect(page.get_by_label("2.1.1 cases inspected")).to_have_value("132")
    expect(page.get_by_label("2.3.3 relevant sub-sample of")).to_have_value("132")
    expect(page.get_by_label("4.1.1 cases inspected")).to_have_value("54")
    expect(page.get_by_label("4.2.1 cases inspected")).to_have_value("42")
    samples = [page.get_by_label(f"Case samples, row {n}: Cases").input_value() for n in (1, 2, 3)]
    assert samples == ["132", "54", "42"]
    facts = {
        page.get_by_label(f"Contextual facts, row {n}: Provider").input_value(): (
            page.get_by_label(f"Contextual facts, row {n}: England and Wales").input_value(),
            page.get_by_label(f"Contextual facts, row {n}: Target").input_value(),
        )
        for n in range(1, 8)
    }
    assert facts == {
        "": ("151788", ""),
        "8652": ("", ""),
        "4": ("", ""),
        "45.1": ("", ""),
        "82": ("79", "75"),
        "69": ("71", "65"),
        "94": ("89", "90"),
    }
    recommendations = [
        page.get_by_label(f"Recommendations, row {n}: Recommendation").input_value() for n in range(1, 6)
    ]
    assert recommendations[0] == (
        "improve the quality of assessment, planning, service delivery and reviewing to help keep actual and "
        "potential victims safe"
    )
    assert recommendations[4].startswith("enhance the delivery and coordination of resettlement activity")
    expect(page.get_by_label("Recommendations, row 1: Addressed to")).to_have_value(
        "Kent, Surrey and Sussex CRC should"
    )
    expect(page.locator("#not-read")).to_contain_text("KSS CRC already has an inspection published 19 June 2019")
    # Django admin's own sidebar filter input and theme toggle are outside this form; the form itself is checked.
    axe_check(page, context="#inspection_form")
