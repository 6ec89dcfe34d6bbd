"""The burgerservicenummer as one value type: normalised and validated (elfproef) once.

A `Bsn` prints masked (`*****6782`), so it cannot end up in a page, a log line or an exception
report by accident; the digits are read explicitly through `.cijfers`. Its blind index is the
only form that is stored in clear.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def normalise(value: object) -> str:
    """Digits as typed, without spaces and dots ("1234.56.782" → "123456782")."""
    return "".join(ch for ch in str(value) if not ch.isspace() and ch != ".")


def passes_elfproef(digits: str) -> bool:
    """9 digits, 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11, not all zeros."""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit() or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], _WEIGHTS, strict=True))
    return (total - int(digits[8])) % 11 == 0


class Bsn:
    """A valid BSN. `Bsn("123456782")`; raises ValidationError with a Dutch message."""

    __slots__ = ("_digits",)
    _digits: str

    def __init__(self, value: "str | Bsn"):
        if isinstance(value, Bsn):
            digits = value.cijfers
        else:
            digits = normalise(value)
            if digits and not (digits.isascii() and digits.isdigit()):
                raise ValidationError(_("Een BSN bestaat alleen uit cijfers."), code="bsn_digits")
            if len(digits) != 9:
                raise ValidationError(_("Een BSN heeft precies 9 cijfers."), code="bsn_length")
            if not passes_elfproef(digits):
                raise ValidationError(
                    _("Dit BSN voldoet niet aan de elfproef."), code="bsn_elfproef"
                )
        object.__setattr__(self, "_digits", digits)

    def __setattr__(self, name, value):
        raise AttributeError("Bsn is immutable")

    @property
    def cijfers(self) -> str:
        """The nine digits, for encryption and hashing only."""
        return self._digits

    def blind_index(self) -> str:
        from .crypto import blind_index

        return blind_index(self._digits)

    @property
    def gemaskeerd(self) -> str:
        return "*****" + self._digits[-4:]

    def __str__(self) -> str:
        return self.gemaskeerd

    def __repr__(self) -> str:
        return f"Bsn({self.gemaskeerd})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bsn) and other._digits == self._digits

    def __hash__(self) -> int:
        return hash(("Bsn", self._digits))

    @classmethod
    def of_leeg(cls, value: "str | Bsn | None") -> "Bsn | None":
        """A Bsn, or None for an empty value (a person whose BSN is not known)."""
        if value is None or (not isinstance(value, Bsn) and not normalise(value)):
            return None
        return cls(value)
