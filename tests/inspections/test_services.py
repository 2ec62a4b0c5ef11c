import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inspections import services
from inspections.models import (
    CaseSample,
    ContextualFact,
    Framework,
    Inspection,
    InspectionRound,
    InspectionSource,
    KeyQuestion,
    KeyQuestionResult,
    Recommendation,
    Standard,
    StandardRating,
)
from providers.models import OwnershipPeriod, Provider
from tests.factories import ALL_TEN_KSS, make_inspection, make_owner, make_provider

pytestmark = pytest.mark.django_db

KSS_RESULTS = [
    ("2.1.1", 75, 132, None),
    ("2.1.2", 69, 132, None),
    ("2.1.3", 49, 132, None),
    ("2.2.1", 61, 132, None),
    ("2.2.2", 64, 132, None),
    ("2.2.3", 47, None, 132),
    ("2.3.1", 76, 132, None),
    ("2.3.2", 54, 132, None),
    ("2.3.3", 41, None, 132),
    ("2.4.1", 71, 132, None),
    ("2.4.2", 64, 132, None),
    ("2.4.3", 47, None, 132),
    ("4.1.1", 70, 54, None),
    ("4.1.2", 74, 54, None),
    ("4.1.3", 65, 54, None),
    ("4.1.4", 76, 54, None),
    ("4.2.1", 69, 42, None),
    ("4.2.2", 54, 42, None),
    ("4.2.3", 55, 42, None),
]

CHILD_MODELS = [
    Inspection,
    InspectionSource,
    StandardRating,
    KeyQuestionResult,
    CaseSample,
    ContextualFact,
    Recommendation,
]


def row_counts():
    return {model.__name__: model.objects.count() for model in CHILD_MODELS}


@pytest.fixture
def crc(frameworks):
    return make_provider("KSS CRC", name="Kent, Surrey and Sussex Community Rehabilitation Company")


@pytest.fixture
def kss_input(crc):
    seetec = make_owner("Seetec")

    def build(**changes):
        values = dict(
            provider=crc,
            framework=Framework.objects.get(slug="crc-2018"),
            inspection_round=InspectionRound.objects.get(slug="2018-19"),
            owner_at_inspection=seetec,
            published_on="2019-06-19",
            fieldwork_started_on="2019-02",
            overall_rating="Requires improvement",
            caseload_as_reported="approximately 8,600",
            source_urls=["https://www.russellwebster.com/hmipkss19/"],
            ratings=dict(ALL_TEN_KSS),
            key_question_results=[
                {"code": code, "percent_yes": percent, "cases_inspected": cases, "subsample_of": whole}
                for code, percent, cases, whole in KSS_RESULTS
            ],
            case_samples=[
                {"label": "2 Case supervision", "cases_inspected": 132, "domain_number": "2"},
                {"label": "4.1 Unpaid work", "cases_inspected": "54", "domain_number": "4"},
            ],
            facts=[
                {
                    "metric": "Positive completions of unpaid work requirements",
                    "unit": "percent",
                    "provider_value": "94",
                    "england_and_wales_value": 89,
                    "target": "90",
                    "source_citation": "Ministry of Justice (2018). CRC Service Level 10",
                },
                {"metric": "Individuals supervised by the CRC", "unit": "count", "provider_value": 8652},
            ],
            recommendations=[
                {"text": "equip all staff with the skills", "addressed_to": "Kent, Surrey and Sussex CRC should"},
                {"text": "enhance the delivery of resettlement activity"},
            ],
        )
        values.update(changes)
        return services.InspectionInput(**values)

    return build


def test_create_inspection_stores_every_part(kss_input):
    inspection = services.create_inspection(kss_input())

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

    inspection = services.create_inspection(data)

    inspection.refresh_from_db()
    assert inspection.overall_rating == ""
    assert inspection.fieldwork_started_on is None
    assert list(inspection.standard_ratings.values_list("standard__code", flat=True)) == ["1.1"]
    assert inspection.key_question_results.get().cases_inspected is None
    fact = inspection.facts.get()
    assert (fact.provider_value, fact.england_and_wales_value, fact.target) == (None, None, None)


