"""axe-core on the review workspace pages, in Chromium against a live server."""

import os
import time

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

from django.conf import settings

from audit import events, record
from partners.models import Rol
from privacy.crypto import blind_index
from tests.partners.factories import (
    MedewerkerFactory,
    PartnerschapFactory,
    RolToewijzingFactory,
    ZvhFactory,
)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
BSN = "111222333"


def verified_session_cookie(user):
    """A session as after password + second factor, stored in the database."""
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from partners.middleware import LAST_SEEN, LOGIN_TIME

    device = TOTPDevice.objects.create(user=user, name="e2e", confirmed=True)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[LOGIN_TIME] = session[LAST_SEEN] = time.time()
    session.create()
    return session.session_key


def assert_accessible(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_review_workspace_pages_pass_axe(live_server):
    from playwright.sync_api import sync_playwright

    zvh = ZvhFactory()
    officer = MedewerkerFactory(first_name="Pia", last_name="Privacy")
    PartnerschapFactory(zvh=zvh, organisatie=officer.organisatie)
    RolToewijzingFactory(medewerker=officer, zvh=zvh, rol=Rol.PRIVACY_OFFICER)
    colleague = MedewerkerFactory(organisatie=officer.organisatie)
    for _ in range(3):
        record(
            event=events.MEDEWERKER_BEKEKEN,
            zvh=zvh,
            actor=colleague,
            persoon_pseudoniem=blind_index(BSN),
            doel="triage",
        )
    record(event=events.TOEGANG_GEWEIGERD, zvh=zvh, actor=colleague, outcome="denied")
    session_key = verified_session_cookie(officer)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        try:
            context = browser.new_context(locale="nl-NL")
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": session_key,
                        "url": live_server.url,
                    }
                ]
            )
            page = context.new_page()

            page.goto(f"{live_server.url}/")
            page.get_by_role("link", name="Auditlog").first.click()
            page.wait_for_load_state()
            assert page.get_by_role("heading", name="Auditlog", level=1).is_visible()
            assert_accessible(page)

            # A person search: the results, then the detail of one row.
            page.get_by_label("BSN van de persoon").fill(BSN)
            page.get_by_label("Doel van deze zoekvraag").fill("inzageverzoek 2026-014")
            page.get_by_role("button", name="Zoeken", exact=True).click()
            page.wait_for_load_state()
            assert page.get_by_text("Gefilterd op één persoon").is_visible()
            assert BSN not in page.content()
            assert_accessible(page)
            page.get_by_role("link", name="Regel").first.click()
            page.wait_for_load_state()
            assert_accessible(page)

            # A malformed search: the form with its errors.
            page.goto(f"{live_server.url}/audit/")
            page.get_by_label("BSN van de persoon").fill("123456789")
            page.get_by_role("button", name="Zoeken", exact=True).click()
            page.wait_for_load_state()
            assert page.get_by_text("Dit BSN voldoet niet aan de elfproef.").is_visible()
            assert_accessible(page)

            page.get_by_role("link", name="Wie heeft deze persoon ingezien").click()
            page.wait_for_load_state()
            assert_accessible(page)
            page.get_by_label("BSN van de persoon").fill(BSN)
            page.get_by_label("Doel").fill("inzageverzoek 2026-014")
            page.get_by_role("button", name="Overzicht tonen").click()
            page.wait_for_load_state()
            assert page.get_by_role("cell", name="triage").first.is_visible()
            assert_accessible(page)

            page.get_by_role("link", name="Signalen").click()
            page.wait_for_load_state()
            assert page.get_by_role("heading", name="Geweigerde pogingen").is_visible()
            assert_accessible(page)
        finally:
            browser.close()
