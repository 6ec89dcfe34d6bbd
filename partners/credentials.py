"""Passwords: start passwords that must be replaced and expire, and the user's own change.

A start password is what a beheerder (or `manage.py maak_beheerder`) hands on: it must be
replaced at first login, before anything else, and stops working after START_PASSWORD_DAYS
unused. A user changes its own password only after giving the current password and a TOTP
code again. Every outcome is an account event in the chain of each house of the account.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import events, log
from core.errors import ServiceError

from .actors import zvh_ids_van
from .devices import AuthenticatorDevice

START_PASSWORD_FIELDS = ["password", "wachtwoord_moet_wijzigen", "startwachtwoord_geldig_tot"]


def _new_password():
    # 4 groups of 5 from an unambiguous alphabet: ~99 bits, easy to pass on by phone.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


def zet_startwachtwoord(medewerker):
    """Give `medewerker` a new start password (the caller saves START_PASSWORD_FIELDS): it must
    be changed at first login and expires unused. Returns it in clear, the only time."""
    password = _new_password()
    medewerker.set_password(password)
    medewerker.wachtwoord_moet_wijzigen = True
    medewerker.startwachtwoord_geldig_tot = timezone.now() + timedelta(
        days=settings.START_PASSWORD_DAYS
    )
    return password


def startwachtwoord_verlopen_melding():
    return _(
        "Uw startwachtwoord is verlopen: het was %(dagen)d dagen geldig. Vraag uw functioneel "
        "beheerder om een nieuw startwachtwoord."
    ) % {"dagen": settings.START_PASSWORD_DAYS}


def _account_event(actor, user, event, **kwargs):
    log.account(actor=actor, event=event, account=user, zvh_ids=zvh_ids_van(user), **kwargs)


@transaction.atomic
def startwachtwoord_geweigerd(*, actor, user):
    """Record that `user` tried to log in with an expired start password (nothing else)."""
    _account_event(actor, user, events.STARTWACHTWOORD_VERLOPEN, outcome="denied")


def _save_new_password(user, password):
    user.set_password(password)
    user.wachtwoord_moet_wijzigen = False
    user.startwachtwoord_geldig_tot = None
    user.save(update_fields=START_PASSWORD_FIELDS)


@transaction.atomic
def startwachtwoord_vervangen(*, actor, user, nieuw_wachtwoord):
    """First login: `user` (who just gave its start password) chooses its own password."""
    if not user.wachtwoord_moet_wijzigen:
        raise ServiceError(_("U heeft geen startwachtwoord meer om te vervangen."))
    if user.startwachtwoord_verlopen:
        raise ServiceError(startwachtwoord_verlopen_melding())
    password_validation.validate_password(nieuw_wachtwoord, user)
    _save_new_password(user, nieuw_wachtwoord)
    _account_event(actor, user, events.WACHTWOORD_GEWIJZIGD, detail="startwachtwoord")
    return user


def _totp_matches(user, token):
    """True when `token` is a valid, unused code of one of `user`'s confirmed apps."""
    return any(
        device.verify_token(token)
        for device in AuthenticatorDevice.objects.select_for_update().filter(
            user=user, confirmed=True
        )
    )


@transaction.atomic
def wachtwoord_wijzigen(*, actor, user, huidig_wachtwoord, token, nieuw_wachtwoord):
    """The user's own password change, after the current password and a TOTP code.

    Returns False (and records the refusal) when either is wrong; the old password stays.
    The new password has passed the validators in the form; they are checked again here.
    """
    password_ok = user.check_password(huidig_wachtwoord)
    # Always ask the app too: a wrong code counts towards django-otp's throttling.
    code_ok = _totp_matches(user, token)
    if not (password_ok and code_ok):
        detail = "wachtwoord" if not password_ok else "code"
        _account_event(
            actor, user, events.WACHTWOORD_WIJZIGEN_MISLUKT, outcome="denied", detail=detail
        )
        return False
    password_validation.validate_password(nieuw_wachtwoord, user)
    _save_new_password(user, nieuw_wachtwoord)
    _account_event(actor, user, events.WACHTWOORD_GEWIJZIGD)
    return True
