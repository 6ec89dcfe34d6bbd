"""Notifications (issue 12 point 4): the triggers (information request, MDO invitation, the
overdue job), what a user is shown (only while it may still see the target, in its own house),
the bell and the list with their query budgets, marking read, audit, and no personal data in
the text."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit import events
from audit.models import AccessLog, Outcome
from casus import notificaties, services_notificaties, services_overleg, services_verrijking
from casus import selectors_notificaties as selectors
from casus.models import (
    ActieStatus,
    Deelnemer,
    Geheimhoudingsverklaring,
    Notificatie,
    NotificatieSoort,
)
from casus.services import deelnemer_verwijderen
from core.roles import Rol
from partners.models import RolToewijzing
from tests.casus.factories import (
    ActieFactory,
    CasusFactory,
    CasusoverlegFactory,
    DoelFactory,
    PersoonFactory,
    SessieFactory,
    UitnodigingFactory,
    UitvraagFactory,
)
from tests.conftest import actor_for, verify_session
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory

LIJST_QUERIES = 16


@pytest.fixture
def huis(zvh, other_zvh, make_user):
    """House A: a casus with Politie and GGZ as deelnemers (and a named person), an action of
    Politie, a request to Politie, an MDO with Politie and an incidentele partner (a school)
    invited. Users of every role, and accounts in house B of the same organisations."""
    politie = OrganisatieFactory(naam="Politie")
    ggz = OrganisatieFactory(naam="GGZ")
    wijkteam = OrganisatieFactory(naam="Wijkteam")
    school = OrganisatieFactory(naam="Basisschool")
    PartnerschapFactory(zvh=zvh, organisatie=school, incidenteel=True)
    casus = CasusFactory(zvh=zvh, deelnemers=[politie, ggz])
    persoon = PersoonFactory(zvh=zvh, voornamen="Sanne", achternaam="Brouwer")
    casus.personen.add(persoon)
    doel = DoelFactory(plan__casus=casus)
    actie = ActieFactory(doel=doel, organisatie=politie)
    uitvraag = UitvraagFactory(casus=casus, organisatie=politie)
    overleg = CasusoverlegFactory(sessie=SessieFactory(tafel__zvh=zvh), casus=casus)
    UitnodigingFactory(casusoverleg=overleg, organisatie=politie)
    UitnodigingFactory(casusoverleg=overleg, organisatie=school, incidenteel=True)
    w = {
        "zvh": zvh,
        "other_zvh": other_zvh,
        "politie": politie,
        "ggz": ggz,
        "wijkteam": wijkteam,
        "school": school,
        "casus": casus,
        "persoon": persoon,
        "actie": actie,
        "uitvraag": uitvraag,
        "overleg": overleg,
        "regisseur": make_user(zvh, Rol.PROCESREGISSEUR),
        "coordinator": make_user(zvh, Rol.INFORMATIECOORDINATOR),
        # Named so that no name of the persons above can be read from the page header.
        "agent": make_user(
            zvh, Rol.KETENPARTNER, organisatie=politie, first_name="Anouk", last_name="Visser"
        ),
        "collega": make_user(zvh, Rol.KETENPARTNER, organisatie=politie),
        "behandelaar": make_user(zvh, Rol.KETENPARTNER, organisatie=ggz),
        "wijkwerker": make_user(zvh, Rol.KETENPARTNER, organisatie=wijkteam),
        "leraar": make_user(zvh, Rol.KETENPARTNER, organisatie=school),
        "manager": make_user(zvh, Rol.MANAGER),
        "officer": make_user(zvh, Rol.PRIVACY_OFFICER),
        "beheerder": make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER),
        # ZSM at Politie, a deelnemer: dat-informatie only, none of the casus's targets.
        "zsm": make_user(zvh, Rol.ZSM, organisatie=politie),
        "elders": make_user(other_zvh, Rol.PROCESREGISSEUR),
        "agent_elders": make_user(other_zvh, Rol.KETENPARTNER, organisatie=politie),
    }
    # An account in both houses (the attacker of the matrix): Politie in A and in B.
    w["in_beide"] = make_user(zvh, Rol.KETENPARTNER, organisatie=politie)
    RolToewijzing.objects.create(medewerker=w["in_beide"], zvh=other_zvh, rol=Rol.KETENPARTNER)
    PartnerschapFactory(zvh=other_zvh, organisatie=politie)
    return w


def bel_tekst(page):
    """The bell link's name as a screen reader reads it: visually hidden parts in, the badge
    (aria-hidden, it repeats the number) out."""
    start = page.index('<a class="bel')
    link = page[start : page.index("</a>", start)]
    link = re.sub(r'<span[^>]*aria-hidden="true">[^<]*</span>', "", link)
    text = re.sub(r"<[^>]+>", "", link[link.index(">") + 1 :])
    return " ".join(text.split()).replace("( ", "(").replace(" )", ")")


def _alles_voor(w, user):
    """One notification of every kind for `user`, each pointing at house A's targets."""
    casus = w["casus"]
    for soort, doel in (
        (NotificatieSoort.ACTIE_VERLOPEN, {"actie": w["actie"]}),
        (NotificatieSoort.ACTIE_TOEGEWEZEN, {"actie": w["actie"]}),
        (NotificatieSoort.UITVRAAG, {"uitvraag": w["uitvraag"]}),
        (NotificatieSoort.MDO_UITNODIGING, {"casusoverleg": w["overleg"]}),
    ):
        notificaties.notificeren(
            soort=soort, casus=casus, ontvanger_ids=[user.pk], sleutel=f"test:{soort}", **doel
        )


