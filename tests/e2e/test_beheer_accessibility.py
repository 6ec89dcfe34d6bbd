"""axe-core on every functioneel beheer screen, including forms re-rendered with errors."""

import re

import pytest
from playwright.sync_api import expect

from partners.models import Rol, RolAanvraag
from tests.e2e.conftest import axe_check, inject_verified_session
from tests.partners.factories import (
    OrganisatieFactory,
    PartnerschapFactory,
    RolToewijzingFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def beheer_page(page, live_server, make_user, zvh):
    """A page logged in (verified) as functioneel beheerder of a house with a few partners."""
    beheerder = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, first_name="Bart", last_name="Beheer")
    woningcorporatie = OrganisatieFactory(naam="Woonstichting Demostad", type="woningcorporatie")
    PartnerschapFactory(zvh=zvh, organisatie=woningcorporatie, incidenteel=True)
    collega = make_user(
        zvh, Rol.PROCESREGISSEUR, organisatie=woningcorporatie, first_name="Wim", last_name="Wonen"
    )
    inject_verified_session(page, live_server, beheerder)
    page.beheer = {"organisatie": woningcorporatie, "collega": collega}
    return page


def test_home_of_beheerder_is_accessible(beheer_page):
    beheer_page.goto("/")
    expect(beheer_page.get_by_role("navigation", name="Hoofdmenu")).to_contain_text("Organisaties")
    axe_check(beheer_page)


def test_switching_house_changes_context_and_menu(page, live_server, make_user, zvh, other_zvh):
    user = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    RolToewijzingFactory(medewerker=user, zvh=other_zvh, rol=Rol.MANAGER)
    inject_verified_session(page, live_server, user)
    page.goto("/")
    huis = page.get_by_role("group", name="Huidige context")
    first, second = sorted([zvh, other_zvh], key=lambda z: z.naam)
    expect(huis).to_contain_text(f"Huis: {first.naam}")
    axe_check(page)

    page.get_by_label("Wissel van huis").select_option(label=second.naam)
    page.get_by_role("button", name="Wissel", exact=True).click()
    expect(huis).to_contain_text(f"Huis: {second.naam}")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    if second == zvh:
        expect(menu).to_contain_text("Organisaties")
        expect(huis).to_contain_text("Rol: Functioneel beheerder")
    else:
        expect(huis).to_contain_text("Rol: Manager")
        expect(page.get_by_role("link", name="Organisaties")).to_have_count(0)
    axe_check(page)


def test_organisaties_list_and_detail_are_accessible(beheer_page):
    org = beheer_page.beheer["organisatie"]
    beheer_page.goto("/beheer/organisaties/")
    expect(beheer_page.get_by_role("link", name=org.naam)).to_be_visible()
    axe_check(beheer_page)

    beheer_page.get_by_role("link", name=org.naam).click()
    expect(beheer_page).to_have_url(re.compile(rf"/beheer/organisaties/{org.pk}/$"))
    expect(beheer_page.get_by_role("heading", level=1)).to_have_text(org.naam)
    axe_check(beheer_page)


def test_organisatie_forms_with_errors_are_accessible(beheer_page):
    org = beheer_page.beheer["organisatie"]
    beheer_page.goto("/beheer/organisaties/")
    beheer_page.get_by_role("button", name="Toevoegen").click()
    expect(beheer_page.locator(".field-error").first).to_be_visible()
    axe_check(beheer_page)

    beheer_page.goto(f"/beheer/organisaties/{org.pk}/")
    beheer_page.get_by_label("Naam", exact=True).fill("")
    beheer_page.get_by_role("button", name="Opslaan").click()
    expect(beheer_page.locator(".field-error").first).to_be_visible()
    axe_check(beheer_page)


def test_medewerkers_list_detail_and_start_password_are_accessible(beheer_page):
    collega = beheer_page.beheer["collega"]
    beheer_page.goto("/beheer/medewerkers/")
    expect(beheer_page.get_by_role("link", name="Wim Wonen")).to_be_visible()
    axe_check(beheer_page)

    beheer_page.get_by_role("link", name="Wim Wonen").click()
    expect(beheer_page).to_have_url(re.compile(rf"/beheer/medewerkers/{collega.pk}/$"))
    axe_check(beheer_page)

    beheer_page.get_by_role("button", name="Nieuw startwachtwoord").click()
    expect(beheer_page.get_by_role("heading", level=1)).to_have_text("Startwachtwoord")
    axe_check(beheer_page)


def test_medewerker_forms_with_errors_are_accessible(beheer_page):
    collega = beheer_page.beheer["collega"]
    beheer_page.goto("/beheer/medewerkers/")
    beheer_page.get_by_role("button", name="Toevoegen").click()
    expect(beheer_page.locator(".field-error").first).to_be_visible()
    axe_check(beheer_page)

    beheer_page.goto(f"/beheer/medewerkers/{collega.pk}/")
    beheer_page.get_by_label("E-mailadres", exact=True).fill("geen-adres")
    beheer_page.get_by_role("button", name="Opslaan").click()
    expect(beheer_page.locator(".field-error").first).to_be_visible()
    axe_check(beheer_page)


