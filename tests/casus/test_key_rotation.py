"""Key rotation: rows sealed with an old key are re-encrypted with the new one."""

import base64

from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from audit.models import AccessLog
from casus.models import Persoon
from core.crypto import needs_rotation
from tests.casus.factories import PersoonFactory

NEW_KEY = base64.b64encode(b"n" * 32).decode()


def _raw_bsn(persoon):
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn FROM casus_persoon WHERE id = %s", [persoon.pk])
        return bytes(cursor.fetchone()[0])


def test_rotation_reencrypts_with_the_new_key(zvh, settings):
    persoon = PersoonFactory(zvh=zvh, bsn="111222333", voornamen="Annelies")
    PersoonFactory.create_batch(4, zvh=zvh)
    old_key = settings.FIELD_ENCRYPTION_KEY
    with override_settings(FIELD_ENCRYPTION_KEY=NEW_KEY, FIELD_ENCRYPTION_OLD_KEYS=[old_key]):
        assert needs_rotation(_raw_bsn(persoon))
        call_command("rotate_field_keys", batch=2, verbosity=0)
        assert not needs_rotation(_raw_bsn(persoon))
        with connection.cursor() as cursor:
            cursor.execute("SELECT bsn FROM casus_persoon")
            blobs = [bytes(row[0]) for row in cursor.fetchall()]
        assert len(blobs) == 5 and not any(needs_rotation(b) for b in blobs)
    with override_settings(FIELD_ENCRYPTION_KEY=NEW_KEY, FIELD_ENCRYPTION_OLD_KEYS=[]):
        fresh = Persoon.objects.get(pk=persoon.pk)
        assert (fresh.bsn, fresh.voornamen) == ("111222333", "Annelies")
    assert AccessLog.objects.filter(
        event_type="veldsleutel_geroteerd", object_type="casus.persoon"
    ).exists()


def test_rotation_covers_the_date_of_birth(zvh, settings):
    from datetime import date

    from privacy.management.commands.rotate_field_keys import encrypted_models

    assert "geboortedatum" in {f.name for m, fs in encrypted_models() if m is Persoon for f in fs}
    persoon = PersoonFactory(zvh=zvh, geboortedatum=date(1975, 1, 31))
    old_key = settings.FIELD_ENCRYPTION_KEY
    with override_settings(FIELD_ENCRYPTION_KEY=NEW_KEY, FIELD_ENCRYPTION_OLD_KEYS=[old_key]):
        call_command("rotate_field_keys", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT geboortedatum FROM casus_persoon WHERE id = %s", [persoon.pk])
            assert not needs_rotation(bytes(cursor.fetchone()[0]))
    with override_settings(FIELD_ENCRYPTION_KEY=NEW_KEY, FIELD_ENCRYPTION_OLD_KEYS=[]):
        assert Persoon.objects.get(pk=persoon.pk).geboortedatum == date(1975, 1, 31)
