"""The plan van aanpak in Chromium, with axe-core on every page: the procesregisseur adds a goal,
turns a decision of a held MDO into actions for three partners (a wrong row refused first,
nothing saved), sees them on the plan and in the casus history; a partner sees the plan."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casus.models import Actie
from partners.models import Rol
from tests.casus.factories import CasusFactory, CasusoverlegFactory, PersoonFactory, zrm_huis
from tests.e2e.conftest import axe_check
from tests.partners.factories import OrganisatieFactory


def _goto(page, path):
    response = page.goto(path)
    assert response.status < 400, (path, response.status)
    axe_check(page)


def _rij(page, nr, organisatie, tekst, datum, doel):
    page.get_by_label(f"Verantwoordelijke organisatie, actie {nr}", exact=True).select_option(
        label=organisatie
    )
    page.get_by_label(f"Actie {nr}", exact=True).fill(tekst)
    page.get_by_label(f"Uiterlijk gereed op, actie {nr}", exact=True).fill(datum.isoformat())
    page.get_by_label(f"Doel, actie {nr}", exact=True).select_option(label=doel)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_mdo_decision_becomes_actions_for_three_partners(zvh, make_user, page_as):
    zrm_huis(zvh)
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR, first_name="Petra", last_name="Regie")
    politie = OrganisatieFactory(naam="Politie Midden")
    ggz = OrganisatieFactory(naam="GGZ Oost")
    reclassering = OrganisatieFactory(naam="Reclassering Nederland")
    agent = make_user(zvh, Rol.KETENPARTNER, organisatie=politie, first_name="Piet")
    casus = CasusFactory(
        zvh=zvh, deelnemers=[politie, ggz, reclassering], procesregisseur=regisseur
    )
    casus.personen.add(PersoonFactory(zvh=zvh, voornamen="Sanne", achternaam="Betrokken"))
    overleg = CasusoverlegFactory(sessie__tafel__zvh=zvh, casus=casus, gehouden=True)
    overleg.besluiten.create(
        tekst="Politie, GGZ en reclassering pakken elk hun deel op.", eigenaar=politie
    )
    volgende_week = timezone.localdate() + datetime.timedelta(days=7)
    page = page_as(regisseur)

    _goto(page, f"/casussen/{casus.pk}/")
    page.get_by_role("link", name="Plan van aanpak: doelen en acties").click()
    page.wait_for_url(f"**/casussen/{casus.pk}/plan/")
    axe_check(page)
    expect(page.get_by_text("Het plan van aanpak heeft nog geen doelen.")).to_be_visible()
    page.get_by_label("Doel", exact=True).fill("Sanne woont veilig en heeft grip op haar geld.")
    page.get_by_label("Huisvesting", exact=True).check()
    page.get_by_label("Financiën", exact=True).check()
    page.get_by_role("button", name="Doel toevoegen").click()
    expect(page.get_by_role("heading", name="Doel 1", exact=True)).to_be_visible()
    axe_check(page)

    _goto(page, f"/overleggen/{overleg.pk}/")
    page.get_by_role("link", name="Maak acties van dit besluit").click()
    page.wait_for_url(re.compile(r"/plan/besluiten/[0-9a-f-]+/$"))
    axe_check(page)
    doel = "Sanne woont veilig en heeft grip op haar geld."
    _rij(page, 1, "Politie Midden", "Huisbezoek met de wijkagent", volgende_week, doel)
    _rij(page, 2, "GGZ Oost", "Intake bij de GGZ plannen", volgende_week, doel)
    _rij(page, 3, "Reclassering Nederland", "Toezicht bespreken", volgende_week, doel)
    # A date in the past in one row: nothing is saved, the row is named.
    page.get_by_label("Uiterlijk gereed op, actie 2", exact=True).fill(
        (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    )
    page.get_by_role("button", name="Acties opslaan").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Actie 2: De uiterste datum ligt in het verleden")
    axe_check(page)
    assert not Actie.objects.exists()
    page.get_by_label("Uiterlijk gereed op, actie 2", exact=True).fill(volgende_week.isoformat())
    page.get_by_label("Eigenaar (optioneel), actie 1", exact=True).select_option(
        label=agent.get_full_name()
    )
    page.get_by_role("button", name="Acties opslaan").click()
    page.wait_for_url(f"**/casussen/{casus.pk}/plan/")
    expect(page.get_by_text("Er zijn 3 acties gemaakt van het besluit.")).to_be_visible()
    tabel = page.get_by_role("table", name=re.compile("Acties bij doel 1"))
    for organisatie in ("Politie Midden", "GGZ Oost", "Reclassering Nederland"):
        expect(tabel.get_by_role("cell", name=organisatie, exact=True)).to_be_visible()
    expect(tabel.get_by_role("cell", name=agent.get_full_name(), exact=True)).to_be_visible()
    axe_check(page)
    assert {a.organisatie for a in Actie.objects.all()} == {politie, ggz, reclassering}

    page.get_by_role("link", name="Geschiedenis van de casus").click()
    page.wait_for_url(f"**/casussen/{casus.pk}/geschiedenis/")
    expect(page.get_by_role("cell", name="Actie aan plan van aanpak toegevoegd")).to_have_count(3)
    expect(page.get_by_role("cell", name="Doel aan plan van aanpak toegevoegd")).to_have_count(1)
    axe_check(page)

    partner = page_as(agent)
    _goto(partner, f"/casussen/{casus.pk}/plan/")
    expect(partner.get_by_role("cell", name="Intake bij de GGZ plannen")).to_be_visible()
    expect(partner.get_by_role("button", name="Doel toevoegen")).to_have_count(0)
