"""Leefgebied scores and the pitch: every change policy-checked, audited, one transaction each.

A score round stores a score only for the domains that were scored ("niet gescoord" is the
default and leaves nothing behind). A pitch is versioned: every save adds a version, and a save
based on a version that is no longer the latest is refused (optimistic lock), never merged.
"""

import datetime
from dataclasses import dataclass
from typing import cast

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import events, log
from core import policy
from core.actor import Actor
from core.errors import ServiceError

from .models import (
    FEIT_MAX_LENGTH,
    PITCH_MAX_LENGTH,
    Casus,
    CasusStatus,
    Deelnemer,
    Leefgebied,
    Persoon,
    Pitch,
    PitchFeit,
    Schaalwaarde,
    Score,
    Scoreformulier,
)

MOTIVATIE_MAX_LENGTH = 2_000


class PitchConflict(ServiceError):
    """The pitch was saved by someone else since the version this save was based on."""

    def __init__(self, laatste):
        super().__init__(
            _(
                "De pitch is intussen gewijzigd door %(wie)s (versie %(versie)s). Uw wijziging "
                "is niet opgeslagen; bekijk de nieuwe versie en breng uw wijziging opnieuw aan."
            )
            % {"wie": laatste.opgesteld_door, "versie": laatste.versie}
        )
        self.laatste = laatste


@dataclass(frozen=True)
class ScoreInvoer:
    """One scored domain as entered: `bron_organisatie_id` None means the house itself."""

    waarde: int
    motivatie: str
    bron_organisatie_id: int | None
    informatie_datum: datetime.date


def _open_casus(actor, casus, actie):
    """The casus locked for this change, if the actor may make it and it is still open."""
    casus = Casus.objects.select_for_update().get(pk=casus.pk)
    policy.require(actor, actie, casus, not_found=True)
    if casus.status == CasusStatus.AFGESLOTEN:
        raise ServiceError(_("Deze casus is afgesloten; er kan niets meer worden gewijzigd."))
    return casus


def _check_score(invoer, *, naam, schaal, deelnemers, datum):
    if invoer.waarde not in schaal:
        raise ServiceError(
            _(
                "De score voor %(gebied)s (%(waarde)s) ligt buiten de schaal van dit huis "
                "(%(laagste)s tot en met %(hoogste)s)."
            )
            % {
                "gebied": naam,
                "waarde": invoer.waarde,
                "laagste": min(schaal),
                "hoogste": max(schaal),
            }
        )
    motivatie = (invoer.motivatie or "").strip()
    if not motivatie:
        raise ServiceError(_("Geef bij %(gebied)s een motivatie.") % {"gebied": naam})
    if len(motivatie) > MOTIVATIE_MAX_LENGTH:
        raise ServiceError(
            _("De motivatie bij %(gebied)s is langer dan %(max)s tekens.")
            % {"gebied": naam, "max": MOTIVATIE_MAX_LENGTH}
        )
    if invoer.bron_organisatie_id is not None and invoer.bron_organisatie_id not in deelnemers:
        raise ServiceError(
            _("De bron bij %(gebied)s is geen deelnemer aan deze casus.") % {"gebied": naam}
        )
    if invoer.informatie_datum is None:
        raise ServiceError(_("Geef bij %(gebied)s de datum van de informatie.") % {"gebied": naam})
    if invoer.informatie_datum > datum:
        raise ServiceError(
            _("De informatie bij %(gebied)s is van na de datum van het scoreformulier.")
            % {"gebied": naam}
        )
    return motivatie


@transaction.atomic
def scoreformulier_opslaan(
    *,
    actor: Actor,
    casus: Casus,
    persoon: Persoon,
    datum: datetime.date,
    scores: dict[str, ScoreInvoer],
) -> Scoreformulier:
    """Record a score round for a person of the casus: `scores` maps a domain code to what was
    entered for it; a domain left out is "niet gescoord". All or nothing."""
    casus = _open_casus(actor, casus, "casus.scoren")
    if not casus.personen.filter(pk=persoon.pk).exists():
        raise ServiceError(_("Deze persoon hoort niet bij deze casus."))
    if datum is None or datum > timezone.localdate():
        raise ServiceError(_("De datum van het scoreformulier ligt in de toekomst."))
    gebieden = {g.code: g for g in Leefgebied.objects.filter(zvh_id=casus.zvh_id, actief=True)}
    schaal = set(Schaalwaarde.objects.filter(zvh_id=casus.zvh_id).values_list("waarde", flat=True))
    if not gebieden or not schaal:
        raise ServiceError(_("Dit huis heeft nog geen leefgebieden en scoreschaal ingericht."))
    deelnemers = set(Deelnemer.objects.filter(casus=casus).values_list("organisatie_id", flat=True))
    onbekend = sorted(set(scores) - set(gebieden))
    if onbekend:
        raise ServiceError(_("Onbekend leefgebied: %(codes)s.") % {"codes": ", ".join(onbekend)})
    rijen = []
    for code, invoer in scores.items():
        gebied = gebieden[code]
        motivatie = _check_score(
            invoer, naam=gebied.naam, schaal=schaal, deelnemers=deelnemers, datum=datum
        )
        rijen.append((gebied, invoer, motivatie))
    formulier = Scoreformulier.objects.create(
        zvh_id=casus.zvh_id,
        casus=casus,
        persoon=persoon,
        datum=datum,
        ingevuld_door_id=cast(int, actor.user_id),  # the rule grants roles: a person
    )
    for gebied, invoer, motivatie in rijen:
        # One save per score (not bulk_create): django-auditlog records each row.
        Score.objects.create(
            formulier=formulier,
            leefgebied=gebied,
            waarde=invoer.waarde,
            motivatie=motivatie,
            bron_organisatie_id=invoer.bron_organisatie_id,
            informatie_datum=invoer.informatie_datum,
        )
    log.change(
        actor=actor,
        event=events.SCOREFORMULIER_OPGESLAGEN,
        target=formulier,
        personen=[persoon],
        detail=f"{len(rijen)} van {len(gebieden)} leefgebieden gescoord",
    )
    return formulier


