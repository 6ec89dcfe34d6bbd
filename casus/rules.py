"""Who may see and change persons and casussen; registered from `CasusConfig.ready`.

"Which organisation takes part in a casus" is one fact: a `Deelnemer` row together with the
django-guardian grant to the organisation's group, written and removed together by the casus
services. The rules read the grant (the permission table the list form joins on).
"""

from django.db.models import Exists, OuterRef, Q

from core.policy import EVERYTHING, NOTHING, Rule
from core.roles import AANMELDER_ROLLEN, CASUS_WERK_ROLLEN, Rol

from .models import Casus, CasusGroupObjectPermission, Persoon, Pitch, Scoreformulier

REGISSEUR = frozenset({Rol.PROCESREGISSEUR})
# House staff who work on the whole case: scores and the pitch (issue 11, points 2 and 3).
CASUS_STAF = frozenset({Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR})


def _eigen_organisatie_heeft_toegang(actor):
    grant = CasusGroupObjectPermission.objects.filter(
        content_object=OuterRef("pk"),
        group__organisatie__id=actor.organisatie_id,
        permission__codename="view_casus",
    )
    return Q(Exists(grant))


def casus_zichtbaar(actor):
    """House staff (procesregisseur, informatiecoördinator) see every casus of the house; a
    partner organisation (in a role that works on cases, never a manager or a privacy
    officer) those its group holds a grant for."""
    if actor.heeft(*CASUS_STAF):
        return EVERYTHING
    if actor.organisatie_id is None or not actor.heeft(*CASUS_WERK_ROLLEN):
        return NOTHING
    return _eigen_organisatie_heeft_toegang(actor)


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
    grant = CasusGroupObjectPermission.objects.filter(
        content_object=OuterRef("casus_id"),
        group__organisatie__id=actor.organisatie_id,
        permission__codename="view_casus",
    )
    return Q(gereed_op__isnull=False) & Q(Exists(grant))


def _heeft_organisatie(actor):
    return actor.organisatie_id is not None


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
]
