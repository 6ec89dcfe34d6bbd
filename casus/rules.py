"""Who may see and change persons and casussen; registered from `CasusConfig.ready`.

"Which organisation takes part in a casus" is one fact: a `Deelnemer` row together with the
django-guardian grant to the organisation's group, written and removed together by the casus
services. The rules read the grant (the permission table the list form joins on).

ZVH staff who work on every case of the house (procesregisseur, informatiecoördinator) see
every casus; a partner organisation sees the casussen it takes part in, and only while it is a
full partner of the house (privacy protocol signed): an incidentele partner sees only the MDO it
was invited to, through the rules of the overleg. A manager and a privacy officer see none.
"""

from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q, Subquery

from core import policy
from core.policy import EVERYTHING, NOTHING, Rule
from core.roles import AANMELDER_ROLLEN, CASUS_WERK_ROLLEN, Rol
from partners.models import Organisatie, Partnerschap, partner_met_protocol

from .models import (
    Actie,
    Afsluiting,
    AfsluitReden,
    Besluit,
    Casus,
    CasusGroupObjectPermission,
    Casusoverleg,
    Geheimhoudingsverklaring,
    Notificatie,
    NotificatieSoort,
    Overlegtafel,
    Persoon,
    Pitch,
    Scoreformulier,
    Sessie,
    Uitnodiging,
    Uitvraag,
    Voortgang,
)

REGISSEUR = frozenset({Rol.PROCESREGISSEUR})
# House staff who work on the whole case: scores and the pitch (issue 11, points 2 and 3).
CASUS_STAF = frozenset({Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR})
# House staff whose work spans every casus of the house: they see each one whole.
CASUS_HUISSTAF = CASUS_STAF


def _grant_van(actor, casus_ref):
    """Q: the actor's organisation's group holds the view grant on the casus at `casus_ref`.

    The grant is probed by its unique key (group, permission, casus), the group and the
    permission each given as a scalar subquery rather than a join: the planner then plans one
    index probe (a join of grant, group, organisation and permission took it several
    milliseconds per statement, once for every statement of a partner's page), and with joins
    it misjudges how many casussen the organisation holds and turns the probe into a join over
    all its grants, where a worklist page needs one probe per row it shows. Built once per
    actor and `casus_ref` (core.policy.per_actor): a partner's page asks it several times."""
    return policy.per_actor(actor, ("grant", casus_ref), lambda: _bouw_grant(actor, casus_ref))


def _bouw_grant(actor, casus_ref):
    grant = CasusGroupObjectPermission.objects.filter(
        content_object=OuterRef(casus_ref),
        group_id=Subquery(
            Organisatie.objects.filter(pk=actor.organisatie_id).order_by().values("groep_id")
        ),
        permission_id=Subquery(
            Permission.objects.filter(codename="view_casus", content_type__app_label="casus")
            .order_by()
            .values("pk")
        ),
    )
    return Q(Exists(grant))


def _volwaardig(actor, zvh_ref):
    """Q: the actor's organisation is a full partner (privacy protocol signed) of the house at
    `zvh_ref`; built once per actor and `zvh_ref`."""

    def bouw():
        partnerschap = Partnerschap.objects.filter(
            partner_met_protocol(), zvh_id=OuterRef(zvh_ref), organisatie_id=actor.organisatie_id
        )
        return Q(Exists(partnerschap))

    return policy.per_actor(actor, ("volwaardig", zvh_ref), bouw)


def _eigen_organisatie_heeft_toegang(actor):
    return _grant_van(actor, "pk")


def casus_zichtbaar(actor):
    """ZVH staff of the house (procesregisseur, informatiecoördinator) see every casus of the
    house; a ketenpartner those its organisation's group holds a grant for, while that
    organisation is a full partner of the house. Managers and privacy officers see none."""
    if actor.heeft(*CASUS_HUISSTAF):
        return EVERYTHING
    if actor.organisatie_id is None or not actor.heeft(Rol.KETENPARTNER):
        return NOTHING
    return _eigen_organisatie_heeft_toegang(actor) & _volwaardig(actor, "zvh_id")


def persoon_details_zichtbaar(actor):
    """A procesregisseur sees every person's details; a referrer only of the persons its own
    organisation registered (a linked registration of another organisation shows as such)."""
    if actor.heeft(Rol.PROCESREGISSEUR):
        return EVERYTHING
    if actor.organisatie_id is None:
        return NOTHING
    return Q(aangemaakt_door__organisatie_id=actor.organisatie_id)


