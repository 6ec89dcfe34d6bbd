"""Our django-otp devices: the TOTP seed encrypted and bound to its row, backup codes hashed and
usable once, the move of django-otp's own devices (and back), and key rotation of the seeds."""

import base64

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_otp import devices_for_user, match_token, user_has_device
from django_otp.oath import totp

from audit.models import AccessLog
from core.crypto import DecryptionError, needs_rotation
from partners.devices import backup_code_digest
from partners.models import AuthenticatorDevice, BackupCode, BackupCodeDevice
from tests.migrating import migrate_to
from tests.partners.factories import MedewerkerFactory

NEW_KEY = base64.b64encode(b"s" * 32).decode()


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def raw_seed(device):
    with connection.cursor() as cursor:
        cursor.execute("SELECT seed FROM partners_authenticatordevice WHERE id = %s", [device.pk])
        return bytes(cursor.fetchone()[0])


def test_seed_is_stored_encrypted_and_bound_to_its_row(db):
    user = MedewerkerFactory()
    device = AuthenticatorDevice.objects.create(user=user, name="app")
    seed = device.seed
    assert len(seed) == 40 and int(seed, 16) >= 0  # 20 random bytes, hex
    blob = raw_seed(device)
    assert seed.encode() not in blob and bytes.fromhex(seed) not in blob
    assert AuthenticatorDevice.objects.get(pk=device.pk).seed == seed
    other = AuthenticatorDevice.objects.create(user=user, name="tweede")
    assert other.seed != seed
    # The ciphertext of one row does not open in another row.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE partners_authenticatordevice SET seed = %s WHERE id = %s", [blob, other.pk]
        )
    with pytest.raises(DecryptionError):
        _ = AuthenticatorDevice.objects.get(pk=other.pk).seed


def test_django_otp_finds_and_verifies_our_devices(db):
    user = MedewerkerFactory()
    assert not user_has_device(user)
    device = AuthenticatorDevice.objects.create(user=user, name="app", confirmed=True)
    backup = BackupCodeDevice.objects.create(user=user, name="codes")
    assert {type(d) for d in devices_for_user(user)} == {AuthenticatorDevice, BackupCodeDevice}
    assert match_token(user, code_for(device)) == device
    (code,) = backup.new_codes(1)
    assert match_token(user, code) == backup
    # The persistent id django-otp keeps in the session loads the device back.
    assert AuthenticatorDevice.from_persistent_id(device.persistent_id) == device


def test_backup_codes_are_hashed_and_work_once(db):
    user = MedewerkerFactory()
    backup = BackupCodeDevice.objects.create(user=user, name="codes")
    codes = backup.new_codes(10)
    assert len(set(codes)) == 10
    stored = list(BackupCode.objects.filter(device=backup).values_list("digest", flat=True))
    assert len(stored) == 10 and not set(codes) & set(stored)
    assert all(c not in d for c in codes for d in stored)
    assert backup.verify_token(codes[3].upper())  # typed in capitals: still the code
    backup.throttle_reset()
    assert not backup.verify_token(codes[3])
    backup.throttle_reset()
    assert BackupCode.objects.filter(device=backup).count() == 9
    # Another user's device does not accept the code: the digest is bound to its user.
    stranger = BackupCodeDevice.objects.create(user=MedewerkerFactory(), name="codes")
    stranger.codes.create(digest=backup_code_digest(user.pk, codes[0]))
    assert not stranger.verify_token(codes[0])


def test_rotate_field_keys_reencrypts_the_seeds(db, settings):
    device = AuthenticatorDevice.objects.create(user=MedewerkerFactory(), name="app")
    seed = device.seed
    old_key = settings.FIELD_ENCRYPTION_KEY
    with override_settings(FIELD_ENCRYPTION_KEY=NEW_KEY, FIELD_ENCRYPTION_OLD_KEYS=[old_key]):
        assert needs_rotation(raw_seed(device))
        call_command("rotate_field_keys", verbosity=0)
        assert not needs_rotation(raw_seed(device))
    with override_settings(FIELD_ENCRYPTION_KEY=NEW_KEY, FIELD_ENCRYPTION_OLD_KEYS=[]):
        assert AuthenticatorDevice.objects.get(pk=device.pk).seed == seed
    assert AccessLog.objects.filter(
        event_type="veldsleutel_geroteerd", object_type="partners.authenticatordevice"
    ).exists()


# The data migration ------------------------------------------------------------------------

BEFORE = [("partners", "0002_credentials")]


@pytest.mark.django_db(transaction=True)
def test_migration_moves_django_otp_devices_over_and_back():
    # Created with today's model, before the schema goes back (later migrations add columns).
    user = MedewerkerFactory()
    old = migrate_to(BEFORE)
    try:
        OldTotp = old.get_model("otp_totp", "TOTPDevice")
        OldStatic = old.get_model("otp_static", "StaticDevice")
        key = "3132333435363738393031323334353637383930"
        OldTotp.objects.create(user_id=user.pk, name="app", key=key, confirmed=True, last_t=7)
        static = OldStatic.objects.create(user_id=user.pk, name="backup")
        static.token_set.create(token="abcd1234")
        static.token_set.create(token="efgh5678")

        new = migrate_to()
        assert not new.get_model("otp_totp", "TOTPDevice").objects.exists()
        assert not new.get_model("otp_static", "StaticToken").objects.exists()
        device = AuthenticatorDevice.objects.get(user=user)
        assert (device.seed, device.name, device.confirmed, device.last_t) == (key, "app", True, 7)
        assert key.encode() not in raw_seed(device)
        backup = BackupCodeDevice.objects.get(user=user)
        assert backup.verify_token("abcd1234")
        assert BackupCode.objects.filter(device=backup).count() == 1

        old = migrate_to(BEFORE)
        OldTotp = old.get_model("otp_totp", "TOTPDevice")
        (restored,) = OldTotp.objects.filter(user_id=user.pk)
        assert (restored.key, restored.name, restored.confirmed, restored.last_t) == (
            key,
            "app",
            True,
            7,
        )
        assert old.get_model("otp_static", "StaticDevice").objects.filter(user_id=user.pk).exists()
        assert not AuthenticatorDevice.objects.exists() and not BackupCodeDevice.objects.exists()
    finally:
        migrate_to()
