"""The policy registry: deny by default, and for every rule its object form (`may`) and its
list form (`visible`) agree on a seeded data set of two houses that share an organisation."""

import itertools

import pytest
from django.db.models import Q

from aanmelding.models import Aanmelding, Status
from casus import notificaties
from casus.models import (
    Actie,
    AfsluitReden,
    Casus,
    Casusoverleg,
    DeelnemerRol,
    Geheimhoudingsverklaring,
    NotificatieSoort,
    Overlegtafel,
    Persoon,
    Pitch,
    Scoreformulier,
    Sessie,
    Uitvraag,
)
from casus.services import deelname_vastleggen
from config.navigation import MENU
from core import policy
from core.actor import Actor, machine_actor
from core.roles import Rol
from partners.models import Medewerker, Organisatie, RolAanvraag, RolToewijzing
from tests.aanmelding.factories import AanmeldingFactory
from tests.casus.factories import (
    ActieFactory,
    CasusFactory,
    CasusoverlegFactory,
    PersoonFactory,
    PitchFactory,
    ScoreFactory,
    ScoreformulierFactory,
    SessieFactory,
    UitnodigingFactory,
    UitvraagFactory,
    VoortgangFactory,
    afsluitredenen_huis,
    zrm_huis,
)
from tests.conftest import actor_for
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory, ZvhFactory

MODELS = [
    Aanmelding,
    Casus,
    Persoon,
    Organisatie,
    Medewerker,
    RolToewijzing,
    RolAanvraag,
    Uitvraag,
]


