"""Public pages only read: other methods get a 405, and the open data answers a CORS preflight."""

import pytest

PAGES = ["/", "/providers/kss-crc/", "/compare/kss-crc,bgsw-crc/", "/map/", "/embed/league/", "/methodology/"]
OPEN_DATA = ["/league.json", "/league.csv", "/providers/kss-crc.json", "/data/probation-league.json"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("method", ["TRACE", "OPTIONS", "PUT", "DELETE", "PATCH", "POST"])
def test_a_page_refuses_methods_it_does_not_serve(client, first_round, path, method):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.content.decode() == f"{method} is not allowed here: this address answers GET, HEAD.\n"


@pytest.mark.django_db
@pytest.mark.parametrize("path", OPEN_DATA)
def test_open_data_answers_a_cors_preflight(client, first_round, path):
    response = client.options(
        path,
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "accept",
        },
    )
    assert response.status_code == 204
    assert response.content == b""
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert response["Access-Control-Allow-Headers"] == "*"


@pytest.mark.django_db
@pytest.mark.parametrize("path", OPEN_DATA)
@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "POST"])
def test_open_data_refuses_writes(client, first_round, path, method):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES[:3] + OPEN_DATA[:1])
def test_get_and_head_still_answer(client, first_round, path):
    assert client.get(path).status_code == 200
    assert client.head(path).status_code == 200


@pytest.mark.django_db
def test_the_admin_still_takes_posts(client, first_round):
    response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 200
    assert b"Please enter the correct username and password" in response.content
