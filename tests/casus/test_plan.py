"""The plan van aanpak services: goals on life domains, actions for one deelnemer organisation
with an optional owner and a due date, an MDO decision turned into several actions at once;
the plan version, bad input with nothing half-saved, a closed casus, notifications, audit."""

import datetime
import re
import threading

import pytest
from django.db import connection
from django.utils import timezone

from audit import events
from audit.models import AccessLog
from casus import services_plan as services
from casus.models import (
    Actie,
    CasusStatus,
    Doel,
    Leefgebied,
    Notificatie,
    NotificatieSoort,
    PlanVanAanpak,
)
from casus.services_plan import ActieInvoer
from core.errors import ServiceError
from core.policy import Geweigerd
from partners.models import Rol
from tests.casus.factories import (
    ActieFactory,
    CasusFactory,
    CasusoverlegFactory,
    DoelFactory,
    PersoonFactory,
    SessieFactory,
    zrm_huis,
)
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory, ZvhFactory


def _dag(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def huis(zvh, make_user, as_actor):
    """A house with the ZRM domains; a casus (one person) in which Politie, GGZ and
    Reclassering take part; Wijkteam a partner of the house outside the casus; users."""
    zrm_huis(zvh)
    zvh_org = OrganisatieFactory(naam="ZVH")
    politie, ggz, reclassering = (
        OrganisatieFactory(naam="Politie"),
        OrganisatieFactory(naam="GGZ"),
        OrganisatieFactory(naam="Reclassering"),
    )
    wijkteam = OrganisatieFactory(naam="Wijkteam")
    PartnerschapFactory(zvh=zvh, organisatie=wijkteam)
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR, organisatie=zvh_org)
    casus = CasusFactory(
        zvh=zvh, deelnemers=[politie, ggz, reclassering], procesregisseur=regisseur
    )
    persoon = PersoonFactory(zvh=zvh)
    casus.personen.add(persoon)
    gebieden = list(Leefgebied.objects.filter(zvh=zvh).order_by("volgorde"))
    return {
        "zvh": zvh,
        "casus": casus,
        "persoon": persoon,
        "politie": politie,
        "ggz": ggz,
        "reclassering": reclassering,
        "wijkteam": wijkteam,
        "gebieden": gebieden,
        "regisseur": as_actor(regisseur, zvh),
        "coordinator": as_actor(
            make_user(zvh, Rol.INFORMATIECOORDINATOR, organisatie=zvh_org), zvh
        ),
        "agent": make_user(zvh, Rol.KETENPARTNER, organisatie=politie, first_name="Piet"),
        "wijkteam_user": make_user(zvh, Rol.KETENPARTNER, organisatie=wijkteam),
    }


def _doel(huis, *, verwacht=0, omschrijving="Betrokkene woont stabiel.", gebieden=None):
    return services.doel_toevoegen(
        actor=huis["regisseur"],
        casus=huis["casus"],
        omschrijving=omschrijving,
        leefgebieden=gebieden if gebieden is not None else huis["gebieden"][:2],
        verwacht=verwacht,
    )


def _invoer(huis, doel, **velden):
    return ActieInvoer(
        **{
            "omschrijving": "Huisbezoek afleggen",
            "organisatie": huis["politie"],
            "deadline": _dag(7),
            "doel": doel,
            "eigenaar": None,
            **velden,
        }
    )


def _versie(huis):
    return PlanVanAanpak.objects.get(casus=huis["casus"]).versie


# Goals ---------------------------------------------------------------------------------------


def test_a_goal_on_two_life_domains_raises_the_plan_version_and_is_audited(huis):
    doel = _doel(huis)
    assert doel.plan.casus_id == huis["casus"].pk
    assert set(doel.leefgebieden.all()) == set(huis["gebieden"][:2])
    assert _versie(huis) == 1
    row = AccessLog.objects.get(event_type=events.DOEL_TOEGEVOEGD)
    assert row.casus_id == str(huis["casus"].pk) and row.object_id == str(doel.pk)
    assert row.getoonde_personen == [huis["persoon"].audit_pseudoniem]
    assert "Betrokkene" not in row.detail  # no content in the log
    huis["casus"].refresh_from_db()
    assert timezone.now() - huis["casus"].laatste_activiteit_op < datetime.timedelta(minutes=1)


