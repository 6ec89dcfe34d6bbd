"""Who may see and change persons and casussen; registered from `CasusConfig.ready`.

"Which organisation takes part in a casus" is one fact: a `Deelnemer` row together with the
django-guardian grant to the organisation's group, written and removed together by the casus
services. The rules read the grant (the permission table the list form joins on).
"""

from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q, Subquery

from core.policy import EVERYTHING, NOTHING, Rule
from core.roles import AANMELDER_ROLLEN, CASUS_WERK_ROLLEN, Rol
from partners.models import Organisatie

from .models import Casus, CasusGroupObjectPermission, Persoon, Uitvraag

REGISSEUR = frozenset({Rol.PROCESREGISSEUR})


def _eigen_organisatie_heeft_toegang(actor):
    grant = CasusGroupObjectPermission.objects.filter(
        content_object=OuterRef("pk"),
        group__organisatie__id=actor.organisatie_id,
        permission__codename="view_casus",
    )
    return Q(Exists(grant))


def casus_zichtbaar(actor):
    """Procesregisseurs see every casus of the house; a partner organisation (in a role that
    works on cases, never a manager or a privacy officer) those its group holds a grant for."""
    if actor.heeft(Rol.PROCESREGISSEUR):
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
    """Requests to the actor's own organisation, while it takes part in the casus (its grant).

    The grant is probed by its unique key (group, permission, casus), each given as a scalar
    subquery rather than a join: with joins the planner misjudges how many casussen the
    organisation holds and turns the probe into a join over all its grants, where a worklist
    page needs one probe per row it shows."""
    if actor.organisatie_id is None:
        return NOTHING
    grant = CasusGroupObjectPermission.objects.filter(
        content_object=OuterRef("casus_id"),
        group_id=Subquery(
            Organisatie.objects.filter(pk=actor.organisatie_id).order_by().values("groep_id")
        ),
        permission_id=Subquery(
            Permission.objects.filter(codename="view_casus", content_type__app_label="casus")
            .order_by()
            .values("pk")
        ),
    )
    return Q(organisatie_id=actor.organisatie_id) & Q(Exists(grant))


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
    # Informatieverrijking (issue 11, point 1)
    *VERRIJKING_RULES,
]
