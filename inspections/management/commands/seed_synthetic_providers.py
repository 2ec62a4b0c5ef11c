"""python manage.py seed_synthetic_providers N [--seed S]"""

import time

from django.core.management.base import BaseCommand, CommandError

from inspections.models import Framework
from inspections.synthetic import seed_synthetic_providers


class Command(BaseCommand):
    help = (
        "Add N synthetic providers (slugs synthetic-00001 ...) with owners, ownership periods, inspections of "
        "both rounds and standard ratings, on top of the data already loaded (run load_real_data_if_empty "
        "first). For benchmarks and scale tests only: the rows are bulk-created, so no change record or "
        "revision is written. Deterministic for a given --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, metavar="N", help="How many synthetic providers to add.")
        parser.add_argument("--seed", type=int, default=0, help="Seed of the pseudo-random spread (default 0).")

    def handle(self, *args, count, seed, **options):
        if count < 0:
            raise CommandError("N must be zero or more.")
        if not Framework.objects.exists():
            raise CommandError("No frameworks are loaded: run `manage.py load_real_data_if_empty` first.")
        started = time.perf_counter()
        seeded = seed_synthetic_providers(count, seed=seed)
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Added {seeded.providers} synthetic providers, {seeded.inspections} inspections and "
                    f"{seeded.standard_ratings} standard ratings in {time.perf_counter() - started:.1f} s."
                )
            )
