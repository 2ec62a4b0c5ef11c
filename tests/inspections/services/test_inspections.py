import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inspections.models import (
    CaseSample,
    Framework,
    Inspection,
    KeyQuestion,
    KeyQuestionResult,
    Standard,
    StandardRating,
)
from inspections.services.inputs import inspection_input
from inspections.services.inspections import create_inspection, replace_inspection, save_inspection
from inspections.services.validation import stored_inspection, validate_inspection
from providers.services import CREATED, UNCHANGED, UPDATED
from tests.factories import ALL_TEN_KSS, make_inspection, make_provider

pytestmark = pytest.mark.django_db


def test_create_inspection_stores_every_part(kss_input):
    inspection = create_inspection(kss_input())

    inspection.refresh_from_db()
    assert inspection.published_on == datetime.date(2019, 6, 19)
    assert inspection.published_on_precision == "day"
    assert inspection.fieldwork_started_on == datetime.date(2019, 2, 1)
    assert inspection.fieldwork_started_label == "February 2019"
    assert inspection.standard_ratings.count() == 10
    assert {r.standard.code: r.rating for r in inspection.standard_ratings.all()} == ALL_TEN_KSS
    results = {r.key_question.code: r for r in inspection.key_question_results.select_related("key_question")}
    assert len(results) == 19
    assert results["2.3.3"].percent_yes == Decimal("41.00")
    assert results["2.3.3"].cases_inspected is None
    assert results["2.3.3"].subsample_of == 132
    assert results["4.1.3"].cases_inspected == 54
    assert list(inspection.case_samples.values_list("label", "cases_inspected", "domain__number")) == [
        ("2 Case supervision", 132, "2"),
        ("4.1 Unpaid work", 54, "4"),
    ]
    facts = list(inspection.facts.all())
    assert [fact.position for fact in facts] == [1, 2]
    assert facts[0].target == Decimal("90")
    # Blank means not recorded: no zero stands in for the missing figures.
    assert facts[1].england_and_wales_value is None
    assert facts[1].target is None
    assert list(inspection.recommendations.values_list("position", "addressed_to")) == [
        (1, "Kent, Surrey and Sussex CRC should"),
        (2, ""),
    ]
    assert list(inspection.sources.values_list("url", flat=True)) == ["https://www.russellwebster.com/hmipkss19/"]


def test_blank_values_are_not_recorded_never_zero(kss_input):
    data = kss_input(
        overall_rating="",
        fieldwork_started_on="",
        ratings={"1.1": "Outstanding", "1.2": "", "2.3": None},
        key_question_results=[{"code": "2.1.1", "percent_yes": "75", "cases_inspected": ""}],
        facts=[{"metric": "Reoffending", "unit": "percent", "provider_value": "", "target": None}],
    )

    inspection = create_inspection(data)

    inspection.refresh_from_db()
    assert inspection.overall_rating == ""
    assert inspection.fieldwork_started_on is None
    assert list(inspection.standard_ratings.values_list("standard__code", flat=True)) == ["1.1"]
    assert inspection.key_question_results.get().cases_inspected is None
    fact = inspection.facts.get()
    assert (fact.provider_value, fact.england_and_wales_value, fact.target) == (None, None, None)


def test_partial_publication_dates_keep_their_precision(kss_input):
    inspection = create_inspection(kss_input(published_on="2018", fieldwork_started_on=""))

    assert inspection.published_on == datetime.date(2018, 1, 1)
    assert inspection.published_on_precision == "year"
    assert inspection.published_label == "2018"


