"""Moves django-otp's TOTP and static devices to our own devices (encrypted seed, hashed codes).

Reversible: the reverse puts the TOTP devices back with their seed in clear. Backup codes are
stored only as a digest and cannot be restored: the reverse gives each user an empty static
device, and the user makes new codes by enrolling again after a second-factor reset.
"""

from django.db import migrations

from core.crypto import keyed_digest


def _digest(user_id, token):
    # Same value as partners.devices.backup_code_digest (kept here: migrations stay frozen).
    normalised = "".join(str(token).split()).replace("-", "").lower()
    return keyed_digest("back-upcode", f"{user_id}|{normalised}")


_COMMON = (
    "user_id",
    "name",
    "confirmed",
    "throttling_failure_timestamp",
    "throttling_failure_count",
    "created_at",
    "last_used_at",
)
_TOTP = ("step", "t0", "digits", "tolerance", "drift", "last_t")


def forwards(apps, schema_editor):
    from partners.devices import random_device_id

    OldTotp = apps.get_model("otp_totp", "TOTPDevice")
    OldStatic = apps.get_model("otp_static", "StaticDevice")
    NewTotp = apps.get_model("partners", "AuthenticatorDevice")
    NewBackup = apps.get_model("partners", "BackupCodeDevice")
    BackupCode = apps.get_model("partners", "BackupCode")
    for old in OldTotp.objects.order_by("pk").iterator():
        values = {f: getattr(old, f) for f in _COMMON + _TOTP}
        NewTotp.objects.create(id=random_device_id(), seed=old.key, **values)
        old.delete()
    for old in OldStatic.objects.order_by("pk").iterator():
        device = NewBackup.objects.create(**{f: getattr(old, f) for f in _COMMON})
        BackupCode.objects.bulk_create(
            BackupCode(device=device, digest=_digest(old.user_id, t.token))
            for t in old.token_set.all()
        )
        old.token_set.all().delete()
        old.delete()


def backwards(apps, schema_editor):
    OldTotp = apps.get_model("otp_totp", "TOTPDevice")
    OldStatic = apps.get_model("otp_static", "StaticDevice")
    NewTotp = apps.get_model("partners", "AuthenticatorDevice")
    NewBackup = apps.get_model("partners", "BackupCodeDevice")
    for new in NewTotp.objects.order_by("pk").iterator():
        values = {f: getattr(new, f) for f in _COMMON + _TOTP}
        OldTotp.objects.create(key=new.seed, **values)
        new.delete()
    for new in NewBackup.objects.order_by("pk").iterator():
        OldStatic.objects.create(**{f: getattr(new, f) for f in _COMMON})
        new.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_credentials"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