@pytest.fixture
def wereld(db, make_user):
    """Houses A and B share Politie; each has its own partner; users of every role; accounts
    in both houses, a superuser, accounts without roles; pending role requests."""
    huis_a, huis_b = ZvhFactory(), ZvhFactory()
    politie, ggz, gemeente = OrganisatieFactory(), OrganisatieFactory(), OrganisatieFactory()
    wijkteam, buurtzorg = OrganisatieFactory(), OrganisatieFactory()
    school = OrganisatieFactory()  # an incidentele partner in both houses
    for huis, org in (
        (huis_a, politie),
        (huis_b, politie),
        (huis_a, ggz),
        (huis_b, gemeente),
        (huis_a, wijkteam),
    ):
        PartnerschapFactory(zvh=huis, organisatie=org)
    for huis in (huis_a, huis_b):  # convenant, no privacy protocol: an incidentele partner
        PartnerschapFactory(zvh=huis, organisatie=buurtzorg, incidenteel=True)
    in_beide = make_user(huis_a, Rol.KETENPARTNER, organisatie=politie)
    RolToewijzing.objects.create(medewerker=in_beide, zvh=huis_b, rol=Rol.KETENPARTNER)
    make_user(huis_a, Rol.KETENPARTNER, organisatie=politie, is_superuser=True)
    make_user(huis_a, organisatie=wijkteam)  # no roles, organisation only in A
    make_user(huis_a, organisatie=politie, aangemaakt_in=huis_a)  # no roles, created by A
    make_user(huis_b, organisatie=politie, aangemaakt_in=huis_b)  # no roles, created by B
    actors = []
    for huis, org, rol in itertools.product((huis_a, huis_b), (politie, ggz, buurtzorg), Rol):
        user = make_user(huis, rol, organisatie=org)
        actors.append(actor_for(user, huis))
    zonder_rol = make_user(huis_a, organisatie=politie)
    actors.append(actor_for(zonder_rol, huis_a))
    actors.append(actor_for(make_user(huis_a, Rol.PROCESREGISSEUR, organisatie=ggz), None))
    actors.append(Actor.anoniem())
    actors.append(machine_actor("commando:test", zvh_id=huis_a.pk))
    for huis in (huis_a, huis_b):
        for org in (politie, ggz):
            melder = make_user(huis, Rol.KETENPARTNER, organisatie=org)
            for status in Status:
                AanmeldingFactory(zvh=huis, aangemeld_door=melder, status=status)
            PersoonFactory(zvh=huis, aangemaakt_door=melder)
        zrm_huis(huis)
        afsluitredenen_huis(huis)
        met_politie = CasusFactory(zvh=huis, deelnemers=[politie])
        casussen = [
            met_politie,
            CasusFactory(zvh=huis),
            CasusFactory(zvh=huis, afgesloten=True, deelnemers=[ggz]),
        ]
        _overleggen(huis, met_politie, politie, school, make_user)
        for casus in casussen:
            # Scores and a pitch with a ready version and a concept after it.
            persoon = PersoonFactory(zvh=huis)
            casus.personen.add(persoon)
            ScoreFactory(formulier=ScoreformulierFactory(casus=casus, persoon=persoon))
            PitchFactory(casus=casus, versie=1, gereed=True)
            PitchFactory(casus=casus, versie=2)
        # An incidentele partner (no privacy protocol with the house) takes part: it sees none.
        deelname_vastleggen(
            casus=CasusFactory(zvh=huis), organisatie=buurtzorg, rol=DeelnemerRol.PARTNER
        )
        afgesloten = casussen[2]
        spoed = CasusFactory(zvh=huis, spoed=True, deelnemers=[politie, ggz])
        # Requests to a deelnemer, answered or not, and one to an organisation that no
        # longer takes part (its grant is gone: it sees the request no more).
        UitvraagFactory(casus=met_politie, organisatie=politie)
        UitvraagFactory(casus=afgesloten, organisatie=ggz, met_antwoord=True)
        UitvraagFactory(casus=spoed, organisatie=ggz, verlopen=True)
        UitvraagFactory(casus=spoed, organisatie=politie, met_antwoord=True)
        UitvraagFactory(casus=met_politie, organisatie=ggz)
        # The plan on the casus page (issue 12, point 6): an action for politie and one for
        # ggz with a progress note of each, on a casus both take part in; one on a casus
        # politie does not take part in.
        for organisatie in (politie, ggz):
            VoortgangFactory(actie=ActieFactory(doel__plan__casus=spoed, organisatie=organisatie))
        VoortgangFactory(actie=ActieFactory(doel__plan__casus=afgesloten, organisatie=ggz))
        _acties(huis, met_politie, spoed, afgesloten, politie, ggz, actors)
        # Plans: actions for politie and ggz in the casus with politie, one in the closed
        # casus (ggz) and one in the spoed casus (both take part).
        for casus, organisatie in (
            (met_politie, politie),
            (met_politie, ggz),
            (afgesloten, ggz),
            (spoed, politie),
        ):
            ActieFactory(doel__plan__casus=casus, organisatie=organisatie)
        aanvrager = make_user(huis, Rol.FUNCTIONEEL_BEHEERDER, organisatie=politie)
        RolAanvraag.objects.create(
            medewerker=make_user(huis, organisatie=politie),
            zvh=huis,
            rol=Rol.PRIVACY_OFFICER,
            aangevraagd_door=aanvrager,
        )
    for huis in (huis_a, huis_b):
        PartnerschapFactory(zvh=huis, organisatie=school, incidenteel=True)
        actors.append(actor_for(make_user(huis, Rol.KETENPARTNER, organisatie=school), huis))
    _notificaties(actors, politie, ggz)
    return {"actors": actors, "a": huis_a, "b": huis_b}


def _acties(huis, met_politie, spoed, afgesloten, politie, ggz, actors):
    """Actions of a deelnemer (open and gereed), of an organisation that does not take part
    (no grant), on a closed casus, and on a casus whose procesregisseur is one of the actors
    (the rule "actie.bijwerken" admits the casus's own regisseur)."""
    ActieFactory(doel__plan__casus=met_politie, organisatie=politie)
    ActieFactory(doel__plan__casus=met_politie, organisatie=politie, gereed=True)
    ActieFactory(doel__plan__casus=met_politie, organisatie=ggz)
    ActieFactory(doel__plan__casus=spoed, organisatie=ggz, verlopen=True)
    ActieFactory(doel__plan__casus=afgesloten, organisatie=ggz)
    regisseur = next(a for a in actors if a.zvh_id == huis.pk and a.rollen == {Rol.PROCESREGISSEUR})
    eigen = CasusFactory(
        zvh=huis, procesregisseur=Medewerker.objects.get(pk=regisseur.user_id), deelnemers=[ggz]
    )
    ActieFactory(doel__plan__casus=eigen, organisatie=ggz)


