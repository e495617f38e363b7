import datetime as dt

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse

from emulation.network import client_ip_address

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.254"
GOOD = "secret-pass-123"


def log_in(client, password, *, remote=PROXY, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": "hieutruong_a", "password": password}, **headers)


def fail(client, times=5, **where) -> list[int]:
    return [log_in(client, "wrong", **where).status_code for _ in range(times)]


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "10.0.0.254", "203.0.113.7", "10.0.0.254"),
        (1, "10.0.0.254", None, "10.0.0.254"),
        (1, "10.0.0.254", "203.0.113.7", "203.0.113.7"),
        (1, "10.0.0.254", "198.51.100.9, 203.0.113.7", "203.0.113.7"),
        (2, "10.0.0.254", "198.51.100.9, 203.0.113.7, 10.0.0.253", "203.0.113.7"),
        (2, "10.0.0.254", "203.0.113.7", "203.0.113.7"),
        (1, "10.0.0.254", "2001:db8::7", "2001:db8::7"),
        (1, "10.0.0.254", "198.51.100.9, not-an-address", "10.0.0.254"),
        (1, "10.0.0.254", " , ", "10.0.0.254"),
    ],
)
def test_client_address_is_the_rightmost_forwarded_hop_no_trusted_proxy_added(
    settings, proxies, remote, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {"REMOTE_ADDR": remote, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})}

    assert client_ip_address(RequestFactory().get("/", **headers)) == expected


def test_failed_logins_from_one_address_do_not_lock_the_user_out_from_another(client, principal_a):
    statuses = fail(client, remote="203.0.113.7")

    elsewhere = log_in(client, GOOD, remote="198.51.100.9")
    client.logout()
    there = log_in(client, GOOD, remote="203.0.113.7")

    assert (statuses, elsewhere.status_code, there.status_code) == ([200, 200, 200, 200, 429], 302, 429)


@pytest.mark.reliability
def test_behind_a_trusted_proxy_the_lockout_keys_on_the_real_client(client, settings, principal_a):
    """Every request comes from the proxy; the attacker also forges an address in the header."""
    settings.TRUSTED_PROXY_COUNT = 1
    fail(client, forwarded="198.51.100.9, 203.0.113.7")

    victim = log_in(client, GOOD, forwarded="198.51.100.9")
    client.logout()
    attacker = log_in(client, GOOD, forwarded="203.0.113.7")

    assert (victim.status_code, attacker.status_code) == (302, 429)


@pytest.mark.reliability
def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, settings, principal_a):
    settings.TRUSTED_PROXY_COUNT = 0
    for number in range(5):
        log_in(client, "wrong", forwarded=f"203.0.113.{number}")

    response = log_in(client, GOOD, forwarded="198.51.100.9")

    assert response.status_code == 429


def test_attempts_during_a_lockout_do_not_extend_it(client, settings, principal_a):
    settings.AXES_COOLOFF_TIME = 0.5
    start = dt.datetime(2025, 3, 10, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        fail(client, remote="203.0.113.7")
    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        during = [log_in(client, password, remote="203.0.113.7").status_code for password in ("wrong", GOOD)]
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        after = log_in(client, GOOD, remote="203.0.113.7")

    assert (during, after.status_code) == ([429, 429], 302)
