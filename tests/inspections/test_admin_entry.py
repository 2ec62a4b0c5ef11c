"""The editors' inspection entry form: laid out by framework, checked before saving, all or nothing."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from inspections.forms import InspectionEntry, Layout
from inspections.models import (
    CaseSample,
    ChangeRecord,
    ContextualFact,
    Framework,
    Inspection,
    InspectionSource,
    KeyQuestionResult,
    Recommendation,
    StandardRating,
)
from providers.models import Provider
from tests.factories import ALL_TEN_KSS, make_provider
from tests.inspections.test_report_text import KSS_PERCENTS as REPORT_PERCENTS

pytestmark = pytest.mark.django_db

ADD = reverse("admin:inspections_inspection_add")
# Case supervision key questions of the KSS report (Annex 2).
KSS_PERCENTS = {code: percent for code, percent in REPORT_PERCENTS.items() if code.startswith("2.")}
MODELS = [
    Inspection,
    StandardRating,
    KeyQuestionResult,
    CaseSample,
    ContextualFact,
    Recommendation,
    InspectionSource,
    ChangeRecord,
]


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def empty_rows(prefix, count=2):
    return {f"{prefix}-TOTAL_FORMS": str(count), f"{prefix}-INITIAL_FORMS": "0"}


def entry_data(provider, framework, changes=None):
    """A complete, valid POST of the entry form: a CRC inspection with KSS's ratings and case-supervision results."""
    data = {
        "provider": str(provider.pk),
        "framework": str(framework.pk),
        "published_on": "2020-02-12",
        "fieldwork_started_on": "2019-11",
        "overall_rating": "Requires improvement",
        "inspection_round": "",
        "owner_at_inspection": "",
        "caseload_as_reported": "about 5,000",
        "report_url": "https://www.justiceinspectorates.gov.uk/hmiprobation/inspections/test-crc/",
        **empty_rows("sources"),
        "sources-0-url": "https://www.russellwebster.com/test-crc/",
        **empty_rows("samples"),
        "samples-0-label": "2 Case supervision",
        "samples-0-cases_inspected": "132",
        "samples-0-domain_number": "2",
        **empty_rows("facts"),
        "facts-0-metric": "Individuals supervised by the CRC",
        "facts-0-unit": "count",
        "facts-0-provider_value": "5012",
        **empty_rows("recommendations"),
        "recommendations-0-addressed_to": "Test CRC should",
        "recommendations-0-text": "improve risk assessment",
    }
    for code, rating in ALL_TEN_KSS.items():
        data[f"rating_{code}"] = rating
    for code, percent in KSS_PERCENTS.items():
        data[f"kq_{code}_percent"] = percent
        data[f"kq_{code}_cases"] = "" if code.endswith(".3") and code != "2.1.3" else "132"
        data[f"kq_{code}_subsample_of"] = "132" if code.endswith(".3") and code != "2.1.3" else ""
    data.update(changes or {})
    return {key: value for key, value in data.items() if value is not None}


def stored_snapshot(html):
    """The snapshot of what was stored that an entry form carries, as a browser would post it back."""
    return re.search(r'<input type="hidden" name="stored_snapshot" value="([^"]+)"', html).group(1)


def fingerprint(data, framework, inspection=None):
    entry = InspectionEntry(Layout(framework), data=data, inspection=inspection)
    assert entry.is_valid()
    return entry.fingerprint()


@pytest.fixture
def crc_framework(frameworks):
    return Framework.objects.get(slug="crc-2018")


@pytest.fixture
def provider(frameworks):
    return make_provider("Test CRC", name="Test Community Rehabilitation Company")


