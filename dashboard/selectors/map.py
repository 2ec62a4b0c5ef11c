"""
The rows behind the map page: each provider of one type that has a shape, with its rating on one measure.

A measure is the overall rating or one standard (`2.3`). The ratings are the
league table's own rows (each provider's latest inspection), so the map, its
legend and its table cannot disagree with the league; providers never inspected
are added as "not recorded". Only the providers the map draws are read; the
legend counts every provider of the type in the database. A constant number of
SQL queries whatever the data.

The Probation Service regions (since 2022) are mapped by overall rating only: no
source numbers their frameworks' standards, and their rounds are their own. Each
region's row is the inspection the league stores as its latest rated one (a
dynamic inspection, "Not rated", where it has no other), and carries its PDUs,
each with its own.
"""

from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, FilteredRelation, IntegerField, Q, Value, Window
from django.db.models.functions import RowNumber

from inspections import rating_rules
from inspections.models import Inspection
from providers.eras import ERA_OF_TYPE, Era
from providers.models import Provider, ProviderType

from ..charts import geo
from ..filters import LeagueFilterSet
from .distributions import NOT_RECORDED, OVERALL_CATEGORIES
from .league import last_changed, league_rows_for, ranking_set

OVERALL = "overall"
REGION = ProviderType.REGION.value
MAP_TYPES = {
    ProviderType.CRC.value: "CRCs",
    ProviderType.NPS.value: "NPS divisions",
    REGION: "Probation Service regions",
}
TYPE_SINGULAR = {
    ProviderType.CRC.value: "CRC",
    ProviderType.NPS.value: "NPS division",
    REGION: "Probation Service region",
}
# The types whose frameworks number their standards, so the map can be coloured by one.
STANDARD_TYPES = tuple(provider_type for provider_type in MAP_TYPES if ERA_OF_TYPE[provider_type] == Era.CRC_NPS)
# The parts of the query `_providers_counted` makes.
_ALL, _DRAWN, _RATED = 0, 1, 2


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    provider_types: tuple[str, ...]

    @property
    def is_overall(self):
        return self.code == OVERALL


@dataclass(frozen=True)
class MapUnit:
    """A PDU of a mapped region, with its own latest rated inspection (or its inspection of the round)."""

    provider: Provider
    rating: str | None
    inspection_id: int | None
    published_label: str | None
    published_iso: str | None


@dataclass
class MapRow:
    provider: Provider
    rating: str | None
    inspection_id: int | None
    published_label: str | None
    published_iso: str | None
    area: geo.ProviderArea | None
    units: list[MapUnit] = field(default_factory=list)
    units_count: int = 0  # a region's PDUs in all, of which `units` lists the first MAP_UNITS_PER_REGION

    @property
    def more_units(self):
        return self.units_count - len(self.units)

    @property
    def category(self):
        return self.rating or NOT_RECORDED

    @property
    def slug(self):
        return self.provider.slug


@dataclass
class MapPage:
    provider_type: str
    measure: Measure
    round_name: str | None
    rows: list[MapRow]
    counts: list[tuple[str, int]]
    summary: str
    partial_areas: list[geo.ProviderArea]
    without_shape_count: int  # providers of the type counted in the legend but not drawn: no shape is held
    last_changed: object

    @property
    def type_plural(self):
        return MAP_TYPES[self.provider_type]

    @property
    def type_singular(self):
        return TYPE_SINGULAR[self.provider_type]

    @property
    def is_region(self):
        return self.provider_type == REGION

    @property
    def inferred_areas(self):
        return [row.area for row in self.rows if row.area and row.area.inferred]

    @property
    def map_label(self):
        """What the map shows, for assistive technology."""
        what = "overall rating" if self.measure.is_overall else f"rating on {self.measure.label}"
        return (
            f"Map of England and Wales, each {TYPE_SINGULAR[self.provider_type]} area coloured by its {what}. "
            f"{self.summary} The same ratings are in the table below."
        )


