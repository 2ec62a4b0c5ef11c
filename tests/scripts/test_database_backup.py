"""`make backup` and `make restore`: a backup of the embedded SQLite database brings back exactly what it held.

Runs the script in subprocesses on a throw-away SQLite database, as an operator would.
"""

import os
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
