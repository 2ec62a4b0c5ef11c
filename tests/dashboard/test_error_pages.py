import pytest
from django.test import Client


@pytest.mark.django_db
def test_unknown_provider_gets_a_readable_404_page_in_the_site(client, first_round):
    response = client.get("/providers/no-such-crc/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "No provider has that address." in html
    assert 'href="/"' in html and "Unofficial" in html


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_page(client, first_round):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "There is no page at this address." in response.content.decode()


@pytest.mark.django_db
def test_a_server_error_page_needs_no_database_or_context(settings, first_round):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html


@pytest.mark.django_db
def test_bad_host_is_a_400_not_a_500(first_round):
    response = Client(HTTP_HOST="evil.example", raise_request_exception=False).get("/")
    assert response.status_code == 400
