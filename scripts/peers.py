"""Throughput of the site's public answers beside a static file of the same page and Datasette, with wrk.

    python scripts/peers.py                          # `make peers`: 20 connections, 10 s a run, two rounds
    python scripts/peers.py --duration 5 --rounds 1 --encoding br
    python scripts/peers.py --redis-db 12            # the page cache in Redis instead of local memory

Starts docker/entrypoint.sh (migrations, collectstatic, the real data in a throw-away SQLite
database, gunicorn with one worker of four threads) on a free loopback port, with the page cache in
local memory, or with --redis-db in that Redis database at 127.0.0.1:6379 (emptied first). Saves
the league's bytes as STATIC_ROOT/peers/league.html with .gz and .br copies and sends gunicorn
SIGHUP so that WhiteNoise serves them; puts /league.csv's rows in a SQLite file served by
Datasette 0.65 from a throw-away virtualenv (skipped if pip cannot install it). Then wrk (two
threads) runs on every address once a round, interleaved, with Accept-Encoding: gzip (--encoding),
including the league revalidated with its ETag (a 304), and a Markdown table shows each round's
requests per second, the best, and its ratio to the static file's best. A report, not a gate: it
exits non-zero only if an address answered errors. Only 127.0.0.1 is ever requested; runs are
capped at 60 s and 500 connections.

wrk is Debian's package: `apt-get install wrk`.
"""

import argparse
import csv
import gzip
import io
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import closing
from pathlib import Path

import brotli

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_test import MAX_CONNECTIONS, MAX_DURATION, redis_client  # noqa: E402 - the script's own folder
from page_weight import free_port, start_server  # noqa: E402

STATIC = "/static/peers/league.html"
PAGES = ["/", "/compare/kss-crc,bgsw-crc/", "/providers/kss-crc/", "/league.csv", "/league.json"]
REVALIDATION = "/ (If-None-Match → 304)"
DATASETTE_LABEL = "Datasette /league/league"
DATASETTE = ["datasette==0.65.5", "datasette==0.65.2"]  # the newest 0.65.x first


def fetch(url, headers=None):
    """(status, headers, body) of one GET to the loopback server, whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_for(url, attempts=120):
    for _ in range(attempts):
        try:
            if fetch(url)[0] == 200:
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def run_wrk(url, duration, connections, headers):
    """(requests per second, socket errors + answers other than 2xx/3xx) of one wrk run."""
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--timeout", "5s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), errors + int(bad.group(1) if bad else 0)


def publish_static(server, base, static_root):
    """The league's exact bytes as a static file (and .gz, .br), served once gunicorn has reloaded."""
    status, _, body = fetch(base + "/", {"Accept-Encoding": "identity"})
    if status != 200:
        sys.exit(f"/ answered {status}.")
    target = static_root / "peers" / "league.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    target.with_name("league.html.gz").write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    target.with_name("league.html.br").write_bytes(brotli.compress(body))
    # The entrypoint execs gunicorn, so the process started is its master; WhiteNoise scans at worker start.
    if b"gunicorn" not in Path(f"/proc/{server.pid}/cmdline").read_bytes():
        sys.exit(f"Process {server.pid} is not gunicorn's master; cannot reload it.")
    os.kill(server.pid, signal.SIGHUP)
    if not wait_for(base + STATIC):
        sys.exit(f"{STATIC} was not served within a minute of SIGHUP.")
    return len(body)