def test_adding_starts_by_choosing_the_provider(editor_client, provider, crc_framework):
    response = editor_client.get(ADD)
    assert response.status_code == 200
    assert "Provider inspected" in response.content.decode()
    response = editor_client.get(ADD, {"provider": provider.pk, "framework": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{ADD}?provider={provider.pk}&framework={crc_framework.pk}"


def test_the_choice_refuses_a_framework_of_another_kind(editor_client, provider):
    nps = Framework.objects.get(slug="nps-2018")
    response = editor_client.get(ADD, {"provider": provider.pk, "framework": nps.pk})
    assert response.status_code == 200
    assert "does not rate CRC providers" in response.content.decode()


def test_the_form_lays_out_the_frameworks_ten_standards_and_key_questions(editor_client, provider, crc_framework):
    html = editor_client.get(ADD, {"provider": provider.pk, "framework": crc_framework.pk}).content.decode()
    codes = re.findall(r'<select name="rating_([\d.]+)"', html)
    assert codes == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "4.1", "4.2"]
    assert len(re.findall(r'name="kq_[\d.]+_percent"', html)) == 19
    assert "2.1.3 Does assessment focus sufficiently on keeping other people safe? (% yes)" in html
    assert "<legend>4. Unpaid work and Through the Gate</legend>" in html
    for heading in ("Sources", "Case samples", "Contextual facts", "Recommendations"):
        assert f"<legend>{heading}</legend>" in html

    nps = Framework.objects.get(slug="nps-2018")
    division = make_provider("NPS Test", provider_type="nps")
    html = editor_client.get(ADD, {"provider": division.pk, "framework": nps.pk}).content.decode()
    assert re.findall(r'<select name="rating_([\d.]+)"', html)[-2:] == ["3.1", "3.2"]
    assert len(re.findall(r'name="kq_[\d.]+_percent"', html)) == 12


def test_check_shows_score_band_and_discretion_warning_then_save_stores_everything(
    editor_client, editor, provider, crc_framework
):
    data = entry_data(provider, crc_framework)
    response = editor_client.post(f"{ADD}?framework={crc_framework.pk}", {**data, "check": "Check"})
    html = response.content.decode()
    assert response.status_code == 200
    assert Inspection.objects.count() == 0  # checking stores nothing
    assert "Score <strong>15</strong> of 30: band <strong>Requires improvement</strong>" in html
    assert "(1 point short of the band above)" in html
    # KSS 2.4: the key questions indicate Inadequate (lowest 47%), the inspectors rated it Requires improvement.
    assert "2.4 Reviewing: rated Requires improvement, but its key questions indicate Inadequate" in html
    assert "This does not stop the save." in html
    assert 'name="save"' in html
    checked = re.search(r'name="checked" value="([0-9a-f]{64})"', html).group(1)

    response = editor_client.post(f"{ADD}?framework={crc_framework.pk}", {**data, "checked": checked, "save": "Save"})
    assert response.status_code == 302
    inspection = Inspection.objects.get(provider=provider)
    assert inspection.published_label == "12 February 2020"
    assert inspection.fieldwork_started_label == "November 2019"
    assert {rating.standard.code: rating.rating for rating in inspection.standard_ratings.all()} == ALL_TEN_KSS
    results = {result.key_question.code: result for result in inspection.key_question_results.all()}
    assert len(results) == 12
    assert results["2.2.3"].cases_inspected is None and results["2.2.3"].subsample_of == 132
    assert inspection.case_samples.get().cases_inspected == 132
    assert inspection.facts.get().provider_value == 5012
    assert inspection.recommendations.get().text == "improve risk assessment"
    assert list(inspection.sources.values_list("url", flat=True)) == ["https://www.russellwebster.com/test-crc/"]
    record = ChangeRecord.objects.get()
    assert record.kind == "addition"
    assert record.revision.user == editor
    follow = editor_client.get(response["Location"])
    assert "added. The public pages show it now." in follow.content.decode()


def test_save_without_a_check_of_the_same_values_only_checks(editor_client, provider, crc_framework):
    data = entry_data(provider, crc_framework)
    checked = fingerprint(data, crc_framework)
    changed = {**data, "rating_1.1": "Good", "checked": checked, "save": "Save"}
    response = editor_client.post(f"{ADD}?framework={crc_framework.pk}", changed)
    assert response.status_code == 200
    assert Inspection.objects.count() == 0
    assert "Values changed since the last check" in response.content.decode()


def test_a_stored_inspection_opens_filled_in_and_saves_a_correction(editor_client, provider, crc_framework):
    data = entry_data(provider, crc_framework)
    editor_client.post(
        f"{ADD}?framework={crc_framework.pk}", {**data, "checked": fingerprint(data, crc_framework), "save": "1"}
    )
    inspection = Inspection.objects.get()
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    html = editor_client.get(url).content.decode()
    assert 'name="published_on_0" value="2020"' in html
    assert re.search(r'<select name="published_on_1"[^>]*>.*?<option value="02" selected>February</option>', html, re.S)
    assert 'name="published_on_2" value="12"' in html
    assert re.search(
        r'<select name="rating_2.3" id="id_rating_2.3">.*?<option value="Inadequate" selected>', html, re.S
    )
    assert 'name="kq_2.1.3_percent" value="49"' in html
    assert re.search(r'<textarea name="facts-0-metric"[^>]*>\s*Individuals supervised by the CRC</textarea>', html)

    corrected = {**data, "rating_2.3": "Requires improvement", "stored_snapshot": stored_snapshot(html)}
    checked = fingerprint(corrected, crc_framework, inspection)
    response = editor_client.post(url, {**corrected, "checked": checked, "save": "1"})
    assert response.status_code == 302
    assert inspection.standard_ratings.get(standard__code="2.3").rating == "Requires improvement"
    record = ChangeRecord.objects.newest_first().first()
    assert record.kind == "correction"
    assert record.details == ["2.3 rating: Inadequate → Requires improvement"]


INVALID = [
    # (what the rule is, the change to a valid POST, the field whose row shows the message, part of the message)
    ("rating off the scale", {"rating_2.3": "Poor"}, "rating_2.3", "'Poor' is not one of"),
    ("overall rating off the scale", {"overall_rating": "Poor"}, "overall_rating", "'Poor' is not one of"),
    ("percentage over 100", {"kq_2.1.3_percent": "150"}, "kq_2.1.3_percent", "between 0 and 100"),
    ("percentage below 0", {"kq_2.1.3_percent": "-1"}, "kq_2.1.3_percent", "between 0 and 100"),
    ("percentage not a number", {"kq_2.1.3_percent": "half"}, "kq_2.1.3_percent", "is not a number"),
    ("sample size zero", {"kq_2.1.1_cases": "0"}, "kq_2.1.1_percent", "positive whole number"),
    ("sample size negative", {"samples-0-cases_inspected": "-5"}, "samples-0", "positive whole number"),
    ("fact percentage over 100", {"facts-0-unit": "percent", "facts-0-provider_value": "120"}, "facts-0", "100"),
    ("fieldwork after publication", {"fieldwork_started_on": "2020-03"}, "fieldwork_started_on", "after the report"),
    ("no publication date", {"published_on": ""}, "published_on", "Enter the publication date"),
    ("a date that is no date", {"published_on": "2020-02-30"}, "published_on", "not a real date"),
    ("standard of another framework", {"rating_3.1": "Good"}, None, "3.1 is not a standard of"),
    ("no provider", {"provider": ""}, "provider", "Choose the provider"),
    ("source that is no web address", {"sources-0-url": "not a url"}, "sources-0", "not a valid web address"),
]


@pytest.mark.parametrize(("rule", "change", "field", "message"), INVALID, ids=[row[0] for row in INVALID])
def test_invalid_submissions_are_refused_next_to_the_field_and_store_nothing(
    editor_client, provider, crc_framework, rule, change, field, message
):
    before = row_counts()
    data = entry_data(provider, crc_framework, change)
    entry = InspectionEntry(Layout(crc_framework), data=data)
    # A fault the form itself finds (an impossible date) leaves nothing to fingerprint: any digest will do.
    checked = entry.fingerprint() if entry.is_valid() else "0" * 64
    for action in ({"check": "Check"}, {"save": "Save", "checked": checked}):
        response = editor_client.post(f"{ADD}?framework={crc_framework.pk}", {**data, **action})
        assert response.status_code == 400
        html = response.content.decode()
        assert "Nothing was saved." in html
        assert escape(message) in html
        assert 'name="save"' not in html
        entry = response.context["entry"]
        if field is None:
            assert any(message in text for _, text in entry.errors_out_of_place)
        elif field.startswith(("samples-", "facts-", "sources-")):
            prefix, index = field.split("-")
            form = entry.row_set(prefix).forms[int(index)]
            assert any(message in text for texts in form.errors.values() for text in texts)
        else:
            assert any(message in text for text in entry.form.errors[field])
    assert row_counts() == before


def test_a_second_inspection_of_a_provider_on_the_same_date_is_refused(editor_client, provider, crc_framework):
    data = entry_data(provider, crc_framework)
    editor_client.post(
        f"{ADD}?framework={crc_framework.pk}", {**data, "checked": fingerprint(data, crc_framework), "save": "1"}
    )
    before = row_counts()
    again = {**data, "overall_rating": "Good", "not_a_duplicate": "on"}
    response = editor_client.post(
        f"{ADD}?framework={crc_framework.pk}", {**again, "checked": fingerprint(again, crc_framework), "save": "1"}
    )
    assert response.status_code == 400
    assert "already has an inspection published on 2020-02-12" in " ".join(
        response.context["entry"].form.errors["published_on"]
    )
    assert row_counts() == before


def test_a_provider_of_another_kind_is_refused(editor_client, crc_framework, frameworks):
    division = make_provider("NPS Test", provider_type="nps")
    data = entry_data(division, crc_framework)
    response = editor_client.post(f"{ADD}?framework={crc_framework.pk}", {**data, "check": "1"})
    assert response.status_code == 400
    assert "rates CRC providers, but NPS Test is a NPS division" in " ".join(
        response.context["entry"].form.errors["framework"]
    )
    assert Inspection.objects.count() == 0


def test_errors_are_listed_at_the_top_with_links_to_their_fields(editor_client, provider, crc_framework):
    data = entry_data(provider, crc_framework, {"rating_2.3": "Poor", "kq_2.1.3_percent": "150"})
    html = editor_client.post(f"{ADD}?framework={crc_framework.pk}", {**data, "check": "1"}).content.decode()
    summary = re.search(r'<div class="errornote" role="alert" id="error-summary">(.*?)</div>', html, re.S).group(1)
    assert '<a href="#id_rating_2.3">2.3 Implementation and delivery</a>' in summary
    assert '<a href="#id_kq_2.1.3_percent">2.1.3 % yes</a>' in summary
    # ... and each message sits in the row of its field.
    row = re.search(r'<tr class="standard-row" id="standard-2.3">(.*?)</tr>', html, re.S).group(1)
    assert "&#x27;Poor&#x27; is not one of" in row


def test_unknown_framework_or_inspection_gives_no_500(editor_client, provider):
    assert editor_client.get(ADD, {"framework": "999"}).status_code == 200  # back to choosing
    assert editor_client.get(ADD, {"framework": "x"}).status_code == 200
    response = editor_client.get(reverse("admin:inspections_inspection_change", args=[999]))
    assert response.status_code == 302


def test_a_tampered_row_count_is_refused_not_a_crash(editor_client, provider, crc_framework):
    data = entry_data(provider, crc_framework, {"facts-TOTAL_FORMS": "100000"})
    response = editor_client.post(f"{ADD}?framework={crc_framework.pk}", {**data, "check": "1"})
    assert response.status_code == 200  # the row count is clamped to 200; checking stores nothing
    assert Inspection.objects.count() == 0
    assert Provider.objects.count() == 1


# --------------------------------------------------------------------------
# The second round's values: "Not rated", a derived rating, notes
# --------------------------------------------------------------------------


def test_not_rated_is_offered_apart_from_not_recorded(editor_client, provider, crc_framework):
    html = editor_client.get(ADD, {"provider": provider.pk, "framework": crc_framework.pk}).content.decode()
    select = re.search(r'<select name="overall_rating".*?</select>', html, re.S).group(0)
    assert '<option value="" selected>Not recorded (no source gives it)</option>' in select
    assert '<option value="Not rated">Not rated (the inspectorate published none)</option>' in select
    assert "the inspectorate published no overall rating, e.g. a part-inspection" in html


def test_not_rated_derived_and_notes_are_saved_and_shown_again(editor_client, provider, crc_framework):
    data = entry_data(
        provider,
        crc_framework,
        {"overall_rating": "Not rated", "overall_rating_derived": "on", "notes": "Part-inspection: Through the Gate."},
    )
    response = editor_client.post(
        f"{ADD}?framework={crc_framework.pk}", {**data, "checked": fingerprint(data, crc_framework), "save": "1"}
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert (inspection.overall_rating, inspection.overall_rating_derived) == ("Not rated", True)
    assert inspection.notes == "Part-inspection: Through the Gate."

    html = editor_client.get(reverse("admin:inspections_inspection_change", args=[inspection.pk])).content.decode()
    assert '<option value="Not rated" selected>' in html
    assert re.search(r'<input type="checkbox" name="overall_rating_derived"[^>]*checked', html)
    assert re.search(r'<textarea name="notes"[^>]*>\s*Part-inspection: Through the Gate.</textarea>', html)


def test_a_derived_rating_needs_a_rating(editor_client, provider, crc_framework):
    data = entry_data(provider, crc_framework, {"overall_rating": "", "overall_rating_derived": "on"})
    response = editor_client.post(f"{ADD}?framework={crc_framework.pk}", {**data, "check": "1"})
    assert response.status_code == 400
    assert (
        "Only a recorded overall rating can be marked as derived."
        in response.context["entry"].form.errors["overall_rating"]
    )
    assert Inspection.objects.count() == 0


# --------------------------------------------------------------------------
# Partial dates: year, month, day
# --------------------------------------------------------------------------


def date_parts(name, year, month="", day=""):
    return {name: None, f"{name}_0": year, f"{name}_1": month, f"{name}_2": day}


@pytest.mark.parametrize(
    ("parts", "label"),
    [
        (("2020", "02", "12"), "12 February 2020"),
        (("2020", "02", ""), "February 2020"),
        (("2020", "", ""), "2020"),
    ],
)
def test_a_date_is_entered_as_year_month_and_day_as_precise_as_the_source(
    editor_client, provider, crc_framework, parts, label
):
    data = entry_data(provider, crc_framework, {**date_parts("published_on", *parts), "fieldwork_started_on": ""})
    response = editor_client.post(
        f"{ADD}?framework={crc_framework.pk}", {**data, "checked": fingerprint(data, crc_framework), "save": "1"}
    )
    assert response.status_code == 302
    assert Inspection.objects.get().published_label == label


def test_the_date_inputs_are_labelled_year_month_and_day(editor_client, provider, crc_framework):
    html = editor_client.get(ADD, {"provider": provider.pk, "framework": crc_framework.pk}).content.decode()
    group = re.search(
        r'<fieldset class="field-group"[^>]*>\s*<legend>Date published</legend>(.*?)</fieldset>', html, re.S
    )
    assert group
    labels = re.findall(r'<label for="id_published_on_(\d)">(\w+)</label>', group.group(1))
    assert labels == [("0", "Year"), ("1", "Month"), ("2", "Day")]
    assert '<option value="06">June</option>' in group.group(1)
    assert '<option value="" selected>Month not given</option>' in group.group(1)


DATE_ERRORS = [
    ("a year that is no year", ("20", "02", ""), "Enter the year as four digits, e.g. 2019."),
    ("a month without a year", ("", "02", ""), "Enter the year."),
    ("a day without a month", ("2020", "", "12"), "Choose the month of that day, or leave the day blank."),
    ("a day that is no number", ("2020", "02", "x"), "Enter the day as a number"),
    ("a day the month does not have", ("2020", "02", "30"), "not a real date"),
    ("a month that is no month", ("2020", "13", ""), "Select a valid choice"),
    ("a publication in the future", ("2999", "01", ""), "2999-01-01 is in the future: only published reports"),
]


@pytest.mark.parametrize(("rule", "parts", "message"), DATE_ERRORS, ids=[row[0] for row in DATE_ERRORS])
def test_a_date_that_cannot_be_stored_is_refused_next_to_its_inputs(
    editor_client, provider, crc_framework, rule, parts, message
):
    data = entry_data(provider, crc_framework, {**date_parts("published_on", *parts), "fieldwork_started_on": ""})
    response = editor_client.post(f"{ADD}?framework={crc_framework.pk}", {**data, "check": "1"})
    assert response.status_code == 400
    assert any(message in text for text in response.context["entry"].form.errors["published_on"])
    html = response.content.decode()
    assert '<a href="#id_published_on_0">Date published</a>' in html  # the summary leads to the year
    group = re.search(r'<div class="form-row errors field-published_on">(.*?)</fieldset>', html, re.S).group(1)
    assert escape(message) in group
    assert Inspection.objects.count() == 0


# --------------------------------------------------------------------------
# An inspection that may already be stored
# --------------------------------------------------------------------------


@pytest.fixture
def stored(editor_client, provider, crc_framework):
    data = entry_data(provider, crc_framework)
    editor_client.post(
        f"{ADD}?framework={crc_framework.pk}", {**data, "checked": fingerprint(data, crc_framework), "save": "1"}
    )
    return Inspection.objects.get()


def test_an_inspection_of_the_same_month_must_be_acknowledged_before_check_or_save(
    editor_client, provider, crc_framework, stored
):
    before = row_counts()
    again = entry_data(provider, crc_framework, {"published_on": "2020-02-20", "overall_rating": "Good"})
    for action in ({"check": "1"}, {"save": "1", "checked": "0" * 64}):
        response = editor_client.post(f"{ADD}?framework={crc_framework.pk}", {**again, **action})
        assert response.status_code == 400
        html = response.content.decode()
        alert = re.search(
            r'<div class="duplicate-alert errors" role="alert" id="duplicate-alert">(.*?)<p class="help">', html, re.S
        )
        assert alert
        change = reverse("admin:inspections_inspection_change", args=[stored.pk])
        assert f'<a href="{change}">an inspection published 12 February 2020</a>' in alert.group(1)
        assert "I have checked this is not the inspection already stored" in alert.group(1)
        assert 'name="save"' not in html
        assert "check-result" not in html  # no preview until answered
    assert row_counts() == before

    acknowledged = {**again, "not_a_duplicate": "on"}
    response = editor_client.post(f"{ADD}?framework={crc_framework.pk}", {**acknowledged, "check": "1"})
    assert response.status_code == 200
    checked = re.search(r'name="checked" value="([0-9a-f]{64})"', response.content.decode()).group(1)
    response = editor_client.post(
        f"{ADD}?framework={crc_framework.pk}", {**acknowledged, "checked": checked, "save": "1"}
    )
    assert response.status_code == 302
    assert Inspection.objects.count() == 2


def test_another_month_raises_no_alert_and_a_correction_is_not_its_own_duplicate(
    editor_client, provider, crc_framework, stored
):
    other = entry_data(provider, crc_framework, {"published_on": "2020-03-04"})
    html = editor_client.post(f"{ADD}?framework={crc_framework.pk}", {**other, "check": "1"}).content.decode()
    assert "duplicate-alert" not in html
    html = editor_client.get(reverse("admin:inspections_inspection_change", args=[stored.pk])).content.decode()
    assert "duplicate-alert" not in html


# --------------------------------------------------------------------------
# Labels in plain words; inputs that fit
# --------------------------------------------------------------------------


def test_labels_are_plain_words_with_the_reports_wording_as_a_hint(editor_client, provider, crc_framework):
    html = editor_client.get(ADD, {"provider": provider.pk, "framework": crc_framework.pk}).content.decode()
    assert "Sub-sample of (whole sample" not in html
    assert "Only some cases counted? Size of the whole sample" in html
    assert "the report's “…in relevant cases”" in html
    assert ">2.1.3 only some cases counted: size of the whole sample</label>" in html
    samples_domain = re.search(r'<select name="samples-0-domain_number".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="(\d)">([^<]+)</option>', samples_domain) == [
        ("1", "1 Organisational delivery"),
        ("2", "2 Case supervision"),
        ("4", "4 Unpaid work and Through the Gate"),
    ]
    assert "Part of the report (domain)" in html
    for label in ("Inspectors&#x27; visit began", "Link to the report", "Who should act", "Link to a source"):
        assert label in html
    assert re.search(r'<textarea name="recommendations-0-text" cols="40" rows="5"', html)


def test_a_domain_the_framework_lacks_is_refused_with_a_message(editor_client, provider, crc_framework):
    data = entry_data(provider, crc_framework, {"samples-0-domain_number": "3"})
    response = editor_client.post(f"{ADD}?framework={crc_framework.pk}", {**data, "check": "1"})
    assert response.status_code == 400
    assert Inspection.objects.count() == 0
    assert response.context["entry"].has_errors


def test_the_admin_wears_the_sites_colours_and_says_it_is_unofficial(editor_client, provider):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "Probation inspection league — editors</a>" in html
    assert '<span class="unofficial-tag">Unofficial</span>' in html
    assert "inspections/admin-theme.css" in html
    assert "admin/css/dark_mode.css" not in html


def test_every_date_fault_is_reported_in_one_pass(editor_client, provider, crc_framework):
    data = entry_data(
        provider,
        crc_framework,
        {**date_parts("published_on", "2999", "01", ""), **date_parts("fieldwork_started_on", "2019", "", "3")},
    )
    response = editor_client.post(f"{ADD}?framework={crc_framework.pk}", {**data, "check": "1"})
    assert response.status_code == 400
    errors = response.context["entry"].form.errors
    assert "2999-01-01 is in the future: only published reports are entered." in errors["published_on"]
    assert "Choose the month of that day, or leave the day blank." in errors["fieldwork_started_on"]


def test_long_wordings_are_shown_whole_and_stored_on_one_line(editor_client, provider, crc_framework):
    html = editor_client.get(ADD, {"provider": provider.pk, "framework": crc_framework.pk}).content.decode()
    assert re.search(r'<textarea name="facts-0-metric" cols="40" rows="3" class="wrapping-line"', html)
    assert re.search(r'<textarea name="facts-0-source_citation" cols="40" rows="4" class="wrapping-line"', html)
    data = entry_data(provider, crc_framework, {"facts-0-metric": "Individuals supervised\r\n  by the CRC"})
    response = editor_client.post(
        f"{ADD}?framework={crc_framework.pk}", {**data, "checked": fingerprint(data, crc_framework), "save": "1"}
    )
    assert response.status_code == 302
    assert Inspection.objects.get().facts.get().metric == "Individuals supervised by the CRC"


# --------------------------------------------------------------------------
# The Probation Service era: frameworks with unnumbered standards, or none
# --------------------------------------------------------------------------


def ps_data(unit, framework, changes=None):
    data = {
        "provider": str(unit.pk),
        "framework": str(framework.pk),
        "published_on_0": "2026",
        "published_on_1": "03",
        "published_on_2": "4",
        "overall_rating": "Good",
        "inspection_round": str(framework.inspection_round_id or ""),
        **empty_rows("sources"),
        "sources-0-url": "https://hmiprobation.justiceinspectorates.gov.uk/news/test-release/",
        **empty_rows("samples"),
        **empty_rows("facts"),
        **empty_rows("recommendations"),
    }
    data.update(changes or {})
    return {key: value for key, value in data.items() if value is not None}


def check_then_save(client, url, data, framework, inspection=None):
    response = client.post(url, {**data, "check": "1"})
    assert response.status_code == 200, response.context["entry"].error_summary()
    checked = re.search(r'name="checked" value="([^"]+)"', response.content.decode()).group(1)
    return client.post(url, {**data, "checked": checked, "save": "1"})


@pytest.fixture
def pdu_2023(both_eras):
    return Framework.objects.get(slug="pdu-2023")


@pytest.fixture
def unit(both_eras):
    return Provider.objects.filter(provider_type="pdu").exclude(inspections__published_on__year=2026).first()


def test_a_framework_of_unnumbered_standards_lays_them_out_by_name(editor_client, unit, pdu_2023):
    html = editor_client.get(ADD, {"provider": unit.pk, "framework": pdu_2023.pk}).content.decode()
    keys = re.findall(r'<select name="rating_([\w.-]+)"', html)
    assert keys == [standard.key for standard in pdu_2023.standards.order_by("position")]
    assert all(not key[0].isdigit() for key in keys)
    first = pdu_2023.standards.order_by("position").first()
    assert f'<label for="id_rating_{first.slug}">{escape(first.name)}</label>' in html
    assert "Date not recorded" in html and 'name="points_stated"' in html and 'name="sequence_in_unit"' in html
    assert ">None<" not in html
    assert "Ratings and key questions" not in html
    rounds = re.search(r'<select name="inspection_round".*?</select>', html, re.S).group(0)
    assert "2018" not in rounds
    if pdu_2023.inspection_round_id:
        assert re.search(rf'<option value="{pdu_2023.inspection_round_id}" selected>', rounds)


def test_an_inspection_with_points_sequence_and_no_date_is_saved(editor_client, unit, pdu_2023):
    data = ps_data(
        unit,
        pdu_2023,
        {"published_on_0": "", "published_on_1": "", "published_on_2": "", "published_on_3": "on"},
    )
    data |= {"points_stated": "1/27", "sequence_in_unit": "2"}
    data |= {f"rating_{standard.key}": "Good" for standard in pdu_2023.standards.all()}
    response = check_then_save(editor_client, f"{ADD}?framework={pdu_2023.pk}", data, pdu_2023)
    assert response.status_code == 302
    inspection = Inspection.objects.get(provider=unit, points_stated="1/27")
    assert (inspection.published_on, inspection.sequence_in_unit) == (None, 2)
    assert inspection.standard_ratings.count() == pdu_2023.standards.count()
    follow = editor_client.get(response["Location"]).content.decode()
    assert f'<a href="/providers/{unit.slug}/">' in follow

    html = editor_client.get(reverse("admin:inspections_inspection_change", args=[inspection.pk])).content.decode()
    assert re.search(r'<input type="checkbox" name="published_on_3"[^>]*checked', html)
    assert 'name="points_stated" value="1/27"' in html


def test_a_blank_date_must_be_said_to_be_unrecorded(editor_client, unit, pdu_2023):
    data = ps_data(unit, pdu_2023, {"published_on_0": "", "published_on_1": "", "published_on_2": ""})
    response = editor_client.post(f"{ADD}?framework={pdu_2023.pk}", {**data, "check": "1"})
    assert response.status_code == 400
    assert "tick “Date not recorded”" in response.context["entry"].form.errors["published_on"][0]


def test_a_dynamic_inspection_of_a_region_is_not_rated(editor_client, both_eras):
    dipp = Framework.objects.get(slug="dipp-2025")
    region = Provider.objects.filter(provider_type="region").exclude(inspections__framework=dipp).first()
    url = f"{ADD}?framework={dipp.pk}"
    html = editor_client.get(ADD, {"provider": region.pk, "framework": dipp.pk}).content.decode()
    assert "rates no standards" in html
    response = editor_client.post(url, {**ps_data(region, dipp, {"overall_rating": "Not rated"}), "check": "1"})
    assert "agrees with the band its key questions" not in response.content.decode()
    response = check_then_save(editor_client, url, ps_data(region, dipp, {"overall_rating": "Not rated"}), dipp)
    assert response.status_code == 302
    assert (
        Inspection.objects.get(provider=region, framework=dipp, published_on__year=2026).overall_rating == "Not rated"
    )
    assert ChangeRecord.objects.newest_first().first().kind == "addition"


def test_a_unit_not_stored_is_created_in_its_region_only_on_save(editor_client, pdu_2023):
    region = Provider.objects.filter(provider_type="region").first()
    data = ps_data(
        Provider(pk=None), pdu_2023, {"provider": "", "new_unit_name": "Testshire", "new_unit_region": str(region.pk)}
    )
    url = f"{ADD}?framework={pdu_2023.pk}"
    editor_client.post(url, {**data, "check": "1"})
    assert not Provider.objects.filter(short_name="Testshire PDU").exists()
    assert check_then_save(editor_client, url, data, pdu_2023).status_code == 302
    created = Provider.objects.get(short_name="Testshire PDU")
    assert (created.region, created.provider_type, created.inspections.count()) == (region, "pdu", 1)


def test_a_changed_value_asks_for_its_source(editor_client, unit, pdu_2023):
    check_then_save(editor_client, f"{ADD}?framework={pdu_2023.pk}", ps_data(unit, pdu_2023), pdu_2023)
    inspection = Inspection.objects.get(provider=unit, published_on__year=2026)
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    html = editor_client.get(url).content.decode()
    changed = ps_data(unit, pdu_2023, {"overall_rating": "Inadequate", "stored_snapshot": stored_snapshot(html)})
    response = editor_client.post(url, {**changed, "check": "1"})
    assert response.status_code == 400
    assert "give the web address of the source" in response.context["entry"].form.errors["change_source"][0]
    source = "https://hmiprobation.justiceinspectorates.gov.uk/news/correction/"
    response = check_then_save(editor_client, url, {**changed, "change_source": source}, pdu_2023, inspection)
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.overall_rating == "Inadequate"
    assert source in inspection.sources.values_list("url", flat=True)


def test_a_worklist_link_marks_the_missing_fields(editor_client, unit, pdu_2023):
    check_then_save(editor_client, f"{ADD}?framework={pdu_2023.pk}", ps_data(unit, pdu_2023), pdu_2023)
    inspection = Inspection.objects.get(provider=unit, published_on__year=2026)
    key = pdu_2023.standards.order_by("position").first().key
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    html = editor_client.get(url, {"missing": f"points_stated,rating_{key}"}).content.decode()
    assert re.search(
        r'class="field-anchor missing-value" id="field-points_stated">\s*<div[^>]*>\s*<p class="missing-flag">Missing',
        html,
    )
    assert f'id="field-rating_{key}">' in html
    assert 'class="field-anchor" id="field-published_on"' in html


def test_a_reading_is_carried_signed_through_every_check(rf, editor, unit, pdu_2023):
    from django.contrib import admin

    from inspections.admin_views.entry import render_entry
    from inspections.forms.carried import READING_FIELD, read_reading, sign_reading

    reading = {"evidence": {"overall_rating": "rated 'Good' overall"}, "not_read": ["No date"], "open_wordings": []}
    request = rf.get(ADD)
    request.user = editor
    entry = InspectionEntry(Layout(pdu_2023), initial={"framework": pdu_2023.pk, "provider": unit.pk})
    response = render_entry(admin.site._registry[Inspection], request, "Review", entry, reading=reading)
    html = response.render().content.decode()
    assert "Read from: “rated &#x27;Good&#x27; overall”" in html and "No date" in html
    token = re.search(rf'name="{READING_FIELD}" value="([^"]+)"', html).group(1)
    assert read_reading(token)["evidence"] == reading["evidence"]
    assert read_reading(token[:-2] + "xx") is None
    assert read_reading(sign_reading({"not_read": ["x"] * 10_000}))["not_read"] == ["x"] * 200


def test_the_entry_page_of_a_probation_service_framework_takes_few_queries(
    editor_client, unit, pdu_2023, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        assert editor_client.get(ADD, {"provider": unit.pk, "framework": pdu_2023.pk}).status_code == 200


def test_the_choice_groups_units_by_region_and_finds_a_unit_by_a_name_it_went_by(editor_client, both_eras):
    from providers.models import ProviderAlias

    html = editor_client.get(ADD).content.decode()
    region = Provider.objects.filter(provider_type="region", units__isnull=False).first()
    group = re.search(rf'<optgroup label="{escape(region.short_name)}">(.*?)</optgroup>', html, re.S).group(1)
    assert all(escape(pdu.short_name) in group for pdu in region.units.all())
    alias = ProviderAlias.objects.select_related("provider").first()
    if alias is None:
        pdu = region.units.first()
        alias = ProviderAlias.objects.create(provider=pdu, name="Old Name of the Unit")
    response = editor_client.get(ADD, {"provider": "", "unit_name": alias.name, "framework": ""})
    assert response.status_code == 302
    assert f"provider={alias.provider.pk}&" in response["Location"]
    response = editor_client.get(ADD, {"provider": "", "unit_name": "Nowhere At All", "framework": ""})
    assert "No unit is called" in response.content.decode()