def pitch_zichtbaar(actor):
    """House staff see every version; a deelnemer organisation (ketenpartner) the versions
    marked gereed of the casussen its group holds a grant for. Never a manager or an officer."""
    if actor.heeft(*CASUS_STAF):
        return EVERYTHING
    if actor.organisatie_id is None or not actor.heeft(Rol.KETENPARTNER):
        return NOTHING
    return Q(gereed_op__isnull=False) & _grant_van(actor, "casus_id")


def _heeft_organisatie(actor):
    return actor.organisatie_id is not None


# Informatieverrijking ------------------------------------------------------------------------

# House staff who enrich a casus: the informatiecoördinator always, the procesregisseur of a
# spoed casus. Both see every request and answer of the house's casussen.
VERRIJKERS = frozenset({Rol.INFORMATIECOORDINATOR, Rol.PROCESREGISSEUR})
ANTWOORDERS = frozenset({Rol.KETENPARTNER})


def verrijking_vragen(actor):
    """The informatiecoördinator asks on any casus of the house; the procesregisseur only on a
    spoed casus."""
    if actor.heeft(Rol.INFORMATIECOORDINATOR):
        return EVERYTHING
    return Q(spoed=True)


def _eigen_uitvraag(actor):
    """Requests to the actor's own organisation, while it takes part in the casus (its grant,
    probed as `_grant_van` says)."""
    if actor.organisatie_id is None:
        return NOTHING
    return Q(organisatie_id=actor.organisatie_id) & _grant_van(actor, "casus_id")


def uitvraag_zichtbaar(actor):
    """House staff see every request; a partner only those to its own organisation, never the
    requests and answers of the other deelnemers."""
    if actor.heeft(*VERRIJKERS):
        return EVERYTHING
    return _eigen_uitvraag(actor)


VERRIJKING_RULES = [
    Rule("verrijking.bekijken", VERRIJKERS, Casus),
    Rule("verrijking.uitvragen", VERRIJKERS, Casus, verrijking_vragen),
    Rule("uitvraag.bekijken", VERRIJKERS | ANTWOORDERS, Uitvraag, uitvraag_zichtbaar),
    Rule("uitvraag.beantwoorden", ANTWOORDERS, Uitvraag, _eigen_uitvraag),
    Rule("uitvraag.werkvoorraad", ANTWOORDERS, when=_heeft_organisatie),
    Rule("uitvraag.openstaand", frozenset({Rol.INFORMATIECOORDINATOR})),
]

RULES = [
    Rule("persoon.bekijken", REGISSEUR, Persoon),
    Rule(
        "persoon.details",
        AANMELDER_ROLLEN | REGISSEUR,
        Persoon,
        persoon_details_zichtbaar,
    ),
    Rule("persoon.registreren", AANMELDER_ROLLEN, when=_heeft_organisatie),
    Rule("casus.bekijken", REGISSEUR | CASUS_WERK_ROLLEN, Casus, casus_zichtbaar),
    Rule("casus.openen", REGISSEUR),
    Rule("casus.deelnemers", REGISSEUR, Casus),
    # Leefgebied scores and the pitch (issue 11, points 2 and 3) -----------------------------
    # Score forms: house staff only (a deelnemer sees the pitch, not the scores).
    Rule("scores.bekijken", CASUS_STAF, Scoreformulier),
    Rule("casus.scoren", CASUS_STAF, Casus),
    Rule("pitch.bekijken", CASUS_STAF | {Rol.KETENPARTNER}, Pitch, pitch_zichtbaar),
    Rule("casus.pitch_schrijven", CASUS_STAF, Casus),
    # Informatieverrijking (issue 11, point 1)
    *VERRIJKING_RULES,
]


# Casusoverleggen (MDO) ------------------------------------------------------------------------
# House staff (procesregisseur, informatiecoördinator) see every MDO of the house. An invited
# organisation sees the MDO's it was invited to: a partner at once, an incidentele partner only
# once its geheimhoudingsverklaring for that MDO (or for the whole casus) is recorded. A
# manager and a privacy officer see none of it.

HUISSTAF = CASUS_STAF
TAFELBEHEER = frozenset({Rol.PROCESREGISSEUR, Rol.FUNCTIONEEL_BEHEERDER})
OVERLEG_LEZERS = HUISSTAF | CASUS_WERK_ROLLEN


def verklaring_getekend():
    """Exists, for an Uitnodiging row: its organisation's declaration for that MDO, or for
    every MDO of the casus, is recorded."""
    return Exists(
        Geheimhoudingsverklaring.objects.filter(
            organisatie_id=OuterRef("organisatie_id"),
            casus_id=OuterRef("casusoverleg__casus_id"),
        ).filter(Q(casusoverleg_id__isnull=True) | Q(casusoverleg_id=OuterRef("casusoverleg_id")))
    )


