"""The plan van aanpak: goals, actions and the partners' progress on them.

Every function takes the `actor`, is policy-checked, audited and one transaction. A closed
casus refuses every change; nothing is written when any part of the input is refused.

Optimistic locking (see casus/models/plan.py): a change to the plan's structure passes the
plan version the writer was shown (`verwacht`) and `plan_ophogen` refuses it when the plan has
moved on; a status update passes the action's own version.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import events, log
from core import policy
from core.actor import Actor
from core.errors import ServiceError
from core.roles import Rol
from partners.models import RolToewijzing

from .models import (
    ACTIE_MAX_LENGTH,
    DOEL_MAX_LENGTH,
    Actie,
    Besluit,
    Casus,
    CasusStatus,
    Deelnemer,
    Doel,
    Leefgebied,
    PlanVanAanpak,
)
from .notificaties import actie_toegewezen


class PlanConflict(ServiceError):
    """The plan changed since the writer opened it; nothing was written."""

    def __init__(self, plan=None):
        super().__init__(
            _(
                "Het plan van aanpak is intussen door iemand anders gewijzigd. Uw wijziging "
                "is niet opgeslagen; bekijk de nieuwe versie en probeer het opnieuw."
            )
        )
        self.plan = plan


class ActieConflict(ServiceError):
    """The action changed since the writer opened it; nothing was written."""

    def __init__(self, actie=None):
        super().__init__(
            _(
                "Deze actie is intussen door iemand anders bijgewerkt. Uw wijziging is niet "
                "opgeslagen; bekijk de nieuwe stand en probeer het opnieuw."
            )
        )
        self.actie = actie


def casus_open(casus: Casus) -> None:
    """Refuse any change to a closed casus."""
    if casus.status == CasusStatus.AFGESLOTEN:
        raise ServiceError(_("Deze casus is afgesloten; er kan niets meer worden gewijzigd."))


def plan_van(casus: Casus) -> PlanVanAanpak:
    """The casus's plan, created (version 0) the first time it is needed."""
    plan, _created = PlanVanAanpak.objects.get_or_create(casus=casus)
    return plan


def plan_ophogen(plan: PlanVanAanpak, *, actor, verwacht: int | None = None) -> int:
    """Count one change of `plan`; with `verwacht`, only when the plan is still at that
    version (else PlanConflict, and the caller's transaction rolls back). Returns the new
    version. One conditional UPDATE, so two writers cannot both pass the check."""
    rows = PlanVanAanpak.objects.filter(pk=plan.pk)
    if verwacht is not None:
        rows = rows.filter(versie=verwacht)
    updated = rows.update(
        versie=F("versie") + 1, gewijzigd_op=timezone.now(), gewijzigd_door_id=actor.user_id
    )
    if not updated:
        raise PlanConflict(plan)
    plan.refresh_from_db(fields=["versie", "gewijzigd_op", "gewijzigd_door"])
    return plan.versie


def actie_ophogen(actie: Actie, *, verwacht: int | None = None, **velden) -> int:
    """Write `velden` to `actie` and count the change, only when the action is still at
    version `verwacht` (else ActieConflict). Returns the new version."""
    rows = Actie.objects.filter(pk=actie.pk)
    if verwacht is not None:
        rows = rows.filter(versie=verwacht)
    if not rows.update(versie=F("versie") + 1, gewijzigd_op=timezone.now(), **velden):
        raise ActieConflict(actie)
    actie.refresh_from_db()
    return actie.versie


def activiteit(casus: Casus) -> None:
    """Record that something happened in the casus now (monitoring: stalled cases)."""
    Casus.objects.filter(pk=casus.pk).update(laatste_activiteit_op=timezone.now())


# Goals and actions (issue 12, point 1) -------------------------------------------------------
#
# The procesregisseur writes the plan's structure: goals on the house's active life domains,
# actions with one responsible deelnemer organisation, optionally a named owner in it, a due
# date and the goal they serve (and the MDO decision they came from). Every such change carries
# the plan version the writer was shown (`verwacht`). Status updates and progress notes are
# casus.services_acties.


