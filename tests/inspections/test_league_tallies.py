"""The league tallies: how many league rows hold each value, rewritten with every write."""

from collections import Counter

import pytest
from django.core.management import call_command

from inspections.models import Inspection, InspectionRound, RankingTally, StandardTally
from inspections.services.inspections import create_inspection, delete_inspection
from providers.models import Provider
from providers.services import create_or_update_provider

pytestmark = pytest.mark.django_db


def counted_row_by_row():
    """The tallies by their definition: each league's rows, one at a time."""
    ranking, standards = Counter(), Counter()
    leagues = [(None, Inspection.objects.filter(is_latest_rated=True))] + [
        (inspection_round.id, Inspection.objects.filter(is_latest_in_round=True, inspection_round=inspection_round))
        for inspection_round in InspectionRound.objects.all()
    ]
    for round_id, rows in leagues:
        for inspection in rows.select_related("provider").prefetch_related("standard_ratings", "framework__standards"):
            provider_type = inspection.provider.provider_type
            key = (round_id, provider_type, inspection.framework_id, inspection.overall_rating, inspection.score)
            ranking[key] += 1
            published = {rating.standard_id: rating.rating for rating in inspection.standard_ratings.all()}
            for standard in inspection.framework.standards.all():
                standards[(round_id, provider_type, standard.id, published.get(standard.id, ""))] += 1
    return ranking, standards


def stored():
    ranking = Counter(
        {
            (tally.inspection_round_id, tally.provider_type, tally.framework_id, tally.overall_rating, tally.score): (
                tally.inspections
            )
            for tally in RankingTally.objects.all()
        }
    )
    standards = Counter(
        {
            (tally.inspection_round_id, tally.provider_type, tally.standard_id, tally.rating): tally.inspections
            for tally in StandardTally.objects.all()
        }
    )
    return ranking, standards


def test_the_real_datas_tallies_count_every_leagues_rows(real_data):
    ranking, standards = stored()
    assert (ranking, standards) == counted_row_by_row()
    # The latest rated league holds all 28 providers; each round its own.
    assert sum(rows for (round_id, *_), rows in ranking.items() if round_id is None) == 28
    rounds = {inspection_round.slug: inspection_round.id for inspection_round in InspectionRound.objects.all()}
    assert sum(rows for (round_id, *_), rows in ranking.items() if round_id == rounds["2019-20"]) == 10
    # 'Not recorded' is counted, as a blank rating, where a row records no rating of a standard.
    assert any(rating == "" for (_, _, _, rating) in standards)


def test_each_inspection_write_recounts(kss_input):
    inspection = create_inspection(kss_input())
    assert stored() == counted_row_by_row()
    assert RankingTally.objects.of_league().get().inspections == 1
    delete_inspection(inspection)
    assert stored() == (Counter(), Counter())


def test_a_provider_changing_type_moves_its_rows_to_the_other_type(real_data):
    provider = Provider.objects.get(slug="kss-crc")
    before = RankingTally.objects.of_league(provider_type="nps").count()
    create_or_update_provider(
        short_name=provider.short_name, name=provider.name, provider_type="nps", area=provider.area, instance=provider
    )
    assert stored() == counted_row_by_row()
    assert RankingTally.objects.of_league(provider_type="nps").count() > before


def test_the_command_rewrites_tallies_written_around_the_write_path(real_data):
    expected = stored()
    RankingTally.objects.all().delete()
    StandardTally.objects.update(inspections=999)
    call_command("recompute_league_fields", verbosity=0)
    assert stored() == expected


def test_writes_inside_refreshed_once_rewrite_the_tallies_once_at_its_end(kss_input):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from inspections import league_tallies

    with CaptureQueriesContext(connection) as queries:
        with transaction.atomic(), league_tallies.refreshed_once():
            create_inspection(kss_input())
            create_inspection(kss_input(published_on="2020-01-10"))
            assert not RankingTally.objects.exists()  # not yet: the block is still writing

    rewrites = [query for query in queries.captured_queries if query["sql"].startswith("DELETE FROM")]
    assert len(rewrites) == 2  # each tally table, once
    assert stored() == counted_row_by_row()
    assert RankingTally.objects.of_league().get().inspections == 1


def test_a_block_that_rolls_back_leaves_the_tallies_alone(kss_input):
    from django.db import transaction

    from inspections import league_tallies

    create_inspection(kss_input())
    before = stored()
    with transaction.atomic(), league_tallies.refreshed_once():
        create_inspection(kss_input(published_on="2020-01-10"))
        transaction.set_rollback(True)

    assert stored() == before == counted_row_by_row()
