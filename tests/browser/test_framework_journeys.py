"""An administrator defines a framework in the admin, with five unnumbered standards and no published scoring
rule; an inspection under it appears in the Probation Service league with its own standard columns."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.accounts import create_editor, log_in

pytestmark = pytest.mark.browser

PASSWORD = "a long administrator passphrase"
STANDARDS = ["Leadership", "Partnership work", "Case quality", "Public protection", "Victim work"]


@pytest.fixture
def admin_login(both_eras, django_user_model):
    django_user_model.objects.create_superuser("ada.admin", "ada@example.org", PASSWORD)

    def at_desktop_width(page):
        page.set_viewport_size({"width": 1366, "height": 900})
        log_in(page, "ada.admin", PASSWORD)

    return at_desktop_width


def editor_logs_in(page, django_user_model):
    create_editor(django_user_model, "jo.editor", PASSWORD)
    page.context.clear_cookies()
    log_in(page, "jo.editor", PASSWORD)


def enter_inspection(page, unit, framework, axe_check=None):
    """The choose step, the form, Check (its result and Save in view together), Save."""
    page.goto("/admin/inspections/inspection/add/")
    page.locator("#id_provider").select_option(str(unit.pk))
    page.locator("#id_framework").select_option(str(framework.pk))
    page.get_by_role("button", name="Continue").click()
    page.locator("#id_published_on_0").fill("2026")
    page.locator("#id_published_on_1").select_option("03")
    page.locator("#id_published_on_2").fill("4")
    page.locator("#id_overall_rating").select_option("Good")
    for standard in framework.standards.all():
        page.locator(f"#id_rating_{standard.key}").select_option("Good")
    page.locator("#id_sources-0-url").fill("https://hmiprobation.justiceinspectorates.gov.uk/news/a-test-release/")
    if axe_check:
        axe_check(page)
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.locator("#check-summary")).to_contain_text("nothing blocks saving")
    expect(page.locator("#check-summary")).to_be_in_viewport()
    expect(page.get_by_role("button", name="Save", exact=True)).to_be_in_viewport()
    if axe_check:
        axe_check(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("added")
    expect(page.locator(".messagelist").get_by_role("link")).to_have_attribute("href", f"/providers/{unit.slug}/")


def test_an_administrator_adds_a_framework_and_the_league_shows_its_columns(
    page, admin_login, axe_check, django_user_model
):
    from inspections.models import Framework, Inspection, StandardRating
    from providers.models import Provider

    admin_login(page)
    axe_check(page)
    page.goto("/admin/inspections/framework/add/")
    page.locator("#id_name").fill("PDU inspections, 2026 model")
    page.locator("#id_name").press("Tab")  # the admin fills the slug from the name; then it is chosen
    page.locator("#id_slug").fill("pdu-2026")
    page.locator("#id_provider_type").select_option("pdu")
    page.locator("#id_domains-0-number").fill("1")
    page.locator("#id_domains-0-name").fill("Everything inspected")
    axe_check(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Now add its standards")).to_be_visible()
    for index, name in enumerate(STANDARDS):
        if index:
            page.get_by_text(re.compile("Add another standard", re.I)).click()
        page.locator(f"#id_standards-{index}-domain").select_option(label="1 Everything inspected")
        page.locator(f"#id_standards-{index}-name").fill(name)
    axe_check(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    framework = Framework.objects.get(slug="pdu-2026")
    assert list(framework.standards.values_list("slug", flat=True)) == [
        "leadership",
        "partnership-work",
        "case-quality",
        "public-protection",
        "victim-work",
    ]
    assert not framework.has_scoring_rule

    unit = Provider.objects.get(slug="gateshead-and-south-tyneside-pdu")
    # An editor enters an inspection under it at once, through the entry form.
    editor_logs_in(page, django_user_model)
    enter_inspection(page, unit, framework)
    inspection = Inspection.objects.get(provider=unit, framework=framework)
    assert inspection.published_on == datetime.date(2026, 3, 4)
    assert StandardRating.objects.filter(inspection=inspection, rating="Good").count() == len(STANDARDS)

    page.goto("/probation-service/?standards=pdu-2026")
    table = page.locator("table", has=page.locator("thead a[href*='sort=']"))
    headers = " ".join(table.locator("thead th").all_inner_texts())
    for name in STANDARDS:
        assert name in headers
    expect(
        table.locator("tbody tr", has=page.get_by_role("link", name="Gateshead and South Tyneside"))
    ).to_contain_text("Good")


def test_the_worklist_links_to_the_form_at_the_first_missing_field(page, admin_login, axe_check):
    admin_login(page)
    page.goto("/admin/inspections/inspection/worklist/?era=probation-service")
    axe_check(page)
    link = page.locator(".worklist-table tbody tr th a").first
    href = link.get_attribute("href")
    assert "?missing=" in href and "#field-" in href
    link.click()
    first = href.split("#", 1)[1]
    target = page.locator(f"#{first}".replace(".", "\\."))
    expect(target).to_have_count(1)
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text("Missing")