def _ongeldig(fouten: list[str]) -> None:
    if fouten:
        raise ServiceError(" ".join(fouten))


def _plan_vergrendeld(actor: Actor, casus: Casus) -> tuple[Casus, PlanVanAanpak]:
    """The casus locked for a change of its plan, after the policy and the closed-casus check;
    and its plan (created at version 0 with the first goal)."""
    casus = Casus.objects.select_for_update(of=("self",)).get(pk=casus.pk)
    policy.require(
        actor, "plan.bewerken", casus, not_found=not policy.may(actor, "plan.bekijken", casus)
    )
    casus_open(casus)
    return casus, plan_van(casus)


def _omschrijving(tekst: str, *, maximum: int, leeg: str, te_lang: str) -> tuple[str, list[str]]:
    tekst = (tekst or "").strip()
    if not tekst:
        return tekst, [leeg]
    if len(tekst) > maximum:
        return tekst, [te_lang % {"max": maximum}]
    return tekst, []


def _doel_velden(casus: Casus, omschrijving: str, leefgebieden: Iterable) -> tuple[str, list]:
    omschrijving, fouten = _omschrijving(
        omschrijving,
        maximum=DOEL_MAX_LENGTH,
        leeg=_("Beschrijf het doel."),
        te_lang=_("Het doel is te lang (hoogstens %(max)d tekens)."),
    )
    ids = list(dict.fromkeys(getattr(g, "pk", g) for g in leefgebieden))
    gebieden = list(Leefgebied.objects.filter(pk__in=ids, zvh_id=casus.zvh_id, actief=True))
    if not ids:
        fouten.append(_("Kies ten minste één leefgebied."))
    elif len(gebieden) != len(ids):
        fouten.append(_("Kies alleen actieve leefgebieden van dit huis."))
    _ongeldig(fouten)
    return omschrijving, gebieden


def _personen(casus: Casus) -> list:
    return list(casus.personen.all())


@transaction.atomic
def doel_toevoegen(
    *, actor: Actor, casus: Casus, omschrijving: str, leefgebieden: Iterable, verwacht: int
) -> Doel:
    """A goal on one or more of the house's active life domains, at the end of the plan."""
    casus, plan = _plan_vergrendeld(actor, casus)
    omschrijving, gebieden = _doel_velden(casus, omschrijving, leefgebieden)
    versie = plan_ophogen(plan, actor=actor, verwacht=verwacht)
    doel = Doel(
        plan=plan,
        omschrijving=omschrijving,
        volgorde=plan.doelen.count(),
        aangemaakt_door_id=cast(int, actor.user_id),
    )
    doel.save()
    doel.leefgebieden.set(gebieden)
    activiteit(casus)
    log.change(
        actor=actor,
        event=events.DOEL_TOEGEVOEGD,
        target=doel,
        casus_id=casus.pk,
        personen=_personen(casus),
        detail=f"planversie {versie}",
    )
    return doel


@transaction.atomic
def doel_wijzigen(
    *, actor: Actor, doel: Doel, omschrijving: str, leefgebieden: Iterable, verwacht: int
) -> Doel:
    """Reword a goal or change its life domains."""
    doel = Doel.objects.select_related("plan").get(pk=doel.pk)
    casus, plan = _plan_vergrendeld(actor, doel.plan.casus)
    omschrijving, gebieden = _doel_velden(casus, omschrijving, leefgebieden)
    versie = plan_ophogen(plan, actor=actor, verwacht=verwacht)
    doel.omschrijving = omschrijving
    doel.save(update_fields=["omschrijving"])
    doel.leefgebieden.set(gebieden)
    activiteit(casus)
    log.change(
        actor=actor,
        event=events.DOEL_GEWIJZIGD,
        target=doel,
        casus_id=casus.pk,
        personen=_personen(casus),
        detail=f"planversie {versie}",
    )
    return doel


