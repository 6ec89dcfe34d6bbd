"""Afschaling and afsluiting of a casus, reopening it, and the house's list of reasons.

Every function takes the `actor`, is policy-checked, audited and one transaction; nothing is
written when any part of the input is refused.

Closing a casus (afschaling to the local network, or afsluiting):
- records the reason from the house's active list, an evaluation of every goal of the plan, the
  receiving local organisation (afschaling) and the final AVE level, which becomes the casus's
  level;
- sets the casus to afgesloten and starts its retention period today (`bewaartermijn_vanaf`,
  what the privacy retention job reads);
- ends every deelnemer's access: each `Deelnemer` row goes together with its grant, one audit
  row per organisation, and the casus's MDO invitations no longer give access (casus.rules);
- leaves the open actions as they are: their last status is the record of where the plan
  stood. A closed casus refuses every change, so they can no longer be updated, and their
  organisations, no longer taking part, no longer see them.
Reopening puts the casus back to open and clears its closing date and retention start; the
former deelnemers get no access back until the procesregisseur adds them again
(`casus.services.deelnemer_toevoegen`).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from guardian.shortcuts import remove_perm

from audit import events, log
from core import policy
from core.actor import Actor
from core.errors import ServiceError
from partners.models import Organisatie

from .models import (
    Afsluiting,
    AfsluitReden,
    AfsluitSoort,
    AveNiveau,
    Casus,
    CasusGroupObjectPermission,
    Casusoverleg,
    CasusStatus,
    Deelnemer,
    Doel,
    DoelEvaluatie,
    DoelResultaat,
    Heropening,
    OverlegStatus,
)
from .models.afsluiting import TOELICHTING_MAX_LENGTH
from .selectors_afsluiting import lokale_organisaties
from .services import VIEW_CASUS, deelname_beeindigen
from .services_plan import activiteit, casus_open

NAAM_MAX_LENGTH = 200


@dataclass(frozen=True)
class Evaluatie:
    """The evaluation of one goal as entered: a `DoelResultaat` value and its explanation."""

    resultaat: str
    toelichting: str


def _deny(actor, actie, casus):
    """Refuse `actie` on `casus`: 404 when the actor may not even see it, else 403."""
    policy.require(actor, actie, casus, not_found=not policy.may(actor, "casus.bekijken", casus))


def _te_lang(tekst):
    return len(tekst) > TOELICHTING_MAX_LENGTH


def _check_evaluaties(doelen, evaluaties, fouten):
    """The evaluations of `doelen` from `evaluaties` (keyed by goal id), or messages in
    `fouten`: every goal needs a result and an explanation, and no other goal may be named."""
    per_doel = {str(doel_id): evaluatie for doel_id, evaluatie in evaluaties.items()}
    bekend = {str(doel.pk) for doel in doelen}
    if set(per_doel) - bekend:
        fouten.append(_("Evalueer alleen de doelen van het plan van aanpak van deze casus."))
    ontbrekend = [doel for doel in doelen if str(doel.pk) not in per_doel]
    if ontbrekend:
        fouten.append(
            _(
                "Evalueer elk doel van het plan van aanpak: de evaluatie ontbreekt voor "
                "%(n)d doel(en)."
            )
            % {"n": len(ontbrekend)}
        )
    schoon = {}
    for doel in doelen:
        evaluatie = per_doel.get(str(doel.pk))
        if evaluatie is None:
            continue
        toelichting = (evaluatie.toelichting or "").strip()
        if evaluatie.resultaat not in DoelResultaat.values:
            fouten.append(_("Kies bij elk doel of het behaald, deels behaald of niet behaald is."))
        elif not toelichting:
            fouten.append(_("Licht bij elk doel het resultaat toe."))
        elif _te_lang(toelichting):
            fouten.append(
                _("De toelichting bij een doel is te lang (hoogstens %(max)d tekens).")
                % {"max": TOELICHTING_MAX_LENGTH}
            )
        else:
            schoon[doel.pk] = Evaluatie(evaluatie.resultaat, toelichting)
    return schoon


def _check_reden(casus, soort, reden, fouten):
    """The reason, fresh from the house's list: active and fitting `soort`."""
    actueel = (
        AfsluitReden.objects.filter(pk=reden.pk, zvh_id=casus.zvh_id).first()
        if reden is not None
        else None
    )
    if actueel is None:
        fouten.append(_("Kies een reden uit de lijst van dit huis."))
    elif not actueel.actief:
        fouten.append(_("Deze reden wordt niet meer gebruikt; kies een andere reden."))
    elif soort in AfsluitSoort.values and actueel.soort not in ("", soort):
        fouten.append(
            _("De reden “%(reden)s” past niet bij een %(soort)s.")
            % {"reden": actueel.naam, "soort": AfsluitSoort(soort).label.lower()}
        )
    return actueel