def test_new_medewerker_start_password_page_is_accessible(beheer_page):
    org = beheer_page.beheer["organisatie"]
    beheer_page.goto("/beheer/medewerkers/")
    form = beheer_page.locator("form[aria-labelledby=nieuw]")
    form.get_by_label("Gebruikersnaam", exact=True).fill("nieuwe.collega")
    form.get_by_label("Voornaam", exact=True).fill("Nina")
    form.get_by_label("Achternaam", exact=True).fill("Nieuw")
    form.get_by_label("E-mailadres", exact=True).fill("nina@example.invalid")
    form.get_by_label("Organisatie", exact=True).select_option(label=org.naam)
    form.get_by_role("button", name="Toevoegen").click()
    expect(beheer_page.get_by_role("heading", level=1)).to_have_text("Startwachtwoord")
    expect(beheer_page.locator(".secret-box code")).to_have_text(re.compile(r"^\S{23}$"))
    axe_check(beheer_page)


def test_field_with_several_errors_is_accessible(beheer_page):
    """Two errors on one field stay one described-by target (no duplicate ids)."""
    beheer_page.goto("/beheer/medewerkers/")
    form = beheer_page.locator("form[aria-labelledby=nieuw]")
    username = form.get_by_label("Gebruikersnaam", exact=True)
    username.evaluate("input => input.removeAttribute('maxlength')")
    username.fill("!" * 151)  # too long and with a character that is not allowed
    form.get_by_role("button", name="Toevoegen").click()
    errors = beheer_page.locator("#id_username_error")
    expect(errors).to_contain_text("Alleen letters")
    expect(errors).to_contain_text("150")
    axe_check(beheer_page)


def test_role_request_confirmation_page_is_accessible(beheer_page, make_user, zvh):
    """Four-eyes: a request by another beheerder, refused without a reason (error message),
    then confirmed; axe-core on each state."""
    eigen = PartnerschapFactory(zvh=zvh, organisatie__type="zvh").organisatie
    aanvrager = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, organisatie=eigen)
    nieuw = make_user(zvh, organisatie=eigen, first_name="Olga", last_name="Officer")
    RolAanvraag.objects.create(
        medewerker=nieuw, zvh=zvh, rol=Rol.PRIVACY_OFFICER, aangevraagd_door=aanvrager
    )
    beheer_page.goto("/")
    beheer_page.get_by_role("link", name="Rolaanvragen").first.click()
    expect(beheer_page.get_by_role("heading", level=2)).to_contain_text("Olga Officer")
    axe_check(beheer_page)

    beheer_page.get_by_role("button", name="Niet bevestigen").click()
    expect(beheer_page.locator(".message.error")).to_contain_text("Geef aan waarom")
    axe_check(beheer_page)

    beheer_page.get_by_role("button", name="Rol Privacy officer bevestigen").click()
    expect(beheer_page.locator(".message.success")).to_contain_text("bevestigd")
    expect(beheer_page.get_by_text("Er wachten geen rolaanvragen")).to_be_visible()
    axe_check(beheer_page)


def test_read_only_account_of_two_houses_is_accessible(beheer_page, make_user, zvh, other_zvh):
    politie = OrganisatieFactory(naam="Politie Gedeeld")
    PartnerschapFactory(zvh=zvh, organisatie=politie)
    PartnerschapFactory(zvh=other_zvh, organisatie=politie)
    gedeeld = make_user(zvh, Rol.KETENPARTNER, organisatie=politie)
    RolToewijzingFactory(medewerker=gedeeld, zvh=other_zvh, rol=Rol.KETENPARTNER)
    beheer_page.goto(f"/beheer/medewerkers/{gedeeld.pk}/")
    expect(beheer_page.get_by_role("heading", name="Alleen inzien")).to_be_visible()
    expect(beheer_page.get_by_role("note")).to_contain_text(other_zvh.naam)
    expect(beheer_page.get_by_role("button", name="Nieuw startwachtwoord")).to_have_count(0)
    axe_check(beheer_page)


def test_ending_a_partnership_is_accessible_and_its_users_see_why(
    beheer_page, page_as, make_user, zvh
):
    org = beheer_page.beheer["organisatie"]
    partner = make_user(zvh, Rol.KETENPARTNER, organisatie=org)
    beheer_page.goto(f"/beheer/organisaties/{org.pk}/")
    beheer_page.get_by_role("link", name="Partnerschap beëindigen").click()
    expect(beheer_page.get_by_role("heading", level=1)).to_contain_text("beëindigen")
    axe_check(beheer_page)
    beheer_page.get_by_label("Partnerschap beëindigd per").fill("2999-01-01")
    beheer_page.get_by_role("button", name="Partnerschap beëindigen").click()
    expect(beheer_page.get_by_text("De einddatum kan niet in de toekomst liggen.")).to_be_visible()
    axe_check(beheer_page)
    beheer_page.get_by_label("Partnerschap beëindigd per").fill("2020-01-01")
    beheer_page.get_by_role("button", name="Partnerschap beëindigen").click()
    expect(beheer_page.get_by_text("is beëindigd per 1 januari 2020")).to_be_visible()
    axe_check(beheer_page)

    other = page_as(partner)
    other.goto("/")
    message = "Uw organisatie neemt niet (meer) deel aan dit zorg- en veiligheidshuis."
    expect(other.get_by_text(message)).to_be_visible()
    axe_check(other)
