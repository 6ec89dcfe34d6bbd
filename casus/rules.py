"""Who may see and change persons and casussen; registered from `CasusConfig.ready`.

"Which organisation takes part in a casus" is one fact: a `Deelnemer` row together with the
django-guardian grant to the organisation's group, written and removed together by the casus
services. The rules read the grant (the permission table the list form joins on).

ZVH staff who work on every case of the house (procesregisseur, informatiecoördinator) see
every casus; a partner organisation sees the casussen it takes part in, and only while it is a
full partner of the house (privacy protocol signed): an incidentele partner sees only the MDO it
was invited to, through the rules of the overleg. A manager and a privacy officer see none.
"""

from django.db.models import Exists, OuterRef, Q

from core.policy import EVERYTHING, NOTHING, Rule
from core.roles import AANMELDER_ROLLEN, CASUS_WERK_ROLLEN, Rol
from partners.models import Partnerschap, partner_met_protocol

from .models import Casus, CasusGroupObjectPermission, Persoon

REGISSEUR = frozenset({Rol.PROCESREGISSEUR})
# House staff whose work spans every casus of the house: they see each one whole.
CASUS_HUISSTAF = frozenset({Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR})


def _eigen_organisatie_heeft_toegang(actor):
    grant = CasusGroupObjectPermission.objects.filter(
        content_object=OuterRef("pk"),
        group__organisatie__id=actor.organisatie_id,
        permission__codename="view_casus",
    )
    return Q(Exists(grant))


def casus_zichtbaar(actor):
    """ZVH staff of the house (procesregisseur, informatiecoördinator) see every casus of the
    house; a ketenpartner those its organisation's group holds a grant for, while that
    organisation is a full partner of the house. Managers and privacy officers see none."""
    if actor.heeft(*CASUS_HUISSTAF):
        return EVERYTHING
    if actor.organisatie_id is None or not actor.heeft(Rol.KETENPARTNER):
        return NOTHING
    volwaardig = Partnerschap.objects.filter(
        partner_met_protocol(), zvh_id=OuterRef("zvh_id"), organisatie_id=actor.organisatie_id
    )
    return _eigen_organisatie_heeft_toegang(actor) & Q(Exists(volwaardig))


def persoon_details_zichtbaar(actor):
    """A procesregisseur sees every person's details; a referrer only of the persons its own
    organisation registered (a linked registration of another organisation shows as such)."""
    if actor.heeft(Rol.PROCESREGISSEUR):
        return EVERYTHING
    if actor.organisatie_id is None:
        return NOTHING
    return Q(aangemaakt_door__organisatie_id=actor.organisatie_id)


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
    # Issue 11, finding and staffing a casus: the list of house staff and "mijn casussen".
    Rule("casus.werklijst", CASUS_HUISSTAF),
    Rule("casus.mijn", frozenset({Rol.KETENPARTNER}), when=_heeft_organisatie),
]
