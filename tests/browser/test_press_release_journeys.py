"""An editor in Chromium pastes a press release about a PDU not stored yet, checks the form it fills, saves, and
finds the unit in today's league and the addition on /changes/."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_editor_journeys import both_eras_editor_login  # noqa: F401 (a fixture)
from tests.inspections.importers.press_release_passages import LONDON_TRIO
from tests.inspections.test_admin_press_release import NEW_UNIT_RELEASE

pytestmark = pytest.mark.browser


def test_an_editor_pastes_a_press_release_checks_saves_and_the_league_and_changes_move(
    page,
    both_eras_editor_login,  # noqa: F811
    axe_check,
):
    page.goto("/probation-service/?region=east-midlands-region")
    expect(page.locator("main")).not_to_contain_text("Exampleshire")
    both_eras_editor_login(page)
    page.get_by_role("link", name="Import a press release or report page").click()
    axe_check(page)
    page.get_by_label("Text of the press release or report page").fill(NEW_UNIT_RELEASE)
    page.locator("form:has(textarea) [type=submit]").first.click()
    expect(page.locator("#id_new_unit_name")).to_have_value("Exampleshire PDU")
    expect(page.locator("#id_overall_rating")).to_have_value("Requires improvement")
    expect(page.get_by_text("Read from:").first).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.locator("#check-summary")).to_contain_text("nothing blocks saving")
    expect(page.locator("#check-summary")).to_be_in_viewport()
    expect(page.get_by_role("button", name="Save", exact=True)).to_be_in_viewport()
    expect(page.get_by_text("What could not be read")).to_be_visible()  # kept through the Check
    expect(page.locator("#check-result")).to_contain_text("7 of 7 standards rated")
    axe_check(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("added")

    page.goto("/probation-service/?region=east-midlands-region")
    expect(page.locator("main")).to_contain_text("Exampleshire PDU")
    page.goto("/changes/")
    expect(page.locator("main")).to_contain_text("Exampleshire PDU: inspection published November 2026")


def test_a_release_rating_three_units_lists_them_each_opening_its_own_form(
    page,
    both_eras_editor_login,  # noqa: F811
    axe_check,
):
    both_eras_editor_login(page)
    page.goto("/admin/inspections/inspection/import-press-release/")
    page.get_by_label("Text of the press release or report page").fill(LONDON_TRIO)
    page.locator("form:has(textarea) [type=submit]").first.click()
    expect(page.locator("#content-main")).to_contain_text("This release rates 3 units")
    axe_check(page)
    lambeth = page.locator("li", has=page.get_by_role("heading", name="Lambeth PDU"))
    lambeth.get_by_label("Framework").select_option(label="HMI Probation PDU inspections, 2021 model (nine standards)")
    lambeth.get_by_role("button", name="Open its form").click()
    expect(page.locator("#id_provider option:checked")).to_have_text("Lambeth PDU")
    expect(page.locator("#id_points_stated")).to_have_value("3/27")
