"""Afschaling in Chromium, after which the partner loses access (issue 12): the partner sees the
casus; the procesregisseur opens the closing form from the casus page, sees the receiving
organisation appear only for an afschaling, is told what is missing, evaluates each goal,
confirms on the step that says the deelnemers lose access; the partner's browser then gets a
404 and no longer lists the casus. axe-core on every page visited."""

import pytest
from playwright.sync_api import expect

from casus.models import Afsluiting, CasusStatus, Deelnemer
from partners.models import OrganisatieType, Rol
from tests.casus.factories import CasusFactory, DoelFactory, PersoonFactory, afsluitredenen_huis
from tests.e2e.conftest import axe_check
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory


def _goto(page, path, status=200):
    response = page.goto(path)
    assert response.status == status, (path, response.status)
    axe_check(page)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_afschaling_after_which_the_partner_loses_access(zvh, make_user, page_as):
    afsluitredenen_huis(zvh)
    politie = OrganisatieFactory(naam="Politie Oost")
    gemeente = OrganisatieFactory(naam="Gemeente Oost", type=OrganisatieType.GEMEENTE)
    PartnerschapFactory(zvh=zvh, organisatie=gemeente)
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR, first_name="Petra", last_name="Regisseur")
    agent = make_user(zvh, Rol.KETENPARTNER, organisatie=politie, first_name="Piet")
    casus = CasusFactory(zvh=zvh, deelnemers=[politie], procesregisseur=regisseur)
    casus.personen.add(PersoonFactory(zvh=zvh, voornamen="Sanne", achternaam="de Boer"))
    DoelFactory(plan__casus=casus, omschrijving="Sanne heeft een vaste woning", volgorde=1)
    DoelFactory(plan__casus=casus, omschrijving="De schulden zijn geregeld", volgorde=2)
    casus_url = f"/casussen/{casus.pk}/"

    # The partner sees the casus and lists it among its own.
    partner = page_as(agent)
    _goto(partner, casus_url)
    assert partner.get_by_text("Sanne de Boer").first.is_visible()
    _goto(partner, "/mijn-casussen/")
    assert partner.get_by_role("link", name=casus.nummer).is_visible()

    # The procesregisseur opens the closing form from the casus page.
    pr = page_as(regisseur)
    _goto(pr, casus_url)
    pr.get_by_role("link", name="Casus afschalen of afsluiten").click()
    pr.wait_for_url(f"**{casus_url}afsluiten/")
    axe_check(pr)
    ontvanger = pr.get_by_label("Ontvangende lokale organisatie")
    expect(ontvanger).to_be_hidden()
    pr.get_by_label("Afschaling naar het lokale netwerk", exact=True).check()
    expect(ontvanger).to_be_visible()
    axe_check(pr)

    # Without the receiving organisation and the evaluations: told what is missing.
    pr.get_by_role("button", name="Controleren").click()
    pr.wait_for_load_state()
    axe_check(pr)
    summary = pr.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Kies bij een afschaling de lokale organisatie")
    expect(summary).to_contain_text("Kies het resultaat van doel 1.")
    expect(summary).to_contain_text("Licht het resultaat van doel 2 toe.")
    assert not Afsluiting.objects.exists()

    pr.get_by_label("Ontvangende lokale organisatie").select_option(label="Gemeente Oost")
    pr.get_by_label("Afgeschaald naar lokaal netwerk").check()
    pr.get_by_label("AVE 2 – een vraag of een probleem").check()
    for nummer, resultaat in ((1, "Behaald"), (2, "Deels behaald")):
        groep = pr.get_by_role("group", name=f"Resultaat van doel {nummer}")
        groep.get_by_label(resultaat, exact=True).check()
        pr.get_by_label(f"Toelichting bij doel {nummer}").fill(f"Evaluatie van doel {nummer}.")
    pr.get_by_label("Toelichting", exact=True).fill("Het wijkteam van de gemeente neemt over.")
    pr.get_by_role("button", name="Controleren").click()
    pr.wait_for_load_state()
    axe_check(pr)

    # The confirmation says who loses access; nothing is closed yet.
    waarschuwing = pr.get_by_text("Na het afsluiten hebben de deelnemers geen toegang meer")
    expect(waarschuwing).to_be_visible()
    expect(pr.locator(".notice").get_by_text("Politie Oost")).to_be_visible()
    assert Deelnemer.objects.filter(casus=casus).exists()
    pr.get_by_role("button", name="Ja, casus afschalen").click()
    pr.wait_for_url(f"**{casus_url}")
    axe_check(pr)
    expect(pr.get_by_text("De casus is afgeschaald naar Gemeente Oost.")).to_be_visible()
    expect(pr.get_by_text("Bewaartermijn loopt vanaf")).to_be_visible()
    casus.refresh_from_db()
    assert casus.status == CasusStatus.AFGESLOTEN and casus.bewaartermijn_vanaf is not None
    assert not Deelnemer.objects.filter(casus=casus).exists()

    # The partner's browser: the casus is gone.
    _goto(partner, casus_url, status=404)
    assert partner.get_by_text("Sanne de Boer").count() == 0
    _goto(partner, "/mijn-casussen/")
    assert partner.get_by_role("link", name=casus.nummer).count() == 0