def map_measures(frameworks):
    """The overall rating (of every type), then every standard of the CRC and NPS frameworks in framework order."""
    measures = {OVERALL: Measure(OVERALL, "Overall rating", tuple(MAP_TYPES))}
    for framework in sorted(frameworks.values(), key=lambda framework: framework.slug):
        if framework.provider_type not in STANDARD_TYPES:
            continue
        for standard in framework.standards.all():
            known = measures.get(standard.code)
            types = known.provider_types if known else ()
            if framework.provider_type not in types:
                types = (*types, framework.provider_type)
            label = known.label if known else f"{standard.code} {standard.name}"
            measures[standard.code] = Measure(standard.code, label, types)
    overall = measures.pop(OVERALL)
    ordered = sorted(measures.values(), key=lambda measure: [int(part) for part in measure.code.split(".")])
    return [overall, *ordered]


def _rating_on(row, measure):
    if measure.is_overall:
        return row.overall_rating
    return next((cell.rating for cell in row.standards if cell.code == measure.code), None)


def _providers_counted(ranking, provider_type, measure, drawn_slugs, frameworks):
    """({category: providers} over every provider of the type, [ids of those with a slug in `drawn_slugs`]).

    One query, and no subquery a provider: the providers of the type are counted, and those the map
    draws looked up by address. The ranked rows' categories come from the ranking set's counts
    (`ranking`, already read) on the overall rating; on a standard, a third part of the same query
    counts the ranked rows by their rating on it. Providers of the type left over are the ones not
    recorded.
    """
    providers = Provider.objects.of_type(provider_type).order_by()
    no_id, no_rating = Value(None, output_field=IntegerField()), Value(None, output_field=CharField())
    counted = providers.values(part=Value(_ALL), drawn_id=no_id, rating=no_rating).annotate(providers=Count("id"))
    parts = [
        providers.filter(slug__in=drawn_slugs).values(
            part=Value(_DRAWN), drawn_id=F("id"), rating=no_rating, providers=Value(1)
        )
    ]
    rated = {}
    if measure.is_overall:
        for (rating, _score), providers in ranking.counts.items():
            rated[rating] = rated.get(rating, 0) + providers
    else:
        standard_ids = [
            standard.id
            for framework in frameworks.values()
            for standard in framework.standards.all()
            if standard.code == measure.code
        ]
        on_measure = Q(standard_ratings__standard_id__in=standard_ids)
        parts.append(
            ranking.queryset.annotate(measured=FilteredRelation("standard_ratings", condition=on_measure))
            .order_by()
            .values(part=Value(_RATED), drawn_id=no_id, rating=F("measured__rating"))
            .annotate(providers=Count("id"))
        )
    of_type, drawn_ids = 0, []
    for row in counted.union(*parts, all=True):
        if row["part"] == _RATED:
            rated[row["rating"]] = rated.get(row["rating"], 0) + row["providers"]
        elif row["part"] == _DRAWN:
            drawn_ids.append(row["drawn_id"])
        else:
            of_type = row["providers"]
    tally = {NOT_RECORDED: of_type - sum(rated.values())}
    for rating, providers in rated.items():
        category = rating or NOT_RECORDED
        tally[category] = tally.get(category, 0) + providers
    return tally, drawn_ids


