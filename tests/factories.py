"""Small builders for test data that does not need the real fixtures."""

import datetime
import itertools

from django.utils.text import slugify

from inspections import league_fields
from inspections.models import Framework, Inspection, InspectionRound, StandardRating
from providers.models import Owner, Provider

_numbers = itertools.count(1)


def make_owner(name=None, **fields):
    name = name or f"Owner {next(_numbers)}"
    return Owner.objects.create(name=name, slug=fields.pop("slug", slugify(name)), **fields)


def make_provider(short_name=None, provider_type="crc", **fields):
    short_name = short_name or f"Provider {next(_numbers)} CRC"
    return Provider.objects.create(
        short_name=short_name,
        name=fields.pop("name", f"{short_name} (full name)"),
        slug=fields.pop("slug", slugify(short_name)),
        provider_type=provider_type,
        **fields,
    )


def make_inspection(provider, *, ratings=None, owner=None, overall_rating="Requires improvement", **fields):
    """An inspection in the shipped framework of the provider's type.

    `ratings` maps standard codes to published ratings; missing codes stay 'not recorded'.
    """
    framework = Framework.objects.get(provider_type=provider.provider_type)
    inspection_round = fields.pop("inspection_round", InspectionRound.objects.get(slug="2018-19"))
    inspection = Inspection.objects.create(
        provider=provider,
        framework=framework,
        inspection_round=inspection_round,
        owner_at_inspection=owner,
        overall_rating=overall_rating,
        published_on=fields.pop("published_on", datetime.date(2019, 1, 1)),
        **fields,
    )
    standards = {standard.code: standard for standard in framework.standards.all()}
    StandardRating.objects.bulk_create(
        StandardRating(inspection=inspection, standard=standards[code], rating=rating)
        for code, rating in (ratings or {}).items()
    )
    league_fields.refresh_providers([provider.pk])  # as the write path does
    inspection.refresh_from_db()
    return inspection


ALL_TEN_KSS = {
    "1.1": "Outstanding",
    "1.2": "Good",
    "1.3": "Good",
    "1.4": "Good",
    "2.1": "Requires improvement",
    "2.2": "Requires improvement",
    "2.3": "Inadequate",
    "2.4": "Requires improvement",
    "4.1": "Good",
    "4.2": "Requires improvement",
}
