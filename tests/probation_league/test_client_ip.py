"""Login throttling counts the client address the one trusted proxy forwards, and nothing a client forges."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "a long editor passphrase"
PROXY = "10.0.0.2"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


def failed_logins(client, forwarded_for, count=10, remote=PROXY):
    """`count` failures, each for a different username, so only the address can lock."""
    statuses = []
    for attempt in range(count):
        response = client.post(
            LOGIN,
            {"username": f"guess{attempt}", "password": "wrong", "next": "/admin/"},
            HTTP_X_FORWARDED_FOR=forwarded_for(attempt),
            REMOTE_ADDR=remote,
        )
        statuses.append(response.status_code)
    return statuses


def editor_login(client, forwarded_for, remote=PROXY):
    return client.post(
        LOGIN,
        {"username": "editor", "password": PASSWORD, "next": "/admin/"},
        HTTP_X_FORWARDED_FOR=forwarded_for,
        REMOTE_ADDR=remote,
    )


def test_behind_the_proxy_one_attacker_does_not_lock_out_every_editor(client, editor, settings):
    settings.BEHIND_TLS_PROXY = True
    statuses = failed_logins(client, lambda attempt: "203.0.113.9")
    assert statuses[-1] == 429
    # An editor elsewhere, through the same proxy, still logs in.
    assert editor_login(client, "198.51.100.7").status_code == 302


def test_behind_the_proxy_a_forged_forwarded_address_does_not_escape_the_lockout(client, editor, settings):
    settings.BEHIND_TLS_PROXY = True
    # The attacker sends a different made-up first entry each time; the proxy appends the real address.
    statuses = failed_logins(client, lambda attempt: f"192.0.2.{attempt}, 203.0.113.9")
    assert statuses[-1] == 429
    assert editor_login(client, "198.51.100.7, 203.0.113.9").status_code == 429


def test_behind_the_proxy_a_forged_entry_cannot_frame_an_editor(client, editor, settings):
    settings.BEHIND_TLS_PROXY = True
    # The attacker claims to be the editor's address; only the proxy's last entry counts.
    failed_logins(client, lambda attempt: "198.51.100.7, 203.0.113.9")
    assert editor_login(client, "198.51.100.7").status_code == 302


def test_without_the_proxy_the_forwarded_header_is_ignored(client, editor, settings):
    settings.BEHIND_TLS_PROXY = False
    statuses = failed_logins(client, lambda attempt: f"192.0.2.{attempt}", remote="203.0.113.9")
    assert statuses[-1] == 429
    assert editor_login(client, "198.51.100.7", remote="203.0.113.9").status_code == 429
    assert editor_login(client, "203.0.113.9", remote="198.51.100.7").status_code == 302