def test_partial_publication_dates_keep_their_precision(kss_input):
    inspection = services.create_inspection(kss_input(published_on="2018", fieldwork_started_on=""))

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
def test_each_rule_refuses_with_a_field_message_and_writes_nothing(kss_input, field, changes, message):
    data = kss_input(**changes)
    before = row_counts()

    with pytest.raises(ValidationError) as error:
        services.create_inspection(data)

    assert field in error.value.message_dict, error.value.message_dict
    assert any(message in text for text in error.value.message_dict[field]), error.value.message_dict
    assert row_counts() == before


def test_framework_must_rate_the_providers_type(kss_input):
    before = row_counts()
    data = kss_input(framework=Framework.objects.get(slug="nps-2018"), ratings={}, key_question_results=[])
    data.case_samples = []

    with pytest.raises(ValidationError) as error:
        services.create_inspection(data)

    assert "rates NPS division providers, but KSS CRC is a CRC" in error.value.message_dict["framework"][0]
    assert row_counts() == before


def test_second_inspection_of_a_provider_on_one_date_is_refused(kss_input):
    services.create_inspection(kss_input())
    before = row_counts()

    with pytest.raises(ValidationError) as error:
        services.create_inspection(kss_input(overall_rating="Good"))

    assert "already has an inspection published on 2019-06-19" in error.value.message_dict["published_on"][0]
    assert row_counts() == before


def test_all_errors_are_reported_at_once(kss_input):
    with pytest.raises(ValidationError) as error:
        services.create_inspection(kss_input(overall_rating="Poor", ratings={"2.3": "Poor"}, report_url="nope"))

    assert {"overall_rating", "rating_2.3", "report_url"} <= set(error.value.message_dict)


