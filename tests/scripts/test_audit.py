"""`make audit`: the table of pinned packages beside the index's latest releases, and when it fails.

The index's answers are given as PyPI's JSON would give them, through the script's `index_answer`
parameter: nothing here touches the network.
"""

import importlib.util
import sys
import tomllib
import urllib.error
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
spec = importlib.util.spec_from_file_location("scripts_audit", ROOT / "scripts" / "audit.py")
audit = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
spec.loader.exec_module(audit)


def answer(latest, *releases, yanked=()):
    """PyPI's JSON about a package: its latest version and its releases, each with one file."""
    versions = {version: [{"yanked": False}] for version in (*releases, latest)}
    versions.update({version: [{"yanked": True}] for version in yanked})
    return {"info": {"version": latest}, "releases": versions}


INDEX = {
    "Django": answer("6.1.3", "5.2.19", "5.2.20", "6.0"),
    "pypdf": answer("7.1.1", "7.1.0"),
    "redis": answer("8.1.0", "8.0.9", yanked=["8.1.1"]),
}


def index_answer(name):
    if name not in INDEX:
        raise urllib.error.URLError("Name or service not known")
    return INDEX[name]


def test_each_package_is_listed_with_its_pin_and_the_latest_releases():
    packages = [("Django", "5.2.19"), ("pypdf", "7.1.1"), ("redis", "8.1.0"), ("gunicorn", "27.0.1")]
    rows = {row.name: row for row in audit.audit(packages, index_answer)}

    assert (rows["Django"].latest_in_series, rows["Django"].latest) == ("5.2.20", "6.1.3")
    assert rows["Django"].status == "newer release in the pinned series"
    assert rows["pypdf"].status == "up to date"
    assert rows["redis"].latest_in_series == "8.1.0"  # 8.1.1 was yanked
    assert rows["redis"].status == "up to date"
    assert rows["gunicorn"].status == "not checked: Name or service not known"

    lines = audit.table(list(rows.values())).splitlines()
    assert lines[0].split() == ["package", "pinned", "latest", "in", "series", "latest"]
    assert lines[1].split()[:4] == ["Django", "5.2.19", "5.2.20", "6.1.3"]
    assert lines[4].split()[:4] == ["gunicorn", "27.0.1", "?", "?"]


def test_versions_are_compared_as_numbers():
    assert audit.is_newer("5.10.0", "5.9.1")
    assert audit.is_newer("1.2.1", "1.2")
    assert not audit.is_newer("1.2.0", "1.2")
    assert not audit.is_newer("26.2", "26.2")
    assert audit.is_newer("2.0.post1", "2.0")


def test_it_reports_without_failing_unless_strict(capsys):
    pins = dict(audit.pinned_packages(include_lock=False))

    def everything_pinned_is_latest(name):
        return answer(pins[name])

    assert audit.main([], everything_pinned_is_latest) == 0
    assert audit.main(["--strict"], everything_pinned_is_latest) == 0
    output = capsys.readouterr().out
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert f"0 of {len(dependencies)} packages have a newer release." in output
    assert "pypdf" in output and "Django" in output

    def django_is_behind(name):
        return answer("9.0", pins[name]) if name == "Django" else answer(pins[name])

    assert audit.main([], django_is_behind) == 0
    assert audit.main(["--strict"], django_is_behind) == 1
    assert "1 of" in capsys.readouterr().out


def test_an_unreachable_index_is_reported_not_a_crash(capsys):
    def unreachable(name):
        raise TimeoutError("timed out")

    assert audit.main([], unreachable) == 0
    output = capsys.readouterr().out
    assert "not checked: timed out" in output
    assert "could not be checked (" in output
    assert audit.main(["--strict"], unreachable) == 1


def test_a_malformed_answer_is_reported_not_a_crash():
    (row,) = audit.audit([("pypdf", "7.1.1")], lambda name: {"info": {}})
    assert row.status.startswith("not checked: ")
