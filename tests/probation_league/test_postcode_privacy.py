"""A postcode is answered, never kept: no log line, cache entry or error report holds what a reader searched for."""

import io
import logging
import os
import pickle
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import caches
from django.core.servers.basehttp import WSGIRequestHandler
from django.test import Client
from django.urls import reverse
from django.views.debug import get_exception_reporter_class

from dashboard.response_cache import recent_answers
from places.postcodes import PostcodeLookup
from probation_league.log_filters import mask_search_query

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
# BN1 1AA in any spacing, case or URL encoding: as typed, as a form sends it, as the lookup keys it.
BRIGHTON = re.compile(r"BN1(?:\s|\+|%20|%2B)*1AA", re.IGNORECASE)
POSTCODE_SEARCHES = ["BN1 1AA", "bn11aa", " bn1  1AA ", "EH1 1AA", "BT1 1AA", "ZZ99 9ZZ", "BN1"]
ANY_SEARCHED_POSTCODE = re.compile(
    r"BN1(?:\s|\+|%20)*1AA|EH1(?:\s|\+|%20)*1AA|BT1(?:\s|\+|%20)*1AA|ZZ99(?:\s|\+|%20)*9ZZ|[?&]q=BN1\b",
    re.IGNORECASE,
)


def assert_no_postcode(text, pattern=BRIGHTON):
    found = pattern.search(text)
    assert found is None, f"{found[0]!r} in: …{text[max(0, found.start() - 200) : found.end() + 200]}…"


# What the filters and the gunicorn logger write in place of a search.


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("q=BN1+1AA", "q=[masked]"),
        ("page=2&q=bn11aa&sort=name", "page=2&q=[masked]&sort=name"),
        ("GET /find/?q=BN1%201AA HTTP/1.1", "GET /find/?q=[masked] HTTP/1.1"),
        ('"GET /find/?q=BN1 1AA HTTP/1.1" 302 0', '"GET /find/?q=[masked] HTTP/1.1" 302 0'),
        ('"GET /find/?q=BN1 1AA&x=2 HTTP/1.1" 400 0', '"GET /find/?q=[masked]&x=2 HTTP/1.1" 400 0'),
        ("http://example.org/find/?q=BN1+1AA#top", "http://example.org/find/?q=[masked]#top"),
        ("/methodology/?%71=BN1+1AA", "/methodology/?%71=[masked]"),
        ("/x/?a=1;q=BN1+1AA", "/x/?a=1;q=[masked]"),
        ("<WSGIRequest: GET '/find/?q=BN1%201AA'>", "<WSGIRequest: GET '/find/?q=[masked]'>"),
        ("GET /?sort=-score&type=crc HTTP/1.1", "GET /?sort=-score&type=crc HTTP/1.1"),
        ("/find/?qq=1&query=2", "/find/?qq=1&query=2"),
    ],
)
def test_the_search_parameter_is_masked_wherever_it_is_written(text, masked):
    assert mask_search_query(text) == masked


