"""Every state change of partners, staff, roles and second factors: policy-checked and audited.

Each function is keyword-only, takes the acting `actor` (never the HTTP request) and runs in
one transaction; a refusal raises ServiceError and changes nothing.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import events, log
from core import policy
from core.errors import ServiceError
from core.roles import Rol

from . import beeindiging
from .actors import zvh_ids_van
from .models import Organisatie, Partnerschap, RolToewijzing

User = get_user_model()


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
):
    policy.require(actor, "beheer.organisaties", organisatie, not_found=True)
    organisatie = Organisatie.objects.select_for_update().get(pk=organisatie.pk)
    if Organisatie.objects.filter(naam__iexact=naam).exclude(pk=organisatie.pk).exists():
        raise ServiceError(_("Er bestaat al een organisatie met deze naam."))
    changed = []
    for field, value in (("naam", naam), ("type", type), ("actief", actief)):
        if getattr(organisatie, field) != value:
            setattr(organisatie, field, value)
            changed.append(field)
    if changed:
        organisatie.save(update_fields=changed)
    partnerschap = Partnerschap.objects.select_for_update().get(
        zvh_id=actor.zvh_id, organisatie=organisatie
    )
    for field, value in (
        ("convenant_getekend_op", convenant_getekend_op),
        ("privacyprotocol_getekend_op", privacyprotocol_getekend_op),
    ):
        if getattr(partnerschap, field) != value:
            setattr(partnerschap, field, value)
            changed.append(field)
    partnerschap.save()
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


def _new_password():
    # 4 groups of 5 from an unambiguous alphabet: ~99 bits, easy to pass on by phone.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


@transaction.atomic
def medewerker_aanmaken(
    *, actor, username, first_name, last_name, email, organisatie, functie="", telefoon=""
):
    """Create an account with a one-time start password (returned once, never stored in clear)."""
    policy.require(actor, "beheer.organisaties", organisatie, not_found=True)
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(_("Deze gebruikersnaam is al in gebruik."))
    password = _new_password()
    medewerker = User.objects.create_user(
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisatie=organisatie,
        functie=functie,
        telefoon=telefoon,
    )
    log.change(actor=actor, event=events.MEDEWERKER_AANGEMAAKT, target=medewerker)
    return medewerker, password


@transaction.atomic
def medewerker_wijzigen(
    *, actor, medewerker, first_name, last_name, email, functie, telefoon, is_active
):
    policy.require(actor, "beheer.medewerkers", medewerker, not_found=True)
    if medewerker.pk == actor.user_id and not is_active:
        raise ServiceError(_("U kunt uw eigen account niet deactiveren."))
    medewerker = User.objects.select_for_update().get(pk=medewerker.pk)
    changed = []
    for field, value in (
        ("first_name", first_name),
        ("last_name", last_name),
        ("email", email),
        ("functie", functie),
        ("telefoon", telefoon),
        ("is_active", is_active),
    ):
        if getattr(medewerker, field) != value:
            setattr(medewerker, field, value)
            changed.append(field)
    if changed:
        medewerker.save(update_fields=changed)
    log.change(
        actor=actor,
        event=events.MEDEWERKER_GEWIJZIGD,
        target=medewerker,
        detail=",".join(changed) or "geen wijziging",
    )
    return medewerker


@transaction.atomic
def wachtwoord_resetten(*, actor, medewerker):
    """A new one-time start password; the second factor stays as it is."""
    policy.require(actor, "beheer.medewerkers", medewerker, not_found=True)
    password = _new_password()
    medewerker.set_password(password)
    medewerker.save(update_fields=["password"])
    log.change(
        actor=actor, event=events.MEDEWERKER_GEWIJZIGD, target=medewerker, detail="wachtwoord"
    )
    return password


@transaction.atomic
def rol_toekennen(*, actor, medewerker, rol):
    policy.require(actor, "beheer.medewerkers", medewerker, not_found=True)
    policy.require(actor, "beheer.rollen")
    toewijzing, created = RolToewijzing.objects.get_or_create(
        medewerker=medewerker,
        zvh_id=actor.zvh_id,
        rol=rol,
        defaults={"toegekend_door_id": actor.user_id},
    )
    if not created:
        raise ServiceError(_("Deze medewerker heeft deze rol al."))
    log.change(actor=actor, event=events.ROL_TOEGEKEND, target=medewerker, detail=rol)
    return toewijzing


@transaction.atomic
def rol_intrekken(*, actor, toewijzing):
    policy.require(actor, "beheer.rollen", toewijzing, not_found=True)
    if toewijzing.medewerker_id == actor.user_id and toewijzing.rol == Rol.FUNCTIONEEL_BEHEERDER:
        raise ServiceError(_("U kunt uw eigen rol van functioneel beheerder niet intrekken."))
    medewerker, rol = toewijzing.medewerker, toewijzing.rol
    toewijzing.delete()
    log.change(actor=actor, event=events.ROL_INGETROKKEN, target=medewerker, detail=rol)


@transaction.atomic
def tweede_factor_resetten(*, actor, medewerker):
    """Remove every second-factor device; the user enrols again at the next login."""
    policy.require(actor, "beheer.medewerkers", medewerker, not_found=True)
    for device in TOTPDevice.objects.filter(user=medewerker):
        device.delete()
    for device in StaticDevice.objects.filter(user=medewerker):
        device.token_set.all().delete()
        device.delete()
    log.change(actor=actor, event=events.TWEEDE_FACTOR_GERESET, target=medewerker)


# Enrolment of the user's own second factor -------------------------------------------------


def totp_device_voor_koppeling(*, user):
    """The user's unconfirmed TOTP device, created on first use (nothing else is changed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    return device


@transaction.atomic
def tweede_factor_koppelen(*, actor, user, device, token):
    """Confirm `user`'s own TOTP device with a code from the app; returns the device and fresh
    backup codes, or None when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
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
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    static, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Back-upcodes"}
    )
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(10)]
    for code in codes:
        static.token_set.create(token=code)
    log.account(
        actor=actor, event=events.TWEEDE_FACTOR_GEKOPPELD, account=user, zvh_ids=zvh_ids_van(user)
    )
    return device, codes
