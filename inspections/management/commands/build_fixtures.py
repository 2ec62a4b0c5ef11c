"""
Rebuild fixtures/first_round.json from fixtures/source/*.csv.

The import runs in a fresh, throw-away SQLite database (a separate process with
its own DATABASE_URL), so primary keys are stable: frameworks keep the pks of
fixtures/frameworks.json and every imported row is numbered in file order. The
dump holds the providers and inspections apps without the framework tables,
so `loaddata fixtures/frameworks.json fixtures/first_round.json` works on an
empty migrated database (SQLite or PostgreSQL). The same as running, against a
fresh database:

    python manage.py migrate
    python manage.py loaddata fixtures/frameworks.json
    python manage.py import_inspections fixtures/source/*.csv --inspection "KSS CRC@2019-06-19"
    python manage.py dumpdata providers inspections --exclude inspections.framework \\
        --exclude inspections.frameworkband --exclude inspections.domain --exclude inspections.standard \\
        --exclude inspections.keyquestion --exclude inspections.inspectionround --indent 1 \\
        -o fixtures/first_round.json
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SOURCE_DIR = Path("fixtures/source")
FRAMEWORKS = Path("fixtures/frameworks.json")
OUTPUT = Path("fixtures/first_round.json")
# Detail files without provider_short_name/published columns belong to this inspection.
DETAIL_INSPECTION = "KSS CRC@2019-06-19"
FRAMEWORK_MODELS = [
    "inspections.framework",
    "inspections.frameworkband",
    "inspections.domain",
    "inspections.standard",
    "inspections.keyquestion",
    "inspections.inspectionround",
]
TIMESTAMP_FIELDS = {"created_at", "updated_at"}


def without_timestamps(objects):
    """Fixture objects with their build-time timestamps left out, for comparison."""
    return [{**obj, "fields": {k: v for k, v in obj["fields"].items() if k not in TIMESTAMP_FIELDS}} for obj in objects]


class Command(BaseCommand):
    help = (
        "Import fixtures/source/*.csv into a fresh SQLite database and dump the providers and inspections apps "
        "(without the framework tables) to fixtures/first_round.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(OUTPUT), help="Where to write (default %(default)s).")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if the output file differs (timestamps aside) from a fresh build.",
        )

    def handle(self, *args, output, check, **options):
        base = Path(settings.BASE_DIR)
        sources = sorted(str(path) for path in (base / SOURCE_DIR).glob("*.csv"))
        with tempfile.TemporaryDirectory() as tmp:
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{Path(tmp) / 'build.sqlite3'}",
                "DJANGO_DATA_DIR": tmp,
            }
            dump = Path(tmp) / "first_round.json"

            def manage(*arguments):
                result = subprocess.run(
                    [sys.executable, str(base / "manage.py"), *arguments],
                    cwd=base,
                    env=env,
                    capture_output=True,
                    text=True,
                )
                if result.returncode != 0:
                    raise CommandError(f"manage.py {arguments[0]} failed:\n{result.stderr or result.stdout}")
                return result.stdout

            manage("migrate", "--verbosity", "0")
            manage("loaddata", str(base / FRAMEWORKS), "--verbosity", "0")
            self.stdout.write(
                manage("import_inspections", *sources, "--inspection", DETAIL_INSPECTION, "--verbosity", "0")
            )
            excludes = [argument for model in FRAMEWORK_MODELS for argument in ("--exclude", model)]
            manage("dumpdata", "providers", "inspections", *excludes, "--indent", "1", "--output", str(dump))
            built = dump.read_text(encoding="utf-8")

        target = Path(output) if Path(output).is_absolute() else base / output
        if check:
            current = json.loads(target.read_text(encoding="utf-8")) if target.exists() else None
            if current is None or without_timestamps(current) != without_timestamps(json.loads(built)):
                raise CommandError(f"{output} is out of date: run `python manage.py build_fixtures`.")
            self.stdout.write(self.style.SUCCESS(f"{output} matches the source files."))
            return
        target.write_text(built if built.endswith("\n") else built + "\n", encoding="utf-8")
        objects = json.loads(built)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(objects)} objects to {output}."))
