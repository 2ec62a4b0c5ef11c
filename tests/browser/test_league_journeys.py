"""Journeys through the league table at /, as a reader takes them in Chromium, on the real data."""

import csv
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SOURCE_CSV = Path(__file__).resolve().parents[2] / "fixtures" / "source" / "inspections_2018_2019.csv"


def published_inspections():
    with SOURCE_CSV.open(newline="", encoding="utf-8") as source:
        return list(csv.DictReader(source))


def league_table(page):
    """The table whose column headers are sort links."""
    table = page.locator("table", has=page.locator("thead a[href*='sort=']"))
    expect(table).to_have_count(1)
    return table


def body_rows(table):
    """The providers' rows, not the headings of each band's rows."""
    return table.locator("tbody tr[data-provider]")


def column_index(table, header):
    """1-based position of the first column whose header starts with ``header``."""
    headers = table.locator("thead th").evaluate_all("ths => ths.map(th => th.textContent.trim())")
    for position, text in enumerate(headers, start=1):
        if text.startswith(header):
            return position
    raise AssertionError(f"No column headed {header!r} among {headers}")


def column_texts(table, header):
    """The column's cells as a sighted reader sees them: without the text meant for screen readers alone."""
    position = column_index(table, header)
    return (
        body_rows(table)
        .locator(f":scope > :nth-child({position})")
        .evaluate_all(
            """cells => cells.map(cell => {
            const copy = cell.cloneNode(true);
            copy.querySelectorAll(".visually-hidden").forEach(hidden => hidden.remove());
            return copy.textContent.trim();
        })"""
        )
    )


def query_of(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_reader_opens_the_league_table(page, real_data, axe_check, network_log, browser_errors):
    response = page.goto("/")

    assert response.status == 200
    table = league_table(page)
    expect(table.locator("caption")).not_to_be_empty()
    expect(body_rows(table)).to_have_count(28)
    providers = column_texts(table, "Provider")
    assert sorted(providers) == sorted(row["provider_short_name"] for row in published_inspections())
    for header_link in table.locator("thead a[href*='sort=']").all():
        assert re.search(r"[?&]sort=-?\w+", header_link.get_attribute("href"))
    axe_check(page)
    network_log.assert_all_local()
    assert not network_log.failed_responses
    assert not browser_errors


def test_reader_sorts_by_provider_by_clicking_its_header(page, real_data, axe_check):
    page.goto("/")
    table = league_table(page)
    ranked_order = column_texts(table, "Provider")

    table.locator("thead a[href*='sort=']", has_text=re.compile(r"^\s*Provider")).first.click()

    expect(page).to_have_url(re.compile(r"[?&]sort=provider\b"))
    table = league_table(page)
    position = column_index(table, "Provider")
    expect(table.locator(f"thead th:nth-child({position})")).to_have_attribute("aria-sort", "ascending")
    alphabetical = column_texts(table, "Provider")
    # Plain or case-insensitive alphabetical order ("BGSW" and "BeNCH" differ only there).
    assert alphabetical in (sorted(ranked_order), sorted(ranked_order, key=str.casefold))
    assert alphabetical != ranked_order
    assert table.locator("thead th[aria-sort]").count() == 1

    table.locator("thead a[href*='sort=']", has_text=re.compile(r"^\s*Provider")).first.click()

    expect(page).to_have_url(re.compile(r"[?&]sort=-provider\b"))
    table = league_table(page)
    expect(table.locator(f"thead th:nth-child({position})")).to_have_attribute("aria-sort", "descending")
    assert column_texts(table, "Provider") == list(reversed(alphabetical))
    axe_check(page)


def test_reader_filters_to_the_crcs_seetec_owned_when_inspected(page, real_data, axe_check):
    expected = sorted(
        row["provider_short_name"]
        for row in published_inspections()
        if row["provider_type"] == "CRC" and row["owner_at_inspection"] == "Seetec"
    )
    # DDC CRC passed to Seetec in February 2019 but was inspected under Working Links.
    assert expected == ["BGSW CRC", "KSS CRC", "Wales CRC"]
    page.goto("/")

    page.locator("select[name=type]").select_option("crc")
    page.locator("select[name=owner]").select_option("seetec")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"[?&]owner=seetec\b"))
    assert {"type": "crc", "owner": "seetec"}.items() <= query_of(page.url).items()
    table = league_table(page)
    expect(body_rows(table)).to_have_count(3)
    assert sorted(column_texts(table, "Provider")) == expected
    expect(page.locator("select[name=type]")).to_have_value("crc")
    expect(page.locator("select[name=owner]")).to_have_value("seetec")
    axe_check(page)


def test_reader_filters_the_first_round_by_overall_rating(page, real_data):
    expected = sorted(row["provider_short_name"] for row in published_inspections() if row["overall_rating"] == "Good")
    page.goto("/")

    page.locator("select[name=round]").select_option("2018-19")
    page.locator("select[name=rating]").select_option("good")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"[?&]rating=good\b"))
    table = league_table(page)
    expect(body_rows(table)).to_have_count(len(expected))
    assert sorted(column_texts(table, "Provider")) == expected


