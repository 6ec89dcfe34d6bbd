"""Password + second factor login, enrolment, lockout, session limits and bad input."""

import re
import time

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp

from audit.models import AccessLog
from partners.devices import backup_code_digest
from partners.models import AuthenticatorDevice, BackupCodeDevice, Rol

PASSWORD = "juist-wachtwoord-123"


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def password_step(client, user, password=PASSWORD):
    return client.post(reverse("partners:login"), {"username": user.username, "password": password})


@pytest.fixture
def enrolled(make_user, zvh):
    user = make_user(zvh, Rol.PROCESREGISSEUR)
    device = AuthenticatorDevice.objects.create(user=user, name="app", confirmed=True)
    return user, device


def test_password_then_totp_gives_verified_session(client, enrolled):
    user, device = enrolled
    response = password_step(client, user)
    assert response.status_code == 302 and response["Location"] == reverse("partners:verify")
    # Password alone opens nothing.
    assert client.get(reverse("home"))["Location"] == reverse("partners:verify")
    session_before = client.session.session_key
    response = client.post(reverse("partners:verify"), {"token": code_for(device)})
    assert response.status_code == 302
    assert client.session.session_key != session_before  # key cycled after the second factor
    assert client.get(reverse("home")).status_code == 200
    events = list(AccessLog.objects.filter(user_id=user.pk).values_list("event_type", flat=True))
    assert "inloggen" in events and "tweede_factor_geverifieerd" in events


def test_wrong_password_gives_dutch_message_and_is_logged(client, enrolled):
    user, _device = enrolled
    response = password_step(client, user, "fout")
    assert response.status_code == 200
    assert "Onjuiste gebruikersnaam of wachtwoord" in response.content.decode()
    row = AccessLog.objects.get(event_type="inloggen_mislukt")
    assert row.outcome == "denied" and row.user_id == user.pk
    assert "_auth_user_id" not in client.session


def test_wrong_and_reused_totp_are_refused(client, enrolled):
    user, device = enrolled
    password_step(client, user)
    response = client.post(reverse("partners:verify"), {"token": "000000"})
    assert response.status_code == 400
    assert "onjuist, verlopen of al gebruikt" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing; the test does not wait
    code = code_for(device)
    assert client.post(reverse("partners:verify"), {"token": code}).status_code == 302
    # Same code again in a new login: refused (django-otp remembers the last used time step).
    client.post(reverse("partners:logout"))
    password_step(client, user)
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(reverse("partners:verify"), {"token": code})
    assert response.status_code == 400
    assert AccessLog.objects.filter(event_type="tweede_factor_mislukt").count() == 2


def test_malformed_token_is_a_form_error(client, enrolled):
    user, _ = enrolled
    password_step(client, user)
    response = client.post(reverse("partners:verify"), {"token": "12"})
    assert response.status_code == 400
    assert "minstens 6 tekens" in response.content.decode()


def test_five_wrong_codes_end_the_session(client, enrolled):
    user, device = enrolled
    password_step(client, user)
    for _ in range(5):
        device.refresh_from_db()
        device.throttle_reset()
        response = client.post(reverse("partners:verify"), {"token": "000000"})
    assert response.status_code == 302 and response["Location"] == reverse("partners:login")
    assert "_auth_user_id" not in client.session


def test_backup_code_works_once(client, enrolled):
    user, _ = enrolled
    static = BackupCodeDevice.objects.create(user=user, name="backup")
    static.codes.create(digest=backup_code_digest(user.pk, "abcd1234"))
    password_step(client, user)
    assert client.post(reverse("partners:verify"), {"token": "abcd1234"}).status_code == 302
    client.post(reverse("partners:logout"))
    password_step(client, user)
    assert client.post(reverse("partners:verify"), {"token": "abcd1234"}).status_code == 400