def _niet_afgesloten_sinds_gepland():
    """Exists-negation, for an Uitnodiging row: the casus was not closed after its MDO was
    planned. Closing a casus ends every deelnemer's access, also through the invitations to
    its MDO's; a reopened casus gives none back (its new MDO's are planned after the closing)."""
    return ~Exists(
        Afsluiting.objects.filter(
            casus_id=OuterRef("casusoverleg__casus_id"),
            afgesloten_op__gte=OuterRef("casusoverleg__gepland_op"),
        )
    )


def _toegelaten_uitnodigingen(actor):
    """The actor's organisation's invitations that give access: a partner's, or an incidentele
    partner's with its declaration; never to an MDO of a casus closed since it was planned."""
    return (
        Uitnodiging.objects.filter(organisatie_id=actor.organisatie_id)
        .filter(Q(incidenteel=False) | verklaring_getekend())
        .filter(_niet_afgesloten_sinds_gepland())
    )


def overleg_zichtbaar_via(prefix):
    """The MDO's visible to the actor, as a Q on a model reaching the MDO through `prefix`
    ("" for Casusoverleg itself, "casusoverleg__" for a Besluit)."""
    pk = f"{prefix}pk" if prefix else "pk"

    def scope(actor):
        if actor.heeft(*HUISSTAF):
            return EVERYTHING
        if actor.organisatie_id is None or not actor.heeft(*CASUS_WERK_ROLLEN):
            return NOTHING
        return Q(Exists(_toegelaten_uitnodigingen(actor).filter(casusoverleg_id=OuterRef(pk))))

    return scope


def sessie_zichtbaar(actor):
    """Staff see every session; an invited organisation the sessions holding an MDO it may
    see (and on their agenda only those MDO's)."""
    if actor.heeft(*HUISSTAF):
        return EVERYTHING
    if actor.organisatie_id is None or not actor.heeft(*CASUS_WERK_ROLLEN):
        return NOTHING
    return Q(
        Exists(_toegelaten_uitnodigingen(actor).filter(casusoverleg__sessie_id=OuterRef("pk")))
    )


def eigen_uitnodiging(actor):
    """Staff see every invitation; an organisation its own (its calendar entry carries no
    personal data, so an incidentele partner may have it before its declaration)."""
    if actor.heeft(*HUISSTAF):
        return EVERYTHING
    if actor.organisatie_id is None or not actor.heeft(*CASUS_WERK_ROLLEN):
        return NOTHING
    return Q(organisatie_id=actor.organisatie_id)


RULES += [
    Rule("overleg.tafels_beheren", TAFELBEHEER, Overlegtafel),
    Rule("overleg.sessie_bekijken", OVERLEG_LEZERS, Sessie, sessie_zichtbaar),
    Rule("overleg.plannen", REGISSEUR, Casus),
    Rule("overleg.bekijken", OVERLEG_LEZERS, Casusoverleg, overleg_zichtbaar_via("")),
    Rule("overleg.voeren", REGISSEUR, Casusoverleg),
    Rule(
        "overleg.besluit_bekijken",
        OVERLEG_LEZERS,
        Besluit,
        overleg_zichtbaar_via("casusoverleg__"),
        tenant="casusoverleg__zvh_id",
    ),
    Rule(
        "overleg.agenda_downloaden",
        OVERLEG_LEZERS,
        Uitnodiging,
        eigen_uitnodiging,
        tenant="casusoverleg__zvh_id",
    ),
    # Issue 11, finding and staffing a casus: the list of house staff and "mijn casussen".
    Rule("casus.werklijst", CASUS_HUISSTAF),
    Rule("casus.mijn", frozenset({Rol.KETENPARTNER}), when=_heeft_organisatie),
]


# Monitoring (issue 12, point 3) ---------------------------------------------------------------
# The worklists of house staff over the house's casussen (each list narrowed by "casus.bekijken"
# as well): the procesregisseur, and the informatiecoördinator who prepares the MDO's; "mijn
# casussen" is the procesregisseur's own. The functioneel beheerder sets when a casus stalls.
MONITORING_RULES = [
    Rule("monitoring.bekijken", CASUS_HUISSTAF),
    Rule("monitoring.mijn", REGISSEUR),
    Rule("monitoring.instellen", frozenset({Rol.FUNCTIONEEL_BEHEERDER})),
]

