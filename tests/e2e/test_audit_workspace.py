"""axe-core on the privacy officer's review workspace pages, in Chromium, and the Dutch words
they show for the codes the rows store."""

import pytest

from audit import events
from core.crypto import blind_index
from partners.models import Rol
from tests.audit.rows import record
from tests.casus.factories import PersoonFactory
from tests.e2e.conftest import axe_check
from tests.partners.factories import (
    MedewerkerFactory,
    PartnerschapFactory,
    RolToewijzingFactory,
    ZvhFactory,
)

BSN = "111222333"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_review_workspace_pages_pass_axe(page_as):
    zvh = ZvhFactory()
    officer = MedewerkerFactory(first_name="Pia", last_name="Privacy")
    PartnerschapFactory(zvh=zvh, organisatie=officer.organisatie)
    RolToewijzingFactory(medewerker=officer, zvh=zvh, rol=Rol.PRIVACY_OFFICER)
    colleague = MedewerkerFactory(organisatie=officer.organisatie)
    for _ in range(3):
        record(
            event=events.MEDEWERKER_BEKEKEN,
            zvh=zvh,
            actor=colleague,
            persoon_pseudoniem=blind_index(BSN),
            doel="triage",
        )
    PersoonFactory(zvh=zvh, bsn=BSN, voornamen="Noor", achternaam="Jansen")
    record(
        event=events.PERSOON_BEKEKEN,
        zvh=zvh,
        actor=colleague,
        rollen=[Rol.PROCESREGISSEUR, Rol.PRIVACY_OFFICER],
        persoon_pseudoniem=blind_index(BSN),
        doel="triage",
    )
    record(event=events.TOEGANG_GEWEIGERD, zvh=zvh, actor=colleague, outcome="denied")
    page = page_as(officer)
    page.goto("/")
    page.get_by_role("link", name="Auditlog").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Auditlog", level=1).is_visible()
    axe_check(page)

    # A person search: the results, then the detail of one row.
    page.get_by_label("BSN van de persoon").fill(BSN)
    page.get_by_label("Doel van deze zoekvraag").fill("inzageverzoek 2026-014")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Gefilterd op één persoon").is_visible()
    assert BSN not in page.content()
    results = page.get_by_role("table", name="Auditregels, nieuwste eerst")
    assert results.get_by_role("cell", name="Persoon bekeken", exact=True).is_visible()
    assert results.get_by_role("cell", name="Privacy officer, Procesregisseur").is_visible()
    assert results.get_by_role("cell", name="Geslaagd").first.is_visible()
    assert "persoon_bekeken" not in results.inner_text()
    axe_check(page)
    page.get_by_role("link", name="Regel").first.click()
    page.wait_for_load_state()
    facts = page.locator("dl.facts")
    assert "Persoon bekeken" in facts.inner_text() and "Inzien" in facts.inner_text()
    for code in ("persoon_bekeken", "privacy_officer", "success"):
        assert code not in facts.inner_text()
    axe_check(page)

    # The event filter by its label.
    page.goto("/audit/")
    page.get_by_label("Gebeurtenis").select_option(label="Toegang geweigerd")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.wait_for_load_state()
    results = page.get_by_role("table", name="Auditregels, nieuwste eerst")
    assert results.get_by_role("cell", name="Geweigerd", exact=True).is_visible()
    axe_check(page)

    # A malformed search: the form with its errors.
    page.goto("/audit/")
    page.get_by_label("BSN van de persoon").fill("123456789")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.wait_for_load_state()
    assert (
        page.locator("#id_bsn_error")
        .get_by_text("Dit BSN voldoet niet aan de elfproef.")
        .is_visible()
    )
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    axe_check(page)

    page.get_by_role("link", name="Wie heeft deze persoon ingezien").click()
    page.wait_for_load_state()
    axe_check(page)
    page.get_by_label("BSN van de persoon").fill(BSN)
    page.get_by_label("Doel").fill("inzageverzoek 2026-014")
    page.get_by_role("button", name="Overzicht tonen").click()
    page.wait_for_load_state()
    assert page.get_by_role("cell", name="triage").first.is_visible()
    assert page.get_by_role("heading", name="Overzicht voor Noor Jansen").is_visible()
    assert page.get_by_role("cell", name="Persoon bekeken – geslaagd").is_visible()
    assert BSN not in page.content()
    axe_check(page)

    page.get_by_role("link", name="Signalen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Geweigerde pogingen").is_visible()
    assert page.get_by_text("Lijstpagina's zoals werkvoorraden").is_visible()
    axe_check(page)
