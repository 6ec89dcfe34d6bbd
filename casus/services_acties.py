"""Acties bijwerken: the responsible organisation (or the casus's procesregisseur) sets an
action's status and reports progress; a partner picks the action's owner in its organisation.

Every function is policy-checked, audited and one transaction. A closed casus refuses every
change; nothing is written when any part of the input is refused. A status update carries
the action's version (`versie`): a second writer who saw an older version gets ActieConflict.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from audit import events, log
from core import policy
from core.actor import Actor
from core.crypto import encrypt
from core.errors import ServiceError
from core.roles import Rol
from partners.models import RolToewijzing

from .models import NOTITIE_MAX_LENGTH, Actie, ActieStatus, Voortgang
from .services_plan import actie_ophogen, activiteit, casus_open, plan_ophogen, plan_van


def _deny(actor, actie_naam, obj):
    """Refuse `actie_naam` on `obj`: 404 when the actor may not even see it, else 403."""
    policy.require(actor, actie_naam, obj, not_found=not policy.may(actor, "actie.bekijken", obj))


def _vergrendeld(actie: Actie) -> Actie:
    """The action locked for this transaction, with its casus (not locked) loaded."""
    return Actie.objects.select_for_update(of=("self",)).select_related("casus").get(pk=actie.pk)


def _versleuteld(actie: Actie, veld: str, tekst: str):
    """`tekst` sealed for `actie`'s column `veld`, as the field would seal it on save (an
    UPDATE does not pass through the field); empty text is NULL."""
    if not tekst:
        return None
    field = Actie._meta.get_field(veld)
    return encrypt(tekst, aad=field.aad_for(actie))  # type: ignore[attr-defined]


def _te_lang(wat: str) -> str:
    return _("%(wat)s is te lang (hoogstens %(max)d tekens).") % {
        "wat": wat,
        "max": NOTITIE_MAX_LENGTH,
    }


@transaction.atomic
def actie_bijwerken(
    *,
    actor: Actor,
    actie: Actie,
    status: str,
    notitie: str,
    versie: int,
    reden_niet_haalbaar: str = "",
) -> Actie:
    """Set the status of `actie` (open, in uitvoering, gereed, niet haalbaar: the last with a
    reason) with an optional progress note, when the action is still at `versie`. One
    Voortgang row per update (the status history); the note is encrypted."""
    actie = _vergrendeld(actie)
    _deny(actor, "actie.bijwerken", actie)
    casus = actie.casus
    casus_open(casus)
    notitie = (notitie or "").strip()
    reden = (reden_niet_haalbaar or "").strip()
    fouten = []
    if status not in ActieStatus.values:
        fouten.append(_("Kies een geldige status."))
    if len(notitie) > NOTITIE_MAX_LENGTH:
        fouten.append(_te_lang(_("De voortgangsnotitie")))
    if status == ActieStatus.NIET_HAALBAAR:
        if not reden:
            fouten.append(_("Geef de reden waarom de actie niet haalbaar is."))
        elif len(reden) > NOTITIE_MAX_LENGTH:
            fouten.append(_te_lang(_("De reden")))
    else:
        reden = ""
    if not fouten and status == actie.status and not notitie:
        fouten.append(_("Kies een andere status of schrijf een voortgangsnotitie."))
    if fouten:
        raise ServiceError(" ".join(fouten))
    status_van = actie.status
    actie_ophogen(
        actie,
        verwacht=versie,
        status=status,
        reden_niet_haalbaar=_versleuteld(actie, "reden_niet_haalbaar", reden),
    )
    Voortgang.objects.create(
        actie=actie,
        organisatie_id=actor.organisatie_id,
        door_id=actor.user_id,
        status_van=status_van,
        status_naar=status,
        notitie=notitie,
    )
    plan_ophogen(plan_van(casus), actor=actor)
    activiteit(casus)
    detail = f"status {status_van} -> {status}"
    if notitie:
        detail += "; met voortgangsnotitie"
    log.change(
        actor=actor,
        event=events.ACTIE_BIJGEWERKT,
        target=actie,
        casus_id=casus.pk,
        personen=list(casus.personen.all()),
        detail=detail,
    )
    return actie


def eigenaar_kandidaten(*, zvh_id, organisatie_id):
    """Who may own an action of `organisatie_id` in the house: its active users holding the
    ketenpartner role there, by name."""
    rol = RolToewijzing.objects.filter(
        zvh_id=zvh_id, rol=Rol.KETENPARTNER, medewerker__organisatie_id=organisatie_id
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=rol.values("medewerker_id"))
        .order_by("last_name", "first_name", "pk")
    )


@transaction.atomic
def eigenaar_kiezen(*, actor: Actor, actie: Actie, eigenaar, versie: int) -> Actie:
    """A user of the responsible organisation names the action's owner: itself, a colleague
    (an active user of the organisation with the ketenpartner role in the house), or nobody
    (`eigenaar` None: the whole organisation)."""
    actie = _vergrendeld(actie)
    _deny(actor, "actie.eigenaar_kiezen", actie)
    casus = actie.casus
    casus_open(casus)
    eigenaar_id = getattr(eigenaar, "pk", None)
    if (
        eigenaar_id is not None
        and not eigenaar_kandidaten(zvh_id=actie.zvh_id, organisatie_id=actie.organisatie_id)
        .filter(pk=eigenaar_id)
        .exists()
    ):
        raise ServiceError(
            _("Kies als eigenaar een actieve medewerker van de verantwoordelijke organisatie.")
        )
    if eigenaar_id == actie.eigenaar_id:
        raise ServiceError(_("Deze medewerker is al de eigenaar van de actie."))
    actie_ophogen(actie, verwacht=versie, eigenaar_id=eigenaar_id)
    plan_ophogen(plan_van(casus), actor=actor)
    activiteit(casus)
    log.change(
        actor=actor,
        event=events.ACTIE_EIGENAAR_GEKOZEN,
        target=actie,
        casus_id=casus.pk,
        personen=list(casus.personen.all()),
        detail=f"eigenaar {eigenaar_id}" if eigenaar_id is not None else "geen eigenaar",
    )
    return actie