def _soorten(w, user, zvh=None):
    actor = actor_for(user, zvh or w["zvh"])
    return sorted(selectors.zichtbare_notificaties(actor).values_list("soort", flat=True))


ALLES = sorted(NotificatieSoort.values)
ZONDER_ACTIE = sorted([NotificatieSoort.UITVRAAG, NotificatieSoort.MDO_UITNODIGING])

# Who is shown which of its own notifications (one of every kind, all about house A's casus).
MATRIX = {
    "agent": ALLES,  # Politie: deelnemer, its action, its request, invited
    "behandelaar": [],  # GGZ: deelnemer, but the action, request and MDO are Politie's
    "wijkwerker": [],  # not a deelnemer at all
    "leraar": [],  # incidentele partner, no declaration yet
    "regisseur": ZONDER_ACTIE,  # house staff: every request and MDO, never another org's action
    "coordinator": ZONDER_ACTIE,
    "manager": [],
    "officer": [],
    "beheerder": [],
    "zsm": [],  # Politie's ZSM desk: no rule for the casus, the request or the MDO
    "elders": [],  # another house's procesregisseur
    "agent_elders": [],  # Politie, but with a role in house B only
}


@pytest.mark.parametrize("wie", sorted(MATRIX))
def test_visibility_matrix_in_own_house(huis, wie):
    _alles_voor(huis, huis[wie])
    assert _soorten(huis, huis[wie]) == MATRIX[wie]


def test_an_account_in_two_houses_sees_house_a_only_in_house_a(huis):
    _alles_voor(huis, huis["in_beide"])
    assert _soorten(huis, huis["in_beide"]) == ALLES
    assert _soorten(huis, huis["in_beide"], zvh=huis["other_zvh"]) == []


@pytest.mark.parametrize("wie", sorted(MATRIX))
def test_visibility_matrix_on_the_pages(client, login, huis, wie):
    """The list shows the same, the bell counts the same, and nothing of the casus leaks."""
    user = huis[wie]
    _alles_voor(huis, user)
    login(user)
    response = client.get(reverse("casus:notificaties"))
    assert response.status_code == 200
    page = response.content.decode()
    aantal = len(MATRIX[wie])
    assert page.count('class="ongelezen"') == aantal
    if aantal:
        assert bel_tekst(page) == f"Notificaties ({aantal} ongelezen)"
    else:
        assert bel_tekst(page) == "Notificaties (geen ongelezen)"
        assert huis["casus"].nummer not in page
    assert escape(huis["persoon"].naam) not in page