def test_a_goal_is_reworded_with_the_version_it_was_shown(huis):
    doel = _doel(huis)
    services.doel_wijzigen(
        actor=huis["regisseur"],
        doel=doel,
        omschrijving="Betrokkene heeft een vaste woonplek.",
        leefgebieden=[huis["gebieden"][3]],
        verwacht=1,
    )
    doel.refresh_from_db()
    assert doel.omschrijving == "Betrokkene heeft een vaste woonplek."
    assert list(doel.leefgebieden.all()) == [huis["gebieden"][3]]
    assert _versie(huis) == 2
    assert AccessLog.objects.filter(event_type=events.DOEL_GEWIJZIGD).count() == 1


@pytest.mark.parametrize(
    ("wijziging", "melding"),
    [
        ({"omschrijving": "  "}, "Beschrijf het doel."),
        ({"omschrijving": "x" * 2001}, "Het doel is te lang"),
        ({"gebieden": []}, "Kies ten minste één leefgebied."),
        ({"gebieden": "inactief"}, "Kies alleen actieve leefgebieden van dit huis."),
        ({"gebieden": "ander huis"}, "Kies alleen actieve leefgebieden van dit huis."),
    ],
)
def test_a_bad_goal_is_refused_with_a_dutch_message_and_nothing_saved(huis, wijziging, melding):
    gebieden = wijziging.get("gebieden", huis["gebieden"][:1])
    if gebieden == "inactief":
        gebieden = huis["gebieden"][:1]
        Leefgebied.objects.filter(pk=gebieden[0].pk).update(actief=False)
    elif gebieden == "ander huis":
        gebieden = [Leefgebied.objects.filter(zvh=zrm_huis(ZvhFactory())).first()]
    with pytest.raises(ServiceError, match=re.escape(melding)):
        _doel(huis, omschrijving=wijziging.get("omschrijving", "Een doel"), gebieden=gebieden)
    assert not Doel.objects.exists()
    assert not AccessLog.objects.filter(event_type=events.DOEL_TOEGEVOEGD).exists()


# Actions ------------------------------------------------------------------------------------


def test_an_action_for_a_deelnemer_with_its_owner_notifies_the_owner(huis):
    doel = _doel(huis)
    actie = services.actie_toevoegen(
        actor=huis["regisseur"],
        casus=huis["casus"],
        invoer=_invoer(huis, doel, eigenaar=huis["agent"]),
        verwacht=1,
    )
    assert (actie.organisatie, actie.eigenaar, actie.zvh_id) == (
        huis["politie"],
        huis["agent"],
        huis["zvh"].pk,
    )
    assert actie.status == "open" and actie.casus_id == huis["casus"].pk
    assert _versie(huis) == 2
    melding = Notificatie.objects.get()
    assert (melding.ontvanger, melding.soort, melding.actie) == (
        huis["agent"],
        NotificatieSoort.ACTIE_TOEGEWEZEN,
        actie,
    )
    row = AccessLog.objects.get(event_type=events.ACTIE_TOEGEVOEGD)
    assert row.casus_id == str(huis["casus"].pk)
    assert f"organisatie {huis['politie'].pk}" in row.detail
    assert "Huisbezoek" not in row.detail


def test_an_action_without_owner_notifies_the_organisations_ketenpartners(huis, make_user):
    collega = make_user(huis["zvh"], Rol.KETENPARTNER, organisatie=huis["politie"])
    make_user(huis["zvh"], Rol.KETENPARTNER, organisatie=huis["ggz"])
    doel = _doel(huis)
    services.actie_toevoegen(
        actor=huis["regisseur"], casus=huis["casus"], invoer=_invoer(huis, doel), verwacht=1
    )
    assert set(Notificatie.objects.values_list("ontvanger_id", flat=True)) == {
        huis["agent"].pk,
        collega.pk,
    }


