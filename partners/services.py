"""Every state change of partners, staff, roles and second factors: policy-checked and audited.

Each function is keyword-only, takes the acting `actor` (never the HTTP request) and runs in
one transaction; a refusal raises ServiceError and changes nothing. A refusal that is an
attempt to exceed the beheerder's authority (another house's account, a superuser, a role for
oneself, a role that does not fit the organisation) raises `BeheerGeweigerd`: its audit row is
written after the transaction rolled back, to the chain of every house concerned.
"""

import json
from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import events, log
from audit.models import Outcome
from core import policy
from core.errors import ServiceError
from core.roles import EIGEN_ORGANISATIE_ROLLEN, PARTNER_ROLLEN, VIER_OGEN_ROLLEN, Rol

from . import beeindiging, selectors
from .actors import zvh_ids_van
from .credentials import START_PASSWORD_FIELDS, zet_startwachtwoord
from .models import (
    AanvraagStatus,
    AccountMelding,
    AuthenticatorDevice,
    BackupCodeDevice,
    Formulierconcept,
    MeldingSoort,
    Organisatie,
    OrganisatieType,
    Partnerschap,
    RolAanvraag,
    RolToewijzing,
)

User = get_user_model()


class BeheerGeweigerd(ServiceError):
    """A refused beheer action: a Dutch message for the user, and an audited denial."""

    def __init__(self, message, *, actie, medewerker=None, target=None):
        super().__init__(message)
        self.actie = actie
        self.medewerker = medewerker
        self.target = target if target is not None else medewerker


def _weigering_vastgelegd(service):
    """Write the denial of a `BeheerGeweigerd` once the service's own transaction rolled back
    (so the attempt stays on record), then let the refusal reach the caller."""

    @wraps(service)
    def wrapped(*, actor, **kwargs):
        try:
            return service(actor=actor, **kwargs)
        except BeheerGeweigerd as refusal:
            with transaction.atomic():
                _log_account(
                    actor=actor,
                    event=events.TOEGANG_GEWEIGERD,
                    medewerker=refusal.medewerker,
                    target=refusal.target,
                    outcome=Outcome.DENIED,
                    detail=refusal.actie,
                )
            raise

    return wrapped


def _log_account(*, actor, event, medewerker, target=None, outcome=Outcome.SUCCESS, detail=""):
    """One row naming the beheerder, about `medewerker`, in the chain of the beheerder's house
    and of every house where the account holds a role."""
    zvh_ids = [actor.zvh_id, *(zvh_ids_van(medewerker) if medewerker is not None else [])]
    for zvh_id in dict.fromkeys(z for z in zvh_ids if z is not None):
        log.change(
            actor=actor,
            event=event,
            target=target if target is not None else medewerker,
            outcome=outcome,
            detail=detail,
            zvh_id=zvh_id,
        )


def niet_beheerbaar_reden(*, actor, medewerker):
    """Why this house may not change `medewerker` (a Dutch sentence), or "" when it may."""
    if policy.may(actor, "beheer.account", medewerker):
        return ""
    if medewerker.is_superuser:
        return _(
            "Dit is een account van de beheerders van de installatie; u kunt het hier niet "
            "wijzigen."
        )
    elders = selectors.andere_huizen(medewerker, actor.zvh_id)
    if elders:
        return _(
            "Dit account heeft ook rollen in %(huizen)s en wordt niet alleen door dit huis "
            "beheerd; de beheerders van de installatie wijzigen het. U kunt hier alleen rollen "
            "in dit huis intrekken."
        ) % {"huizen": ", ".join(elders)}
    return _(
        "Dit account heeft geen rollen en hoort bij een organisatie die ook in andere huizen "
        "deelneemt; de beheerders van de installatie wijzigen het."
    )


def _account_beheren(actor, medewerker, actie):
    """The beheerder may see `medewerker` (else 404) and change it (else BeheerGeweigerd)."""
    policy.require(actor, "beheer.medewerkers", medewerker, not_found=True)
    reden = niet_beheerbaar_reden(actor=actor, medewerker=medewerker)
    if reden:
        raise BeheerGeweigerd(reden, actie=actie, medewerker=medewerker)


def _group_name(naam):
    return f"organisatie:{naam}"[:150]


def maak_organisatie(*, naam, type):
    """An organisation with its own permission group (used by services and the demo seed)."""
    groep = Group.objects.create(name=_group_name(naam))
    return Organisatie.objects.create(naam=naam, type=type, groep=groep)