def _notificaties(actors, politie, ggz):
    """Actions of Politie and GGZ in each house, and for a few recipients (a partner of each
    kind, house staff, a manager; in both houses) a notification of every kind about every
    target of its house: the rule decides which of its own it is shown."""
    doelen = {"actie": [], "uitvraag": [], "casusoverleg": []}
    for casus in Casus.objects.filter(status="open"):
        if not casus.deelnemers.exists():
            continue
        for org in (politie, ggz):
            if casus.deelnemers.filter(organisatie=org).exists():
                doelen["actie"].append(ActieFactory(doel__plan__casus=casus, organisatie=org))
    doelen["uitvraag"] = list(Uitvraag.objects.all())
    doelen["casusoverleg"] = list(Casusoverleg.objects.all())
    soort = {
        "actie": NotificatieSoort.ACTIE_VERLOPEN,
        "uitvraag": NotificatieSoort.UITVRAAG,
        "casusoverleg": NotificatieSoort.MDO_UITNODIGING,
    }
    gekozen = {}
    for actor in actors:
        if actor.user_id is None or actor.zvh_id is None:
            continue
        sleutel = (actor.zvh_id, actor.organisatie_id, frozenset(actor.rollen))
        if actor.rollen & {Rol.KETENPARTNER, Rol.PROCESREGISSEUR, Rol.MANAGER}:
            gekozen.setdefault(sleutel, actor)
    for actor in gekozen.values():
        for veld, objecten in doelen.items():
            for obj in objecten:
                if obj.zvh_id != actor.zvh_id:
                    continue
                notificaties.notificeren(
                    soort=soort[veld],
                    casus=obj.casus,
                    ontvanger_ids=[actor.user_id],
                    sleutel=f"{veld}:{obj.pk}",
                    **{veld: obj},
                )


def _overleggen(huis, casus, politie, school, make_user):
    """Two MDO's of `casus` on two sessions: politie invited to both, the incidentele partner
    to both but with its declaration for the first only; a decision on each."""
    regisseur = make_user(huis, Rol.PROCESREGISSEUR)
    eerste = SessieFactory(tafel__zvh=huis)
    tweede = SessieFactory(tafel=eerste.tafel)
    for sessie, verklaard in ((eerste, True), (tweede, False)):
        overleg = CasusoverlegFactory(sessie=sessie, casus=casus)
        UitnodigingFactory(casusoverleg=overleg, organisatie=politie)
        UitnodigingFactory(casusoverleg=overleg, organisatie=school, incidenteel=True)
        overleg.besluiten.create(tekst="Besluit", eigenaar=politie)
        if verklaard:
            Geheimhoudingsverklaring.objects.create(
                organisatie=school,
                casus=casus,
                casusoverleg=overleg,
                naam_ondertekenaar="A. Jansen",
                getekend_op="2026-01-01",
                vastgelegd_door=regisseur,
            )
    SessieFactory(tafel=eerste.tafel)  # a session nobody is invited to


def test_unknown_action_and_unverified_actor_are_denied(wereld):
    regisseur = next(a for a in wereld["actors"] if a.heeft(Rol.PROCESREGISSEUR))
    assert not policy.may(regisseur, "iets.onbekends")
    assert not policy.visible(regisseur, "iets.onbekends", Casus.objects.all()).exists()
    unverified = Actor(**{**regisseur.__dict__, "verified": False})
    assert not policy.may(unverified, "casus.bekijken")
    assert not policy.visible(unverified, "casus.bekijken", Casus.objects.all()).exists()
    assert not policy.may(None, "casus.bekijken")


def test_every_rule_has_both_forms_agreeing_on_every_object(wereld):
    """For every registered rule about a model, every actor and every object: the object form
    says yes exactly when the list form lists the object."""
    checked = 0
    for rule in policy.rules():
        if rule.model is None:
            continue
        objects = list(rule.model._default_manager.all())
        assert objects, f"no seeded {rule.model.__name__} for {rule.actie}"
        for actor in wereld["actors"]:
            listed = set(
                policy.visible(actor, rule.actie, rule.model._default_manager.all()).values_list(
                    "pk", flat=True
                )
            )
            for obj in objects:
                assert policy.may(actor, rule.actie, obj) == (obj.pk in listed), (
                    rule.actie,
                    actor,
                    obj,
                )
                checked += 1
    assert checked > 1000


def test_each_rule_admits_someone_and_refuses_someone(wereld):
    """No rule is vacuous: on the seeded data each admits at least one (actor, object) pair
    and refuses at least one."""
    for rule in policy.rules():
        outcomes = set()
        for actor in wereld["actors"]:
            if rule.model is None:
                outcomes.add(policy.may(actor, rule.actie))
            else:
                for obj in rule.model._default_manager.all()[:20]:
                    outcomes.add(policy.may(actor, rule.actie, obj))
        assert outcomes == {True, False}, rule.actie