def start_datasette(workdir, base):
    """Datasette serving /league.csv's rows as table `league` of league.db: (process, URL), or (None, None)."""
    venv = Path(workdir) / "datasette-venv"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        for requirement in DATASETTE:
            pip = [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", requirement]
            installed = subprocess.run(pip, capture_output=True, text=True)
            if installed.returncode == 0:
                break
        else:
            raise RuntimeError((installed.stderr.strip().splitlines() or ["pip failed"])[-1])
    except (OSError, subprocess.CalledProcessError, RuntimeError) as error:
        print(f"Datasette skipped: {error}")
        return None, None
    rows = list(csv.reader(io.StringIO(fetch(base + "/league.csv")[2].decode("utf-8-sig"))))
    database = Path(workdir) / "league.db"
    with closing(sqlite3.connect(database)) as connection, connection:
        columns = ", ".join('"{}"'.format(name.replace('"', '""')) for name in rows[0])
        connection.execute(f"CREATE TABLE league ({columns})")
        connection.executemany(f"INSERT INTO league VALUES ({', '.join('?' * len(rows[0]))})", rows[1:])
    port = free_port()
    log = open(Path(workdir) / "datasette.log", "w")  # noqa: SIM115 - closed with the process
    command = [str(venv / "bin" / "datasette"), "serve", str(database), "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/league/league"
    if not wait_for(url):
        process.terminate()
        print(f"Datasette skipped: it did not serve {url}; see {workdir}/datasette.log")
        return None, None
    version = subprocess.run([str(venv / "bin" / "datasette"), "--version"], capture_output=True, text=True).stdout
    print(f"{version.strip()}: {len(rows) - 1} rows of /league.csv at {url}")
    return process, url


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per run (at most 60)")
    parser.add_argument("--connections", type=int, default=20, help="open connections (at most 500)")
    parser.add_argument("--rounds", type=int, default=2, help="times every address is measured, interleaved")
    parser.add_argument("--encoding", default="gzip", help="wrk's Accept-Encoding header, e.g. br")
    parser.add_argument("--redis-db", type=int, help="use Redis database N at 127.0.0.1:6379 for the page cache")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed. It is Debian's package: apt-get update && apt-get install -y wrk")
    duration = max(1, min(args.duration, MAX_DURATION))
    connections = max(1, min(args.connections, MAX_CONNECTIONS))
    headers = {"Accept-Encoding": args.encoding}
    extra_env = {"WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "4"}
    cache = None
    if args.redis_db is not None:
        cache = redis_client(args.redis_db)
        try:
            cache.flushdb()
        except Exception as error:
            sys.exit(f"No Redis at 127.0.0.1:6379 ({error}); start it (apt-get install redis-server) and try again.")
        extra_env["REDIS_URL"] = f"redis://127.0.0.1:6379/{args.redis_db}"

    failed = False
    results = {}
    with tempfile.TemporaryDirectory() as workdir:
        static_root = Path(workdir) / "static"
        extra_env["DJANGO_STATIC_ROOT"] = str(static_root)
        server, base = start_server(workdir, extra_env=extra_env, attempts=240)
        datasette = None
        try:
            size = publish_static(server, base, static_root)
            cache_name = f"Redis db {args.redis_db}" if cache else "local memory"
            print(f"Serving on {base} (1 worker, 4 threads, cache in {cache_name}); {STATIC}: {size:,} B of /")
            targets = [(STATIC, base + STATIC, {}), *((page, base + page, {}) for page in PAGES)]
            etag = fetch(base + "/", headers)[1].get("ETag")
            if not etag:
                print("The 304 row is skipped: / sends no validator (no ETag).")
            elif (status := fetch(base + "/", {**headers, "If-None-Match": etag})[0]) != 304:
                print(f"The 304 row is skipped: / answers {status}, not 304, to If-None-Match: {etag}.")
            else:
                targets.append((REVALIDATION, base + "/", {"If-None-Match": etag}))
            datasette, datasette_url = start_datasette(workdir, base)
            if datasette:
                targets.append((DATASETTE_LABEL, datasette_url, {}))
            for label, url, extra in targets:  # warm every address once, and show what it answers
                status, answer, body = fetch(url, {**headers, **extra})
                encoding = answer.get("Content-Encoding", "identity")
                print(f"  {label}: {status}, Content-Encoding {encoding}, {len(body):,} B")
                failed |= not (200 <= status < 300 or (label == REVALIDATION and status == 304))
            print(f"wrk -t2 -c{connections} -d{duration}s -H 'Accept-Encoding: {args.encoding}', {args.rounds} rounds")
            for number in range(1, args.rounds + 1):
                for label, url, extra in targets:
                    per_second, bad = run_wrk(url, duration, connections, {**headers, **extra})
                    results.setdefault(label, []).append(per_second)
                    if bad:
                        print(f"  {label}: {bad} errors or answers other than 2xx/3xx")
                        failed = True
                print(f"  round {number} done", flush=True)
        finally:
            for process in (datasette, server):
                if process:
                    process.terminate()
                    process.wait(timeout=30)
    if cache:
        cache.flushdb()

    floor = max(results[STATIC])
    print("\n| Address | Requests/s per round | Best | Best ÷ static file's |")
    print("| --- | ---: | ---: | ---: |")
    for label, rates in results.items():
        per_round = " / ".join(f"{rate:,.0f}" for rate in rates)
        print(f"| `{label}` | {per_round} | {max(rates):,.0f} | {max(rates) / floor:.2f}× |")
    peer = results.pop(DATASETTE_LABEL, None)
    if peer:
        ours = ", ".join(f"`{label}` {max(rates) / max(peer):.1f}×" for label, rates in results.items())
        print(f"\nAgainst Datasette's table page ({max(peer):,.0f}/s): {ours}.")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
