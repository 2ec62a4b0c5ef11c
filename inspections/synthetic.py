"""
Synthetic providers, added on top of the real data to see how the site behaves at scale.

Everything made here is marked as synthetic in its slug and name ("synthetic-00042",
"Synthetic 00042 CRC"), so it can never be mistaken for a published inspection. The
data is deterministic for a given seed and spread like the real data, only wider: mostly
CRCs with some NPS divisions, a handful of owners of which one owns a large share, both
rounds, every overall band plus "Not rated" and unrecorded outcomes, every standard
rated in most inspections, and a few providers inspected in both rounds.

Rows are written with `bulk_create`, which bypasses the write path of
`inspections.services`; the stored league fields are then recomputed for all rows by
the `recompute_league_fields` command when the project has it. No revision or change
record is written, and pages cached before seeding stay until they expire.
"""

import datetime
import random
from dataclasses import dataclass

from django.core.management import call_command, get_commands
from django.db import connection, transaction

from places.models import Council
from providers.models import AreaLinkBasis, Era, Owner, OwnershipPeriod, Provider, ProviderType, UnitCouncil
from providers.partial_dates import DatePrecision

from .models import RATING_VALUES, Framework, Inspection, InspectionRound, OverallRating, StandardRating

SLUG_PREFIX = "synthetic-"
FIRST_ROUND, SECOND_ROUND = "2018-19", "2019-20"

# (slug, name, share of the synthetic CRCs); the first owns the large share.
CRC_OWNERS = [
    ("synthetic-owner-large", "Synthetic Owner Large", 0.4),
    ("synthetic-owner-b", "Synthetic Owner B", 0.2),
    ("synthetic-owner-c", "Synthetic Owner C", 0.2),
    ("synthetic-owner-d", "Synthetic Owner D", 0.1),
    ("synthetic-owner-e", "Synthetic Owner E", 0.1),
]
BIG_OWNER_SLUG = CRC_OWNERS[0][0]
PUBLIC_OWNER = ("synthetic-public-owner", "Synthetic Public Owner")

NPS_SHARE = 0.125
SECOND_ROUND_ONLY_SHARE = 0.25
BOTH_ROUNDS_SHARE = 0.03
# Inspections missing the ratings of one to three standards, as some real ones do.
INCOMPLETE_SHARE = 0.15
OVERALL_WEIGHTS = {
    OverallRating.OUTSTANDING: 5,
    OverallRating.GOOD: 30,
    OverallRating.REQUIRES_IMPROVEMENT: 45,
    OverallRating.INADEQUATE: 10,
    OverallRating.NOT_RATED: 5,
    "": 5,
}
OWNED_SINCE = datetime.date(2014, 6, 1)
BATCH_SIZE = 500


@dataclass(frozen=True)
class Seeded:
    providers: int
    inspections: int
    standard_ratings: int


def provider_slug(number):
    return f"{SLUG_PREFIX}{number:05d}"


def _owners():
    """The synthetic owners, created once: CRC owners with their shares, and the public owner."""
    wanted = [(slug, name, False) for slug, name, _ in CRC_OWNERS] + [(*PUBLIC_OWNER, True)]
    existing = set(Owner.objects.filter(slug__in=[slug for slug, _, _ in wanted]).values_list("slug", flat=True))
    Owner.objects.bulk_create(
        Owner(slug=slug, name=name, is_public_sector=public, notes="Synthetic: not a real owner.")
        for slug, name, public in wanted
        if slug not in existing
    )
    return {owner.slug: owner for owner in Owner.objects.filter(slug__in=[slug for slug, _, _ in wanted])}


def _published_on(rng, round_slug):
    if round_slug == FIRST_ROUND:
        return datetime.date(2018, 9, 1) + datetime.timedelta(days=rng.randrange(365))
    return datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(90))


def _standard_rating(rng, overall):
    """A standard's rating near the overall band (any band when there is none), best band first."""
    if overall in RATING_VALUES:
        near = RATING_VALUES.index(overall) + rng.choice([-1, 0, 0, 0, 1])
        return RATING_VALUES[min(len(RATING_VALUES) - 1, max(0, near))]
    return rng.choice(RATING_VALUES)


