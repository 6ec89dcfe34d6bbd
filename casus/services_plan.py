"""The plan van aanpak: goals, actions and the partners' progress on them.

Every function takes the `actor`, is policy-checked, audited and one transaction. A closed
casus refuses every change; nothing is written when any part of the input is refused.

Optimistic locking (see casus/models/plan.py): a change to the plan's structure passes the
plan version the writer was shown (`verwacht`) and `plan_ophogen` refuses it when the plan has
moved on; a status update passes the action's own version.
"""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError

from .models import Actie, Casus, CasusStatus, PlanVanAanpak


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