def test_replace_inspection_replaces_child_rows(kss_input):
    inspection = services.create_inspection(kss_input())

    services.replace_inspection(
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


def test_replace_with_bad_data_keeps_the_stored_inspection(kss_input):
    inspection = services.create_inspection(kss_input())
    before = row_counts()

    with pytest.raises(ValidationError):
        services.replace_inspection(inspection, kss_input(ratings={"2.3": "Poor"}, facts=[]))

    inspection.refresh_from_db()
    assert row_counts() == before
    assert inspection.standard_ratings.get(standard__code="2.3").rating == "Inadequate"


def test_save_inspection_reports_created_then_unchanged_then_updated(kss_input):
    inspection, action = services.save_inspection(kss_input())
    assert action == services.CREATED
    stamp = Inspection.objects.get().updated_at

    same, action = services.save_inspection(kss_input())
    assert (same.pk, action) == (inspection.pk, services.UNCHANGED)
    assert Inspection.objects.get().updated_at == stamp

    _, action = services.save_inspection(kss_input(caseload_as_reported="8,652"))
    assert action == services.UPDATED
    assert Inspection.objects.get().caseload_as_reported == "8,652"


def test_inspection_input_round_trips_what_is_stored(kss_input):
    inspection = services.create_inspection(kss_input())

    again = services.inspection_input(inspection)

    assert services.validate_inspection(again, instance=inspection) == services.stored_inspection(inspection)


def test_preview_of_kss_shows_score_band_and_departures(kss_input):
    before = row_counts()

    result = services.preview(kss_input())

    assert result.score == 15
    assert result.band == "Requires improvement"
    assert result.points_to_next_band == 1
    assert (result.standards_rated, result.standard_count) == (10, 10)
    departures = {d.code: (d.rating_entered, d.indicated_band, d.lowest_percent_yes) for d in result.differences}
    assert departures == {
        "2.1": ("Requires improvement", "Inadequate", 49.0),
        "2.2": ("Requires improvement", "Inadequate", 47.0),
        "2.4": ("Requires improvement", "Inadequate", 47.0),
    }
    assert row_counts() == before


def test_preview_with_an_unknown_standard_has_no_score(kss_input):
    ratings = dict(ALL_TEN_KSS)
    del ratings["1.3"]

    result = services.preview(kss_input(ratings=ratings))

    assert result.score is None
    assert result.band is None
    assert result.standards_rated == 9


# --- providers, owners, ownership periods ---------------------------------


def test_create_or_update_provider_is_idempotent(frameworks):
    provider, action = services.create_or_update_provider(
        short_name="Staffs & West Midlands CRC", name="Staffordshire and West Midlands CRC", provider_type="crc"
    )
    assert (provider.slug, action) == ("staffs-west-midlands-crc", services.CREATED)

    again, action = services.create_or_update_provider(
        short_name="Staffs & West Midlands CRC", name="Staffordshire and West Midlands CRC", provider_type="crc"
    )
    assert (again.pk, action) == (provider.pk, services.UNCHANGED)

    _, action = services.create_or_update_provider(
        short_name="Staffs & West Midlands CRC",
        name="Staffordshire and West Midlands CRC",
        provider_type="crc",
        area="Birmingham",
    )
    assert action == services.UPDATED
    assert Provider.objects.get().area == "Birmingham"


def test_provider_type_must_be_known(db):
    with pytest.raises(ValidationError) as error:
        services.create_or_update_provider(short_name="X", name="X CRC", provider_type="prison")
    assert "provider_type" in error.value.message_dict
    assert not Provider.objects.exists()


def test_create_or_update_owner(db):
    owner, action = services.create_or_update_owner(name="National Probation Service", is_public_sector=True)
    assert (owner.slug, owner.is_public_sector, action) == ("national-probation-service", True, services.CREATED)
    _, action = services.create_or_update_owner(name="National Probation Service", is_public_sector=True)
    assert action == services.UNCHANGED


def test_ownership_period_rules(db):
    provider = make_provider("DDC CRC")
    owner = make_owner("Working Links")

    period, action = services.create_or_update_ownership_period(
        provider=provider, owner=owner, ended_on="2019-02", source_url="https://www.russellwebster.com/wlinksrip/"
    )
    assert action == services.CREATED
    assert period.started_on is None
    assert (period.ended_on, period.ended_on_precision) == (datetime.date(2019, 2, 1), "month")
    _, action = services.create_or_update_ownership_period(
        provider=provider, owner=owner, ended_on="2019-02", source_url="https://www.russellwebster.com/wlinksrip/"
    )
    assert action == services.UNCHANGED

    with pytest.raises(ValidationError) as error:
        services.create_or_update_ownership_period(
            provider=provider, owner=owner, started_on="2019-03", ended_on="2019-02", source_url="nope"
        )
    assert {"ended_on", "source_url"} <= set(error.value.message_dict)
    assert OwnershipPeriod.objects.count() == 1


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


# Bidi overrides and isolates, zero-width characters, a byte-order mark and a C0 control: all invisible.
INVISIBLE = "\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\ufeff\x07"


def test_invisible_and_bidi_controls_are_stripped_from_provider_and_owner_names(db):
    provider, _ = services.create_or_update_provider(
        short_name="KSS\u202e CRC", name="Kent\u2066 Surrey\u2069 and Sussex\u200b CRC", provider_type="crc"
    )
    owner, _ = services.create_or_update_owner(name="\u202eSeetec" + INVISIBLE, notes="owns\u200f three")
    provider.refresh_from_db()
    owner.refresh_from_db()
    assert (provider.short_name, provider.name) == ("KSS CRC", "Kent Surrey and Sussex CRC")
    assert (owner.name, owner.notes, owner.slug) == ("Seetec", "owns three", "seetec")


def test_a_name_of_invisible_characters_only_is_refused(db):
    with pytest.raises(ValidationError) as refused:
        services.create_or_update_owner(name=INVISIBLE)
    assert refused.value.message_dict == {"name": ["Enter the owner's name."]}


def test_inspection_text_keeps_line_breaks_but_not_invisible_characters(kss_input):
    inspection = services.create_inspection(
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


def test_visible_text_keeps_every_visible_character():
    text = "Kent, Surrey & Sussex — 94% «ok»\tNPS Cymru: Gwasanaeth Prawf Cenedlaethol\n"
    assert services.visible_text(text) == text
