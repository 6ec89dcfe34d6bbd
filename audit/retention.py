"""Retention of the audit log itself: whole expired months leave, after a checkpoint.

The only code path that deletes audit rows. It runs in one transaction that opens the
triggers' retention door (`SET LOCAL casus.audit_retention = 'on'` on PostgreSQL, a marker row
on SQLite); in production it runs as the owner role, since the application role may not DELETE.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction

from . import checkpoints
from .models import AccessLog
from .triggers import SQLITE_BYPASS_TABLE


@dataclass(frozen=True)
class Removal:
    chain: str
    through_seq: int
    rows: int


def cutoff(now=None, days=None):
    """Start of the month that contains now - retention: everything before it has expired."""
    now = now or datetime.now(UTC)
    days = settings.AUDIT_RETENTION_DAYS if days is None else days
    limit = (now - timedelta(days=days)).astimezone(UTC)
    return limit.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _boundary(chain, before):
    """The highest seq such that this row and every earlier one is older than `before`.

    The chain's last row always stays, even when it has expired: the writer continues the
    chain from it, and verify compares it with the checkpoints.
    """
    head = AccessLog.objects.filter(chain=chain).order_by("-seq").values_list("seq", flat=True)
    first_kept = (
        AccessLog.objects.filter(chain=chain, event_time__gte=before)
        .order_by("seq")
        .values_list("seq", flat=True)
        .first()
    )
    expired = AccessLog.objects.filter(chain=chain, event_time__lt=before, seq__lt=head[:1])
    if first_kept is not None:
        expired = expired.filter(seq__lt=first_kept)
    return expired.order_by("-seq").values_list("seq", "hash").first()


def _open_door():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL casus.audit_retention = 'on'")
        else:
            cursor.execute(f"INSERT INTO {SQLITE_BYPASS_TABLE} (id) VALUES (1)")  # noqa: S608


def _close_door():
    # Closed explicitly: inside an outer transaction SET LOCAL would outlive this one.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL casus.audit_retention = 'off'")
        else:
            cursor.execute(f"DELETE FROM {SQLITE_BYPASS_TABLE}")  # noqa: S608


def remove_expired(*, now=None, days=None):
    """Checkpoint, then remove every chain's expired months. Returns (checkpoint, removals)."""
    before = cutoff(now, days)
    checkpoint_path, _heads = checkpoints.write_checkpoint()
    removals: list[Removal] = []
    with transaction.atomic():
        anchors = {}
        for chain in checkpoints.all_chains():
            last = _boundary(chain, before)
            if last is not None:
                anchors[chain] = last
        if not anchors:
            return checkpoint_path, removals
        # Written before the rows go: a failed write leaves the log untouched.
        checkpoints.write(checkpoints.RETENTIE, anchors)
        _open_door()
        for chain, (seq, _hash) in sorted(anchors.items()):
            count, _per_model = AccessLog.objects.filter(chain=chain, seq__lte=seq).delete()
            removals.append(Removal(chain, seq, count))
        _close_door()
    return checkpoint_path, removals