def test_a_role_in_one_house_gives_nothing_in_the_other(wereld):
    for actor in wereld["actors"]:
        if actor.zvh_id != wereld["a"].pk:
            continue
        for rule in policy.rules():
            if rule.model in (
                Aanmelding,
                Casus,
                Persoon,
                RolToewijzing,
                RolAanvraag,
                Overlegtafel,
                Sessie,
                Casusoverleg,
                Scoreformulier,
                Pitch,
                Uitvraag,
                Actie,
                AfsluitReden,
            ):
                elders = rule.model._default_manager.filter(zvh=wereld["b"])
                assert not policy.visible(actor, rule.actie, elders).exists(), rule.actie
                assert not any(policy.may(actor, rule.actie, obj) for obj in elders)


def test_scores_are_for_house_staff_and_a_ready_pitch_also_for_deelnemers(wereld):
    """Issue 11, point 5: house staff see every score form and pitch version of their house;
    a ketenpartner of a deelnemer organisation sees the ready pitch versions of its casussen,
    never a score form; a manager, a privacy officer and others see neither."""
    for actor in wereld["actors"]:
        formulieren = policy.visible(actor, "scores.bekijken", Scoreformulier.objects.all())
        pitches = policy.visible(actor, "pitch.bekijken", Pitch.objects.all())
        if actor.verified and actor.heeft(Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR):
            assert set(formulieren) == set(Scoreformulier.objects.filter(zvh_id=actor.zvh_id))
            assert set(pitches) == set(Pitch.objects.filter(zvh_id=actor.zvh_id))
            continue
        assert not formulieren.exists(), actor
        if not actor.heeft(Rol.KETENPARTNER):
            assert not pitches.exists(), actor
            continue
        deelnemend = Casus.objects.filter(
            zvh_id=actor.zvh_id, deelnemers__organisatie_id=actor.organisatie_id
        )
        assert set(pitches) == set(
            Pitch.objects.filter(casus__in=deelnemend, gereed_op__isnull=False)
        ), actor


def test_machine_actors_hold_no_roles(wereld):
    machine = machine_actor("commando:test", zvh_id=wereld["a"].pk)
    assert not any(policy.may(machine, rule.actie) for rule in policy.rules())


def test_simple_scopes_are_answered_without_a_query(wereld, django_assert_num_queries):
    """A scope on the object's own columns is evaluated in memory (no query per check)."""
    aanmelding = Aanmelding.objects.filter(zvh=wereld["a"], status=Status.INGEDIEND).first()
    regisseur = next(
        a for a in wereld["actors"] if a.zvh_id == wereld["a"].pk and a.heeft(Rol.PROCESREGISSEUR)
    )
    with django_assert_num_queries(0):
        assert policy.may(regisseur, "triage.besluiten", aanmelding)
        assert policy.may(regisseur, "aanmelding.bekijken", aanmelding)


def test_q_evaluation_in_memory_matches_the_database(wereld):
    """The in-memory evaluator agrees with SQL on negation, OR, `in`, `isnull` and FK ids."""
    conditions = [
        Q(status=Status.CONCEPT),
        ~Q(status=Status.CONCEPT) | Q(organisatie_id=0),
        Q(status__in=[Status.INGEDIEND, Status.AFGEWEZEN]) & Q(zvh_id=wereld["a"].pk),
        Q(casus__isnull=True),
        ~(Q(spoed=True) | Q(telefonisch=True)),
        Q(pk__in=[]),
    ]
    for condition in conditions:
        in_db = set(Aanmelding.objects.filter(condition).values_list("pk", flat=True))
        for obj in Aanmelding.objects.all():
            assert policy.matches(obj, condition) == (obj.pk in in_db), condition


def test_registering_an_action_twice_differently_is_refused():
    with pytest.raises(ValueError, match="twice"):
        policy.register(policy.Rule("casus.bekijken", frozenset({Rol.MANAGER})))


def test_every_menu_entry_names_a_registered_action():
    assert all(policy.rule(item.actie) is not None for item in MENU)
    assert all(item.rollen for item in MENU)