def _entrypoint_gunicorn_options():
    """The logger class and access-log format `make run` and the image serve with, read from the entrypoint."""
    command = ENTRYPOINT.read_text(encoding="utf-8").split("-m gunicorn probation_league.wsgi:application", 1)[1]
    words = shlex.split(command.replace("\\\n", " ").split("\n", 1)[0])
    options = {
        word: following
        for word, following in zip(words, [*words[1:], ""], strict=True)
        if word.startswith("--") and not following.startswith("--")
    }
    return options["--logger-class"], options["--access-logformat"]


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url, headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_gunicorns_access_and_error_logs_of_a_search_hold_no_postcode(tmp_path):
    """gunicorn as the entrypoint runs it (its logger class and access-log format), on loopback, for a few requests."""
    logger_class, access_format = _entrypoint_gunicorn_options()
    assert logger_class == "probation_league.gunicorn_logging.MaskedSearchLogger"
    # Every atom that could hold the query: the request line, the query, the Referer, the raw URI.
    access_format += ' request="%(r)s" referer="%(f)s" raw="%({raw_uri}e)s"'
    port = _free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3",  # no tables: /find/ fails, and is logged
        "DJANGO_DATA_DIR": str(tmp_path),
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),  # never collected, whatever a checkout holds
        "DJANGO_DEBUG": "",
        "PYTHONUNBUFFERED": "1",
    }
    environment.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "probation_league.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--no-control-socket",
            "--logger-class",
            logger_class,
            "--access-logfile",
            "-",
            "--access-logformat",
            access_format,
        ],
        cwd=ROOT,
        env=environment,
        # Files, not pipes: tracebacks would fill a pipe and stop the server.
        stdout=(tmp_path / "stdout").open("w"),
        stderr=(tmp_path / "stderr").open("w"),
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(f"{base}/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("gunicorn did not start")
                time.sleep(0.1)
        referer = {"Referer": f"{base}/find/?q=BN1+1AA"}
        statuses = [
            _get(f"{base}/healthz?q=BN1+1AA", referer),
            _get(f"{base}/find/?q=BN1%201AA"),
            _get(f"{base}/find/?sort=name&q=bn11aa"),
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)
    stdout, stderr = (tmp_path / "stdout").read_text(), (tmp_path / "stderr").read_text()
    assert statuses == [200, 500, 500]
    access_lines = [line for line in stdout.splitlines() if line.startswith("access ")]
    assert len(access_lines) >= 4, stdout
    for line in access_lines[-3:]:
        assert 'query="' in line and "q=[masked]" in line, line
    assert 'request="GET /find/?q=[masked] HTTP/1.1"' in stdout
    assert f'referer="{base}/find/?q=[masked]"' in stdout
    assert 'raw="/find/?sort=name&q=[masked]"' in stdout
    # Without collected static files not even the 500 page renders: the exception reaches gunicorn, whose
    # error log names the request, masked, with the traceback.
    assert "Error handling request GET /find/?q=[masked]" in stderr
    assert "no such table" in stderr
    assert_no_postcode(stdout)
    assert_no_postcode(stderr)


# Django's own logs.


def _captured(handler):
    stream = io.StringIO()
    previous = handler.setStream(stream)
    return stream, previous


def test_the_development_servers_request_lines_mask_the_search():
    """`runserver` logs each request line through the django.server logger, as settings.LOGGING configures it."""
    (handler,) = logging.getLogger("django.server").handlers
    stream, previous = _captured(handler)
    try:
        request_handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
        request_handler.request = socket.socket()  # what Django puts in the record: the connection
        request_handler.requestline = "GET /find/?q=BN1+1AA HTTP/1.1"
        try:
            request_handler.log_request(302, 0)
            request_handler.requestline = "GET /find/?q=bn1 1aa HTTP/1.1"
            request_handler.log_request(400, 0)
        finally:
            request_handler.request.close()
    finally:
        handler.setStream(previous)
    written = stream.getvalue()
    assert '"GET /find/?q=[masked] HTTP/1.1" 302 0' in written
    assert '"GET /find/?q=[masked] HTTP/1.1" 400 0' in written
    assert_no_postcode(written)


def _root_console():
    """settings.LOGGING's console handler (pytest adds handlers of its own beside it)."""
    fields = settings.LOGGING["formatters"]["fields"]["format"]
    (handler,) = [
        handler
        for handler in logging.getLogger().handlers
        if handler.formatter is not None and handler.formatter._fmt == fields
    ]
    return handler


def test_djangos_request_log_names_the_path_only(both_eras_with_places):
    """A search answered 404 or 400 is logged by django.request as "Not Found: /find/": the path, and the
    record's `request` (with its query) is not written by the site's formatter."""
    handler = _root_console()
    stream, previous = _captured(handler)
    try:
        client = Client()
        assert client.get(reverse("dashboard:find"), {"q": "ZZ99 9ZZ"}).status_code == 404
        assert client.get(reverse("dashboard:find"), {"q": "BN1 1AA 1AA"}).status_code == 400
    finally:
        handler.setStream(previous)
    written = stream.getvalue()
    assert "level=WARNING logger=django.request Not Found: /find/" in written
    assert "level=WARNING logger=django.request Bad Request: /find/" in written
    assert "WSGIRequest" not in written and "q=" not in written
    assert_no_postcode(written, re.compile(r"ZZ99(?:\s|\+|%20)*9ZZ|BN1(?:\s|\+|%20)*1AA", re.IGNORECASE))


# Error reports.


@pytest.fixture
def failing_lookup(monkeypatch):
    """The postcode lookup fails, with the postcode in its message and in its frame's variables."""

    def postcode(self, query):
        typed = query.text.replace(" ", "").lower()  # a frame variable of the report, in another spelling
        raise RuntimeError(f"The lookup failed for {query.text} ({typed}, {query.key!r})")

    monkeypatch.setattr(PostcodeLookup, "postcode", postcode)


@pytest.fixture
def report_records():
    """The records django.request logs, as AdminEmailHandler receives them."""
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    keeper = Keep(level=logging.ERROR)
    logging.getLogger("django.request").addHandler(keeper)
    yield records
    logging.getLogger("django.request").removeHandler(keeper)


def test_an_error_report_of_a_search_holds_no_postcode(both_eras_with_places, failing_lookup, report_records, settings):
    settings.DEBUG = False
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    settings.ADMINS = [("Editor", "editor@example.org")]
    client = Client(raise_request_exception=False)
    handler = _root_console()
    stream, previous = _captured(handler)
    try:
        response = client.get(
            reverse("dashboard:find"), {"q": "BN1 1AA"}, HTTP_REFERER="http://testserver/find/?q=BN1+1AA"
        )
    finally:
        handler.setStream(previous)

    # The reader's page says something went wrong, and nothing of what they typed.
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert_no_postcode(page)

    # The log line and its traceback: the path, the exception, the searched text masked.
    logged = stream.getvalue()
    assert "logger=django.request Internal Server Error: /find/" in logged
    assert "RuntimeError: The lookup failed for [masked]" in logged
    assert_no_postcode(logged)

    # The e-mail to ADMINS (AdminEmailHandler, with the site's reporter).
    (message,) = mail.outbox
    assert "Internal Server Error: /find/" in message.subject
    assert "RuntimeError" in message.body and "QUERY_STRING = 'q=[masked]'" in message.body
    assert_no_postcode(message.subject + message.body)

    # The full report, HTML and text, as the reporter settings name it, from the logged request.
    (record,) = report_records
    reporter = get_exception_reporter_class(record.request)(record.request, *record.exc_info)
    html, text = reporter.get_traceback_html(), reporter.get_traceback_text()
    assert "Request URL: http://testserver/find/?q=[masked]" in text
    assert "HTTP_REFERER = 'http://testserver/find/?q=[masked]'" in text
    assert re.search(r"GET:\s*q = '\[masked\]'", text)
    assert "typed" in text  # the frame's variables are listed, their values masked
    assert_no_postcode(html)
    assert_no_postcode(text)


def test_the_technical_500_page_holds_no_postcode(both_eras_with_places, failing_lookup, settings):
    """With DEBUG on (never in production) Django shows the report itself: masked too."""
    settings.DEBUG = True
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    response = Client(raise_request_exception=False).get(reverse("dashboard:find"), {"q": "bn1 1aa"})
    assert response.status_code == 500
    page = response.content.decode()
    assert "RuntimeError" in page and "[masked]" in page
    assert_no_postcode(page)


# The page cache.


def _cached_texts():
    """Every key and value of the page cache (local memory in tests) and this process's recent answers,
    with stored bodies decompressed."""
    texts = []
    backend = caches["default"]
    assert backend.__class__.__name__ == "LocMemCache", "the test reads the local-memory cache's contents"

    def add_body(body):
        for decode in (lambda data: data, brotli.decompress, lambda data: __import__("gzip").decompress(data)):
            try:
                texts.append(decode(body).decode("utf-8", "replace"))
            except Exception:  # not in that encoding
                continue

    for key, pickled in list(backend._cache.items()):
        texts.append(key)
        value = pickle.loads(pickled)
        texts.append(repr(value))
        if hasattr(value, "body"):
            add_body(value.body)
    for key, stored in list(recent_answers._copies.items()):
        texts.append(key)
        add_body(stored.body)
    return texts


def test_the_page_cache_holds_nothing_of_a_postcode_search(both_eras_with_places):
    client = Client()
    before = {key for key in caches["default"]._cache}
    answered = []
    for typed in POSTCODE_SEARCHES:
        answered.append(client.get(reverse("dashboard:find"), {"q": typed}).status_code)
        answered.append(client.get(f"/find/?q={typed.replace(' ', '+')}", HTTP_ACCEPT_ENCODING="gzip, br").status_code)
    assert 302 in answered and 404 in answered  # redirects to a council's page, and unknown postcodes
    stored_pages = [key for key in set(caches["default"]._cache) - before if ":page:" in key]
    assert stored_pages == [], "a postcode search's answer was stored in the page cache"
    for text in _cached_texts():
        assert_no_postcode(text, ANY_SEARCHED_POSTCODE)


def test_the_cache_check_sees_stored_pages(both_eras_with_places):
    """The cache test above reads what the page cache holds: a page that is cached is seen there."""
    Client().get(reverse("dashboard:methodology"), HTTP_ACCEPT_ENCODING="gzip")
    assert any("Methodology" in text for text in _cached_texts())


def test_settings_name_the_masking_reporter():
    assert settings.DEFAULT_EXCEPTION_REPORTER == "probation_league.error_reports.SearchMaskingReporter"
    assert settings.DEFAULT_EXCEPTION_REPORTER_FILTER == "probation_league.error_reports.SearchMaskingFilter"