REFUSALS = [
    ("overall_rating", {"overall_rating": "Poor"}, "'Poor' is not one of Outstanding, Good"),
    ("rating_2.3", {"ratings": {"2.3": "Poor"}}, "'Poor' is not one of"),
    ("rating_3.1", {"ratings": {"3.1": "Good"}}, "not a standard of"),
    ("key_question_2.1.3", {"key_question_results": [{"code": "2.1.3", "percent_yes": 101}]}, "between 0 and 100"),
    ("key_question_2.1.3", {"key_question_results": [{"code": "2.1.3", "percent_yes": -1}]}, "between 0 and 100"),
    ("key_question_2.1.3", {"key_question_results": [{"code": "2.1.3", "percent_yes": "lots"}]}, "not a number"),
    ("key_question_2.1.3", {"key_question_results": [{"code": "2.1.3", "percent_yes": ""}]}, "Enter the '% yes'"),
    ("key_question_3.1.1", {"key_question_results": [{"code": "3.1.1", "percent_yes": 50}]}, "not a key question"),
    (
        "key_question_2.1.3",
        {"key_question_results": [{"code": "2.1.3", "percent_yes": 50, "cases_inspected": 0}]},
        "positive whole number",
    ),
    (
        "key_question_2.1.3",
        {"key_question_results": [{"code": "2.1.3", "percent_yes": 50, "cases_inspected": "12.5"}]},
        "not a whole number",
    ),
    (
        "key_question_2.1.3",
        {"key_question_results": [{"code": "2.1.3", "percent_yes": 50, "cases_inspected": 140, "subsample_of": 132}]},
        "cannot be larger",
    ),
    (
        "key_question_2.1.3",
        {"key_question_results": [{"code": "2.1.3", "percent_yes": 50}, {"code": "2.1.3", "percent_yes": 51}]},
        "given twice",
    ),
    ("case_sample_1", {"case_samples": [{"label": "2 Case supervision", "cases_inspected": 0}]}, "positive"),
    ("case_sample_1", {"case_samples": [{"label": "2 Case supervision", "cases_inspected": -3}]}, "positive"),
    ("case_sample_1", {"case_samples": [{"label": "2 Case supervision", "cases_inspected": ""}]}, "how many cases"),
    (
        "case_sample_1",
        {"case_samples": [{"label": "3 Court work", "cases_inspected": 10, "domain_number": "3"}]},
        "not a domain",
    ),
    ("fact_1", {"facts": [{"metric": "Completions", "unit": "percent", "provider_value": 120}]}, "between 0 and 100"),
    ("fact_1", {"facts": [{"metric": "Caseload", "unit": "people", "provider_value": 1}]}, "Unit 'people'"),
    ("fact_1", {"facts": [{"metric": "Caseload", "unit": "count", "provider_value": -5}]}, "cannot be negative"),
    ("recommendation_1", {"recommendations": [{"text": "  "}]}, "Enter the recommendation"),
    ("published_on", {"published_on": "2019-13-01"}, "not a real date"),
    ("published_on", {"published_on": "June 2019"}, "not a date written as YYYY"),
    ("published_on", {"published_on": None}, "Enter the publication date"),
    ("fieldwork_started_on", {"fieldwork_started_on": "2019-07"}, "cannot start after"),
    ("report_url", {"report_url": "not a web address"}, "not a valid web address"),
    ("source_url_2", {"source_urls": ["https://example.org/a", "ftp://example.org/b"]}, "not a valid web address"),
]


@pytest.mark.parametrize(("field", "changes", "message"), REFUSALS, ids=[f"{r[0]}-{i}" for i, r in enumerate(REFUSALS)])
def test_each_rule_refuses_with_a_field_message_and_writes_nothing(kss_input, field, changes, message, row_counts):
    data = kss_input(**changes)
    before = row_counts()

    with pytest.raises(ValidationError) as error:
        create_inspection(data)

    assert field in error.value.message_dict, error.value.message_dict
    assert any(message in text for text in error.value.message_dict[field]), error.value.message_dict
    assert row_counts() == before


def test_framework_must_rate_the_providers_type(kss_input, row_counts):
    before = row_counts()
    data = kss_input(framework=Framework.objects.get(slug="nps-2018"), ratings={}, key_question_results=[])
    data.case_samples = []

    with pytest.raises(ValidationError) as error:
        create_inspection(data)

    assert "rates NPS division providers, but KSS CRC is a CRC" in error.value.message_dict["framework"][0]
    assert row_counts() == before


def test_second_inspection_of_a_provider_on_one_date_is_refused(kss_input, row_counts):
    create_inspection(kss_input())
    before = row_counts()

    with pytest.raises(ValidationError) as error:
        create_inspection(kss_input(overall_rating="Good"))

    assert "already has an inspection published on 2019-06-19" in error.value.message_dict["published_on"][0]
    assert row_counts() == before


def test_all_errors_are_reported_at_once(kss_input):
    with pytest.raises(ValidationError) as error:
        create_inspection(kss_input(overall_rating="Poor", ratings={"2.3": "Poor"}, report_url="nope"))

    assert {"overall_rating", "rating_2.3", "report_url"} <= set(error.value.message_dict)


def test_replace_inspection_replaces_child_rows(kss_input):
    inspection = create_inspection(kss_input())

    replace_inspection(
        inspection,
        kss_input(
            overall_rating="Good",
            ratings={"1.1": "Good"},
            key_question_results=[{"code": "2.1.1", "percent_yes": 80, "cases_inspected": 132}],
            facts=[],
            recommendations=[{"text": "only one"}],
        ),
    )

    inspection.refresh_from_db()
    assert inspection.overall_rating == "Good"
    assert list(inspection.standard_ratings.values_list("standard__code", "rating")) == [("1.1", "Good")]
    assert inspection.key_question_results.count() == 1
    assert inspection.facts.count() == 0
    assert list(inspection.recommendations.values_list("text", flat=True)) == ["only one"]
    assert Inspection.objects.count() == 1