def test_today_is_a_valid_due_date(huis):
    doel = _doel(huis)
    actie = services.actie_toevoegen(
        actor=huis["regisseur"],
        casus=huis["casus"],
        invoer=_invoer(huis, doel, deadline=_dag(0)),
        verwacht=1,
    )
    assert actie.deadline == timezone.localdate()


@pytest.mark.parametrize(
    ("wijziging", "melding"),
    [
        ({"organisatie": None}, "Kies de verantwoordelijke organisatie."),
        ({"deadline": None}, "Geef de datum waarop de actie uiterlijk gereed moet zijn."),
        ({"deadline": -1}, "De uiterste datum ligt in het verleden; kies vandaag of later."),
        ({"organisatie": "wijkteam"}, "De verantwoordelijke organisatie moet deelnemen"),
        ({"eigenaar": "ggz"}, "De eigenaar moet een actieve medewerker"),
        ({"eigenaar": "inactief"}, "De eigenaar moet een actieve medewerker"),
        ({"omschrijving": " "}, "Beschrijf de actie."),
        ({"omschrijving": "x" * 2001}, "De actie is te lang"),
        ({"doel": None}, "Kies het doel waaraan de actie bijdraagt."),
        ({"doel": "ander plan"}, "Kies een doel van het plan van deze casus."),
    ],
)
def test_a_bad_action_is_refused_with_a_dutch_message_and_nothing_saved(
    huis, make_user, wijziging, melding
):
    doel = _doel(huis)
    velden = dict(wijziging)
    if velden.get("organisatie") == "wijkteam":
        velden["organisatie"] = huis["wijkteam"]
    if isinstance(velden.get("deadline"), int):
        velden["deadline"] = _dag(velden["deadline"])
    if velden.get("eigenaar") == "ggz":
        velden["eigenaar"] = make_user(huis["zvh"], Rol.KETENPARTNER, organisatie=huis["ggz"])
    elif velden.get("eigenaar") == "inactief":
        velden["eigenaar"] = make_user(
            huis["zvh"], Rol.KETENPARTNER, organisatie=huis["politie"], is_active=False
        )
    if velden.get("doel") == "ander plan":
        velden["doel"] = DoelFactory(plan__casus=CasusFactory(zvh=huis["zvh"]))
    with pytest.raises(ServiceError, match=re.escape(melding)):
        services.actie_toevoegen(
            actor=huis["regisseur"],
            casus=huis["casus"],
            invoer=_invoer(huis, velden.pop("doel", doel), **velden),
            verwacht=1,
        )
    assert not Actie.objects.exists()
    assert not Notificatie.objects.exists()
    assert _versie(huis) == 1
    assert not AccessLog.objects.filter(event_type=events.ACTIE_TOEGEVOEGD).exists()


def test_several_faults_are_named_together(huis):
    doel = _doel(huis)
    with pytest.raises(ServiceError) as refused:
        services.actie_toevoegen(
            actor=huis["regisseur"],
            casus=huis["casus"],
            invoer=_invoer(huis, doel, organisatie=None, deadline=None),
            verwacht=1,
        )
    assert "Kies de verantwoordelijke organisatie." in str(refused.value)
    assert "Geef de datum" in str(refused.value)


def test_a_stale_plan_version_is_refused_and_nothing_written(huis):
    doel = _doel(huis)
    services.actie_toevoegen(
        actor=huis["regisseur"], casus=huis["casus"], invoer=_invoer(huis, doel), verwacht=1
    )
    with pytest.raises(services.PlanConflict, match="intussen door iemand anders gewijzigd"):
        services.actie_toevoegen(
            actor=huis["regisseur"],
            casus=huis["casus"],
            invoer=_invoer(huis, doel, omschrijving="Tweede"),
            verwacht=1,
        )
    with pytest.raises(services.PlanConflict):
        _doel(huis, verwacht=0)
    with pytest.raises(services.PlanConflict):
        services.doel_wijzigen(
            actor=huis["regisseur"],
            doel=doel,
            omschrijving="Anders",
            leefgebieden=huis["gebieden"][:1],
            verwacht=1,
        )
    assert Actie.objects.count() == 1 and Doel.objects.count() == 1
    assert _versie(huis) == 2
    doel.refresh_from_db()
    assert doel.omschrijving == "Betrokkene woont stabiel."


