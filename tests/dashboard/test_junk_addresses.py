"""Junk in any part of a public address gives a 4xx page, never a 500, on every database."""

import pytest
from django.test import Client

JUNK = ["%00", "x%00y", "%C0%AF", "..%2F..%2Fetc", "%27%20OR%201%3D1--", "%F0%9F%92%A9", "a" * 400, "%E2%80%AE"]

TEMPLATES = [
    "/providers/{}/",
    "/providers/{}.json",
    "/providers/{}/badge.svg",
    "/providers/{}/preview.png",
    "/owners/{}/",
    "/owners/{}.csv",
    "/standards/{}/",
    "/standards/{}.json",
    "/inspections/{}/",
    "/compare/{}/",
    "/compare/kss-crc,{}/",
    "/compare/kss-crc,{}.json",
    "/compare/kss-crc,{}/preview.png",
    "/data/{}.csv",
    "/?owner={}",
    "/?sort={}",
    "/league.csv?type={}",
    "/map/?standard={}",
    "/map/?type={}",
    "/compare/?providers={}",
    "/embed/league/?rating={}",
    "/changes/?kind={}",
    "/changes/?page={}",
]


@pytest.mark.django_db
@pytest.mark.parametrize("template", TEMPLATES)
def test_junk_never_breaks_a_page(first_round, template):
    client = Client(raise_request_exception=False)
    for junk in JUNK:
        response = client.get(template.format(junk))
        assert response.status_code < 500, (template.format(junk), response.status_code)
