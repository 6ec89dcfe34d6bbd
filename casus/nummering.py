"""Readable casusnummers, `<year>-<n>` per house: 2026-0001, 2026-0002, ..., 2026-10000, and
the counting they share with other per-house, per-year numbers (aanmeldingsnummers).

The counter row of a (house, year) is locked for the rest of the caller's transaction, so two
casussen opened at the same moment never get the same number; a rolled-back transaction gives
its number back, so there are no gaps from failures either.
"""

from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Casus, CasusTeller

CASUS_TIJDZONE = ZoneInfo("Europe/Amsterdam")
# Casussen from before the UUID key have UUID(int=<old bigint id>), which has no version.
_MAX_OUDE_ID = 2**63


def casusjaar(moment=None):
    """The year a casus opened at `moment` (default: now) counts in: the Dutch calendar year."""
    return timezone.localtime(moment or timezone.now(), CASUS_TIJDZONE).year


def formatteer(jaar, volgnummer):
    return f"{jaar}-{volgnummer:04d}"


def volgend_volgnummer(teller_model, *, zvh_id, jaar) -> int:
    """The next sequence number of house `zvh_id` in `jaar` from `teller_model` (a Jaarteller
    table); call it inside the transaction that uses it."""
    with transaction.atomic():
        teller = teller_model.objects.select_for_update().filter(zvh_id=zvh_id, jaar=jaar).first()
        if teller is None:
            try:
                with transaction.atomic():
                    teller = teller_model.objects.create(zvh_id=zvh_id, jaar=jaar)
            except IntegrityError:
                # Another transaction created the counter first; wait for its lock.
                teller = teller_model.objects.select_for_update().get(zvh_id=zvh_id, jaar=jaar)
        teller.laatste += 1
        teller.save(update_fields=["laatste"])
    return teller.laatste


def volgend_casusnummer(*, zvh_id, jaar) -> str:
    """The next casusnummer of house `zvh_id` in `jaar`; call it inside the transaction that
    uses it."""
    return formatteer(jaar, volgend_volgnummer(CasusTeller, zvh_id=zvh_id, jaar=jaar))


def audit_casus_ids(zvh_id, nummer):
    """The ids audit rows name casus `nummer` of house `zvh_id` by: its UUID, and for a casus
    from before the UUID key also its old integer id (rows written then carry that)."""
    pk = Casus.objects.filter(zvh_id=zvh_id, nummer=nummer).values_list("pk", flat=True).first()
    if pk is None:
        return []
    ids = [str(pk)]
    if pk.version is None and pk.int < _MAX_OUDE_ID:
        ids.append(str(pk.int))
    return ids
