"""An editor in Chromium, on the real data: enters inspections by hand and from the KSS report's text, finishes
an incomplete one from the worklist, and finds every editing page readable and clean of axe violations on a phone
and a desktop."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.accounts import create_editor, log_in
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
    create_editor(django_user_model, "jo.editor", PASSWORD)
    return lambda page: log_in(page, "jo.editor", PASSWORD)


def rank_of(page, provider):
    """The text in the Rank column of the provider's row of the league table."""
    table = page.locator("table", has=page.locator("thead a[href*='sort=']"))
    headers = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    position = next(index for index, text in enumerate(headers) if text.startswith("Rank"))
    row = table.locator("tbody tr", has=page.get_by_role("link", name=provider, exact=True))
    expect(row).to_have_count(1)
    # The cell shows "=9th" and says "Joint 9th" to screen readers: the shown text is its first line.
    return row.locator(":scope > th, :scope > td").nth(position).inner_text().strip().splitlines()[0]


def test_editor_adds_an_inspection_sees_the_discretion_warning_and_the_league_moves(
    page, editor_login, axe_check, network_log, browser_errors
):
    # In an order other than its bands' the league shows each row's rank in a column of its own.
    page.goto("/?sort=provider")
    # Inadequate in February 2019: last of the ranked providers, alone.
    before = rank_of(page, "DDC CRC")
    assert not before.startswith("=") and int(before.rstrip("sndrth")) >= 27

    editor_login(page)
    page.locator("tr.model-inspection").get_by_role("link", name="Add").click()
    page.get_by_label("Provider inspected").select_option(label="DDC CRC")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Add an inspection")).to_be_visible()
    published = page.get_by_role("group", name="Date published")
    published.get_by_label("Year").fill("2020")
    published.get_by_label("Month").select_option(label="January")
    published.get_by_label("Day").fill("15")
    fieldwork = page.get_by_role("group", name="Inspectors' visit began")
    fieldwork.get_by_label("Year").fill("2019")
    fieldwork.get_by_label("Month").select_option(label="October")
    page.get_by_label("Overall rating").select_option("Requires improvement")
    for standard, rating in NEW_RATINGS.items():
        page.get_by_label(standard, exact=True).select_option(rating)
    for code, (percent, cases) in REVIEWING_RESULTS.items():
        page.get_by_label(re.compile(rf"^{re.escape(code)} .*\(% yes\)$")).fill(percent)
        page.get_by_label(f"{code} cases inspected").fill(cases)
    page.get_by_label("2.4.3 only some cases counted: size of the whole sample").fill("132")
    page.get_by_label("Sources, row 1: Link to a source").fill("https://www.russellwebster.com/ddc-2020/")

    page.get_by_role("button", name="Check").click()
    check = page.locator("#check-result")
    expect(check).to_contain_text("Score 14 of 30: band Requires improvement (2 points short of the band above)")
    warning = page.locator("#check-warnings li.warning")
    expect(warning).to_have_count(1)
    expect(warning).to_contain_text(
        "2.4 Reviewing: rated Requires improvement, but its key questions indicate Inadequate (lowest % yes: 47)"
    )
    expect(warning).to_contain_text("This does not stop the save.")
    axe_check(page)

    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist .success")).to_contain_text("added. The public pages show it now.")

    page.goto("/?sort=provider")
    after = rank_of(page, "DDC CRC")
    assert after.startswith("=") and int(after.strip("=sndrth")) < 20  # now with the Requires improvement providers

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
    page.get_by_role("link", name="Import a 2018–20 report").click()
    page.get_by_label("Report text").fill(KSS_TEXT)
    page.get_by_role("button", name="Read the report").click()

    expect(page.get_by_role("heading", name=re.compile("Read from the report"))).to_be_visible()
    expect(page.get_by_label("Provider inspected")).to_have_value(
        page.locator("#id_provider option", has_text="KSS CRC").get_attribute("value")
    )
    published = page.get_by_role("group", name="Date published")
    expect(published.get_by_label("Year")).to_have_value("2019")
    expect(published.get_by_label("Month")).to_have_value("06")
    expect(published.get_by_label("Day")).to_have_value("")
    fieldwork = page.get_by_role("group", name="Inspectors' visit began")
    expect(fieldwork.get_by_label("Year")).to_have_value("2019")
    expect(fieldwork.get_by_label("Month")).to_have_value("02")
    expect(page.get_by_label("Overall rating")).to_have_value("Requires improvement")
    expect(page.get_by_label("Caseload (people supervised)")).to_have_value("approximately 8,600")
    for code, rating in KSS_RATINGS.items():
        expect(page.locator(f"select[name='rating_{code}']")).to_have_value(rating)
    percents = {**KSS_PERCENTS, "4.1.1": "70", "4.1.2": "74", "4.1.3": "65", "4.1.4": "76"}
    percents.update({"4.2.1": "69", "4.2.2": "54", "4.2.3": "55"})
    for code, percent in percents.items():
        expect(page.get_by_label(re.compile(rf"^{re.escape(code)} .*\(% yes\)$"))).to_have_value(percent)
    expect(page.get_by_label("2.1.1 cases inspected")).to_have_value("132")
    expect(page.get_by_label("2.3.3 only some cases counted: size of the whole sample")).to_have_value("132")
    expect(page.get_by_label("4.1.1 cases inspected")).to_have_value("54")
    expect(page.get_by_label("4.2.1 cases inspected")).to_have_value("42")
    samples = [page.get_by_label(f"Case samples, row {n}: Number of cases").input_value() for n in (1, 2, 3)]
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
    expect(page.get_by_label("Recommendations, row 1: Who should act")).to_have_value(
        "Kent, Surrey and Sussex CRC should"
    )
    # KSS CRC's report is stored already: the form says so at its top and will not check until answered.
    alert = page.get_by_role("alert").filter(has_text="This may be an inspection already stored")
    expect(alert).to_contain_text("KSS CRC already has an inspection published 19 June 2019")
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#duplicate-alert .errorlist")).to_contain_text("tick this box only if")
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    axe_check(page)
    page.locator("#duplicate-alert").get_by_role("link", name="an inspection published 19 June 2019").click()
    expect(page.get_by_role("heading", name="Correct KSS CRC — 19 June 2019")).to_be_visible()


