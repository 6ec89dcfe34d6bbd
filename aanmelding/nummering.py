"""Readable aanmeldingsnummers, `A-<year>-<n>` per house: A-2026-0001, A-2026-0002, ...

Counted like casusnummers (casus.nummering: a counter row per house and year, locked for the
rest of the caller's transaction); the year is the Dutch calendar year of creation.
"""

from casus.nummering import casusjaar, volgend_volgnummer

from .models import AanmeldingTeller


def formatteer(jaar, volgnummer):
    return f"A-{jaar}-{volgnummer:04d}"


def volgend_aanmeldingsnummer(*, zvh_id, moment=None) -> str:
    """The next number of house `zvh_id` for a referral created at `moment` (default: now);
    call it inside the transaction that stores the referral."""
    jaar = casusjaar(moment)
    return formatteer(jaar, volgend_volgnummer(AanmeldingTeller, zvh_id=zvh_id, jaar=jaar))
