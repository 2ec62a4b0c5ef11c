"""The search behind the box in every page's header: a postcode, an outward code, or words naming a council,
a provider or a unit.

`search(text)` reads what was typed (places.postcodes.read_query: MalformedQuery for what cannot be searched)
and answers in a constant number of queries whatever the number of councils and providers:

- words: councils (`Council.objects.matching`) and providers of both eras by name, short name or alias, any
  case, exact matches first, then names that begin with the words, then the rest; at most MAX_MATCHES of
  each; three queries (councils, providers, their latest rated inspections).
- a full postcode: its council from the postcode lookup (LookupMissing where it has not been built), or the
  country outside England and Wales it lies in; one query. A postcode the directory does not hold is
  answered with its outward code's councils instead, marked as not found.
- an outward code (BN1): the councils its postcodes lie in, the one with most postcodes first; one query.

Nothing here logs or keeps what was typed.
"""

import re
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Length

from places import directory, postcodes
from places.models import Council
from providers.models import Provider, ProviderAlias, ProviderType

from .units import latest_rated_of

MAX_MATCHES = 10
MAX_SUGGESTIONS = 8

# How the answer names the postcode directory: "the ONS Postcode Directory of November 2025".
_EDITION = re.search(r"ONS Postcode Directory \(([^)]+)\)", directory.ATTRIBUTION)
POSTCODE_DIRECTORY = f"the ONS Postcode Directory of {_EDITION[1]}" if _EDITION else "the ONS Postcode Directory"

# How well a name matches the words: the whole name, its beginning, or somewhere inside it.
EXACT, STARTS, CONTAINS = 0, 1, 2


@dataclass(frozen=True)
class Match:
    """One council, provider or unit that the search found, as a result list and a suggestion show it."""

    label: str
    detail: str  # "Council", "PDU, Kent, Surrey and Sussex region", "CRC, 2018–20"
    url: str
    kind: str  # "council" or "provider"
    closeness: int = CONTAINS  # EXACT, STARTS or CONTAINS
    also_known_as: str = ""  # the other name that matched, where its own names did not
    latest: object = None  # a provider's latest rated inspection (or latest, none rated), else None

    def as_suggestion(self):
        return {"label": self.label, "detail": self.detail, "url": self.url}


# What a postcode's or an outward code's answer is.
FOUND = "found"  # it lies in one council or more: `councils`
ELSEWHERE = "elsewhere"  # wholly outside England and Wales: `elsewhere` names where
UNKNOWN = "unknown"  # the directory holds no such postcode (or outward code): `councils` are its outward code's
UNPLACED = "unplaced"  # the directory holds it but places it in no council's area: `councils` as for UNKNOWN


@dataclass(frozen=True)
class SearchAnswer:
    """What a search found. `kind` is the query's: "name", "postcode" or "outward"."""

    query: postcodes.Query
    councils: list[Match] = field(default_factory=list)
    providers: list[Match] = field(default_factory=list)
    status: str = FOUND
    elsewhere: str = ""  # "Scotland", "Northern Ireland", "the Channel Islands", "the Isle of Man"
    partly_elsewhere: list[str] = field(default_factory=list)  # an outward code across a border: its other side

    @property
    def kind(self):
        return self.query.kind

    @property
    def matches(self):
        return [*self.councils, *self.providers]

    @property
    def only_match(self):
        """The one place the search leads to, where it found exactly one (an outward code that crosses into
        Scotland is listed instead, so that a reader on the other side is told so)."""
        matches = self.matches
        return matches[0] if len(matches) == 1 and self.status == FOUND and not self.partly_elsewhere else None

    @property
    def outward(self):
        return self.query.outward


def _words_variants(text):
    """The words as typed and with "&" and "and" swapped, as the sources write names both ways."""
    variants = {text, re.sub(r"\s*&\s*", " and ", text), re.sub(r"\s+and\s+", " & ", text, flags=re.IGNORECASE)}
    return sorted(variant for variant in variants if variant)


def _closeness(fields, variants):
    """An SQL expression: EXACT where one of `fields` is one of `variants` (any case), STARTS where one begins
    with one, else CONTAINS."""
    exact = Q()
    starts = Q()
    for name in fields:
        for variant in variants:
            exact |= Q(**{f"{name}__iexact": variant})
            starts |= Q(**{f"{name}__istartswith": variant})
    return Case(
        When(exact, then=Value(EXACT)),
        When(starts, then=Value(STARTS)),
        default=Value(CONTAINS),
        output_field=IntegerField(),
    )


def provider_detail(provider):
    """What kind of provider it is, in a few words: "PDU, London region", "CRC, 2018–20", "Probation Service
    region"; a unit merged into others since says so."""
    if provider.provider_type == ProviderType.PDU:
        detail = f"PDU, {provider.region.short_name}" if provider.region_id else "PDU"
        return f"{detail}, no longer exists" if provider.ceased else detail
    if provider.provider_type in (ProviderType.CRC, ProviderType.NPS):
        return f"{provider.type_label}, 2018–20"
    if provider.provider_type == ProviderType.REGION:
        return "Probation Service region"
    return "Probation Service, England and Wales"


def council_detail(council):
    return "Council" if council.country == "England" else f"Council, {council.country}"


