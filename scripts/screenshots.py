"""Screenshots of every page type at a phone and a desktop width, for looking at before a change lands.

    python scripts/screenshots.py --serve            # the production setup on a free loopback port
    python scripts/screenshots.py --base http://127.0.0.1:8000

Writes one PNG per page and width (the first screen, and the whole page) to screenshots/, which git
ignores. Only loopback addresses are requested.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from page_weight import CHROMIUM, CHROMIUM_ARGS, ROOT, start_server

OUTPUT = ROOT / "screenshots"
WIDTHS = {"phone": (375, 812), "desktop": (1366, 900)}
PAGES = {
    "league": "/",
    "probation-service": "/probation-service/",
    "probation-service-region": "/probation-service/?region=kent-surrey-and-sussex-region&standards=pdu-2023",
    "unit-pdu": "/providers/gateshead-and-south-tyneside-pdu/",
    "unit-pdu-derived": "/providers/hammersmith-fulham-kensington-chelsea-and-westminster-pdu/",
    "unit-region": "/providers/kent-surrey-and-sussex-region/",
    "unit-former": "/providers/tameside-pdu/",
    "league-second-round": "/?round=2019-20",
    "provider-crc": "/providers/kss-crc/",
    "provider-nps": "/providers/nps-london/",
    "provider-two-rounds": "/providers/thames-valley-crc/",
    "owner": "/owners/seetec/",
    "standard": "/standards/2.3/",
    "methodology": "/methodology/",
    "compare-2": "/compare/kss-crc,bgsw-crc/",
    "compare-6": "/compare/kss-crc,bgsw-crc,nps-london,hiow-crc,dtv-crc,thames-valley-crc/",
    "map": "/map/",
    "map-standard": "/map/?type=nps&standard=2.3",
    "data": "/data/",
    "embed-help": "/embed/",
    "embed-league": "/embed/league/",
    "changes": "/changes/",
    "not-found": "/providers/no-such-provider/",
    "area": "/areas/brighton-and-hove/",
    "area-split": "/areas/birmingham/",
    "areas": "/areas/",
    "find": "/find/",
    "find-results": "/find/?q=Brighton",
    "find-district": "/find/?q=BN1",
    "find-nothing": "/find/?q=Atlantis",
    "find-elsewhere": "/find/?q=EH1+1AA",
    "find-unknown": "/find/?q=ZZ99+9ZZ",
    "find-malformed": "/find/?q=BN1+1A",
}


def capture(base, output):
    from playwright.sync_api import sync_playwright

    if urlsplit(base).hostname not in {"127.0.0.1", "localhost", "::1"}:
        sys.exit("Only loopback servers are photographed.")
    output.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for device, (width, height) in WIDTHS.items():
            context = browser.new_context(base_url=base, viewport={"width": width, "height": height})
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(path, wait_until="networkidle")
                page.screenshot(path=output / f"{name}-{device}.png")
                page.screenshot(path=output / f"{name}-{device}-full.png", full_page=True)
                print(f"{name}-{device}.png  {path}")
            context.close()
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--serve", action="store_true", help="serve the production setup on a free loopback port")
    where.add_argument("--base", help="a server already running on a loopback address")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    options = parser.parse_args()
    if options.base:
        capture(options.base, options.output)
        return
    workdir = tempfile.mkdtemp(prefix="screenshots-")
    process, base = start_server(workdir)
    try:
        capture(base, options.output)
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"Wrote {len(PAGES) * len(WIDTHS) * 2} screenshots to {options.output}")


if __name__ == "__main__":
    main()
