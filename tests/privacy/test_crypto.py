"""Field encryption bound to its row, key rotation, the BSN blind index and the elfproef."""

import base64
import os

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from privacy import crypto

VALID_BSNS = ["111222333", "123456782", "999990019", "100000009"]
INVALID_BSNS = ["123456789", "111222334", "000000000", "999999999"]


def new_key():
    return base64.b64encode(os.urandom(32)).decode()


@pytest.mark.parametrize("bsn", VALID_BSNS)
def test_elfproef_accepts_valid_numbers(bsn):
    assert crypto.bsn_is_valid(bsn)
    assert crypto.validate_bsn(bsn) == bsn


@pytest.mark.parametrize("bsn", INVALID_BSNS)
def test_elfproef_rejects_invalid_numbers(bsn):
    assert not crypto.bsn_is_valid(bsn)
    with pytest.raises(ValidationError, match="elfproef"):
        crypto.validate_bsn(bsn)


@pytest.mark.parametrize(
    ("value", "message"),
    [("12345678a", "alleen uit cijfers"), ("12345678", "precies 9 cijfers"), ("", "precies 9")],
)
def test_bsn_format_errors_are_dutch(value, message):
    with pytest.raises(ValidationError, match=message):
        crypto.validate_bsn(value)


def test_bsn_is_normalised_for_spaces_and_dots():
    assert crypto.validate_bsn(" 1112.22.333 ") == "111222333"
    assert crypto.blind_index("111 222 333") == crypto.blind_index("111222333")


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_exactly_one_check_digit_completes_any_prefix(prefix):
    valid = [d for d in "0123456789" if crypto.bsn_is_valid(prefix + d)]
    assert len(valid) <= 1
    if prefix != "00000000":
        # The weighted sum mod 11 leaves one check digit, unless it would have to be 10.
        total = sum(int(d) * w for d, w in zip(prefix, range(9, 1, -1), strict=True))
        assert (len(valid) == 1) == (total % 11 != 10)


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
    from privacy.checks import check_keys

    assert check_keys(None) == []
    settings.BLIND_INDEX_KEY = "kapot"
    assert [e.id for e in check_keys(None)] == ["privacy.E002"]
