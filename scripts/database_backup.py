r"""Back up the database in use (the settings' DATABASE_URL, or the embedded SQLite) and restore it.

    python scripts/database_backup.py backup [--dir backups] [--format dumpdata]
    python scripts/database_backup.py restore backups/probation-league-20260101-120000.sqlite3

Each backup is consistent, taken while the site keeps serving:
- SQLite: the sqlite3 online backup API, page by page from one snapshot (`.sqlite3`).
- PostgreSQL: `pg_dump --format=custom` from one snapshot (`.pgdump`) when pg_dump is on the PATH
  (the Docker image has it); otherwise, or with `--format dumpdata`, Django's `dumpdata` inside one
  repeatable-read transaction (`.json`), which needs only the Python packages.
The dumpdata file keeps every stored character and every time exactly: Django's JSON as loaddata
reads it, but with times to the microsecond (Django's own encoder cuts them to milliseconds) and
written in ASCII (other characters as \u escapes, so the file reads back the same in any locale).
Django's XML would not do: an XML parser turns a stored "\r\n" into "\n", and XML 1.0 cannot hold
control characters such as a vertical tab at all.
Restore takes a file of any of these kinds (or an older `.xml` dump) back into the database in use,
replacing what it holds, and makes every cached page stale.
"""

import argparse
import datetime
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "probation_league.settings")

import django  # noqa: E402

django.setup()

from django.core import serializers  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.serializers import json as django_json  # noqa: E402
from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402
from django.db import connection, transaction  # noqa: E402

# Rebuilt by `migrate`/`flush` themselves; sessions are not worth keeping.
DUMPDATA_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]
EXACT_JSON = "exact-json"


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


# This module is the serializer module for EXACT_JSON (Django registers serializers by module).
class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs.update(cls=ExactJSONEncoder, ensure_ascii=True)


Deserializer = django_json.Deserializer
serializers.register_serializer(EXACT_JSON, __name__)


def _database():
    return connection.settings_dict


def _is_sqlite():
    return connection.vendor == "sqlite"


def _postgres_url():
    db = _database()
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    return f"postgresql://{credentials}{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


def backup(directory, fmt=None):
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    base = directory / f"probation-league-{stamp}"
    if _is_sqlite() and fmt != "dumpdata":
        target = base.with_suffix(".sqlite3")
        with sqlite3.connect(_database()["NAME"]) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        copy.close()
        return target
    if not _is_sqlite() and fmt != "dumpdata" and shutil.which("pg_dump"):
        target = base.with_suffix(".pgdump")
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), _postgres_url()],
            capture_output=True,
            text=True,
        )
        if result.returncode == 0:
            return target
        print(f"pg_dump failed ({result.stderr.strip()}); using Django's dumpdata instead.", file=sys.stderr)
        target.unlink(missing_ok=True)
    target = base.with_suffix(".json")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Every table read from one snapshot, however long the dump takes.
            connection.cursor().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command(
            "dumpdata",
            "--natural-foreign",
            *[f"--exclude={name}" for name in DUMPDATA_EXCLUDES],
            f"--format={EXACT_JSON}",
            "--indent=1",
            f"--output={target}",
            verbosity=0,
        )
    return target


def restore(path):
    if not path.is_file():
        sys.exit(f"No backup file at {path}.")
    if path.suffix == ".sqlite3":
        if not _is_sqlite():
            sys.exit(f"{path} is a SQLite backup, but the database in use is {connection.vendor}.")
        connection.close()
        with sqlite3.connect(path) as source, sqlite3.connect(_database()["NAME"]) as live:
            source.backup(live)
        live.close()
    elif path.suffix == ".pgdump":
        if connection.vendor != "postgresql":
            sys.exit(f"{path} is a PostgreSQL backup, but the database in use is {connection.vendor}.")
        if not shutil.which("pg_restore"):
            sys.exit("pg_restore is not on the PATH; install PostgreSQL's client programs to restore a .pgdump.")
        connection.close()
        subprocess.run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             "--dbname", _postgres_url(), str(path)],
            check=True,
        )  # fmt: skip
    elif path.suffix in (".json", ".xml"):
        call_command("migrate", "--noinput", verbosity=0)
        with transaction.atomic():
            call_command("flush", "--noinput", verbosity=0)
            call_command("loaddata", str(path), verbosity=0)
    else:
        sys.exit(f"{path} is not a backup this script wrote (.sqlite3, .pgdump, .json or .xml).")
    from dashboard.cache import data_replaced

    data_replaced()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    backup_parser = commands.add_parser("backup", help="write a backup of the database in use")
    backup_parser.add_argument("--dir", type=Path, default=ROOT / "backups")
    backup_parser.add_argument("--format", choices=["dumpdata"], help="Django's dumpdata, whatever the database")
    restore_parser = commands.add_parser("restore", help="replace the database's contents with a backup")
    restore_parser.add_argument("file", type=Path)
    args = parser.parse_args()
    if args.command == "backup":
        target = backup(args.dir, args.format)
        print(f"Backed up the {connection.vendor} database to {target} ({target.stat().st_size:,} bytes).")
    else:
        restore(args.file)
        print(f"Restored the {connection.vendor} database from {args.file}.")


if __name__ == "__main__":
    main()
