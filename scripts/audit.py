"""`make audit`: which pinned dependencies have a newer release on PyPI.

Prints a table (package, pinned, latest of the pinned series, latest) of the direct runtime pins of
pyproject.toml, the versions requirements.lock installs; with --lock, of every package in
requirements.lock (the test tools and what the pins pull in too). The versions are PyPI's JSON API's
answer (https://pypi.org/pypi/<name>/json), each asked with a timeout; "the pinned series" is the
releases sharing the pin's first two numbers (Django 5.2.x), where security fixes land first.

A report, not a gate: it exits 0 even when packages are behind or the index cannot be reached
(each such package is listed with the reason), unless --strict, when either exits 1.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pinned_requirements import ROOT, direct_pins, normalise  # noqa: E402 - the script's own folder

INDEX_URL = "https://pypi.org/pypi/{name}/json"
TIMEOUT_SECONDS = 10
PARALLEL_REQUESTS = 8  # so that an unreachable index costs one timeout, not one per package


@dataclass
class Row:
    name: str
    pinned: str
    latest: str | None = None
    latest_in_series: str | None = None
    problem: str | None = None  # why the index gave no answer

    @property
    def outdated(self):
        return self.latest is not None and is_newer(self.latest, self.pinned)

    @property
    def behind_in_series(self):
        return self.latest_in_series is not None and is_newer(self.latest_in_series, self.pinned)

    @property
    def status(self):
        if self.problem:
            return f"not checked: {self.problem}"
        if self.behind_in_series:
            return "newer release in the pinned series"
        return "newer release" if self.outdated else "up to date"


def pypi_answer(name):
    """PyPI's JSON answer about `name`. Raises OSError (no network, a timeout, an HTTP error) or ValueError."""
    with urllib.request.urlopen(INDEX_URL.format(name=name), timeout=TIMEOUT_SECONDS) as response:
        return json.load(response)


def series(version):
    return tuple(version.split(".")[:2])


def row_from_answer(name, pinned, answer):
    """What the index's answer says of the pinned package: its latest release, and the latest of the pin's series."""
    latest = answer["info"]["version"]
    if not isinstance(latest, str) or not latest:
        raise ValueError("no version in the index's answer")
    released = [
        version
        for version, files in (answer.get("releases") or {}).items()
        if release_key(version) is not None and any(not file.get("yanked") for file in files)
    ]
    in_series = [version for version in released if series(version) == series(pinned)]
    return Row(name, pinned, latest=latest, latest_in_series=max(in_series, key=release_key, default=None))


def release_key(version):
    """A final release's numbers, for ordering ('5.2.19' -> ((5, 2, 19), -1)); None for a pre-release or other."""
    match = re.fullmatch(r"(\d+(?:\.\d+)*)(?:\.post(\d+))?", version)
    if match is None:
        return None
    numbers = [int(part) for part in match[1].split(".")]
    while len(numbers) > 1 and numbers[-1] == 0:  # '1.2' and '1.2.0' are one release
        numbers.pop()
    return tuple(numbers), int(match[2] or -1)


def is_newer(latest, pinned):
    latest_key, pinned_key = release_key(latest), release_key(pinned)
    if latest_key is None or pinned_key is None:
        return latest != pinned
    return latest_key > pinned_key


def pinned_packages(include_lock):
    """[(name as pinned, version)], from pyproject.toml's runtime pins or, with include_lock, the whole lock."""
    if include_lock:
        lines = (ROOT / "requirements.lock").read_text().splitlines()
        requirements = [line.strip() for line in lines if "==" in line and not line.lstrip().startswith("#")]
    else:
        requirements = direct_pins(include_test=False)
    packages = []
    for requirement in requirements:
        name = re.sub(r"\[.*\]", "", requirement.partition("==")[0]).strip()
        packages.append((name, normalise(requirement)[1]))
    return packages


def audit(packages, index_answer=pypi_answer):
    """A Row per (name, pinned) package, `index_answer(name)` (PyPI's JSON) asked for each, in parallel."""

    def check(package):
        name, pinned = package
        try:
            return row_from_answer(name, pinned, index_answer(name))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:  # a failure or a bad answer
            reason = getattr(error, "reason", None) or error
            return Row(name, pinned, problem=str(reason).strip() or type(error).__name__)

    with ThreadPoolExecutor(max_workers=PARALLEL_REQUESTS) as pool:
        return list(pool.map(check, packages))


def table(rows):
    header = ("package", "pinned", "latest in series", "latest", "")
    lines = [
        header,
        *((row.name, row.pinned, row.latest_in_series or "?", row.latest or "?", row.status) for row in rows),
    ]
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() for line in lines
    )


def summary(rows):
    outdated = [row.name for row in rows if row.outdated or row.behind_in_series]
    unchecked = [row.name for row in rows if row.problem]
    parts = [
        f"{len(outdated)} of {len(rows)} packages have a newer release"
        + (f" ({', '.join(outdated)})" if outdated else "")
        + "."
    ]
    if unchecked:
        parts.append(f"{len(unchecked)} could not be checked ({', '.join(unchecked)}).")
    return " ".join(parts)


def main(argv=None, index_answer=pypi_answer):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lock", action="store_true", help="every package of requirements.lock, not only the pins")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any package is behind or not checked")
    args = parser.parse_args(argv)
    rows = audit(pinned_packages(args.lock), index_answer)
    print(table(rows))
    print()
    print(summary(rows))
    if args.strict and any(row.outdated or row.behind_in_series or row.problem for row in rows):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
