"""
What the league sorts and ranks by, stored on each inspection so pages can do it in SQL.

Each value follows from an inspection's own ratings and its provider's other
inspections, by the rules of `rating_rules`: the standards recorded, the score
and the band it falls in, whether it is the provider's latest inspection of its
round or its latest rated one, and the previous rated inspection with the
movement since. Every inspection write recomputes its provider's inspections
(`refresh_providers`); `manage.py recompute_league_fields` recomputes them all,
for data loaded around the write path (fixtures, restores, bulk seeding). Both
rewrite the league tallies (`league_tallies`) that follow from these fields.
"""

from django.db import transaction

from . import league_tallies, rating_rules
from .chronology import chronological_key
from .models import Framework, Inspection, StandardRating

STORED_FIELDS = [
    "standards_recorded",
    "score",
    "score_band",
    "is_latest_in_round",
    "is_latest_rated",
    "previous_rated_id",
    "movement",
]
COMPUTED_FROM = [
    "id",
    "provider_id",
    "framework_id",
    "inspection_round_id",
    "inspection_round__started_on",
    "published_on",
    "sequence_in_unit",
    "overall_rating",
]
PROVIDERS_PER_BATCH = 1000


def _scales():
    frameworks = Framework.objects.prefetch_related("bands", "standards")
    return {
        framework.id: (framework.rating_scale(), [standard.id for standard in framework.standards.all()])
        for framework in frameworks
    }


def _computed(inspections, ratings, scales):
    """The stored fields of one provider's inspections (dicts of COMPUTED_FROM), by inspection id.

    `ratings` maps an inspection id to {standard id: rating}. Plain values, not model
    instances: recomputing every inspection must stay quick at any number of providers.
    """
    computed = {}
    chronological = sorted(
        inspections,
        key=lambda inspection: chronological_key(
            inspection["published_on"],
            inspection["inspection_round__started_on"],
            inspection["sequence_in_unit"],
            inspection["id"],
        ),
    )
    rated = [inspection for inspection in chronological if inspection["overall_rating"] in rating_rules.RATINGS]
    latest_rated = (rated or chronological)[-1]
    latest_of_round = {inspection["inspection_round_id"]: inspection for inspection in chronological}
    previous = None
    for inspection in chronological:
        scale, standard_ids = scales[inspection["framework_id"]]
        published = ratings.get(inspection["id"], {})
        score = scale.score(published.get(standard_id) for standard_id in standard_ids)
        computed[inspection["id"]] = {
            "standards_recorded": sum(1 for standard_id in standard_ids if standard_id in published),
            "score": score,
            "score_band": scale.band_for_score(score) or "",
            "is_latest_in_round": (
                inspection["inspection_round_id"] is not None
                and latest_of_round[inspection["inspection_round_id"]] is inspection
            ),
            "is_latest_rated": inspection is latest_rated,
            "previous_rated_id": previous["id"] if previous else None,
            "movement": rating_rules.movement(
                previous["overall_rating"] if previous else None, inspection["overall_rating"] or None
            )
            or "",
        }
        if inspection["overall_rating"] in rating_rules.RATINGS:
            previous = inspection
    return computed


def refresh_providers(provider_ids):
    """Recompute the stored league fields of every inspection of these providers, then the league tallies;
    returns how many inspections changed."""
    provider_ids = sorted(set(provider_ids))
    scales = _scales()
    changed = 0
    with transaction.atomic():
        for start in range(0, len(provider_ids), PROVIDERS_PER_BATCH):
            batch = provider_ids[start : start + PROVIDERS_PER_BATCH]
            inspections = list(Inspection.objects.filter(provider_id__in=batch).values(*COMPUTED_FROM, *STORED_FIELDS))
            ratings = {}
            for inspection_id, standard_id, rating in StandardRating.objects.filter(
                inspection__provider_id__in=batch
            ).values_list("inspection_id", "standard_id", "rating"):
                ratings.setdefault(inspection_id, {})[standard_id] = rating
            stored = {inspection["id"]: inspection for inspection in inspections}
            by_provider = {}
            for inspection in inspections:
                by_provider.setdefault(inspection["provider_id"], []).append(inspection)
            # Rows needing the same new values are updated together: a few UPDATEs, not one a row.
            to_update = {}
            for provider_inspections in by_provider.values():
                for inspection_id, values in _computed(provider_inspections, ratings, scales).items():
                    if any(stored[inspection_id][name] != value for name, value in values.items()):
                        to_update.setdefault(tuple(values.items()), []).append(inspection_id)
            for values, inspection_ids in to_update.items():
                # update(), not save(): derived values are no change to the published data (updated_at).
                Inspection.objects.filter(pk__in=inspection_ids).update(**dict(values))
                changed += len(inspection_ids)
        # Whatever changed, an inspection's ratings may have: the tallies count them.
        league_tallies.refresh()
    return changed


def refresh_all():
    """Recompute the stored league fields of every inspection; returns how many changed."""
    return refresh_providers(Inspection.objects.values_list("provider_id", flat=True).distinct())
