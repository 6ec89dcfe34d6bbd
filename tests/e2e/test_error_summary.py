"""Every form submitted with errors: focus lands on the error summary at the top, and each link
in it moves focus to an existing field (the NL Design System / GOV.UK pattern), with axe-core."""

import pytest
from playwright.sync_api import expect

from partners.models import Rol
from tests.aanmelding.factories import AanmeldingFactory
from tests.e2e.conftest import axe_check

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACTIVE_IS_SUMMARY = "document.activeElement.classList.contains('error-summary')"


def fill_past_maxlength(page, selector, text):
    """Type more than the field's maxlength, as a client that ignores the attribute can: the
    server must refuse it."""
    page.locator(selector).evaluate("e => e.removeAttribute('maxlength')")
    page.locator(selector).fill(text)


def assert_summary_leads_to_each_field(page, expected_targets):
    """Focus is on the summary; its links are exactly `expected_targets`, in that order, each
    to an element that exists, and clicking one moves focus to that element."""
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    expect(summary).to_have_count(1)
    expect(summary.get_by_role("heading")).to_have_text("Er is een probleem met wat u invulde")
    assert page.evaluate(ACTIVE_IS_SUMMARY), page.evaluate("document.activeElement.outerHTML")
    axe_check(page)
    links = summary.locator("a")
    targets = [href.removeprefix("#") for href in links.evaluate_all("l => l.map(a => a.hash)")]
    assert targets == expected_targets
    for index, target in enumerate(targets):
        assert page.locator(f"#{target}").count() == 1, target
        links.nth(index).click()
        assert page.evaluate("document.activeElement.id") == target
        field = page.locator(f"#{target}")
        expect(field).to_be_in_viewport()
        described = field.get_attribute("aria-describedby") or ""
        in_fieldset = field.evaluate("f => f.closest('fieldset.has-error') !== null")
        assert f"{target}_error" in described or in_fieldset, target


def test_login(page):
    page.goto("/inloggen/")
    page.get_by_role("button", name="Volgende", exact=True).click()
    assert_summary_leads_to_each_field(page, ["id_username", "id_password"])


def test_referral_form_and_person(page_as, zvh, make_user):
    aanmelder = make_user(zvh, Rol.KETENPARTNER)
    page = page_as(aanmelder)
    page.goto("/aanmeldingen/nieuw/")
    fill_past_maxlength(page, "#id_reden", "x" * 10_001)
    page.get_by_role("button", name="Concept opslaan").click()
    assert_summary_leads_to_each_field(page, ["id_reden"])
    expect(page.locator(".error-summary")).to_contain_text(
        "Gebruik maximaal 10000 tekens (u gebruikte 10001)."
    )

    aanmelding = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, personen=0)
    page.goto(f"/aanmeldingen/{aanmelding.pk}/")
    fill_past_maxlength(page, "#id_voornamen", "x" * 300)
    page.get_by_role("button", name="Persoon toevoegen").click()
    assert_summary_leads_to_each_field(page, ["id_voornamen"])
    expect(page.locator(".error-summary")).not_to_contain_text("ten minste een voornaam")


def test_triage_decision(page_as, zvh, make_user):
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    page = page_as(regisseur)
    page.goto(f"/triage/{aanmelding.pk}/")
    fill_past_maxlength(page, "#id_oordeel_a_motivatie", "x" * 4_001)
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.wait_for_load_state()
    targets = page.locator(".error-summary a").evaluate_all("l => l.map(a => a.hash.slice(1))")
    assert "id_oordeel_a_motivatie" in targets and "id_besluit_0" in targets
    assert_summary_leads_to_each_field(page, targets)


def test_beheer_medewerker_form(page_as, zvh, make_user):
    beheerder = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    collega = make_user(zvh, Rol.PROCESREGISSEUR, organisatie=beheerder.organisatie)
    page = page_as(beheerder)
    page.goto(f"/beheer/medewerkers/{collega.pk}/")
    page.locator("#id_first_name").fill("")
    page.locator("#id_email").fill("geen-adres")
    page.get_by_role("button", name="Opslaan").first.click()
    assert_summary_leads_to_each_field(page, ["id_first_name", "id_email"])

    page.goto("/beheer/medewerkers/")
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_load_state()
    targets = page.locator(".error-summary a").evaluate_all("l => l.map(a => a.hash.slice(1))")
    assert targets[0] == "id_username"
    assert_summary_leads_to_each_field(page, targets)


def test_organisatie_form(page_as, zvh, make_user):
    page = page_as(make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER))
    page.goto("/beheer/organisaties/")
    page.locator("#id_convenant_getekend_op").fill("2026-01-01")
    page.get_by_role("button", name="Toevoegen").click()
    assert_summary_leads_to_each_field(page, ["id_naam"])


def test_audit_search(page_as, zvh, make_user):
    page = page_as(make_user(zvh, Rol.PRIVACY_OFFICER))
    page.goto("/audit/")
    page.get_by_label("BSN van de persoon").fill("111222333")
    page.get_by_label("Casusnummer").fill("geen nummer")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    assert_summary_leads_to_each_field(page, ["id_doel", "id_casus"])


def test_password_change(page_as, zvh, make_user):
    page = page_as(make_user(zvh, Rol.KETENPARTNER))
    page.goto("/account/wachtwoord/")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("kort")
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    page.wait_for_load_state()
    targets = page.locator(".error-summary a").evaluate_all("l => l.map(a => a.hash.slice(1))")
    assert targets[:2] == ["id_huidig_wachtwoord", "id_token"]
    assert_summary_leads_to_each_field(page, targets)


def test_verification_code_despite_autofocus(page, zvh, make_user):
    from partners.models import AuthenticatorDevice

    user = make_user(zvh, Rol.KETENPARTNER)
    AuthenticatorDevice.objects.create(user=user, name="app", confirmed=True)
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam", exact=True).fill(user.username)
    page.get_by_label("Wachtwoord", exact=True).fill("juist-wachtwoord-123")
    page.get_by_role("button", name="Volgende", exact=True).click()
    page.wait_for_url("**/inloggen/verificatie/")
    page.get_by_label("Code", exact=True).fill("12")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    assert_summary_leads_to_each_field(page, ["id_token"])