def test_changing_an_action_moves_it_and_tells_the_new_organisation(huis, make_user):
    doel = _doel(huis)
    actie = services.actie_toevoegen(
        actor=huis["regisseur"], casus=huis["casus"], invoer=_invoer(huis, doel), verwacht=1
    )
    ggz_user = make_user(huis["zvh"], Rol.KETENPARTNER, organisatie=huis["ggz"])
    versie_actie = actie.versie
    services.actie_wijzigen(
        actor=huis["regisseur"],
        actie=actie,
        invoer=_invoer(huis, doel, organisatie=huis["ggz"], deadline=_dag(20), omschrijving="B"),
        verwacht=2,
    )
    actie.refresh_from_db()
    assert (actie.organisatie, actie.deadline, actie.omschrijving) == (huis["ggz"], _dag(20), "B")
    assert actie.versie == versie_actie + 1  # a status update begun before is now stale
    assert Notificatie.objects.filter(ontvanger=ggz_user, actie=actie).exists()
    assert AccessLog.objects.filter(event_type=events.ACTIE_GEWIJZIGD).count() == 1
    assert _versie(huis) == 3


def test_an_overdue_action_keeps_its_date_when_changed_but_cannot_move_to_the_past(huis):
    doel = _doel(huis)
    actie = ActieFactory(doel=doel, organisatie=huis["politie"], verlopen=True)
    services.actie_wijzigen(
        actor=huis["regisseur"],
        actie=actie,
        invoer=_invoer(huis, doel, deadline=actie.deadline, omschrijving="Nieuwe tekst"),
        verwacht=1,
    )
    with pytest.raises(ServiceError, match="in het verleden"):
        services.actie_wijzigen(
            actor=huis["regisseur"],
            actie=actie,
            invoer=_invoer(huis, doel, deadline=_dag(-5)),
            verwacht=2,
        )
    actie.refresh_from_db()
    assert actie.deadline == _dag(-1) and actie.omschrijving == "Nieuwe tekst"


def test_a_closed_casus_refuses_every_change_of_the_plan(huis):
    doel = _doel(huis)
    actie = ActieFactory(doel=doel, organisatie=huis["politie"])
    huis["casus"].status = CasusStatus.AFGESLOTEN
    huis["casus"].save(update_fields=["status"])
    besluit = _besluit(huis)
    pogingen = [
        lambda: _doel(huis, verwacht=1),
        lambda: services.doel_wijzigen(
            actor=huis["regisseur"],
            doel=doel,
            omschrijving="x",
            leefgebieden=huis["gebieden"][:1],
            verwacht=1,
        ),
        lambda: services.actie_toevoegen(
            actor=huis["regisseur"], casus=huis["casus"], invoer=_invoer(huis, doel), verwacht=1
        ),
        lambda: services.actie_wijzigen(
            actor=huis["regisseur"], actie=actie, invoer=_invoer(huis, doel), verwacht=1
        ),
        lambda: services.acties_uit_besluit(
            actor=huis["regisseur"], besluit=besluit, rijen=[_invoer(huis, doel)], verwacht=1
        ),
    ]
    for poging in pogingen:
        with pytest.raises(ServiceError, match="afgesloten"):
            poging()
    assert Actie.objects.count() == 1 and Doel.objects.count() == 1
    assert _versie(huis) == 1


@pytest.mark.parametrize("wie", ["coordinator", "agent"])
def test_only_the_procesregisseur_writes_the_plan(huis, as_actor, wie):
    actor = huis["coordinator"] if wie == "coordinator" else as_actor(huis["agent"], huis["zvh"])
    with pytest.raises(Geweigerd) as refused:
        services.doel_toevoegen(
            actor=actor,
            casus=huis["casus"],
            omschrijving="Doel",
            leefgebieden=huis["gebieden"][:1],
            verwacht=0,
        )
    assert not refused.value.not_found  # they see the plan: 403, not 404
    assert not Doel.objects.exists()


