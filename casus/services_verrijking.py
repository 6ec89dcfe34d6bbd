"""Informatieverrijking: asking the deelnemers of a casus for information and answering it.

Every function is policy-checked, audited and one transaction. A closed casus refuses every
change; nothing is written when any part of the input is refused.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import events, log
from core import policy
from core.actor import Actor
from core.errors import ServiceError

from . import notificaties
from .models import LEEFGEBIED_CODES, Casus, CasusStatus, Deelnemer, Uitvraag

# Longest question and longest answer text (per life domain, and the general answer).
VRAAG_MAX = 4000
ANTWOORD_MAX = 8000


def _open(casus: Casus) -> None:
    if casus.status == CasusStatus.AFGESLOTEN:
        raise ServiceError(_("Deze casus is afgesloten; er kan niets meer worden gewijzigd."))


def _deny(actor, actie, obj, *, zichtbaar_als):
    """Refuse `actie` on `obj`: 404 when the actor may not even see it, else 403."""
    policy.require(actor, actie, obj, not_found=not policy.may(actor, zichtbaar_als, obj))


@transaction.atomic
def uitvragen_stellen(
    *,
    actor: Actor,
    casus: Casus,
    organisaties: Iterable,
    vraag: str,
    uiterlijk_op: datetime.date | None,
) -> list[Uitvraag]:
    """Ask each of `organisaties` (deelnemers of the casus) the same question, to be answered
    by `uiterlijk_op` (today or later). One request per organisation, all or none."""
    casus = Casus.objects.select_for_update().get(pk=casus.pk)
    _deny(actor, "verrijking.uitvragen", casus, zichtbaar_als="verrijking.bekijken")
    _open(casus)
    vraag = (vraag or "").strip()
    fouten = []
    if not vraag:
        fouten.append(_("Stel een vraag."))
    elif len(vraag) > VRAAG_MAX:
        fouten.append(_("De vraag is te lang (hoogstens %(max)d tekens).") % {"max": VRAAG_MAX})
    if uiterlijk_op is None:
        fouten.append(_("Geef de datum waarop het antwoord er uiterlijk moet zijn."))
    elif uiterlijk_op < timezone.localdate():
        fouten.append(_("De uiterste datum ligt in het verleden; kies vandaag of later."))
    organisatie_ids = list(dict.fromkeys(o.pk for o in organisaties))
    if not organisatie_ids:
        fouten.append(_("Kies ten minste één organisatie."))
    elif Deelnemer.objects.filter(casus=casus, organisatie_id__in=organisatie_ids).count() != len(
        organisatie_ids
    ):
        fouten.append(_("Vraag alleen organisaties die deelnemen aan deze casus."))
    if fouten:
        raise ServiceError(" ".join(fouten))
    datum = cast(datetime.date, uiterlijk_op)  # checked above
    gesteld_door_id = cast(int, actor.user_id)  # the rule grants roles, held by a person
    personen = list(casus.personen.all())
    uitvragen = []
    for organisatie_id in organisatie_ids:
        uitvraag = Uitvraag(
            zvh_id=casus.zvh_id,
            casus=casus,
            organisatie_id=organisatie_id,
            vraag=vraag,
            uiterlijk_op=datum,
            gesteld_door_id=gesteld_door_id,
        )
        uitvraag.save()
        log.change(
            actor=actor,
            event=events.UITVRAAG_GESTELD,
            target=uitvraag,
            personen=personen,
            detail=f"organisatie {organisatie_id}, uiterlijk {datum.isoformat()}",
        )
        notificaties.uitvraag_gesteld(uitvraag)
        uitvragen.append(uitvraag)
    return uitvragen


@transaction.atomic
def uitvraag_beantwoorden(
    *,
    actor: Actor,
    uitvraag: Uitvraag,
    niets_bekend: bool,
    algemeen: str = "",
    per_leefgebied: Mapping[str, str] | None = None,
) -> Uitvraag:
    """Answer a request to the actor's own organisation: text per life domain (codes of
    `LEEFGEBIEDEN_ZRM`) and a general answer, or "niets bekend". Answered once; the answer may
    be amended until the due date. Any organisation but the one asked is refused (404)."""
    uitvraag = Uitvraag.objects.select_for_update().select_related("casus").get(pk=uitvraag.pk)
    _deny(actor, "uitvraag.beantwoorden", uitvraag, zichtbaar_als="uitvraag.bekijken")
    _open(uitvraag.casus)
    if not uitvraag.antwoord_wijzigbaar:
        raise ServiceError(
            _(
                "De termijn van deze uitvraag is verstreken; het antwoord kan niet meer "
                "worden gewijzigd."
            )
        )
    algemeen = (algemeen or "").strip()
    teksten = {code: (text or "").strip() for code, text in (per_leefgebied or {}).items()}
    onbekend = set(teksten) - LEEFGEBIED_CODES
    if onbekend:
        codes = ", ".join(sorted(onbekend))
        raise ServiceError(_("Onbekend leefgebied: %(codes)s.") % {"codes": codes})
    ingevuld = any(teksten.values()) or bool(algemeen)
    if niets_bekend and ingevuld:
        raise ServiceError(
            _("U koos 'niets bekend' en vulde ook informatie in. Kies één van beide.")
        )
    if not niets_bekend and not ingevuld:
        raise ServiceError(
            _(
                "Vul informatie in bij ten minste één leefgebied of bij het algemene antwoord, "
                "of kies 'niets bekend'."
            )
        )
    if any(len(text) > ANTWOORD_MAX for text in [algemeen, *teksten.values()]):
        raise ServiceError(
            _("Een antwoord is te lang (hoogstens %(max)d tekens per veld).")
            % {"max": ANTWOORD_MAX}
        )
    eerste = not uitvraag.beantwoord
    nu = timezone.now()
    uitvraag.niets_bekend = bool(niets_bekend)
    uitvraag.antwoord_algemeen = algemeen
    uitvraag.antwoord_per_leefgebied = teksten
    uitvraag.beantwoord_door_id = actor.user_id
    if eerste:
        uitvraag.beantwoord = True
        uitvraag.beantwoord_op = nu
    else:
        uitvraag.gewijzigd_op = nu
    uitvraag.save()
    log.change(
        actor=actor,
        event=events.UITVRAAG_BEANTWOORD if eerste else events.UITVRAAG_ANTWOORD_GEWIJZIGD,
        target=uitvraag,
        personen=list(uitvraag.casus.personen.all()),
        detail="niets bekend" if niets_bekend else "",
    )
    return uitvraag
