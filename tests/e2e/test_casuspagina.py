"""The casus page in Chromium (issue 12, point 6): the overview, meeting mode hides what it
should, and the print version (also under print emulation) has no BSN and no navigation.
axe-core on every page visited, in screen and in print media."""

import datetime

import pytest
from django.utils import timezone

from casus.models import Leefgebied, PersoonRelatie, RelatieType, Score
from partners.models import Rol
from tests.casus.factories import (
    ActieFactory,
    CasusFactory,
    CasusoverlegFactory,
    DoelFactory,
    PersoonFactory,
    PitchFactory,
    ScoreformulierFactory,
    SessieFactory,
    VoortgangFactory,
    zrm_huis,
)
from tests.e2e.conftest import axe_check
from tests.partners.factories import OrganisatieFactory

BSN = "111222333"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_meeting_mode_hides_what_it_should_and_the_print_has_no_bsn(zvh, make_user, page_as):
    zrm_huis(zvh)
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR, first_name="Petra", last_name="Regisseur")
    politie = OrganisatieFactory(naam="Politie Oost")
    casus = CasusFactory(zvh=zvh, procesregisseur=regisseur, deelnemers=[politie])
    jantje = PersoonFactory(
        zvh=zvh,
        voornamen="Jantje",
        achternaam="Zonnebloem",
        bsn=BSN,
        adres="Dorpsstraat 17",
        telefoon="0612345678",
        aangemaakt_door=regisseur,
    )
    pietje = PersoonFactory(zvh=zvh, voornamen="Pietje", achternaam="Klaproos")
    casus.personen.set([jantje, pietje])
    PersoonRelatie.objects.create(van=pietje, naar=jantje, type=RelatieType.KIND)
    CasusoverlegFactory(
        casus=casus,
        sessie=SessieFactory(tafel__zvh=zvh, datum=timezone.localdate() - datetime.timedelta(14)),
        gehouden=True,
        ave_niveau=2,
    )
    actie = ActieFactory(
        doel=DoelFactory(plan__casus=casus, omschrijving="Stabiele woonsituatie"),
        organisatie=politie,
        omschrijving="Verhuurder spreken",
    )
    VoortgangFactory(actie=actie, notitie="Politie sprak de verhuurder")
    ronde = ScoreformulierFactory(casus=casus, persoon=jantje, datum=timezone.localdate())
    for gebied, waarde in zip(Leefgebied.objects.filter(zvh=zvh)[:3], (2, 3, 4), strict=True):
        Score.objects.create(
            formulier=ronde,
            leefgebied=gebied,
            waarde=waarde,
            motivatie="M",
            informatie_datum=ronde.datum,
        )
    PitchFactory(casus=casus, versie=1, gereed=True, aanleiding="Zorgen over de woning")

    page = page_as(regisseur)
    response = page.goto(f"/casussen/{casus.pk}/")
    assert response.status == 200
    axe_check(page)
    assert page.get_by_text(BSN).is_visible()
    assert page.get_by_role("link", name="Jantje Zonnebloem", exact=True).is_visible()
    assert page.get_by_role("img", name="AVE-niveau door de tijd").is_visible()
    page.get_by_text("Tabel bij de grafiek: AVE-niveau per meting").click()
    assert page.get_by_role("cell", name="Opening (triage)").is_visible()
    axe_check(page)
    assert page.get_by_text("Politie sprak de verhuurder").is_visible()

    # Meeting mode, for a shared screen: the casus has no MDO today.
    page.get_by_role("link", name="Overlegmodus (gedeeld scherm)").click()
    page.wait_for_url("**?modus=overleg")
    axe_check(page)
    inhoud = page.locator("main").inner_text()
    for verborgen in (BSN, "Dorpsstraat 17", "0612345678", "Politie sprak de verhuurder"):
        assert verborgen not in inhoud, verborgen
    for naam in ("Jantje", "Zonnebloem", "Pietje", "Klaproos", "Zorgen over de woning"):
        assert naam not in inhoud, naam
    assert page.get_by_text("Persoon 2 is Kind van Persoon 1").is_visible()
    assert page.get_by_text("Verhuurder spreken").is_visible()
    assert (
        page.get_by_role("link", name="Overlegmodus (gedeeld scherm)").get_attribute("aria-current")
        == "page"
    )

    # On today's agenda the names come back; the sensitive fields stay hidden.
    CasusoverlegFactory(
        casus=casus, sessie=SessieFactory(tafel__zvh=zvh, datum=timezone.localdate())
    )
    page.reload()
    axe_check(page)
    inhoud = page.locator("main").inner_text()
    assert "Jantje Zonnebloem" in inhoud and BSN not in inhoud and "Dorpsstraat 17" not in inhoud

    # The print version: no BSN on the server, no navigation in print.
    page.get_by_role("link", name="Afdrukversie").click()
    page.wait_for_url("**?modus=afdruk")
    axe_check(page)
    assert BSN not in page.content()
    assert page.get_by_text("Dorpsstraat 17").is_visible()
    page.emulate_media(media="print")
    axe_check(page)
    assert page.locator(".main-nav").is_hidden() and page.locator(".site-header").is_hidden()
    assert page.get_by_text("Afdrukversie zonder BSN").is_hidden()
    assert page.get_by_role("img", name="AVE-niveau door de tijd").is_visible()

    # Printing the normal page hides the BSN (and the forms) by the print stylesheet.
    page.goto(f"/casussen/{casus.pk}/")
    axe_check(page)
    assert page.get_by_text(BSN).is_hidden()
    assert page.get_by_role("button", name="Toevoegen").is_hidden()
    page.emulate_media(media="screen")
    assert page.get_by_text(BSN).is_visible()
