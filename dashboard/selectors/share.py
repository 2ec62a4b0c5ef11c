"""
What other sites show of a provider (its badge and preview image) and what the embed help offers.

A badge and a preview show the inspection the provider's page and its league show:
its latest rated one (`Inspection.is_latest_rated`, kept by `inspections.league_fields`),
for either era. Each read is a constant number of queries whatever the number of providers.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from inspections import rating_rules
from providers.models import Era, Provider, ProviderType

from .providers import provider_page
from .units import latest_rated_of, unit_page

# The badge picker lists every provider in groups while there are this few (the real data: 152).
BADGE_LISTED_LIMIT = 250
BADGE_GROUPS = (
    ("2018–20: CRCs and NPS divisions", (ProviderType.CRC, ProviderType.NPS)),
    ("Probation Service regions", (ProviderType.REGION,)),
    ("Probation Delivery Units", (ProviderType.PDU,)),
    ("National", (ProviderType.NATIONAL,)),
)


def badge_subject(slug):
    """(provider, the inspection its badge shows or None), or None for an unknown address: two queries."""
    provider = Provider.objects.select_related("region").filter(slug=slug).first()
    if provider is None:
        return None
    return provider, latest_rated_of([provider.id]).get(provider.id)


@dataclass
class PreviewData:
    """What a provider's preview image is drawn from."""

    page: object  # a `UnitPage` for today's units, the CRC era's `ProviderPage` otherwise
    unit_ratings: object = None  # a region's `UnitRatings`


def preview_data(slug):
    """The `PreviewData` of the provider at `slug`, or None for an unknown address."""
    unit = Provider.objects.of_era(Era.PROBATION_SERVICE).select_related("region").filter(slug=slug).first()
    if unit is None:
        page = provider_page(slug)
        return PreviewData(page) if page is not None else None
    ratings = region_unit_ratings(unit) if unit.provider_type == ProviderType.REGION else None
    return PreviewData(unit_page(unit), ratings)


@dataclass(frozen=True)
class UnitRatings:
    """How a region's current PDUs stand: their latest overall ratings counted, best first."""

    units: int
    counts: list  # [(rating, units)], ratings with none left out
    not_recorded: int  # inspected, overall rating not recorded
    not_inspected: int


def region_unit_ratings(region):
    """The `UnitRatings` of a region's PDUs that still exist: one query however many it has."""
    latest = Q(inspections__is_latest_rated=True)
    outcomes = {
        f"rated_{index}": Count("id", filter=latest & Q(inspections__overall_rating=rating), distinct=True)
        for index, rating in enumerate(rating_rules.OVERALL_OUTCOMES)
    }
    totals = Provider.objects.filter(region=region, ceased=False).aggregate(
        units=Count("id", distinct=True),
        inspected=Count("id", filter=latest, distinct=True),
        **outcomes,
    )
    counts = [
        (rating, totals[f"rated_{index}"])
        for index, rating in enumerate(rating_rules.OVERALL_OUTCOMES)
        if totals[f"rated_{index}"]
    ]
    with_outcome = sum(count for _, count in counts)
    return UnitRatings(
        units=totals["units"],
        counts=counts,
        not_recorded=totals["inspected"] - with_outcome,
        not_inspected=totals["units"] - totals["inspected"],
    )


def badge_choices():
    """[(group name, providers)] for the badge picker, each group by name; None when there are too many to list.
    One query."""
    providers = list(Provider.objects.order_by("short_name")[: BADGE_LISTED_LIMIT + 1])
    if len(providers) > BADGE_LISTED_LIMIT:
        return None
    groups = [
        (name, [provider for provider in providers if provider.provider_type in types]) for name, types in BADGE_GROUPS
    ]
    return [(name, members) for name, members in groups if members]
