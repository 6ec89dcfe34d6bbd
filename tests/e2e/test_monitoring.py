"""Monitoring in Chromium (issue 12, point 3): the procesregisseur goes from the home page to
the overview and opens every worklist; the beheerder changes when a casus stalls, after which
the stalled list follows. axe-core on every page visited."""

import datetime

import pytest
from django.utils import timezone

from partners.models import Rol
from tests.casus.factories import (
    ActieFactory,
    CasusFactory,
    CasusoverlegFactory,
    SessieFactory,
    ThemaFactory,
)
from tests.e2e.conftest import axe_check
from tests.partners.factories import OrganisatieFactory

LIJSTEN = [
    ("Mijn casussen", "mijn"),
    ("Komende MDO's", "mdo"),
    ("Acties over de termijn", "achterstand"),
    ("Stilstaande casussen", "stilstand"),
    ("Spoedcasussen", "spoed"),
    ("Casussen zonder volgend MDO", "zonder-mdo"),
]


def _goto(page, path):
    response = page.goto(path)
    assert response.status < 400, (path, response.status)
    axe_check(page)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_procesregisseur_opens_every_worklist(zvh, make_user, page_as):
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR, first_name="Petra", last_name="Regisseur")
    ggz = OrganisatieFactory(naam="GGZ Oost")
    thema = ThemaFactory(zvh=zvh, naam="Huiselijk geweld")
    mdo_casus = CasusFactory(zvh=zvh, procesregisseur=regisseur)
    CasusoverlegFactory(
        sessie=SessieFactory(tafel__zvh=zvh, tafel__naam="PVG-tafel"), casus=mdo_casus
    )
    stil = CasusFactory(
        zvh=zvh,
        procesregisseur=regisseur,
        spoed=True,
        laatste_activiteit_op=timezone.now() - datetime.timedelta(weeks=8),
        deelnemers=[ggz],
    )
    stil.themas.set([thema])
    ActieFactory(doel__plan__casus=stil, organisatie=ggz, verlopen=True)

    page = page_as(regisseur)
    _goto(page, "/")
    page.get_by_role("link", name="Monitoring", exact=True).first.click()
    page.wait_for_url("**/monitoring/")
    axe_check(page)
    assert page.get_by_text("(2)").first.is_visible()  # mijn casussen
    for titel, pad in LIJSTEN:
        page.get_by_role("link", name=titel, exact=True).first.click()
        page.wait_for_url(f"**/monitoring/{pad}/")
        axe_check(page)
        assert page.get_by_role("heading", name=titel).is_visible()
        page.get_by_role("link", name="Terug naar monitoring").click()
        page.wait_for_url("**/monitoring/")

    _goto(page, "/monitoring/achterstand/")
    assert page.get_by_role("link", name=stil.nummer).is_visible()
    assert page.get_by_role("cell", name="Huiselijk geweld").is_visible()
    _goto(page, "/monitoring/mdo/")
    assert page.get_by_role("cell", name="PVG-tafel").is_visible()
    page.get_by_label("Toon").select_option("mijn")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.get_by_role("link", name=mdo_casus.nummer).is_visible()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_beheerder_sets_when_a_casus_stalls(zvh, make_user, page_as):
    beheerder = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    page = page_as(beheerder)
    _goto(page, "/")
    page.get_by_role("link", name="Monitoring-instellingen").first.click()
    page.wait_for_url("**/monitoring/instellingen/")
    axe_check(page)
    veld = page.get_by_label("Stilstand na (weken)")
    veld.fill("0")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.get_by_role("alert").get_by_text("Vul ten minste 1 week in.").is_visible()
    page.get_by_label("Stilstand na (weken)").fill("4")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.get_by_text("De monitoring-instelling is opgeslagen.").is_visible()
    zvh.refresh_from_db()
    assert zvh.stilstand_weken == 4
