"""Report a mistake: a link at the foot of every page, a form any reader may send, stored for the editors."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from corrections.models import MistakeReport
from inspections.roles import EDITOR_GROUP

pytestmark = pytest.mark.django_db

FORM = "/report-a-mistake/"
THANKS = "/report-a-mistake/thanks/"
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def report_links(html):
    return re.findall(r'<a href="(/report-a-mistake/\?page=[^"]*)"', html)


def visible_text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", " ", html, flags=re.S)).split())


def post(client, meta=None, **fields):
    data = {"what_is_wrong": "", "source": "", "reply_email": "", "page": "", **fields}
    return client.post(FORM, data, **(meta or {}))


@pytest.mark.parametrize(
    ("address", "named"),
    [
        ("/", "/"),
        ("/?round=2019-20&junk=1", "/%3Fround%3D2019-20"),
        ("/providers/kss-crc/", "/providers/kss-crc/"),
        ("/methodology/", "/methodology/"),
        ("/glossary/", "/glossary/"),
        # A search names the search page only: what a reader typed (perhaps a postcode) is never passed on.
        ("/find/?q=BN1+1AA", "/find/"),
    ],
)
def test_every_page_links_the_form_naming_itself(client, real_data, address, named):
    links = report_links(client.get(address).content.decode())
    assert links == [f"{FORM}?page={named}"]


def test_the_embedded_league_links_the_form_on_this_site(client, real_data):
    html = client.get("/embed/league/").content.decode()
    assert re.search(r'<a href="http://testserver/report-a-mistake/\?page=/" target="_top">Report a mistake</a>', html)


def test_the_form_names_the_page_and_is_never_cached(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(FORM, {"page": "/providers/kss-crc/"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'Tell the editors what is wrong on <a href="/providers/kss-crc/">/providers/kss-crc/</a>' in html
    assert 'name="csrfmiddlewaretoken"' in html and 'name="page" value="/providers/kss-crc/"' in html
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert not EMAIL_ADDRESS.search(visible_text(html))
    assert "mailto:" not in html
    assert report_links(html) == []  # no "report a mistake" on the report form itself


def test_a_page_off_the_site_is_not_named(client):
    for page in ("https://example.org/", "//example.org/x", "javascript:alert(1)", "/" + "x" * 600):
        html = client.get(FORM, {"page": page}).content.decode()
        page_field = re.search(r'<input type="hidden" name="page"[^>]*>', html)[0]
        assert "value" not in page_field
        assert "example.org" not in html and "javascript:" not in html


def test_a_report_is_stored_and_thanked_after_a_redirect(client):
    response = post(
        client,
        page="/providers/kss-crc/",
        what_is_wrong="  2.1 Assessment should be Good.  ",
        source="The 2019 report, page 7",
        reply_email="reader@example.org",
    )
    assert response.status_code == 302 and response["Location"] == f"{THANKS}?page=%2Fproviders%2Fkss-crc%2F"
    report = MistakeReport.objects.get()
    assert (report.page, report.what_is_wrong, report.source, report.reply_email, report.handled) == (
        "/providers/kss-crc/",
        "2.1 Assessment should be Good.",
        "The 2019 report, page 7",
        "reader@example.org",
        False,
    )
    thanks = client.get(response["Location"])
    html = thanks.content.decode()
    assert thanks.status_code == 200 and "Thank you: your report was sent" in html
    assert '<a href="/providers/kss-crc/">Back to the page you were reading</a>' in html
    assert "reader@example.org" not in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"what_is_wrong": "   "}, "Say what is wrong: the value, and what it should be if you know."),
        ({"what_is_wrong": "x" * 5001}, "Say what is wrong in 5,000 characters or fewer."),
        (
            {"what_is_wrong": "A date", "reply_email": "not an address"},
            "Enter an email address like name@example.org, or leave it blank.",
        ),
    ],
)
def test_bad_input_gives_the_form_again_with_the_problem(client, fields, message):
    response = post(client, page="/methodology/", **fields)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was sent: 1 thing to correct" in html and html.count(message) == 2  # summary and field
    assert 'aria-invalid="true"' in html and 'name="page" value="/methodology/"' in html
    assert MistakeReport.objects.count() == 0


def test_a_filled_trap_field_is_thanked_and_dropped(client):
    response = post(client, what_is_wrong="Buy now", website="https://spam.example")
    assert response.status_code == 302 and MistakeReport.objects.count() == 0


def test_a_post_without_its_csrf_token_is_refused(db):
    response = Client(enforce_csrf_checks=True).post(FORM, {"what_is_wrong": "A date"})
    assert response.status_code == 403 and MistakeReport.objects.count() == 0


def test_a_flood_from_one_address_is_throttled_and_others_are_not(client, settings):
    settings.MISTAKE_REPORTS_PER_WINDOW = 2
    settings.MISTAKE_REPORTS_WINDOW_SECONDS = 600
    assert [post(client, what_is_wrong=f"Report {n}").status_code for n in range(2)] == [302, 302]
    refused = post(client, what_is_wrong="Report 3")
    assert refused.status_code == 429
    assert "too many have come from your internet connection in the last 10 minutes" in refused.content.decode()
    assert MistakeReport.objects.count() == 2
    assert post(client, {"REMOTE_ADDR": "192.0.2.7"}, what_is_wrong="From elsewhere").status_code == 302
    assert MistakeReport.objects.count() == 3


@pytest.fixture
def editor_client(client):
    editor = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
    client.force_login(editor)
    return client


def test_editors_see_reports_and_mark_them_handled(editor_client):
    report = MistakeReport.objects.create(page="/providers/kss-crc/", what_is_wrong="2.1 should be Good")
    listing = editor_client.get("/admin/corrections/mistakereport/")
    assert listing.status_code == 200 and "2.1 should be Good" in listing.content.decode()
    assert editor_client.get("/admin/corrections/mistakereport/add/").status_code == 403
    response = editor_client.post(
        "/admin/corrections/mistakereport/",
        {"action": "mark_selected_handled", "_selected_action": [report.pk]},
        follow=True,
    )
    assert "1 report marked handled." in response.content.decode()
    report.refresh_from_db()
    assert report.handled and report.handled_at is not None
