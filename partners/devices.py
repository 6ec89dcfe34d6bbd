"""Our own django-otp devices: a TOTP app whose seed is encrypted, and hashed backup codes.

django-otp's own TOTPDevice and StaticDevice keep the seed and the backup codes in clear, so a
database dump (or a superuser) could log in as anyone. Here the seed is an encrypted field
bound to its row (`table|column|pk`, core.fields), and a backup code is stored only as an HMAC
with a key from the environment. django-otp finds both through `devices_for_user` (they
subclass its `Device`), so `django_otp.login` and `user.is_verified()` work unchanged.
"""

import hmac
import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from django_otp.util import random_hex

from core.crypto import keyed_digest
from core.fields import EncryptedTextField

BACKUP_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
BACKUP_CODE_LENGTH = 10


def random_device_id():
    """An integer key known before the INSERT, so the seed can be sealed to its row (django-otp
    needs integer ids: its persistent id is parsed with int())."""
    return secrets.randbelow(2**62) + 1


def random_seed():
    return random_hex(20)


class AuthenticatorDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (RFC 6238, SHA-1, 6 digits, 30 s) with an encrypted seed."""

    id = models.BigIntegerField(primary_key=True, default=random_device_id, editable=False)
    seed = EncryptedTextField(_("geheime sleutel"))
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator-app")
        verbose_name_plural = _("authenticator-apps")

    def save(self, *args, **kwargs):
        if not self.seed:  # the encrypted field has no default of its own
            self.seed = random_seed()
        super().save(*args, **kwargs)

    @property
    def bin_key(self):
        return unhexlify(self.seed.encode())

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    def verify_token(self, token):
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        try:
            value = int(token)
        except (TypeError, ValueError):
            verified = False
        else:
            totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
            totp.time = time.time()
            # A code at or before the last used time step is refused: no replay.
            verified = totp.verify(value, self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified

    @property
    def config_url(self):
        """The otpauth:// URL an authenticator app reads from the QR code."""
        issuer = str(getattr(settings, "OTP_TOTP_ISSUER", "") or "").replace(":", "")
        label = str(self.user.get_username())
        params = {
            "secret": b32encode(self.bin_key),
            "algorithm": "SHA1",
            "digits": self.digits,
            "period": self.step,
        }
        query = urlencode(params)
        if issuer:
            label = f"{issuer}:{label}"
            query += f"&issuer={quote(issuer)}"
        return f"otpauth://totp/{quote(label)}?{query}"


def backup_code_digest(user_id, code):
    """What is stored of a backup code: an HMAC bound to its user, never the code itself."""
    return keyed_digest("back-upcode", f"{user_id}|{normalise_backup_code(code)}")


def normalise_backup_code(code):
    return "".join(str(code).split()).replace("-", "").lower()


class BackupCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """The user's one-time backup codes; each code works once."""

    class Meta(Device.Meta):
        verbose_name = _("back-upcodes")
        verbose_name_plural = _("back-upcodes")

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def new_codes(self, count):
        """Replace every code by `count` fresh ones; returns them in clear, the only time."""
        self.codes.all().delete()
        codes = [
            "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))
            for _ in range(count)
        ]
        BackupCode.objects.bulk_create(
            [BackupCode(device=self, digest=backup_code_digest(self.user_id, c)) for c in codes]
        )
        return codes

    def verify_token(self, token):
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        digest = backup_code_digest(self.user_id, token)
        match = None
        # Every stored code is compared, in constant time each: no early exit to time.
        for code in list(self.codes.all()):
            if hmac.compare_digest(code.digest, digest):
                match = code
        if match is None:
            self.throttle_increment(commit=True)
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class BackupCode(models.Model):
    """One unused backup code, as its HMAC (backup_code_digest)."""

    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("back-upcode")
        verbose_name_plural = _("back-upcodes")

    def __str__(self):
        return str(_("back-upcode"))