def _council_match(council, closeness=CONTAINS):
    return Match(
        label=council.name,
        detail=council_detail(council),
        url=council.get_absolute_url(),
        kind="council",
        closeness=closeness,
    )


def councils_named(text, limit=MAX_MATCHES):
    """Councils whose name contains the words, exact matches first, then by length: one query."""
    variants = _words_variants(text)
    matching = Council.objects.none()
    for variant in variants:
        matching |= Council.objects.matching(variant)
    councils = matching.annotate(closeness=_closeness(("name", "ons_name"), variants)).order_by(
        "closeness", Length("name"), "name"
    )[:limit]
    return [_council_match(council, council.closeness) for council in councils]


def providers_named(text, limit=MAX_MATCHES, with_latest=True):
    """Providers and units of both eras whose name, short name or alias contains the words, exact matches
    first: one query, and one more for their latest ratings when `with_latest`."""
    variants = _words_variants(text)
    named = Q()
    alias_contains = Q()
    alias_exact = Q()
    for variant in variants:
        named |= Q(name__icontains=variant) | Q(short_name__icontains=variant)
        alias_contains |= Q(name__icontains=variant)
        alias_exact |= Q(name__iexact=variant)
    aliases = ProviderAlias.objects.filter(provider=OuterRef("pk"))
    # Filtered first, so that the annotations below (a subquery each) are worked out only for the few rows found.
    found = list(
        Provider.objects.filter(named | Q(pk__in=ProviderAlias.objects.filter(alias_contains).values("provider")))
        .annotate(
            is_named=Case(When(named, then=Value(True)), default=Value(False), output_field=BooleanField()),
            matching_alias=Subquery(aliases.filter(alias_contains).order_by(Length("name"), "name").values("name")[:1]),
            by_exact_alias=Exists(aliases.filter(alias_exact)),
            name_closeness=_closeness(("name", "short_name"), variants),
        )
        .annotate(
            closeness=Case(
                When(by_exact_alias=True, then=Value(EXACT)),
                When(is_named=True, then="name_closeness"),
                default=Value(CONTAINS),
                output_field=IntegerField(),
            )
        )
        .select_related("region")
        .order_by("closeness", Length("short_name"), "short_name")[:limit]
    )
    latest = latest_rated_of([provider.id for provider in found]) if with_latest and found else {}
    return [
        Match(
            label=provider.short_name,
            detail=provider_detail(provider),
            url=provider.get_absolute_url(),
            kind="provider",
            closeness=provider.closeness,
            also_known_as="" if provider.is_named else provider.matching_alias,
            latest=latest.get(provider.id),
        )
        for provider in found
    ]


def _councils_with_codes(codes):
    """The councils of `codes`, in that order: one query."""
    by_code = {council.code: council for council in Council.objects.filter(code__in=codes)}
    return [_council_match(by_code[code], EXACT) for code in codes if code in by_code]


def _place_answer(query, answer, status=FOUND):
    """The SearchAnswer for a lookup's Answer: its councils, or the country it lies in."""
    elsewhere_names = sorted({postcodes.ELSEWHERE[area] for area in answer.areas if area in postcodes.ELSEWHERE})
    councils = _councils_with_codes(answer.councils) if answer.councils else []
    if status == FOUND and not councils:
        status = ELSEWHERE if answer.elsewhere else UNPLACED if answer.found else UNKNOWN
    return SearchAnswer(
        query=query,
        councils=councils,
        status=status,
        elsewhere=answer.elsewhere,
        partly_elsewhere=elsewhere_names if councils and status == FOUND else [],
    )


def search(text):
    """The SearchAnswer for what a reader typed. Raises postcodes.MalformedQuery for what cannot be searched,
    and postcodes.LookupMissing for a postcode or outward code when the lookup has not been built."""
    query = postcodes.read_query(text)
    if query.kind == "name":
        return SearchAnswer(query=query, councils=councils_named(query.text), providers=providers_named(query.text))
    lookup = postcodes.lookup()
    if query.kind == "outward":
        return _place_answer(query, lookup.outward(query.text))
    answer = lookup.postcode(query)
    if answer.councils or answer.elsewhere:
        return _place_answer(query, answer)
    # Not in the directory (mistyped, too new, or terminated), or in it but in no council's area: its outward
    # code's councils are offered instead.
    return _place_answer(query, lookup.outward(query.outward), status=UNPLACED if answer.found else UNKNOWN)


def suggestions(text):
    """At most MAX_SUGGESTIONS names for the box's list as one types: councils and providers, closest first.
    Text that could be a postcode (any digit) or that cannot be searched gets none: no postcode is sent here."""
    if any(character.isdigit() for character in text or ""):
        return []
    try:
        query = postcodes.read_query(text)
    except postcodes.MalformedQuery:
        return []
    if query.kind != "name" or len(query.text) < 2:
        return []
    found = councils_named(query.text, MAX_SUGGESTIONS) + providers_named(
        query.text, MAX_SUGGESTIONS, with_latest=False
    )
    found.sort(key=lambda match: (match.closeness, len(match.label), match.label))
    return [match.as_suggestion() for match in found[:MAX_SUGGESTIONS]]