RULES += MONITORING_RULES
# The casus page as one overview (issue 12, point 6) -------------------------------------------
# The plan is visible to whoever sees the casus: house staff and the ketenpartners of its
# deelnemer organisations (while full partners). A progress note only to house staff and to
# the organisation that wrote it: never another organisation's notes.
OVERZICHT_LEZERS = CASUS_STAF | {Rol.KETENPARTNER}


def _deelnemer_partner(actor, casus_ref, zvh_ref):
    """Q: the actor's organisation holds the grant on the casus at `casus_ref` and is a full
    partner of the house at `zvh_ref` (as `casus_zichtbaar` asks of a partner)."""
    return _grant_van(actor, casus_ref) & _volwaardig(actor, zvh_ref)


def overzicht_actie_zichtbaar(actor):
    """House staff see every action of the house; a partner every action of the casussen its
    organisation takes part in (the plan itself, whoever is responsible)."""
    if actor.heeft(*CASUS_STAF):
        return EVERYTHING
    if actor.organisatie_id is None or not actor.heeft(Rol.KETENPARTNER):
        return NOTHING
    return _deelnemer_partner(actor, "casus_id", "zvh_id")


def overzicht_voortgang_zichtbaar(actor):
    """House staff see every progress note; a partner only its own organisation's, on the
    casussen it takes part in."""
    if actor.heeft(*CASUS_STAF):
        return EVERYTHING
    if actor.organisatie_id is None or not actor.heeft(Rol.KETENPARTNER):
        return NOTHING
    return Q(organisatie_id=actor.organisatie_id) & _deelnemer_partner(
        actor, "actie__casus_id", "actie__zvh_id"
    )


OVERZICHT_RULES = [
    Rule("overzicht.acties", OVERZICHT_LEZERS, Actie, overzicht_actie_zichtbaar),
    Rule(
        "overzicht.voortgang",
        OVERZICHT_LEZERS,
        Voortgang,
        overzicht_voortgang_zichtbaar,
        tenant="actie__zvh_id",
    ),
]

RULES += OVERZICHT_RULES


# Acties: status, progress and "mijn acties" (issue 12, point 2) ----------------------------
# House staff (procesregisseur, informatiecoördinator) see every action of the house with its
# progress notes. A ketenpartner sees the actions of the casussen its organisation takes part
# in (its grant, while a full partner); the notes and the reason "niet haalbaar" only of its
# own organisation's actions. The responsible organisation updates its actions, and so does
# the casus's procesregisseur (or backup); nobody else.


def _grant_en_volwaardig(actor):
    """For a model with `casus_id` and `zvh_id`: the actor's organisation holds the casus's
    grant and is a full partner of the house."""
    return _deelnemer_partner(actor, "casus_id", "zvh_id")


def _is_partner(actor):
    return actor.organisatie_id is not None and actor.heeft(Rol.KETENPARTNER)


def actie_zichtbaar(actor):
    """House staff see every action; a ketenpartner those of its organisation's casussen."""
    if actor.heeft(*CASUS_STAF):
        return EVERYTHING
    if not _is_partner(actor):
        return NOTHING
    return _grant_en_volwaardig(actor)


def eigen_actie(actor):
    """The actions of the actor's own organisation, in casussen it takes part in."""
    if not _is_partner(actor):
        return NOTHING
    return Q(organisatie_id=actor.organisatie_id) & _grant_en_volwaardig(actor)


def voortgang_zichtbaar(actor):
    """Progress notes: house staff all; a partner only of its own organisation's actions."""
    if actor.heeft(*CASUS_STAF):
        return EVERYTHING
    return eigen_actie(actor)


def actie_bijwerken(actor):
    """The responsible organisation, and the casus's own procesregisseur (or backup)."""
    scope = eigen_actie(actor)
    if actor.heeft(Rol.PROCESREGISSEUR) and actor.user_id is not None:
        scope = (
            scope
            | Q(casus__procesregisseur_id=actor.user_id)
            | Q(casus__backup_procesregisseur_id=actor.user_id)
        )
    return scope


PARTNER = frozenset({Rol.KETENPARTNER})

ACTIE_RULES = [
    Rule("actie.bekijken", CASUS_STAF | PARTNER, Actie, actie_zichtbaar),
    Rule("actie.voortgang_bekijken", CASUS_STAF | PARTNER, Actie, voortgang_zichtbaar),
    Rule("actie.bijwerken", REGISSEUR | PARTNER, Actie, actie_bijwerken),
    Rule("actie.eigenaar_kiezen", PARTNER, Actie, eigen_actie),
    # "Mijn acties": the page (no object) and its list form (the organisation's actions).
    Rule("actie.werkvoorraad", PARTNER, Actie, eigen_actie, when=_heeft_organisatie),
]