@transaction.atomic
def organisatie_aanmaken(
    *, actor, naam, type, convenant_getekend_op=None, privacyprotocol_getekend_op=None
):
    """A new organisation, taking part in this house only (so this house keeps its master
    data until another house joins it)."""
    policy.require(actor, "beheer.organisaties")
    if Organisatie.objects.filter(naam__iexact=naam).exists():
        raise ServiceError(_("Er bestaat al een organisatie met deze naam."))
    organisatie = maak_organisatie(naam=naam, type=type)
    Partnerschap.objects.create(
        zvh_id=actor.zvh_id,
        organisatie=organisatie,
        convenant_getekend_op=convenant_getekend_op,
        privacyprotocol_getekend_op=privacyprotocol_getekend_op,
    )
    log.change(actor=actor, event=events.ORGANISATIE_AANGEMAAKT, target=organisatie)
    return organisatie


def _changes(obj, values):
    """Set the differing `values` on `obj`; the names of the changed fields."""
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    for field in changed:
        setattr(obj, field, values[field])
    return changed


@_weigering_vastgelegd
@transaction.atomic
def organisatie_wijzigen(
    *,
    actor,
    organisatie,
    naam,
    type,
    actief,
    convenant_getekend_op,
    privacyprotocol_getekend_op,
    huisrollen_toegestaan=False,
    huisrollen_reden="",
):
    """Change this house's partnership record, and the organisation's master data (name, type,
    active) only when no other house takes part with it (`beheer.organisatie_stamgegevens`)."""
    policy.require(actor, "beheer.organisaties", organisatie, not_found=True)
    organisatie = Organisatie.objects.select_for_update().get(pk=organisatie.pk)
    stamgegevens = _changes(organisatie, {"naam": naam, "type": type, "actief": actief})
    if stamgegevens and not policy.may(actor, "beheer.organisatie_stamgegevens", organisatie):
        raise BeheerGeweigerd(
            _(
                "Deze organisatie neemt ook deel in andere huizen. Haar naam, type en status "
                "worden alleen door de beheerders van de installatie gewijzigd; u wijzigt hier "
                "alleen het partnerschap met uw huis."
            ),
            actie="beheer.organisatie_stamgegevens",
            target=organisatie,
        )
    if Organisatie.objects.filter(naam__iexact=naam).exclude(pk=organisatie.pk).exists():
        raise ServiceError(_("Er bestaat al een organisatie met deze naam."))
    if stamgegevens:
        organisatie.save(update_fields=stamgegevens)
    partnerschap = Partnerschap.objects.select_for_update().get(
        zvh_id=actor.zvh_id, organisatie=organisatie
    )
    huisrollen_reden = (huisrollen_reden or "").strip() if huisrollen_toegestaan else ""
    partnerschap_velden = _changes(
        partnerschap,
        {
            "convenant_getekend_op": convenant_getekend_op,
            "privacyprotocol_getekend_op": privacyprotocol_getekend_op,
            "huisrollen_toegestaan": huisrollen_toegestaan,
            "huisrollen_reden": huisrollen_reden,
        },
    )
    if huisrollen_toegestaan and not partnerschap.is_partner:
        raise ServiceError(
            _(
                "Huisrollen voor deze organisatie kunnen alleen met een getekend convenant en "
                "privacyprotocol."
            )
        )
    if huisrollen_toegestaan and not huisrollen_reden:
        raise ServiceError(_("Geef de reden waarom deze organisatie huisrollen mag krijgen."))
    if partnerschap_velden:
        partnerschap.save(update_fields=partnerschap_velden)
    changed = stamgegevens + partnerschap_velden
    log.change(
        actor=actor,
        event=events.ORGANISATIE_GEWIJZIGD,
        target=organisatie,
        detail=",".join(changed) or "geen wijziging",
    )
    return organisatie


