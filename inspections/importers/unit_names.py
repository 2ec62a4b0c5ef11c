"""
Finding the Probation Service units a text names: PDUs and regions, by their stored name, short name or an
alias (`ProviderAlias`), with " PDU", "Probation Delivery Unit", "region" and "Probation Service –" set aside,
"&" read as "and", whatever the case ("east Kent"). A PDU named in several regions is taken within the region
the text names. A name followed by "PDU" or "Probation Delivery Unit" that no stored unit carries is kept as
an unknown unit, so that an editor can create it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from providers.eras import ProviderType

_SUFFIXES = re.compile(r"\s*(?:\(PDU\*?\)|PDU|Probation\s+Delivery\s+Unit|region)\s*$", re.I)
_PREFIX = re.compile(r"^\s*(?:the\s+)?(?:probation\s+service\s*[–—-]\s*)", re.I)
_UNIT_SUFFIX = r"(?:\s+(?:Probation\s+Delivery\s+Unit(?:\s+\(PDU\*?\))?|PDU\*?|\(PDU\*?\)))?"


def bare_name(name):
    """'Derbyshire' from 'Derbyshire PDU', 'Derbyshire Probation Delivery Unit', 'Probation Service – Wales region'."""
    name = _PREFIX.sub("", " ".join(name.split()))
    previous = None
    while previous != name:
        previous, name = name, _SUFFIXES.sub("", name)
    return name.strip(" ,")


def name_key(name):
    """A name as compared: lower case, '&' as 'and', one space, no punctuation but commas dropped."""
    name = bare_name(name).lower().replace("&", " and ")
    name = re.sub(r"[,.’'\-–—]", " ", name)
    return " ".join(name.split())


def _pattern_of(key):
    words = [re.escape(word) if word != "and" else r"(?:and|&)" for word in key.split()]
    return r"[\s,.'’\-–—]+".join(words)


@dataclass
class UnitMention:
    start: int
    end: int
    name: str  # as the text words it, bare: "Derbyshire"
    units: list = field(default_factory=list)  # the stored units of that name (several regions may share one)
    unit_type: str | None = None  # ProviderType value, from the stored unit or the words around the name

    @property
    def key(self):
        return name_key(self.name)


_UNKNOWN_PDU = re.compile(
    r"(?<![\w'’\-])(?P<name>(?:[A-Z][\w'’\-]*+(?:,)?\s+(?:(?:and|upon|on|with|of|the|&)\s+)*){1,7}?)"
    r"(?:Probation\s+Delivery\s+Unit|PDU)\b"
)
_UNKNOWN_REGION = re.compile(
    r"Probation\s+Service\s*[–—-]\s*(?P<name>(?<![\w'’\-])(?:[A-Z][\w'’\-]*+,?\s+(?:(?:and|the|of)\s+)*){1,5}?)region\b"
)
_NATIONAL = re.compile(r"\bnational\s+(?:probation\s+)?(?:inspection|arrangements)\b", re.I)
_NOT_A_NAME = {
    "the", "this", "that", "each", "both", "our", "a", "an", "in", "hm", "his", "her", "every", "its", "one", "new",
    "today", "yesterday", "inspectors", "all", "other", "those", "these",
}  # fmt: skip


class UnitIndex:
    """The stored PDUs and regions by every name they go by; built once per reading (two queries)."""

    def __init__(self, providers):
        self.by_key = {}
        # The national unit is named by what it is ("national inspection", "national arrangements").
        self.national = [provider for provider in providers if provider.provider_type == ProviderType.NATIONAL]
        providers = [provider for provider in providers if provider.provider_type != ProviderType.NATIONAL]
        for provider in providers:
            names = {provider.name, provider.short_name, *(alias.name for alias in provider.aliases.all())}
            for name in names:
                key = name_key(name)
                if key:
                    self.by_key.setdefault(key, [])
                    if provider not in self.by_key[key]:
                        self.by_key[key].append(provider)
        keys = sorted(self.by_key, key=len, reverse=True)
        self.pattern = (
            re.compile(
                r"(?<![\w])(?P<name>" + "|".join(_pattern_of(key) for key in keys) + r")" + _UNIT_SUFFIX + r"(?![\w])",
                re.I,
            )
            if keys
            else None
        )

    @classmethod
    def from_database(cls):
        from providers.models import Provider

        providers = (
            Provider.objects.filter(provider_type__in=[ProviderType.PDU, ProviderType.REGION, ProviderType.NATIONAL])
            .select_related("region")
            .prefetch_related("aliases")
        )
        return cls(providers)

    def mentions(self, copy):
        """The units a sentence's matching copy names, in order, longest name first where names overlap."""
        found = []
        taken = []
        if self.pattern is not None:
            for match in self.pattern.finditer(copy):
                units = self.by_key.get(name_key(match["name"]), [])
                kinds = {unit.provider_type for unit in units}
                unit_type = kinds.pop() if len(kinds) == 1 else _type_from_words(copy, match)
                found.append(UnitMention(match.start(), match.end(), match["name"], list(units), unit_type))
                taken.append((match.start(), match.end()))
        for pattern, unit_type in (
            (_UNKNOWN_PDU, ProviderType.PDU.value),
            (_UNKNOWN_REGION, ProviderType.REGION.value),
        ):
            for match in pattern.finditer(copy):
                start, end = match.span("name")
                name = match["name"].strip(" ,")
                words = name.split()
                while words and words[0].lower() in _NOT_A_NAME:
                    words.pop(0)
                if not words or any(start < t_end and t_start < end for t_start, t_end in taken):
                    continue
                name = " ".join(words)
                start = copy.index(name, start)
                found.append(UnitMention(start, match.end(), name, [], unit_type))
                taken.append((start, match.end()))
        if len(self.national) == 1:
            for match in _NATIONAL.finditer(copy):
                unit = self.national[0]
                found.append(
                    UnitMention(match.start(), match.end(), bare_name(unit.short_name), [unit], unit.provider_type)
                )
        return sorted(found, key=lambda mention: mention.start)

    @staticmethod
    def choose(mention, region=None):
        """The stored unit a mention names: the only one of its name, or the one within `region`."""
        units = mention.units
        if region is not None:
            within = [unit for unit in units if unit.region_id == region.pk or unit.pk == region.pk]
            if within:
                units = within
        current = [unit for unit in units if not unit.ceased]
        if len(current) == 1:
            return current[0]
        if len(units) == 1:
            return units[0]
        return None


def _type_from_words(copy, match):
    after = copy[match.end("name") : match.end("name") + 12].lower()
    if "region" in after:
        return ProviderType.REGION.value
    if "pdu" in after or "probation delivery unit" in after:
        return ProviderType.PDU.value
    return None
