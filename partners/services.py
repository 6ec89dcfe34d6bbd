"""Every state change of partners, staff, roles and second factors: policy-checked and audited."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import events, record, record_account_event

from . import policy
from .models import Organisatie, Partnerschap, RolToewijzing

User = get_user_model()


class ServiceError(Exception):
    """A refused change with a message for the user; nothing was changed."""


def _group_name(naam):
    return f"organisatie:{naam}"[:150]


def maak_organisatie(*, naam, type):
    """An organisation with its own permission group (used by services and the demo seed)."""
    groep = Group.objects.create(name=_group_name(naam))
    return Organisatie.objects.create(naam=naam, type=type, groep=groep)


@transaction.atomic
def organisatie_aanmaken(
    *, request, naam, type, convenant_getekend_op=None, privacyprotocol_getekend_op=None
):
    policy.require(request, "beheer.organisaties")
    if Organisatie.objects.filter(naam__iexact=naam).exists():
        raise ServiceError(_("Er bestaat al een organisatie met deze naam."))
    organisatie = maak_organisatie(naam=naam, type=type)
    Partnerschap.objects.create(
        zvh=request.zvh,
        organisatie=organisatie,
        convenant_getekend_op=convenant_getekend_op,
        privacyprotocol_getekend_op=privacyprotocol_getekend_op,
    )
    record(event=events.ORGANISATIE_AANGEMAAKT, request=request, target=organisatie)
    return organisatie


@transaction.atomic
def organisatie_wijzigen(
    *,
    request,
    organisatie,
    naam,
    type,
    actief,
    convenant_getekend_op,
    privacyprotocol_getekend_op,
):
    policy.require(request, "beheer.organisaties", organisatie, not_found=True)
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
        zvh=request.zvh, organisatie=organisatie
    )
    for field, value in (
        ("convenant_getekend_op", convenant_getekend_op),
        ("privacyprotocol_getekend_op", privacyprotocol_getekend_op),
    ):
        if getattr(partnerschap, field) != value:
            setattr(partnerschap, field, value)
            changed.append(field)
    partnerschap.save()
    record(
        event=events.ORGANISATIE_GEWIJZIGD,
        request=request,
        target=organisatie,
        detail=",".join(changed) or "geen wijziging",
    )
    return organisatie


def _new_password():
    # 4 groups of 5 from an unambiguous alphabet: ~99 bits, easy to pass on by phone.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


@transaction.atomic
def medewerker_aanmaken(
    *, request, username, first_name, last_name, email, organisatie, functie="", telefoon=""
):
    """Create an account with a one-time start password (returned once, never stored in clear)."""
    policy.require(request, "beheer.organisaties", organisatie, not_found=True)
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
    record(event=events.MEDEWERKER_AANGEMAAKT, request=request, target=medewerker)
    return medewerker, password


@transaction.atomic
def medewerker_wijzigen(
    *, request, medewerker, first_name, last_name, email, functie, telefoon, is_active
):
    policy.require(request, "beheer.medewerkers", medewerker, not_found=True)
    if medewerker.pk == request.user.pk and not is_active:
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
    record(
        event=events.MEDEWERKER_GEWIJZIGD,
        request=request,
        target=medewerker,
        detail=",".join(changed) or "geen wijziging",
    )
    return medewerker


@transaction.atomic
def wachtwoord_resetten(*, request, medewerker):
    """A new one-time start password; the second factor stays as it is."""
    policy.require(request, "beheer.medewerkers", medewerker, not_found=True)
    password = _new_password()
    medewerker.set_password(password)
    medewerker.save(update_fields=["password"])
    record(
        event=events.MEDEWERKER_GEWIJZIGD, request=request, target=medewerker, detail="wachtwoord"
    )
    return password


@transaction.atomic
def rol_toekennen(*, request, medewerker, rol):
    policy.require(request, "beheer.medewerkers", medewerker, not_found=True)
    policy.require(request, "beheer.rollen")
    toewijzing, created = RolToewijzing.objects.get_or_create(
        medewerker=medewerker, zvh=request.zvh, rol=rol, defaults={"toegekend_door": request.user}
    )
    if not created:
        raise ServiceError(_("Deze medewerker heeft deze rol al."))
    record(event=events.ROL_TOEGEKEND, request=request, target=medewerker, detail=rol)
    return toewijzing


@transaction.atomic
def rol_intrekken(*, request, toewijzing):
    policy.require(request, "beheer.rollen", toewijzing, not_found=True)
    from .models import Rol

    if toewijzing.medewerker_id == request.user.pk and toewijzing.rol == Rol.FUNCTIONEEL_BEHEERDER:
        raise ServiceError(_("U kunt uw eigen rol van functioneel beheerder niet intrekken."))
    medewerker, rol = toewijzing.medewerker, toewijzing.rol
    toewijzing.delete()
    record(event=events.ROL_INGETROKKEN, request=request, target=medewerker, detail=rol)


@transaction.atomic
def tweede_factor_resetten(*, request, medewerker):
    """Remove every second-factor device; the user enrols again at the next login."""
    policy.require(request, "beheer.medewerkers", medewerker, not_found=True)
    for device in TOTPDevice.objects.filter(user=medewerker):
        device.delete()
    for device in StaticDevice.objects.filter(user=medewerker):
        device.token_set.all().delete()
        device.delete()
    record(event=events.TWEEDE_FACTOR_GERESET, request=request, target=medewerker)


# Enrolment of the user's own second factor -------------------------------------------------


def totp_device_voor_koppeling(*, user):
    """The user's unconfirmed TOTP device, created on first use (nothing else is changed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    return device


@transaction.atomic
def tweede_factor_koppelen(*, request, device, token):
    """Confirm a TOTP device with a code from the app; returns fresh backup codes or None."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=request.user)
    if device.confirmed or not device.verify_token(token):
        record_account_event(
            event=events.TWEEDE_FACTOR_MISLUKT,
            outcome="denied",
            request=request,
            actor=request.user,
            detail="koppeling",
        )
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    static, _created = StaticDevice.objects.get_or_create(
        user=request.user, defaults={"name": "Back-upcodes"}
    )
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(10)]
    for code in codes:
        static.token_set.create(token=code)
    record_account_event(event=events.TWEEDE_FACTOR_GEKOPPELD, request=request, actor=request.user)
    return device, codes
