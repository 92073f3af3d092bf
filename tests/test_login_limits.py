"""Admin log-in attempts are limited per user name and per address (django-axes), behind proxies too."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory, override_settings

from electrolytes.proxy import client_ip

LOGIN = "/admin/login/"
LOCKED = "Too many failed log-in attempts (5) for this user name or from this address."


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(username="curator", password="right-pass-123", is_staff=True)


def attempt(username: str, password: str, *, address: str = "203.0.113.7", **headers):
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})
    return client, response


def assert_logged_in(client: Client, response, user) -> None:
    assert response.status_code == 302 and response.url == "/admin/"
    assert int(client.session["_auth_user_id"]) == user.pk


def assert_locked(response) -> None:
    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKED in body
    assert "Log-in is locked for 15 minutes" in body


def test_a_login_below_the_limit_still_works(staff):
    for _ in range(4):
        _, response = attempt("curator", "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    client, response = attempt("curator", "right-pass-123")
    assert_logged_in(client, response, staff)


def test_a_user_name_is_locked_after_the_limit_from_any_address(staff):
    for n in range(5):
        _, response = attempt("curator", "wrong", address=f"198.51.100.{n + 1}")
    assert_locked(response)
    # The right password from an address never seen before is refused too.
    client, response = attempt("curator", "right-pass-123", address="192.0.2.200")
    assert_locked(response)
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_after_the_limit_whatever_the_user_name(staff):
    for n in range(5):
        _, response = attempt(f"guess{n}", "wrong", address="203.0.113.50")
    assert_locked(response)
    _, response = attempt("curator", "right-pass-123", address="203.0.113.50")
    assert_locked(response)
    # Another address is not affected, nor is the user name (it failed nowhere).
    client, response = attempt("curator", "right-pass-123", address="203.0.113.51")
    assert_logged_in(client, response, staff)


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_limit_is_a_setting(staff):
    attempt("curator", "wrong")
    _, response = attempt("curator", "wrong")
    assert response.status_code == 429
    assert "Too many failed log-in attempts (2)" in response.content.decode()


def test_x_forwarded_for_is_ignored_without_trusted_proxies(staff):
    """A client cannot dodge the per-address limit by writing a new X-Forwarded-For each time."""
    for n in range(5):
        _, response = attempt(f"guess{n}", "wrong", address="203.0.113.60", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert_locked(response)
    _, response = attempt("curator", "right-pass-123", address="203.0.113.60", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert_locked(response)


@override_settings(TRUSTED_PROXIES=1)
def test_behind_a_trusted_proxy_the_forwarded_client_address_counts(staff):
    proxy = "10.0.0.2"
    for n in range(5):
        _, response = attempt(f"guess{n}", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert_locked(response)
    # Another client through the same proxy logs in; a spoofed left-hand entry changes nothing.
    client, response = attempt(
        "curator", "right-pass-123", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9, 198.51.100.10"
    )
    assert_logged_in(client, response, staff)
    _, response = attempt("curator", "right-pass-123", address=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")
    assert_locked(response)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.1", "198.51.100.1"),
        (3, "198.51.100.1", "198.51.100.1"),
        (1, "not-an-address", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXIES=proxies):
        assert client_ip(request) == expected