def _rated_standards(rng, standards):
    if rng.random() < INCOMPLETE_SHARE:
        return rng.sample(standards, len(standards) - rng.randint(1, 3))
    return standards


def _insert_standard_ratings(rows):
    """Insert (inspection id, standard id, rating) rows: ten times as many as inspections, so in plain SQL.

    Building a model instance per row would take most of the seeding time.
    """
    meta = StandardRating._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in ("inspection", "standard", "rating", "derived"))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s)",
            [(*row, False) for row in rows],
        )


def _next_number():
    slugs = Provider.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True)
    numbers = [int(slug.removeprefix(SLUG_PREFIX)) for slug in slugs if slug.removeprefix(SLUG_PREFIX).isdigit()]
    return max(numbers, default=0) + 1


def seed_synthetic_providers(count, seed=0):
    """Add `count` synthetic providers, their owners' periods and inspections; returns what was added."""
    rng = random.Random(seed)
    frameworks = {
        framework.provider_type: framework
        for framework in Framework.objects.filter(provider_type__in=Era.CRC_NPS.provider_types).prefetch_related(
            "standards"
        )
    }
    standards = {provider_type: list(framework.standards.all()) for provider_type, framework in frameworks.items()}
    rounds = {
        inspection_round.slug: inspection_round
        for inspection_round in InspectionRound.objects.filter(slug__in=[FIRST_ROUND, SECOND_ROUND])
    }
    crc_owner_slugs = [slug for slug, _, _ in CRC_OWNERS]
    crc_shares = [share for _, _, share in CRC_OWNERS]

    with transaction.atomic():
        owners = _owners()
        start = _next_number()
        providers = []
        owner_of = {}
        for number in range(start, start + count):
            provider_type = ProviderType.NPS if rng.random() < NPS_SHARE else ProviderType.CRC
            label = ProviderType(provider_type).short_label
            provider = Provider(
                slug=provider_slug(number),
                short_name=f"Synthetic {number:05d} {label}",
                name=f"Synthetic provider {number:05d} ({ProviderType(provider_type).label})",
                provider_type=provider_type,
                area=f"Synthetic area {number:05d}",
            )
            providers.append(provider)
            owner_slug = (
                PUBLIC_OWNER[0]
                if provider_type == ProviderType.NPS
                else rng.choices(crc_owner_slugs, weights=crc_shares)[0]
            )
            owner_of[provider.slug] = owners[owner_slug]
        # SQLite (3.35+) and PostgreSQL set the primary keys of bulk-created rows.
        Provider.objects.bulk_create(providers, batch_size=BATCH_SIZE)
        OwnershipPeriod.objects.bulk_create(
            (
                OwnershipPeriod(
                    provider=provider,
                    owner=owner_of[provider.slug],
                    started_on=OWNED_SINCE,
                    started_on_precision=DatePrecision.MONTH,
                )
                for provider in providers
            ),
            batch_size=BATCH_SIZE,
        )

        inspections = []
        for provider in providers:
            draw = rng.random()
            if draw < BOTH_ROUNDS_SHARE:
                round_slugs = [FIRST_ROUND, SECOND_ROUND]
            elif draw < BOTH_ROUNDS_SHARE + SECOND_ROUND_ONLY_SHARE:
                round_slugs = [SECOND_ROUND]
            else:
                round_slugs = [FIRST_ROUND]
            for round_slug in round_slugs:
                inspections.append(
                    Inspection(
                        provider=provider,
                        framework=frameworks[provider.provider_type],
                        inspection_round=rounds[round_slug],
                        owner_at_inspection=owner_of[provider.slug],
                        published_on=_published_on(rng, round_slug),
                        overall_rating=rng.choices(list(OVERALL_WEIGHTS), weights=OVERALL_WEIGHTS.values())[0],
                        notes="Synthetic inspection: not published by the inspectorate.",
                    )
                )
        Inspection.objects.bulk_create(inspections, batch_size=BATCH_SIZE)
        standard_ratings = [
            (inspection.id, standard.id, _standard_rating(rng, inspection.overall_rating))
            for inspection in inspections
            for standard in _rated_standards(rng, standards[inspection.provider.provider_type])
        ]
        _insert_standard_ratings(standard_ratings)

        if "recompute_league_fields" in get_commands():
            call_command("recompute_league_fields", verbosity=0)

    return Seeded(providers=len(providers), inspections=len(inspections), standard_ratings=len(standard_ratings))