def test_mdo_visibility_per_role(wereld):
    """Staff see every MDO of their house; politie (invited) both of its house; the
    incidentele partner only the one with its declaration; manager and officer none."""
    for actor in wereld["actors"]:
        if actor.zvh_id is None or not actor.verified:
            continue
        zichtbaar = policy.visible(actor, "overleg.bekijken", Casusoverleg.objects.all())
        in_huis = Casusoverleg.objects.filter(zvh_id=actor.zvh_id)
        if actor.heeft(Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR):
            assert set(zichtbaar) == set(in_huis), actor
        elif actor.heeft(Rol.KETENPARTNER) and actor.organisatie_naam.startswith("Organisatie"):
            expected = {
                o
                for o in in_huis
                if o.uitnodigingen.filter(
                    organisatie_id=actor.organisatie_id, incidenteel=False
                ).exists()
                or o.geheimhoudingsverklaringen.filter(organisatie_id=actor.organisatie_id).exists()
            }
            assert set(zichtbaar) == expected, actor
        else:
            assert not zichtbaar.exists(), actor
    school = [a for a in wereld["actors"] if a.heeft(Rol.KETENPARTNER)][-1]
    assert policy.visible(school, "overleg.bekijken", Casusoverleg.objects.all()).count() == 1


def test_house_staff_see_every_casus_and_an_incidental_partner_none(wereld):
    """Issue 11 point 5: procesregisseur and informatiecoördinator see every casus of their
    house; a ketenpartner of an incidentele partner none (not even one it takes part in)."""
    huis_a = wereld["a"]
    alle = set(Casus.objects.filter(zvh=huis_a).values_list("pk", flat=True))
    for actor in wereld["actors"]:
        if actor.zvh_id != huis_a.pk or not actor.verified:
            continue
        zichtbaar = set(
            policy.visible(actor, "casus.bekijken", Casus.objects.all()).values_list(
                "pk", flat=True
            )
        )
        if actor.heeft(Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR):
            assert zichtbaar == alle, actor
        elif not actor.heeft(Rol.KETENPARTNER):
            assert zichtbaar == set(), actor
    incidenteel = [
        a
        for a in wereld["actors"]
        if a.zvh_id == huis_a.pk
        and a.rollen == {Rol.KETENPARTNER}
        and Organisatie.objects.get(pk=a.organisatie_id)
        .partnerschappen.get(zvh=huis_a)
        .privacyprotocol_getekend_op
        is None
    ]
    assert incidenteel
    for actor in incidenteel:
        assert not policy.visible(actor, "casus.bekijken", Casus.objects.all()).exists()


def test_the_plan_on_the_casus_page_shows_partners_no_other_organisations_notes(wereld):
    """House staff see every action and note of their house; a ketenpartner of a full-partner
    deelnemer organisation every action of its casussen but only its own organisation's
    notes; everyone else none."""
    from casus.models import Voortgang

    for actor in wereld["actors"]:
        acties = set(policy.visible(actor, "overzicht.acties", Actie.objects.all()))
        notities = set(policy.visible(actor, "overzicht.voortgang", Voortgang.objects.all()))
        if not actor.verified or actor.zvh_id is None:
            assert not acties and not notities, actor
            continue
        if actor.heeft(Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR):
            assert acties == set(Actie.objects.filter(zvh_id=actor.zvh_id)), actor
            assert notities == set(Voortgang.objects.filter(actie__zvh_id=actor.zvh_id)), actor
            continue
        assert all(n.organisatie_id == actor.organisatie_id for n in notities), actor
        assert {n.actie for n in notities} <= acties, actor
        if not actor.heeft(Rol.KETENPARTNER):
            assert not acties, actor
            continue
        zichtbaar = policy.visible(actor, "casus.bekijken", Casus.objects.all())
        assert acties == set(Actie.objects.filter(casus__in=zichtbaar)), actor


