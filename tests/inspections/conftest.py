import pytest
from django.contrib.auth.models import Group

from inspections.models import (
    CaseSample,
    ContextualFact,
    Framework,
    Inspection,
    InspectionRound,
    InspectionSource,
    KeyQuestionResult,
    Recommendation,
    StandardRating,
)
from inspections.roles import ensure_editor_group
from inspections.services.inputs import InspectionInput
from tests.factories import ALL_TEN_KSS, make_owner, make_provider

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


@pytest.fixture
def row_counts():
    """Rows stored of an inspection and each of its parts, by model."""
    return lambda: {model.__name__: model.objects.count() for model in CHILD_MODELS}


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
        return InspectionInput(**values)

    return build


@pytest.fixture
def editor_group(db):
    from django.apps import apps

    return ensure_editor_group(apps)


@pytest.fixture
def editor(django_user_model, editor_group):
    """A staff user in the Editor group, as the site's volunteers are."""
    user = django_user_model.objects.create_user("editor", password="a long editor passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