def standards_recorded_of(page, provider):
    """The "Standards recorded" cell of the provider's row of the league table."""
    table = page.locator("table", has=page.locator("thead a[href*='sort=']"))
    headers = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    position = next(index for index, text in enumerate(headers) if text.startswith("Standards recorded"))
    row = table.locator("tbody tr", has=page.get_by_role("link", name=provider, exact=True))
    return row.locator(":scope > th, :scope > td").nth(position).inner_text().strip()


def test_editor_finishes_an_incomplete_inspection_from_the_worklist_and_the_league_shows_it(
    page, editor_login, axe_check, network_log, browser_errors
):
    page.goto("/")
    assert standards_recorded_of(page, "Wales CRC") == "0 of 10"

    editor_login(page)
    page.goto("/admin/inspections/inspection/")
    page.locator("#changelist-filter").get_by_role("link", name="Some not recorded").click()
    wales = page.locator("#result_list tbody tr", has=page.get_by_role("link", name="Wales CRC", exact=True))
    expect(wales).to_contain_text("0 of 10")
    expect(page.locator("#result_list tbody tr")).to_have_count(37)  # KSS CRC 2019 has all ten
    axe_check(page)

    page.get_by_role("link", name="Worklist: what is missing").click()
    expect(page.get_by_role("heading", name="Worklist: what the inspections still lack")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Wales CRC, 3 July 2019").click()

    expect(page.get_by_role("heading", name="Correct Wales CRC — 3 July 2019")).to_be_visible()
    page.get_by_label("1.1 Leadership", exact=True).select_option("Good")
    page.get_by_label("1.2 Staff", exact=True).select_option("Requires improvement")
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#check-result")).to_contain_text("No score: 2 of 10 standards rated")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist .success")).to_contain_text("saved. The public pages show it now.")

    page.goto("/admin/inspections/inspection/worklist/")
    expect(page.get_by_role("row", name=re.compile("^Wales CRC, 3 July 2019"))).to_contain_text(
        "8 of 10: 1.3, 1.4, 2.1"
    )

    page.goto("/")
    assert standards_recorded_of(page, "Wales CRC") == "2 of 10"
    page.goto("/changes/")
    first = page.locator("ol.change-list > li").first
    expect(first).to_contain_text("Wales CRC")
    expect(first).to_contain_text("1.1 rating: not recorded → Good")
    expect(first).to_contain_text("1.2 rating: not recorded → Requires improvement")

    network_log.assert_all_local()
    assert not browser_errors


EDITOR_PAGES = {
    "login": "/admin/login/",
    "index": "/admin/",
    "inspection list, filtered": "/admin/inspections/inspection/?standards=incomplete&inspection_round__id__exact=1",
    "worklist": "/admin/inspections/inspection/worklist/",
    "add: choose the provider": "/admin/inspections/inspection/add/",
    "report import": "/admin/inspections/inspection/import-report/",
    "CSV import": "/admin/inspections/inspection/import-csv/",
}
WIDTHS = [320, 375, 768, 1366, 1920]


def test_every_editing_page_fits_the_screen_and_axe_finds_nothing(page, editor_login, axe_check):
    editor_login(page)
    page.goto("/admin/inspections/inspection/?q=KSS")
    entry = page.get_by_role("link", name="KSS CRC", exact=True).first.get_attribute("href")
    pages = {**EDITOR_PAGES, "entry form": entry}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 812 if width < 768 else 900})
        for name, url in pages.items():
            if name == "login":
                page.context.clear_cookies()
            page.goto(url)
            if name == "login":
                expect(page.get_by_label("Username")).to_be_visible()
            document_width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert document_width <= viewport, f"{name} is {document_width} px wide at {width} px"
            if width in (375, 1366):
                axe_check(page, best_practice=True)
            if name == "login":
                editor_login(page)


