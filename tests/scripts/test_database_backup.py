"""`make backup` and `make restore`: a backup brings back exactly what the database held, every character.

Runs the script in subprocesses, as an operator would: on a throw-away SQLite database, and when the
suite runs on PostgreSQL, on its test database too.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def run(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env["DJANGO_DATA_DIR"] = str(tmp_path / "var")

    def run(*args):
        result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stderr
        return result.stdout

    run("manage.py", "migrate", "--noinput", "--verbosity=0")
    run("manage.py", "load_real_data_if_empty")
    return run


COUNTS = (
    "from inspections.models import Inspection, StandardRating; from reversion.models import Version; "
    "print(Inspection.objects.count(), StandardRating.objects.count(), Version.objects.count())"
)


def counts(run):
    return run("manage.py", "shell", "--no-imports", "-c", COUNTS).split()


@pytest.mark.parametrize("fmt", [[], ["--format", "dumpdata"]], ids=["sqlite-online-backup", "dumpdata"])
def test_backup_wipe_restore_gives_back_the_same_data(run, tmp_path, fmt):
    before = counts(run)
    assert int(before[0]) >= 28
    out = run("scripts/database_backup.py", "backup", "--dir", str(tmp_path / "backups"), *fmt)
    backup = Path(out.split(" to ")[1].split(" (")[0])
    assert backup.is_file() and backup.parent == tmp_path / "backups"
    run("manage.py", "shell", "-c", "from inspections.models import Inspection; Inspection.objects.all().delete()")
    assert counts(run)[0] == "0"
    assert "Restored the sqlite database" in run("scripts/database_backup.py", "restore", str(backup))
    assert counts(run) == before


def test_restoring_a_missing_file_says_so(run, tmp_path):
    result = subprocess.run(
        [sys.executable, "scripts/database_backup.py", "restore", str(tmp_path / "nope.sqlite3")],
        cwd=ROOT,
        env={**os.environ, "DJANGO_DATA_DIR": str(tmp_path / "var")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "No backup file at" in result.stderr


# Every kind of character a note may hold, except NUL (which PostgreSQL cannot store and the site refuses).
EXACT_NOTE = "Line one\r\nline two\r\n\ttabbed\x0bvertical tab\x0cform feed\x1funit separator\r — café, naïve 🙂\n"
EXACT_TIME = "2026-01-02T03:04:05.678901+00:00"
CREATE_EXACT = (
    "import datetime; from providers.models import Owner; from inspections.models import ChangeRecord; "
    f"Owner.objects.create(name='Exact Owner', slug='exact-owner', notes={EXACT_NOTE!a}); "
    "ChangeRecord.objects.create(changed_at=datetime.datetime.fromisoformat("
    f"{EXACT_TIME!r}), kind='addition', subject='owner', summary={EXACT_NOTE[:40]!a}, details=[{EXACT_NOTE!a}])"
)
# Printed as JSON in ASCII, so nothing on the way (a terminal, text-mode pipes) can change a character.
READ_EXACT = (
    "import json; from providers.models import Owner; from inspections.models import ChangeRecord; "
    "record = ChangeRecord.objects.get(subject='owner'); "
    "print(json.dumps([Owner.objects.get(slug='exact-owner').notes, record.changed_at.isoformat(), "
    "record.summary, record.details]))"
)
WIPE_EXACT = (
    "from providers.models import Owner; from inspections.models import ChangeRecord; "
    "Owner.objects.all().delete(); ChangeRecord.objects.all().delete(); print(Owner.objects.count())"
)


def _postgres_test_database_url():
    from django.db import connection

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def exact_run(request, tmp_path):
    """The script's runner on an empty, migrated database: the embedded SQLite, or on a PostgreSQL
    run of the suite, pytest-django's own test database (emptied again after the test)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env.pop("DATABASE_URL", None)
    env["DJANGO_DATA_DIR"] = str(tmp_path / "var")
    if request.param == "postgresql":
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            pytest.skip("runs when the suite runs on PostgreSQL (DATABASE_URL=postgres://...)")
        env["DATABASE_URL"] = _postgres_test_database_url()

    def run(*args):
        result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    if request.param == "sqlite":
        run("manage.py", "migrate", "--noinput", "--verbosity=0")
    return run


# transaction=True: on PostgreSQL the script's own processes must see, and may replace, the test database.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("exact_run", "fmt", "suffix"),
    [
        ("sqlite", ["--format", "dumpdata"], ".json"),
        ("postgresql", [], ".pgdump"),
        ("postgresql", ["--format", "dumpdata"], ".json"),
    ],
    ids=["sqlite-dumpdata", "postgresql-pg_dump", "postgresql-dumpdata"],
    indirect=["exact_run"],
)
def test_stored_text_and_times_come_back_byte_for_byte(exact_run, tmp_path, fmt, suffix):
    if suffix == ".pgdump" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not on the PATH (Debian's postgresql-client)")
    run = exact_run
    before = json.loads(run("manage.py", "shell", "--no-imports", "-c", f"{CREATE_EXACT}; {READ_EXACT}"))
    assert before == [EXACT_NOTE, EXACT_TIME, EXACT_NOTE[:40], [EXACT_NOTE]]
    out = run("scripts/database_backup.py", "backup", "--dir", str(tmp_path / "backups"), *fmt)
    backup = Path(out.split(" to ")[1].split(" (")[0])
    assert backup.suffix == suffix
    assert run("manage.py", "shell", "--no-imports", "-c", WIPE_EXACT).strip() == "0"
    run("scripts/database_backup.py", "restore", str(backup))
    assert json.loads(run("manage.py", "shell", "--no-imports", "-c", READ_EXACT)) == before
