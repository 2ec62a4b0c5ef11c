"""The Atom feed of inspections at /feeds/inspections.atom."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from inspections.models import Inspection
from tests.factories import make_inspection, make_provider

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/feeds/inspections.atom"


def parse(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


@pytest.mark.django_db
class TestFeed:
    def test_one_entry_per_inspection_of_the_real_data(self, client, first_round):
        root = parse(client.get(FEED))
        entries = root.findall(f"{ATOM}entry")
        assert len(entries) == Inspection.objects.count() == 28
        assert root.find(f"{ATOM}title").text.startswith("Probation inspection league")
        assert root.find(f"{ATOM}updated") is not None
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/feeds/inspections.atom"
        ids = [entry.find(f"{ATOM}id").text for entry in entries]
        assert len(set(ids)) == 28
        kss = next(entry for entry in entries if entry.find(f"{ATOM}title").text.startswith("KSS CRC"))
        assert kss.find(f"{ATOM}title").text == "KSS CRC: Requires improvement (published 19 June 2019)"
        inspection = Inspection.objects.get(provider__slug="kss-crc")
        assert kss.find(f"{ATOM}link").get("href") == f"http://testserver/inspections/{inspection.pk}/"
        assert "Owner at inspection: Seetec." in kss.find(f"{ATOM}summary").text
        for entry in entries:
            assert entry.find(f"{ATOM}updated").text
            assert entry.find(f"{ATOM}published").text

    def test_newest_added_first_and_a_new_inspection_appears_at_once(
        self, client, frameworks, django_capture_on_commit_callbacks
    ):
        first = make_inspection(make_provider("First CRC"), published_on=datetime.date(2019, 1, 1))
        assert len(parse(client.get(FEED)).findall(f"{ATOM}entry")) == 1
        with django_capture_on_commit_callbacks(execute=True):
            later = make_inspection(
                make_provider("Later CRC"), published_on=datetime.date(2018, 1, 1), overall_rating=""
            )
        Inspection.objects.filter(pk=first.pk).update(created_at=later.created_at - datetime.timedelta(days=1))
        entries = parse(client.get(FEED)).findall(f"{ATOM}entry")
        assert [entry.find(f"{ATOM}title").text for entry in entries] == [
            "Later CRC: overall rating not recorded (published 1 January 2018)",
            "First CRC: Requires improvement (published 1 January 2019)",
        ]

    def test_an_empty_database_gives_a_valid_empty_feed(self, client, db):
        assert parse(client.get(FEED)).findall(f"{ATOM}entry") == []

    def test_pages_point_feed_readers_at_it(self, client, first_round):
        html = client.get("/").content.decode()
        assert '<link rel="alternate" type="application/atom+xml"' in html
        assert 'href="/feeds/inspections.atom"' in html


@pytest.mark.django_db
def test_names_are_escaped_in_the_html_summary(client, frameworks):
    from tests.factories import make_owner

    owner = make_owner("Owner <img src=x onerror=alert(1)>", slug="hostile-owner")
    provider = make_provider("Evil CRC", name='Evil <a href="https://evil.example/">click</a> & Co')
    make_inspection(provider, owner=owner)
    entry = parse(client.get(FEED)).find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # What a feed reader renders as HTML: the names as text, no element of theirs.
    assert summary.text == (
        "HM Inspectorate of Probation's inspection of Evil &lt;a href=&quot;https://evil.example/&quot;&gt;click"
        "&lt;/a&gt; &amp; Co, rated Requires improvement, published 1 January 2019. First round (2018–19)."
        " Owner at inspection: Owner &lt;img src=x onerror=alert(1)&gt;."
    )


@pytest.mark.django_db
def test_an_undated_inspection_s_entry_says_its_date_is_not_recorded(client, both_eras):
    titles = [
        entry.find(f"{ATOM}title").text for entry in parse(client.get("/feeds/inspections.atom")).iter(f"{ATOM}entry")
    ]
    assert "Wales region: Requires improvement (publication date not recorded)" in titles
    assert not any("published Date not recorded" in title for title in titles)
