"""Add the Probation Service era (regions, PDUs, their frameworks and inspections since 2022) to a database."""

from django.core.management.base import BaseCommand, CommandError

from inspections.importers.probation_service import ImportFault, import_probation_service, source_dir


class Command(BaseCommand):
    help = (
        "Import the Probation Service era from fixtures/source/probation_service/ (frameworks.json, units.csv, "
        "former_units.csv, inspections_2022_2026.csv): its frameworks and programmes, its 12 regions and their "
        "PDUs, and every inspection since 2022. The three CSV files go through the CSV import (as "
        "`import_inspections units.csv former_units.csv inspections_2022_2026.csv` would), so /changes/ lists what "
        "they add. All or nothing, every fault listed by file, row and column; importing the same files again "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", help=f"Where the files are (default {source_dir()}).")

    def handle(self, *args, directory=None, **options):
        try:
            result = import_probation_service(directory)
        except ImportFault as fault:
            raise CommandError("Nothing was imported:\n" + "\n".join(fault.faults)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Frameworks and programmes: {result.frameworks_added} rows added. Units: {result.units.regions} "
                f"regions, {result.units.pdus} PDUs, {result.units.aliases} other names and "
                f"{result.units.successions} links to the providers before them added. Inspections: "
                f"{result.inspections.added} added, {result.inspections.unchanged} already stored. "
                f"CRC-era rows closed at reunification: {result.ownership_closed}."
            )
        )
