"""Load the production setup with wrk and report throughput, latency and errors per page.

    python scripts/load_test.py                      # `make load`: 200 connections, 30 s a run
    python scripts/load_test.py --duration 10 --connections 50

Starts docker/entrypoint.sh (migrations, collectstatic, the real data in a throw-away SQLite
database, gunicorn with --workers workers) on a free loopback port, with the page cache in Redis
database --redis-db at 127.0.0.1:6379 (emptied first; keep it apart from the tests' databases).
Then runs wrk on the league, a provider page, a comparison and /league.csv, and once more on the
league with random junk query strings, and prints a table: requests per second, median and 99th
percentile latency, socket errors and non-2xx answers, and the cache's key count before and after
the junk run (it should not grow). Only 127.0.0.1 is ever requested; runs are capped at 60 s
and 500 connections.

wrk is Debian's package: `apt-get install wrk`.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from page_weight import start_server as serve_production  # noqa: E402 - the script's own folder

PAGES = ["/", "/providers/kss-crc/", "/compare/kss-crc,bgsw-crc/", "/league.csv"]
JUNK_LUA = """
-- Every request a new query string no page understands: each must be served from the one cached page.
math.randomseed(os.time())
request = function()
  local path = string.format("/?junk%d=%d&utm_source=%d&sort=x%d",
    math.random(1, 1000000000), math.random(1, 1000000000), math.random(1, 1000000), math.random(1, 1000000))
  return wrk.format("GET", path)
end
"""
MAX_DURATION, MAX_CONNECTIONS = 60, 500


def redis_client(db):
    import redis

    return redis.Redis(host="127.0.0.1", port=6379, db=db, socket_connect_timeout=2)


def start_server(workdir, workers, redis_db):
    """The production setup with `workers` gunicorn workers sharing Redis database `redis_db`."""
    extra_env = {"WEB_CONCURRENCY": str(workers), "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}"}
    return serve_production(workdir, extra_env=extra_env, attempts=240)


def milliseconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(url, duration, connections, script=None):
    command = ["wrk", f"-t{min(4, os.cpu_count() or 1)}", f"-c{connections}", f"-d{duration}s", "--latency"]
    command += ["--timeout", "5s"]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.M))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds(latency["50"]),
        "p99": milliseconds(latency["99"]),
        "errors": errors,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds per run (at most 60)")
    parser.add_argument("--connections", type=int, default=200, help="open connections (at most 500)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--redis-db", type=int, default=12, help="Redis database number at 127.0.0.1:6379")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed. It is Debian's package: apt-get update && apt-get install -y wrk")
    duration = max(1, min(args.duration, MAX_DURATION))
    connections = max(1, min(args.connections, MAX_CONNECTIONS))
    cache = redis_client(args.redis_db)
    try:
        cache.flushdb()
    except Exception as error:
        sys.exit(f"No Redis at 127.0.0.1:6379 ({error}); start it (apt-get install redis-server) and try again.")

    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        process, base = start_server(workdir, args.workers, args.redis_db)
        try:
            print(f"Serving on {base} ({args.workers} gunicorn workers, Redis db {args.redis_db}); "
                  f"wrk with {connections} connections for {duration} s a run.", flush=True)  # fmt: skip
            for page in PAGES:
                urllib.request.urlopen(base + page, timeout=30).read()  # noqa: S310 - warm the cache, loopback only
                rows.append((page, run_wrk(base + page, duration, connections)))
                print(f"  {page} done", flush=True)
            keys_before = cache.dbsize()
            script = Path(workdir) / "junk.lua"
            script.write_text(JUNK_LUA)
            rows.append(("/?junk…=… (random)", run_wrk(base + "/", duration, connections, script=str(script))))
            keys_after = cache.dbsize()
        finally:
            process.terminate()
            process.wait(timeout=30)
    cache.flushdb()

    print()
    print("| Address | Requests | Requests/s | p50 | p99 | Socket errors | Non-2xx |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for page, result in rows:
        print(
            f"| `{page}` | {result['requests']:,} | {result['per_second']:,.0f} | {result['p50']:.0f} ms "
            f"| {result['p99']:.0f} ms | {result['errors']} | {result['non_2xx']} |"
        )
    print(f"\nCache keys in Redis: {keys_before} before the junk run, {keys_after} after it.")
    failed = any(result["errors"] or result["non_2xx"] for _, result in rows) or keys_after > keys_before
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
