"""The Bsn value type: normalised and validated once (elfproef), printed masked."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core import crypto
from core.bsn import Bsn, normalise, passes_elfproef
from tests.casus.factories import geldig_bsn

VALID_BSNS = ["111222333", "123456782", "999990019", "100000009", "999999990", geldig_bsn(7)]
INVALID_BSNS = ["123456789", "111222334", "000000000", "999999999", "12345678", "1234567890"]


@pytest.mark.parametrize("bsn", VALID_BSNS)
def test_elfproef_accepts_valid_numbers(bsn):
    assert passes_elfproef(bsn)
    assert Bsn(bsn).cijfers == bsn


@pytest.mark.parametrize("bsn", INVALID_BSNS)
def test_elfproef_rejects_invalid_numbers(bsn):
    assert not passes_elfproef(bsn)
    with pytest.raises(ValidationError):
        Bsn(bsn)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("111222334", "Dit BSN voldoet niet aan de elfproef."),
        ("12345678a", "Een BSN bestaat alleen uit cijfers."),
        ("12345678", "Een BSN heeft precies 9 cijfers."),
        ("", "Een BSN heeft precies 9 cijfers."),
        ("١١١٢٢٢٣٣٣", "Een BSN bestaat alleen uit cijfers."),
    ],
)
def test_bsn_errors_are_dutch(value, message):
    with pytest.raises(ValidationError) as exc:
        Bsn(value)
    assert exc.value.messages == [message]


def test_bsn_is_normalised_for_spaces_and_dots():
    assert Bsn(" 1112.22.333 ").cijfers == "111222333"
    assert Bsn("1112.22.333") == Bsn("111222333")
    assert crypto.blind_index("111 222 333") == crypto.blind_index("111222333")
    assert Bsn("111 222 333").blind_index() == crypto.blind_index("111222333")


def test_bsn_prints_masked_and_is_immutable():
    bsn = Bsn("111222333")
    assert str(bsn) == "*****2333"
    assert "111222333" not in repr(bsn)
    assert "111222333" not in f"{bsn}"
    with pytest.raises(AttributeError):
        bsn._digits = "123456782"


def test_empty_value_is_no_bsn():
    assert Bsn.of_leeg("") is None
    assert Bsn.of_leeg(None) is None
    assert Bsn.of_leeg(" 111222333 ") == Bsn("111222333")


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_exactly_one_check_digit_completes_any_prefix(prefix):
    valid = [d for d in "0123456789" if passes_elfproef(prefix + d)]
    assert len(valid) <= 1
    if prefix != "00000000":
        # The weighted sum mod 11 leaves one check digit, unless it would have to be 10.
        total = sum(int(d) * w for d, w in zip(prefix, range(9, 1, -1), strict=True))
        assert (len(valid) == 1) == (total % 11 != 10)


def test_normalise_keeps_other_characters_for_validation():
    assert normalise(" 12.34 ") == "1234"
