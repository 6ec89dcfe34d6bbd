"""Afschaling, afsluiting and heropening of a casus (issue 12, point 5): the services with every
bad input, the end of every deelnemer's access, a closed casus refusing every casus service,
the pages with their confirmation step, who may do what, audit rows, and the beheer screen of
the house's reasons."""

import datetime
import importlib
import inspect
import pkgutil
import time

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

import casus as casus_app
from audit import events
from audit.models import AccessLog, Outcome
from casus import (
    services,
    services_acties,
    services_afsluiting,
    services_overleg,
    services_plan,
    services_scores,
    services_verrijking,
)
from casus.models import (
    Actie,
    ActieStatus,
    Afsluiting,
    AfsluitReden,
    AfsluitSoort,
    Besluit,
    Casus,
    CasusGroupObjectPermission,
    CasusStatus,
    Deelnemer,
    DeelnemerRol,
    DoelEvaluatie,
    DoelResultaat,
    Heropening,
    Leefgebied,
    OverlegStatus,
    OverlegType,
)
from casus.services_afsluiting import Evaluatie
from casus.services_plan import ActieInvoer
from core.errors import ServiceError
from core.policy import Geweigerd
from partners.middleware import LAST_SEEN, LOGIN_TIME
from partners.models import OrganisatieType, Rol
from tests.casus.factories import (
    ActieFactory,
    CasusFactory,
    CasusoverlegFactory,
    DoelFactory,
    PersoonFactory,
    PitchFactory,
    SessieFactory,
    UitnodigingFactory,
    UitvraagFactory,
    afsluitredenen_huis,
    zrm_huis,
)
from tests.conftest import actor_for
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory, ZvhFactory

GESLOTEN = "Deze casus is afgesloten"


@pytest.fixture
def huis(zvh, make_user):
    """House A with its standard reasons and a casus in which Politie and GGZ take part: one
    person, a plan with two goals and an open action for Politie, a planned MDO to which
    Politie and an incidentele partner (with its declaration) are invited, a request to
    Politie. A municipality and a wijkteam of the house's local network; a partner outside
    the casus; users of every role; house B, sharing Politie, with an attacker holding the
    ketenpartner role for Politie in both houses."""
    afsluitredenen_huis(zvh)
    zvh_org = OrganisatieFactory(naam="ZVH A", type=OrganisatieType.ZVH)
    politie = OrganisatieFactory(naam="Politie Oost")
    ggz = OrganisatieFactory(naam="GGZ Oost", type=OrganisatieType.GGZ)
    wijkteam = OrganisatieFactory(naam="Wijkteam Noord", type=OrganisatieType.WIJKTEAM)
    gemeente = OrganisatieFactory(naam="Gemeente Oost", type=OrganisatieType.GEMEENTE)
    school = OrganisatieFactory(naam="Basisschool De Linde", type=OrganisatieType.ONDERWIJS)
    PartnerschapFactory(zvh=zvh, organisatie=gemeente)
    PartnerschapFactory(zvh=zvh, organisatie=school, incidenteel=True)
    ander_huis = ZvhFactory()
    afsluitredenen_huis(ander_huis)
    users = {
        "regisseur": make_user(zvh, Rol.PROCESREGISSEUR, organisatie=zvh_org, first_name="Petra"),
        "coordinator": make_user(zvh, Rol.INFORMATIECOORDINATOR, organisatie=zvh_org),
        "politie": make_user(zvh, Rol.KETENPARTNER, organisatie=politie),
        "ggz": make_user(zvh, Rol.KETENPARTNER, organisatie=ggz),
        "wijkteam": make_user(zvh, Rol.KETENPARTNER, organisatie=wijkteam),
        "school": make_user(zvh, Rol.KETENPARTNER, organisatie=school),
        "manager": make_user(zvh, Rol.MANAGER, organisatie=zvh_org),
        "officer": make_user(zvh, Rol.PRIVACY_OFFICER, organisatie=zvh_org),
        "beheerder": make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, organisatie=zvh_org),
        # ZSM at Politie, a deelnemer: dat-informatie only, never the casus or its closing.
        "zsm": make_user(zvh, Rol.ZSM, organisatie=politie),
        "ander_huis_regisseur": make_user(ander_huis, Rol.PROCESREGISSEUR),
        "ander_huis_beheerder": make_user(ander_huis, Rol.FUNCTIONEEL_BEHEERDER),
    }
    aanvaller = make_user(zvh, Rol.KETENPARTNER, organisatie=politie)
    PartnerschapFactory(zvh=ander_huis, organisatie=politie)
    aanvaller.rollen.create(zvh=ander_huis, rol=Rol.KETENPARTNER)
    users["aanvaller"] = aanvaller
    casus = CasusFactory(zvh=zvh, deelnemers=[politie, ggz], procesregisseur=users["regisseur"])
    persoon = PersoonFactory(zvh=zvh, achternaam="Veldhuizen")
    casus.personen.add(persoon)
    doelen = [
        DoelFactory(plan__casus=casus, omschrijving="Stabiele huisvesting", volgorde=1),
        DoelFactory(plan__casus=casus, omschrijving="Schulden onder controle", volgorde=2),
    ]
    actie = ActieFactory(doel=doelen[0], organisatie=politie)
    overleg = CasusoverlegFactory(sessie__tafel__zvh=zvh, casus=casus)
    UitnodigingFactory(casusoverleg=overleg, organisatie=politie)
    UitnodigingFactory(casusoverleg=overleg, organisatie=school, incidenteel=True)
    overleg.casus.geheimhoudingsverklaringen.create(
        organisatie=school,
        casusoverleg=overleg,
        naam_ondertekenaar="A. de Linde",
        getekend_op=timezone.localdate(),
        vastgelegd_door=users["regisseur"],
    )
    # A casus of house B in which Politie takes part (the attacker's other house).
    elders = CasusFactory(zvh=ander_huis, deelnemers=[politie])
    return {
        "zvh": zvh,
        "ander_huis": ander_huis,
        "casus": casus,
        "elders": elders,
        "persoon": persoon,
        "doelen": doelen,
        "actie": actie,
        "overleg": overleg,
        "uitvraag": UitvraagFactory(casus=casus, organisatie=politie),
        "org_politie": politie,
        "org_ggz": ggz,
        "org_wijkteam": wijkteam,
        "org_gemeente": gemeente,
        "org_school": school,
        **users,
    }


def _actor(huis, naam):
    zvh = huis["ander_huis"] if naam.startswith("ander_huis") else huis["zvh"]
    return actor_for(huis[naam], zvh)


def _reden(zvh, code):
    return AfsluitReden.objects.get(zvh=zvh, code=code)


def _evaluaties(huis, **anders):
    return {
        doel.pk: Evaluatie(DoelResultaat.BEHAALD, f"Bereikt: {doel.omschrijving}")
        for doel in huis["doelen"]
    } | anders


