"""A framework an administrator defines as data shows in today's league, unit pages and exports with no code."""

import csv
import datetime
import io
import json

import pytest
from django.core.cache import cache
from django.utils.text import slugify

from inspections import league_fields
from inspections.models import Domain, Framework, Inspection, StandardRating
from providers.models import Provider

pytestmark = pytest.mark.django_db

SLUG = "pdu-2026"
STANDARD_NAMES = ["Leadership", "Partnership work", "Case quality", "Public protection", "Victim work"]
RATINGS = ["Good", "Requires improvement", "Good", "Inadequate", "Outstanding"]
UNIT = "gateshead-and-south-tyneside-pdu"


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def new_framework(both_eras):
    """Five unnumbered standards, no published scoring rule (no bands), one inspection under it."""
    framework = Framework.objects.create(slug=SLUG, name="PDU inspections, 2026 model", provider_type="pdu")
    domain = Domain.objects.create(framework=framework, number="1", name="Everything")
    standards = [
        framework.standards.create(domain=domain, name=name, slug=slugify(name), position=position)
        for position, name in enumerate(STANDARD_NAMES, start=1)
    ]
    unit = Provider.objects.get(slug=UNIT)
    inspection = Inspection.objects.create(
        provider=unit, framework=framework, published_on=datetime.date(2026, 3, 4), overall_rating="Good"
    )
    StandardRating.objects.bulk_create(
        StandardRating(inspection=inspection, standard=standard, rating=rating)
        for standard, rating in zip(standards, RATINGS, strict=True)
    )
    league_fields.refresh_providers([unit.pk])
    return framework


def test_the_league_offers_the_new_framework_and_shows_its_five_columns(client, new_framework):
    page = client.get("/probation-service/").content.decode()
    assert f'<option value="{SLUG}">PDU inspections, 2026 model</option>' in page
    page = client.get(f"/probation-service/?standards={SLUG}").content.decode()
    for name in STANDARD_NAMES:
        assert name in page
    rows = list(csv.DictReader(io.StringIO(_body(client.get(f"/probation-service.csv?standards={SLUG}")).decode())))
    row = next(row for row in rows if row["unit_slug"] == UNIT)
    assert row["framework"] == SLUG
    assert row["overall_rating"] == "Good"
    assert [row[f"{SLUG}: {name}"] for name in STANDARD_NAMES] == RATINGS


def test_the_json_export_carries_the_new_standards(client, new_framework):
    data = json.loads(_body(client.get(f"/probation-service.json?standards={SLUG}")))
    text = json.dumps(data)
    for name in STANDARD_NAMES:
        assert name in text
    assert "Victim work" in text and "Outstanding" in text


def test_the_unit_page_shows_the_new_frameworks_standards(client, new_framework):
    page = client.get(f"/providers/{UNIT}/").content.decode()
    assert "PDU inspections, 2026 model" in page
    for name in STANDARD_NAMES:
        assert name in page


def test_the_league_costs_no_more_queries_with_the_new_framework(client, both_eras, django_assert_max_num_queries):
    client.get("/probation-service/?standards=pdu-2023")  # warm what is read once per process
    cache.clear()  # measure a rendering, not the page cache
    with django_assert_max_num_queries(40) as before:
        client.get("/probation-service/?standards=pdu-2023")
    framework = Framework.objects.create(slug=SLUG, name="PDU inspections, 2026 model", provider_type="pdu")
    domain = Domain.objects.create(framework=framework, number="1", name="Everything")
    framework.standards.create(domain=domain, name="Leadership", slug="leadership", position=1)
    cache.clear()
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(f"/probation-service/?standards={SLUG}")
