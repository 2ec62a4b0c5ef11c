"""Measure what a page costs a reader: the compressed bytes of the page and every asset it loads.

Loads each path in Debian's Chromium (through Playwright) with an empty cache, waits until the
network is idle, and adds up the encoded (on-the-wire) body and header bytes of every response,
exactly as the browser received them.

    python scripts/page_weight.py --serve /providers/kss-crc/ /map/
    python scripts/page_weight.py --base http://127.0.0.1:8000 /

--serve starts the production setup on a free loopback port first (docker/entrypoint.sh:
migrations, collectstatic with WhiteNoise's compressed files, the real data in a throw-away
SQLite database, gunicorn) and stops it afterwards. Only loopback addresses are ever requested.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(workdir, extra_env=None, attempts=120):
    """Serve the production setup (docker/entrypoint.sh) on a free loopback port: (process, base URL).

    `extra_env` adds settings (workers, a Redis cache); `attempts` half-seconds are allowed to answer.
    """
    port = free_port()
    env = {
        **os.environ,
        "PYTHON": sys.executable,
        "BIND_ADDRESS": "127.0.0.1",
        "PORT": str(port),
        "DJANGO_DATA_DIR": str(Path(workdir) / "var"),
        "DJANGO_STATIC_ROOT": str(Path(workdir) / "static"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        **(extra_env or {}),
    }
    env.pop("DATABASE_URL", None)
    log = open(Path(workdir) / "server.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen([str(ROOT / "docker" / "entrypoint.sh")], env=env, stdout=log, stderr=log, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(attempts):
        if process.poll() is not None:
            sys.exit(f"The server stopped before serving; see {workdir}/server.log")
        try:
            urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310 - loopback only
            return process, base
        except OSError:
            time.sleep(0.5)
    process.terminate()
    sys.exit(f"The server did not answer within {attempts // 2} seconds.")


def measure(base, paths):
    from playwright.sync_api import sync_playwright

    if urlsplit(base).hostname not in {"127.0.0.1", "localhost", "::1"}:
        sys.exit("Only loopback servers are measured.")
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for path in paths:
            context = browser.new_context(base_url=base)
            page = context.new_page()
            responses = []
            page.on("response", lambda response, seen=responses: seen.append(response))
            page.goto(path, wait_until="networkidle")
            # Scripts may fetch more once they run (the map geometry after the charts are drawn).
            page.wait_for_timeout(1500)
            page.wait_for_load_state("networkidle")
            rows = []
            for response in responses:
                sizes = response.request.sizes()
                encoding = (response.headers.get("content-encoding") or "identity").lower()
                rows.append(
                    (response.url.removeprefix(base), encoding, sizes["responseBodySize"], sizes["responseHeadersSize"])
                )
            results.append((path, rows))
            context.close()
        browser.close()
    return results


def report(results):
    for path, rows in results:
        print(f"\n{path}")
        for url, encoding, body, headers in rows:
            print(f"  {body + headers:>9,} B  {encoding:<8} {url}")
        total = sum(body + headers for _, _, body, headers in rows)
        print(f"  {total:>9,} B  total, {len(rows)} responses ({total / 1024:.0f} KiB on the wire)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="paths to load, e.g. /providers/kss-crc/")
    parser.add_argument("--base", default="http://127.0.0.1:8000", help="a running server (loopback only)")
    parser.add_argument("--serve", action="store_true", help="start the production setup on a free port first")
    args = parser.parse_args()
    if args.serve:
        with tempfile.TemporaryDirectory() as workdir:
            process, base = start_server(workdir)
            try:
                report(measure(base, args.paths))
            finally:
                process.terminate()
                process.wait(timeout=30)
    else:
        report(measure(args.base, args.paths))


if __name__ == "__main__":
    main()