def _check_ontvanger(casus, soort, ontvangende_organisatie, fouten):
    if soort != AfsluitSoort.AFSCHALING:
        if ontvangende_organisatie is not None:
            fouten.append(_("Een ontvangende organisatie hoort alleen bij een afschaling."))
        return None
    if ontvangende_organisatie is None:
        fouten.append(
            _(
                "Kies bij een afschaling de lokale organisatie (gemeente of wijkteam) die de "
                "casus overneemt."
            )
        )
        return None
    ontvanger = lokale_organisaties(casus.zvh_id).filter(pk=ontvangende_organisatie.pk).first()
    if ontvanger is None:
        fouten.append(
            _(
                "De ontvangende organisatie moet een actieve gemeente of een actief wijkteam "
                "met een convenant met dit huis zijn."
            )
        )
    return ontvanger


def _toegang_beeindigen(*, actor, casus) -> list[int]:
    """End every deelnemer's access: membership and grant together, and a grant without its
    membership row (drift) too. Returns the organisations' ids."""
    organisaties = []
    for deelnemer in Deelnemer.objects.filter(casus=casus).select_related(
        "casus", "organisatie__groep"
    ):
        organisaties.append(deelnemer.organisatie_id)
        deelname_beeindigen(deelnemer=deelnemer)
    grants = CasusGroupObjectPermission.objects.filter(
        content_object=casus, permission__codename="view_casus"
    )
    los = Organisatie.objects.filter(groep_id__in=grants.values("group_id")).select_related("groep")
    for organisatie in los:
        remove_perm(VIEW_CASUS, organisatie.groep, casus)
        organisaties.append(organisatie.pk)
    for organisatie_id in organisaties:
        log.change(
            actor=actor,
            event=events.DEELNEMER_VERWIJDERD,
            target=casus,
            detail=f"organisatie {organisatie_id}: casus afgesloten",
        )
    return organisaties


@transaction.atomic
def casus_afsluiten(
    *,
    actor: Actor,
    casus: Casus,
    soort: str,
    reden: AfsluitReden | None,
    toelichting: str = "",
    ontvangende_organisatie: Organisatie | None = None,
    ave_niveau: int | None,
    evaluaties: Mapping,
) -> Afsluiting:
    """Close `casus` as an afschaling (to `ontvangende_organisatie`) or an afsluiting, with a
    reason, an evaluation per goal (`evaluaties`: goal id -> `Evaluatie`; a casus without goals
    needs a `toelichting` instead) and the final AVE level. See the module docstring."""
    casus = Casus.objects.select_for_update().get(pk=casus.pk)
    _deny(actor, "casus.afsluiten", casus)
    casus_open(casus)
    fouten: list[str] = []
    if soort not in AfsluitSoort.values:
        fouten.append(_("Kies afschaling naar het lokale netwerk of afsluiting."))
    actuele_reden = _check_reden(casus, soort, reden, fouten)
    toelichting = (toelichting or "").strip()
    if _te_lang(toelichting):
        fouten.append(
            _("De toelichting is te lang (hoogstens %(max)d tekens).")
            % {"max": TOELICHTING_MAX_LENGTH}
        )
    ontvanger = _check_ontvanger(casus, soort, ontvangende_organisatie, fouten)
    if ave_niveau not in AveNiveau.values:
        fouten.append(_("Kies het AVE-niveau bij afsluiting."))
    doelen = list(Doel.objects.filter(plan__casus=casus).order_by("volgorde", "aangemaakt_op"))
    if doelen:
        per_doel = _check_evaluaties(doelen, evaluaties or {}, fouten)
    else:
        per_doel = {}
        if evaluaties:
            fouten.append(_("Deze casus heeft geen doelen om te evalueren."))
        if not toelichting:
            fouten.append(
                _(
                    "Deze casus heeft geen doelen in het plan van aanpak: licht in de "
                    "toelichting toe waarom zij wordt afgesloten."
                )
            )
    if Casusoverleg.objects.filter(casus=casus, status=OverlegStatus.GEOPEND).exists():
        fouten.append(
            _(
                "Er loopt nog een casusoverleg van deze casus: zet het eerst op gehouden en "
                "sluit de casus daarna af."
            )
        )
    if fouten or actuele_reden is None or ave_niveau is None:
        raise ServiceError(" ".join(fouten))
    vandaag = timezone.localdate()
    afsluiting = Afsluiting.objects.create(
        casus=casus,
        soort=soort,
        reden=actuele_reden,
        toelichting=toelichting,
        ontvangende_organisatie=ontvanger,
        ave_niveau=ave_niveau,
        afgesloten_door_id=actor.user_id,
        bewaartermijn_vanaf=vandaag,
    )
    for doel in doelen:
        evaluatie = per_doel[doel.pk]
        DoelEvaluatie.objects.create(
            afsluiting=afsluiting,
            doel=doel,
            resultaat=evaluatie.resultaat,
            toelichting=evaluatie.toelichting,
        )
    casus.status = CasusStatus.AFGESLOTEN
    casus.afgesloten_op = afsluiting.afgesloten_op
    casus.bewaartermijn_vanaf = vandaag
    casus.ave_niveau = ave_niveau
    casus.save(update_fields=["status", "afgesloten_op", "bewaartermijn_vanaf", "ave_niveau"])
    activiteit(casus)
    detail = f"{soort}; reden {actuele_reden.code}; AVE {ave_niveau}; {len(doelen)} doel(en)"
    if ontvanger is not None:
        detail += f"; ontvanger organisatie {ontvanger.pk}"
    log.change(
        actor=actor,
        event=events.CASUS_AFGESLOTEN,
        target=casus,
        personen=list(casus.personen.all()),
        detail=f"{detail}; bewaartermijn vanaf {vandaag.isoformat()}",
    )
    _toegang_beeindigen(actor=actor, casus=casus)
    return afsluiting


