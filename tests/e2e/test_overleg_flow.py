"""A casusoverleg in Chromium, with axe-core on every page: planned in a slot, an incidentele
partner invited, opened after its declaration, held (attendance, minutes, decision, AVE, next
date); and a spoed case planned over capacity on a full session."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casus.models import Casus, Casusoverleg, OverlegStatus
from partners.models import Rol
from tests.casus.factories import CasusFactory, OverlegtafelFactory, PersoonFactory, SessieFactory
from tests.e2e.conftest import axe_check
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory


def _goto(page, path):
    response = page.goto(path)
    assert response.status < 400, (path, response.status)
    axe_check(page)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_mdo_planned_opened_after_declaration_and_held(zvh, make_user, page_as):
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR, first_name="Petra")
    politie = OrganisatieFactory(naam="Politie Midden")
    school = OrganisatieFactory(naam="Basisschool De Linde")
    PartnerschapFactory(zvh=zvh, organisatie=school, incidenteel=True)
    casus = CasusFactory(zvh=zvh, deelnemers=[politie], procesregisseur=regisseur)
    casus.personen.add(PersoonFactory(zvh=zvh, voornamen="Sanne", achternaam="Betrokken"))
    tafel = OverlegtafelFactory(zvh=zvh, naam="PVG-tafel")
    sessie = SessieFactory(tafel=tafel, capaciteit=1)
    page = page_as(regisseur)

    _goto(page, "/overleg/tafels/")
    _goto(page, f"/overleg/tafels/{tafel.pk}/")
    _goto(page, f"/casussen/{casus.pk}/")
    page.get_by_role("link", name="Casusoverleg plannen").click()
    page.wait_for_url(f"**/casussen/{casus.pk}/plannen/")
    axe_check(page)
    page.get_by_label("Sessie", exact=True).select_option(str(sessie.pk))
    page.get_by_label("Soort overleg", exact=True).select_option("start")
    page.get_by_role("button", name="Inplannen").click()
    page.wait_for_url(re.compile(r"/overleggen/[0-9a-f-]+/$"))
    axe_check(page)
    overleg = Casusoverleg.objects.get(casus=casus)
    assert overleg.slot is not None

    for organisatie in (politie, school):
        page.get_by_label("Organisatie", exact=True).select_option(str(organisatie.pk))
        page.get_by_label("Genodigden (naam en functie, één per regel)").fill("A. Wijk, wijkagent")
        page.get_by_role("button", name="Uitnodigen").click()
        expect(page.get_by_role("cell", name=organisatie.naam, exact=True)).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Overleg openen").click()
    expect(page.get_by_text("geheimhoudingsverklaring ontbreekt voor Basisschool De Linde"))
    axe_check(page)
    page.get_by_label("Incidentele partner").select_option(label="Basisschool De Linde")
    page.get_by_label("Naam ondertekenaar").fill("M. Meester")
    page.get_by_label("Getekend op").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Verklaring vastleggen").click()
    page.get_by_role("button", name="Overleg openen").click()
    expect(page.get_by_role("button", name="Overleg afronden (gehouden)")).to_be_visible()
    axe_check(page)

    page.get_by_label("Aanwezigheid Politie Midden").select_option("aanwezig")
    page.get_by_role("button", name="Vastleggen voor Politie Midden").click()
    page.get_by_label("Verslag", exact=True).fill("Besproken: de situatie thuis.")
    page.get_by_role("button", name="Verslag opslaan").click()
    page.get_by_label("Besluit", exact=True).fill("Huisbezoek binnen een week.")
    page.get_by_label("Eigenaar").select_option(label="Politie Midden")
    page.get_by_role("button", name="Besluit vastleggen").click()
    volgende = timezone.localtime(overleg.begint_op).date() + datetime.timedelta(days=28)
    page.get_by_label("Afgesproken AVE-niveau").select_option("2")
    page.get_by_label("Datum volgend MDO").fill(volgende.isoformat())
    page.get_by_role("button", name="Afspraken vastleggen").click()
    page.get_by_role("button", name="Overleg afronden (gehouden)").click()
    expect(page.get_by_text("Huisbezoek binnen een week.")).to_be_visible()
    axe_check(page)
    overleg.refresh_from_db()
    assert overleg.status == OverlegStatus.GEHOUDEN
    assert (overleg.verslag, overleg.ave_niveau, overleg.volgend_mdo_op) == (
        "Besproken: de situatie thuis.",
        2,
        volgende,
    )
    assert Casus.objects.get(pk=casus.pk).ave_niveau == 2
    assert overleg.uitnodigingen.get(organisatie=politie).aanwezigheid == "aanwezig"
    _goto(page, f"/overleg/sessies/{sessie.pk}/")

    # The session is full: a spoed case goes over capacity, with a reason.
    spoed = CasusFactory(zvh=zvh, procesregisseur=regisseur)
    _goto(page, f"/casussen/{spoed.pk}/plannen/")
    page.get_by_label("Sessie", exact=True).select_option(str(sessie.pk))
    page.get_by_label("Soort overleg", exact=True).select_option("spoed")
    page.get_by_role("button", name="Inplannen").click()
    expect(page.get_by_text("Deze sessie is vol.")).to_be_visible()
    axe_check(page)
    page.get_by_label("Sessie", exact=True).select_option(str(sessie.pk))
    page.get_by_label("Soort overleg", exact=True).select_option("spoed")
    page.get_by_label("Spoed: boven de capaciteit plannen als de sessie vol is").check()
    page.get_by_label("Reden (bij boven de capaciteit)").fill("Acuut gevaar, niet uit te stellen.")
    page.get_by_role("button", name="Inplannen").click()
    page.wait_for_url(re.compile(r"/overleggen/[0-9a-f-]+/$"))
    axe_check(page)
    assert Casusoverleg.objects.get(casus=spoed).boven_capaciteit