def _afschalen(huis, *, actor=None, **kwargs):
    invoer = {
        "soort": AfsluitSoort.AFSCHALING,
        "reden": _reden(huis["zvh"], "afgeschaald_lokaal"),
        "toelichting": "Het wijkteam neemt de regie over.",
        "ontvangende_organisatie": huis["org_gemeente"],
        "ave_niveau": 2,
        "evaluaties": _evaluaties(huis),
    } | kwargs
    return services_afsluiting.casus_afsluiten(
        actor=actor or _actor(huis, "regisseur"), casus=huis["casus"], **invoer
    )


def _niets_veranderd(huis):
    casus = Casus.objects.get(pk=huis["casus"].pk)
    assert casus.status == CasusStatus.OPEN
    assert casus.afgesloten_op is None and casus.bewaartermijn_vanaf is None
    assert not Afsluiting.objects.exists() and not DoelEvaluatie.objects.exists()
    assert set(casus.deelnemers.values_list("organisatie_id", flat=True)) == {
        huis["org_politie"].pk,
        huis["org_ggz"].pk,
    }
    assert CasusGroupObjectPermission.objects.filter(content_object=casus).count() == 2
    assert not AccessLog.objects.filter(event_type=events.CASUS_AFGESLOTEN).exists()


# Services: closing ---------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2026, 3, 10, 14, 0, tzinfo=datetime.UTC), tick=False)
def test_afschaling_records_everything_and_ends_every_deelnemers_access(huis):
    afsluiting = _afschalen(huis)
    casus = Casus.objects.get(pk=huis["casus"].pk)
    assert casus.status == CasusStatus.AFGESLOTEN
    assert casus.afgesloten_op == afsluiting.afgesloten_op
    # The retention period runs from today: what the privacy retention job reads.
    assert casus.bewaartermijn_vanaf == datetime.date(2026, 3, 10)
    assert afsluiting.bewaartermijn_vanaf == datetime.date(2026, 3, 10)
    assert casus.ave_niveau == 2 == afsluiting.ave_niveau
    assert afsluiting.ontvangende_organisatie == huis["org_gemeente"]
    assert afsluiting.afgesloten_door == huis["regisseur"]
    assert {(e.doel_id, e.resultaat) for e in afsluiting.evaluaties.all()} == {
        (d.pk, DoelResultaat.BEHAALD) for d in huis["doelen"]
    }
    # Every deelnemer's membership and grant are gone, one audit row each.
    assert not Deelnemer.objects.filter(casus=casus).exists()
    assert not CasusGroupObjectPermission.objects.filter(content_object=casus).exists()
    ingetrokken = AccessLog.objects.filter(event_type=events.DEELNEMER_VERWIJDERD)
    assert sorted(r.detail for r in ingetrokken) == sorted(
        f"organisatie {o.pk}: casus afgesloten" for o in (huis["org_politie"], huis["org_ggz"])
    )
    row = AccessLog.objects.get(event_type=events.CASUS_AFGESLOTEN)
    assert row.object_id == str(casus.pk) and row.outcome == Outcome.SUCCESS
    assert row.persoon_pseudoniem == huis["persoon"].audit_pseudoniem
    assert "afschaling; reden afgeschaald_lokaal; AVE 2; 2 doel(en)" in row.detail
    assert "bewaartermijn vanaf 2026-03-10" in row.detail
    assert "Veldhuizen" not in row.detail and "wijkteam neemt" not in row.detail
    # Open actions stay as they were: the record of where the plan stood.
    assert Actie.objects.get(pk=huis["actie"].pk).status == ActieStatus.OPEN


def test_the_explanations_are_encrypted_at_rest(huis):
    afsluiting = _afschalen(huis, toelichting="Geheime toelichting")
    with connection.cursor() as cursor:
        cursor.execute("SELECT toelichting FROM casus_afsluiting WHERE id = %s", [afsluiting.pk])
        raw = bytes(cursor.fetchone()[0])
        cursor.execute("SELECT toelichting FROM casus_doelevaluatie")
        raw += b"".join(bytes(r[0]) for r in cursor.fetchall())
    assert b"Geheime toelichting" not in raw and b"Bereikt" not in raw
    evaluatie = DoelEvaluatie.objects.get(doel=huis["doelen"][0])
    assert evaluatie.toelichting == "Bereikt: Stabiele huisvesting"


def test_an_afsluiting_needs_no_receiving_organisation(huis):
    afsluiting = _afschalen(
        huis,
        soort=AfsluitSoort.AFSLUITING,
        reden=_reden(huis["zvh"], "verhuisd"),
        ontvangende_organisatie=None,
        ave_niveau=1,
    )
    assert afsluiting.ontvangende_organisatie is None
    assert Casus.objects.get(pk=huis["casus"].pk).status == CasusStatus.AFGESLOTEN


def _zonder(huis, index):
    evaluaties = _evaluaties(huis)
    evaluaties.pop(huis["doelen"][index].pk)
    return evaluaties


BAD_INPUT = {
    "geen evaluatie": (
        lambda h: {"evaluaties": {}},
        "de evaluatie ontbreekt voor 2 doel(en)",
    ),
    "een doel zonder evaluatie": (
        lambda h: {"evaluaties": _zonder(h, 1)},
        "de evaluatie ontbreekt voor 1 doel(en)",
    ),
    "evaluatie zonder toelichting": (
        lambda h: {
            "evaluaties": _evaluaties(h) | {h["doelen"][0].pk: Evaluatie(DoelResultaat.DEELS, " ")}
        },
        "Licht bij elk doel het resultaat toe.",
    ),
    "onbekend resultaat": (
        lambda h: {"evaluaties": _evaluaties(h) | {h["doelen"][0].pk: Evaluatie("prima", "x")}},
        "behaald, deels behaald of niet behaald",
    ),
    "doel van een andere casus": (
        lambda h: {
            "evaluaties": _evaluaties(h)
            | {DoelFactory(plan__casus=CasusFactory(zvh=h["zvh"])).pk: Evaluatie("behaald", "x")}
        },
        "Evalueer alleen de doelen van het plan van aanpak van deze casus.",
    ),
    "geen reden": (lambda h: {"reden": None}, "Kies een reden uit de lijst van dit huis."),
    "reden van een ander huis": (
        lambda h: {"reden": _reden(h["ander_huis"], "afgeschaald_lokaal")},
        "Kies een reden uit de lijst van dit huis.",
    ),
    "reden niet meer actief": (
        lambda h: {
            "reden": AfsluitReden.objects.filter(pk=_reden(h["zvh"], "doelen_behaald").pk).update(
                actief=False
            )
            and _reden(h["zvh"], "doelen_behaald")
        },
        "Deze reden wordt niet meer gebruikt; kies een andere reden.",
    ),
    "reden past niet bij afschaling": (
        lambda h: {"reden": _reden(h["zvh"], "overleden")},
        "past niet bij een afschaling naar het lokale netwerk",
    ),
    "afschaling zonder ontvanger": (
        lambda h: {"ontvangende_organisatie": None},
        "Kies bij een afschaling de lokale organisatie",
    ),
    "ontvanger is geen lokale organisatie": (
        lambda h: {"ontvangende_organisatie": h["org_politie"]},
        "actieve gemeente of een actief wijkteam met een convenant met dit huis",
    ),
    "ontvanger niet meer actief": (
        lambda h: {
            "ontvangende_organisatie": type(h["org_gemeente"])
            .objects.filter(pk=h["org_gemeente"].pk)
            .update(actief=False)
            and h["org_gemeente"]
        },
        "actieve gemeente of een actief wijkteam",
    ),
    "ontvanger bij een afsluiting": (
        lambda h: {"soort": AfsluitSoort.AFSLUITING, "reden": _reden(h["zvh"], "verhuisd")},
        "Een ontvangende organisatie hoort alleen bij een afschaling.",
    ),
    "onbekende soort": (lambda h: {"soort": "opheffing"}, "Kies afschaling naar het lokale"),
    "geen AVE-niveau": (lambda h: {"ave_niveau": None}, "Kies het AVE-niveau bij afsluiting."),
    "AVE-niveau buiten de schaal": (lambda h: {"ave_niveau": 7}, "Kies het AVE-niveau"),
    "toelichting te lang": (lambda h: {"toelichting": "x" * 4001}, "hoogstens 4000 tekens"),
    "toelichting bij een doel te lang": (
        lambda h: {
            "evaluaties": _evaluaties(h)
            | {h["doelen"][1].pk: Evaluatie(DoelResultaat.NIET, "x" * 4001)}
        },
        "De toelichting bij een doel is te lang",
    ),
}


