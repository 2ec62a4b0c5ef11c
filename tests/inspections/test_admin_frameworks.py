"""An administrator defines a framework in the admin: domains, standards (numbered or by name) and a scoring rule."""

import datetime
import re

import pytest
from django.urls import reverse

from inspections import league_fields
from inspections.models import Domain, Framework, Inspection, StandardRating

pytestmark = pytest.mark.django_db

ADD = reverse("admin:inspections_framework_add")
CHANGELIST = reverse("admin:inspections_framework_changelist")


def change_url(framework):
    return reverse("admin:inspections_framework_change", args=[framework.pk])


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def framework_fields(**changes):
    return {
        "name": "PDU inspections, 2026 model",
        "slug": "pdu-2026",
        "provider_type": "pdu",
        "introduced_on": "",
        "source_url": "",
        "description": "",
        **changes,
    }


def add_with_domains(admin_client, *domains):
    data = {**framework_fields(), **management("domains", len(domains)), **management("bands", 0)}
    for index, (number, name) in enumerate(domains):
        data[f"domains-{index}-number"] = number
        data[f"domains-{index}-name"] = name
    return admin_client.post(ADD, data)


@pytest.fixture
def new_framework(admin_client, frameworks):
    response = add_with_domains(admin_client, ("1", "Organisation"), ("2", "Case work"))
    assert response.status_code == 302
    return Framework.objects.get(slug="pdu-2026")


def standards_post(framework, standards, bands=()):
    """The change page's post: its domains as stored, `standards` as (domain, position, code, name, slug) rows."""
    domains = list(framework.domains.order_by("number"))
    stored = list(framework.standards.order_by("position"))
    data = {
        **framework_fields(name=framework.name, slug=framework.slug),
        **management("domains", len(domains), len(domains)),
    }
    for index, domain in enumerate(domains):
        data.update(
            {
                f"domains-{index}-id": domain.pk,
                f"domains-{index}-number": domain.number,
                f"domains-{index}-name": domain.name,
                f"domains-{index}-framework": framework.pk,
            }
        )
    data.update(management("standards", len(standards), len(stored)))
    for index, (domain, position, code, name, slug) in enumerate(standards):
        row = {
            "domain": domain.pk if domain else "",
            "position": position,
            "code": code,
            "name": name,
            "slug": slug,
            "description": "",
            "framework": framework.pk,
        }
        if index < len(stored):
            row["id"] = stored[index].pk
        data.update({f"standards-{index}-{key}": value for key, value in row.items()})
    data.update(management("bands", len(bands)))
    for index, (rating, points, min_score, percent) in enumerate(bands):
        data.update(
            {
                f"bands-{index}-rating": rating,
                f"bands-{index}-points": points,
                f"bands-{index}-min_score": min_score,
                f"bands-{index}-min_percent_yes": percent,
                f"bands-{index}-framework": framework.pk,
            }
        )
    return data


FIVE = ["Leadership", "Partnership work", "Case quality", "Public protection", "Victim work"]


def test_the_add_page_labels_what_a_framework_applies_to_and_says_standards_follow(admin_client, frameworks):
    page = admin_client.get(ADD).content.decode()
    assert "Applies to" in page
    assert "Domains (save them, then add the standards in each)" in page
    assert "Scoring rule: bands, only where the inspectorate published" in page
    assert 'name="standards-TOTAL_FORMS"' not in page


def test_adding_a_framework_goes_on_to_its_standards(admin_client, frameworks):
    response = add_with_domains(admin_client, ("1", "Everything"))
    framework = Framework.objects.get(slug="pdu-2026")
    assert response.status_code == 302 and response["Location"] == change_url(framework)
    page = admin_client.get(change_url(framework)).content.decode()
    assert "Now add its standards" in page
    assert 'name="standards-TOTAL_FORMS"' in page
    assert [str(domain) for domain in framework.domains.all()] == ["1 Everything"]


def test_five_unnumbered_standards_get_their_addresses_and_places_from_their_names(admin_client, new_framework):
    domain = new_framework.domains.get(number="1")
    rows = [(domain, "", "", name, "") for name in FIVE]
    response = admin_client.post(change_url(new_framework), standards_post(new_framework, rows))
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = list(new_framework.standards.order_by("position").values_list("position", "code", "name", "slug"))
    assert stored == [
        (1, "", "Leadership", "leadership"),
        (2, "", "Partnership work", "partnership-work"),
        (3, "", "Case quality", "case-quality"),
        (4, "", "Public protection", "public-protection"),
        (5, "", "Victim work", "victim-work"),
    ]
    assert not new_framework.has_scoring_rule
    page = admin_client.get(CHANGELIST).content.decode()
    assert "PDU inspections, 2026 model" in page and "Applies to" in page


def test_the_domain_choice_holds_only_this_frameworks_domains(admin_client, new_framework):
    html = admin_client.get(change_url(new_framework)).content.decode()
    page = re.search(r'<select name="standards-0-domain".*?</select>', html, re.S).group(0)
    other = Domain.objects.exclude(framework=new_framework).first()
    assert f'<option value="{other.pk}">' not in page
    for domain in new_framework.domains.all():
        assert f'<option value="{domain.pk}">{domain}</option>' in page