def eigenaar_kandidaten(*, zvh_id, organisatie_ids: Iterable[int]):
    """The users who may own an action of one of these organisations in the house: active,
    of that organisation, holding the ketenpartner role there (they see the casus)."""
    rol = RolToewijzing.objects.filter(
        medewerker_id=OuterRef("pk"), zvh_id=zvh_id, rol=Rol.KETENPARTNER
    )
    return (
        get_user_model()
        .objects.filter(Exists(rol), is_active=True, organisatie_id__in=list(organisatie_ids))
        .select_related("organisatie")
        .order_by("organisatie__naam", "last_name", "first_name", "username")
    )


@dataclass(frozen=True)
class ActieInvoer:
    """One action as the writer gave it (a row of the "acties van een besluit" form too)."""

    omschrijving: str
    organisatie: Any
    deadline: datetime.date | None
    doel: Any
    eigenaar: Any = None


def _actie_fouten(
    casus: Casus, plan: PlanVanAanpak, invoer: ActieInvoer, *, oude_deadline=None
) -> list[str]:
    """What is wrong with `invoer` for an action of `casus` (empty when nothing is). A due
    date in the past is refused when it is new: at creation, or when it is moved."""
    _tekst, fouten = _omschrijving(
        invoer.omschrijving,
        maximum=ACTIE_MAX_LENGTH,
        leeg=_("Beschrijf de actie."),
        te_lang=_("De actie is te lang (hoogstens %(max)d tekens)."),
    )
    organisatie = invoer.organisatie
    if organisatie is None:
        fouten.append(_("Kies de verantwoordelijke organisatie."))
    elif not Deelnemer.objects.filter(casus=casus, organisatie_id=organisatie.pk).exists():
        fouten.append(_("De verantwoordelijke organisatie moet deelnemen aan deze casus."))
    elif invoer.eigenaar is not None and not (
        eigenaar_kandidaten(zvh_id=casus.zvh_id, organisatie_ids=[organisatie.pk])
        .filter(pk=invoer.eigenaar.pk)
        .exists()
    ):
        fouten.append(
            _("De eigenaar moet een actieve medewerker van de verantwoordelijke organisatie zijn.")
        )
    if invoer.deadline is None:
        fouten.append(_("Geef de datum waarop de actie uiterlijk gereed moet zijn."))
    elif invoer.deadline != oude_deadline and invoer.deadline < timezone.localdate():
        fouten.append(_("De uiterste datum ligt in het verleden; kies vandaag of later."))
    if invoer.doel is None:
        fouten.append(_("Kies het doel waaraan de actie bijdraagt."))
    elif invoer.doel.plan_id != plan.pk:
        fouten.append(_("Kies een doel van het plan van deze casus."))
    return fouten


def _besluit_van(casus: Casus, besluit: Besluit | None) -> Besluit | None:
    if besluit is not None and besluit.casusoverleg.casus_id != casus.pk:
        raise ServiceError(_("Dit besluit hoort bij een overleg van een andere casus."))
    return besluit


def _nieuwe_actie(*, actor, casus, invoer: ActieInvoer, besluit) -> Actie:
    actie = Actie(
        zvh_id=casus.zvh_id,
        casus=casus,
        doel=invoer.doel,
        omschrijving=invoer.omschrijving.strip(),
        organisatie=invoer.organisatie,
        eigenaar=invoer.eigenaar,
        deadline=invoer.deadline,
        besluit=besluit,
        aangemaakt_door_id=cast(int, actor.user_id),
    )
    actie.save()
    actie_toegewezen(actie)
    return actie


def _actie_gelogd(*, actor, event, actie, casus, versie, personen):
    log.change(
        actor=actor,
        event=event,
        target=actie,
        casus_id=casus.pk,
        personen=personen,
        detail=(
            f"organisatie {actie.organisatie_id}, uiterlijk {actie.deadline.isoformat()}, "
            f"planversie {versie}" + (f", besluit {actie.besluit_id}" if actie.besluit_id else "")
        ),
    )