def test_an_incidental_partner_sees_the_invitation_after_its_declaration(huis):
    _alles_voor(huis, huis["leraar"])
    assert _soorten(huis, huis["leraar"]) == []
    Geheimhoudingsverklaring.objects.create(
        organisatie=huis["school"],
        casus=huis["casus"],
        casusoverleg=huis["overleg"],
        naam_ondertekenaar="A. Jansen",
        getekend_op=timezone.localdate(),
        vastgelegd_door=huis["regisseur"],
    )
    assert _soorten(huis, huis["leraar"]) == [NotificatieSoort.MDO_UITNODIGING]


def test_without_a_second_factor_there_is_no_list_and_no_bell(client, huis):
    _alles_voor(huis, huis["agent"])
    client.force_login(huis["agent"])
    response = client.get(reverse("casus:notificaties"))
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]


# Triggers --------------------------------------------------------------------------------------


def test_an_information_request_notifies_the_asked_organisations_partner_users(huis):
    services_verrijking.uitvragen_stellen(
        actor=actor_for(huis["coordinator"], huis["zvh"]),
        casus=huis["casus"],
        organisaties=[huis["ggz"]],
        vraag="Wat is bij u bekend?",
        uiterlijk_op=timezone.localdate() + datetime.timedelta(days=7),
    )
    ontvangers = set(
        Notificatie.objects.filter(soort=NotificatieSoort.UITVRAAG).values_list(
            "ontvanger_id", flat=True
        )
    )
    assert ontvangers == {huis["behandelaar"].pk}
    assert _soorten(huis, huis["behandelaar"]) == [NotificatieSoort.UITVRAAG]


def test_a_refused_request_notifies_nobody(huis):
    with pytest.raises(Exception):  # noqa: B017 (the service's ServiceError)
        services_verrijking.uitvragen_stellen(
            actor=actor_for(huis["coordinator"], huis["zvh"]),
            casus=huis["casus"],
            organisaties=[huis["ggz"], huis["wijkteam"]],
            vraag="Wat is bij u bekend?",
            uiterlijk_op=timezone.localdate() + datetime.timedelta(days=7),
        )
    assert not Notificatie.objects.exists()


def test_an_mdo_invitation_notifies_the_invited_organisations_users(huis):
    services_overleg.uitnodigen(
        actor=actor_for(huis["regisseur"], huis["zvh"]),
        overleg=huis["overleg"],
        organisatie=huis["ggz"],
    )
    rows = Notificatie.objects.filter(soort=NotificatieSoort.MDO_UITNODIGING)
    assert set(rows.values_list("ontvanger_id", flat=True)) == {huis["behandelaar"].pk}
    assert rows.get().casusoverleg_id == huis["overleg"].pk
    # Invited (a full partner), GGZ may see the MDO now: the notification is shown.
    assert _soorten(huis, huis["behandelaar"]) == [NotificatieSoort.MDO_UITNODIGING]


def test_an_inactive_user_is_not_notified(huis):
    huis["collega"].is_active = False
    huis["collega"].save()
    notificaties.uitvraag_gesteld(huis["uitvraag"])
    assert set(Notificatie.objects.values_list("ontvanger_id", flat=True)) == {
        huis["agent"].pk,
        huis["in_beide"].pk,
    }


def test_creating_twice_is_idempotent(huis):
    notificaties.uitvraag_gesteld(huis["uitvraag"])
    notificaties.uitvraag_gesteld(huis["uitvraag"])
    assert Notificatie.objects.count() == 3  # agent, collega, in_beide: once each