def test_reader_downloads_the_rows_shown_as_csv(page, real_data, network_log):
    page.goto("/?type=crc&owner=seetec&sort=provider")
    shown = column_texts(league_table(page), "Provider")
    link = page.get_by_role("link", name="Download CSV")
    href = link.get_attribute("href")
    assert urlsplit(href).path == "/league.csv"
    assert query_of(href) == {"type": "crc", "owner": "seetec", "sort": "provider"}

    with page.expect_download() as download_info:
        link.click()

    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), newline="", encoding="utf-8-sig") as downloaded:
        rows = list(csv.DictReader(downloaded))
    assert [row["provider"] for row in rows] == shown == ["BGSW CRC", "KSS CRC", "Wales CRC"]
    network_log.assert_all_local()


def test_reader_filters_to_the_second_round_and_follows_a_providers_timeline(
    page, real_data, axe_check, browser_errors
):
    page.goto("/")

    page.locator("select[name=round]").select_option("2019-20")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"[?&]round=2019-20\b"))
    table = league_table(page)
    expect(body_rows(table)).to_have_count(10)
    hiow = table.locator("tr[data-provider=hiow-crc]")
    expect(
        table.locator("tbody", has=page.locator("tr[data-provider=hiow-crc]")).locator(".band-heading")
    ).to_have_text("Not rated, so not ranked — 1 provider")
    expect(hiow).to_contain_text("Not rated")
    thames = table.locator("tr[data-provider=thames-valley-crc]")
    expect(thames).to_contain_text("Improved")
    expect(thames).to_contain_text("Derived, not quoted")
    axe_check(page)

    thames.get_by_role("link", name="Thames Valley CRC").click()

    expect(page).to_have_url(re.compile(r"/providers/thames-valley-crc/$"))
    timeline = page.locator("ol.inspection-timeline > li")
    expect(timeline).to_have_count(2)
    expect(timeline.nth(0)).to_contain_text("First round (2018–19)")
    expect(timeline.nth(1)).to_contain_text("Overall: Requires improvement → Good (improved).")
    expect(page.locator("body")).to_contain_text("Why “derived, not quoted”")
    axe_check(page)

    timeline.nth(1).get_by_role("link", name="21 January 2020").click()

    expect(page).to_have_url(re.compile(r"/inspections/\d+/$"))
    expect(page.locator("h1")).to_contain_text("inspection published 21 January 2020")
    axe_check(page)
    assert not browser_errors


def test_the_league_fits_its_screen_answers_first_and_counts_ticks(page, real_data, axe_check, browser_errors):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/?sort=-score")
    table = league_table(page)
    # No box to scroll inside: every column of the overview is within the screen's width, and the page scrolls.
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1366
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    expect(page.locator(".league-answer")).to_be_in_viewport()
    expect(page.locator(".table-summary")).to_contain_text("Only 1 of 28 providers has a score")
    assert column_texts(table, "Provider")[:2] == ["KSS CRC", "DTV CRC"]
    # The headers stick to the top of the screen once the page scrolls past them.
    page.locator("tr[data-provider=ddc-crc]").scroll_into_view_if_needed()
    expect(page.locator("tr[data-provider=ddc-crc]")).to_be_in_viewport()
    assert abs(table.locator("thead th.col-provider").bounding_box()["y"]) < 2
    axe_check(page)

    # The Standards view: all ten standards within the screen, its header stuck to the screen, not to a box.
    page.goto("/?view=standards")
    table = league_table(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    last_standard = table.locator("thead th.col-standard").last
    expect(last_standard).to_contain_text("4.2")
    assert last_standard.bounding_box()["x"] + last_standard.bounding_box()["width"] <= 1366
    page.locator("tr[data-provider=ddc-crc]").scroll_into_view_if_needed()
    assert abs(last_standard.bounding_box()["y"]) < 2
    axe_check(page)

    page.goto("/?sort=-score")
    table = league_table(page)
    boxes = table.locator("input[type=checkbox]")
    for index in range(6):
        boxes.nth(index).check()
    expect(page.locator("#compare-ticks-count")).to_have_text("6 of up to 6 ticked.")
    boxes.nth(6).click()
    expect(boxes.nth(6)).not_to_be_checked()
    expect(page.locator("#compare-ticks-count")).to_contain_text("untick one to choose another")

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/")
    # A phone's first screen holds the answer and the first rows; the filters wait behind one button.
    expect(page.locator(".league-answer")).to_be_in_viewport()
    expect(page.locator("tr[data-provider]").nth(1)).to_be_in_viewport(ratio=1)
    expect(page.locator("select[name=owner]")).to_be_hidden()
    page.locator(".filters-fold > summary").click()
    expect(page.locator("select[name=owner]")).to_be_visible()
    axe_check(page)
    assert not browser_errors
