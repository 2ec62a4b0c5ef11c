"""The glossary's abbreviations of providers' names, read from the providers themselves: one query."""

from dataclasses import dataclass

from providers.models import Provider

from ..glossary import provider_acronym


@dataclass(frozen=True)
class ProviderAbbreviation:
    acronym: object  # glossary.ProviderAcronym
    providers: list  # the providers whose short names open with it


def provider_abbreviations():
    """Each abbreviation a provider's short name opens with ("KSS"), with what it stands for and the
    providers named by it, A–Z."""
    found = {}
    for provider in Provider.objects.only("name", "short_name", "slug").order_by("short_name"):
        acronym = provider_acronym(provider.short_name, provider.name)
        if acronym is not None:
            found.setdefault(acronym, []).append(provider)
    return [
        ProviderAbbreviation(acronym, providers)
        for acronym, providers in sorted(found.items(), key=lambda item: item[0].acronym.lower())
    ]
