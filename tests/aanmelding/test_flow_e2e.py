"""The referral → triage → accept flow in Chromium, with axe-core on every page visited.

Self-contained (own browser and session helpers) so it does not depend on tests/e2e.
"""

import os
import time

import pytest
from django.conf import settings

from aanmelding.models import Aanmelding, Status
from casus.models import Casus, Thema
from partners.models import Rol
from tests.aanmelding.factories import AfwijsredenFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _session_cookie(user, base_url):
    """A session of `user` with a verified second factor, as after the full login."""
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from partners.middleware import LAST_SEEN, LOGIN_TIME

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="e2e", confirmed=True)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[LOGIN_TIME] = session[LAST_SEEN] = time.time()
    session.create()
    return {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base_url}


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


def _page_as(browser, user, base_url):
    # bypass_csp: axe-core is injected as a script; the app's own CSP stays strict.
    context = browser.new_context(bypass_csp=True, base_url=base_url)
    context.add_cookies([_session_cookie(user, base_url)])
    return context.new_page()


def _axe(page):
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    assert result.violations_count == 0, f"{page.url}\n{result.generate_report()}"


def _goto(page, path):
    response = page.goto(path)
    assert response.status < 400, (path, response.status)
    _axe(page)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_referral_triage_accept_flow(zvh, make_user, live_server, browser):
    aanmelder = make_user(zvh, Rol.KETENPARTNER, first_name="Karim", last_name="Wijkagent")
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR, first_name="Petra", last_name="Regisseur")
    backup = make_user(
        zvh, Rol.PROCESREGISSEUR, organisatie=regisseur.organisatie, first_name="Paul"
    )
    thema = Thema.objects.create(zvh=zvh, code="hg", naam="Huiselijk geweld")
    AfwijsredenFactory(zvh=zvh, omschrijving="Lokaal oppakken")

    # The referrer fills in the form, adds a person and submits.
    page = _page_as(browser, aanmelder, live_server.url)
    _goto(page, "/")
    page.get_by_role("link", name="Aanmelden").first.click()
    page.wait_for_url("**/aanmeldingen/nieuw/")
    _axe(page)
    page.fill("#id_reden", "Escalerende overlast en zorgen om de kinderen.")
    page.fill("#id_leefgebied_huisvesting", "Dreigende huisuitzetting.")
    page.fill("#id_leefgebied_justitie", "Aangiftes van bedreiging.")
    for letter in "abcd":
        page.check(f"#id_wgs_{letter}_0")
        page.fill(f"#id_wgs_{letter}_motivatie", f"Onderbouwing criterium {letter}.")
    page.check("#id_spoed")
    page.fill("#id_spoed_reden", "Acute dreiging.")
    page.check("#id_persoon_geinformeerd_1")
    page.fill("#id_niet_geinformeerd_reden", "Informeren verhoogt het risico.")
    page.fill("#id_melder_telefoon", "0612345678")
    page.get_by_role("button", name="Concept opslaan").click()
    page.wait_for_url("**/aanmeldingen/*/")
    _axe(page)
    # Bad input first: a clear Dutch error, linked to its field, and still no axe violations.
    page.fill("#id_bsn", "111222334")
    page.fill("#id_achternaam", "de Boer")
    page.get_by_role("button", name="Persoon toevoegen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Dit BSN voldoet niet aan de elfproef.").is_visible()
    assert page.get_attribute("#id_bsn", "aria-invalid") == "true"
    assert "id_bsn_error" in page.get_attribute("#id_bsn", "aria-describedby")
    _axe(page)
    page.fill("#id_bsn", "111222333")
    page.fill("#id_voornamen", "Sanne")
    page.fill("#id_achternaam", "de Boer")
    page.fill("#id_geboortedatum", "1990-04-01")
    page.get_by_role("button", name="Persoon toevoegen").click()
    page.wait_for_load_state()
    assert page.get_by_text("De persoon is toegevoegd.").is_visible()
    _axe(page)
    page.get_by_role("button", name="Aanmelding indienen").click()
    page.wait_for_load_state()
    assert page.get_by_text("De aanmelding is ingediend.").is_visible()
    _axe(page)
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.status == Status.INGEDIEND
    _goto(page, "/aanmeldingen/")
    assert page.get_by_text("Sanne de Boer").is_visible()

    # The procesregisseur triages and accepts.
    page = _page_as(browser, regisseur, live_server.url)
    _goto(page, "/triage/")
    page.get_by_role("link", name="Sanne de Boer").click()
    page.wait_for_url(f"**/triage/{aanmelding.pk}/")
    _axe(page)
    for letter in "abcd":
        page.check(f"#id_oordeel_{letter}_0")
        page.fill(f"#id_oordeel_{letter}_motivatie", f"Voldaan: criterium {letter}.")
    page.check("#id_besluit_0")
    page.check("#id_themas_0")
    page.check("#id_ave_niveau_2")
    page.select_option("#id_procesregisseur", str(regisseur.pk))
    page.select_option("#id_backup_procesregisseur", str(backup.pk))
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.wait_for_url("**/triage/")
    assert page.get_by_text("Het triagebesluit is vastgelegd.").is_visible()
    _axe(page)

    casus = Casus.objects.get()
    assert list(casus.themas.all()) == [thema]
    _goto(page, f"/casussen/{casus.pk}/")

    # The referrer sees the outcome and can open the casus as deelnemer.
    page = _page_as(browser, aanmelder, live_server.url)
    _goto(page, f"/aanmeldingen/{aanmelding.pk}/")
    assert page.get_by_text("Uitkomst: geaccepteerd").is_visible()
    page.get_by_role("link", name="Naar de casus").click()
    page.wait_for_url(f"**/casussen/{casus.pk}/")
    _axe(page)
