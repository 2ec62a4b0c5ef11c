"""Build the postcode lookup and the councils from the installed ONS packages, once per package version."""

import time

from django.core.management.base import BaseCommand

from places import directory
from places.sync import places_are_current, store_places


class Command(BaseCommand):
    help = (
        "Turn the ONS Postcode Directory package into the postcode lookup the site reads (in DATA_DIR/places/) "
        "and write the councils and police force areas into the database. Does nothing when both are already "
        "built from the installed package's version, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Rebuild even if this version is built.")

    def handle(self, *args, force=False, **options):
        started = time.monotonic()
        version = directory.package_version(directory.POSTCODES_PACKAGE)
        document = None if force else directory.built_document()
        if document is not None and places_are_current(version):
            self.stdout.write(f"The places of the postcode directory {version} are built; nothing to do.")
            return
        if document is None:
            document = directory.build()
        areas, councils = store_places(document)
        unplaced = [council["name"] for council in document["councils"] if not council["police_force_area"]]
        self.stdout.write(
            self.style.SUCCESS(
                f"Built the places of the postcode directory {version}: {document['postcode_count']:,} postcodes, "
                f"{councils} councils in {areas} police force areas, in {time.monotonic() - started:.1f} s."
            )
        )
        if unplaced:
            self.stderr.write(f"No police force area found for: {', '.join(unplaced)}.")
