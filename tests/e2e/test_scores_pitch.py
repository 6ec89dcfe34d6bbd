"""Scores and the pitch in Chromium, with axe-core on every page visited: the coordinator
scores a person, writes a pitch and marks it ready; the deelnemer sees it on the casus page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casus.models import Pitch, Score
from partners.models import OrganisatieType, Rol
from tests.casus.factories import CasusFactory, PersoonFactory, zrm_huis
from tests.e2e.conftest import axe_check
from tests.partners.factories import OrganisatieFactory


def _goto(page, path):
    response = page.goto(path)
    assert response.status < 400, (path, response.status)
    axe_check(page)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_score_a_person_write_a_pitch_and_mark_it_ready(zvh, make_user, page_as):
    zrm_huis(zvh)
    eigen = OrganisatieFactory(type=OrganisatieType.ZVH, naam="ZVH Demoregio")
    politie = OrganisatieFactory(naam="Politie Eenheid Test")
    coordinator = make_user(
        zvh, Rol.INFORMATIECOORDINATOR, organisatie=eigen, first_name="Ina", last_name="Coord"
    )
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR, organisatie=eigen)
    backup = make_user(zvh, Rol.PROCESREGISSEUR, organisatie=eigen)
    agent = make_user(zvh, Rol.KETENPARTNER, organisatie=politie)
    casus = CasusFactory(
        zvh=zvh, procesregisseur=regisseur, backup_procesregisseur=backup, deelnemers=[politie]
    )
    persoon = PersoonFactory(zvh=zvh, voornamen="Sanne", achternaam="Jansen")
    casus.personen.add(persoon)
    vandaag = timezone.localdate().isoformat()

    page = page_as(coordinator)
    _goto(page, f"/casussen/{casus.pk}/")
    page.get_by_role("link", name="Leefgebiedscores van Sanne Jansen").click()
    page.wait_for_url(f"**/personen/{persoon.pk}/scores/")
    axe_check(page)
    page.get_by_role("link", name="Nieuw scoreformulier").click()
    page.wait_for_url("**/scores/nieuw/")
    axe_check(page)
    # A score without its motivation: a Dutch message at the field, nothing saved.
    page.select_option("#id_waarde_financien", "2")
    page.get_by_role("button", name="Scoreformulier opslaan").click()
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_contain_text("Geef een motivatie bij deze score.")
    expect(
        page.locator("#id_motivatie_financien_error, .field-error, .errorlist").first
    ).to_be_visible()
    axe_check(page)
    assert not Score.objects.exists()
    page.fill("#id_motivatie_financien", "Schulden bij drie schuldeisers.")
    page.select_option("#id_bron_financien", label="Politie Eenheid Test")
    page.fill("#id_informatie_datum_financien", vandaag)
    page.select_option("#id_waarde_huisvesting", "1")
    page.fill("#id_motivatie_huisvesting", "Uithuiszetting aangekondigd.")
    page.select_option("#id_bron_huisvesting", label="Het huis zelf")
    page.fill("#id_informatie_datum_huisvesting", vandaag)
    page.get_by_role("button", name="Scoreformulier opslaan").click()
    page.wait_for_url(f"**/personen/{persoon.pk}/scores/")
    axe_check(page)
    expect(page.get_by_text("Het scoreformulier is opgeslagen.").first).to_be_visible()
    expect(page.get_by_text("Schulden bij drie schuldeisers.").first).to_be_visible()
    assert Score.objects.count() == 2

    _goto(page, f"/casussen/{casus.pk}/")
    page.get_by_role("link", name="Pitch schrijven en versies bekijken").click()
    page.wait_for_url("**/pitch/")
    axe_check(page)
    page.fill("#id_aanleiding", "Escalatie thuis en dreigende uithuiszetting.")
    page.fill("#id_feit_huisvesting", "Huurachterstand van vier maanden.")
    page.fill("#id_vraag", "Wie neemt de regie op huisvesting?")
    page.get_by_role("button", name="Opslaan als nieuwe versie").click()
    page.wait_for_url("**/pitch/")
    axe_check(page)
    expect(page.get_by_text("Versie 1 van de pitch is opgeslagen.").first).to_be_visible()
    page.get_by_role("button", name="Versie 1 gereed melden").click()
    page.wait_for_url(f"**/casussen/{casus.pk}/")
    axe_check(page)
    expect(page.get_by_text("Versie 1 van de pitch is gereed gemeld.").first).to_be_visible()
    expect(page.get_by_text("Huurachterstand van vier maanden.").first).to_be_visible()
    assert Pitch.objects.get().gereed

    # The deelnemer sees the ready pitch on the casus page, and no scores.
    partner_page = page_as(agent)
    _goto(partner_page, f"/casussen/{casus.pk}/")
    expect(partner_page.get_by_text("Wie neemt de regie op huisvesting?").first).to_be_visible()
    assert partner_page.get_by_text("Leefgebiedscores van").count() == 0
    response = partner_page.goto(f"/casussen/{casus.pk}/personen/{persoon.pk}/scores/")
    assert response.status == 404