def map_page(provider_type, measure, frameworks, inspection_round=None):
    """Rows for the map of `provider_type` ('crc', 'nps' or 'region') coloured by `measure`, best rating first.

    Without a round, each provider's latest rated inspection (the league's default
    view); with one, each provider's inspection in that round, if any.
    """
    if provider_type == REGION:
        return region_map_page(measure, inspection_round)
    query = {"type": provider_type, **({"round": inspection_round.slug} if inspection_round else {})}
    filterset = LeagueFilterSet(query)
    filterset.is_valid()
    areas = geo.provider_areas()
    drawn_slugs = [slug for slug, area in areas.items() if area.provider_type == provider_type]
    ranking = ranking_set(filterset)
    tally, drawn_ids = _providers_counted(ranking, provider_type, measure, drawn_slugs, frameworks)
    league_rows = league_rows_for(filterset, drawn_ids, frameworks, ranking)
    ranked = sorted(league_rows.values(), key=lambda row: (row.rank_sort, row.provider.short_name))
    rows = [
        MapRow(
            provider=row.provider,
            rating=_rating_on(row, measure),
            inspection_id=row.inspection_id,
            published_label=row.published_label,
            published_iso=row.published_iso,
            area=areas.get(row.provider.slug),
        )
        for row in ranked
    ]
    uninspected = [provider_id for provider_id in drawn_ids if provider_id not in league_rows]
    if uninspected:
        for provider in Provider.objects.filter(id__in=uninspected):
            rows.append(MapRow(provider, None, None, None, None, areas.get(provider.slug)))
    # Best rating first; within a band, the league's order (rank, then name).
    order = {category: index for index, category in enumerate(OVERALL_CATEGORIES)}
    rows = [row for _, row in sorted(enumerate(rows), key=lambda pair: (order[pair[1].category], pair[0]))]

    categories = OVERALL_CATEGORIES if measure.is_overall else (*rating_rules.RATINGS, NOT_RECORDED)
    counts = [(category, tally.get(category, 0)) for category in categories]
    round_name = inspection_round.name if inspection_round else None
    return MapPage(
        provider_type=provider_type,
        measure=measure,
        round_name=round_name,
        rows=rows,
        counts=counts,
        summary=summary_text(counts, provider_type, measure, round_name),
        partial_areas=[area for area in areas.values() if area.partial and area.provider_type == provider_type],
        without_shape_count=sum(count for _, count in counts) - len(rows),
        last_changed=last_changed(),
    )


def _shown_inspection(inspection_round):
    """The inspection a provider is mapped by, as a relation to filter on: its latest rated one (the one the
    league stores), or its latest of the round."""
    if inspection_round is None:
        condition = Q(inspections__is_latest_rated=True)
    else:
        condition = Q(inspections__is_latest_in_round=True, inspections__inspection_round_id=inspection_round.id)
    return FilteredRelation("inspections", condition=condition)


def _with_shown(providers, inspection_round):
    """`providers` with the fields of the inspection each is mapped by (NULL without one): one join."""
    return providers.annotate(
        shown=_shown_inspection(inspection_round),
        shown_id=F("shown__id"),
        shown_rating=F("shown__overall_rating"),
        shown_on=F("shown__published_on"),
        shown_precision=F("shown__published_on_precision"),
    )


def _shown_fields(provider):
    """(rating, inspection id, published label, published ISO date) of an annotated provider."""
    if provider.shown_id is None:
        return None, None, None, None
    # Formatted as the inspection itself would be: "Date not recorded" where no source dates it.
    published = Inspection(published_on=provider.shown_on, published_on_precision=provider.shown_precision)
    return provider.shown_rating or None, provider.shown_id, published.published_label, published.published_iso


# The real data's largest region has 18 PDUs; a region with more lists these and links its page for the rest.
MAP_UNITS_PER_REGION = 30