# Access lost -----------------------------------------------------------------------------------


def test_an_organisation_removed_from_the_casus_no_longer_sees_its_notifications(huis):
    _alles_voor(huis, huis["agent"])
    assert _soorten(huis, huis["agent"]) == ALLES
    deelnemer_verwijderen(
        actor=actor_for(huis["regisseur"], huis["zvh"]),
        deelnemer=Deelnemer.objects.get(casus=huis["casus"], organisatie=huis["politie"]),
    )
    # The MDO invitation stays (the MDO's own rule: invited), the rest needs the casus grant.
    assert _soorten(huis, huis["agent"]) == [NotificatieSoort.MDO_UITNODIGING]
    assert selectors.ongelezen_aantal(actor_for(huis["agent"], huis["zvh"])).value == 1


def test_a_user_who_lost_its_role_sees_nothing(huis):
    _alles_voor(huis, huis["agent"])
    RolToewijzing.objects.filter(medewerker=huis["agent"]).delete()
    assert _soorten(huis, huis["agent"]) == []


def test_an_action_moved_to_another_organisation_leaves_the_old_ones_list(huis):
    _alles_voor(huis, huis["agent"])
    huis["actie"].organisatie = huis["ggz"]
    huis["actie"].save()
    assert _soorten(huis, huis["agent"]) == ZONDER_ACTIE


def test_a_closed_casus_shows_a_partner_nothing_about_its_actions(huis):
    _alles_voor(huis, huis["agent"])
    huis["casus"].status = "afgesloten"
    huis["casus"].save()
    # Closing revokes the grants (the afsluiting service); here: the grant gone with it.
    Deelnemer.objects.filter(casus=huis["casus"]).delete()
    from casus.models import CasusGroupObjectPermission

    CasusGroupObjectPermission.objects.filter(content_object=huis["casus"]).delete()
    assert NotificatieSoort.ACTIE_VERLOPEN not in _soorten(huis, huis["agent"])


