"""
Neighbours a reader may want to compare a provider with: the same area, the same owner.

Between 2014 and 2021 probation in England and Wales was split into seven
National Probation Service divisions, and each of the 21 Community
Rehabilitation Company contract package areas lay inside one of them (Ministry
of Justice, "Transforming Rehabilitation", 2014). `NPS_DIVISION_OF_CRC` records
that nesting by provider address; a provider it does not name (a later kind,
such as a Probation Delivery Unit) simply has no area neighbours.
"""

from dataclasses import dataclass

NPS_DIVISION_OF_CRC = {
    # North East division
    "northumbria-crc": "nps-north-east",
    "dtv-crc": "nps-north-east",
    "hlny-crc": "nps-north-east",
    "west-yorkshire-crc": "nps-north-east",
    "south-yorkshire-crc": "nps-north-east",
    # North West division
    "cumbria-lancashire-crc": "nps-north-west",
    "cgm-crc": "nps-north-west",
    "merseyside-crc": "nps-north-west",
    # Midlands division
    "staffs-west-midlands-crc": "nps-midlands",
    "warwickshire-west-mercia-crc": "nps-midlands",
    "dlnr-crc": "nps-midlands",
    # Wales division
    "wales-crc": "nps-wales",
    # London division
    "london-crc": "nps-london",
    # South East and Eastern division
    "kss-crc": "nps-south-east-eastern",
    "essex-crc": "nps-south-east-eastern",
    "bench-crc": "nps-south-east-eastern",
    "norfolk-suffolk-crc": "nps-south-east-eastern",
    # South West and South Central division
    "bgsw-crc": "nps-south-west-south-central",
    "ddc-crc": "nps-south-west-south-central",
    "hiow-crc": "nps-south-west-south-central",
    "thames-valley-crc": "nps-south-west-south-central",
}


def division_of(slug):
    """The NPS division a provider's area lies in (itself for a division), or None."""
    if slug in NPS_DIVISION_OF_CRC.values():
        return slug
    return NPS_DIVISION_OF_CRC.get(slug)


def slugs_in_divisions(divisions):
    """The addresses of the given NPS divisions and of the CRCs inside them."""
    return sorted({*divisions, *(crc for crc, division in NPS_DIVISION_OF_CRC.items() if division in divisions)})


@dataclass(frozen=True)
class Suggestion:
    provider: object
    reason: str


def current_owner(provider):
    """The owner of the provider's open ownership period, or None.

    `provider.ownership` holds its periods, oldest first, with their owners (`compare.providers_and_neighbours`);
    a provider read without them (one offered for a misspelt name) has no owner to share.
    """
    current = [period for period in getattr(provider, "ownership", ()) if period.ended_on is None]
    return current[-1].owner if current else None


def neighbours(chosen, providers):
    """Suggestions for the `chosen` providers among `providers` (both with `ownership`, see `current_owner`).

    `providers` need only hold the candidates (`compare.providers_and_neighbours`), in name order.

    Area first (the NPS division and the CRCs inside it), then the same owner's
    other providers; none already chosen, none twice, in the order of `providers`.
    """
    chosen_ids = {provider.id for provider in chosen}
    divisions = {division_of(provider.slug) for provider in chosen} - {None}
    owners = {owner.id: owner for owner in (current_owner(provider) for provider in chosen) if owner is not None}
    by_slug = {provider.slug: provider for provider in providers}
    suggestions, seen = [], set(chosen_ids)
    for division in sorted(divisions):
        division_name = by_slug[division].short_name if division in by_slug else division
        in_area = [provider for provider in providers if division_of(provider.slug) == division]
        # The division first, then the CRCs of its area.
        in_area.sort(key=lambda provider: provider.slug != division)
        for provider in in_area:
            if provider.id not in seen:
                seen.add(provider.id)
                reason = "NPS division for this area" if provider.slug == division else f"Same area: {division_name}"
                suggestions.append(Suggestion(provider, reason))
    for provider in providers:
        owner = current_owner(provider)
        if provider.id not in seen and owner is not None and owner.id in owners:
            seen.add(provider.id)
            suggestions.append(Suggestion(provider, f"Same owner: {owner.name}"))
    return suggestions
