"""
Rebuild fixtures/first_round.json, fixtures/second_round.json and fixtures/probation_service.json from
fixtures/source/.

The import runs in a fresh, throw-away SQLite database (a separate process with
its own DATABASE_URL), so primary keys are stable: frameworks and rounds keep
the pks of fixtures/frameworks.json and every imported row is numbered in file
order. The first round's files are imported into round 2018-19 and dumped; then
inspections_2019_2020.csv is imported into round 2019-20, and second_round.json
holds the objects that import added or changed. Last the Probation Service era is imported from
fixtures/source/probation_service/, and probation_service.json holds what that import added or changed:
its frameworks and programmes, regions, PDUs and inspections, and the CRC-era rows reunification closed.
The CRC era's dumps leave out the framework tables (fixtures/frameworks.json holds them), so

    loaddata fixtures/frameworks.json fixtures/first_round.json fixtures/second_round.json \
        fixtures/probation_service.json

works on an empty migrated database (SQLite or PostgreSQL). The same as running,
against a fresh database:

    python manage.py migrate
    python manage.py loaddata fixtures/frameworks.json
    python manage.py import_inspections <the first round's files> --inspection "KSS CRC@2019-06-19"
    python manage.py dumpdata providers inspections --exclude inspections.framework ... -o first_round.json
    python manage.py import_inspections fixtures/source/inspections_2019_2020.csv --round 2019-20
    python manage.py dumpdata ... (then keep only what differs from first_round.json)
    python manage.py import_probation_service
    python manage.py dumpdata ... (with the framework tables; keep only what differs from before)
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
FIRST_ROUND_OUTPUT = Path("fixtures/first_round.json")
SECOND_ROUND_OUTPUT = Path("fixtures/second_round.json")
PROBATION_SERVICE_OUTPUT = Path("fixtures/probation_service.json")
OUTPUTS = [FIRST_ROUND_OUTPUT, SECOND_ROUND_OUTPUT, PROBATION_SERVICE_OUTPUT]
SECOND_ROUND_FILE = "inspections_2019_2020.csv"
SECOND_ROUND = "2019-20"
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
# The import's own record of what it wrote: /changes/ lists what changed after the data was loaded.
HISTORY_MODELS = ["inspections.changerecord"]
# Counts that follow from the inspections, rebuilt whenever data is loaded (inspections/league_tallies.py).
DERIVED_MODELS = ["inspections.rankingtally", "inspections.standardtally"]
TIMESTAMP_FIELDS = {"created_at", "updated_at"}


def without_timestamps(objects):
    """Fixture objects with their build-time timestamps left out, for comparison."""
    return [{**obj, "fields": {k: v for k, v in obj["fields"].items() if k not in TIMESTAMP_FIELDS}} for obj in objects]


def keeping_timestamps(objects, current):
    """`objects` with the timestamps `current` (the committed file) gives the same objects, so rebuilding
    writes the same file and the data's "last changed" stays when it was first built, not when rebuilt."""
    known = {(obj["model"], obj["pk"]): obj["fields"] for obj in current}
    kept = []
    for obj in objects:
        fields = known.get((obj["model"], obj["pk"]), {})
        stamps = {key: value for key, value in fields.items() if key in TIMESTAMP_FIELDS and key in obj["fields"]}
        kept.append({**obj, "fields": {**obj["fields"], **stamps}} if stamps else obj)
    return kept


def added_or_changed(before, after):
    """The objects of `after` that are new or differ (timestamps aside) from `before`."""
    known = {(obj["model"], obj["pk"]): obj for obj in without_timestamps(before)}
    return [
        obj
        for obj, bare in zip(after, without_timestamps(after), strict=True)
        if known.get((obj["model"], obj["pk"])) != bare
    ]


class Command(BaseCommand):
    help = (
        "Import fixtures/source/ into a fresh SQLite database, round by round and then the Probation Service era, "
        "and dump the providers and inspections apps to fixtures/first_round.json, fixtures/second_round.json "
        "and fixtures/probation_service.json."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if the fixture files differ (timestamps aside) from a fresh build.",
        )

    def handle(self, *args, check, **options):
        base = Path(settings.BASE_DIR)
        sources = sorted((base / SOURCE_DIR).glob("*.csv"))
        first_round_files = [str(path) for path in sources if path.name != SECOND_ROUND_FILE]
        second_round_files = [str(path) for path in sources if path.name == SECOND_ROUND_FILE]
        with tempfile.TemporaryDirectory() as tmp:
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{Path(tmp) / 'build.sqlite3'}",
                "DJANGO_DATA_DIR": tmp,
            }

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

            def dump(name, *, with_frameworks=False):
                path = Path(tmp) / name
                excluded = HISTORY_MODELS + DERIVED_MODELS + ([] if with_frameworks else FRAMEWORK_MODELS)
                excludes = [argument for model in excluded for argument in ("--exclude", model)]
                manage("dumpdata", "providers", "inspections", *excludes, "--indent", "1", "--output", str(path))
                return path.read_text(encoding="utf-8")

            manage("migrate", "--verbosity", "0")
            manage("loaddata", str(base / FRAMEWORKS), "--verbosity", "0")
            self.stdout.write(
                manage("import_inspections", *first_round_files, "--inspection", DETAIL_INSPECTION, "--verbosity", "0")
            )
            first_round = dump("first_round.json")
            self.stdout.write(manage("import_inspections", *second_round_files, "--round", SECOND_ROUND))
            second_round = added_or_changed(json.loads(first_round), json.loads(dump("both_rounds.json")))
            crc_era = json.loads(dump("crc_era.json", with_frameworks=True))
            self.stdout.write(manage("import_probation_service"))
            probation_service = added_or_changed(crc_era, json.loads(dump("both_eras.json", with_frameworks=True)))

        def current(output):
            target = base / output
            return json.loads(target.read_text(encoding="utf-8")) if target.exists() else []

        # An object that a later file changes keeps the timestamps of whichever file holds it now.
        committed = [obj for output in OUTPUTS for obj in current(output)]
        built = {
            output: json.dumps(keeping_timestamps(objects, committed), indent=1, ensure_ascii=False) + "\n"
            for output, objects in [
                (FIRST_ROUND_OUTPUT, json.loads(first_round)),
                (SECOND_ROUND_OUTPUT, second_round),
                (PROBATION_SERVICE_OUTPUT, probation_service),
            ]
        }
        if check:
            for output, text in built.items():
                committed = current(output)
                if not committed or without_timestamps(committed) != without_timestamps(json.loads(text)):
                    raise CommandError(f"{output} is out of date: run `python manage.py build_fixtures`.")
            self.stdout.write(self.style.SUCCESS("The fixtures match the source files."))
            return
        for output, text in built.items():
            (base / output).write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Wrote {len(json.loads(text))} objects to {output}."))
