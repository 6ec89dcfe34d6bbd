"""Informatieverrijking in Chromium: the coordinator asks two deelnemers, one partner answers
per life domain, the other "niets bekend", the coordinator sees both answers with who and
when; axe-core on every page visited."""

import datetime

import pytest
from django.utils import timezone

from casus.models import Uitvraag
from partners.models import Rol
from tests.casus.factories import CasusFactory, PersoonFactory
from tests.e2e.conftest import axe_check
from tests.partners.factories import OrganisatieFactory


def _goto(page, path):
    response = page.goto(path)
    assert response.status < 400, (path, response.status)
    axe_check(page)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_request_answer_and_coordinator_sees_it(zvh, make_user, page_as):
    politie = OrganisatieFactory(naam="Politie Oost")
    ggz = OrganisatieFactory(naam="GGZ Oost")
    coordinator = make_user(
        zvh, Rol.INFORMATIECOORDINATOR, first_name="Ina", last_name="Coördinator"
    )
    agent = make_user(
        zvh, Rol.KETENPARTNER, organisatie=politie, first_name="Piet", last_name="Agent"
    )
    behandelaar = make_user(zvh, Rol.KETENPARTNER, organisatie=ggz, first_name="Greet")
    casus = CasusFactory(zvh=zvh, deelnemers=[politie, ggz])
    casus.personen.add(PersoonFactory(zvh=zvh, voornamen="Sanne", achternaam="de Boer"))

    # The coordinator asks both deelnemers; a date in the past is refused first.
    ic = page_as(coordinator)
    _goto(ic, f"/casussen/{casus.pk}/verrijking/")
    assert ic.get_by_text("Sanne de Boer").is_visible()
    ic.get_by_label("Politie Oost").check()
    ic.get_by_label("GGZ Oost").check()
    ic.get_by_label("Vraag", exact=True).fill("Wat is er bij u bekend over Sanne?")
    gisteren = timezone.localdate() - datetime.timedelta(days=1)
    ic.get_by_label("Uiterlijk beantwoorden op").fill(gisteren.isoformat())
    ic.get_by_role("button", name="Uitvraag versturen").click()
    ic.wait_for_load_state()
    assert ic.get_by_text("De uiterste datum ligt in het verleden").first.is_visible()
    axe_check(ic)
    assert not Uitvraag.objects.exists()
    termijn = timezone.localdate() + datetime.timedelta(days=5)
    ic.get_by_label("Uiterlijk beantwoorden op").fill(termijn.isoformat())
    ic.get_by_role("button", name="Uitvraag versturen").click()
    ic.wait_for_load_state()
    assert ic.get_by_text("De vraag is uitgezet bij 2 organisatie(s).").is_visible()
    axe_check(ic)
    assert Uitvraag.objects.count() == 2

    # The police officer finds it under "Uitvragen" and answers per life domain.
    pol = page_as(agent)
    _goto(pol, "/")
    pol.get_by_role("link", name="Uitvragen").first.click()
    pol.wait_for_url("**/uitvragen/")
    axe_check(pol)
    pol.get_by_role("link", name=casus.nummer).click()
    pol.wait_for_url("**/uitvragen/*/")
    axe_check(pol)
    assert pol.get_by_text("Wat is er bij u bekend over Sanne?").is_visible()
    pol.get_by_label("Justitie").fill("Twee aangiftes van bedreiging.")
    pol.get_by_label("Algemeen antwoord").fill("Wijkagent kent het gezin.")
    pol.get_by_role("button", name="Antwoord opslaan").click()
    pol.wait_for_load_state()
    assert pol.get_by_text("Uw antwoord is opgeslagen.").is_visible()
    axe_check(pol)

    # GGZ answers "niets bekend" and never sees the police's answer.
    zorg = page_as(behandelaar)
    _goto(zorg, "/uitvragen/")
    zorg.get_by_role("link", name=casus.nummer).click()
    zorg.wait_for_url("**/uitvragen/*/")
    axe_check(zorg)
    assert "Twee aangiftes" not in zorg.content()
    zorg.get_by_label("Niets bekend", exact=False).check()
    zorg.get_by_role("button", name="Antwoord opslaan").click()
    zorg.wait_for_load_state()
    assert zorg.get_by_text("Uw antwoord is opgeslagen.").is_visible()
    axe_check(zorg)
    politie_vraag = Uitvraag.objects.get(organisatie=politie)
    response = zorg.goto(f"/uitvragen/{politie_vraag.pk}/")
    assert response.status == 404
    axe_check(zorg)

    # The coordinator sees both answers, with who answered.
    _goto(ic, f"/casussen/{casus.pk}/verrijking/")
    content = ic.content()
    assert "Twee aangiftes van bedreiging." in content
    assert "Piet Agent" in content
    assert ic.get_by_text("Niets bekend").first.is_visible()
    _goto(ic, "/uitvragen/openstaand/")
    assert ic.get_by_text("Er staan geen uitvragen open.").is_visible()
