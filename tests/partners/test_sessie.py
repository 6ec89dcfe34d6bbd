"""Session limits seen by the user: the seconds left on every page (for the warning), the
"Ingelogd blijven" endpoint, and the way back to the page after an expiry."""

import re
import time

import pytest
import time_machine
from django.test import Client, RequestFactory
from django.urls import reverse

from audit.models import AccessLog
from partners.middleware import LAST_SEEN, LOGIN_TIME, _terug_na_inloggen
from partners.models import AuthenticatorDevice, Rol
from tests.conftest import verify_session
from tests.partners.test_login import PASSWORD, code_for, password_step

pytestmark = pytest.mark.django_db

VERLENGEN = "partners:sessie_verlengen"


@pytest.fixture
def regisseur(make_user, zvh):
    return make_user(zvh, Rol.PROCESREGISSEUR)


def _seconden(response):
    match = re.search(r'<body data-sessie-seconden="(\d+)"', response.content.decode())
    return int(match.group(1)) if match else None


def test_every_page_of_a_verified_session_carries_the_seconds_left(client, login, regisseur):
    login(regisseur)
    response = client.get(reverse("home"))
    assert _seconden(response) == 15 * 60
    assert 'id="sessie-waarschuwing"' in response.content.decode()


def test_the_absolute_limit_shortens_the_seconds_left(client, login, regisseur, settings):
    login(regisseur)
    session = client.session
    session[LOGIN_TIME] = time.time() - (settings.SESSION_ABSOLUTE_MINUTES - 5) * 60
    session.save()
    assert 5 * 60 - 5 <= _seconden(client.get(reverse("home"))) <= 5 * 60


def test_no_warning_without_a_verified_session(client, regisseur):
    response = client.get(reverse("partners:login"))
    assert _seconden(response) is None
    assert 'id="sessie-waarschuwing"' not in response.content.decode()
    password_step(client, regisseur)  # password only, second factor still to come
    assert _seconden(client.get(reverse("partners:verify"))) is None


def test_staying_logged_in_extends_the_session_and_answers_the_seconds_left(
    client, login, regisseur, settings
):
    login(regisseur)
    later = time.time() + (settings.SESSION_INACTIVITY_MINUTES - 1) * 60
    with time_machine.travel(later):
        response = client.post(reverse(VERLENGEN), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {"seconden": settings.SESSION_INACTIVITY_MINUTES * 60}
    assert client.session[LAST_SEEN] == pytest.approx(later, abs=2)
    # Without the extension this request would have ended the session.
    with time_machine.travel(later + (settings.SESSION_INACTIVITY_MINUTES - 1) * 60):
        assert client.get(reverse("home")).status_code == 200


def test_staying_logged_in_writes_no_audit_row(client, login, regisseur):
    """Decision: the keep-alive reads and changes no data (only the session's timestamp, as
    any page request does), so it is not an audited event; login and expiry are."""
    login(regisseur)
    before = AccessLog.objects.count()
    client.post(reverse(VERLENGEN), HTTP_ACCEPT="application/json")
    assert AccessLog.objects.count() == before


def test_staying_logged_in_without_javascript_returns_to_the_page(client, login, regisseur):
    login(regisseur)
    response = client.post(reverse(VERLENGEN), {"next": "/beheer/organisaties/"})
    assert response.status_code == 302 and response["Location"] == "/beheer/organisaties/"
    response = client.post(reverse(VERLENGEN), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_staying_logged_in_needs_post_and_the_csrf_token(regisseur):
    client = verify_session(Client(enforce_csrf_checks=True), regisseur)
    assert client.get(reverse(VERLENGEN)).status_code == 405
    assert client.post(reverse(VERLENGEN), HTTP_ACCEPT="application/json").status_code == 403


def test_staying_logged_in_needs_a_verified_session(client, regisseur):
    response = client.post(reverse(VERLENGEN), HTTP_ACCEPT="application/json")
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("partners:login")
    )
    password_step(client, regisseur)
    response = client.post(reverse(VERLENGEN), HTTP_ACCEPT="application/json")
    assert response.status_code == 302 and response["Location"] == reverse("partners:verify")


def test_an_expired_session_is_not_extended(client, login, regisseur, settings):
    login(regisseur)
    with time_machine.travel(time.time() + settings.SESSION_INACTIVITY_MINUTES * 60 + 5):
        response = client.post(reverse(VERLENGEN), HTTP_ACCEPT="application/json")
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:login")
    assert AccessLog.objects.filter(event_type="sessie_verlopen").exists()
    assert "_auth_user_id" not in client.session


def test_after_expiry_on_a_page_login_returns_to_that_page(client, zvh, make_user, settings):
    user = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    device = AuthenticatorDevice.objects.create(user=user, name="app", confirmed=True)
    password_step(client, user)
    client.post(reverse("partners:verify"), {"token": code_for(device)})
    page = "/beheer/medewerkers/?na=volgende"
    with time_machine.travel(time.time() + settings.SESSION_INACTIVITY_MINUTES * 60 + 5):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"] == (
            reverse("partners:login") + "?next=/beheer/medewerkers/%3Fna%3Dvolgende"
        )
        login_page = client.get(response["Location"])
        assert "Uw sessie is verlopen" in login_page.content.decode()
        assert 'name="next" value="/beheer/medewerkers/?na=volgende"' in login_page.content.decode()
        client.post(
            response["Location"],
            {"username": user.username, "password": PASSWORD, "next": page},
        )
        # A fresh code: the one above was used already.
        device.refresh_from_db()
        with time_machine.travel(time.time() + 31):
            response = client.post(reverse("partners:verify"), {"token": code_for(device)})
    assert response["Location"] == page


def test_after_expiry_of_a_post_login_starts_afresh(client, login, regisseur, settings):
    login(regisseur)
    with time_machine.travel(time.time() + settings.SESSION_INACTIVITY_MINUTES * 60 + 5):
        response = client.post(reverse("partners:beheer_organisaties"), {"naam": "X"})
    assert response["Location"] == reverse("partners:login")


@pytest.mark.parametrize(
    ("path", "method", "headers", "expected"),
    [
        ("/casus/1/", "get", {}, "/casus/1/"),
        ("/", "get", {}, None),  # the start page: where login lands anyway
        ("//evil.example/x", "get", {}, None),  # protocol-relative: another site
        ("/casus/1/", "post", {}, None),
        ("/casus/1/fragment/", "get", {"HTTP_HX_REQUEST": "true"}, None),
    ],
)
def test_the_way_back_is_only_a_local_page(path, method, headers, expected):
    request = getattr(RequestFactory(), method)("/placeholder/", **headers)
    request.path = path
    assert _terug_na_inloggen(request) == expected