def test_a_domain_of_another_framework_is_refused_with_a_message(admin_client, new_framework):
    other = Domain.objects.exclude(framework=new_framework).first()
    response = admin_client.post(change_url(new_framework), standards_post(new_framework, [(other, "", "", "X", "")]))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not new_framework.standards.exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("1", "", "Leadership", ""), ("2", "", "Leadership", "")], "Two standards have the address"),
        ([("1", "1.1", "A", ""), ("2", "1.1", "B", "")], "Two standards are numbered 1.1"),
        ([("1", "", "A", ""), ("1", "", "B", "")], "Two standards are in place 1"),
        ([("", "", "!!!", "")], "Give a name with letters or digits"),
    ],
)
def test_repeated_numbers_addresses_or_places_are_refused_beside_the_row(admin_client, new_framework, rows, message):
    domain = new_framework.domains.get(number="1")
    data = standards_post(new_framework, [(domain, *row) for row in rows])
    response = admin_client.post(change_url(new_framework), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not new_framework.standards.exists()  # nothing half-saved


def test_places_given_are_kept_and_blanks_follow_them(admin_client, new_framework):
    domain = new_framework.domains.get(number="2")
    rows = [(domain, "3", "2.1", "Assessment", ""), (domain, "", "", "Planning", "plan")]
    assert admin_client.post(change_url(new_framework), standards_post(new_framework, rows)).status_code == 302
    assert list(new_framework.standards.values_list("position", "code", "slug")) == [
        (3, "2.1", "assessment"),
        (4, "", "plan"),
    ]


FOUR_BANDS = [
    ("Outstanding", 3, 13, 80),
    ("Good", 2, 8, 65),
    ("Requires improvement", 1, 3, 50),
    ("Inadequate", 0, 0, 0),
]


def test_a_published_scoring_rule_is_four_bands_and_scores_the_inspections(admin_client, new_framework):
    domain = new_framework.domains.get(number="1")
    rows = [(domain, "", "", name, "") for name in FIVE]
    assert admin_client.post(change_url(new_framework), standards_post(new_framework, rows)).status_code == 302
    standards = list(new_framework.standards.order_by("position"))
    unit = Inspection.objects.first().provider if Inspection.objects.exists() else None
    if unit is None:
        from tests.factories import make_provider

        unit = make_provider("Testshire PDU", provider_type="pdu")
    inspection = Inspection.objects.create(
        provider=unit, framework=new_framework, published_on=datetime.date(2026, 1, 5), overall_rating="Good"
    )
    StandardRating.objects.bulk_create(
        StandardRating(inspection=inspection, standard=s, rating="Good") for s in standards
    )
    league_fields.refresh_providers([unit.pk])
    inspection.refresh_from_db()
    assert inspection.score is None  # no rule, no score
    data = standards_post(new_framework, [(s.domain, s.position, "", s.name, s.slug) for s in standards], FOUR_BANDS)
    response = admin_client.post(change_url(new_framework), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    inspection.refresh_from_db()
    assert (inspection.score, inspection.score_band) == (10, "Good")
    assert Framework.objects.get(pk=new_framework.pk).has_scoring_rule


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        (FOUR_BANDS[:2], "for each of the four ratings"),
        ([*FOUR_BANDS[:3], ("Inadequate", 0, 1, 0)], "starts at a score of 0"),
        ([("Outstanding", 1, 13, 80), *FOUR_BANDS[1:]], "Outstanding must give more points than Good"),
    ],
)
def test_an_incomplete_or_disordered_scoring_rule_is_refused(admin_client, new_framework, bands, message):
    response = admin_client.post(change_url(new_framework), standards_post(new_framework, [], bands))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not new_framework.bands.exists()


def test_a_standard_inspections_are_rated_on_cannot_be_deleted(admin_client, real_data):
    framework = Framework.objects.get(provider_type="crc")
    standard = framework.standards.order_by("position").first()
    assert standard.ratings.exists()
    page = admin_client.get(change_url(framework))
    assert page.status_code == 200
    form = page.context["inline_admin_formsets"]
    data = {}
    for key, value in page.context["adminform"].form.initial.items():
        data[key] = "" if value is None else value
    for inline in form:
        formset = inline.formset
        data.update(management(formset.prefix, formset.total_form_count(), formset.initial_form_count()))
        for sub in formset.forms:
            for name in sub.fields:
                value = sub[name].value()
                data[sub.add_prefix(name)] = "" if value is None else (value.pk if hasattr(value, "pk") else value)
    first = next(f for f in form if f.formset.prefix == "standards").formset.forms[0]
    data[first.add_prefix("DELETE")] = "on"
    for key in [key for key, value in data.items() if value is False]:
        del data[key]
    response = admin_client.post(change_url(framework), data)
    assert response.status_code == 200
    assert "Inspections are rated on" in response.content.decode()
    assert framework.standards.filter(pk=standard.pk).exists()


def test_editors_cannot_reach_frameworks(editor_client, frameworks):
    assert editor_client.get(CHANGELIST).status_code == 403
    assert editor_client.get(ADD).status_code == 403
