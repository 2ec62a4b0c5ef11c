"""Provider, unit and inspection pages read at a glance: blanks said once, the comparison near the top, the report
linked where its address is known, and every sentence and movement read once."""

import re

import pytest

from inspections.models import Inspection
from tests.dashboard.test_providers import text_of
from tests.factories import ALL_TEN_KSS, make_inspection, make_provider

REPORT = "https://www.justiceinspectorates.gov.uk/hmiprobation/inspections/test-crc/"


def position(html, marker):
    assert marker in html, marker
    return html.index(marker)


@pytest.mark.django_db
class TestBlanksSaidOnce:
    def test_a_provider_with_no_standard_recorded_gets_one_line_not_a_table(self, client, real_data):
        response = client.get("/providers/thames-valley-crc/")
        html, text = response.content.decode(), text_of(response)

        assert "The ten standard ratings are not recorded for this inspection. How we source values" in text
        assert 'id="standards-caption"' not in html
        assert "rating--not-recorded" not in html.split('id="standards-title"')[1].split('id="history-title"')[0]
        # Nothing of this provider to set against the others: no chart, no table of counts.
        assert 'id="chart-standards"' not in html
        assert "nothing to mark on a chart: each standard's page shows how every provider was rated" in text

    def test_a_partly_recorded_inspection_lists_its_ratings_and_names_the_rest_in_one_line(self, client, real_data):
        response = client.get("/providers/hiow-crc/")
        html, text = response.content.decode(), text_of(response)

        table = html.split('id="standards-caption"')[1].split("</table>")[0]
        assert "2.4 Reviewing" in table and "1.1 Leadership" not in table
        assert "rating--not-recorded" not in table
        assert "Not recorded: 1.1 Leadership, 1.3 Services, 4.1 Unpaid work (3 of 10)." in text
        # With no key question recorded, no column of "No key questions recorded".
        assert "Indicated by key questions" not in table

    def test_standards_never_recorded_at_any_inspection_are_named_under_the_table(self, client, real_data):
        html = client.get("/providers/hiow-crc/").content.decode()
        across = html.split('id="across-caption"')[1].split("</table>")[0]

        assert "2.4 Reviewing" in across and "4.1 Unpaid work" not in across
        assert "Not recorded at any inspection: 1.1 Leadership, 1.3 Services, 4.1 Unpaid work." in text_of(
            client.get("/providers/hiow-crc/")
        )

    def test_a_pdu_without_standard_ratings_says_so_in_one_line(self, client, both_eras):
        response = client.get("/providers/gateshead-and-south-tyneside-pdu/")
        html, text = response.content.decode(), text_of(response)

        assert "Its seven standard ratings are not recorded. How we source values" in text
        timeline = html.split('id="timeline-title"')[1].split("</ol>")[0]
        assert "rating--not-recorded" not in timeline
        assert "Standard ratings recorded: 1 of 9" in text
        assert "Not recorded: Leadership, Staff, Services," in text

    def test_no_facts_and_no_recommendations_is_one_section(self, client, real_data):
        text = text_of(client.get("/providers/nps-london/"))

        assert "Contextual facts and recommendations No contextual facts or recommendations are recorded" in text
        assert "Recommendations Not recorded" not in text


@pytest.mark.django_db
class TestCompareNearTheTop:
    @pytest.mark.parametrize(
        "slug", ["kss-crc", "nps-london", "gateshead-and-south-tyneside-pdu", "kent-surrey-and-sussex-region"]
    )
    def test_compare_with_follows_the_headline_rating(self, client, both_eras, slug):
        html = client.get(f"/providers/{slug}/").content.decode()

        compare = position(html, 'class="compare-with"')
        assert position(html, 'id="latest-title"') < compare
        assert html.count('class="compare-with"') == 1
        # Before the evidence that follows: the standards of a CRC, the inspections of a unit.
        following = 'id="standards-title"' if slug in ("kss-crc", "nps-london") else 'id="timeline-title"'
        assert compare < position(html, following)


@pytest.mark.django_db
class TestSinceThen:
    def test_hiow_names_its_part_inspection_in_sentences_of_their_own(self, client, real_data):
        html = client.get("/providers/hiow-crc/").content.decode()
        since = html.split('class="evidence-note since-then">')[1].split("</div>")[0]
        sentence, note = since.split('class="value-note"')
        text = re.sub(r" ([,.;:])", r"\1", " ".join(re.sub(r"<[^>]+>", " ", sentence).split()))

        assert text.startswith("Since then: a part-inspection published 2020 gave no overall rating. It rated 4.2")
        assert "Through the Gate Outstanding. The part-inspection of 2020" in text
        assert "(" not in text and ".)." not in since
        assert "cut short by the COVID-19 lockdown" in note

    def test_a_standard_that_moved_is_read_once(self, client, real_data):
        html = client.get("/providers/hiow-crc/").content.decode()
        gate = html.split('id="across-caption"')[1].split("4.2 Through the Gate")[1].split("</tr>")[0]
        movement = gate.split('class="movement movement--improved">')[1]

        visible = re.sub(r'<span aria-hidden="true">.*?</span>', "", movement, flags=re.S)
        spoken = " ".join(re.sub(r"<[^>]+>", " ", visible).split())
        assert spoken.startswith("improved since 8 May 2019")
        assert '<span aria-hidden="true">▲</span>' in movement
        assert gate.count("improved since") == 1 and " improved<" not in gate


@pytest.mark.django_db
class TestReadTheReport:
    def test_the_report_is_linked_where_its_address_is_known(self, client, frameworks, django_assert_max_num_queries):
        provider = make_provider("Reported CRC")
        inspection = make_inspection(provider, overall_rating="Good", ratings=ALL_TEN_KSS, report_url=REPORT)
        with django_assert_max_num_queries(29):
            html = client.get(provider.get_absolute_url()).content.decode()
        summary = html.split('id="latest-title"')[1].split("</section>")[0]
        assert f'<p class="read-report"><a href="{REPORT}">Read the report' in summary

        page = client.get(inspection.get_absolute_url()).content.decode()
        assert f'<p class="read-report"><a href="{REPORT}">Read the report' in page

    def test_nothing_where_no_report_address_is_known(self, client, both_eras):
        assert not Inspection.objects.exclude(report_url="").exists()
        for address in ["/providers/kss-crc/", "/providers/gateshead-and-south-tyneside-pdu/"]:
            assert "Read the report" not in client.get(address).content.decode()

    def test_a_unit_links_its_report(self, client, both_eras):
        unit = Inspection.objects.filter(provider__slug="tameside-pdu").order_by("-published_on").first()
        Inspection.objects.filter(pk=unit.pk).update(report_url=REPORT)
        html = client.get("/providers/tameside-pdu/").content.decode()

        assert html.count(f'<a href="{REPORT}">Read the report') >= 1
        assert 'Read the report<span class="visually-hidden"> of the inspection published' in html
