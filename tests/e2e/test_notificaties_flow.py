"""With frozen time, an action becomes overdue and the notification appears (issue 12): the
overdue job runs in-process under the frozen clock, then the partner sees the bell's count,
opens the list, follows nothing personal, marks it read; axe-core on every page visited."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from casus import tasks
from casus.models import Notificatie
from partners.models import Rol
from tests.casus.factories import ActieFactory, CasusFactory, DoelFactory, PersoonFactory
from tests.e2e.conftest import axe_check
from tests.partners.factories import OrganisatieFactory


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_overdue_action_appears_in_the_bell_and_the_list(zvh, make_user, page_as, time_machine):
    politie = OrganisatieFactory(naam="Politie Oost")
    agent = make_user(zvh, Rol.KETENPARTNER, organisatie=politie, first_name="Piet")
    casus = CasusFactory(zvh=zvh, deelnemers=[politie])
    casus.personen.add(PersoonFactory(zvh=zvh, voornamen="Sanne", achternaam="de Boer"))
    ActieFactory(
        doel=DoelFactory(plan__casus=casus),
        organisatie=politie,
        deadline=datetime.date(2026, 4, 1),
    )

    # The day before the due date: nothing overdue, the bell says so.
    time_machine.move_to(datetime.datetime(2026, 3, 31, 10, 0, tzinfo=datetime.UTC))
    assert tasks.achterstand_melden.call() == 0
    page = page_as(agent)
    page.goto("/")
    bel = page.get_by_role("link", name="Notificaties (geen ongelezen)")
    expect(bel).to_be_visible()
    page.wait_for_load_state("load")
    axe_check(page)

    # The day after: the job runs (in-process, under the frozen clock) and the bell counts it.
    time_machine.move_to(datetime.datetime(2026, 4, 2, 7, 0, tzinfo=datetime.UTC))
    assert tasks.achterstand_melden.call() == 1
    # Two days on, yesterday's session has expired: the partner logs in again.
    page = page_as(agent)
    page.goto("/")
    bel = page.get_by_role("link", name="Notificaties (1 ongelezen)")
    expect(bel).to_be_visible()
    expect(bel).to_contain_text("1")
    page.wait_for_load_state("load")
    axe_check(page)

    bel.click()
    expect(page).to_have_url(re.compile(r"/notificaties/$"))
    melding = page.get_by_role("link", name=f"Actie over de termijn in casus {casus.nummer}")
    expect(melding).to_be_visible()
    assert "Sanne" not in page.content()
    page.wait_for_load_state("load")
    axe_check(page)

    # Marking it read (a plain form post) empties the bell.
    page.get_by_role("button", name=re.compile("^Markeer als gelezen")).click()
    expect(page.get_by_role("link", name="Notificaties (geen ongelezen)")).to_be_visible()
    expect(page.get_by_role("cell", name="gelezen", exact=True)).to_be_visible()
    page.wait_for_load_state("load")
    axe_check(page)
    assert Notificatie.objects.get().gelezen_op is not None

    # The link leads to the action's page, where the partner's organisation updates it.
    actie_id = Notificatie.objects.get().actie_id
    page.get_by_role("link", name=f"Actie over de termijn in casus {casus.nummer}").click()
    expect(page).to_have_url(re.compile(rf"/acties/{actie_id}/$"))
    page.wait_for_load_state("load")
    axe_check(page)

    # The e-mail setting, on the user's own account page.
    page.goto("/account/notificaties/")
    page.get_by_label("Stuur mij een e-mail").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("U krijgt voortaan een e-mail")).to_be_visible()
    page.wait_for_load_state("load")
    axe_check(page)
    agent.refresh_from_db()
    assert agent.email_notificaties