@transaction.atomic
def partnerschap_beeindigen(*, actor, partnerschap, datum):
    """End an organisation's partnership with the actor's house on `datum` (today or earlier):
    its users lose their partner roles there, and its casus grants in the house are revoked."""
    policy.require(actor, "partnerschap.beeindigen", partnerschap, not_found=True)
    partnerschap = Partnerschap.objects.select_for_update().get(pk=partnerschap.pk)
    if partnerschap.beeindigd_op is not None:
        raise ServiceError(_("Dit partnerschap is al beëindigd."))
    if datum > timezone.localdate():
        raise ServiceError(_("De einddatum kan niet in de toekomst liggen."))
    if partnerschap.organisatie_id == actor.organisatie_id:
        raise ServiceError(_("U kunt het partnerschap van uw eigen organisatie niet beëindigen."))
    partnerschap.beeindigd_op = datum
    partnerschap.save(update_fields=["beeindigd_op"])
    log.change(
        actor=actor,
        event=events.PARTNERSCHAP_BEEINDIGD,
        target=partnerschap.organisatie,
        detail=f"per {datum.isoformat()}",
    )
    beeindiging.bij_beeindiging(actor=actor, partnerschap=partnerschap)
    return partnerschap


@transaction.atomic
def medewerker_aanmaken(
    *, actor, username, first_name, last_name, email, organisatie, functie="", telefoon=""
):
    """Create an account with a one-time start password (returned once, never stored in clear).
    The house that creates it manages it while it holds no roles."""
    policy.require(actor, "beheer.organisaties", organisatie, not_found=True)
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(_("Deze gebruikersnaam is al in gebruik."))
    medewerker = User(
        username=User.normalize_username(username),
        first_name=first_name,
        last_name=last_name,
        email=User.objects.normalize_email(email),
        organisatie=organisatie,
        functie=functie,
        telefoon=telefoon,
        aangemaakt_in_id=actor.zvh_id,
    )
    password = zet_startwachtwoord(medewerker)
    medewerker.save()
    log.change(actor=actor, event=events.MEDEWERKER_AANGEMAAKT, target=medewerker)
    return medewerker, password


@_weigering_vastgelegd
@transaction.atomic
def medewerker_wijzigen(
    *, actor, medewerker, first_name, last_name, email, functie, telefoon, is_active
):
    _account_beheren(actor, medewerker, "beheer.account.wijzigen")
    if medewerker.pk == actor.user_id and not is_active:
        raise ServiceError(_("U kunt uw eigen account niet deactiveren."))
    medewerker = User.objects.select_for_update().get(pk=medewerker.pk)
    changed = _changes(
        medewerker,
        {
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "functie": functie,
            "telefoon": telefoon,
            "is_active": is_active,
        },
    )
    if changed:
        medewerker.save(update_fields=changed)
    _log_account(
        actor=actor,
        event=events.MEDEWERKER_GEWIJZIGD,
        medewerker=medewerker,
        detail=",".join(changed) or "geen wijziging",
    )
    return medewerker


def _melding(actor, medewerker, soort):
    AccountMelding.objects.create(medewerker=medewerker, soort=soort, door_naam=actor.display)


@_weigering_vastgelegd
@transaction.atomic
def wachtwoord_resetten(*, actor, medewerker):
    """A new one-time start password; the second factor stays as it is. The account holder
    is told at its next login who did this and when."""
    _account_beheren(actor, medewerker, "beheer.account.wachtwoord")
    password = zet_startwachtwoord(medewerker)
    medewerker.save(update_fields=START_PASSWORD_FIELDS)
    _melding(actor, medewerker, MeldingSoort.WACHTWOORD)
    _log_account(
        actor=actor, event=events.MEDEWERKER_GEWIJZIGD, medewerker=medewerker, detail="wachtwoord"
    )
    return password


def _rol_past(actor, medewerker, rol):
    """Refuse a role that does not fit the account's organisation; "uitzondering" when the
    house's explicit exception for house roles is what allows it."""
    organisatie = medewerker.organisatie
    partnerschap = (
        Partnerschap.objects.filter(zvh_id=actor.zvh_id, organisatie=organisatie).first()
        if organisatie is not None
        else None
    )
    label = Rol(rol).label
    if partnerschap is None or not organisatie.actief:
        message = _("Deze medewerker hoort niet bij een actieve organisatie van dit huis.")
    elif rol in EIGEN_ORGANISATIE_ROLLEN:
        if organisatie.type == OrganisatieType.ZVH:
            return ""
        if partnerschap.huisrollen_toegestaan and partnerschap.is_partner:
            return "uitzondering"
        message = _(
            "De rol %(rol)s is alleen voor medewerkers van het huis zelf. %(organisatie)s is "
            "een partnerorganisatie zonder uitzondering voor huisrollen."
        ) % {"rol": label, "organisatie": organisatie.naam}
    elif rol in PARTNER_ROLLEN and not partnerschap.is_partner:
        message = _(
            "De rol %(rol)s is alleen voor organisaties met een getekend convenant en "
            "privacyprotocol met dit huis; %(organisatie)s heeft die niet."
        ) % {"rol": label, "organisatie": organisatie.naam}
    else:
        return ""
    raise BeheerGeweigerd(message, actie="beheer.rollen.past", medewerker=medewerker)