@pytest.mark.parametrize("naam", sorted(BAD_INPUT))
def test_bad_input_is_refused_with_a_dutch_message_and_nothing_is_written(huis, naam):
    kwargs, melding = BAD_INPUT[naam]
    with pytest.raises(ServiceError, match=melding.replace("(", r"\(").replace(")", r"\)")):
        _afschalen(huis, **kwargs(huis))
    _niets_veranderd(huis)


def test_several_mistakes_are_named_together(huis):
    with pytest.raises(ServiceError) as exc:
        _afschalen(huis, ontvangende_organisatie=None, ave_niveau=None, evaluaties={})
    for deel in ("lokale organisatie", "AVE-niveau", "evaluatie ontbreekt"):
        assert deel in str(exc.value)


def test_a_casus_without_goals_needs_a_toelichting(huis):
    casus = CasusFactory(zvh=huis["zvh"], deelnemers=[huis["org_ggz"]])
    invoer = {
        "actor": _actor(huis, "regisseur"),
        "casus": casus,
        "soort": AfsluitSoort.AFSLUITING,
        "reden": _reden(huis["zvh"], "geen_medewerking"),
        "ave_niveau": 3,
        "evaluaties": {},
    }
    with pytest.raises(ServiceError, match="geen doelen in het plan van aanpak"):
        services_afsluiting.casus_afsluiten(**invoer, toelichting="  ")
    assert Casus.objects.get(pk=casus.pk).status == CasusStatus.OPEN
    services_afsluiting.casus_afsluiten(**invoer, toelichting="Betrokkene werkt niet mee.")
    assert Casus.objects.get(pk=casus.pk).status == CasusStatus.AFGESLOTEN


def test_a_closed_casus_cannot_be_closed_again(huis):
    _afschalen(huis)
    with pytest.raises(ServiceError, match=GESLOTEN):
        _afschalen(huis)
    assert Afsluiting.objects.count() == 1


def test_a_stale_page_closing_a_casus_closed_meanwhile_is_refused(huis):
    """Two procesregisseurs opened the form; the second submits after the first closed it."""
    verouderd = Casus.objects.get(pk=huis["casus"].pk)  # as the second page loaded it
    _afschalen(huis)
    with pytest.raises(ServiceError, match=GESLOTEN):
        services_afsluiting.casus_afsluiten(
            actor=_actor(huis, "regisseur"),
            casus=verouderd,
            soort=AfsluitSoort.AFSLUITING,
            reden=_reden(huis["zvh"], "verhuisd"),
            ave_niveau=1,
            evaluaties=_evaluaties(huis),
        )
    assert Afsluiting.objects.count() == 1


def test_an_mdo_in_progress_blocks_the_closing(huis):
    huis["overleg"].status = OverlegStatus.GEOPEND
    huis["overleg"].save(update_fields=["status"])
    with pytest.raises(ServiceError, match="Er loopt nog een casusoverleg"):
        _afschalen(huis)
    _niets_veranderd(huis)


@pytest.mark.parametrize(
    ("naam", "not_found"),
    [
        ("coordinator", False),
        ("politie", False),
        ("ggz", False),
        ("wijkteam", True),
        ("manager", True),
        ("officer", True),
        ("beheerder", True),
        ("ander_huis_regisseur", True),
        ("aanvaller", False),
    ],
)
def test_only_a_procesregisseur_of_the_house_closes(huis, naam, not_found):
    with pytest.raises(Geweigerd) as exc:
        _afschalen(huis, actor=_actor(huis, naam))
    assert exc.value.not_found is not_found
    _niets_veranderd(huis)


def test_the_attacker_in_house_b_cannot_close_a_casus_of_house_a(huis):
    actor = actor_for(huis["aanvaller"], huis["ander_huis"])
    with pytest.raises(Geweigerd) as exc:
        _afschalen(huis, actor=actor)
    assert exc.value.not_found
    _niets_veranderd(huis)


# Services: reopening --------------------------------------------------------------------------


def test_reopening_needs_a_reason_and_gives_no_access_back(huis):
    _afschalen(huis)
    regisseur = _actor(huis, "regisseur")
    with pytest.raises(ServiceError, match="Geef de reden waarom de casus wordt heropend"):
        services_afsluiting.casus_heropenen(actor=regisseur, casus=huis["casus"], reden=" ")
    with pytest.raises(ServiceError, match="hoogstens 4000 tekens"):
        services_afsluiting.casus_heropenen(actor=regisseur, casus=huis["casus"], reden="x" * 4001)
    assert not Heropening.objects.exists()
    heropening = services_afsluiting.casus_heropenen(
        actor=regisseur, casus=huis["casus"], reden="Nieuwe melding van de politie."
    )
    casus = Casus.objects.get(pk=huis["casus"].pk)
    assert casus.status == CasusStatus.OPEN
    assert casus.afgesloten_op is None and casus.bewaartermijn_vanaf is None
    assert heropening.reden == "Nieuwe melding van de politie."
    assert heropening.heropend_door == huis["regisseur"]
    # The closing stays on record with its own retention start.
    assert Afsluiting.objects.get(casus=casus).bewaartermijn_vanaf is not None
    assert not Deelnemer.objects.filter(casus=casus).exists()
    assert not CasusGroupObjectPermission.objects.filter(content_object=casus).exists()
    row = AccessLog.objects.get(event_type=events.CASUS_HEROPEND)
    assert row.object_id == str(casus.pk) and "Nieuwe melding" not in row.detail


