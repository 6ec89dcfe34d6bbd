"""Every state change of persons and casussen: policy-checked, audited, one transaction each.

A deelnemer is one fact written in two places that must agree: the `Deelnemer` row (what the
audit signals read) and the django-guardian grant to the organisation's group (what the policy
reads). Only these functions write or remove either, always together; `manage.py
casus_deelname_controle` finds any drift.
"""

from typing import cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from audit import events, log
from core import policy
from core.actor import Actor
from core.bsn import Bsn
from core.crypto import naam_index
from core.errors import ServiceError
from partners.models import Partnerschap, partner_met_protocol

from .models import (
    Casus,
    CasusGroupObjectPermission,
    CasusStatus,
    Deelnemer,
    DeelnemerRol,
    Persoon,
    PersoonRelatie,
)
from .nummering import casusjaar, volgend_casusnummer

PERSOON_VELDEN = (
    "bsn",
    "voornamen",
    "achternaam",
    "geboortedatum",
    "adres",
    "postcode",
    "woonplaats",
    "telefoon",
    "email",
)
VIEW_CASUS = "casus.view_casus"


class BestaandePersoon(ServiceError):
    """The BSN is already registered in this house; `persoon` is that registration."""

    def __init__(self, persoon):
        super().__init__(_("Deze persoon (BSN) is al geregistreerd in dit huis."))
        self.persoon = persoon


class MogelijkeDubbel(ServiceError):
    """A person with the same name and date of birth exists; the user must confirm."""

    def __init__(self):
        super().__init__(
            _(
                "Er is al een persoon met dezelfde naam en geboortedatum geregistreerd. "
                "Controleer of het om een andere persoon gaat en bevestig dat."
            )
        )


# Persons ------------------------------------------------------------------------------------


def _nieuwe_persoon(*, actor, gegevens, pk=None):
    persoon = Persoon(zvh_id=actor.zvh_id, aangemaakt_door_id=actor.user_id)
    if pk is not None:
        persoon.pk = pk
    for veld in PERSOON_VELDEN:
        value = gegevens.get(veld)
        if veld == "bsn":
            value = value.cijfers if isinstance(value, Bsn) else (value or "")
        setattr(persoon, veld, value or ("" if veld != "geboortedatum" else None))
    try:
        persoon.clean()
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages)) from exc
    return persoon


@transaction.atomic
def persoon_registreren(
    *, actor: Actor, gegevens, naamgelijkenis_bevestigd=False, pk=None
) -> Persoon:
    """Register a new person in the actor's house (`pk`: its key, chosen by the caller).

    Refused when the BSN is already registered in the house (BestaandePersoon); warns when the
    name and date of birth match an existing person (MogelijkeDubbel) until confirmed.
    """
    policy.require(actor, "persoon.registreren")
    zvh_id = cast(int, actor.zvh_id)  # the rule grants roles, which are held in a house
    persoon = _nieuwe_persoon(actor=actor, gegevens=gegevens, pk=pk)
    bsn = Bsn.of_leeg(persoon.bsn)
    if bsn is not None:
        bestaand = Persoon.objects.filter(zvh_id=zvh_id, bsn_index=bsn.blind_index()).first()
        if bestaand is not None:
            raise BestaandePersoon(bestaand)
    if not naamgelijkenis_bevestigd:
        index = naam_index(persoon.voornamen, persoon.achternaam, persoon.geboortedatum)
        if Persoon.objects.filter(zvh_id=zvh_id, naam_index=index).exists():
            raise MogelijkeDubbel()
    try:
        with transaction.atomic():
            persoon.save()
    except IntegrityError as exc:
        if bsn is None:  # only the BSN is unique per house
            raise
        # Registered by someone else between our check and our insert.
        bestaand = Persoon.objects.get(zvh_id=zvh_id, bsn_index=bsn.blind_index())
        raise BestaandePersoon(bestaand) from exc
    log.change(actor=actor, event=events.PERSOON_GEREGISTREERD, target=persoon)
    return persoon