UNIT_SLUG_PREFIX = "synthetic-unit-"
UNIT_PROGRAMMES = {"pdu-2021": "2021-23", "pdu-2023": "2023-25"}


def seed_synthetic_units(count, seed=0):
    """Add `count` synthetic PDUs of the Probation Service, spread over the existing regions, each with a
    2021-model and (for most) a 2023-model inspection, some undated, ratings on some standards, and
    (where the councils are built) covering one council, spread over all of them ("inferred"), so that
    area pages and the search meet them too.

    Needs the era's frameworks, programmes and regions (`inspections.importers.probation_service`).
    """
    rng = random.Random(seed)
    regions = list(Provider.objects.filter(provider_type=ProviderType.REGION).order_by("id"))
    frameworks = {
        framework.slug: framework
        for framework in Framework.objects.filter(slug__in=UNIT_PROGRAMMES).prefetch_related("standards")
    }
    rounds = {inspection_round.slug: inspection_round for inspection_round in InspectionRound.objects.all()}
    start = Provider.objects.filter(slug__startswith=UNIT_SLUG_PREFIX).count() + 1
    with transaction.atomic():
        units = [
            Provider(
                name=f"Synthetic unit {number:05d} Probation Delivery Unit",
                short_name=f"Synthetic unit {number:05d} PDU",
                slug=f"{UNIT_SLUG_PREFIX}{number:05d}",
                provider_type=ProviderType.PDU,
                region=regions[number % len(regions)],
            )
            for number in range(start, start + count)
        ]
        Provider.objects.bulk_create(units, batch_size=BATCH_SIZE)
        councils = list(Council.objects.order_by("code").values_list("id", flat=True))
        if councils:
            UnitCouncil.objects.bulk_create(
                [
                    UnitCouncil(unit=unit, council_id=councils[number % len(councils)], basis=AreaLinkBasis.INFERRED)
                    for number, unit in enumerate(units, start=start)
                ],
                batch_size=BATCH_SIZE,
            )
        inspections = []
        for unit in units:
            slugs = ["pdu-2021", "pdu-2023"] if rng.random() < 0.8 else ["pdu-2023"]
            for sequence, slug in enumerate(slugs, start=1):
                dated = rng.random() < 0.75
                inspections.append(
                    Inspection(
                        provider=unit,
                        framework=frameworks[slug],
                        inspection_round=rounds[UNIT_PROGRAMMES[slug]],
                        published_on=(
                            datetime.date(2022 if slug == "pdu-2021" else 2024, rng.randint(1, 12), 1)
                            if dated
                            else None
                        ),
                        published_on_precision=DatePrecision.MONTH,
                        sequence_in_unit=sequence,
                        overall_rating=rng.choices(list(OVERALL_WEIGHTS)[:4], weights=[1, 5, 45, 49])[0],
                        notes="Synthetic inspection: not published by the inspectorate.",
                    )
                )
        Inspection.objects.bulk_create(inspections, batch_size=BATCH_SIZE)
        standard_ratings = [
            (inspection.id, standard.id, rng.choice(RATING_VALUES))
            for inspection in inspections
            for standard in frameworks[inspection.framework.slug].standards.all()
            if rng.random() < 0.3
        ]
        _insert_standard_ratings(standard_ratings)
        if "recompute_league_fields" in get_commands():
            call_command("recompute_league_fields", verbosity=0)
    return Seeded(providers=len(units), inspections=len(inspections), standard_ratings=len(standard_ratings))
