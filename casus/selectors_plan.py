"""Reads of the plan van aanpak and of the casus history, narrowed by the policy's list forms.

The plan page reads a fixed number of queries whatever the number of goals and actions: the
casus with its persons and deelnemers, the goals with their life domains, the actions with
their organisation, owner and decision, and what the forms offer.
"""

from django.db.models import Prefetch

from audit.models import AccessLog, Action, Outcome
from core import policy

from .models import Actie, Besluit, Casus, Doel, Leefgebied, PlanVanAanpak
from .selectors import deelnemers_gemarkeerd
from .services_plan import eigenaar_kandidaten

# The casus history, newest first; (event_time, id) is the audit index's order per casus.
GESCHIEDENIS_VOLGORDE = [("event_time", True), ("id", True)]
WIJZIGINGEN = (Action.CREATE, Action.UPDATE, Action.DELETE)


def plan_casus(actor, pk):
    """The casus whose plan the actor may see, with its persons, deelnemers and plan."""
    return (
        policy.visible(actor, "plan.bekijken", Casus.objects.filter(pk=pk))
        .prefetch_related(
            "personen",
            Prefetch("deelnemers", queryset=deelnemers_gemarkeerd()),
        )
        .first()
    )


def plan_versie(casus) -> int:
    """The version the plan is at now (0 before its first goal)."""
    return PlanVanAanpak.objects.filter(casus=casus).values_list("versie", flat=True).first() or 0


def doelen(casus):
    """The plan's goals in their order, each with its life domains."""
    return (
        Doel.objects.filter(plan__casus=casus)
        .prefetch_related(
            Prefetch("leefgebieden", queryset=Leefgebied.objects.order_by("volgorde"))
        )
        .order_by("volgorde", "aangemaakt_op")
    )


def acties(actor, casus):
    """The plan's actions the actor may see, by due date, with organisation, owner and the
    decision they came from (and its MDO)."""
    return (
        policy.visible(actor, "plan.actie_bekijken", Actie.objects.filter(casus=casus))
        .select_related("organisatie", "eigenaar", "besluit__casusoverleg")
        .order_by("deadline", "aangemaakt_op", "id")
    )


# The columns a row of the plan page prints (casus.rijen_plan reads them by these names).
ACTIE_RIJ_KOLOMMEN = (
    "id",
    "doel_id",
    "omschrijving",
    "organisatie__naam",
    "eigenaar_id",
    "eigenaar__first_name",
    "eigenaar__last_name",
    "eigenaar__username",
    "deadline",
    "status",
    "besluit_id",
    "besluit__casusoverleg_id",
    "besluit__casusoverleg__type",
    "besluit__casusoverleg__begint_op",
)


def actie_rijen(actor, casus):
    """The plan's actions the actor may see, in `acties`' order, as dicts of only the columns
    the plan page's rows print (ACTIE_RIJ_KOLOMMEN): no model instance per action, its
    organisation, owner, decision and MDO."""
    return acties(actor, casus).values(*ACTIE_RIJ_KOLOMMEN)


def zichtbare_besluiten(actor, besluit_ids):
    """Of these decisions, the ids of those the actor may read (its text and its MDO)."""
    if not besluit_ids:
        return set()
    return set(
        policy.visible(
            actor, "overleg.besluit_bekijken", Besluit.objects.filter(pk__in=besluit_ids)
        ).values_list("pk", flat=True)
    )


def besluiten(actor, casus):
    """The decisions of the casus's MDO's the actor may read, oldest MDO first."""
    return (
        policy.visible(
            actor, "overleg.besluit_bekijken", Besluit.objects.filter(casusoverleg__casus=casus)
        )
        .select_related("casusoverleg", "eigenaar")
        .order_by("casusoverleg__begint_op", "vastgelegd_op", "id")
    )


def besluit_van(actor, casus, pk):
    """One decision of the casus's MDO's, if the actor may read it."""
    return besluiten(actor, casus).filter(pk=pk).first()


def doel_van(casus, pk):
    return doelen(casus).filter(pk=pk).first()


def actie_van(actor, casus, pk):
    return acties(actor, casus).filter(pk=pk).first()


def actieve_leefgebieden(casus):
    return Leefgebied.objects.filter(zvh_id=casus.zvh_id, actief=True).order_by("volgorde")


def eigenaren(casus):
    """Who may own an action: the active ketenpartners of the casus's deelnemers."""
    organisatie_ids = [d.organisatie_id for d in casus.deelnemers.all()]
    return eigenaar_kandidaten(zvh_id=casus.zvh_id, organisatie_ids=organisatie_ids)


def geschiedenis(casus):
    """Every change to the casus from the audit log (page it by GESCHIEDENIS_VOLGORDE): its
    plan, actions, MDO's, deelnemers, requests, closing. Reads and refusals are left out."""
    return AccessLog.objects.filter(
        zvh_id=casus.zvh_id,
        casus_id=str(casus.pk),
        action__in=[a.value for a in WIJZIGINGEN],
        outcome=Outcome.SUCCESS,
    )
