"""The plan van aanpak pages and the casus history: who sees what (every role, both houses, an
account in two houses), one audited read per page, refusals as 403/404 (audited), the forms'
errors as 4xx with nothing saved, the stale-version message with the input kept, an MDO
decision turned into actions without JavaScript, and a fixed number of queries at 1 and 50."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit import events
from audit.models import AccessLog, Outcome
from casus import services_plan
from casus.models import Actie, Doel, Leefgebied, PlanVanAanpak
from casus.services_plan import ActieInvoer
from core import policy
from core.roles import Rol
from partners.middleware import ZVH_KEY
from partners.models import RolToewijzing
from tests.casus.factories import (
    ActieFactory,
    CasusFactory,
    CasusoverlegFactory,
    DoelFactory,
    PersoonFactory,
    PlanFactory,
    SessieFactory,
    VoortgangFactory,
    zrm_huis,
)
from tests.conftest import actor_for
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory

PLAN_QUERIES = 21
GESCHIEDENIS_QUERIES = 15


def _dag(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def wereld(zvh, other_zvh, make_user):
    """House A: a casus (one person) with Politie and GGZ as deelnemers and a school taking
    part as incidentele partner; Wijkteam a partner outside the casus. A goal with an action
    for each of Politie and GGZ, and a progress note of GGZ. House B shares Politie; one
    Politie account holds the ketenpartner role in both houses."""
    zrm_huis(zvh)
    zvh_org = OrganisatieFactory(naam="ZVH A")
    politie = OrganisatieFactory(naam="Politie")
    ggz = OrganisatieFactory(naam="GGZ")
    wijkteam = OrganisatieFactory(naam="Wijkteam")
    school = OrganisatieFactory(naam="Basisschool")
    PartnerschapFactory(zvh=zvh, organisatie=school, incidenteel=True)
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR, organisatie=zvh_org, first_name="Petra")
    casus = CasusFactory(zvh=zvh, deelnemers=[politie, ggz], procesregisseur=regisseur)
    from casus.services import deelname_vastleggen

    deelname_vastleggen(casus=casus, organisatie=school, rol="partner")
    persoon = PersoonFactory(zvh=zvh)
    casus.personen.add(persoon)
    doel = DoelFactory(
        plan=PlanFactory(casus=casus, versie=3),
        omschrijving="Betrokkene heeft een vaste woonplek",
        leefgebieden=list(Leefgebied.objects.filter(zvh=zvh)[:2]),
    )
    actie_politie = ActieFactory(doel=doel, organisatie=politie, omschrijving="Huisbezoek")
    actie_ggz = ActieFactory(doel=doel, organisatie=ggz, omschrijving="Behandeling", verlopen=True)
    VoortgangFactory(actie=actie_ggz, notitie="Notitie van de GGZ over de behandeling")
    dubbel = make_user(zvh, Rol.KETENPARTNER, organisatie=politie)
    RolToewijzing.objects.create(medewerker=dubbel, zvh=other_zvh, rol=Rol.KETENPARTNER)
    PartnerschapFactory(zvh=other_zvh, organisatie=politie)
    return {
        "zvh": zvh,
        "other_zvh": other_zvh,
        "casus": casus,
        "persoon": persoon,
        "doel": doel,
        "actie_politie": actie_politie,
        "actie_ggz": actie_ggz,
        "politie": politie,
        "ggz": ggz,
        "regisseur": regisseur,
        "coordinator": make_user(zvh, Rol.INFORMATIECOORDINATOR, organisatie=zvh_org),
        "partner": make_user(zvh, Rol.KETENPARTNER, organisatie=politie),
        "buiten": make_user(zvh, Rol.KETENPARTNER, organisatie=wijkteam),
        "incidenteel": make_user(zvh, Rol.KETENPARTNER, organisatie=school),
        "manager": make_user(zvh, Rol.MANAGER, organisatie=zvh_org),
        "officer": make_user(zvh, Rol.PRIVACY_OFFICER, organisatie=zvh_org),
        "beheerder": make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, organisatie=zvh_org),
        # ZSM works at a deelnemer organisation: its role gives dat-informatie only, no plan.
        "zsm": make_user(zvh, Rol.ZSM, organisatie=politie),
        "elders": make_user(other_zvh, Rol.PROCESREGISSEUR),
        "elders_coordinator": make_user(other_zvh, Rol.INFORMATIECOORDINATOR),
        "dubbel": dubbel,
    }


def _login(client, login, wereld, wie):
    """Log `wie` in; "dubbel_in_b" is the two-house account working in house B."""
    user = wereld["dubbel" if wie.startswith("dubbel") else wie]
    login(user)
    if wie == "dubbel_in_b":
        session = client.session
        session[ZVH_KEY] = wereld["other_zvh"].pk
        session.save()
    return user


def _urls(w):
    casus = w["casus"]
    return {
        "plan": reverse("casus:plan", args=[casus.pk]),
        "geschiedenis": reverse("casus:geschiedenis", args=[casus.pk]),
        "doel": reverse("casus:plan_doel", args=[casus.pk, w["doel"].pk]),
        "actie": reverse("casus:plan_actie", args=[casus.pk, w["actie_politie"].pk]),
        "doel_toevoegen": reverse("casus:plan_doel_toevoegen", args=[casus.pk]),
    }


MATRIX = [
    # who, plan page, history, edit page (GET of a goal), adding a goal (POST)
    ("regisseur", 200, 200, 200, 302),
    ("coordinator", 200, 200, 403, 403),
    ("partner", 200, 403, 403, 403),
    ("dubbel", 200, 403, 403, 403),
    ("buiten", 404, 404, 404, 404),
    ("incidenteel", 404, 404, 404, 404),
    ("manager", 404, 404, 404, 404),
    ("officer", 404, 404, 404, 404),
    ("beheerder", 404, 404, 404, 404),
    ("zsm", 404, 404, 404, 404),
    ("elders", 404, 404, 404, 404),
    ("elders_coordinator", 404, 404, 404, 404),
    ("dubbel_in_b", 404, 404, 404, 404),
]


@pytest.mark.parametrize(("wie", "plan", "geschiedenis", "bewerken", "toevoegen"), MATRIX)
def test_visibility_matrix(client, login, wereld, wie, plan, geschiedenis, bewerken, toevoegen):
    _login(client, login, wereld, wie)
    urls = _urls(wereld)
    response = client.get(urls["plan"])
    assert response.status_code == plan
    if plan == 200:
        body = response.content.decode()
        # The whole plan: every goal and action with organisation, due date and status ...
        assert "Betrokkene heeft een vaste woonplek" in body
        assert "Huisbezoek" in body and "Behandeling" in body and "GGZ" in body
        assert escape(wereld["persoon"].naam) in body
        # ... but never another organisation's progress note.
        assert "Notitie van de GGZ" not in body
    else:
        assert "Huisbezoek" not in response.content.decode()
    assert client.get(urls["geschiedenis"]).status_code == geschiedenis
    assert client.get(urls["doel"]).status_code == bewerken
    assert client.get(urls["actie"]).status_code == bewerken
    data = {"omschrijving": "Nieuw doel", "leefgebieden": [_gebied(wereld).pk], "versie": 3}
    assert client.post(urls["doel_toevoegen"], data).status_code == toevoegen
    assert Doel.objects.count() == (2 if toevoegen == 302 else 1)


def _gebied(w):
    return Leefgebied.objects.filter(zvh=w["zvh"]).first()


def test_a_refused_action_on_a_visible_plan_is_a_403_audited(client, login, wereld):
    login(wereld["partner"])
    urls = _urls(wereld)
    assert client.post(urls["doel_toevoegen"], {"versie": 3}).status_code == 403
    row = AccessLog.objects.get(event_type=events.TOEGANG_GEWEIGERD)
    assert row.outcome == Outcome.DENIED and row.detail == "plan.bewerken"


def test_an_unverified_session_reaches_no_plan(client, wereld):
    client.force_login(wereld["regisseur"])  # password only, no second factor
    for url in _urls(wereld).values():
        response = client.get(url)
        assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_the_plan_page_is_one_read_naming_the_persons(client, login, wereld):
    login(wereld["partner"])
    assert client.get(_urls(wereld)["plan"]).status_code == 200
    (row,) = AccessLog.objects.filter(action="read")
    assert row.event_type == events.PLAN_BEKEKEN
    assert row.casus_id == str(wereld["casus"].pk)
    assert row.getoonde_personen == [wereld["persoon"].audit_pseudoniem]


@pytest.mark.parametrize("wie", ["regisseur", "coordinator", "partner", "dubbel"])
def test_the_plan_page_links_the_casus_and_its_history_as_the_policy_allows(
    client, login, wereld, wie
):
    """The casus link's permission is read with the casus (one query); it is the policy's."""
    user = _login(client, login, wereld, wie)
    casus = wereld["casus"]
    body = client.get(_urls(wereld)["plan"]).content.decode()
    actor = actor_for(user, wereld["zvh"])
    casus_link = f'href="{reverse("casus:casus", args=[casus.pk])}"'
    geschiedenis_link = f'href="{_urls(wereld)["geschiedenis"]}"'
    assert (casus_link in body) == policy.may(actor, "casus.bekijken", casus)
    assert (geschiedenis_link in body) == policy.may(actor, "casus.geschiedenis", casus)


def test_the_plan_page_marks_overdue_actions_and_shows_the_version(client, login, wereld):
    login(wereld["regisseur"])
    body = client.get(_urls(wereld)["plan"]).content.decode()
    assert body.count("<strong>verlopen</strong>") == 1  # the GGZ action, due yesterday
    assert "<dt>Versie van het plan</dt><dd>3</dd>" in body
    assert 'name="versie" value="3"' in body


def test_the_procesregisseur_adds_a_goal_and_an_action(client, login, wereld):
    login(wereld["regisseur"])
    urls = _urls(wereld)
    gebieden = list(Leefgebied.objects.filter(zvh=wereld["zvh"])[:2])
    response = client.post(
        urls["doel_toevoegen"],
        {
            "omschrijving": "Schulden geregeld",
            "leefgebieden": [g.pk for g in gebieden],
            "versie": 3,
        },
    )
    assert response.status_code == 302
    doel = Doel.objects.exclude(pk=wereld["doel"].pk).get()
    assert doel.omschrijving == "Schulden geregeld"
    response = client.post(
        reverse("casus:plan_actie_toevoegen", args=[wereld["casus"].pk]),
        {
            "doel": str(doel.pk),
            "omschrijving": "Schuldhulp aanvragen",
            "organisatie": str(wereld["ggz"].pk),
            "eigenaar": "",
            "deadline": _dag(10).isoformat(),
            "besluit": "",
            "versie": 4,
        },
    )
    assert response.status_code == 302
    actie = Actie.objects.get(doel=doel)
    assert actie.omschrijving == "Schuldhulp aanvragen"
    assert (actie.organisatie, actie.doel) == (wereld["ggz"], doel)
    body = client.get(urls["plan"]).content.decode()
    assert "Schuldhulp aanvragen" in body and "Schulden geregeld" in body


@pytest.mark.parametrize(
    ("wijziging", "melding"),
    [
        ({"organisatie": ""}, "Kies de verantwoordelijke organisatie."),
        ({"deadline": ""}, "Geef de datum waarop de actie uiterlijk gereed moet zijn."),
        (
            {"deadline": "gisteren"},
            "De uiterste datum ligt in het verleden; kies vandaag of later.",
        ),
        ({"organisatie": "wijkteam"}, "Selecteer een geldige keuze"),
        ({"omschrijving": ""}, "Beschrijf de actie."),
    ],
)
def test_a_bad_action_is_a_400_with_a_dutch_message(client, login, wereld, wijziging, melding):
    login(wereld["regisseur"])
    data = {
        "doel": str(wereld["doel"].pk),
        "omschrijving": "Een actie",
        "organisatie": str(wereld["politie"].pk),
        "deadline": _dag(3).isoformat(),
        "versie": 3,
        **wijziging,
    }
    if data["deadline"] == "gisteren":
        data["deadline"] = _dag(-1).isoformat()
    if data["organisatie"] == "wijkteam":
        data["organisatie"] = str(wereld["buiten"].organisatie_id)
    response = client.post(reverse("casus:plan_actie_toevoegen", args=[wereld["casus"].pk]), data)
    assert response.status_code == 400
    assert escape(melding) in response.content.decode()
    assert 'class="error-summary"' in response.content.decode()
    assert Actie.objects.count() == 2


def test_a_goal_without_life_domain_is_a_400(client, login, wereld):
    login(wereld["regisseur"])
    response = client.post(_urls(wereld)["doel_toevoegen"], {"omschrijving": "Doel", "versie": 3})
    assert response.status_code == 400
    assert "Kies ten minste één leefgebied." in response.content.decode()
    assert Doel.objects.count() == 1


def test_the_second_writer_gets_the_conflict_with_its_input_kept(client, login, wereld, as_actor):
    login(wereld["regisseur"])
    # Someone else changes the plan after this writer opened it at version 3.
    services_plan.actie_toevoegen(
        actor=as_actor(wereld["regisseur"], wereld["zvh"]),
        casus=wereld["casus"],
        invoer=ActieInvoer(
            omschrijving="Tussendoor",
            organisatie=wereld["politie"],
            deadline=_dag(5),
            doel=wereld["doel"],
        ),
        verwacht=3,
    )
    response = client.post(
        reverse("casus:plan_actie_toevoegen", args=[wereld["casus"].pk]),
        {
            "doel": str(wereld["doel"].pk),
            "omschrijving": "Mijn eigen actie",
            "organisatie": str(wereld["ggz"].pk),
            "deadline": _dag(3).isoformat(),
            "versie": 3,
        },
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "intussen door iemand anders gewijzigd" in body
    assert "Mijn eigen actie</textarea>" in body  # the input is kept ...
    assert "Tussendoor" in body  # ... next to the plan as it is now
    assert 'name="versie" value="4"' in body  # and saving again is based on it
    assert "Mijn eigen actie" not in [a.omschrijving for a in Actie.objects.all()]


def test_a_goal_edited_from_a_stale_version_shows_the_saved_text(client, login, wereld):
    login(wereld["regisseur"])
    PlanVanAanpak.objects.filter(casus=wereld["casus"]).update(versie=5)
    response = client.post(
        _urls(wereld)["doel"],
        {"omschrijving": "Mijn tekst", "leefgebieden": [_gebied(wereld).pk], "versie": 3},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Mijn tekst</textarea>" in body and "Betrokkene heeft een vaste woonplek" in body
    wereld["doel"].refresh_from_db()
    assert wereld["doel"].omschrijving == "Betrokkene heeft een vaste woonplek"


def test_an_action_is_changed_on_its_own_page(client, login, wereld):
    login(wereld["regisseur"])
    url = _urls(wereld)["actie"]
    page = client.get(url).content.decode()
    assert "Huisbezoek</textarea>" in page
    response = client.post(
        url,
        {
            "doel": str(wereld["doel"].pk),
            "omschrijving": "Huisbezoek met wijkagent",
            "organisatie": str(wereld["politie"].pk),
            "eigenaar": str(wereld["partner"].pk),
            "deadline": _dag(2).isoformat(),
            "versie": 3,
        },
    )
    assert response.status_code == 302
    actie = wereld["actie_politie"]
    actie.refresh_from_db()
    assert (actie.omschrijving, actie.eigenaar) == ("Huisbezoek met wijkagent", wereld["partner"])


def test_a_closed_casus_shows_the_plan_without_forms_and_refuses_changes(client, login, wereld):
    casus = wereld["casus"]
    casus.status = "afgesloten"
    casus.save(update_fields=["status"])
    login(wereld["regisseur"])
    urls = _urls(wereld)
    body = client.get(urls["plan"]).content.decode()
    assert "Deze casus is afgesloten" in body and "Doel toevoegen" not in body
    data = {"omschrijving": "Nieuw", "leefgebieden": [_gebied(wereld).pk], "versie": 3}
    response = client.post(urls["doel_toevoegen"], data)
    assert response.status_code == 400
    assert "afgesloten" in response.content.decode()
    assert Doel.objects.count() == 1


# From an MDO decision to actions -------------------------------------------------------------


def _besluit(w):
    overleg = CasusoverlegFactory(
        sessie=SessieFactory(tafel__zvh=w["zvh"]), casus=w["casus"], gehouden=True
    )
    return overleg.besluiten.create(tekst="Ieder een actie", eigenaar=w["politie"])


def _rij(nr, organisatie, w, tekst, deadline=None):
    return {
        f"organisatie_{nr}": str(organisatie.pk),
        f"eigenaar_{nr}": "",
        f"omschrijving_{nr}": tekst,
        f"deadline_{nr}": (deadline or _dag(14)).isoformat(),
        f"doel_{nr}": str(w["doel"].pk),
    }


def test_the_mdo_page_links_each_decision_to_its_actions_form(client, login, wereld):
    besluit = _besluit(wereld)
    url = reverse("casus:plan_besluit", args=[wereld["casus"].pk, besluit.pk])
    login(wereld["regisseur"])
    page = client.get(reverse("casus:overleg", args=[besluit.casusoverleg_id])).content.decode()
    assert url in page and "Maak acties van dit besluit" in page
    assert url in client.get(_urls(wereld)["plan"]).content.decode()


def test_a_decision_becomes_actions_for_several_partners_without_javascript(client, login, wereld):
    besluit = _besluit(wereld)
    login(wereld["regisseur"])
    url = reverse("casus:plan_besluit", args=[wereld["casus"].pk, besluit.pk])
    page = client.get(url).content.decode()
    assert page.count("<legend>Actie ") == 3
    # The decision's owner is a deelnemer: the first row starts with it.
    assert f'<option value="{wereld["politie"].pk}" selected>' in page
    data = {"rijen": 3, "versie": 3, **_rij(1, wereld["politie"], wereld, "Huisbezoek II")}
    # "Meer rijen" posts back: three more blank rows, what was typed kept, nothing saved.
    meer = client.post(url, {**data, "meer": "1"})
    assert meer.status_code == 200
    body = meer.content.decode()
    assert body.count("<legend>Actie ") == 6 and "Huisbezoek II</textarea>" in body
    assert 'class="error-summary"' not in body
    data = {**data, "rijen": 6, **_rij(4, wereld["ggz"], wereld, "Intake plannen")}
    response = client.post(url, data)
    assert response.status_code == 302
    gemaakt = Actie.objects.filter(besluit=besluit)
    assert {a.organisatie for a in gemaakt} == {wereld["politie"], wereld["ggz"]}


def test_one_bad_row_saves_no_action_and_is_named(client, login, wereld):
    besluit = _besluit(wereld)
    login(wereld["regisseur"])
    url = reverse("casus:plan_besluit", args=[wereld["casus"].pk, besluit.pk])
    data = {
        "rijen": 3,
        "versie": 3,
        **_rij(1, wereld["politie"], wereld, "Goed"),
        **_rij(2, wereld["ggz"], wereld, "Te laat", deadline=_dag(-2)),
        "omschrijving_3": "Half ingevuld",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Actie 2: De uiterste datum ligt in het verleden" in body
    assert "Actie 3: Kies de verantwoordelijke organisatie." in body
    assert not Actie.objects.filter(besluit=besluit).exists()


def test_an_empty_rows_form_is_a_400(client, login, wereld):
    besluit = _besluit(wereld)
    login(wereld["regisseur"])
    url = reverse("casus:plan_besluit", args=[wereld["casus"].pk, besluit.pk])
    response = client.post(url, {"rijen": 3, "versie": 3})
    assert response.status_code == 400
    assert "Vul ten minste één actie in." in response.content.decode()


def test_a_decision_of_another_casus_is_a_404(client, login, wereld):
    ander = CasusoverlegFactory(sessie=SessieFactory(tafel__zvh=wereld["zvh"]))
    besluit = ander.besluiten.create(tekst="Elders", eigenaar=wereld["politie"])
    login(wereld["regisseur"])
    url = reverse("casus:plan_besluit", args=[wereld["casus"].pk, besluit.pk])
    assert client.get(url).status_code == 404


def test_a_partner_cannot_turn_a_decision_into_actions(client, login, wereld):
    besluit = _besluit(wereld)
    login(wereld["partner"])
    url = reverse("casus:plan_besluit", args=[wereld["casus"].pk, besluit.pk])
    assert client.get(url).status_code in (403, 404)
    data = {"rijen": 1, "versie": 3, **_rij(1, wereld["politie"], wereld, "Niet")}
    assert client.post(url, data).status_code in (403, 404)
    assert not Actie.objects.filter(besluit=besluit).exists()


# The casus history ---------------------------------------------------------------------------


def test_the_history_lists_the_changes_in_dutch_and_no_reads(client, login, wereld, as_actor):
    actor = as_actor(wereld["regisseur"], wereld["zvh"])
    services_plan.actie_toevoegen(
        actor=actor,
        casus=wereld["casus"],
        invoer=ActieInvoer(
            omschrijving="Gesprek",
            organisatie=wereld["politie"],
            deadline=_dag(5),
            doel=wereld["doel"],
        ),
        verwacht=3,
    )
    login(wereld["coordinator"])
    client.get(_urls(wereld)["plan"])  # a read: not in the history
    response = client.get(_urls(wereld)["geschiedenis"])
    assert response.status_code == 200
    body = response.content.decode()
    assert "Actie aan plan van aanpak toegevoegd" in body
    assert "Petra" in body and "ZVH A" in body
    assert "Plan van aanpak bekeken" not in body
    assert "actie_toegevoegd" not in body  # the label, never the code
    row = AccessLog.objects.get(event_type=events.CASUS_GESCHIEDENIS_BEKEKEN)
    assert row.getoonde_personen == [wereld["persoon"].audit_pseudoniem]


def test_the_history_is_keyset_paged_newest_first(client, login, zvh, make_user):
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    casus = CasusFactory(zvh=zvh, procesregisseur=regisseur)
    _wijzigingen(casus, regisseur, 55)
    login(regisseur)
    url = reverse("casus:geschiedenis", args=[casus.pk])
    eerste = client.get(url)
    assert eerste.content.decode().count("<tr>") == 51  # header and 50 rows
    cursor = eerste.context["page"].next_cursor
    tweede = client.get(url, {"na": cursor})
    assert tweede.content.decode().count("<tr>") == 6
    alle = [*eerste.context["page"], *tweede.context["page"]]
    assert [r.event_time for r in alle] == sorted((r.event_time for r in alle), reverse=True)
    ongeldig = client.get(url, {"na": "vals"})
    assert ongeldig.status_code == 200
    assert "De paginaverwijzing is ongeldig" in ongeldig.content.decode()


def _wijzigingen(casus, regisseur, n):
    """`n` change rows about `casus` in the audit log (a deelnemer added and removed)."""
    from audit import log

    actor = actor_for(regisseur, casus.zvh)
    for _ in range(n):
        log.change(actor=actor, event=events.DEELNEMER_TOEGEVOEGD, target=casus, detail="x")


# Query budgets --------------------------------------------------------------------------------


def _plan_met(zvh, n):
    zrm_huis(zvh)
    organisaties = [OrganisatieFactory() for _ in range(3)]
    casus = CasusFactory(zvh=zvh, deelnemers=organisaties)
    casus.personen.add(PersoonFactory(zvh=zvh))
    plan = PlanFactory(casus=casus)
    overleg = CasusoverlegFactory(sessie=SessieFactory(tafel__zvh=zvh), casus=casus)
    besluit = overleg.besluiten.create(tekst="Besluit", eigenaar=organisaties[0])
    gebieden = list(Leefgebied.objects.filter(zvh=zvh)[:2])
    doelen = [DoelFactory(plan=plan, leefgebieden=gebieden) for _ in range(min(n, 5))]
    for i in range(n):
        ActieFactory(
            doel=doelen[i % len(doelen)],
            organisatie=organisaties[i % 3],
            besluit=besluit if i % 2 else None,
            verlopen=i % 3 == 0,
        )
    return casus


@pytest.mark.parametrize("wie", [Rol.PROCESREGISSEUR, Rol.KETENPARTNER])
@pytest.mark.parametrize("n", [1, 50])
def test_plan_page_query_budget(
    client, login, zvh, make_user, django_assert_max_num_queries, n, wie
):
    casus = _plan_met(zvh, n)
    organisatie = casus.deelnemers.first().organisatie if wie == Rol.KETENPARTNER else None
    login(make_user(zvh, wie, organisatie=organisatie))
    with django_assert_max_num_queries(PLAN_QUERIES):
        response = client.get(reverse("casus:plan", args=[casus.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("Huurschuld in kaart brengen") == n


@pytest.mark.parametrize("n", [1, 50])
def test_history_query_budget(client, login, zvh, make_user, django_assert_max_num_queries, n):
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    casus = CasusFactory(zvh=zvh, procesregisseur=regisseur)
    _wijzigingen(casus, regisseur, n)
    login(regisseur)
    with django_assert_max_num_queries(GESCHIEDENIS_QUERIES):
        response = client.get(reverse("casus:geschiedenis", args=[casus.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("Deelnemer toegevoegd") == n
