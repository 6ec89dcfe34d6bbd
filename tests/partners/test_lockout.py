"""Lockout per username and address, a slow-down per username: nobody can lock another
person out from another address, and guessing one account from many addresses is slow."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from partners.models import Rol
from tests.partners.test_login import PASSWORD

pytestmark = pytest.mark.django_db

A, B = "198.51.100.1", "203.0.113.7"


@pytest.fixture
def user(make_user, zvh):
    return make_user(zvh, Rol.PROCESREGISSEUR)


def attempt(client, user, password, address):
    return client.post(
        reverse("partners:login"),
        {"username": user.username, "password": password},
        REMOTE_ADDR=address,
    )


def test_failures_from_one_address_do_not_lock_the_user_out_elsewhere(client, user, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, user, "fout", A)
        assert attempt(client, user, PASSWORD, A).status_code == 429  # the pair is locked
        for _ in range(10):  # hammering the locked pair adds nothing
            assert attempt(client, user, "fout", A).status_code == 429
    with time_machine.travel(start + datetime.timedelta(seconds=1), tick=False):
        assert attempt(client, user, PASSWORD, A).status_code == 429  # still locked at A
        response = attempt(client, user, PASSWORD, B)
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:verify")


def test_a_username_failing_from_many_addresses_is_slowed_down(client, user, settings):
    start = timezone.now()
    addresses = [f"192.0.2.{n}" for n in range(1, settings.LOGIN_SLOWDOWN_AFTER + 1)]
    with time_machine.travel(start, tick=False):
        for address in addresses:  # one failure each: no pair is locked
            assert attempt(client, user, "fout", address).status_code == 200
        failures = sum(AccessAttempt.objects.values_list("failures_since_start", flat=True))
        response = attempt(client, user, PASSWORD, B)  # even the right password waits
        assert response.status_code == 429
        assert "Probeer het over 1 seconde opnieuw" in response.content.decode()
        assert response["Retry-After"] == "1"
        assert "_auth_user_id" not in client.session
        # The refused attempt is audited and does not count as a failure.
        assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == (
            failures
        )
        assert AccessLog.objects.filter(
            event_type="inloggen_mislukt", detail="vertraagd", user_id=user.pk
        ).exists()
    with time_machine.travel(start + datetime.timedelta(seconds=2), tick=False):
        assert attempt(client, user, "fout", "192.0.2.200").status_code == 200
        response = attempt(client, user, PASSWORD, B)
        assert "Probeer het over 2 seconden opnieuw" in response.content.decode()
    with time_machine.travel(start + datetime.timedelta(seconds=5), tick=False):
        assert attempt(client, user, PASSWORD, B).status_code == 302


def test_the_slow_down_never_exceeds_its_maximum(client, user, settings):
    settings.LOGIN_SLOWDOWN_MAX_SECONDS = 8
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(20):
            AccessAttempt.objects.create(
                username=user.username,
                ip_address=f"192.0.2.{n}",
                user_agent="",
                get_data="",
                post_data="",
                http_accept="",
                path_info="/inloggen/",
                failures_since_start=1,
                attempt_time=start,
            )
        response = attempt(client, user, PASSWORD, B)
        assert response.status_code == 429
        assert "Probeer het over 8 seconden opnieuw" in response.content.decode()
    with time_machine.travel(start + datetime.timedelta(seconds=8), tick=False):
        assert attempt(client, user, PASSWORD, B).status_code == 302
