"""Finding and staffing a casus in Chromium (issue 11, point 0): the procesregisseur finds a
casus by its number and by a BSN, opens it and adds an incidentele partner as deelnemer, then
removes it again. axe-core on every page visited."""

import pytest

from casus.models import Deelnemer
from partners.models import Rol
from tests.casus.factories import CasusFactory, PersoonFactory
from tests.e2e.conftest import axe_check
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory


def _goto(page, path):
    response = page.goto(path)
    assert response.status < 400, (path, response.status)
    axe_check(page)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_find_a_casus_by_number_and_bsn_and_add_a_deelnemer(zvh, make_user, page_as):
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR, first_name="Petra", last_name="Regisseur")
    gezocht = CasusFactory(zvh=zvh, procesregisseur=regisseur)
    gezocht.personen.set([PersoonFactory(zvh=zvh, bsn="111222333", achternaam="de Vries")])
    ander = CasusFactory(zvh=zvh)
    ander.personen.set([PersoonFactory(zvh=zvh, achternaam="Jansen")])
    buurtzorg = OrganisatieFactory(naam="Buurtzorg Oost")
    PartnerschapFactory(zvh=zvh, organisatie=buurtzorg, incidenteel=True)

    page = page_as(regisseur)
    _goto(page, "/")
    page.get_by_role("link", name="Casussen", exact=True).first.click()
    page.wait_for_url("**/casussen/")
    axe_check(page)
    assert page.get_by_role("link", name=gezocht.nummer).is_visible()
    assert page.get_by_role("link", name=ander.nummer).is_visible()

    zoek = page.get_by_label("Zoeken op casusnummer, BSN of achternaam")
    zoek.fill(ander.nummer)
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.get_by_role("link", name=ander.nummer).is_visible()
    assert page.get_by_role("link", name=gezocht.nummer).count() == 0

    page.get_by_label("Zoeken op casusnummer, BSN of achternaam").fill("1112 22 333")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.get_by_text("Gevonden: 1.").is_visible()
    assert page.get_by_text("exacte naam").first.is_visible()
    page.get_by_role("link", name=gezocht.nummer).click()
    page.wait_for_url(f"**/casussen/{gezocht.pk}/")
    axe_check(page)

    page.get_by_label("Organisatie").select_option(label="Buurtzorg Oost (incidentele partner)")
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.get_by_text("Buurtzorg Oost neemt nu deel aan de casus.").is_visible()
    assert page.locator(".deelnemers").get_by_text("incidentele partner").is_visible()
    assert Deelnemer.objects.filter(casus=gezocht, organisatie=buurtzorg).exists()

    page.get_by_role("button", name="Buurtzorg Oost verwijderen als deelnemer").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.get_by_text("Buurtzorg Oost neemt niet meer deel aan de casus.").is_visible()
    assert not Deelnemer.objects.filter(casus=gezocht, organisatie=buurtzorg).exists()

    # Without an organisation: a clear message on the page, nothing added.
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.get_by_text("Kies de organisatie die deelneemt.").first.is_visible()
