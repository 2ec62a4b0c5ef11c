"""Synthetic providers for benchmarks and scale tests: spread like the real data, and marked as synthetic."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from inspections.models import OVERALL_VALUES, Inspection
from inspections.synthetic import BIG_OWNER_SLUG, seed_synthetic_providers
from providers.models import Owner, Provider

pytestmark = pytest.mark.django_db


def test_synthetic_providers_cover_every_case_the_pages_show(real_data):
    seeded = seed_synthetic_providers(400)

    synthetic = Provider.objects.filter(slug__startswith="synthetic-")
    assert seeded.providers == synthetic.count() == 400
    assert Provider.objects.count() == 28 + 400
    assert all(provider.short_name.startswith("Synthetic ") for provider in synthetic)
    assert Counter(synthetic.values_list("provider_type", flat=True)).keys() == {"crc", "nps"}

    inspections = Inspection.objects.filter(provider__in=synthetic)
    assert seeded.inspections == inspections.count()
    assert set(inspections.values_list("overall_rating", flat=True)) == {*OVERALL_VALUES, ""}
    assert set(inspections.values_list("inspection_round__slug", flat=True)) == {"2018-19", "2019-20"}
    twice = synthetic.annotate(inspected=Count("inspections")).filter(inspected=2)
    assert twice.exists()
    assert all(
        sorted(provider.inspections.values_list("inspection_round__slug", flat=True)) == ["2018-19", "2019-20"]
        for provider in twice
    )
    incomplete = inspections.with_standards_recorded().standards_incomplete()
    assert 0 < incomplete.count() < inspections.count() / 4

    # Every provider has one owner, and one owner has by far the most providers.
    owners = Counter(inspections.values_list("owner_at_inspection__slug", flat=True))
    assert owners.most_common(1)[0][0] == BIG_OWNER_SLUG
    assert owners[BIG_OWNER_SLUG] > 1.5 * sorted(owners.values())[-2]
    assert all(provider.ownership_periods.count() == 1 for provider in synthetic[:20])


def test_seeding_again_adds_new_providers_and_reuses_the_owners(frameworks):
    seed_synthetic_providers(5)
    seed_synthetic_providers(5, seed=1)

    slugs = sorted(Provider.objects.values_list("slug", flat=True))
    assert slugs == [f"synthetic-{number:05d}" for number in range(1, 11)]
    assert Owner.objects.filter(slug=BIG_OWNER_SLUG).count() == 1


def test_the_command_says_what_it_added(frameworks):
    output = StringIO()
    call_command("seed_synthetic_providers", "30", stdout=output)

    assert "Added 30 synthetic providers" in output.getvalue()
    assert Provider.objects.count() == 30


def test_the_command_needs_the_frameworks(db):
    with pytest.raises(CommandError, match="load_real_data_if_empty"):
        call_command("seed_synthetic_providers", "3")


def test_the_command_adds_pdus_spread_over_the_regions(both_eras):
    output = StringIO()
    call_command("seed_synthetic_providers", "0", "--units", "24", stdout=output)

    assert "Added 24 synthetic PDUs" in output.getvalue()
    synthetic = Provider.objects.filter(provider_type="pdu", slug__startswith="synthetic-unit-")
    assert synthetic.count() == 24
    assert synthetic.values("region").distinct().count() == 12


def test_the_command_needs_the_regions_for_pdus(frameworks):
    with pytest.raises(CommandError, match="No Probation Service regions"):
        call_command("seed_synthetic_providers", "0", "--units", "3")
