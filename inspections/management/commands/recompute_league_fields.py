"""Recompute what the league sorts and ranks by, for every inspection."""

from django.core.management.base import BaseCommand

from inspections import league_fields


class Command(BaseCommand):
    help = (
        "Recompute each inspection's stored league fields (standards recorded, score, band, latest of its round, "
        "latest rated, previous rated inspection, movement) from the data. Needed after loading data around the "
        "write path, e.g. loaddata or a restore; safe to run at any time."
    )

    def handle(self, *args, **options):
        changed = league_fields.refresh_all()
        self.stdout.write(f"Recomputed the league fields of every inspection; {changed} changed.")