def test_actions_per_role(wereld):
    """Issue 12, point 2: house staff see every action of their house with its notes; a
    ketenpartner the actions of the casussen its organisation takes part in (as a full
    partner), their notes and its worklist only for its own organisation's; the responsible
    organisation and the casus's own procesregisseur update; a manager, an officer and a
    beheerder see nothing."""
    for actor in wereld["actors"]:
        alle = Actie.objects.all()
        zichtbaar = set(policy.visible(actor, "actie.bekijken", alle))
        notities = set(policy.visible(actor, "actie.voortgang_bekijken", alle))
        werk = set(policy.visible(actor, "actie.werkvoorraad", alle))
        bijwerken = set(policy.visible(actor, "actie.bijwerken", alle))
        if not actor.verified:
            assert not (zichtbaar or notities or werk or bijwerken), actor
            continue
        huis = Actie.objects.filter(zvh_id=actor.zvh_id)
        if actor.heeft(Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR):
            assert zichtbaar == notities == set(huis), actor
        if actor.heeft(Rol.PROCESREGISSEUR) and not actor.heeft(Rol.KETENPARTNER):
            eigen = huis.filter(casus__procesregisseur_id=actor.user_id) | huis.filter(
                casus__backup_procesregisseur_id=actor.user_id
            )
            assert bijwerken == set(eigen), actor
        if actor.heeft(Rol.KETENPARTNER) and not actor.heeft(
            Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR
        ):
            assert werk == notities == bijwerken, actor
            assert all(a.organisatie_id == actor.organisatie_id for a in werk), actor
            assert werk <= zichtbaar, actor
        if not actor.heeft(Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR, Rol.KETENPARTNER):
            assert not (zichtbaar or notities or werk or bijwerken), actor


def test_the_plan_is_seen_with_its_casus_and_written_by_the_procesregisseur(wereld):
    """Issue 12: whoever sees a casus sees its plan and every action of it (house staff, a
    ketenpartner of a full-partner deelnemer); only a procesregisseur writes it; the history
    is for house staff. A manager and a privacy officer see none of it."""
    for actor in wereld["actors"]:
        casussen = set(policy.visible(actor, "casus.bekijken", Casus.objects.all()))
        plannen = set(policy.visible(actor, "plan.bekijken", Casus.objects.all()))
        acties = set(policy.visible(actor, "plan.actie_bekijken", Actie.objects.all()))
        if actor.heeft(Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR, Rol.KETENPARTNER):
            assert plannen == casussen, actor
        else:
            assert plannen == set(), actor
        assert acties == set(Actie.objects.filter(casus__in=plannen)), actor
        bewerkbaar = set(policy.visible(actor, "plan.bewerken", Casus.objects.all()))
        staf = set(policy.visible(actor, "casus.geschiedenis", Casus.objects.all()))
        in_huis = set(Casus.objects.filter(zvh_id=actor.zvh_id))
        verified = actor.verified and actor.zvh_id is not None
        assert bewerkbaar == (in_huis if verified and actor.heeft(Rol.PROCESREGISSEUR) else set())
        staf_rollen = (Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR)
        assert staf == (in_huis if verified and actor.heeft(*staf_rollen) else set())


def test_permitted_agrees_with_the_object_form_in_at_most_one_query(
    wereld, django_assert_max_num_queries
):
    """`permitted` (several objects at once) says yes exactly where `may` does, for every rule
    about a model and every actor, and asks the database at most once for all of them."""
    for rule in policy.rules():
        if rule.model is None:
            continue
        objects = list(rule.model._default_manager.all()[:30])
        for actor in wereld["actors"]:
            with django_assert_max_num_queries(1):
                toegestaan = policy.permitted(actor, rule.actie, objects)
            assert toegestaan == {o.pk for o in objects if policy.may(actor, rule.actie, o)}, (
                rule.actie,
                actor,
            )


def test_may_given_answers_as_may_for_an_object_of_the_given_list(wereld):
    """For a casus read through casus.bekijken's list form, may_given("plan.bekijken") is what
    may says (without a query where both rules admit the same casussen)."""
    for actor in wereld["actors"]:
        for casus in policy.visible(actor, "casus.bekijken", Casus.objects.all()):
            for actie in ("plan.bekijken", "casus.scoren", "casus.deelnemers"):
                assert policy.may_given(actor, actie, casus, given="casus.bekijken") == (
                    policy.may(actor, actie, casus)
                ), (actie, actor, casus)


def test_a_rules_scope_is_built_once_per_actor(wereld):
    """The Q of a rule is built once per actor (and day), shared by the rules with the same
    scope and tenant; another actor gets its own."""
    calls = []
    rule = policy.rule("casus.bekijken")
    original = rule.scope

    def scope(actor):
        calls.append(actor)
        return original(actor)

    object.__setattr__(rule, "scope", scope)  # a frozen dataclass
    try:
        partner = next(a for a in wereld["actors"] if a.heeft(Rol.KETENPARTNER) and a.verified)
        q = rule.q(partner)
        assert rule.q(partner) is q
        assert len(calls) == 1
        rule.q(Actor(**{**partner.__dict__, "request_id": "ander"}))
        assert len(calls) == 2
    finally:
        object.__setattr__(rule, "scope", original)