def test_closing_through_the_service_hides_the_partners_notifications_of_that_casus(
    client, login, huis
):
    """The real afsluiting (its evaluation per goal, its revoked grants, the MDO planned
    before it) leaves the agent none of its notifications about the casus: not the action's,
    not the request's, not the MDO invitation's; the list and the bell name nothing of it."""
    from casus import services_afsluiting
    from casus.models import AfsluitReden, AfsluitSoort, CasusStatus, Doel, DoelResultaat
    from casus.services_afsluiting import Evaluatie
    from tests.casus.factories import afsluitredenen_huis

    afsluitredenen_huis(huis["zvh"])
    _alles_voor(huis, huis["agent"])
    assert _soorten(huis, huis["agent"]) == ALLES
    casus = huis["casus"]
    services_afsluiting.casus_afsluiten(
        actor=actor_for(huis["regisseur"], huis["zvh"]),
        casus=casus,
        soort=AfsluitSoort.AFSLUITING,
        reden=AfsluitReden.objects.get(zvh=huis["zvh"], code="verhuisd"),
        toelichting="Betrokkene is verhuisd.",
        ave_niveau=1,
        evaluaties={
            doel.pk: Evaluatie(DoelResultaat.BEHAALD, "Bereikt.")
            for doel in Doel.objects.filter(plan__casus=casus)
        },
    )
    casus.refresh_from_db()
    assert casus.status == CasusStatus.AFGESLOTEN
    assert not Deelnemer.objects.filter(casus=casus, organisatie=huis["politie"]).exists()
    # The notifications are still stored; the agent is shown none of them.
    assert Notificatie.objects.filter(ontvanger=huis["agent"], casus=casus).count() == 4
    assert _soorten(huis, huis["agent"]) == []
    assert selectors.ongelezen_aantal(actor_for(huis["agent"], huis["zvh"])).value == 0
    login(huis["agent"])
    response = client.get(reverse("casus:notificaties"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="ongelezen"' not in page
    assert bel_tekst(page) == "Notificaties (geen ongelezen)"
    assert casus.nummer not in page
    persoon = huis["persoon"]
    for waarde in (persoon.naam, persoon.voornamen, persoon.achternaam):
        assert escape(waarde) not in page, waarde


# The overdue job -------------------------------------------------------------------------------


def _verloop(huis, **kwargs):
    return ActieFactory(
        doel=DoelFactory(plan__casus=huis["casus"]),
        organisatie=huis["politie"],
        deadline=datetime.date(2026, 3, 10),
        **kwargs,
    )


def test_the_overdue_job_tells_the_organisation_once_per_due_date(huis, time_machine):
    actie = _verloop(huis)
    time_machine.move_to(datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC))
    assert services_notificaties.achterstand_melden() == 0  # due today: not overdue yet
    time_machine.move_to(datetime.datetime(2026, 3, 11, 9, 0, tzinfo=datetime.UTC))
    assert services_notificaties.achterstand_melden() == 1
    actie.refresh_from_db()
    assert actie.verlopen_gemeld_op == datetime.date(2026, 3, 10)
    assert actie.versie == 0  # job bookkeeping, not an edit
    rows = Notificatie.objects.filter(actie=actie, soort=NotificatieSoort.ACTIE_VERLOPEN)
    assert set(rows.values_list("ontvanger_id", flat=True)) == {
        huis["agent"].pk,
        huis["collega"].pk,
        huis["in_beide"].pk,
    }
    # A second run reports nothing new.
    assert services_notificaties.achterstand_melden() == 0
    assert rows.count() == 3
    # A new due date that passes is overdue again: a new notification.
    actie.deadline = datetime.date(2026, 3, 20)
    actie.save()
    time_machine.move_to(datetime.datetime(2026, 3, 21, 9, 0, tzinfo=datetime.UTC))
    assert services_notificaties.achterstand_melden() == 1
    assert rows.count() == 6
    audit = AccessLog.objects.filter(event_type=events.ACHTERSTAND_GEMELD)
    assert audit.count() == 2
    assert {r.user_display for r in audit} == {services_notificaties.ACHTERSTAND_TAAK}


def test_the_overdue_job_tells_the_named_owner_only(huis, time_machine):
    actie = _verloop(huis, eigenaar=huis["collega"])
    time_machine.move_to(datetime.datetime(2026, 3, 12, 9, 0, tzinfo=datetime.UTC))
    services_notificaties.achterstand_melden()
    assert list(Notificatie.objects.filter(actie=actie).values_list("ontvanger_id", flat=True)) == [
        huis["collega"].pk
    ]


def test_the_overdue_job_skips_finished_actions_and_closed_casussen(huis, time_machine):
    _verloop(huis, status=ActieStatus.GEREED)
    _verloop(huis, niet_haalbaar=True)
    gesloten = CasusFactory(zvh=huis["zvh"], afgesloten=True, deelnemers=[huis["politie"]])
    ActieFactory(
        doel=DoelFactory(plan__casus=gesloten),
        organisatie=huis["politie"],
        deadline=datetime.date(2026, 3, 10),
    )
    lopend = _verloop(huis, status=ActieStatus.IN_UITVOERING)
    time_machine.move_to(datetime.datetime(2026, 3, 12, 9, 0, tzinfo=datetime.UTC))
    assert services_notificaties.achterstand_melden() == 1
    assert set(Notificatie.objects.values_list("actie_id", flat=True)) == {lopend.pk}


def test_the_overdue_job_works_in_batches(huis, time_machine, monkeypatch):
    monkeypatch.setattr(services_notificaties, "ACHTERSTAND_BATCH", 3)
    for _ in range(7):
        _verloop(huis)
    time_machine.move_to(datetime.datetime(2026, 3, 12, 9, 0, tzinfo=datetime.UTC))
    assert services_notificaties.achterstand_melden() == 7
    assert Notificatie.objects.count() == 7 * 3
    assert AccessLog.objects.filter(event_type=events.ACHTERSTAND_GEMELD).count() == 3


def test_the_demo_databases_insert_path_writes_the_same_rows(huis, time_machine, monkeypatch):
    """SQLite (make demo) inserts with bulk_create, PostgreSQL with one INSERT ... SELECT:
    the same notifications either way, and both skip what a recipient already has."""
    from django.db import connection

    _verloop(huis)
    _verloop(huis, eigenaar=huis["collega"])
    time_machine.move_to(datetime.datetime(2026, 3, 12, 9, 0, tzinfo=datetime.UTC))
    services_notificaties.achterstand_melden()
    velden = ("zvh_id", "ontvanger_id", "soort", "casus_id", "actie_id", "sleutel")
    postgres = sorted(Notificatie.objects.values_list(*velden))
    Notificatie.objects.all().delete()
    from casus.models import Actie

    Actie.objects.update(verlopen_gemeld_op=None)
    monkeypatch.setattr(connection, "vendor", "sqlite")
    services_notificaties.achterstand_melden()
    Actie.objects.update(verlopen_gemeld_op=None)
    services_notificaties.achterstand_melden()  # again: nothing twice
    assert sorted(Notificatie.objects.values_list(*velden)) == postgres
    assert len(postgres) == 3 + 1


def test_the_task_runs_the_job(huis, time_machine):
    from casus import tasks

    _verloop(huis)
    time_machine.move_to(datetime.datetime(2026, 3, 12, 9, 0, tzinfo=datetime.UTC))
    assert tasks.achterstand_melden.call() == 1


# The list page -----------------------------------------------------------------------------


def test_the_list_links_each_notification_to_its_target_without_names(client, login, huis):
    _alles_voor(huis, huis["agent"])
    login(huis["agent"])
    page = client.get(reverse("casus:notificaties")).content.decode()
    nummer = huis["casus"].nummer
    assert f"Actie over de termijn in casus {nummer}" in page
    assert f"Informatieverzoek ontvangen in casus {nummer}" in page
    assert f"Uitnodiging voor een MDO in casus {nummer}" in page
    assert reverse("casus:uitvraag", args=[huis["uitvraag"].pk]) in page
    assert reverse("casus:overleg", args=[huis["overleg"].pk]) in page
    actie = Notificatie.objects.filter(soort=NotificatieSoort.ACTIE_VERLOPEN).first().actie
    assert reverse("casus:actie", args=[actie.pk]) in page
    for text in (huis["persoon"].naam, "Sanne", "Brouwer", "Huurschuld"):
        assert escape(text) not in page


def test_the_list_page_is_one_audited_read_naming_the_casus_persons(client, login, huis):
    _alles_voor(huis, huis["agent"])
    login(huis["agent"])
    response = client.get(reverse("casus:notificaties"))
    row = AccessLog.objects.get(event_type=events.NOTIFICATIES_BEKEKEN)
    assert row.request_id == response["X-Request-ID"]
    assert row.persoon_pseudoniem == huis["persoon"].audit_pseudoniem
    assert row.detail == "eerste pagina"


def test_the_list_is_newest_first_and_pages_by_keyset(client, login, huis, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC))
    casussen = []
    for dag in range(30):
        time_machine.move_to(datetime.datetime(2026, 3, 1 + dag % 28, 9, dag, tzinfo=datetime.UTC))
        casus = CasusFactory(zvh=huis["zvh"], deelnemers=[huis["politie"]])
        casussen.append(casus)
        notificaties.notificeren(
            soort=NotificatieSoort.UITVRAAG,
            casus=casus,
            ontvanger_ids=[huis["agent"].pk],
            sleutel=f"test:{dag}",
            uitvraag=UitvraagFactory(casus=casus, organisatie=huis["politie"]),
        )
    login(huis["agent"])
    eerste = client.get(reverse("casus:notificaties")).content.decode()
    assert eerste.count('class="ongelezen"') == 25
    assert eerste.index(casussen[27].nummer) < eerste.index(casussen[26].nummer)
    assert 'rel="next"' in eerste
    na = eerste.split("na=")[1].split('"')[0].replace("&amp;", "&")
    from urllib.parse import unquote

    tweede = client.get(reverse("casus:notificaties"), {"na": unquote(na)}).content.decode()
    assert tweede.count('class="ongelezen"') == 5
    bad = client.get(reverse("casus:notificaties"), {"na": "vervalst"})
    assert bad.status_code == 200 and "ongeldig" in bad.content.decode()