def test_a_procesregisseur_of_another_house_gets_a_404(huis, make_user, as_actor):
    elders = ZvhFactory()
    actor = as_actor(make_user(elders, Rol.PROCESREGISSEUR), elders)
    with pytest.raises(Geweigerd) as refused:
        _doel({**huis, "regisseur": actor})
    assert refused.value.not_found


# From an MDO decision to actions ---------------------------------------------------------------


def _besluit(huis):
    overleg = CasusoverlegFactory(
        sessie=SessieFactory(tafel__zvh=huis["zvh"]), casus=huis["casus"], gehouden=True
    )
    return overleg.besluiten.create(tekst="Ieder zijn deel van het plan", eigenaar=huis["politie"])


def test_one_decision_becomes_actions_for_three_partners_all_at_once(huis):
    doel = _doel(huis)
    besluit = _besluit(huis)
    rijen = [_invoer(huis, doel, organisatie=huis[o]) for o in ("politie", "ggz", "reclassering")]
    acties = services.acties_uit_besluit(
        actor=huis["regisseur"], besluit=besluit, rijen=rijen, verwacht=1
    )
    assert {a.organisatie for a in acties} == {huis["politie"], huis["ggz"], huis["reclassering"]}
    assert all(a.besluit_id == besluit.pk for a in acties)
    assert _versie(huis) == 2  # one change of the plan
    assert AccessLog.objects.filter(event_type=events.ACTIE_TOEGEVOEGD).count() == 3


def test_one_bad_row_saves_none_and_names_the_row(huis):
    doel = _doel(huis)
    besluit = _besluit(huis)
    rijen = [
        _invoer(huis, doel, organisatie=huis["politie"]),
        _invoer(huis, doel, organisatie=huis["wijkteam"]),
        _invoer(huis, doel, organisatie=huis["ggz"], deadline=None),
    ]
    with pytest.raises(services.RijFouten) as refused:
        services.acties_uit_besluit(
            actor=huis["regisseur"], besluit=besluit, rijen=rijen, verwacht=1
        )
    assert set(refused.value.per_rij) == {2, 3}
    assert "Actie 2:" in str(refused.value) and "moet deelnemen" in str(refused.value)
    assert not Actie.objects.exists() and not Notificatie.objects.exists()
    assert _versie(huis) == 1


def test_a_decision_of_another_casus_gives_no_action(huis):
    doel = _doel(huis)
    ander = CasusoverlegFactory(sessie=SessieFactory(tafel__zvh=huis["zvh"]))
    besluit = ander.besluiten.create(tekst="Elders", eigenaar=huis["politie"])
    with pytest.raises(ServiceError, match="andere casus"):
        services.actie_toevoegen(
            actor=huis["regisseur"],
            casus=huis["casus"],
            invoer=_invoer(huis, doel),
            besluit=besluit,
            verwacht=1,
        )
    assert not Actie.objects.exists()


def test_no_rows_is_refused(huis):
    _doel(huis)
    with pytest.raises(ServiceError, match="ten minste één actie"):
        services.acties_uit_besluit(
            actor=huis["regisseur"], besluit=_besluit(huis), rijen=[], verwacht=1
        )


@pytest.mark.django_db(transaction=True)
def test_two_writers_on_one_version_one_wins(huis):
    """Two procesregisseurs submit at the same time from version 1: one action is added, the
    other writer gets the conflict (the version check is one conditional UPDATE)."""
    doel = _doel(huis)
    uitkomsten = []
    barrier = threading.Barrier(2)

    def schrijf(tekst):
        try:
            barrier.wait()
            services.actie_toevoegen(
                actor=huis["regisseur"],
                casus=huis["casus"],
                invoer=_invoer(huis, doel, omschrijving=tekst),
                verwacht=1,
            )
            uitkomsten.append("ok")
        except services.PlanConflict:
            uitkomsten.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=schrijf, args=(t,)) for t in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(uitkomsten) == ["conflict", "ok"]
    assert Actie.objects.count() == 1
