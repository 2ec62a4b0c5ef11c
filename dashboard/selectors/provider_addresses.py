"""
Which provider (or owner) an address means when it names none exactly: `/providers/KSS-CRC/`,
`/providers/kss/`, `/compare/kss-crc,bgsw/`.

The one rule, in order:

1. the address in any case, spaces and underscores read as hyphens (`KSS_CRC` is kss-crc);
2. the address without its kind (`kss` is kss-crc, `bgsw` bgsw-crc; `london` could be London CRC,
   NPS London or London region, so it means none of them and all three are offered);
3. a close misspelling of an address or a short name (`thames-valey-crc`), taken only when one
   provider is clearly closer than any other.

Where no single provider is meant, those most likely meant are offered, closest first. The work is
bounded whatever is typed: an address longer than any provider's is not read at all.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.text import slugify

from providers.models import Owner, Provider

# No address is longer (the longest PDU's is 61 characters); anything longer is junk, not a misspelling.
LONGEST_ADDRESS = 100
# How the kind of provider shows in its address: nps-london, kss-crc, bolton-pdu, london-region.
KIND = re.compile(r"^nps-|-(?:crc|pdu|region)$")
# difflib's similarity (0 to 1) from which a misspelling is read as the name it resembles...
MISSPELLING = 0.8
# ...when the next closest provider is this much further from it.
CLEAR_LEAD = 0.05
# A name typed with its kind (nps-north-eas) is this much closer to the providers of that kind.
KIND_BONUS = 0.1
# From this similarity a provider is offered as possibly meant.
POSSIBLY_MEANT = 0.6
MAX_OFFERED = 4
# In a comparison's address, only the first few unknown names are looked up.
MAX_LOOKED_UP = 6


@dataclass(frozen=True)
class AddressMatch:
    """What an address means: `meant`, the one provider (or owner) it names, or None; `likely`, those it may
    mean, closest first, when it names none."""

    meant: object = None
    likely: list = field(default_factory=list)
    # True where only the case (or a space for a hyphen) differs: the address will always mean `meant`.
    same_address: bool = False


def normalised(text):
    """The address as a slug: lower case, spaces, dots and underscores as hyphens; "" for what cannot be one."""
    if len(text) > LONGEST_ADDRESS:
        return ""
    slug = re.sub(r"[\s._]+", "-", text.strip().lower())
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    return slug if re.fullmatch(r"[a-z0-9-]+", slug) else ""


def without_kind(slug):
    return KIND.sub("", slug)


def kind_of(slug):
    """How the address names its kind ("nps-", "-crc"), or ""."""
    found = KIND.search(slug)
    return found.group(0) if found else ""


def _names(candidate):
    """The slugs a reader might type for a candidate: its address and its short name, each without its kind."""
    short_name = getattr(candidate, "short_name", "") or getattr(candidate, "name", "")
    return {without_kind(candidate.slug), without_kind(slugify(short_name))} - {""}


def _similarity(typed, candidate):
    """difflib's ratio between `typed` and the closest of the candidate's names, both without their kind (a
    shared "-crc" makes no-such-crc look like bench-crc); 0 below POSSIBLY_MEANT (the cheap upper bounds rule most
    names out without the full comparison)."""
    best = 0.0
    stem = without_kind(typed)
    for name in _names(candidate):
        floor = max(best, POSSIBLY_MEANT)
        matcher = difflib.SequenceMatcher(None, stem, name, autojunk=False)
        if matcher.real_quick_ratio() >= floor and matcher.quick_ratio() >= floor:
            best = max(best, matcher.ratio())
    if best < POSSIBLY_MEANT:
        return 0.0
    kind = kind_of(typed)
    return best + KIND_BONUS if kind and kind == kind_of(candidate.slug) else best


def _begins_with(typed, candidate):
    """Whether one of the candidate's names begins with the typed words: `birmingham` for its three PDUs."""
    return any(name.startswith(f"{without_kind(typed)}-") for name in _names(candidate))


def match_address(text, candidates):
    """The `AddressMatch` of `text` among `candidates` (providers or owners: `slug` and `short_name` or
    `name`)."""
    typed = normalised(text)
    if not typed:
        return AddressMatch()
    candidates = list(candidates)
    exact = [candidate for candidate in candidates if candidate.slug == typed]
    if exact:
        return AddressMatch(meant=exact[0], same_address=True)
    stem = without_kind(typed)
    same_stem = [candidate for candidate in candidates if without_kind(candidate.slug) == stem]
    if len(same_stem) == 1:
        return AddressMatch(meant=same_stem[0])
    scored = sorted(
        ((_similarity(typed, candidate), candidate) for candidate in candidates),
        key=lambda pair: (-pair[0], pair[1].slug),
    )
    if same_stem:  # one name, several kinds: each is offered, the closest to what was typed first
        ranked = [candidate for _, candidate in scored if candidate in same_stem]
        return AddressMatch(likely=ranked[:MAX_OFFERED])
    if scored and scored[0][0] >= MISSPELLING:
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if scored[0][0] - runner_up >= CLEAR_LEAD:
            return AddressMatch(meant=scored[0][1])
    likely = [candidate for score, candidate in scored if score > 0]
    likely += [candidate for _, candidate in scored if candidate not in likely and _begins_with(typed, candidate)]
    return AddressMatch(likely=likely[:MAX_OFFERED])


def provider_candidates():
    """Every provider, with what matching reads of it: one query."""
    return list(Provider.objects.only("id", "slug", "short_name", "name", "provider_type").order_by("short_name"))


def owner_candidates():
    return list(Owner.objects.only("id", "slug", "name").order_by("name"))


def match_provider_address(text):
    """The `AddressMatch` of `text` among every provider: one query."""
    return match_address(text, provider_candidates()) if normalised(text) else AddressMatch()


def match_owner_address(text):
    return match_address(text, owner_candidates()) if normalised(text) else AddressMatch()


def meant_list(parts, candidates):
    """The providers a comparison's address means, in its order, where each of its parts means one
    (`match_address`) and they are different providers; else None."""
    if len(parts) > MAX_LOOKED_UP:
        return None
    meant = [match_address(part, candidates).meant for part in parts]
    if None in meant or len({provider.pk for provider in meant}) != len(meant):
        return None
    return meant
