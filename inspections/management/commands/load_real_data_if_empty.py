"""Load the shipped frameworks and the real data of both eras into a database that has no inspections yet."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from inspections import league_fields
from inspections.history import record_baseline
from inspections.models import Inspection
from providers import place_links
from providers.eras import ProviderType
from providers.models import Provider, UnitCouncil

# Built from fixtures/source/ by `manage.py build_fixtures` (`make fixtures`); the sources files sit beside them.
CRC_ERA_FIXTURES = ["fixtures/frameworks.json", "fixtures/first_round.json", "fixtures/second_round.json"]
PROBATION_SERVICE_FIXTURES = ["fixtures/probation_service.json"]
FIXTURES = CRC_ERA_FIXTURES + PROBATION_SERVICE_FIXTURES


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
        else:
            self.load()
        self.link_places()

    def link_places(self):
        """Each provider's councils and police force areas, once both they and the places exist."""
        if not place_links.places_built():
            self.stdout.write("No councils yet (`manage.py build_places`): providers not linked to places.")
            return
        if UnitCouncil.objects.exists() or not Provider.objects.of_type(ProviderType.PDU).exists():
            return
        created = place_links.link_providers_to_places()
        self.stdout.write(
            self.style.SUCCESS(f"Linked the providers to their councils and police force areas ({created} links).")
        )

    def load(self):
        paths = [str(Path(settings.BASE_DIR) / fixture) for fixture in FIXTURES]
        call_command("loaddata", *paths, verbosity=0)
        league_fields.refresh_all()  # loaddata writes around the write path
        # The state as loaded, kept in one revision, so any later change or removal can be undone.
        record_baseline(f"Baseline: the real data as loaded from {', '.join(FIXTURES)}.")
        regions = Provider.objects.filter(provider_type=ProviderType.REGION).count()
        pdus = Provider.objects.filter(provider_type=ProviderType.PDU).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the real data of both eras ({', '.join(FIXTURES)}; {regions} regions and {pdus} PDUs): "
                f"{Inspection.objects.count()} inspections."
            )
        )