def test_an_open_casus_is_not_reopened(huis):
    with pytest.raises(ServiceError, match="niet afgesloten"):
        services_afsluiting.casus_heropenen(
            actor=_actor(huis, "regisseur"), casus=huis["casus"], reden="Waarom niet"
        )
    assert not Heropening.objects.exists()


@pytest.mark.parametrize(
    ("naam", "not_found"),
    [("coordinator", False), ("politie", True), ("manager", True), ("ander_huis_regisseur", True)],
)
def test_only_a_procesregisseur_of_the_house_reopens(huis, naam, not_found):
    _afschalen(huis)
    with pytest.raises(Geweigerd) as exc:
        services_afsluiting.casus_heropenen(
            actor=_actor(huis, naam), casus=huis["casus"], reden="Nieuwe zorgen"
        )
    assert exc.value.not_found is not_found
    assert Casus.objects.get(pk=huis["casus"].pk).status == CasusStatus.AFGESLOTEN


def test_a_casus_closes_again_after_reopening_with_a_second_closing(huis):
    _afschalen(huis)
    services_afsluiting.casus_heropenen(
        actor=_actor(huis, "regisseur"), casus=huis["casus"], reden="Nieuwe zorgen"
    )
    _afschalen(huis, ave_niveau=1)
    assert Afsluiting.objects.filter(casus=huis["casus"]).count() == 2
    assert Casus.objects.get(pk=huis["casus"].pk).ave_niveau == 1


# A closed casus refuses every change -----------------------------------------------------------

# Services that do not change one existing casus, with the reason.
NIET_OP_EEN_CASUS = {
    "casus.services.persoon_registreren": "registreert een persoon in het huis",
    "casus.services.persoon_relateren": "legt een relatie tussen twee personen van het huis",
    "casus.services.casus_openen": "opent een nieuwe casus",
    "casus.services.deelnames_intrekken": (
        "het partnerschap eindigt: toegang intrekken mag juist ook bij een afgesloten casus"
    ),
    "casus.services_overleg.tafel_opslaan": "een overlegtafel van het huis",
    "casus.services_overleg.sessie_aanmaken": "een sessie van een overlegtafel",
    "casus.services_plan.plan_ophogen": "hulpfunctie; de aanroepende dienst bewaakt de casus",
    "casus.services_afsluiting.casus_heropenen": "de enige wijziging van een afgesloten casus",
    "casus.services_monitoring.stilstand_instellen": "een instelling van het huis",
    "casus.services_notificaties.gelezen_markeren": (
        "de eigen notificatie als gelezen markeren; niets aan de casus"
    ),
    "casus.services_notificaties.alles_gelezen": "de eigen notificaties; niets aan de casus",
    "casus.services_afsluiting.afsluitreden_toevoegen": "lijst van redenen van het huis",
    "casus.services_afsluiting.afsluitreden_wijzigen": "lijst van redenen van het huis",
    "casus.services_afsluiting.afsluitreden_verplaatsen": "lijst van redenen van het huis",
}