@transaction.atomic
def casus_heropenen(*, actor: Actor, casus: Casus, reden: str) -> Heropening:
    """Reopen a closed casus with a reason. The former deelnemers get no access back; the
    procesregisseur adds again those that take part (`deelnemer_toevoegen`)."""
    casus = Casus.objects.select_for_update().get(pk=casus.pk)
    _deny(actor, "casus.heropenen", casus)
    if casus.status != CasusStatus.AFGESLOTEN:
        raise ServiceError(_("Deze casus is niet afgesloten; heropenen is niet nodig."))
    reden = (reden or "").strip()
    if not reden:
        raise ServiceError(_("Geef de reden waarom de casus wordt heropend."))
    if _te_lang(reden):
        raise ServiceError(
            _("De reden is te lang (hoogstens %(max)d tekens).") % {"max": TOELICHTING_MAX_LENGTH}
        )
    heropening = Heropening.objects.create(casus=casus, reden=reden, heropend_door_id=actor.user_id)
    casus.status = CasusStatus.OPEN
    casus.afgesloten_op = None
    casus.bewaartermijn_vanaf = None
    casus.save(update_fields=["status", "afgesloten_op", "bewaartermijn_vanaf"])
    activiteit(casus)
    log.change(
        actor=actor,
        event=events.CASUS_HEROPEND,
        target=casus,
        personen=list(casus.personen.all()),
        detail="deelnemers krijgen pas weer toegang als zij opnieuw worden toegevoegd",
    )
    return heropening


# The house's list of reasons (functioneel beheerder) ------------------------------------------


def _check_naam(zvh_id, naam, *, behalve=None):
    naam = (naam or "").strip()
    if not naam:
        raise ServiceError(_("Geef de reden een naam."))
    if len(naam) > NAAM_MAX_LENGTH:
        raise ServiceError(
            _("De naam is te lang (hoogstens %(max)d tekens).") % {"max": NAAM_MAX_LENGTH}
        )
    dubbel = AfsluitReden.objects.filter(zvh_id=zvh_id, naam__iexact=naam)
    if behalve is not None:
        dubbel = dubbel.exclude(pk=behalve.pk)
    if dubbel.exists():
        raise ServiceError(_("Dit huis heeft al een reden met deze naam."))
    return naam


def _check_soort(soort):
    if soort not in ("", *AfsluitSoort.values):
        raise ServiceError(_("Kies waarvoor de reden geldt."))
    return soort


def _nieuwe_code(zvh_id, naam):
    basis = (slugify(naam) or "reden")[:32]
    bestaand = set(
        AfsluitReden.objects.filter(zvh_id=zvh_id, code__startswith=basis).values_list(
            "code", flat=True
        )
    )
    code, n = basis, 2
    while code in bestaand:
        code, n = f"{basis}-{n}", n + 1
    return code


