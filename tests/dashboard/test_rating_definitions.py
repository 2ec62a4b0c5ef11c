"""Each rating badge links its definition on the glossary, and every page's foot offers a citation."""

import re

import pytest
from django.template import Context, Template

from dashboard.templatetags.dashboard_tags import rating_badge

pytestmark = pytest.mark.django_db

BADGE_LINK = re.compile(r'<a class="rating-link" href="/glossary/#([a-z-]+)" aria-label="([^"]+)">(.*?)</a></')


def test_a_badge_is_one_link_to_its_definition_named_for_it():
    assert rating_badge("Good", context_label="Overall rating") == (
        '<a class="rating-link" href="/glossary/#rating-good" aria-label="Overall rating: Good — what this rating '
        'means"><span class="rating rating--good"><span class="visually-hidden">Overall rating: </span>Good</span></a>'
    )
    assert 'href="/glossary/#rating-not-recorded" aria-label="Not recorded — what this rating means"' in rating_badge(
        None
    )
    assert 'href="/glossary/#rating-not-rated"' in rating_badge("Not rated")
    assert rating_badge("Good", "", False) == '<span class="rating rating--good">Good</span>'


def test_every_badge_on_the_league_links_a_definition_the_glossary_has(client, real_data):
    league = client.get("/").content.decode()
    anchors = {anchor for anchor, _, _ in BADGE_LINK.findall(league)}
    assert {"rating-good", "rating-requires-improvement", "rating-inadequate"} <= anchors
    glossary = client.get("/glossary/").content.decode()
    for anchor in anchors | {"rating-outstanding", "rating-not-rated"}:
        assert f'<div class="glossary-entry" id="{anchor}">' in glossary
    # No link inside another: the badges in the glossary's own list are plain.
    assert not BADGE_LINK.search(glossary.split('id="ratings"', 1)[1].split("</dl>", 1)[0])


def test_the_definitions_quote_the_inspectorate_and_say_what_the_site_adds(client, db):
    html = client.get("/glossary/").content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "<q>the highest rating</q>" in html and "<q>the second lowest of four ratings</q>" in html
    assert "<q>the lowest rating possible</q>" in html
    assert "This site has found no source that states the value" in text
    assert "the inspectorate published the inspection without an overall rating" in text


def citation(html):
    match = re.search(r'<p class="citation">(.*?)</p>', html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", match[1]).split()) if match else None


def test_a_page_with_the_datas_date_cites_it(client, real_data):
    text = citation(client.get("/providers/kss-crc/").content.decode())
    assert re.fullmatch(
        r"Probation inspection league \(unofficial\)\. “KSS CRC: inspection ratings”\. "
        r"http://testserver/providers/kss-crc/\. Data last changed \d{1,2} \w+ \d{4} ?\. Accessed \[date\]\.",
        text,
    )


def test_a_page_without_the_date_points_to_the_changes_until_a_page_shows_it(client, real_data):
    before = client.get("/glossary/").content.decode()
    assert "Data last changed" not in citation(before)
    assert '<a href="/changes/">changes to the data</a>' in before


def test_a_page_without_the_date_reads_it_from_the_cache_at_no_querys_cost(
    client, real_data, django_assert_num_queries
):
    client.get("/")  # shows the date, and leaves it for every page of this data generation
    with django_assert_num_queries(1):  # as many as without a date: test_glossary.py
        glossary = client.get("/glossary/").content.decode()
    assert re.search(r"Data last changed \d{1,2} \w+ \d{4} ?\.", citation(glossary))


def test_the_citation_names_a_filtered_page_by_its_canonical_address(client, real_data):
    text = citation(client.get("/", {"round": "2019-20", "junk": "1"}).content.decode())
    assert "http://testserver/?round=2019-20." in text


def test_the_share_button_waits_for_a_share_sheet():
    html = Template('{% include "partials/share.html" with share_url="http://x/" share_noun="page" %}').render(
        Context({})
    )
    assert re.search(r'<button type="button" class="native-share" data-share-target="share-url" hidden>', html)
