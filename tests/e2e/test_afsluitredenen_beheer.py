"""The functioneel beheerder keeps the house's reasons of afsluiting in Chromium: add one (a
missing name first), move it up, rename and switch it off; the procesregisseur reopens a
closed casus (a missing reason first). axe-core on every page visited, forms with errors
included."""

import pytest
from playwright.sync_api import expect

from casus.models import AfsluitReden, CasusStatus, Heropening
from partners.models import Rol
from tests.casus.factories import CasusFactory, PersoonFactory, afsluitredenen_huis
from tests.e2e.conftest import axe_check

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_beheerder_keeps_the_list_of_reasons(zvh, make_user, page_as):
    afsluitredenen_huis(zvh)
    page = page_as(make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, first_name="Bart"))
    page.goto("/")
    page.get_by_role("link", name="Redenen van afsluiting").first.click()
    page.wait_for_url("**/beheer/afsluitredenen/")
    axe_check(page)

    page.get_by_role("button", name="Reden toevoegen").click()
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_contain_text("Geef de reden een naam.")
    axe_check(page)
    page.get_by_label("Naam").fill("Overgedragen aan jeugdzorg")
    page.get_by_label("Geldt voor").select_option(label="Afschaling naar het lokale netwerk")
    page.get_by_role("button", name="Reden toevoegen").click()
    page.wait_for_load_state()
    expect(page.get_by_text("De reden “Overgedragen aan jeugdzorg” is toegevoegd.")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Overgedragen aan jeugdzorg omhoog").click()
    page.wait_for_load_state()
    expect(page.get_by_text("De volgorde is opgeslagen.")).to_be_visible()
    namen = [n.strip() for n in page.locator("tbody tr td:first-child a").all_text_contents()]
    assert namen.index("Overgedragen aan jeugdzorg wijzigen") == len(namen) - 2

    page.get_by_role("link", name="Overgedragen aan jeugdzorg wijzigen").click()
    page.wait_for_load_state()
    axe_check(page)
    page.get_by_label("Naam").fill("Overgedragen aan de jeugdzorg")
    page.get_by_label("Actief: aangeboden bij het afsluiten").uncheck()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/beheer/afsluitredenen/")
    axe_check(page)
    reden = AfsluitReden.objects.get(zvh=zvh, code="overgedragen-aan-jeugdzorg")
    assert (reden.naam, reden.actief) == ("Overgedragen aan de jeugdzorg", False)


def test_the_procesregisseur_reopens_a_closed_casus(zvh, make_user, page_as):
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR, first_name="Petra")
    casus = CasusFactory(zvh=zvh, afgesloten=True, procesregisseur=regisseur)
    casus.personen.add(PersoonFactory(zvh=zvh, voornamen="Sanne", achternaam="de Boer"))
    page = page_as(regisseur)
    page.goto(f"/casussen/{casus.pk}/")
    axe_check(page)
    page.get_by_role("link", name="Casus heropenen").click()
    page.wait_for_load_state()
    axe_check(page)
    page.get_by_role("button", name="Casus heropenen").click()
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_contain_text(
        "Geef de reden waarom de casus wordt heropend."
    )
    axe_check(page)
    page.get_by_label("Reden van heropening").fill("Nieuwe melding van de wijkagent.")
    page.get_by_role("button", name="Casus heropenen").click()
    page.wait_for_url(f"**/casussen/{casus.pk}/")
    axe_check(page)
    expect(page.get_by_text("De casus is heropend.")).to_be_visible()
    casus.refresh_from_db()
    assert casus.status == CasusStatus.OPEN and Heropening.objects.filter(casus=casus).exists()