RULES += ACTIE_RULES


# Plan van aanpak and the casus history (issue 12, point 1) ----------------------------------
# The procesregisseur writes the plan (goals and actions). Whoever sees the casus sees its
# plan: house staff every plan of the house; a ketenpartner of a deelnemer organisation (a full
# partner of the house) the plans of its casussen with every action, its organisation, owner,
# due date and status, but not the progress notes of other organisations. The history of a
# casus (its changes, from the audit log) is for house staff. A manager and a privacy officer
# see none of it.

PLAN_LEZERS = CASUS_HUISSTAF | {Rol.KETENPARTNER}


# The actions of the casussen whose plan the actor sees: the same as on the casus page.
plan_actie_zichtbaar = overzicht_actie_zichtbaar


PLAN_RULES = [
    Rule("plan.bekijken", PLAN_LEZERS, Casus, casus_zichtbaar),
    Rule("plan.bewerken", REGISSEUR, Casus),
    Rule("plan.actie_bekijken", PLAN_LEZERS, Actie, plan_actie_zichtbaar),
    Rule("casus.geschiedenis", CASUS_STAF, Casus),
]

RULES += PLAN_RULES


# Afschaling, afsluiting and heropening (issue 12, point 5) ------------------------------------
# The house's procesregisseurs close and reopen a casus (the service refuses a closed one, or an
# open one, with its own message); the functioneel beheerder keeps the house's list of reasons.
# Closing ends every deelnemer's access: its grants go (casus.services_afsluiting) and its
# invitations to the casus's MDO's no longer count (`_niet_afgesloten_sinds_gepland`).

AFSLUITING_RULES = [
    Rule("casus.afsluiten", REGISSEUR, Casus),
    Rule("casus.heropenen", REGISSEUR, Casus),
    Rule("beheer.afsluitredenen", frozenset({Rol.FUNCTIONEEL_BEHEERDER}), AfsluitReden),
]

RULES += AFSLUITING_RULES


# Notificaties (issue 12 point 4) --------------------------------------------------------------
# A notification is shown to its own recipient only, in the house it belongs to, and only while
# the recipient may still see what it points at, by that target's own rule: an action's while
# the casus is visible to the recipient (its organisation still a deelnemer and a full partner)
# and the action still lies with the recipient's organisation; a request's by
# uitvraag.bekijken; an invitation's by overleg.bekijken (an incidentele partner after its
# declaration). Whoever lost access meanwhile is shown nothing, and the count leaves it out.

ACTIE_SOORTEN = (NotificatieSoort.ACTIE_VERLOPEN, NotificatieSoort.ACTIE_TOEGEWEZEN)


def _doel_zichtbaar(actor, actie, queryset):
    """Exists, for a Notificatie row: its target in `queryset` passes rule `actie`'s list form.
    (A rule the actor does not hold gives an empty queryset: the branch admits nothing.)"""
    return Exists(policy.visible(actor, actie, queryset))


def notificatie_zichtbaar(actor):
    if actor.user_id is None:
        return NOTHING
    actie_zichtbaar = (
        Q(soort__in=ACTIE_SOORTEN)
        & Q(actie__organisatie_id=actor.organisatie_id)
        & _doel_zichtbaar(actor, "casus.bekijken", Casus.objects.filter(pk=OuterRef("casus_id")))
    )
    uitvraag_zichtbaar_ = Q(soort=NotificatieSoort.UITVRAAG) & _doel_zichtbaar(
        actor, "uitvraag.bekijken", Uitvraag.objects.filter(pk=OuterRef("uitvraag_id"))
    )
    overleg_zichtbaar = Q(soort=NotificatieSoort.MDO_UITNODIGING) & _doel_zichtbaar(
        actor, "overleg.bekijken", Casusoverleg.objects.filter(pk=OuterRef("casusoverleg_id"))
    )
    return Q(ontvanger_id=actor.user_id) & (
        actie_zichtbaar | uitvraag_zichtbaar_ | overleg_zichtbaar
    )


# Every role: what a user is shown is decided by the target's rule, not by a role list here.
NOTIFICATIE_LEZERS = frozenset(Rol)

NOTIFICATIE_RULES = [
    Rule("notificatie.bekijken", NOTIFICATIE_LEZERS, Notificatie, notificatie_zichtbaar),
    # The own list and marking one's own as read (what it may mark is narrowed per row).
    Rule("notificatie.lijst", NOTIFICATIE_LEZERS, when=lambda actor: actor.user_id is not None),
]

RULES += NOTIFICATIE_RULES
