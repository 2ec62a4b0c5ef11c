"""Production fails closed: no secret key, no site; staff sessions last a working day; the health check
answers over plain HTTP; a request for a foreign host is logged as one short line."""

import io
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def manage_check(**environment):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "production_switch",
    [
        {"DJANGO_REQUIRE_SECRET_KEY": "1"},
        {"DJANGO_SECURE_SSL_REDIRECT": "1"},
        {"DJANGO_SECURE_COOKIES": "1"},
        {"DJANGO_BEHIND_TLS_PROXY": "1"},
        {"DJANGO_SECURE_HSTS_SECONDS": "31536000"},
    ],
)
@pytest.mark.parametrize("secret_key", [None, "", "too-short"])
def test_production_refuses_to_start_without_a_real_secret_key(production_switch, secret_key):
    environment = dict(production_switch)
    if secret_key is not None:
        environment["DJANGO_SECRET_KEY"] = secret_key
    result = manage_check(**environment)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set to 50 or more random characters in production" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = manage_check(DJANGO_SECURE_SSL_REDIRECT="1", DJANGO_SECRET_KEY="k" * 60)
    assert result.returncode == 0, result.stderr


def test_the_image_and_compose_file_have_no_fallback_secret_key():
    dockerfile = (ROOT / "Dockerfile").read_text()
    compose = (ROOT / "docker-compose.yml").read_text()
    assert re.search(r"DJANGO_REQUIRE_SECRET_KEY=1", dockerfile)
    assert "${DJANGO_SECRET_KEY:?" in compose
    assert "DJANGO_SECRET_KEY:-" not in compose


def test_the_compose_redis_is_bounded_and_evicts():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert '"--maxmemory", "128mb"' in compose
    assert '"--maxmemory-policy", "allkeys-lru"' in compose


@pytest.mark.django_db
def test_a_staff_session_lasts_a_working_day(client, django_user_model):
    django_user_model.objects.create_user("editor", password="a long editor passphrase", is_staff=True)
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "a long editor passphrase", "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == 8 * 60 * 60


@pytest.mark.django_db
def test_the_health_check_is_answered_over_plain_http_behind_the_ssl_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    response = client.get("/methodology/")
    assert (response.status_code, response["Location"]) == (301, "https://testserver/methodology/")


def test_a_foreign_host_is_one_short_warning_line(client, caplog):
    logger = logging.getLogger("django.security.DisallowedHost")
    (handler,) = logger.handlers
    written = io.StringIO()
    previous_stream = handler.setStream(written)
    try:
        response = client.get("/", HTTP_HOST="a" * 4000 + ".example")
    finally:
        handler.setStream(previous_stream)
    assert response.status_code == 400
    lines = written.getvalue().splitlines()
    assert len(lines) == 1, written.getvalue()[:2000]
    assert "level=WARNING logger=django.security.DisallowedHost Invalid HTTP_HOST header: 'aaaa" in lines[0]
    assert len(lines[0]) < 400
    # Written once, by its own handler: not again, with the traceback, through the root logger.
    assert not [record for record in caplog.records if record.name == logger.name]