def _meer(huis, n):
    for i in range(n):
        casus = CasusFactory(zvh=huis["zvh"], deelnemers=[huis["politie"]])
        casus.personen.add(PersoonFactory(zvh=huis["zvh"]), PersoonFactory(zvh=huis["zvh"]))
        uitvraag = UitvraagFactory(casus=casus, organisatie=huis["politie"])
        notificaties.notificeren(
            soort=NotificatieSoort.UITVRAAG,
            casus=casus,
            ontvanger_ids=[huis["agent"].pk],
            sleutel=f"meer:{i}",
            uitvraag=uitvraag,
        )


def test_list_query_count_is_fixed_at_1_and_50_rows(
    client, login, huis, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(huis["agent"])
    url = reverse("casus:notificaties")

    def count():
        client.get(url)
        with django_assert_max_num_queries(LIJST_QUERIES), CaptureQueriesContext(connection) as c:
            response = client.get(url)
        assert response.status_code == 200
        return len(c.captured_queries), response.content.decode()

    _meer(huis, 1)
    een, page = count()
    assert page.count('class="ongelezen"') == 1
    _meer(huis, 49)
    # The page shows 25; 50 exist: the count and the page stay within the same budget.
    vijftig, page = count()
    assert page.count('class="ongelezen"') == 25
    assert een == vijftig, (een, vijftig)


def test_the_bell_is_two_queries_whatever_the_number(huis, django_assert_num_queries):
    _alles_voor(huis, huis["agent"])
    _meer(huis, 50)
    actor = actor_for(huis["agent"], huis["zvh"])
    with django_assert_num_queries(2):
        aantal = selectors.ongelezen_aantal(actor)
    assert aantal.value == 54


def test_with_nothing_unread_the_bell_is_one_probe(huis, django_assert_num_queries):
    _alles_voor(huis, huis["agent"])
    Notificatie.objects.update(gelezen_op=timezone.now())
    actor = actor_for(huis["agent"], huis["zvh"])
    with django_assert_num_queries(1) as captured:
        aantal = selectors.ongelezen_aantal(actor)
    assert aantal.value == 0 and str(aantal) == "0"
    # The probe reads the notifications alone, not the targets' visibility.
    assert "casus_casus" not in captured.captured_queries[0]["sql"]


def test_unread_that_the_user_may_no_longer_see_counts_nothing_after_the_probe(huis):
    """Only an unread notification whose target the user may not see: the probe finds it, the
    count through the visibility query leaves it out."""
    _alles_voor(huis, huis["agent"])
    casus = Notificatie.objects.filter(ontvanger=huis["agent"]).first().casus
    Notificatie.objects.update(gelezen_op=timezone.now())
    Notificatie.objects.create(
        zvh=huis["zvh"],
        ontvanger=huis["agent"],
        soort=NotificatieSoort.UITVRAAG,  # a request it cannot see: none
        casus=casus,
        sleutel="onzichtbaar-doel",
    )
    assert selectors.ongelezen_aantal(actor_for(huis["agent"], huis["zvh"])).value == 0


def test_the_bell_caps_its_count(client, login, huis, monkeypatch):
    monkeypatch.setattr(selectors, "BEL_MAXIMUM", 3)
    _alles_voor(huis, huis["agent"])
    _meer(huis, 2)
    login(huis["agent"])
    page = client.get(reverse("home")).content.decode()
    assert bel_tekst(page) == "Notificaties (3+ ongelezen)"


def test_the_bell_shows_on_every_page_for_a_verified_user(client, login, huis):
    _alles_voor(huis, huis["agent"])
    login(huis["agent"])
    page = client.get(reverse("casus:uitvragen")).content.decode()
    assert reverse("casus:notificaties") in page
    assert bel_tekst(page) == "Notificaties (4 ongelezen)"


# Marking read ----------------------------------------------------------------------------------


def test_marking_one_read(client, login, huis):
    _alles_voor(huis, huis["agent"])
    eentje = Notificatie.objects.get(soort=NotificatieSoort.UITVRAAG)
    login(huis["agent"])
    response = client.post(reverse("casus:notificatie_gelezen", args=[eentje.pk]))
    assert response.status_code == 302
    eentje.refresh_from_db()
    assert eentje.gelezen_op is not None
    assert Notificatie.objects.filter(gelezen_op__isnull=True).count() == 3
    row = AccessLog.objects.get(event_type=events.NOTIFICATIES_GELEZEN)
    assert row.object_id == str(eentje.pk)
    assert selectors.ongelezen_aantal(actor_for(huis["agent"], huis["zvh"])).value == 3


def test_marking_all_read(client, login, huis):
    _alles_voor(huis, huis["agent"])
    _alles_voor(huis, huis["collega"])
    login(huis["agent"])
    client.post(reverse("casus:notificaties_alles_gelezen"))
    assert not Notificatie.objects.filter(ontvanger=huis["agent"], gelezen_op__isnull=True)
    collega = Notificatie.objects.filter(ontvanger=huis["collega"], gelezen_op__isnull=True)
    assert collega.count() == 4
    assert AccessLog.objects.get(event_type=events.NOTIFICATIES_GELEZEN).detail == "4 notificaties"


def test_another_users_notification_is_a_404_audited_and_unchanged(client, login, huis):
    _alles_voor(huis, huis["collega"])
    andere = Notificatie.objects.filter(ontvanger=huis["collega"]).first()
    login(huis["agent"])
    response = client.post(reverse("casus:notificatie_gelezen", args=[andere.pk]))
    assert response.status_code == 404
    andere.refresh_from_db()
    assert andere.gelezen_op is None
    row = AccessLog.objects.get(event_type=events.TOEGANG_GEWEIGERD)
    assert row.outcome == Outcome.DENIED and row.detail == "notificatie.bekijken"


def test_a_notification_no_longer_visible_cannot_be_marked(client, login, huis):
    _alles_voor(huis, huis["agent"])
    actie = Notificatie.objects.get(soort=NotificatieSoort.ACTIE_VERLOPEN)
    huis["actie"].organisatie = huis["ggz"]
    huis["actie"].save()
    login(huis["agent"])
    assert client.post(reverse("casus:notificatie_gelezen", args=[actie.pk])).status_code == 404


def test_mark_read_needs_post(client, login, huis):
    _alles_voor(huis, huis["agent"])
    login(huis["agent"])
    eentje = Notificatie.objects.first()
    assert client.get(reverse("casus:notificatie_gelezen", args=[eentje.pk])).status_code == 405
    assert client.get(reverse("casus:notificaties_alles_gelezen")).status_code == 405


def test_marking_read_in_the_other_house_changes_nothing_in_this_one(client, huis):
    _alles_voor(huis, huis["in_beide"])
    verify_session(client, huis["in_beide"])
    session = client.session
    from partners.middleware import ZVH_KEY

    session[ZVH_KEY] = huis["other_zvh"].pk
    session.save()
    client.post(reverse("casus:notificaties_alles_gelezen"))
    assert Notificatie.objects.filter(gelezen_op__isnull=True).count() == 4