def _check_tekst(label, tekst, maximum):
    tekst = (tekst or "").strip()
    if len(tekst) > maximum:
        raise ServiceError(
            _("%(veld)s is langer dan %(max)s tekens.") % {"veld": label, "max": maximum}
        )
    return tekst


@transaction.atomic
def pitch_opslaan(
    *,
    actor: Actor,
    casus: Casus,
    basis_versie: int,
    aanleiding: str,
    feiten: dict[str, str],
    risicos: str,
    kansen: str,
    vraag: str,
) -> Pitch:
    """Save a new version of the pitch. `basis_versie` is the version the writer started from
    (0 for the first); when another version was saved since, nothing is saved (PitchConflict)."""
    casus = _open_casus(actor, casus, "casus.pitch_schrijven")
    laatste = (
        Pitch.objects.filter(casus=casus).select_related("opgesteld_door").order_by("-versie")
    ).first()
    huidige = laatste.versie if laatste is not None else 0
    if basis_versie != huidige:
        raise PitchConflict(laatste)
    velden = {
        "aanleiding": _check_tekst(_("De aanleiding"), aanleiding, PITCH_MAX_LENGTH),
        "risicos": _check_tekst(_("De risico's"), risicos, PITCH_MAX_LENGTH),
        "kansen": _check_tekst(_("De kansen"), kansen, PITCH_MAX_LENGTH),
        "vraag": _check_tekst(_("De vraag aan het overleg"), vraag, PITCH_MAX_LENGTH),
    }
    if not velden["aanleiding"] or not velden["vraag"]:
        raise ServiceError(_("Vul ten minste de aanleiding en de vraag aan het overleg in."))
    gebieden = {g.code: g for g in Leefgebied.objects.filter(zvh_id=casus.zvh_id, actief=True)}
    onbekend = sorted(set(feiten) - set(gebieden))
    if onbekend:
        raise ServiceError(_("Onbekend leefgebied: %(codes)s.") % {"codes": ", ".join(onbekend)})
    teksten = {
        code: _check_tekst(gebieden[code].naam, tekst, FEIT_MAX_LENGTH)
        for code, tekst in feiten.items()
    }
    pitch = Pitch.objects.create(
        zvh_id=casus.zvh_id,
        casus=casus,
        versie=huidige + 1,
        opgesteld_door_id=cast(int, actor.user_id),  # the rule grants roles: a person
        **velden,
    )
    for code, tekst in teksten.items():
        if tekst:
            PitchFeit.objects.create(pitch=pitch, leefgebied=gebieden[code], tekst=tekst)
    log.change(
        actor=actor,
        event=events.PITCH_OPGESLAGEN,
        target=pitch,
        personen=list(casus.personen.all()),
        detail=f"versie {pitch.versie}",
    )
    return pitch


@transaction.atomic
def pitch_gereed_melden(*, actor: Actor, casus: Casus, versie: int) -> Pitch:
    """Mark the latest version ready for the MDO (deelnemers see it from then on). Only the
    latest version: a stale page (`versie` no longer the latest) is refused."""
    casus = _open_casus(actor, casus, "casus.pitch_schrijven")
    laatste_versie = Pitch.objects.filter(casus=casus).aggregate(m=Max("versie"))["m"]
    if laatste_versie is None:
        raise ServiceError(_("Er is nog geen pitch om gereed te melden."))
    pitch = Pitch.objects.select_related("opgesteld_door").get(casus=casus, versie=laatste_versie)
    if versie != laatste_versie:
        raise PitchConflict(pitch)
    if pitch.gereed:
        raise ServiceError(_("Deze versie van de pitch is al gereed gemeld."))
    pitch.gereed_op = timezone.now()
    pitch.gereed_door_id = actor.user_id
    pitch.save(update_fields=["gereed_op", "gereed_door"])
    log.change(
        actor=actor,
        event=events.PITCH_GEREED,
        target=pitch,
        personen=list(casus.personen.all()),
        detail=f"versie {pitch.versie}",
    )
    return pitch
