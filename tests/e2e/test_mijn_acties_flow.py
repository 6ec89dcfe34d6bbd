""" "Mijn acties" in Chromium: a partner updates its action on the worklist. With JavaScript
htmx swaps the row (a refused "niet haalbaar" without a reason shows the error summary in the
row, then the update succeeds); without JavaScript the form posts and the page comes back
with a message. axe-core on every state visited."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casus.models import Actie, ActieStatus, Voortgang
from partners.models import Rol
from tests.casus.factories import ActieFactory, CasusFactory, DoelFactory, PersoonFactory
from tests.e2e.conftest import _new_page, axe_check, csp_breaches, inject_verified_session
from tests.partners.factories import OrganisatieFactory


def _wereld(zvh, make_user):
    politie = OrganisatieFactory(naam="Politie Oost")
    ggz = OrganisatieFactory(naam="GGZ Oost")
    agent = make_user(
        zvh, Rol.KETENPARTNER, organisatie=politie, first_name="Piet", last_name="Agent"
    )
    casus = CasusFactory(zvh=zvh, deelnemers=[politie, ggz])
    casus.personen.add(PersoonFactory(zvh=zvh, voornamen="Sanne", achternaam="de Boer"))
    doel = DoelFactory(plan__casus=casus, omschrijving="Sanne heeft een stabiele woning")
    verlopen = ActieFactory(
        doel=doel,
        organisatie=politie,
        omschrijving="Huurschuld in kaart brengen",
        deadline=timezone.localdate() - datetime.timedelta(days=3),
    )
    later = ActieFactory(doel=doel, organisatie=politie, omschrijving="Buurtonderzoek doen")
    ActieFactory(doel=doel, organisatie=ggz, omschrijving="Behandeling starten")
    return agent, verlopen, later


def _rij(page, actie):
    return page.locator(f"#actie-{actie.pk}")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_partner_updates_its_action_in_mijn_acties(zvh, make_user, page_as):
    agent, verlopen, later = _wereld(zvh, make_user)
    page = page_as(agent)
    page.goto("/")
    axe_check(page)
    page.get_by_role("link", name="Mijn acties").first.click()
    page.wait_for_url("**/mijn-acties/")
    axe_check(page)
    rijen = page.locator("tbody tr")
    expect(rijen).to_have_count(2)  # GGZ's action is not on Politie's list
    expect(rijen.first).to_contain_text("Huurschuld in kaart brengen")
    expect(rijen.first).to_contain_text("over de termijn")
    expect(rijen.first).to_contain_text("Sanne de Boer")
    expect(page.get_by_text("Behandeling starten")).to_have_count(0)

    # "Niet haalbaar" without a reason: htmx swaps the row with the error summary in it.
    page.evaluate("window.zelfdePagina = true")
    rij = _rij(page, verlopen)
    rij.get_by_text("Status of voortgang bijwerken").click()
    rij.get_by_label("Status").select_option(label="Niet haalbaar")
    rij.get_by_role("button", name="Opslaan").click()
    rij = _rij(page, verlopen)
    expect(rij.locator(".error-summary")).to_contain_text(
        "Geef de reden waarom de actie niet haalbaar is."
    )
    expect(rij.locator(".error-summary")).to_be_focused()
    assert page.evaluate("window.zelfdePagina") is True  # the row was swapped, not the page
    axe_check(page)
    assert Actie.objects.get(pk=verlopen.pk).status == ActieStatus.OPEN

    rij.get_by_label("Reden (verplicht bij niet haalbaar)").fill("De verhuurder werkt niet mee.")
    rij.get_by_role("button", name="Opslaan").click()
    rij = _rij(page, verlopen)
    expect(rij).to_contain_text("De actie is bijgewerkt: niet haalbaar.")
    expect(rij).to_contain_text("De actie staat niet meer in deze lijst.")
    assert page.evaluate("window.zelfdePagina") is True
    axe_check(page)

    # The other action: in uitvoering with a progress note; it stays, with its new status.
    rij = _rij(page, later)
    rij.get_by_text("Status of voortgang bijwerken").click()
    rij.get_by_label("Status").select_option(label="In uitvoering")
    rij.get_by_label("Voortgang (optioneel)").fill("Gesprekken met de buren ingepland.")
    rij.get_by_role("button", name="Opslaan").click()
    rij = _rij(page, later)
    expect(rij).to_contain_text("De actie is bijgewerkt: in uitvoering.")
    expect(rij.locator("td").nth(5)).to_have_text("In uitvoering")
    axe_check(page)

    assert Actie.objects.get(pk=verlopen.pk).status == ActieStatus.NIET_HAALBAAR
    assert Voortgang.objects.get(actie=later).notitie == "Gesprekken met de buren ingepland."

    # Its page shows the history with the note.
    rij.get_by_role("link", name="Buurtonderzoek doen").click()
    page.wait_for_url(f"**/acties/{later.pk}/")
    expect(page.get_by_text("Gesprekken met de buren ingepland.")).to_be_visible()
    axe_check(page)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_update_posts_and_comes_back_with_a_message(
    zvh, make_user, browser, live_server
):
    agent, verlopen, later = _wereld(zvh, make_user)
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        inject_verified_session(page, live_server, agent)
        page.goto("/mijn-acties/")
        rij = _rij(page, later)
        rij.get_by_text("Status of voortgang bijwerken").click()  # <details>: no script needed
        rij.get_by_label("Status").select_option(label="Niet haalbaar")
        rij.get_by_role("button", name="Opslaan").click()
        page.wait_for_load_state()
        expect(page.locator(".error-summary").first).to_contain_text(
            "Geef de reden waarom de actie niet haalbaar is."
        )
        assert Actie.objects.get(pk=later.pk).status == ActieStatus.OPEN

        rij = _rij(page, later)
        rij.get_by_label("Status").select_option(label="Gereed")
        rij.get_by_label("Voortgang (optioneel)").fill("Onderzoek afgerond.")
        rij.get_by_role("button", name="Opslaan").click()
        page.wait_for_url("**/mijn-acties/")
        expect(page.get_by_text("De actie is bijgewerkt: gereed.")).to_be_visible()
        expect(page.locator("tbody tr")).to_have_count(1)  # only the overdue one is left
        expect(_rij(page, verlopen)).to_contain_text("over de termijn")
        assert Actie.objects.get(pk=later.pk).status == ActieStatus.GEREED
        assert not csp_breaches(page)
    finally:
        context.close()
    # With scripts on, the same page passes axe (the check needs script to run).
    page = _new_page(browser, live_server)
    try:
        inject_verified_session(page, live_server, agent)
        page.goto("/mijn-acties/")
        axe_check(page)
    finally:
        page.context.close()