@pytest.fixture
def both_eras_editor_login(both_eras, django_user_model):
    create_editor(django_user_model, "jo.editor", PASSWORD)

    def at_desktop_width(page):
        page.set_viewport_size({"width": 1366, "height": 900})
        log_in(page, "jo.editor", PASSWORD)

    return at_desktop_width


def test_an_editor_enters_a_dynamic_inspection_of_a_region_as_not_rated(page, both_eras_editor_login, axe_check):
    from inspections.models import Framework, Inspection
    from providers.models import Provider

    dipp = Framework.objects.get(slug="dipp-2025")
    region = Provider.objects.filter(provider_type="region").exclude(inspections__framework=dipp).first()
    both_eras_editor_login(page)
    page.goto("/admin/inspections/inspection/add/")
    axe_check(page)
    page.get_by_label("Or find it by name").fill(region.short_name)
    page.locator("#id_framework").select_option(str(dipp.pk))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("rates no standards")).to_be_visible()
    page.locator("#id_published_on_0").fill("2026")
    page.locator("#id_published_on_1").select_option("02")
    page.locator("#id_overall_rating").select_option("Not rated")
    page.locator("#id_sources-0-url").fill("https://hmiprobation.justiceinspectorates.gov.uk/news/a-dynamic-one/")
    axe_check(page)
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.locator("#check-summary")).to_contain_text("nothing blocks saving")
    expect(page.locator("#check-summary")).to_be_in_viewport()
    expect(page.get_by_role("button", name="Save", exact=True)).to_be_in_viewport()
    expect(page.locator("#check-result")).not_to_contain_text("key questions")
    axe_check(page)
    page.set_viewport_size({"width": 375, "height": 800})
    axe_check(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("added")
    stored = Inspection.objects.get(provider=region, framework=dipp)
    assert stored.overall_rating == "Not rated"
    page.locator(".messagelist").get_by_role("link").click()
    expect(page).to_have_url(re.compile(f"/providers/{region.slug}/$"))
