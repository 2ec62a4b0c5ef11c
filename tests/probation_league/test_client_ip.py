"""Login throttling counts the client address the one trusted proxy forwards, and nothing a client forges;
an IPv6 client counts by its /64 network, an IPv4 client by its whole address."""

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


def failed_logins_from(client, addresses, forwarded=False):
    """One failure from each address (a different username each time), directly or through the proxy."""
    statuses = []
    for attempt, address in enumerate(addresses):
        where = {"HTTP_X_FORWARDED_FOR": address, "REMOTE_ADDR": PROXY} if forwarded else {"REMOTE_ADDR": address}
        response = client.post(LOGIN, {"username": f"guess{attempt}", "password": "wrong", "next": "/admin/"}, **where)
        statuses.append(response.status_code)
    return statuses


# Ten addresses of one /64, as a host given the whole network could use to try again and again.
ONE_64 = [f"2001:db8:1:2:{attempt:x}::{attempt + 1:x}" for attempt in range(10)]


@pytest.mark.parametrize("behind_proxy", [False, True], ids=["direct", "behind-the-proxy"])
def test_addresses_in_one_ipv6_64_count_as_one(client, editor, settings, behind_proxy):
    settings.BEHIND_TLS_PROXY = behind_proxy
    assert failed_logins_from(client, ONE_64, forwarded=behind_proxy)[-1] == 429
    if behind_proxy:
        assert editor_login(client, "2001:db8:1:2:abcd::99").status_code == 429
        assert editor_login(client, "2001:db8:1:3::99").status_code == 302  # the next /64 is someone else
    else:
        assert editor_login(client, "", remote="2001:db8:1:2:abcd::99").status_code == 429
        assert editor_login(client, "", remote="2001:db8:1:3::99").status_code == 302


def test_ipv4_addresses_count_whole(client, editor, settings):
    settings.BEHIND_TLS_PROXY = False
    assert failed_logins_from(client, ["203.0.113.9"] * 10)[-1] == 429
    assert editor_login(client, "", remote="203.0.113.10").status_code == 302
