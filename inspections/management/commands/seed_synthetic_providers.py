"""python manage.py seed_synthetic_providers N [--units M] [--seed S]"""

import time

from django.core.management.base import BaseCommand, CommandError

from inspections.models import Framework
from inspections.synthetic import seed_synthetic_providers, seed_synthetic_units
from providers.eras import ProviderType
from providers.models import Provider


class Command(BaseCommand):
    help = (
        "Add N synthetic providers (slugs synthetic-00001 ...) with owners, ownership periods, inspections of "
        "both rounds and standard ratings, and with --units M synthetic PDUs of the Probation Service spread over "
        "its regions, on top of the data already loaded (run load_real_data_if_empty first). For benchmarks and "
        "scale tests only: the rows are bulk-created, so no change record or revision is written. Deterministic "
        "for a given --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, metavar="N", help="How many synthetic providers to add.")
        parser.add_argument(
            "--units", type=int, default=0, metavar="M", help="How many synthetic PDUs to add (default 0)."
        )
        parser.add_argument("--seed", type=int, default=0, help="Seed of the pseudo-random spread (default 0).")

    def handle(self, *args, count, units, seed, **options):
        if count < 0 or units < 0:
            raise CommandError("N and M must be zero or more.")
        if not Framework.objects.exists():
            raise CommandError("No frameworks are loaded: run `manage.py load_real_data_if_empty` first.")
        if units and not Provider.objects.filter(provider_type=ProviderType.REGION).exists():
            raise CommandError("No Probation Service regions are loaded: run `manage.py load_real_data_if_empty`.")
        for kind, seed_function, number in [
            ("providers", seed_synthetic_providers, count),
            ("PDUs", seed_synthetic_units, units),
        ]:
            if not number:
                continue
            started = time.perf_counter()
            seeded = seed_function(number, seed=seed)
            if options["verbosity"]:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Added {seeded.providers} synthetic {kind}, {seeded.inspections} inspections and "
                        f"{seeded.standard_ratings} standard ratings in {time.perf_counter() - started:.1f} s."
                    )
                )
