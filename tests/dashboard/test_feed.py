"""The Atom feed of inspections at /feeds/inspections.atom."""

import datetime
import html
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


def entries_of(client):
    return parse(client.get(FEED)).findall(f"{ATOM}entry")


def entry_titled(entries, start):
    return next(entry for entry in entries if entry.find(f"{ATOM}title").text.startswith(start))


@pytest.mark.django_db
class TestBothEras:
    @pytest.fixture(autouse=True)
    def _data(self, both_eras):
        pass

    def test_titles_name_the_unit_s_region_its_outcome_and_its_date_as_recorded(self, client):
        titles = [entry.find(f"{ATOM}title").text for entry in entries_of(client)]
        assert len(titles) == Inspection.objects.count() == 129
        for title in (
            "Barnsley and Rotherham PDU (Yorkshire and the Humber region): Inadequate (publication date not recorded)",
            "Brighton and East Sussex PDU (Kent, Surrey and Sussex region): Requires improvement"
            " (published February 2024, date derived)",
            "Hull and East Riding PDU (Yorkshire and the Humber region): Requires improvement, derived from wording"
            " (publication date not recorded)",
            "West Midlands region: dynamic inspection of public protection, not rated, derived from wording"
            " (published 2026)",
            "Probation Service (national): Requires improvement (published 29 April 2025)",
            "Thames Valley CRC: Good, derived from wording (published 21 January 2020)",
            "KSS CRC: Requires improvement (published 19 June 2019)",
        ):
            assert title in titles
        # A bare "Not rated" is left only to the 2018-20 part-inspection: the dynamic inspections say what they are.
        assert [title for title in titles if "Not rated" in title] == ["HIOW CRC: Not rated (published 2020)"]
        assert not any("None" in title or "Date not recorded" in title for title in titles)

    def test_a_unit_s_summary_gives_its_place_programme_points_and_derived_values(self, client):
        entries = entries_of(client)
        hammersmith = entry_titled(entries, "Hammersmith, Fulham")
        summary = hammersmith.find(f"{ATOM}summary").text
        assert summary.startswith(
            "HM Inspectorate of Probation's inspection of Hammersmith, Fulham, Kensington, Chelsea and Westminster"
            " Probation Delivery Unit. A Probation Delivery Unit of the London region. Overall rating: Inadequate."
            " Published October 2022. PDU programme (2021 model), reports 2022–23; framework: HMI Probation PDU"
            " inspections, 2021 model (nine standards). Inspection points, as stated: 0/27 (no rule from points to a"
            " rating is published). Standards rated: 9 of 9. Note: "
        )
        assert " Derived, not quoted:<ul><li>pdu21_leadership = Inadequate: " in summary
        assert [category.get("term") for category in hammersmith.findall(f"{ATOM}category")] == [
            "PDU",
            "London region",
            "Inadequate",
        ]
        stoke = entry_titled(entries, "Staffordshire and Stoke PDU").find(f"{ATOM}summary").text
        assert "A Probation Delivery Unit of the West Midlands region (no longer exists)." in stoke
        dynamic = html.unescape(entry_titled(entries, "Greater Manchester region").find(f"{ATOM}summary").text)
        assert (
            "A region of the Probation Service. Dynamic inspection of public protection, not rated (derived from a"
            " source's wording, not quoted). Published 2026 (date derived from other facts, not stated)."
        ) in dynamic
        wales = entry_titled(entries, "Wales region").find(f"{ATOM}summary").text
        assert "Overall rating: Requires improvement. Publication date not recorded. Regional programme" in wales

    def test_entries_stay_newest_added_first_whatever_their_dates(self, client):
        links = [entry.find(f"{ATOM}link").get("href") for entry in entries_of(client)]
        newest_added = Inspection.objects.order_by("-created_at", "-id")
        assert links == [f"http://testserver{inspection.get_absolute_url()}" for inspection in newest_added]
        assert Inspection.objects.filter(published_on=None).count() == 23  # all listed, none dropped or last


@pytest.mark.django_db
@pytest.mark.parametrize("data", ["first_round", "both_eras"])
def test_the_feed_is_one_query_whatever_the_data(client, request, django_assert_num_queries, data):
    request.getfixturevalue(data)
    with django_assert_num_queries(1):
        assert client.get(FEED).status_code == 200
