"""
What the league sorts and ranks by, stored on each inspection so pages can do it in SQL.

Each value follows from an inspection's own ratings and its provider's other
inspections, by the rules of `rating_rules`: the standards recorded, the score
and the band it falls in, whether it is the provider's latest inspection of its
round or its latest rated one, and the previous rated inspection with the
movement since. Every inspection write recomputes its provider's inspections
(`refresh_providers`); `manage.py recompute_league_fields` recomputes them all,
for data loaded around the write path (fixtures, restores, bulk seeding).
"""

from django.db.models import Prefetch

from . import rating_rules
from .models import Framework, Inspection, StandardRating

STORED_FIELDS = [
    "standards_recorded",
    "score",
    "score_band",
    "is_latest_in_round",
    "is_latest_rated",
    "previous_rated",
    "movement",
]

PROVIDERS_PER_BATCH = 500


def _scales():
    frameworks = Framework.objects.prefetch_related("bands", "standards")
    return {
        framework.id: (framework.rating_scale(), [standard.id for standard in framework.standards.all()])
        for framework in frameworks
    }


def _newest_first(inspection):
    return (inspection.published_on, inspection.id)


def _computed(inspections, scales):
    """Set the stored fields of one provider's inspections (all of them, any order)."""
    for inspection in inspections:
        scale, standard_ids = scales[inspection.framework_id]
        published = {rating.standard_id: rating.rating for rating in inspection.standard_ratings.all()}
        inspection.standards_recorded = sum(1 for standard_id in standard_ids if standard_id in published)
        inspection.score = scale.score(published.get(standard_id) for standard_id in standard_ids)
        inspection.score_band = scale.band_for_score(inspection.score) or ""

    chronological = sorted(inspections, key=_newest_first)
    rated = [inspection for inspection in chronological if inspection.overall_rating in rating_rules.RATINGS]
    latest_rated = rated[-1] if rated else (chronological[-1] if chronological else None)
    latest_of_round = {}
    for inspection in chronological:
        latest_of_round[inspection.inspection_round_id] = inspection
    previous = None
    for inspection in chronological:
        inspection.is_latest_rated = inspection is latest_rated
        inspection.is_latest_in_round = (
            inspection.inspection_round_id is not None and latest_of_round[inspection.inspection_round_id] is inspection
        )
        inspection.previous_rated = previous
        inspection.movement = (
            rating_rules.movement(previous.overall_rating if previous else None, inspection.overall_rating or None)
            or ""
        )
        if inspection.overall_rating in rating_rules.RATINGS:
            previous = inspection


def refresh_providers(provider_ids):
    """Recompute the stored league fields of every inspection of these providers."""
    provider_ids = sorted(set(provider_ids))
    if not provider_ids:
        return 0
    scales = _scales()
    changed = 0
    for start in range(0, len(provider_ids), PROVIDERS_PER_BATCH):
        batch = provider_ids[start : start + PROVIDERS_PER_BATCH]
        inspections = list(
            Inspection.objects.filter(provider_id__in=batch)
            .only("id", "provider_id", "framework_id", "inspection_round_id", "published_on", "overall_rating")
            .prefetch_related(
                Prefetch(
                    "standard_ratings", queryset=StandardRating.objects.only("inspection_id", "standard_id", "rating")
                )
            )
        )
        by_provider = {}
        for inspection in inspections:
            by_provider.setdefault(inspection.provider_id, []).append(inspection)
        for provider_inspections in by_provider.values():
            _computed(provider_inspections, scales)
        # bulk_update leaves updated_at alone: derived values are not a change to the published data.
        Inspection.objects.bulk_update(inspections, STORED_FIELDS, batch_size=500)
        changed += len(inspections)
    return changed


def refresh_all():
    """Recompute the stored league fields of every inspection; returns how many were written."""
    return refresh_providers(Inspection.objects.values_list("provider_id", flat=True).distinct())
