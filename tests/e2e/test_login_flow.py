"""Login with a real TOTP code and first-login enrolment, in Chromium, with axe on every screen."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from partners.credentials import zet_startwachtwoord
from partners.devices import backup_code_digest
from partners.models import AuthenticatorDevice, BackupCode, Rol
from tests.e2e.conftest import (
    axe_check,
    current_code,
    inject_verified_session,
    login_through_ui,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "juist-wachtwoord-123"


def test_login_with_password_and_totp_lands_on_home_with_context(page, make_user, zvh):
    user = make_user(zvh, Rol.PROCESREGISSEUR, first_name="Petra", last_name="Regisseur")
    AuthenticatorDevice.objects.create(user=user, name="app", confirmed=True)

    login_through_ui(page, user, PASSWORD, check=axe_check)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Petra Regisseur")
    context = page.locator(".context")
    expect(context).to_contain_text(f"Huis: {zvh.naam}")
    expect(context).to_contain_text("Medewerker: Petra Regisseur")
    expect(context).to_contain_text(f"Organisatie: {user.organisatie.naam}")
    expect(context).to_contain_text("Rol: Procesregisseur")
    axe_check(page)


def test_wrong_totp_code_keeps_user_on_verification_with_accessible_error(page, make_user, zvh):
    user = make_user(zvh, Rol.PROCESREGISSEUR)
    device = AuthenticatorDevice.objects.create(user=user, name="app", confirmed=True)
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam", exact=True).fill(user.username)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Volgende", exact=True).click()
    valid = {current_code(device, drift=d) for d in (-1, 0, 1)}  # django-otp's tolerance
    wrong = next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)
    page.get_by_label("Code", exact=True).fill(wrong)
    page.get_by_role("button", name="Inloggen", exact=True).click()

    expect(page).to_have_url(re.compile(r"/inloggen/verificatie/$"))
    expect(page.locator(".field-error")).to_contain_text("onjuist, verlopen of al gebruikt")
    axe_check(page)


def test_wrong_password_error_page_is_accessible(page, make_user, zvh):
    user = make_user(zvh, Rol.PROCESREGISSEUR)
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam", exact=True).fill(user.username)
    page.get_by_label("Wachtwoord", exact=True).fill("fout-wachtwoord")
    page.get_by_role("button", name="Volgende", exact=True).click()

    expect(page.locator(".error-summary")).to_contain_text("Onjuiste gebruikersnaam")
    axe_check(page)


def test_first_login_enrols_with_manual_secret_and_shows_ten_backup_codes(page, make_user, zvh):
    user = make_user(zvh, Rol.KETENPARTNER)
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam", exact=True).fill(user.username)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Volgende", exact=True).click()

    expect(page).to_have_url(re.compile(r"/inloggen/koppelen/$"))
    expect(page.locator(".qr svg")).to_be_visible()
    axe_check(page)
    secret = page.locator("code.secret").inner_text().strip()
    code = f"{totp(base64.b32decode(secret)):06d}"
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_role("button", name="Koppelen", exact=True).click()

    expect(page).to_have_url(re.compile(r"/inloggen/back-upcodes/$"))
    codes = page.locator("ul.codes li code").all_inner_texts()
    assert len(codes) == 10
    stored = set(BackupCode.objects.filter(device__user=user).values_list("digest", flat=True))
    assert {backup_code_digest(user.pk, c) for c in codes} == stored
    axe_check(page)
    page.get_by_role("link", name="Ik heb de codes bewaard").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".context")).to_contain_text("Rol: Ketenpartner")


def test_first_login_with_start_password_forces_a_new_password_then_enrolment(page, make_user, zvh):
    user = make_user(zvh, Rol.PROCESREGISSEUR, first_name="Sanne", last_name="Start")
    start = zet_startwachtwoord(user)
    user.save()
    page.goto("/inloggen/")
    axe_check(page)
    page.get_by_label("Gebruikersnaam", exact=True).fill(user.username)
    page.get_by_label("Wachtwoord", exact=True).fill(start)
    page.get_by_role("button", name="Volgende", exact=True).click()

    expect(page).to_have_url(re.compile(r"/inloggen/nieuw-wachtwoord/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kies uw eigen wachtwoord")
    axe_check(page)
    # A password that breaks a rule is refused with the reason, in Dutch.
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("kort-1")
    page.get_by_label("Herhaal het nieuwe wachtwoord", exact=True).fill("kort-1")
    page.get_by_role("button", name="Wachtwoord opslaan", exact=True).click()
    expect(page.locator(".field-error")).to_contain_text("minstens 12 tekens")
    axe_check(page)
    # Nothing else opens before the new password is set.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/inloggen/nieuw-wachtwoord/$"))
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("paarse-olifant-fietst-graag")
    page.get_by_label("Herhaal het nieuwe wachtwoord", exact=True).fill(
        "paarse-olifant-fietst-graag"
    )
    page.get_by_role("button", name="Wachtwoord opslaan", exact=True).click()

    expect(page).to_have_url(re.compile(r"/inloggen/koppelen/$"))
    expect(page.get_by_role("status")).to_contain_text("Uw nieuwe wachtwoord is opgeslagen.")
    axe_check(page)
    secret = page.locator("code.secret").inner_text().strip()
    page.get_by_label("Code", exact=True).fill(f"{totp(base64.b32decode(secret)):06d}")
    page.get_by_role("button", name="Koppelen", exact=True).click()

    expect(page).to_have_url(re.compile(r"/inloggen/back-upcodes/$"))
    axe_check(page)
    page.get_by_role("link", name="Ik heb de codes bewaard").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Sanne Start")
    axe_check(page)
    user.refresh_from_db()
    assert not user.wachtwoord_moet_wijzigen and user.check_password("paarse-olifant-fietst-graag")


def test_password_change_page_is_accessible_and_explains_refusals(page, make_user, zvh):
    user = make_user(zvh, Rol.PROCESREGISSEUR)
    AuthenticatorDevice.objects.create(user=user, name="app", confirmed=True)
    login_through_ui(page, user, PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    page.get_by_role("link", name="Wachtwoord wijzigen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/account/wachtwoord/$"))
    axe_check(page)
    page.get_by_label("Huidig wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Code uit uw authenticator-app", exact=True).fill("12345")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("123456789012345")
    page.get_by_label("Herhaal het nieuwe wachtwoord", exact=True).fill("123456789012345")
    page.get_by_role("button", name="Wachtwoord wijzigen", exact=True).click()
    expect(page.locator(".field-error").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Een code bestaat uit 6 cijfers.")
    expect(page.locator("main")).to_contain_text("Dit wachtwoord bevat alleen cijfers.")
    axe_check(page)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


FOCUSABLE = (
    "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])"
)


def test_skip_link_is_first_focusable_and_moves_focus_to_main(page, live_server, make_user, zvh):
    user = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    inject_verified_session(page, live_server, user)
    page.goto("/")
    first = page.evaluate(f"document.querySelector({FOCUSABLE!r}).className")
    assert first == "skip-link"

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "skip link not visible on focus"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    # The next Tab continues inside the main content, with a visible focus indicator.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert outline[0] != "none" and outline[1] >= 2, outline


def test_skip_link_comes_first_on_login_page_too(page):
    page.goto("/inloggen/")
    first = page.evaluate(f"document.querySelector({FOCUSABLE!r}).className")
    assert first == "skip-link"


def test_axe_check_reports_a_violation(page):
    """The helper can fail: an input stripped of its label is reported by axe."""
    page.goto("/inloggen/")
    page.evaluate("document.querySelector('label[for=id_username]').remove()")
    with pytest.raises(AssertionError, match="label"):
        axe_check(page)


def test_logout_ends_the_session(page, live_server, make_user, zvh):
    user = make_user(zvh, Rol.MANAGER)
    inject_verified_session(page, live_server, user)
    page.goto("/")
    page.get_by_role("button", name="Uitloggen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/inloggen/$"))
    expect(page.get_by_role("status")).to_contain_text("U bent uitgelogd.")
    axe_check(page)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/inloggen/\?next=/$"))
