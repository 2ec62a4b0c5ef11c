"""
How many providers' league rows hold each value, counted once per write rather than on every page.

A league is each provider's latest rated inspection, or each one's latest inspection
of a round (the flags `inspections.league_fields` stores). Its ranks, its counts and
the spread of every standard's ratings follow from a few hundred tallies whatever the
number of providers: `RankingTally` (rows per provider type, framework, overall
outcome and score) and `StandardTally` (rows per provider type, standard and rating,
a blank rating counting the rows that record none). `refresh` rewrites them all from
the stored flags; `league_fields.refresh_providers` calls it after every write, and a
provider's change of type calls it too (`connect`).

A write of many rows (an import) wraps itself in `refreshed_once`: the tallies are then
rewritten once, as its last step, so its transaction holds their lock for a moment, not
for the whole write. Rewrites are serialised (`_lock`): two at once would each delete
only the rows they see and leave both sets of rows behind.
"""

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps as installed_apps
from django.db import connection, transaction
from django.db.models import Count

from providers.models import Provider

# The leagues: the latest rated inspection of each provider (round None), and each round's.
LATEST_RATED = {"is_latest_rated": True}
LATEST_IN_ROUND = {"is_latest_in_round": True}


def _ranking_counts(Inspection):
    """{(round id or None, provider type, framework id, overall rating, score): rows}. Two queries."""
    counts = Counter()
    fields = ["provider__provider_type", "framework_id", "overall_rating", "score"]
    for flags, round_field in ((LATEST_RATED, None), (LATEST_IN_ROUND, "inspection_round_id")):
        grouped = Inspection.objects.filter(**flags).order_by().values(*fields, *filter(None, [round_field]))
        for row in grouped.annotate(rows=Count("id")):
            round_id = row[round_field] if round_field else None
            counts[(round_id, *(row[name] for name in fields))] += row["rows"]
    return counts


def _standard_counts(StandardRating):
    """{(round id or None, provider type, standard id, rating): rows}. Two queries."""
    counts = Counter()
    fields = ["inspection__provider__provider_type", "standard_id", "rating"]
    for flags, round_field in ((LATEST_RATED, None), (LATEST_IN_ROUND, "inspection__inspection_round_id")):
        on_inspection = {f"inspection__{name}": value for name, value in flags.items()}
        grouped = StandardRating.objects.filter(**on_inspection).order_by()
        grouped = grouped.values(*fields, *filter(None, [round_field]))
        for row in grouped.annotate(rows=Count("id")):
            round_id = row[round_field] if round_field else None
            counts[(round_id, *(row[name] for name in fields))] += row["rows"]
    return counts


def tallies(apps=installed_apps):
    """(RankingTally rows, StandardTally rows) as the data stand now, unsaved. Five queries."""
    RankingTally = apps.get_model("inspections", "RankingTally")
    StandardTally = apps.get_model("inspections", "StandardTally")
    ranking = _ranking_counts(apps.get_model("inspections", "Inspection"))
    recorded = _standard_counts(apps.get_model("inspections", "StandardRating"))
    Standard = apps.get_model("inspections", "Standard")
    standards_of = {}
    for standard_id, framework_id in Standard.objects.values_list("id", "framework_id"):
        standards_of.setdefault(framework_id, []).append(standard_id)

    # A row that records no rating of one of its framework's standards counts as 'not recorded' there.
    rows_of_framework = Counter()
    for (round_id, provider_type, framework_id, _, _), rows in ranking.items():
        rows_of_framework[(round_id, provider_type, framework_id)] += rows
    recorded_of_standard = Counter()
    for (round_id, provider_type, standard_id, _), rows in recorded.items():
        recorded_of_standard[(round_id, provider_type, standard_id)] += rows
    standard_counts = Counter(recorded)
    for (round_id, provider_type, framework_id), rows in rows_of_framework.items():
        for standard_id in standards_of.get(framework_id, []):
            unrecorded = rows - recorded_of_standard[(round_id, provider_type, standard_id)]
            if unrecorded:
                standard_counts[(round_id, provider_type, standard_id, "")] += unrecorded

    return (
        [
            RankingTally(
                inspection_round_id=round_id,
                provider_type=provider_type,
                framework_id=framework_id,
                overall_rating=overall_rating,
                score=score,
                inspections=rows,
            )
            for (round_id, provider_type, framework_id, overall_rating, score), rows in ranking.items()
        ],
        [
            StandardTally(
                inspection_round_id=round_id,
                provider_type=provider_type,
                standard_id=standard_id,
                rating=rating,
                inspections=rows,
            )
            for (round_id, provider_type, standard_id, rating), rows in standard_counts.items()
        ],
    )


# While set (a list), `refresh` only notes that the tallies are stale; `refreshed_once` rewrites them.
_stale = ContextVar("league_tallies_stale", default=None)


def _lock(*models):
    """Let one rewrite of the tallies run at a time; reading them is never blocked.

    Taken before the counting, so a rewrite waiting here counts what the one before it committed.
    SQLite lets one transaction write at a time already.
    """
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


def _delete_all(model):
    """Empty a tally table in one statement: tallies are derived rows, and deleting them through the ORM
    would read each one back to send a signal per row."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def refresh(apps=installed_apps):
    """Rewrite every tally from the stored league fields, in one transaction (inside `refreshed_once`, at its end)."""
    stale = _stale.get()
    if stale is not None:
        stale.append(apps)
        return
    RankingTally = apps.get_model("inspections", "RankingTally")
    StandardTally = apps.get_model("inspections", "StandardTally")
    with transaction.atomic():
        _lock(RankingTally, StandardTally)
        ranking_rows, standard_rows = tallies(apps)
        _delete_all(RankingTally)
        _delete_all(StandardTally)
        RankingTally.objects.bulk_create(ranking_rows)
        StandardTally.objects.bulk_create(standard_rows)


@contextmanager
def refreshed_once():
    """Within the block, writes leave the tallies as they are; at its end they are rewritten once, if any write
    asked for it and the block's transaction is not being rolled back. Nested blocks join the outermost."""
    if _stale.get() is not None:
        yield
        return
    stale = []
    token = _stale.set(stale)
    try:
        yield
    finally:
        _stale.reset(token)
    rolling_back = connection.in_atomic_block and transaction.get_rollback()
    if stale and not rolling_back:
        refresh(stale[0])


def _refresh_on_change_of_type(sender, before=None, after=None, **kwargs):
    """Tallies count rows by provider type: a provider that changes type moves its rows."""
    if sender is Provider and before is not None and before.get("Type") != (after or {}).get("Type"):
        refresh()


def connect():
    """Follow providers' writes (called once, from the app's ready())."""
    from providers.signals import provider_data_saved

    provider_data_saved.connect(_refresh_on_change_of_type, dispatch_uid="inspections-league-tallies")