def _bruikbaar_blijft(zvh_id):
    """Both kinds of closing keep at least one active reason (else no casus could close)."""
    actief = AfsluitReden.objects.filter(zvh_id=zvh_id, actief=True)
    for soort in AfsluitSoort.values:
        if not actief.filter(soort__in=["", soort]).exists():
            raise ServiceError(
                _(
                    "Er moet ten minste één actieve reden blijven voor %(soort)s; zet eerst "
                    "een andere reden aan."
                )
                % {"soort": AfsluitSoort(soort).label.lower()}
            )


def _reden_vergrendeld(actor, reden):
    reden = AfsluitReden.objects.select_for_update().filter(pk=reden.pk).first()
    if reden is None or not policy.may(actor, "beheer.afsluitredenen", reden):
        raise policy.Geweigerd("beheer.afsluitredenen", not_found=True)
    return reden


@transaction.atomic
def afsluitreden_toevoegen(*, actor: Actor, naam: str, soort: str = "") -> AfsluitReden:
    """Add a reason to the end of the actor's house's list (`soort` empty: for both kinds)."""
    policy.require(actor, "beheer.afsluitredenen")
    zvh_id = actor.zvh_id
    naam = _check_naam(zvh_id, naam)
    soort = _check_soort(soort)
    laatste = AfsluitReden.objects.filter(zvh_id=zvh_id).aggregate(m=Max("volgorde"))["m"] or 0
    reden = AfsluitReden.objects.create(
        zvh_id=zvh_id, code=_nieuwe_code(zvh_id, naam), naam=naam, soort=soort, volgorde=laatste + 1
    )
    log.change(
        actor=actor,
        event=events.AFSLUITREDEN_TOEGEVOEGD,
        target=reden,
        detail=f"code {reden.code}",
    )
    return reden


@transaction.atomic
def afsluitreden_wijzigen(
    *, actor: Actor, reden: AfsluitReden, naam: str, soort: str, actief: bool
) -> AfsluitReden:
    """Rename a reason, change what it is for, or switch it off or on. Closings that used it
    keep it (by its code); a reason switched off is no longer offered."""
    reden = _reden_vergrendeld(actor, reden)
    naam = _check_naam(reden.zvh_id, naam, behalve=reden)
    soort = _check_soort(soort)
    gewijzigd = [
        veld
        for veld, waarde in (("naam", naam), ("soort", soort), ("actief", bool(actief)))
        if getattr(reden, veld) != waarde
    ]
    if not gewijzigd:
        return reden
    reden.naam, reden.soort, reden.actief = naam, soort, bool(actief)
    reden.save(update_fields=gewijzigd)
    _bruikbaar_blijft(reden.zvh_id)
    log.change(
        actor=actor,
        event=events.AFSLUITREDEN_GEWIJZIGD,
        target=reden,
        detail=f"code {reden.code}: {', '.join(gewijzigd)} gewijzigd"
        + ("" if reden.actief else "; uitgeschakeld"),
    )
    return reden


@transaction.atomic
def afsluitreden_verplaatsen(*, actor: Actor, reden: AfsluitReden, richting: str) -> AfsluitReden:
    """Move a reason one place up ("op") or down ("neer") in the house's list."""
    reden = _reden_vergrendeld(actor, reden)
    if richting not in ("op", "neer"):
        raise ServiceError(_("Kies omhoog of omlaag."))
    lijst = list(
        AfsluitReden.objects.select_for_update()
        .filter(zvh_id=reden.zvh_id)
        .order_by("volgorde", "naam", "pk")
    )
    plek = next(i for i, r in enumerate(lijst) if r.pk == reden.pk)
    doel = plek - 1 if richting == "op" else plek + 1
    if not 0 <= doel < len(lijst):
        if richting == "op":
            raise ServiceError(_("Deze reden staat al bovenaan."))
        raise ServiceError(_("Deze reden staat al onderaan."))
    lijst[plek], lijst[doel] = lijst[doel], lijst[plek]
    for volgorde, r in enumerate(lijst, start=1):
        if r.volgorde != volgorde:
            r.volgorde = volgorde
            r.save(update_fields=["volgorde"])
    log.change(
        actor=actor,
        event=events.AFSLUITREDEN_GEWIJZIGD,
        target=reden,
        detail=f"code {reden.code}: naar plaats {doel + 1}",
    )
    return reden