def _geen_eigen_rol(actor, medewerker, message):
    if medewerker.pk == actor.user_id:
        raise BeheerGeweigerd(message, actie="beheer.rollen.zelf", medewerker=medewerker)


@_weigering_vastgelegd
@transaction.atomic
def rol_toekennen(*, actor, medewerker, rol):
    """Grant `rol` in this house, or, for a role that needs four eyes, request it: a pending
    RolAanvraag that gives no access until a second beheerder confirms it."""
    policy.require(actor, "beheer.rollen")
    _account_beheren(actor, medewerker, "beheer.rollen")
    _geen_eigen_rol(actor, medewerker, _("U kunt uzelf geen rol toekennen."))
    uitzondering = _rol_past(actor, medewerker, rol)
    if RolToewijzing.objects.filter(medewerker=medewerker, zvh_id=actor.zvh_id, rol=rol).exists():
        raise ServiceError(_("Deze medewerker heeft deze rol al."))
    detail = f"{rol} ({uitzondering})" if uitzondering else rol
    if rol in VIER_OGEN_ROLLEN:
        aanvraag, created = RolAanvraag.objects.get_or_create(
            medewerker=medewerker,
            zvh_id=actor.zvh_id,
            rol=rol,
            status=AanvraagStatus.OPEN,
            defaults={"aangevraagd_door_id": actor.user_id},
        )
        if not created:
            raise ServiceError(_("Deze rol is al aangevraagd en wacht op bevestiging."))
        _log_account(
            actor=actor, event=events.ROL_AANGEVRAAGD, medewerker=medewerker, detail=detail
        )
        return aanvraag
    toewijzing, created = RolToewijzing.objects.get_or_create(
        medewerker=medewerker,
        zvh_id=actor.zvh_id,
        rol=rol,
        defaults={"toegekend_door_id": actor.user_id},
    )
    if not created:
        raise ServiceError(_("Deze medewerker heeft deze rol al."))
    _log_account(actor=actor, event=events.ROL_TOEGEKEND, medewerker=medewerker, detail=detail)
    return toewijzing


def _open_aanvraag(actor, aanvraag):
    policy.require(actor, "beheer.rolaanvragen", aanvraag, not_found=True)
    aanvraag = (
        RolAanvraag.objects.select_for_update(of=("self",))
        .select_related("medewerker__organisatie")
        .get(pk=aanvraag.pk)
    )
    if aanvraag.status != AanvraagStatus.OPEN:
        raise ServiceError(_("Over deze aanvraag is al besloten."))
    return aanvraag


def _beoordeeld(actor, aanvraag, status, reden=""):
    aanvraag.status = status
    aanvraag.beoordeeld_door_id = actor.user_id
    aanvraag.beoordeeld_op = timezone.now()
    aanvraag.reden = reden
    aanvraag.save(update_fields=["status", "beoordeeld_door", "beoordeeld_op", "reden"])


@_weigering_vastgelegd
@transaction.atomic
def rolaanvraag_bevestigen(*, actor, aanvraag):
    """Four-eyes: a second beheerder of the house confirms; only now the role exists. The
    account, the organisation and the requester are checked again as they are now."""
    aanvraag = _open_aanvraag(actor, aanvraag)
    medewerker = aanvraag.medewerker
    if aanvraag.aangevraagd_door_id == actor.user_id:
        raise BeheerGeweigerd(
            _("Een andere functioneel beheerder bevestigt deze aanvraag (vier-ogenprincipe)."),
            actie="beheer.rolaanvragen.eigen",
            medewerker=medewerker,
            target=aanvraag,
        )
    _geen_eigen_rol(actor, medewerker, _("U kunt geen rol voor uzelf bevestigen."))
    _account_beheren(actor, medewerker, "beheer.rollen")
    uitzondering = _rol_past(actor, medewerker, aanvraag.rol)
    toewijzing, created = RolToewijzing.objects.get_or_create(
        medewerker=medewerker,
        zvh_id=aanvraag.zvh_id,
        rol=aanvraag.rol,
        defaults={"toegekend_door_id": aanvraag.aangevraagd_door_id},
    )
    if not created:
        raise ServiceError(_("Deze medewerker heeft deze rol al."))
    _beoordeeld(actor, aanvraag, AanvraagStatus.BEVESTIGD)
    detail = f"{aanvraag.rol} ({uitzondering})" if uitzondering else aanvraag.rol
    _log_account(
        actor=actor, event=events.ROL_AANVRAAG_BEVESTIGD, medewerker=medewerker, detail=detail
    )
    return toewijzing


