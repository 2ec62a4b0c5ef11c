"""One host for every link and cache key: an allowed host with any port, case or trailing dot is the canonical one."""

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.django_db


def page_keys():
    return [key for key in cache._cache if ":page:" in key]  # local memory backend, as in tests


def link(html, rel):
    return re.search(rf'<link rel="{rel}" href="([^"]*)">', html).group(1)


def meta(html, key):
    return re.search(rf'<meta property="{re.escape(key)}" content="([^"]*)">', html).group(1)


def test_any_spelling_of_an_allowed_host_is_one_page_under_one_key(client, first_round, settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    ports = random.Random(19).sample(range(1024, 65536), 500)
    hosts = ["TestServer", "testserver.", "testserver:8000", *(f"127.0.0.1:{port}" for port in ports)]
    first = client.get("/providers/kss-crc/")
    for host in hosts:
        response = client.get("/providers/kss-crc/", HTTP_HOST=host)
        assert response.status_code == 200
        assert response["ETag"] == first["ETag"], host
    assert len(page_keys()) == 1
    html = response.content.decode()
    assert link(html, "canonical") == "http://testserver/providers/kss-crc/"
    assert meta(html, "og:url") == "http://testserver/providers/kss-crc/"
    assert meta(html, "og:image") == "http://testserver/providers/kss-crc/preview.png"


def test_data_badges_and_embed_codes_name_the_canonical_host(client, first_round, settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    settings.CANONICAL_HOST = "127.0.0.1:8000"
    other = {"HTTP_HOST": "127.0.0.1:31337"}
    document = json.loads(client.get("/providers/kss-crc.json", **other).content)
    assert document["url"] == "http://127.0.0.1:8000/providers/kss-crc/"
    badge = client.get("/providers/kss-crc/badge.svg", **other).content.decode()
    assert "127.0.0.1:8000/providers/kss-crc/" in badge and "31337" not in badge
    embed_help = client.get("/embed/?provider=kss-crc", **other).content.decode()
    assert "http://127.0.0.1:8000/providers/kss-crc/badge.svg" in embed_help and "31337" not in embed_help
    embedded = client.get("/embed/league/", HTTP_HOST="TESTSERVER").content.decode()
    assert 'href="http://127.0.0.1:8000/providers/kss-crc/"' in embedded


def test_a_host_not_allowed_is_still_a_400(first_round):
    response = Client(HTTP_HOST="league.example.org.evil.example", raise_request_exception=False).get("/")
    assert response.status_code == 400
    assert page_keys() == []


def test_a_form_is_checked_against_the_host_it_was_posted_to(first_round, settings):
    """CSRF compares a form's Origin with the host it went to: an allowed alias can still sign in."""
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    browser = Client(enforce_csrf_checks=True, HTTP_HOST="localhost:8000")
    browser.get("/admin/login/")
    response = browser.post(
        "/admin/login/",
        {"username": "nobody", "password": "wrong", "csrfmiddlewaretoken": browser.cookies["csrftoken"].value},
        HTTP_ORIGIN="http://localhost:8000",
    )
    assert response.status_code == 200  # the form again, with its error: not a CSRF failure
    assert "Please enter the correct username and password" in response.content.decode()


@pytest.mark.parametrize("canonical", ["elsewhere.example", "*", ".example.org"])
def test_a_canonical_host_the_site_would_refuse_stops_it(settings, canonical):
    settings.CANONICAL_HOST = canonical
    with pytest.raises(ImproperlyConfigured, match="DJANGO_CANONICAL_HOST"):
        Client().get("/healthz")


def canonical_host_of(**environment):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(environment)
    result = subprocess.run(
        [sys.executable, "-c", "from probation_league import settings; print(settings.CANONICAL_HOST)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout.strip()


def test_the_canonical_host_is_the_first_allowed_host_unless_named():
    assert canonical_host_of(DJANGO_ALLOWED_HOSTS="league.example.org,www.league.example.org") == "league.example.org"
    named = {"DJANGO_ALLOWED_HOSTS": "league.example.org", "DJANGO_CANONICAL_HOST": " League.Example.org:8443 "}
    assert canonical_host_of(**named) == "league.example.org:8443"
