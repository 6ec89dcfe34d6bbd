"""Start passwords (forced change, expiry), the user's own password change, the password rules,
and sensitive_post_parameters on every view that takes a secret."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from audit.models import AccessLog
from partners import services
from partners.credentials import zet_startwachtwoord
from partners.models import AuthenticatorDevice, Medewerker, Rol
from tests.partners.factories import PartnerschapFactory

PASSWORD = "juist-wachtwoord-123"
NEW_PASSWORD = "paarse-olifant-fietst-graag"


def code_for(device):
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def password_step(client, username, password):
    return client.post(reverse("partners:login"), {"username": username, "password": password})


def events(name, user):
    return AccessLog.objects.filter(event_type=name, user_id=user.pk)


@pytest.fixture
def beheerder_actor(make_user, zvh, as_actor):
    # The house's own organisation: house roles go only to its staff.
    eigen = PartnerschapFactory(zvh=zvh, organisatie__type="zvh").organisatie
    beheerder = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, organisatie=eigen)
    return as_actor(beheerder, zvh), beheerder.organisatie


@pytest.fixture
def nieuw(beheerder_actor, zvh):
    """A medewerker just created by the beheerder, with its start password."""
    actor, organisatie = beheerder_actor
    medewerker, password = services.medewerker_aanmaken(
        actor=actor,
        username="nieuwe.collega",
        first_name="Nina",
        last_name="Nieuw",
        email="nina@example.invalid",
        organisatie=organisatie,
    )
    services.rol_toekennen(actor=actor, medewerker=medewerker, rol=Rol.PROCESREGISSEUR)
    return medewerker, password


def test_start_password_of_a_new_account_must_be_changed_before_anything_else(client, nieuw):
    medewerker, password = nieuw
    response = password_step(client, medewerker.username, password)
    assert response["Location"] == reverse("partners:startwachtwoord")
    # Neither the second factor nor any page comes before the new password.
    for name in ("partners:verify", "partners:enrol", "home", "partners:wachtwoord_wijzigen"):
        assert client.get(reverse(name))["Location"] == reverse("partners:startwachtwoord"), name
    page = client.get(reverse("partners:startwachtwoord"))
    assert page.status_code == 200 and "Kies uw eigen wachtwoord" in page.content.decode()

    response = client.post(
        reverse("partners:startwachtwoord"),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("partners:verify")
    assert client.get(reverse("partners:verify"))["Location"] == reverse("partners:enrol")
    medewerker.refresh_from_db()
    assert medewerker.check_password(NEW_PASSWORD) and not medewerker.check_password(password)
    assert not medewerker.wachtwoord_moet_wijzigen
    assert medewerker.startwachtwoord_geldig_tot is None
    row = events("wachtwoord_gewijzigd", medewerker).get()
    assert row.detail == "startwachtwoord" and row.outcome == "success"


def test_password_reset_by_beheerder_gives_a_start_password(client, beheerder_actor, make_user):
    actor, organisatie = beheerder_actor
    medewerker = make_user(None, organisatie=organisatie)
    device = AuthenticatorDevice.objects.create(user=medewerker, name="app", confirmed=True)
    password = services.wachtwoord_resetten(actor=actor, medewerker=medewerker)
    medewerker.refresh_from_db()
    assert medewerker.wachtwoord_moet_wijzigen
    assert medewerker.startwachtwoord_geldig_tot > timezone.now() + timedelta(days=6)
    assert password_step(client, medewerker.username, password)["Location"] == reverse(
        "partners:startwachtwoord"
    )
    client.post(
        reverse("partners:startwachtwoord"),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    # The second factor stays as it was: verification follows, with the existing app.
    response = client.post(reverse("partners:verify"), {"token": code_for(device)})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("days", [7, 3])
def test_start_password_expires_unused(client, nieuw, settings, days):
    settings.START_PASSWORD_DAYS = days
    medewerker, _password = nieuw
    password = zet_startwachtwoord(medewerker)
    medewerker.save()
    with time_machine.travel(timezone.now() + timedelta(days=days - 1)):
        assert password_step(client, medewerker.username, password).status_code == 302
    client.post(reverse("partners:logout"))
    with time_machine.travel(timezone.now() + timedelta(days=days, minutes=1)):
        response = password_step(client, medewerker.username, password)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Uw startwachtwoord is verlopen" in body and f"{days} dagen geldig" in body
    assert "_auth_user_id" not in client.session
    assert events("startwachtwoord_verlopen", medewerker).get().outcome == "denied"


def test_expired_start_password_is_refused_on_the_change_page_too(client, nieuw):
    medewerker, password = nieuw
    password_step(client, medewerker.username, password)
    # It expires while the user is on the change page.
    Medewerker.objects.filter(pk=medewerker.pk).update(
        startwachtwoord_geldig_tot=timezone.now() - timedelta(seconds=1)
    )
    response = client.post(
        reverse("partners:startwachtwoord"),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Uw startwachtwoord is verlopen" in response.content.decode()
    medewerker.refresh_from_db()
    assert medewerker.check_password(password) and medewerker.wachtwoord_moet_wijzigen


@pytest.mark.parametrize(
    ("new", "reason"),
    [
        ("kort-1", "te kort: het moet minstens 12 tekens bevatten"),
        ("123456789012345", "bevat alleen cijfers"),
        ("password1234", "te algemeen"),
        ("nieuwe.collega1", "lijkt te veel op de gebruikersnaam"),
    ],
)
def test_weak_start_replacement_is_refused_in_dutch_and_changes_nothing(client, nieuw, new, reason):
    medewerker, password = nieuw
    password_step(client, medewerker.username, password)
    response = client.post(
        reverse("partners:startwachtwoord"), {"new_password1": new, "new_password2": new}
    )
    assert response.status_code == 400
    assert reason in response.content.decode()
    medewerker.refresh_from_db()
    assert medewerker.check_password(password) and medewerker.wachtwoord_moet_wijzigen


def test_mismatched_new_passwords_are_refused(client, nieuw):
    medewerker, password = nieuw
    password_step(client, medewerker.username, password)
    response = client.post(
        reverse("partners:startwachtwoord"),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
    )
    assert response.status_code == 400
    assert "De twee wachtwoorden zijn niet gelijk" in response.content.decode()


# The user's own password change -------------------------------------------------------------


@pytest.fixture
def ingelogd(client, login, make_user, zvh):
    user = make_user(zvh, Rol.PROCESREGISSEUR)
    device = AuthenticatorDevice.objects.create(user=user, name="app", confirmed=True)
    login(user)
    return user, device


def change(client, *, current=PASSWORD, token, new=NEW_PASSWORD, repeat=None):
    return client.post(
        reverse("partners:wachtwoord_wijzigen"),
        {
            "huidig_wachtwoord": current,
            "token": token,
            "new_password1": new,
            "new_password2": repeat or new,
        },
    )


def test_password_change_page_is_linked_and_needs_a_verified_session(client, ingelogd):
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("partners:wachtwoord_wijzigen")}"' in home
    assert client.get(reverse("partners:wachtwoord_wijzigen")).status_code == 200
    client.post(reverse("partners:logout"))
    user, _device = ingelogd
    password_step(client, user.username, PASSWORD)  # password only, no second factor yet
    response = client.get(reverse("partners:wachtwoord_wijzigen"))
    assert response["Location"] == reverse("partners:verify")


def test_password_change_with_current_password_and_code(client, ingelogd, settings):
    user, device = ingelogd
    other = type(client)()
    other.force_login(user)  # a second session of the same account
    session_before = client.session.session_key
    response = change(client, token=code_for(device))
    assert response["Location"] == reverse("home")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # This session stays logged in and verified (under a new key); the other one has ended.
    assert client.session.session_key != session_before
    assert client.get(reverse("home")).status_code == 200
    assert other.get(reverse("home"))["Location"].startswith(reverse("partners:login"))
    assert events("wachtwoord_gewijzigd", user).get().outcome == "success"


@pytest.mark.parametrize("wrong", ["password", "code"])
def test_password_change_refused_without_current_password_or_code(client, ingelogd, wrong):
    user, device = ingelogd
    valid = code_for(device)
    token = "000000" if valid != "000000" else "111111"
    response = change(
        client,
        current="fout-wachtwoord-123" if wrong == "password" else PASSWORD,
        token=token if wrong == "code" else valid,
    )
    assert response.status_code == 400
    assert "Uw wachtwoord is niet gewijzigd" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    row = events("wachtwoord_wijzigen_mislukt", user).get()
    assert row.outcome == "denied" and row.detail == {"password": "wachtwoord"}.get(wrong, "code")


def test_password_change_keeps_old_password_when_a_rule_fails(client, ingelogd):
    user, device = ingelogd
    response = change(client, token=code_for(device), new="123456789012345")
    assert response.status_code == 400
    assert "Dit wachtwoord bevat alleen cijfers" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not events("wachtwoord_gewijzigd", user).exists()


def test_password_change_code_cannot_be_replayed(client, ingelogd):
    user, device = ingelogd
    code = code_for(device)
    assert change(client, token=code).status_code == 302
    device.refresh_from_db()
    device.throttle_reset()
    response = change(client, current=NEW_PASSWORD, token=code, new="nog-een-ander-wachtwoord")
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_five_failed_password_changes_end_the_session(client, ingelogd):
    _user, device = ingelogd
    for _ in range(5):
        device.refresh_from_db()
        device.throttle_reset()
        response = change(client, current="fout-wachtwoord-123", token=code_for(device))
    assert response["Location"] == reverse("partners:login")
    assert "_auth_user_id" not in client.session


# Secrets never reach an error report ---------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "partners:login",
        "partners:startwachtwoord",
        "partners:verify",
        "partners:enrol",
        "partners:wachtwoord_wijzigen",
    ],
)
def test_views_taking_secrets_hide_their_post_parameters(client, ingelogd, name):
    user, _device = ingelogd
    if name == "partners:startwachtwoord":
        user.wachtwoord_moet_wijzigen = True
        user.save()
    if name in ("partners:verify", "partners:enrol"):
        client.post(reverse("partners:logout"))
        client.force_login(user)
        session = client.session
        session["_casus_login_ts"] = session["_casus_last_seen"] = time.time()
        session.save()
    response = client.post(reverse(name), {"password": "geheim", "token": "123456"})
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__", name


def test_start_password_flags_default_off_for_existing_accounts(db, make_user):
    user = make_user(None)
    assert not Medewerker.objects.get(pk=user.pk).wachtwoord_moet_wijzigen
