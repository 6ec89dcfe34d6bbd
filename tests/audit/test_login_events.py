"""Authentication events in the audit log: what each row holds, and what it never holds."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from audit import events
from audit.models import AccessLog
from partners.models import AuthenticatorDevice, Rol
from tests.partners.factories import RolToewijzingFactory, ZvhFactory
from tests.partners.test_login import PASSWORD, code_for, password_step


@pytest.fixture
def enrolled(make_user, zvh):
    user = make_user(zvh, Rol.PROCESREGISSEUR, first_name="Karin", last_name="Bos")
    device = AuthenticatorDevice.objects.create(user=user, name="app", confirmed=True)
    return user, device


def test_full_login_writes_password_and_second_factor_rows(client, enrolled):
    user, device = enrolled
    response = client.post(
        reverse("partners:login"),
        {"username": user.username, "password": PASSWORD},
        HTTP_X_REQUEST_ID="req-0123456789",
    )
    client.post(reverse("partners:verify"), {"token": code_for(device)})
    rows = list(AccessLog.objects.filter(user_id=user.pk).order_by("id"))
    assert [r.event_type for r in rows] == [events.INLOGGEN, events.TWEEDE_FACTOR_GEVERIFIEERD]
    first, second = rows
    assert first.action == "login" and first.outcome == "success"
    assert first.user_display == "Karin Bos"
    assert first.organisatie_id == user.organisatie_id
    assert first.organisatie_naam == user.organisatie.naam
    # The request id is our own: a client's X-Request-ID is never stored as ours.
    assert first.ip == "127.0.0.1" and first.request_id == response["X-Request-ID"]
    assert first.request_id != "req-0123456789" and len(first.request_id) == 32
    assert second.detail == "totp"
    call_command("audit_verify")


def test_failed_login_for_unknown_account_stores_no_username(client, db):
    client.post(reverse("partners:login"), {"username": "geheim-wachtwoord?", "password": "x"})
    row = AccessLog.objects.get(event_type=events.INLOGGEN_MISLUKT)
    assert row.user_id is None and row.outcome == "denied" and row.action == "login"
    for value in AccessLog.objects.values_list():
        assert not any("geheim-wachtwoord" in str(v) for v in value)


def test_passwords_and_codes_never_reach_the_log(client, enrolled):
    user, device = enrolled
    password_step(client, user, "een-fout-wachtwoord")
    password_step(client, user)
    code = code_for(device)
    client.post(reverse("partners:verify"), {"token": code})
    for value in AccessLog.objects.values_list():
        text = " ".join(str(v) for v in value)
        assert PASSWORD not in text and "een-fout-wachtwoord" not in text and code not in text


def test_failed_second_factor_is_denied(client, enrolled):
    user, _device = enrolled
    password_step(client, user)
    client.post(reverse("partners:verify"), {"token": "000000"})
    row = AccessLog.objects.get(event_type=events.TWEEDE_FACTOR_MISLUKT)
    assert row.user_id == user.pk and row.outcome == "denied" and row.detail == "verificatie"


def test_lockout_is_denied_and_names_the_account(client, enrolled):
    user, _device = enrolled
    for _ in range(6):
        password_step(client, user, "fout")
    locked = AccessLog.objects.filter(event_type=events.ACCOUNT_GEBLOKKEERD)
    assert locked.exists()
    assert {(r.user_id, r.outcome) for r in locked} == {(user.pk, "denied")}


def test_logout_and_house_switch_are_logged_in_the_house_chain(client, login, enrolled, zvh):
    user, _device = enrolled
    second = ZvhFactory()
    RolToewijzingFactory(medewerker=user, zvh=second, rol=Rol.PROCESREGISSEUR)
    login(user)
    client.post(reverse("partners:switch_zvh"), {"zvh": second.pk})
    switched = AccessLog.objects.get(event_type=events.ZVH_GEWISSELD)
    assert switched.zvh_id == second.pk and switched.chain == f"zvh:{second.pk}"
    assert switched.detail == second.code
    client.post(reverse("partners:logout"))
    # Logging out ends the account's session in every house: each house's chain has the row.
    logouts = AccessLog.objects.filter(event_type=events.UITLOGGEN)
    assert sorted(logouts.values_list("zvh_id", flat=True)) == sorted([zvh.pk, second.pk])
    assert all(r.user_id == user.pk and r.action == "logout" for r in logouts)


def test_switch_to_a_foreign_house_is_a_logged_denial(client, login, enrolled):
    user, _device = enrolled
    login(user)
    foreign = ZvhFactory()
    response = client.post(reverse("partners:switch_zvh"), {"zvh": foreign.pk})
    assert response.status_code == 403
    denial = AccessLog.objects.get(event_type=events.TOEGANG_GEWEIGERD)
    assert denial.user_id == user.pk and denial.detail == "zvh.wisselen"


def test_authentication_events_reach_every_house_of_the_account(client, enrolled, zvh):
    """Each house's privacy officer sees logins and failures of accounts with a role there."""
    user, device = enrolled
    second = ZvhFactory()
    RolToewijzingFactory(medewerker=user, zvh=second, rol=Rol.KETENPARTNER)
    password_step(client, user, "fout")
    password_step(client, user)
    client.post(reverse("partners:verify"), {"token": code_for(device)})
    for event in (events.INLOGGEN_MISLUKT, events.INLOGGEN, events.TWEEDE_FACTOR_GEVERIFIEERD):
        rows = AccessLog.objects.filter(event_type=event, user_id=user.pk)
        assert sorted(rows.values_list("zvh_id", flat=True)) == sorted([zvh.pk, second.pk])
        assert sorted(rows.values_list("chain", flat=True)) == sorted(
            [f"zvh:{zvh.pk}", f"zvh:{second.pk}"]
        )
    call_command("audit_verify")


def test_privacy_officer_sees_failed_logins_of_own_users(client, login, enrolled, zvh, make_user):
    user, _device = enrolled
    password_step(client, user, "fout")
    client.logout()
    officer = make_user(zvh, Rol.PRIVACY_OFFICER)
    login(officer)
    page = client.get(reverse("audit:zoeken"), {"gebeurtenis": events.INLOGGEN_MISLUKT})
    assert page.status_code == 200
    assert "Karin Bos" in page.content.decode()


def test_unknown_username_goes_to_the_system_chain(client, db):
    client.post(reverse("partners:login"), {"username": "bestaat-niet", "password": "x"})
    row = AccessLog.objects.get(event_type=events.INLOGGEN_MISLUKT)
    assert row.chain == "systeem" and row.zvh_id is None and row.user_id is None