def persoon_relateren(*, actor: Actor, van: Persoon, naar: Persoon, type) -> PersoonRelatie:
    """Record that `van` is the `type` of `naar` (within one house); once is enough."""
    if van.zvh_id != naar.zvh_id or van.zvh_id != actor.zvh_id:
        raise ServiceError(_("Personen uit verschillende huizen kunnen niet gerelateerd worden."))
    relatie, created = PersoonRelatie.objects.get_or_create(van=van, naar=naar, type=type)
    if created:
        log.change(
            actor=actor,
            event=events.PERSOON_RELATIE_VASTGELEGD,
            target=van,
            personen=[van, naar],
            detail=type,
        )
    return relatie


# Casussen and deelnemers --------------------------------------------------------------------


def deelname_vastleggen(*, casus, organisatie, rol) -> Deelnemer:
    """The one place that writes "this organisation takes part": membership and grant together.
    Not audited on its own; the services below call it and write the audit row."""
    deelnemer = Deelnemer.objects.create(casus=casus, organisatie=organisatie, rol=rol)
    assign_perm(VIEW_CASUS, organisatie.groep, casus)
    return deelnemer


def deelnames_vastleggen(*, casus, organisaties, rol) -> list[Deelnemer]:
    """`deelname_vastleggen` for several organisations at once: one grant call for all their
    groups (guardian looks the permission up once)."""
    if not organisaties:
        return []
    deelnemers = [
        Deelnemer.objects.create(casus=casus, organisatie=organisatie, rol=rol)
        for organisatie in organisaties
    ]
    assign_perm(VIEW_CASUS, [organisatie.groep for organisatie in organisaties], casus)
    return deelnemers


def deelname_beeindigen(*, deelnemer) -> None:
    """The one place that removes a deelname: membership and grant together."""
    organisatie, casus = deelnemer.organisatie, deelnemer.casus
    deelnemer.delete()
    remove_perm(VIEW_CASUS, organisatie.groep, casus)


def is_incidenteel(*, casus, organisatie) -> bool:
    """An organisation without a full partnership (privacy protocol signed) in the casus's
    house takes part as incidentele partner."""
    return not Partnerschap.objects.filter(
        partner_met_protocol(), zvh_id=casus.zvh_id, organisatie=organisatie
    ).exists()


def _deelname_gelogd(*, actor, casus, organisatie, rol):
    soort = "incidentele partner" if is_incidenteel(casus=casus, organisatie=organisatie) else ""
    log.change(
        actor=actor,
        event=events.DEELNEMER_TOEGEVOEGD,
        target=casus,
        detail=f"organisatie {organisatie.pk} als {rol}{'; ' + soort if soort else ''}",
    )


def _deelnemer_erbij(*, actor, casus, organisatie, rol):
    deelnemer = deelname_vastleggen(casus=casus, organisatie=organisatie, rol=rol)
    _deelname_gelogd(actor=actor, casus=casus, organisatie=organisatie, rol=rol)
    return deelnemer


def partnerschap_beeindigd(*, zvh_id, organisatie) -> bool:
    """The organisation's partnership with the house has ended: it takes part in no casus
    there again, not even as incidentele partner (partners.services ended its deelnames)."""
    return Partnerschap.objects.filter(
        zvh_id=zvh_id, organisatie=organisatie, beeindigd_op__lte=timezone.localdate()
    ).exists()


def _niet_afgesloten(casus):
    if casus.status == CasusStatus.AFGESLOTEN:
        raise ServiceError(_("Deze casus is afgesloten; er kan niets meer worden gewijzigd."))


@transaction.atomic
def casus_openen(
    *,
    actor: Actor,
    ave_niveau,
    procesregisseur,
    backup_procesregisseur,
    personen,
    themas,
    aanmelder_organisatie,
    deelnemers=(),
    spoed=False,
    detail="",
) -> Casus:
    """Open a casus in the actor's house with its persons, themes and procesregisseurs; the
    referring organisation takes part from the start (deelnemer and grant, as one fact), and
    so does each organisation of `deelnemers` (as partner; incidental where it has no full
    partnership with the house). `spoed` comes from the referral."""
    policy.require(actor, "casus.openen")
    zvh_id = cast(int, actor.zvh_id)  # the rule grants a role, which is held in a house
    casus = Casus.objects.create(
        zvh_id=zvh_id,
        nummer=volgend_casusnummer(zvh_id=zvh_id, jaar=casusjaar()),
        ave_niveau=ave_niveau,
        ave_niveau_bij_opening=ave_niveau,
        procesregisseur=procesregisseur,
        backup_procesregisseur=backup_procesregisseur,
        spoed=bool(spoed),
    )
    personen = list(personen)
    casus.personen.set(personen)
    casus.themas.set(themas)
    log.change(
        actor=actor,
        event=events.CASUS_AANGEMAAKT,
        target=casus,
        personen=personen[:1],
        detail=detail,
    )
    _deelnemer_erbij(
        actor=actor, casus=casus, organisatie=aanmelder_organisatie, rol=DeelnemerRol.AANMELDER
    )
    partners = list({o.pk: o for o in deelnemers if o.pk != aanmelder_organisatie.pk}.values())
    deelnames_vastleggen(casus=casus, organisaties=partners, rol=DeelnemerRol.PARTNER)
    for organisatie in partners:
        _deelname_gelogd(
            actor=actor, casus=casus, organisatie=organisatie, rol=DeelnemerRol.PARTNER
        )
    return casus


