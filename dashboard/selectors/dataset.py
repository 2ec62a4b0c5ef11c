"""
The whole published dataset, for the downloads of /data/, and what the page says it holds.

Providers and inspections are read from the database CHUNK_SIZE at a time, with their
relations prefetched for each chunk, as a download is written: a constant number of
queries per chunk and constant memory whatever the size of the dataset.
"""

from dataclasses import dataclass

from django.db.models import Case, Count, F, Prefetch, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from inspections.models import Inspection
from providers.eras import ERA_OF_TYPE
from providers.models import Era, Owner, OwnershipPeriod, Provider, Succession

from .frameworks import frameworks_by_id
from .inspections import inspection_view, with_report_relations
from .league import last_changed

# As many rows as the league reads at a time (selectors.league.CHUNK_SIZE): a few MB of objects.
CHUNK_SIZE = 2000


class InspectionViews:
    """Every inspection laid out by `inspection_view`, read chunk by chunk each time it is iterated."""

    def __init__(self, inspections, frameworks):
        self._inspections = inspections
        self._frameworks = frameworks

    def __iter__(self):
        for inspection in self._inspections.iterator(chunk_size=CHUNK_SIZE):
            yield inspection_view(inspection, self._frameworks[inspection.framework_id])


class Providers:
    """Every provider with its region, aliases, ownership periods and the providers before and after it in its
    area, read chunk by chunk each time it is iterated."""

    def __iter__(self):
        periods = OwnershipPeriod.objects.select_related("owner").chronological()
        providers = (
            Provider.objects.select_related("region")
            .prefetch_related(
                Prefetch("ownership_periods", queryset=periods),
                "aliases",
                Prefetch("predecessions", queryset=Succession.objects.select_related("predecessor")),
                Prefetch("successions", queryset=Succession.objects.select_related("successor")),
            )
            .order_by("short_name", "id")
        )
        return providers.iterator(chunk_size=CHUNK_SIZE)


@dataclass
class Dataset:
    frameworks: list
    owners: list
    providers: Providers
    inspections: InspectionViews
    last_changed: object

    @property
    def standard_columns(self):
        """A column name for every standard of every framework: the numbered ones by code in reading order
        (1.1 … 4.2, shared by the frameworks that number them alike), then each unnumbered one as
        `framework:standard` (`pdu-2023:leadership`), framework by framework."""
        codes = {standard.code for framework in self.frameworks for standard in framework.standards.all()}
        codes.discard("")
        numbered = sorted(codes, key=lambda code: tuple(int(piece) for piece in code.split(".") if piece.isdigit()))
        unnumbered = [
            standard_column(framework.slug, standard.code, standard.slug)
            for framework in self.frameworks
            for standard in framework.standards.all()
            if not standard.code
        ]
        return numbered + unnumbered


def standard_column(framework_slug, code, slug):
    """The dataset's column for a standard: its number, or its framework and slug where it has none."""
    return code or f"{framework_slug}:{slug}"


def derived_lines(inspection):
    """Its `derived_values`, one line per value worked out rather than quoted."""
    return [line for line in inspection.derived_values.splitlines() if line.strip()]


def newest_first(inspections):
    """Each provider's inspections newest first, in SQL, as `inspections.chronology` orders them: an undated
    inspection stands at the start of its programme, then by its place in the unit's sequence. Every date of
    2018-20 is recorded, so there this is the order of publication."""
    return inspections.alias(
        anchor=Coalesce("published_on", "inspection_round__started_on"),
        undated=Case(When(published_on__isnull=True, then=Value(1)), default=Value(0)),
    ).order_by(
        "provider__short_name",
        F("anchor").desc(nulls_last=True),
        Coalesce("sequence_in_unit", Value(0)).desc(),
        F("undated").desc(),
        "-id",
    )


def dataset():
    frameworks = frameworks_by_id()
    inspections = with_report_relations(newest_first(Inspection.objects.select_related("provider__region")))
    return Dataset(
        frameworks=sorted(frameworks.values(), key=lambda framework: framework.slug),
        owners=list(Owner.objects.all()),
        providers=Providers(),
        inspections=InspectionViews(inspections, frameworks),
        last_changed=last_changed(),
    )


# How each era's providers are named on /data/.
PROVIDER_NOUN = {Era.CRC_NPS.value: "provider", Era.PROBATION_SERVICE.value: "unit"}
LEAGUE_OF_ERA = {Era.CRC_NPS.value: "dashboard:league", Era.PROBATION_SERVICE.value: "dashboard:probation-service"}


@dataclass(frozen=True)
class EraCount:
    era: Era
    inspections: int
    providers: int
    provider_noun: str
    league_url: str


def era_counts():
    """The inspections and providers of each era, oldest era first: two queries whatever the data."""
    providers = _by_era(Provider.objects.values_list("provider_type").annotate(number=Count("id")).order_by())
    inspections = _by_era(
        Inspection.objects.values_list("provider__provider_type").annotate(number=Count("id")).order_by()
    )
    return [
        EraCount(
            era=era,
            inspections=inspections.get(era.value, 0),
            providers=providers.get(era.value, 0),
            provider_noun=PROVIDER_NOUN[era.value],
            league_url=reverse(LEAGUE_OF_ERA[era.value]),
        )
        for era in Era
    ]


def _by_era(counts_by_type):
    totals = {}
    for provider_type, number in counts_by_type:
        era = ERA_OF_TYPE[provider_type]
        totals[era] = totals.get(era, 0) + number
    return totals
