"""Print the pinned direct dependencies of pyproject.toml (runtime and, with --test, test extras).

With --check LOCKFILE, exit non-zero unless every direct pin appears verbatim in LOCKFILE,
so a changed pin in pyproject.toml cannot be silently ignored by an out-of-date lock.
"""

import argparse
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def direct_pins(include_test):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = list(project["dependencies"])
    if include_test:
        pins += project.get("optional-dependencies", {}).get("test", [])
    return pins


def normalise(requirement):
    name, _, version = requirement.partition("==")
    name = re.sub(r"\[.*\]", "", name).strip().lower().replace("_", "-").replace(".", "-")
    return name, version.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--test", action="store_true", help="include the test extra")
    parser.add_argument("--check", metavar="LOCKFILE", help="verify LOCKFILE holds every direct pin")
    args = parser.parse_args()
    pins = direct_pins(args.test)
    unpinned = [p for p in pins if "==" not in p]
    if unpinned:
        sys.exit(f"pyproject.toml has unpinned dependencies: {', '.join(unpinned)}")
    if not args.check:
        print("\n".join(pins))
        return
    locked = {
        normalise(line)
        for line in Path(args.check).read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    missing = [p for p in pins if normalise(p) not in locked]
    if missing:
        sys.exit(f"{args.check} is out of date with pyproject.toml ({', '.join(missing)}); run `make lock`.")


if __name__ == "__main__":
    main()