@transaction.atomic
def deelnemer_toevoegen(*, actor: Actor, casus: Casus, organisatie, rol) -> Deelnemer:
    """Let an organisation take part in a casus (membership and grant together). One without a
    full partnership with the house (no privacy protocol) takes part as incidentele partner:
    it sees nothing of the casus until it is invited to an MDO and has signed its declaration.
    """
    casus = Casus.objects.select_for_update().get(pk=casus.pk)
    policy.require(actor, "casus.deelnemers", casus, not_found=True)
    _niet_afgesloten(casus)
    if not organisatie.actief:
        raise ServiceError(_("Deze organisatie is niet meer actief en kan niet deelnemen."))
    if partnerschap_beeindigd(zvh_id=casus.zvh_id, organisatie=organisatie):
        raise ServiceError(
            _(
                "Het partnerschap van deze organisatie met dit huis is beëindigd; "
                "zij kan niet deelnemen."
            )
        )
    if rol not in DeelnemerRol.values:
        raise ServiceError(_("Kies de rol van de organisatie in de casus."))
    if Deelnemer.objects.filter(casus=casus, organisatie=organisatie).exists():
        raise ServiceError(_("Deze organisatie neemt al deel aan de casus."))
    return _deelnemer_erbij(actor=actor, casus=casus, organisatie=organisatie, rol=rol)


@transaction.atomic
def deelnemer_verwijderen(*, actor: Actor, deelnemer: Deelnemer) -> None:
    """End an organisation's part in a casus: its membership and its grant go together."""
    casus = Casus.objects.select_for_update().get(pk=deelnemer.casus_id)
    policy.require(actor, "casus.deelnemers", casus, not_found=True)
    _niet_afgesloten(casus)
    actueel = Deelnemer.objects.filter(pk=deelnemer.pk, casus=casus).first()
    if actueel is None:
        raise ServiceError(_("Deze organisatie neemt al niet meer deel aan de casus."))
    organisatie = actueel.organisatie
    deelname_beeindigen(deelnemer=actueel)
    log.change(
        actor=actor,
        event=events.DEELNEMER_VERWIJDERD,
        target=casus,
        detail=f"organisatie {organisatie.pk}",
    )


def deelnames_intrekken(*, actor: Actor, partnerschap) -> None:
    """The organisation's partnership with the house ended: every deelname in the house's
    casussen goes, membership and grant together, one audit row per casus. Called by
    `partners.services.partnerschap_beeindigen` inside its transaction."""
    organisatie = partnerschap.organisatie
    deelnemers = Deelnemer.objects.filter(
        organisatie=organisatie, casus__zvh_id=partnerschap.zvh_id
    ).select_related("casus", "organisatie__groep")
    ingetrokken = []
    for deelnemer in deelnemers:
        ingetrokken.append(deelnemer.casus)
        deelname_beeindigen(deelnemer=deelnemer)
    # A grant without its membership row (drift) goes too.
    los = Casus.objects.filter(zvh_id=partnerschap.zvh_id).filter(
        pk__in=CasusGroupObjectPermission.objects.filter(group_id=organisatie.groep_id).values(
            "content_object_id"
        )
    )
    for casus in los:
        remove_perm(VIEW_CASUS, organisatie.groep, casus)
        ingetrokken.append(casus)
    for casus in ingetrokken:
        log.change(
            actor=actor,
            event=events.DEELNEMER_VERWIJDERD,
            target=casus,
            detail=f"organisatie {organisatie.pk}: partnerschap beëindigd",
        )
