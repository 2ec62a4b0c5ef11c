"""Load the shipped frameworks and the real data of both eras into a database that has no inspections yet."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from inspections import league_fields
from inspections.history import record_baseline
from inspections.importers.probation_service import import_probation_service
from inspections.models import Inspection

FIXTURES = ["fixtures/frameworks.json", "fixtures/first_round.json", "fixtures/second_round.json"]


class Command(BaseCommand):
    help = (
        "Load the shipped frameworks and the real inspections of both eras (CRCs and NPS divisions 2018-20, the "
        "Probation Service since 2022), but only when the database holds "
        "no inspection yet (so an editor's data is never overwritten). Says what it did."
    )

    def handle(self, *args, **options):
        count = Inspection.objects.count()
        if count:
            self.stdout.write(f"The database already holds {count} inspections; nothing loaded.")
            return
        paths = [str(Path(settings.BASE_DIR) / fixture) for fixture in FIXTURES]
        call_command("loaddata", *paths, verbosity=0)
        era = import_probation_service()
        league_fields.refresh_all()  # loaddata writes around the write path
        # The state as loaded, kept in one revision, so any later change or removal can be undone.
        record_baseline(f"Baseline: the real data as loaded from {', '.join(FIXTURES)}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the real data ({', '.join(FIXTURES)} and the Probation Service era's files, "
                f"{era.units.regions} regions and {era.units.pdus} PDUs): {Inspection.objects.count()} inspections."
            )
        )
