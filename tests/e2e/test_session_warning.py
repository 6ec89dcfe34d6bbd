"""The session warning with the browser's clock under control (Playwright's clock API): it
opens one minute before the end, "Ingelogd blijven" keeps the session alive on the server, and
after an expiry the login leads back to the page. axe-core on the open dialog."""

import re
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from playwright.sync_api import expect

from partners.middleware import LAST_SEEN
from partners.models import AuthenticatorDevice, Rol
from tests.e2e.conftest import axe_check, current_code, inject_verified_session

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "juist-wachtwoord-123"


def _server_session(page, live_server):
    cookie = next(c for c in page.context.cookies(live_server.url) if c["name"] == "sessionid")
    return SessionStore(session_key=cookie["value"])


def _backdate(page, live_server, seconds):
    """Let the server believe the user's last request was `seconds` ago."""
    session = _server_session(page, live_server)
    session[LAST_SEEN] = time.time() - seconds
    session.save()


@pytest.fixture
def regisseur_page(page, live_server, make_user, zvh):
    user = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, first_name="Bart", last_name="Beheer")
    inject_verified_session(page, live_server, user)
    page.clock.install()
    page.user = user
    return page


def test_warning_one_minute_before_the_end_and_staying_logged_in(
    regisseur_page, live_server, settings
):
    page = regisseur_page
    page.goto("/beheer/organisaties/")
    limit = settings.SESSION_INACTIVITY_MINUTES * 60
    expect(page.locator("body")).to_have_attribute("data-sessie-seconden", str(limit))
    warning = page.get_by_role("alertdialog", name="Uw sessie verloopt bijna")
    expect(warning).to_be_hidden()

    page.clock.run_for((limit - 62) * 1000)
    expect(warning).to_be_hidden()
    page.clock.run_for(3 * 1000)
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Over een minuut wordt u automatisch uitgelogd")
    expect(page.locator("#sessie-titel")).to_be_focused()
    axe_check(page)

    # On the server too, the session is about to end; the button extends it.
    _backdate(page, live_server, limit - 50)
    page.get_by_role("button", name="Ingelogd blijven").click()
    expect(warning).to_be_hidden()
    assert time.time() - _server_session(page, live_server)[LAST_SEEN] < 10

    # The count starts again from the server's number: no warning until a minute before.
    page.clock.run_for((limit - 65) * 1000)
    expect(warning).to_be_hidden()
    page.clock.run_for(10 * 1000)
    expect(warning).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisaties")


def test_after_the_end_the_dialog_says_so_and_login_returns_to_the_page(
    regisseur_page, live_server, settings
):
    page = regisseur_page
    page.goto("/beheer/medewerkers/")
    limit = settings.SESSION_INACTIVITY_MINUTES * 60
    page.clock.run_for((limit + 1) * 1000)
    ended = page.get_by_role("alertdialog", name="Uw sessie is verlopen")
    expect(ended).to_be_visible()
    expect(page.locator("#sessie-titel-verlopen")).to_be_focused()
    axe_check(page)

    _backdate(page, live_server, limit + 5)
    page.get_by_role("link", name="Opnieuw inloggen").click()
    expect(page).to_have_url(re.compile(r"/inloggen/\?next=/beheer/medewerkers/$"))
    expect(page.locator(".messages")).to_contain_text("Uw sessie is verlopen")
    axe_check(page)
    page.get_by_label("Gebruikersnaam", exact=True).fill(page.user.username)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Volgende", exact=True).click()
    device = AuthenticatorDevice.objects.get(user=page.user, confirmed=True)
    page.get_by_label("Code", exact=True).fill(current_code(device))
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/beheer/medewerkers/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Medewerkers en rollen")


def test_without_the_script_nothing_shows_and_pages_work(browser, live_server, make_user, zvh):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    user = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    inject_verified_session(page, live_server, user)
    page.goto("/beheer/organisaties/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisaties")
    expect(page.locator("#sessie-waarschuwing")).to_be_hidden()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(reverse("partners:login") + "$"))
    context.close()