@transaction.atomic
def rolaanvraag_weigeren(*, actor, aanvraag, reden):
    """The request is not confirmed (or withdrawn by its requester): no role is created."""
    aanvraag = _open_aanvraag(actor, aanvraag)
    reden = (reden or "").strip()
    if not reden:
        raise ServiceError(_("Geef aan waarom u de rol niet bevestigt."))
    _beoordeeld(actor, aanvraag, AanvraagStatus.GEWEIGERD, reden=reden[:500])
    _log_account(
        actor=actor,
        event=events.ROL_AANVRAAG_GEWEIGERD,
        medewerker=aanvraag.medewerker,
        detail=aanvraag.rol,
    )
    return aanvraag


@transaction.atomic
def rol_intrekken(*, actor, toewijzing):
    """Revoke a role in this house. Allowed for every account the house may see, shared ones
    included: taking away access to this house is this house's own decision."""
    policy.require(actor, "beheer.rollen", toewijzing, not_found=True)
    if toewijzing.medewerker_id == actor.user_id and toewijzing.rol == Rol.FUNCTIONEEL_BEHEERDER:
        raise ServiceError(_("U kunt uw eigen rol van functioneel beheerder niet intrekken."))
    medewerker, rol = toewijzing.medewerker, toewijzing.rol
    _log_account(actor=actor, event=events.ROL_INGETROKKEN, medewerker=medewerker, detail=rol)
    toewijzing.delete()


@_weigering_vastgelegd
@transaction.atomic
def tweede_factor_resetten(*, actor, medewerker):
    """Remove every second-factor device; the user enrols again at the next login and is told
    who did this. Never for a functioneel beheerder (of any house, oneself included): the
    deployment's administrators reset those."""
    _account_beheren(actor, medewerker, "beheer.account.tweede_factor")
    if RolToewijzing.objects.filter(medewerker=medewerker, rol=Rol.FUNCTIONEEL_BEHEERDER).exists():
        raise BeheerGeweigerd(
            _(
                "De tweede factor van een functioneel beheerder stelt u hier niet opnieuw in; "
                "dat doen de beheerders van de installatie."
            ),
            actie="beheer.account.tweede_factor",
            medewerker=medewerker,
        )
    for device in AuthenticatorDevice.objects.filter(user=medewerker):
        device.delete()
    for device in BackupCodeDevice.objects.filter(user=medewerker):
        device.codes.all().delete()
        device.delete()
    _melding(actor, medewerker, MeldingSoort.TWEEDE_FACTOR)
    _log_account(actor=actor, event=events.TWEEDE_FACTOR_GERESET, medewerker=medewerker)


@transaction.atomic
def accountmeldingen_tonen(*, actor, user):
    """The account holder's unseen notices (resets by a beheerder), marked seen: shown once."""
    meldingen = list(
        AccountMelding.objects.select_for_update()
        .filter(medewerker=user, gezien_op__isnull=True)
        .order_by("op")
    )
    if meldingen:
        nu = timezone.now()
        for melding in meldingen:
            melding.gezien_op = nu
            melding.save(update_fields=["gezien_op"])
        log.account(
            actor=actor,
            event=events.ACCOUNTMELDINGEN_GETOOND,
            account=user,
            zvh_ids=zvh_ids_van(user),
            detail=",".join(m.soort for m in meldingen),
        )
    return meldingen


# Enrolment of the user's own second factor -------------------------------------------------


def totp_device_voor_koppeling(*, user):
    """The user's unconfirmed TOTP device, created on first use (nothing else is changed)."""
    device = AuthenticatorDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = AuthenticatorDevice.objects.create(
            user=user, name="Authenticator-app", confirmed=False
        )
    return device