def region_map_page(measure, inspection_round=None):
    """The map of the Probation Service regions by overall rating, each row with its PDUs: four queries.

    The legend counts every region in the database; the rows are the regions with a shape.
    """
    areas = geo.provider_areas()
    drawn_slugs = [slug for slug, area in areas.items() if area.provider_type == REGION]
    regions = Provider.objects.of_type(REGION).order_by()
    tally = {}
    for group in (
        _with_shown(regions, inspection_round).values("shown_rating").annotate(providers=Count("id")).order_by()
    ):
        category = group["shown_rating"] or NOT_RECORDED
        tally[category] = tally.get(category, 0) + group["providers"]

    drawn = list(_with_shown(regions.filter(slug__in=drawn_slugs), inspection_round))
    units, units_count = {}, {}
    pdu_order = [F("ceased").asc(), F("short_name").asc(), F("id").asc()]
    pdus = (
        Provider.objects.of_type(ProviderType.PDU)
        .filter(region__in=[region.id for region in drawn])
        .annotate(
            place=Window(RowNumber(), partition_by=[F("region_id")], order_by=pdu_order),
            in_region=Window(Count("id"), partition_by=[F("region_id")]),
        )
        .filter(place__lte=MAP_UNITS_PER_REGION)
    )
    for pdu in _with_shown(pdus, inspection_round).order_by(*pdu_order):
        units.setdefault(pdu.region_id, []).append(MapUnit(pdu, *_shown_fields(pdu)))
        units_count[pdu.region_id] = pdu.in_region
    rows = [
        MapRow(
            region,
            *_shown_fields(region),
            area=areas.get(region.slug),
            units=units.get(region.id, []),
            units_count=units_count.get(region.id, 0),
        )
        for region in drawn
    ]
    # Best rating first, then by name: regions have no score to rank within a band.
    order = {category: index for index, category in enumerate(OVERALL_CATEGORIES)}
    rows.sort(key=lambda row: (order[row.category], row.provider.short_name))

    counts = [(category, tally.get(category, 0)) for category in OVERALL_CATEGORIES]
    round_name = inspection_round.name if inspection_round else None
    return MapPage(
        provider_type=REGION,
        measure=measure,
        round_name=round_name,
        rows=rows,
        counts=counts,
        summary=summary_text(counts, REGION, measure, round_name),
        partial_areas=[],
        without_shape_count=sum(count for _, count in counts) - len(rows),
        last_changed=last_changed(),
    )


def _join(parts):
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def _lower_first(name):
    """'Second round' -> 'second round', but 'PDU programme' stays as it is."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[0].lower() + name[1:]


def summary_text(counts, provider_type, measure, round_name=None):
    """The map in words: '19 of 21 CRCs were rated Requires improvement at their latest inspection; …'.

    With a round, 'in the Second round (…)' instead, and providers not inspected
    in it are the ones whose rating is not recorded.
    """
    total = sum(count for _, count in counts)
    plural = MAP_TYPES[provider_type]
    if total == 0:
        return f"No {plural} are recorded."
    rated = sorted(
        (
            (category, count)
            for category, count in counts
            if category not in (NOT_RECORDED, rating_rules.NOT_RATED) and count
        ),
        key=lambda pair: (-pair[1], rating_rules.RATINGS.index(pair[0])),
    )
    not_rated = dict(counts).get(rating_rules.NOT_RATED, 0)
    when = f"in the {_lower_first(round_name)}" if round_name else "at their latest inspection"
    unrecorded = dict(counts).get(NOT_RECORDED, 0)
    subject = "overall" if measure.is_overall else f"on {measure.label}"
    noun = TYPE_SINGULAR[provider_type] if total == 1 else plural
    if not rated and not not_rated:
        what = "overall rating" if measure.is_overall else f"rating on {measure.label}"
        return f"No {what} is recorded for any of the {total} {plural}."
    if not rated:
        # Only unrated outcomes, as in a round of dynamic inspections: say so rather than "no rating recorded".
        verb = "was" if not_rated == 1 else "were"
        sentence = f"{not_rated} of {total} {noun} {verb} inspected but given no overall rating (Not rated) {when}."
    else:
        (first, first_count), rest = rated[0], rated[1:]
        verb = "was" if first_count == 1 else "were"
        sentence = f"{first_count} of {total} {noun} {verb} rated {first} {subject} {when}"
        if rest:
            (second, second_count), tail = rest[0], rest[1:]
            verb = "was" if second_count == 1 else "were"
            items = [f"{second_count} {verb} rated {second}"] + [f"{count} {category}" for category, count in tail]
            sentence += "; " + _join(items)
        sentence += "."
    if not_rated and rated:
        sentence += (
            f" {not_rated} {'was' if not_rated == 1 else 'were'} inspected but given no overall rating (Not rated)."
        )
    if unrecorded:
        other = "the other one" if unrecorded == 1 else f"the other {unrecorded}"
        if round_name:
            sentence += f" {other.capitalize()} {'was' if unrecorded == 1 else 'were'} not inspected in this round, "
            sentence += "or its rating is not recorded." if unrecorded == 1 else "or their ratings are not recorded."
        else:
            sentence += f" For {other} the rating is not recorded."
    return sentence
