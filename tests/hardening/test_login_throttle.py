"""Repeated failed logins are throttled; a logged-in client is not."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.helpers import PASSWORD, logged_in, make_user


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Each attempt hashes a password; the slow production hasher would take seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def log_in(client, password: str, address: str = "127.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": "edna", "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def test_too_many_wrong_passwords_lock_out_even_the_right_one(client, roles):
    make_user("edna")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "wrong guess").status_code == 200  # the form again, with an error
    assert log_in(client, "wrong guess").status_code == 429

    refused = log_in(client, PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_for_that_address_only(client, roles):
    make_user("edna")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong guess", address="203.0.113.9")
    assert log_in(client, PASSWORD, address="198.51.100.4").status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, roles):
    user = make_user("edna")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "wrong guess")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "wrong guess")
    assert log_in(client, PASSWORD).status_code == 302
    # Tests and scripts that log in with force_login are never counted.
    assert logged_in(user).get(reverse("admin:index")).status_code == 200
