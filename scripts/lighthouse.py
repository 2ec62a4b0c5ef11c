"""Lighthouse 13 scores of the key pages, served as in production: a benchmark, not a test.

Serves the production setup on a free loopback port (as scripts/page_weight.py does: gunicorn,
WhiteNoise's compressed static files, the real data in a throw-away database), runs Lighthouse
with its default mobile settings (a mid-range phone, slow 4G and a slowed CPU, simulated) in
Debian's Chromium against each page, and prints the four category scores with LCP, TBT and CLS.

    python scripts/lighthouse.py                 # the five pages below
    python scripts/lighthouse.py --more          # those, then MORE_PAGES below (a council's page, the search)
    python scripts/lighthouse.py /owners/seetec/ # others

Lighthouse comes from npm, pinned to version 13, installed on first use into .lighthouse/
(ignored by git). Scores vary with the machine's load: compare runs on a quiet machine.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from page_weight import start_server  # noqa: E402 - the script's own folder

ROOT = Path(__file__).resolve().parent.parent
INSTALL = ROOT / ".lighthouse"
LIGHTHOUSE = INSTALL / "node_modules" / ".bin" / "lighthouse"
VERSION = "13"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
PAGES = ["/", "/providers/kss-crc/", "/compare/kss-crc,bgsw-crc/", "/standards/2.3/", "/map/"]
# Measured with --more: today's league, a council's page with its locator map, the councils A–Z and a search's answer.
MORE_PAGES = ["/probation-service/", "/areas/brighton-and-hove/", "/areas/", "/find/?q=Brighton"]
CATEGORIES = [("performance", "Perf."), ("accessibility", "A11y"), ("best-practices", "Best pr."), ("seo", "SEO")]
METRICS = [("largest-contentful-paint", "LCP"), ("total-blocking-time", "TBT"), ("cumulative-layout-shift", "CLS")]


def install():
    if LIGHTHOUSE.exists():
        return
    INSTALL.mkdir(exist_ok=True)
    print(f"Installing lighthouse@{VERSION} from npm into {INSTALL.relative_to(ROOT)}/ …", file=sys.stderr)
    subprocess.run(
        ["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(INSTALL), f"lighthouse@{VERSION}"],
        check=True,
    )


def run(url, workdir, attempts=2):
    """Lighthouse's report for `url`, or None if it failed every attempt (Chromium can time out on a busy machine)."""
    output = Path(workdir) / "report.json"
    for _ in range(attempts):
        output.unlink(missing_ok=True)
        if _lighthouse(url, output).returncode == 0 and output.exists():
            return json.loads(output.read_text())
    return None


def _lighthouse(url, output):
    return subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={output}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=False,
    )


def row(path, report):
    if report is None:
        return [f"`{path}`", *["failed"] * (len(CATEGORIES) + len(METRICS))]
    scores = [round(100 * (report["categories"][key]["score"] or 0)) for key, _ in CATEGORIES]
    metrics = [report["audits"][key]["displayValue"] for key, _ in METRICS]
    return [f"`{path}`", *map(str, scores), *metrics]


def table(rows):
    header = ["Page", *(label for _, label in CATEGORIES), *(label for _, label in METRICS)]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(["---"] + ["---:"] * (len(header) - 1)) + " |"]
    return "\n".join(lines + ["| " + " | ".join(cells) + " |" for cells in rows])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="paths to measure (default: the five key pages)")
    parser.add_argument("--more", action="store_true", help="also measure " + ", ".join(MORE_PAGES))
    args = parser.parse_args()
    paths = [*(args.paths or PAGES), *(MORE_PAGES if args.more else [])]
    install()
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        process, base = start_server(workdir)
        try:
            for path in paths:
                print(f"Lighthouse: {path}", file=sys.stderr)
                rows.append(row(path, run(base + path, workdir)))
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(table(rows))


if __name__ == "__main__":
    main()