def _casus_services():
    """Every public function of the casus services modules that takes the `actor` keyword."""
    found = set()
    for module_info in pkgutil.iter_modules(casus_app.__path__):
        if not module_info.name.startswith("services"):
            continue
        module = importlib.import_module(f"casus.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            if "actor" in inspect.signature(function).parameters:
                found.add(f"{module.__name__}.{name}")
    return found


@pytest.fixture
def gesloten(huis):
    """A closed casus whose deelnemers still hold their grants (as if the closing had just
    happened in another transaction), so every service reaches its closed-casus check, with
    an MDO in progress and one planned, a pitch, a request and a deelnemer."""
    zvh, regisseur = huis["zvh"], _actor(huis, "regisseur")
    zrm_huis(zvh)
    politie = huis["org_politie"]
    casus = CasusFactory(zvh=zvh, deelnemers=[politie, huis["org_ggz"]], spoed=True)
    casus.personen.add(huis["persoon"])
    lopend = CasusoverlegFactory(sessie__tafel__zvh=zvh, casus=casus, geopend=True)
    uitnodiging = UitnodigingFactory(casusoverleg=lopend, organisatie=politie)
    gepland = CasusoverlegFactory(sessie=SessieFactory(tafel=lopend.sessie.tafel), casus=casus)
    PitchFactory(casus=casus, versie=1)
    uitvraag = UitvraagFactory(casus=casus, organisatie=politie)
    actie = ActieFactory(doel__plan__casus=casus, organisatie=politie)
    besluit = Besluit.objects.create(casusoverleg=gepland, tekst="Besluit", eigenaar=politie)
    Casus.objects.filter(pk=casus.pk).update(status=CasusStatus.AFGESLOTEN)
    casus.refresh_from_db()
    return {
        "actie": actie,
        "doel": actie.doel,
        "besluit": besluit,
        "casus": casus,
        "regisseur": regisseur,
        "coordinator": _actor(huis, "coordinator"),
        "politie": _actor(huis, "politie"),
        "lopend": lopend,
        "gepland": gepland,
        "uitnodiging": uitnodiging,
        "uitvraag": uitvraag,
        "sessie": SessieFactory(tafel=lopend.sessie.tafel),
        "huis": huis,
    }


def _invoer(g):
    return ActieInvoer(
        omschrijving="Nog een actie",
        organisatie=g["huis"]["org_politie"],
        deadline=timezone.localdate() + datetime.timedelta(days=7),
        doel=g["doel"],
    )


WALK = {
    "casus.services.deelnemer_toevoegen": lambda g: services.deelnemer_toevoegen(
        actor=g["regisseur"],
        casus=g["casus"],
        organisatie=g["huis"]["org_wijkteam"],
        rol=DeelnemerRol.PARTNER,
    ),
    "casus.services.deelnemer_verwijderen": lambda g: services.deelnemer_verwijderen(
        actor=g["regisseur"], deelnemer=g["casus"].deelnemers.first()
    ),
    "casus.services_overleg.casus_plannen": lambda g: services_overleg.casus_plannen(
        actor=g["regisseur"], casus=g["casus"], sessie=g["sessie"], type=OverlegType.VERVOLG
    ),
    "casus.services_overleg.uitnodigen": lambda g: services_overleg.uitnodigen(
        actor=g["regisseur"], overleg=g["gepland"], organisatie=g["huis"]["org_wijkteam"]
    ),
    "casus.services_overleg.aanwezigheid_vastleggen": (
        lambda g: services_overleg.aanwezigheid_vastleggen(
            actor=g["regisseur"], uitnodiging=g["uitnodiging"], aanwezigheid="aanwezig"
        )
    ),
    "casus.services_overleg.verklaring_vastleggen": (
        lambda g: services_overleg.verklaring_vastleggen(
            actor=g["regisseur"],
            uitnodiging=g["uitnodiging"],
            naam_ondertekenaar="A. Jansen",
            getekend_op=timezone.localdate(),
        )
    ),
    "casus.services_overleg.status_wijzigen": lambda g: services_overleg.status_wijzigen(
        actor=g["regisseur"], overleg=g["lopend"], status=OverlegStatus.GEHOUDEN
    ),
    "casus.services_overleg.verslag_opslaan": lambda g: services_overleg.verslag_opslaan(
        actor=g["regisseur"], overleg=g["lopend"], verslag="Verslag", versie=0
    ),
    "casus.services_overleg.besluit_vastleggen": lambda g: services_overleg.besluit_vastleggen(
        actor=g["regisseur"],
        overleg=g["lopend"],
        tekst="Besluit",
        eigenaar=g["huis"]["org_politie"],
    ),
    "casus.services_overleg.afspraken_vastleggen": lambda g: services_overleg.afspraken_vastleggen(
        actor=g["regisseur"], overleg=g["lopend"], ave_niveau=2, volgend_mdo_op=None
    ),
    "casus.services_scores.scoreformulier_opslaan": (
        lambda g: services_scores.scoreformulier_opslaan(
            actor=g["regisseur"],
            casus=g["casus"],
            persoon=g["huis"]["persoon"],
            datum=timezone.localdate(),
            scores={},
        )
    ),
    "casus.services_scores.pitch_opslaan": lambda g: services_scores.pitch_opslaan(
        actor=g["regisseur"],
        casus=g["casus"],
        basis_versie=1,
        aanleiding="Aanleiding",
        feiten={},
        risicos="",
        kansen="",
        vraag="Vraag",
    ),
    "casus.services_scores.pitch_gereed_melden": lambda g: services_scores.pitch_gereed_melden(
        actor=g["regisseur"], casus=g["casus"], versie=1
    ),
    "casus.services_verrijking.uitvragen_stellen": lambda g: services_verrijking.uitvragen_stellen(
        actor=g["coordinator"],
        casus=g["casus"],
        organisaties=[g["huis"]["org_politie"]],
        vraag="Wat is bekend?",
        uiterlijk_op=timezone.localdate() + datetime.timedelta(days=7),
    ),
    "casus.services_verrijking.uitvraag_beantwoorden": (
        lambda g: services_verrijking.uitvraag_beantwoorden(
            actor=g["politie"], uitvraag=g["uitvraag"], niets_bekend=True
        )
    ),
    "casus.services_plan.doel_toevoegen": lambda g: services_plan.doel_toevoegen(
        actor=g["regisseur"],
        casus=g["casus"],
        omschrijving="Een nieuw doel",
        leefgebieden=[Leefgebied.objects.filter(zvh=g["casus"].zvh).first()],
        verwacht=g["doel"].plan.versie,
    ),
    "casus.services_plan.doel_wijzigen": lambda g: services_plan.doel_wijzigen(
        actor=g["regisseur"],
        doel=g["doel"],
        omschrijving="Het doel anders",
        leefgebieden=[Leefgebied.objects.filter(zvh=g["casus"].zvh).first()],
        verwacht=g["doel"].plan.versie,
    ),
    "casus.services_plan.actie_toevoegen": lambda g: services_plan.actie_toevoegen(
        actor=g["regisseur"],
        casus=g["casus"],
        invoer=_invoer(g),
        verwacht=g["doel"].plan.versie,
    ),
    "casus.services_plan.actie_wijzigen": lambda g: services_plan.actie_wijzigen(
        actor=g["regisseur"], actie=g["actie"], invoer=_invoer(g), verwacht=g["doel"].plan.versie
    ),
    "casus.services_plan.acties_uit_besluit": lambda g: services_plan.acties_uit_besluit(
        actor=g["regisseur"],
        besluit=g["besluit"],
        rijen=[_invoer(g)],
        verwacht=g["doel"].plan.versie,
    ),
    "casus.services_acties.actie_bijwerken": lambda g: services_acties.actie_bijwerken(
        actor=g["politie"],
        actie=g["actie"],
        status=ActieStatus.IN_UITVOERING,
        notitie="Begonnen",
        versie=g["actie"].versie,
    ),
    "casus.services_acties.eigenaar_kiezen": lambda g: services_acties.eigenaar_kiezen(
        actor=g["politie"], actie=g["actie"], eigenaar=None, versie=g["actie"].versie
    ),
    "casus.services_afsluiting.casus_afsluiten": lambda g: services_afsluiting.casus_afsluiten(
        actor=g["regisseur"],
        casus=g["casus"],
        soort=AfsluitSoort.AFSLUITING,
        reden=_reden(g["casus"].zvh, "verhuisd"),
        toelichting="Verhuisd",
        ave_niveau=1,
        evaluaties={},
    ),
}


def test_every_casus_service_is_walked_or_named_as_not_about_one_casus():
    """A new casus service must be added to WALK (it refuses a closed casus) or, with the
    reason, to NIET_OP_EEN_CASUS."""
    found = _casus_services()
    assert found - set(WALK) - set(NIET_OP_EEN_CASUS) == set(), "nieuwe dienst(en) zonder keuze"
    assert (set(WALK) | set(NIET_OP_EEN_CASUS)) - found == set(), "verouderde namen"


@pytest.mark.parametrize("naam", sorted(WALK))
def test_a_closed_casus_refuses_every_change(gesloten, naam):
    voor = AccessLog.objects.filter(outcome=Outcome.SUCCESS).count()
    deelnemers = set(Deelnemer.objects.values_list("pk", flat=True))
    with pytest.raises(ServiceError, match="Deze casus is afgesloten"):
        WALK[naam](gesloten)
    assert AccessLog.objects.filter(outcome=Outcome.SUCCESS).count() == voor
    assert set(Deelnemer.objects.values_list("pk", flat=True)) == deelnemers
    gesloten["lopend"].refresh_from_db()
    assert gesloten["lopend"].status == OverlegStatus.GEOPEND
    assert gesloten["lopend"].verslag == "" and not gesloten["lopend"].besluiten.exists()
    assert gesloten["casus"].overleggen.count() == 2
    assert gesloten["casus"].pitches.count() == 1
    assert not gesloten["casus"].scoreformulieren.exists()


# Pages -----------------------------------------------------------------------------------------


def _formulier(huis, **anders):
    data = {
        "soort": AfsluitSoort.AFSCHALING,
        "ontvangende_organisatie": huis["org_gemeente"].pk,
        "reden": _reden(huis["zvh"], "afgeschaald_lokaal").pk,
        "ave_niveau": 2,
        "toelichting": "Het wijkteam neemt de regie over.",
    }
    for doel in huis["doelen"]:
        data[f"resultaat_{doel.pk}"] = DoelResultaat.DEELS
        data[f"evaluatie_{doel.pk}"] = f"Half bereikt: {doel.omschrijving}"
    return data | anders


def _url(naam, casus):
    return reverse(f"casus:{naam}", args=[casus.pk])


def _reads(event):
    return AccessLog.objects.filter(event_type=event)


def test_the_regisseur_closes_through_the_form_and_a_confirmation_step(client, login, huis):
    OrganisatieFactory(naam="Gemeente Elders", type=OrganisatieType.GEMEENTE)  # no convenant
    login(huis["regisseur"])
    url = _url("afsluiten", huis["casus"])
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Stabiele huisvesting" in page and "Schulden onder controle" in page
    assert "Gemeente Oost" in page and "Wijkteam Noord" in page
    assert "Gemeente Elders" not in page
    assert "Politie Oost" not in page  # not a local organisation
    (row,) = _reads(events.CASUS_AFSLUITEN_BEKEKEN)
    assert row.persoon_pseudoniem == huis["persoon"].audit_pseudoniem

    response = client.post(url, _formulier(huis, stap="controleren"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Na het afsluiten hebben de deelnemers geen toegang meer tot deze casus." in page
    assert "Politie Oost" in page and "GGZ Oost" in page
    assert "1 actie staat nog open of in uitvoering" in page
    assert "Half bereikt: Stabiele huisvesting" in page
    assert 'name="stap" value="bevestigen"' in page
    _niets_veranderd(huis)

    response = client.post(url, _formulier(huis, stap="wijzigen"))
    assert response.status_code == 200 and "Controleren" in response.content.decode()
    _niets_veranderd(huis)

    response = client.post(url, _formulier(huis, stap="bevestigen"))
    assert response.status_code == 302 and response["Location"] == _url("casus", huis["casus"])
    casus = Casus.objects.get(pk=huis["casus"].pk)
    assert casus.status == CasusStatus.AFGESLOTEN
    afsluiting = Afsluiting.objects.get(casus=casus)
    assert afsluiting.evaluaties.filter(resultaat=DoelResultaat.DEELS).count() == 2

    page = client.get(_url("casus", casus)).content.decode()
    assert "De casus is afgeschaald naar Gemeente Oost." in page
    assert (
        "Afschaling naar het lokale netwerk" in page and "Afgeschaald naar lokaal netwerk" in page
    )
    assert "Bewaartermijn loopt vanaf" in page
    assert _url("heropenen", casus) in page and _url("afsluiten", casus) not in page
    # The other forms of the casus page are gone for a closed casus.
    assert "Deelnemer toevoegen" not in page and "Casusoverleg plannen" not in page


def test_the_casus_page_links_to_the_closing_only_for_the_procesregisseur(client, login, huis):
    url = _url("casus", huis["casus"])
    login(huis["regisseur"])
    assert _url("afsluiten", huis["casus"]) in client.get(url).content.decode()
    login(huis["coordinator"])
    page = client.get(url).content.decode()
    assert "De casus is open." in page and _url("afsluiten", huis["casus"]) not in page


def test_afsluiting_hides_and_ignores_the_receiving_organisation(client, login, huis):
    login(huis["regisseur"])
    data = _formulier(huis, soort=AfsluitSoort.AFSLUITING, reden=_reden(huis["zvh"], "verhuisd").pk)
    response = client.post(_url("afsluiten", huis["casus"]), data | {"stap": "bevestigen"})
    assert response.status_code == 302
    assert Afsluiting.objects.get().ontvangende_organisatie is None


PAGE_ERRORS = {
    "geen evaluatie": (
        lambda h: {k: "" for k in _formulier(h) if k.startswith(("resultaat_", "evaluatie_"))},
        ["Kies het resultaat van doel 1.", "Licht het resultaat van doel 2 toe."],
    ),
    "afschaling zonder ontvanger": (
        lambda h: {"ontvangende_organisatie": ""},
        ["Kies bij een afschaling de lokale organisatie die de casus overneemt."],
    ),
    "reden past niet": (
        lambda h: {"reden": _reden(h["zvh"], "overleden").pk},
        ["past niet bij een afschaling naar het lokale netwerk"],
    ),
    "geen soort en geen AVE": (
        lambda h: {"soort": "", "ave_niveau": ""},
        ["Kies afschaling naar het lokale netwerk of afsluiting.", "Kies het AVE-niveau"],
    ),
    "reden van een ander huis": (
        lambda h: {"reden": _reden(h["ander_huis"], "doelen_behaald").pk},
        ["Kies een reden uit de lijst van dit huis."],
    ),
}


@pytest.mark.parametrize("stap", ["controleren", "bevestigen"])
@pytest.mark.parametrize("naam", sorted(PAGE_ERRORS))
def test_bad_input_on_the_page_is_a_400_with_the_error_summary(client, login, huis, naam, stap):
    login(huis["regisseur"])
    anders, meldingen = PAGE_ERRORS[naam]
    data = _formulier(huis, stap=stap) | anders(huis)
    response = client.post(_url("afsluiten", huis["casus"]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Er is een probleem met wat u invulde" in page
    for melding in meldingen:
        assert melding in page, melding
    _niets_veranderd(huis)


def test_a_casus_closed_while_the_confirmation_was_open_is_refused(client, login, huis):
    login(huis["regisseur"])
    url = _url("afsluiten", huis["casus"])
    assert client.post(url, _formulier(huis, stap="controleren")).status_code == 200
    _afschalen(huis)  # another procesregisseur closed it meanwhile
    response = client.post(url, _formulier(huis, stap="bevestigen"))
    assert response.status_code == 400
    assert "Deze casus is afgesloten; er kan niets meer worden gewijzigd." in (
        response.content.decode()
    )
    assert Afsluiting.objects.count() == 1


def test_a_reason_switched_off_meanwhile_is_refused_at_confirmation(client, login, huis):
    login(huis["regisseur"])
    AfsluitReden.objects.filter(pk=_reden(huis["zvh"], "afgeschaald_lokaal").pk).update(
        actief=False
    )
    response = client.post(_url("afsluiten", huis["casus"]), _formulier(huis, stap="bevestigen"))
    assert response.status_code == 400
    assert "Kies een reden uit de lijst van dit huis." in response.content.decode()
    _niets_veranderd(huis)


def test_a_closed_casus_shows_no_closing_form_and_no_confirmation_step(client, login, huis):
    _afschalen(huis)
    login(huis["regisseur"])
    page = client.get(_url("afsluiten", huis["casus"])).content.decode()
    assert "Deze casus is al afgesloten." in page and "Controleren" not in page
    response = client.post(_url("afsluiten", huis["casus"]), _formulier(huis, stap="controleren"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Deze casus is afgesloten; er kan niets meer worden gewijzigd." in page
    assert 'value="bevestigen"' not in page
    assert Afsluiting.objects.count() == 1


def _pagina(client, url):
    response = client.get(url)
    return response.status_code, response.content.decode()


def test_the_partner_loses_access_when_the_casus_is_closed(client, login, huis):
    """Casus page, 'mijn casussen', the MDO page and its request: before the closing the
    partner sees them, after it a 404 and an empty list; so does the incidentele partner's
    MDO. The attacker's casus in house B is untouched."""
    casus = huis["casus"]
    urls = {
        "casus": _url("casus", casus),
        "overleg": reverse("casus:overleg", args=[huis["overleg"].pk]),
        "uitvraag": reverse("casus:uitvraag", args=[huis["uitvraag"].pk]),
    }
    login(huis["politie"])
    for naam, url in urls.items():
        assert _pagina(client, url)[0] == 200, naam
    assert casus.nummer in _pagina(client, reverse("casus:mijn"))[1]
    login(huis["school"])
    assert _pagina(client, urls["overleg"])[0] == 200

    _afschalen(huis)
    for wie in ("politie", "ggz", "school", "aanvaller"):
        login(huis[wie])
        for naam, url in urls.items():
            status, page = _pagina(client, url)
            assert status == 404, (wie, naam)
            assert "Veldhuizen" not in page
        assert casus.nummer not in _pagina(client, reverse("casus:mijn"))[1]
        assert str(huis["uitvraag"].pk) not in _pagina(client, reverse("casus:uitvragen"))[1]
    login(huis["aanvaller"])
    session = client.session
    session["_casus_zvh"] = huis["ander_huis"].pk
    session.save()
    assert _pagina(client, _url("casus", huis["elders"]))[0] == 200


def test_reopening_through_the_page_gives_access_back_only_when_re_added(client, login, huis):
    _afschalen(huis)
    login(huis["regisseur"])
    url = _url("heropenen", huis["casus"])
    assert client.get(url).status_code == 200
    assert _reads(events.CASUS_HEROPENEN_BEKEKEN).count() == 1
    response = client.post(url, {"reden": ""})
    assert response.status_code == 400
    assert "Geef de reden waarom de casus wordt heropend." in response.content.decode()
    assert not Heropening.objects.exists()
    response = client.post(url, {"reden": "Nieuwe melding van de wijkagent."})
    assert response.status_code == 302
    page = client.get(_url("casus", huis["casus"])).content.decode()
    assert "Voeg de organisaties die weer deelnemen opnieuw toe" in page
    assert "Nieuwe melding van de wijkagent." in page

    login(huis["politie"])
    assert client.get(_url("casus", huis["casus"])).status_code == 404
    services.deelnemer_toevoegen(
        actor=_actor(huis, "regisseur"),
        casus=huis["casus"],
        organisatie=huis["org_politie"],
        rol=DeelnemerRol.PARTNER,
    )
    assert client.get(_url("casus", huis["casus"])).status_code == 200
    # The MDO planned before the closing stays closed to it; new MDO's give access again.
    assert client.get(reverse("casus:overleg", args=[huis["overleg"].pk])).status_code == 404
    nieuw = CasusoverlegFactory(sessie__tafel__zvh=huis["zvh"], casus=huis["casus"])
    UitnodigingFactory(casusoverleg=nieuw, organisatie=huis["org_politie"])
    assert client.get(reverse("casus:overleg", args=[nieuw.pk])).status_code == 200


def test_reopening_an_open_casus_shows_no_form(client, login, huis):
    login(huis["regisseur"])
    page = client.get(_url("heropenen", huis["casus"])).content.decode()
    assert "Deze casus is open; heropenen is niet nodig." in page
    assert "Casus heropenen</button>" not in page
    response = client.post(_url("heropenen", huis["casus"]), {"reden": "Toch"})
    assert response.status_code == 400
    assert "Deze casus is niet afgesloten" in response.content.decode()


# role -> status of: closing an open casus, reopening a closed one, the reasons' beheer page,
# the closed casus's page.
MATRIX = {
    "regisseur": (200, 200, 403, 200),
    "coordinator": (403, 403, 403, 200),
    "politie": (403, 404, 403, 404),
    "ggz": (403, 404, 403, 404),
    "wijkteam": (404, 404, 403, 404),
    "school": (404, 404, 403, 404),
    "manager": (404, 404, 403, 404),
    "officer": (404, 404, 403, 404),
    "beheerder": (404, 404, 200, 404),
    "zsm": (404, 404, 403, 404),
    "ander_huis_regisseur": (404, 404, 403, 404),
    "ander_huis_beheerder": (404, 404, 200, 404),
    "aanvaller": (403, 404, 403, 404),
    "aanvaller_in_b": (404, 404, 403, 404),
}


@pytest.mark.parametrize("naam", sorted(MATRIX))
def test_visibility_matrix(client, login, huis, naam):
    gesloten = CasusFactory(zvh=huis["zvh"], deelnemers=[huis["org_politie"]])
    gesloten.personen.add(huis["persoon"])
    services_afsluiting.casus_afsluiten(
        actor=_actor(huis, "regisseur"),
        casus=gesloten,
        soort=AfsluitSoort.AFSLUITING,
        reden=_reden(huis["zvh"], "verhuisd"),
        toelichting="Betrokkene is verhuisd.",
        ave_niveau=1,
        evaluaties={},
    )
    services_afsluiting.afsluitreden_toevoegen(actor=_actor(huis, "beheerder"), naam="Alleen in A")
    login(huis[naam.removesuffix("_in_b")])
    if naam.endswith("_in_b"):
        session = client.session
        session["_casus_zvh"] = huis["ander_huis"].pk
        session.save()
    urls = [
        _url("afsluiten", huis["casus"]),
        _url("heropenen", gesloten),
        reverse("casus:afsluitredenen"),
        _url("casus", gesloten),
    ]
    weigeringen = AccessLog.objects.filter(event_type=events.TOEGANG_GEWEIGERD).count()
    statuses, pages = [], []
    for url in urls:
        response = client.get(url)
        statuses.append(response.status_code)
        pages.append(response.content.decode())
    assert tuple(statuses) == MATRIX[naam]
    for status, page in zip(statuses, pages, strict=True):
        if status != 200:
            assert "Veldhuizen" not in page and "Stabiele huisvesting" not in page
    # Every refusal is audited.
    refused = sum(1 for s in statuses if s in (403, 404))
    assert AccessLog.objects.filter(event_type=events.TOEGANG_GEWEIGERD).count() == (
        weigeringen + refused
    )
    if statuses[2] == 200:
        assert ("Alleen in A" in pages[2]) is (naam == "beheerder")


@pytest.mark.parametrize("naam", ["coordinator", "politie"])
def test_a_refused_closing_is_a_403_audited_and_nothing_saved(client, login, huis, naam):
    login(huis[naam])
    response = client.post(_url("afsluiten", huis["casus"]), _formulier(huis, stap="bevestigen"))
    assert response.status_code == 403
    row = AccessLog.objects.get(event_type=events.TOEGANG_GEWEIGERD)
    assert row.outcome == Outcome.DENIED and row.detail == "casus.afsluiten"
    _niets_veranderd(huis)


def test_without_the_second_factor_nothing_is_closed(client, huis):
    client.force_login(huis["regisseur"])  # password only, no second factor
    session = client.session
    session[LOGIN_TIME] = session[LAST_SEEN] = time.time()
    session.save()
    response = client.post(_url("afsluiten", huis["casus"]), _formulier(huis, stap="bevestigen"))
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:verify")
    _niets_veranderd(huis)


QUERY_BUDGET = 22


@pytest.mark.parametrize("aantal", [1, 50])
def test_the_closing_form_has_a_fixed_number_of_queries(
    client, login, huis, aantal, django_assert_max_num_queries
):
    casus = CasusFactory(zvh=huis["zvh"], deelnemers=[huis["org_politie"]])
    for _i in range(aantal):
        DoelFactory(plan__casus=casus)
    login(huis["regisseur"])
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert client.get(_url("afsluiten", casus)).status_code == 200
    data = {
        "soort": AfsluitSoort.AFSLUITING,
        "reden": _reden(huis["zvh"], "verhuisd").pk,
        "ave_niveau": 1,
        "stap": "controleren",
    }
    for doel in casus.plan.doelen.all():
        data |= {f"resultaat_{doel.pk}": "behaald", f"evaluatie_{doel.pk}": "Gelukt"}
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert client.post(_url("afsluiten", casus), data).status_code == 200


# Beheer: the house's list of reasons ----------------------------------------------------------


def test_the_beheerder_adds_renames_switches_off_and_moves_reasons(client, login, huis):
    login(huis["beheerder"])
    url = reverse("casus:afsluitredenen")
    response = client.post(url, {"naam": "Overgedragen aan jeugdzorg", "soort": "afschaling"})
    assert response.status_code == 302
    nieuw = AfsluitReden.objects.get(zvh=huis["zvh"], naam="Overgedragen aan jeugdzorg")
    assert nieuw.code == "overgedragen-aan-jeugdzorg" and nieuw.actief
    assert nieuw.volgorde == AfsluitReden.objects.filter(zvh=huis["zvh"]).count()
    assert AccessLog.objects.filter(event_type=events.AFSLUITREDEN_TOEGEVOEGD).count() == 1

    # Move it up one place.
    voorganger = AfsluitReden.objects.filter(zvh=huis["zvh"]).order_by("volgorde")[
        nieuw.volgorde - 2
    ]
    verplaatsen = reverse("casus:afsluitreden_verplaatsen", args=[nieuw.pk])
    assert client.post(verplaatsen, {"richting": "op"}).status_code == 302
    nieuw.refresh_from_db()
    voorganger.refresh_from_db()
    assert nieuw.volgorde < voorganger.volgorde

    # Rename and switch off: no longer offered when closing, kept for earlier closings.
    detail = reverse("casus:afsluitreden", args=[nieuw.pk])
    assert client.get(detail).status_code == 200
    response = client.post(detail, {"naam": "Overgedragen aan de jeugdzorg", "soort": ""})
    assert response.status_code == 302
    nieuw.refresh_from_db()
    assert (nieuw.naam, nieuw.soort, nieuw.actief) == ("Overgedragen aan de jeugdzorg", "", False)
    assert nieuw.code == "overgedragen-aan-jeugdzorg"
    gewijzigd = AccessLog.objects.filter(event_type=events.AFSLUITREDEN_GEWIJZIGD)
    assert gewijzigd.count() == 2
    assert any("uitgeschakeld" in r.detail for r in gewijzigd)
    login(huis["regisseur"])
    assert (
        "Overgedragen aan de jeugdzorg"
        not in client.get(_url("afsluiten", huis["casus"])).content.decode()
    )


BEHEER_FOUTEN = {
    "geen naam": ({"naam": " ", "soort": ""}, "Geef de reden een naam."),
    "naam te lang": ({"naam": "x" * 201, "soort": ""}, "Gebruik maximaal 200 tekens"),
    "dubbele naam": ({"naam": "betrokkene verhuisd", "soort": ""}, "al een reden met deze naam"),
    "onbekende soort": ({"naam": "Nieuw", "soort": "alles"}, "Selecteer een geldige keuze"),
}


@pytest.mark.parametrize("naam", sorted(BEHEER_FOUTEN))
def test_a_bad_reason_is_a_400_with_the_error_summary(client, login, huis, naam):
    login(huis["beheerder"])
    data, melding = BEHEER_FOUTEN[naam]
    voor = AfsluitReden.objects.count()
    response = client.post(reverse("casus:afsluitredenen"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Er is een probleem met wat u invulde" in page and melding in page
    assert AfsluitReden.objects.count() == voor


def test_each_kind_of_closing_keeps_an_active_reason(huis):
    beheerder = _actor(huis, "beheerder")
    for reden in AfsluitReden.objects.filter(zvh=huis["zvh"]).exclude(soort="afschaling"):
        if reden.soort == "":
            services_afsluiting.afsluitreden_wijzigen(
                actor=beheerder, reden=reden, naam=reden.naam, soort=reden.soort, actief=False
            )
    laatste = AfsluitReden.objects.filter(zvh=huis["zvh"], soort="afschaling").get()
    with pytest.raises(ServiceError, match="ten minste één actieve reden blijven voor afschaling"):
        services_afsluiting.afsluitreden_wijzigen(
            actor=beheerder, reden=laatste, naam=laatste.naam, soort="", actief=False
        )
    assert AfsluitReden.objects.get(pk=laatste.pk).actief


def test_moving_past_the_ends_is_refused(huis):
    beheerder = _actor(huis, "beheerder")
    eerste, *_midden, laatste = AfsluitReden.objects.filter(zvh=huis["zvh"]).order_by("volgorde")
    with pytest.raises(ServiceError, match="al bovenaan"):
        services_afsluiting.afsluitreden_verplaatsen(actor=beheerder, reden=eerste, richting="op")
    with pytest.raises(ServiceError, match="al onderaan"):
        services_afsluiting.afsluitreden_verplaatsen(
            actor=beheerder, reden=laatste, richting="neer"
        )


def test_another_houses_reason_is_a_404_for_the_beheerder(client, login, huis):
    vreemd = _reden(huis["ander_huis"], "verhuisd")
    login(huis["beheerder"])
    assert client.get(reverse("casus:afsluitreden", args=[vreemd.pk])).status_code == 404
    response = client.post(
        reverse("casus:afsluitreden_verplaatsen", args=[vreemd.pk]), {"richting": "op"}
    )
    assert response.status_code == 404
    with pytest.raises(Geweigerd):
        services_afsluiting.afsluitreden_wijzigen(
            actor=_actor(huis, "beheerder"), reden=vreemd, naam="Gekaapt", soort="", actief=True
        )
    assert AfsluitReden.objects.get(pk=vreemd.pk).naam == "Betrokkene verhuisd"


@pytest.mark.parametrize("aantal", [1, 50])
def test_the_reasons_page_has_a_fixed_number_of_queries(
    client, login, zvh, make_user, aantal, django_assert_max_num_queries
):
    beheerder = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    AfsluitReden.objects.bulk_create(
        AfsluitReden(zvh=zvh, code=f"r{i}", naam=f"Reden {i}", volgorde=i) for i in range(aantal)
    )
    login(beheerder)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("casus:afsluitredenen"))
    assert response.status_code == 200 and f"Reden {aantal - 1}" in response.content.decode()