@transaction.atomic
def tweede_factor_koppelen(*, actor, user, device, token):
    """Confirm `user`'s own TOTP device with a code from the app; returns the device and fresh
    backup codes, or None when the code is wrong."""
    device = AuthenticatorDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if device.confirmed or not device.verify_token(token):
        log.account(
            actor=actor,
            event=events.TWEEDE_FACTOR_MISLUKT,
            account=user,
            zvh_ids=zvh_ids_van(user),
            outcome="denied",
            detail="koppeling",
        )
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    AuthenticatorDevice.objects.filter(user=user, confirmed=False).delete()
    backup, _created = BackupCodeDevice.objects.get_or_create(
        user=user, defaults={"name": "Back-upcodes"}
    )
    codes = backup.new_codes(settings.OTP_BACKUP_CODES)
    log.account(
        actor=actor, event=events.TWEEDE_FACTOR_GEKOPPELD, account=user, zvh_ids=zvh_ids_van(user)
    )
    return device, codes


# Drafts of forms -------------------------------------------------------------------------
# A draft belongs to one person in one house: every function works on the actor's own drafts
# only, so nobody reads or removes another's. The page that shows a form decides who may use
# it; the audit rows name the form (`sleutel`), never what was typed.

CONCEPT_MAX_TEKENS = 200_000


def _eigen_concepten(actor):
    if actor.user_id is None or actor.zvh_id is None:
        raise ServiceError(_("Alleen een medewerker kan een concept bewaren."))
    return Formulierconcept.objects.filter(user_id=actor.user_id, zvh_id=actor.zvh_id)


@transaction.atomic
def concept_bewaren(*, actor, sleutel, data):
    """Keep `data` (a JSON-serialisable dict of the form's fields) as the actor's draft of
    form `sleutel`, replacing an earlier one."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True)
    if len(payload) > CONCEPT_MAX_TEKENS:
        raise ServiceError(_("Het concept is te groot om te bewaren."))
    concept = _eigen_concepten(actor).select_for_update().filter(sleutel=sleutel).first()
    if concept is None:
        concept = Formulierconcept(user_id=actor.user_id, zvh_id=actor.zvh_id, sleutel=sleutel)
    concept.payload = payload
    concept.save()
    log.change(actor=actor, event=events.FORMULIERCONCEPT_BEWAARD, target=concept, detail=sleutel)
    return concept


def concept_ophalen(*, actor, sleutel):
    """The actor's draft of form `sleutel` as (data, updated_at), or None. Not audited on its
    own: the page that shows it records its read."""
    concept = _eigen_concepten(actor).filter(sleutel=sleutel).first()
    if concept is None:
        return None
    return json.loads(concept.payload), concept.updated_at


@transaction.atomic
def concept_verwijderen(*, actor, sleutel, van_iedereen=False):
    """Remove the actor's draft of form `sleutel` (or, `van_iedereen`, every draft of it in
    the actor's house: the form was completed and the drafts are out of date). Returns how
    many were removed; removing what is not there changes nothing and logs nothing."""
    if van_iedereen:
        if actor.zvh_id is None:
            raise ServiceError(_("Alleen binnen een huis."))
        concepten = Formulierconcept.objects.filter(zvh_id=actor.zvh_id, sleutel=sleutel)
    else:
        concepten = _eigen_concepten(actor).filter(sleutel=sleutel)
    weg = list(concepten.select_for_update())
    for concept in weg:
        log.change(
            actor=actor,
            event=events.FORMULIERCONCEPT_VERWIJDERD,
            target=concept,
            detail=sleutel if concept.user_id == actor.user_id else f"{sleutel}; van een ander",
        )
        concept.delete()
    return len(weg)


@transaction.atomic
def emailnotificaties_instellen(*, actor, medewerker, aan: bool):
    """The user's own choice whether notifications are also e-mailed (the mail carries no
    personal data). Only the account itself may change it; anyone else is refused as if the
    account did not exist."""
    if actor.user_id is None or actor.user_id != medewerker.pk:
        raise policy.Geweigerd("account.emailnotificaties", target=medewerker, not_found=True)
    medewerker = get_user_model().objects.select_for_update().get(pk=medewerker.pk)
    aan = bool(aan)
    if medewerker.email_notificaties != aan:
        medewerker.email_notificaties = aan
        medewerker.save(update_fields=["email_notificaties"])
        log.account(
            actor=actor,
            event=events.EMAILNOTIFICATIES_INGESTELD,
            account=medewerker,
            zvh_ids=zvh_ids_van(medewerker),
            detail="aan" if aan else "uit",
        )
    return medewerker