def test_first_login_enrols_with_qr_and_backup_codes(client, make_user, zvh):
    user = make_user(zvh, Rol.KETENPARTNER)
    password_step(client, user)
    response = client.get(reverse("partners:verify"))
    assert response["Location"] == reverse("partners:enrol")
    page = client.get(reverse("partners:enrol"))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = AuthenticatorDevice.objects.get(user=user, confirmed=False)
    assert client.post(reverse("partners:enrol"), {"token": "000000"}).status_code == 400
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(reverse("partners:enrol"), {"token": code_for(device)})
    assert response["Location"] == reverse("partners:backup_codes")
    codes_page = client.get(reverse("partners:backup_codes")).content.decode()
    static = BackupCodeDevice.objects.get(user=user)
    digests = set(static.codes.values_list("digest", flat=True))
    shown = re.findall(r"<code>([a-z0-9]{10})</code>", codes_page)
    assert len(digests) == 10 and {backup_code_digest(user.pk, c) for c in shown} == digests
    # Shown once only.
    assert client.get(reverse("partners:backup_codes"))["Location"] == reverse("home")
    assert AuthenticatorDevice.objects.get(user=user).confirmed
    assert AccessLog.objects.filter(event_type="tweede_factor_gekoppeld", user_id=user.pk).exists()


def test_enrolled_user_cannot_reenrol(client, enrolled):
    user, _ = enrolled
    password_step(client, user)
    assert client.get(reverse("partners:enrol"))["Location"] == reverse("partners:verify")


def test_lockout_after_five_failures(client, enrolled):
    user, _ = enrolled
    for _ in range(5):
        password_step(client, user, "fout")
    response = password_step(client, user)  # even the right password is refused now
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessLog.objects.filter(event_type="account_geblokkeerd", user_id=user.pk).exists()


def test_deactivated_user_cannot_log_in_and_loses_session(client, login, make_user, zvh):
    user = make_user(zvh, Rol.PROCESREGISSEUR)
    login(user)
    assert client.get(reverse("home")).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(reverse("home")).status_code == 302
    response = password_step(client, user)
    assert response.status_code == 200
    assert "gedeactiveerd" in response.content.decode() or "Onjuiste" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_inactivity_timeout(client, login, make_user, zvh, settings):
    user = make_user(zvh, Rol.PROCESREGISSEUR)
    login(user)
    with time_machine.travel(time.time() + settings.SESSION_INACTIVITY_MINUTES * 60 + 5):
        response = client.get(reverse("home"))
    assert response["Location"] == reverse("partners:login")
    assert AccessLog.objects.filter(event_type="sessie_verlopen").exists()
    follow = client.get(reverse("partners:login"))
    assert "Uw sessie is verlopen" in follow.content.decode()


def test_absolute_session_limit(client, login, make_user, zvh, settings):
    user = make_user(zvh, Rol.PROCESREGISSEUR)
    login(user)
    start = time.time()
    step = (settings.SESSION_INACTIVITY_MINUTES - 1) * 60
    for i in range(1, settings.SESSION_ABSOLUTE_MINUTES * 60 // step + 3):
        with time_machine.travel(start + i * step):
            response = client.get(reverse("home"))
        if response.status_code == 302:
            break
    assert response["Location"] == reverse("partners:login")
    assert i * step > settings.SESSION_ABSOLUTE_MINUTES * 60 - step


def test_tampered_session_cookie_is_a_fresh_anonymous_session(client, login, make_user, zvh):
    user = make_user(zvh, Rol.PROCESREGISSEUR)
    login(user)
    client.cookies["sessionid"] = client.cookies["sessionid"].value[:-4] + "abcd"
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("partners:login")
    )


def test_user_without_roles_sees_clear_message(client, login, make_user):
    user = make_user(None)
    login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "U heeft nog geen rol" in response.content.decode()
    assert client.get(reverse("partners:beheer_organisaties")).status_code == 403


def test_logout_requires_post_and_is_logged(client, login, make_user, zvh):
    user = make_user(zvh, Rol.PROCESREGISSEUR)
    login(user)
    assert client.get(reverse("partners:logout")).status_code == 405
    assert client.post(reverse("partners:logout")).status_code == 302
    assert AccessLog.objects.filter(event_type="uitloggen", user_id=user.pk).exists()
    assert client.get(reverse("home")).status_code == 302


def test_open_redirect_is_ignored(client, enrolled):
    user, device = enrolled
    client.post(
        reverse("partners:login") + "?next=https://evil.example/",
        {"username": user.username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    response = client.post(reverse("partners:verify"), {"token": code_for(device)})
    assert response["Location"] == reverse("home")


def test_next_is_kept_through_second_factor(client, enrolled):
    user, device = enrolled
    client.post(
        reverse("partners:login"),
        {"username": user.username, "password": PASSWORD, "next": "/beheer/organisaties/"},
    )
    response = client.post(reverse("partners:verify"), {"token": code_for(device)})
    assert response["Location"] == "/beheer/organisaties/"
