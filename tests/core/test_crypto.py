"""Field encryption bound to its row, key rotation and the blind indexes."""

import base64
import os

import pytest

from core import crypto


def new_key():
    return base64.b64encode(os.urandom(32)).decode()


def test_round_trip_and_row_binding():
    aad = crypto.associated_data("casus_persoon", "bsn", 7)
    blob = crypto.encrypt("111222333", aad=aad)
    assert b"111222333" not in blob
    assert crypto.decrypt(blob, aad=aad) == "111222333"
    other_row = crypto.associated_data("casus_persoon", "bsn", 8)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(blob, aad=other_row)
    other_column = crypto.associated_data("casus_persoon", "achternaam", 7)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(blob, aad=other_column)


def test_same_plaintext_encrypts_differently():
    aad = crypto.associated_data("t", "c", 1)
    assert crypto.encrypt("Jansen", aad=aad) != crypto.encrypt("Jansen", aad=aad)


def test_tampered_ciphertext_is_refused():
    aad = crypto.associated_data("t", "c", 1)
    blob = bytearray(crypto.encrypt("Jansen", aad=aad))
    blob[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(bytes(blob), aad=aad)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(b"\x02garbage", aad=aad)


def test_key_rotation(settings):
    aad = crypto.associated_data("t", "c", 1)
    old = settings.FIELD_ENCRYPTION_KEY
    blob = crypto.encrypt("De Vries", aad=aad)
    settings.FIELD_ENCRYPTION_KEY = new_key()
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(blob, aad=aad)
    settings.FIELD_ENCRYPTION_OLD_KEYS = [old]
    assert crypto.decrypt(blob, aad=aad) == "De Vries"
    assert crypto.needs_rotation(blob)
    assert not crypto.needs_rotation(crypto.encrypt("De Vries", aad=aad))


def test_blind_index_depends_on_key(settings):
    first = crypto.blind_index("111222333")
    assert len(first) == 64 and "111222333" not in first
    settings.BLIND_INDEX_KEY = new_key()
    assert crypto.blind_index("111222333") != first


def test_malformed_keys_are_reported():
    with pytest.raises(ValueError, match="32 bytes"):
        crypto.decode_key(base64.b64encode(b"short").decode())
    with pytest.raises(ValueError, match="base64"):
        crypto.decode_key("not base64 at all!")


def test_system_check_reports_bad_key(settings):
    from core.checks import check_keys

    assert check_keys(None) == []
    settings.BLIND_INDEX_KEY = "kapot"
    assert [e.id for e in check_keys(None)] == ["core.E002"]


@pytest.mark.django_db
def test_opened_reads_an_encrypted_value_of_a_values_query_as_the_instance_would():
    from aanmelding.models import AanmeldingPersoon
    from core.fields import opened
    from tests.aanmelding.factories import AanmeldingFactory

    persoon = AanmeldingFactory(personen=1).personen_geordend[0]
    persoon.achternaam = ""
    persoon.save()
    pk, voornamen, achternaam = AanmeldingPersoon.objects.values_list(
        "pk", "voornamen", "achternaam"
    ).get(pk=persoon.pk)
    assert opened(AanmeldingPersoon, "voornamen", pk, voornamen) == persoon.voornamen != ""
    assert opened(AanmeldingPersoon, "achternaam", pk, achternaam) == ""  # NULL reads as ""
    # The ciphertext is bound to its row: under another row's key it does not open.
    with pytest.raises(crypto.DecryptionError):
        opened(AanmeldingPersoon, "voornamen", pk + 1, voornamen)