def test_replace_with_bad_data_keeps_the_stored_inspection(kss_input, row_counts):
    inspection = create_inspection(kss_input())
    before = row_counts()

    with pytest.raises(ValidationError):
        replace_inspection(inspection, kss_input(ratings={"2.3": "Poor"}, facts=[]))

    inspection.refresh_from_db()
    assert row_counts() == before
    assert inspection.standard_ratings.get(standard__code="2.3").rating == "Inadequate"


def test_save_inspection_reports_created_then_unchanged_then_updated(kss_input):
    inspection, action = save_inspection(kss_input())
    assert action == CREATED
    stamp = Inspection.objects.get().updated_at

    same, action = save_inspection(kss_input())
    assert (same.pk, action) == (inspection.pk, UNCHANGED)
    assert Inspection.objects.get().updated_at == stamp

    _, action = save_inspection(kss_input(caseload_as_reported="8,652"))
    assert action == UPDATED
    assert Inspection.objects.get().caseload_as_reported == "8,652"


def test_inspection_input_round_trips_what_is_stored(kss_input):
    inspection = create_inspection(kss_input())

    again = inspection_input(inspection)

    assert validate_inspection(again, instance=inspection) == stored_inspection(inspection)


# --- the database refuses bad rows even when services are bypassed ---------


def crc_inspection():
    return make_inspection(make_provider("Test CRC"), ratings={"2.3": "Inadequate"})


def test_db_refuses_percent_over_100(frameworks):
    inspection = crc_inspection()
    key_question = KeyQuestion.objects.get(standard__framework__slug="crc-2018", code="2.1.1")

    with pytest.raises(IntegrityError), transaction.atomic():
        KeyQuestionResult.objects.create(inspection=inspection, key_question=key_question, percent_yes=101)


def test_db_refuses_a_second_rating_of_one_standard(frameworks):
    inspection = crc_inspection()
    standard = Standard.objects.get(framework__slug="crc-2018", code="2.3")

    with pytest.raises(IntegrityError), transaction.atomic():
        StandardRating.objects.create(inspection=inspection, standard=standard, rating="Good")


def test_db_refuses_a_rating_off_the_scale(frameworks):
    inspection = crc_inspection()
    standard = Standard.objects.get(framework__slug="crc-2018", code="1.1")

    with pytest.raises(IntegrityError), transaction.atomic():
        StandardRating.objects.create(inspection=inspection, standard=standard, rating="Poor")


def test_db_refuses_a_standard_of_another_framework(frameworks):
    inspection = crc_inspection()
    nps_standard = Standard.objects.get(framework__slug="nps-2018", code="3.1")

    with pytest.raises(IntegrityError), transaction.atomic():
        StandardRating.objects.create(inspection=inspection, standard=nps_standard, rating="Good")
    assert not inspection.standard_ratings.filter(standard=nps_standard).exists()


def test_db_refuses_a_key_question_of_another_framework(frameworks):
    inspection = crc_inspection()
    nps_question = KeyQuestion.objects.get(standard__framework__slug="nps-2018", code="2.1.1")

    with pytest.raises(IntegrityError), transaction.atomic():
        KeyQuestionResult.objects.create(inspection=inspection, key_question=nps_question, percent_yes=50)


def test_db_refuses_fieldwork_after_publication_and_a_second_inspection_on_a_date(frameworks):
    provider = make_provider("Other CRC")
    make_inspection(provider, published_on=datetime.date(2019, 1, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        make_inspection(provider, published_on=datetime.date(2019, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_inspection(
            provider, published_on=datetime.date(2019, 3, 1), fieldwork_started_on=datetime.date(2019, 4, 1)
        )


def test_db_refuses_an_empty_case_sample(frameworks):
    inspection = crc_inspection()

    with pytest.raises(IntegrityError), transaction.atomic():
        CaseSample.objects.create(inspection=inspection, label="2 Case supervision", cases_inspected=0)


def test_inspection_text_keeps_line_breaks_but_not_invisible_characters(kss_input):
    inspection = create_inspection(
        kss_input(
            caseload_as_reported="approximately\u202e 8,600",
            recommendations=[{"text": "equip all staff\u2067 with\nthe skills\u200b", "addressed_to": "\u202eKSS"}],
            facts=[{"metric": "Individuals\u200d supervised", "unit": "count", "provider_value": 8652}],
        )
    )
    inspection.refresh_from_db()
    assert inspection.caseload_as_reported == "approximately 8,600"
    assert list(inspection.recommendations.values_list("text", "addressed_to")) == [
        ("equip all staff with\nthe skills", "KSS")
    ]
    assert list(inspection.facts.values_list("metric", flat=True)) == ["Individuals supervised"]