@transaction.atomic
def actie_toevoegen(
    *,
    actor: Actor,
    casus: Casus,
    invoer: ActieInvoer,
    verwacht: int,
    besluit: Besluit | None = None,
) -> Actie:
    """An action for one deelnemer organisation (told at once: casus.notificaties)."""
    casus, plan = _plan_vergrendeld(actor, casus)
    besluit = _besluit_van(casus, besluit)
    _ongeldig(_actie_fouten(casus, plan, invoer))
    versie = plan_ophogen(plan, actor=actor, verwacht=verwacht)
    actie = _nieuwe_actie(actor=actor, casus=casus, invoer=invoer, besluit=besluit)
    activiteit(casus)
    _actie_gelogd(
        actor=actor,
        event=events.ACTIE_TOEGEVOEGD,
        actie=actie,
        casus=casus,
        versie=versie,
        personen=_personen(casus),
    )
    return actie


@transaction.atomic
def actie_wijzigen(*, actor: Actor, actie: Actie, invoer: ActieInvoer, verwacht: int) -> Actie:
    """Change an action's description, organisation, owner, due date or goal. An action moved
    to another organisation or owner is announced to them. Its own version goes up too, so a
    status update begun before this change is refused (casus.services_acties)."""
    casus, plan = _plan_vergrendeld(actor, actie.casus)
    actie = Actie.objects.select_for_update().get(pk=actie.pk, casus=casus)
    _ongeldig(_actie_fouten(casus, plan, invoer, oude_deadline=actie.deadline))
    versie = plan_ophogen(plan, actor=actor, verwacht=verwacht)
    verplaatst = (actie.organisatie_id, actie.eigenaar_id) != (
        invoer.organisatie.pk,
        getattr(invoer.eigenaar, "pk", None),
    )
    actie.omschrijving = invoer.omschrijving.strip()
    actie.organisatie = invoer.organisatie
    actie.eigenaar = invoer.eigenaar
    actie.deadline = cast(datetime.date, invoer.deadline)
    actie.doel = invoer.doel
    actie.versie += 1  # the row is locked: no status update passes in between
    actie.save()
    if verplaatst:
        actie_toegewezen(actie)
    activiteit(casus)
    _actie_gelogd(
        actor=actor,
        event=events.ACTIE_GEWIJZIGD,
        actie=actie,
        casus=casus,
        versie=versie,
        personen=_personen(casus),
    )
    return actie


class RijFouten(ServiceError):
    """Some rows of a batch of actions were refused: `per_rij` maps row number to messages.
    Nothing was written."""

    def __init__(self, per_rij: dict[int, list[str]]):
        super().__init__(
            " ".join(
                _("Actie %(nr)d: %(fouten)s") % {"nr": nr, "fouten": " ".join(fouten)}
                for nr, fouten in sorted(per_rij.items())
            )
        )
        self.per_rij = per_rij


@transaction.atomic
def acties_uit_besluit(
    *, actor: Actor, besluit: Besluit, rijen: Sequence[ActieInvoer], verwacht: int
) -> list[Actie]:
    """Turn one MDO decision into one or more actions (e.g. one per partner organisation):
    all of them or none. Rows are numbered from 1 in `RijFouten`."""
    besluit = Besluit.objects.select_related("casusoverleg").get(pk=besluit.pk)
    casus, plan = _plan_vergrendeld(actor, besluit.casusoverleg.casus)
    if not rijen:
        raise ServiceError(_("Vul ten minste één actie in."))
    per_rij = {
        nr: fouten
        for nr, invoer in enumerate(rijen, start=1)
        if (fouten := _actie_fouten(casus, plan, invoer))
    }
    if per_rij:
        raise RijFouten(per_rij)
    versie = plan_ophogen(plan, actor=actor, verwacht=verwacht)
    personen = _personen(casus)
    acties = []
    for invoer in rijen:
        actie = _nieuwe_actie(actor=actor, casus=casus, invoer=invoer, besluit=besluit)
        _actie_gelogd(
            actor=actor,
            event=events.ACTIE_TOEGEVOEGD,
            actie=actie,
            casus=casus,
            versie=versie,
            personen=personen,
        )
        acties.append(actie)
    activiteit(casus)
    return acties
