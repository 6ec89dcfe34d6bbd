"""django-auditlog's change entries, tied to the hash chain by digest.

Each chained AccessLog row may carry `wijzigingen`: the ids of the change entries (LogEntry)
written since the previous chained row of the same thread, and a SHA-256 over their canonical
content ("<id>,<id>,...;<hex>"). The column is part of the row's HMAC (audit.chain), so a change
entry altered or removed afterwards no longer matches its row, and an entry inserted behind the
application's back is covered by no row. See the package docstring for when the ids are taken.
"""

import hashlib
import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from auditlog.models import LogEntry

from .findings import Findings

# The LogEntry columns the digest covers, in a fixed order (a new django-auditlog column does
# not change the digest of existing entries). Adding one is a format change.
DIGEST_FIELDS = (
    "id",
    "content_type_id",
    "object_pk",
    "object_id",
    "object_repr",
    "serialized_data",
    "action",
    "changes_text",
    "changes",
    "actor_id",
    "cid",
    "remote_addr",
    "remote_port",
    "timestamp",
    "additional_data",
    "actor_email",
)
BATCH = 2_000

# Ids of change entries this thread wrote that no chained row covers yet.
_pending = threading.local()


def noted():
    ids = getattr(_pending, "ids", None)
    if ids is None:
        ids = _pending.ids = []
    return ids


def note_entry(sender, instance, created, **kwargs):
    """post_save receiver on LogEntry: remember the new entry for the next chained row."""
    if created:
        noted().append(instance.pk)


def take_noted():
    """The noted ids, forgotten here (the caller covers them)."""
    ids = noted()
    taken, ids[:] = list(ids), []
    return taken


def _value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def canonical_entry(values):
    """The canonical bytes of one change entry (a dict of DIGEST_FIELDS values)."""
    row = [_value(values[name]) for name in DIGEST_FIELDS]
    return json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def digest(entries):
    """SHA-256 (hex) over the canonical content of `entries` (dicts, in id order)."""
    sha = hashlib.sha256()
    for values in entries:
        sha.update(canonical_entry(values).encode())
        sha.update(b"\n")
    return sha.hexdigest()


def _entries(ids):
    return list(LogEntry.objects.filter(pk__in=ids).order_by("pk").values(*DIGEST_FIELDS))


def cover(ids):
    """The `wijzigingen` text covering the change entries `ids` as stored now ("" for none).

    Read back from the database inside the writer's transaction, so that the digest is over
    exactly what the verifier will read. Ids of entries that a rolled-back savepoint undid
    are left out."""
    if not ids:
        return ""
    entries = _entries(sorted(set(ids)))
    if not entries:
        return ""
    return format_cover([e["id"] for e in entries], digest(entries))


def format_cover(ids, hexdigest):
    return ",".join(str(i) for i in ids) + ";" + hexdigest


def parse_cover(text):
    """(ids, digest) of a `wijzigingen` text; ValueError when malformed."""
    listed, _sep, hexdigest = text.partition(";")
    ids = [int(i) for i in listed.split(",")]
    if len(hexdigest) != 64 or not ids:
        raise ValueError(text)
    return ids, hexdigest


@dataclass
class ChangeBreak:
    entry_id: int | None
    row: str
    reason: str

    def __str__(self):
        entry = f"wijzigingsregel {self.entry_id}" if self.entry_id is not None else "regels"
        return f"{entry} ({self.row}): {self.reason}"


@dataclass
class ChangeResult(Findings):
    entries: int = 0
    covered: int = 0
    # Entries below the first one any remaining row covers: from before the change entries
    # were chained, or covered by rows that retention removed. Counted, not checked.
    before_chain: int = 0


def _covering_rows():
    """(chain, seq, wijzigingen) of every chained row that covers change entries."""
    from .models import AccessLog

    return (
        AccessLog.objects.exclude(wijzigingen="")
        .order_by("id")
        .values_list("chain", "seq", "wijzigingen")
        .iterator(chunk_size=BATCH)
    )


def verify_changes(*, max_breaks=100):
    """Recompute every covering row's digest from the change table and find every change
    entry no row covers. Reports altered and removed entries per covering row, and
    uncovered (forged) entries by id."""
    result = ChangeResult(limit=max_breaks)
    covered = bytearray()
    floor = None
    batch = []

    def check(batch):
        wanted = sorted({i for _row, ids, _d in batch for i in ids})
        stored = {e["id"]: e for e in _entries(wanted)}
        for row, ids, expected in batch:
            present = [stored[i] for i in ids if i in stored]
            missing = [i for i in ids if i not in stored]
            if missing:
                if not result.add(
                    ChangeBreak(missing[0], row, f"{len(missing)} wijzigingsregel(s) verwijderd")
                ):
                    return False
                continue
            if digest(present) != expected and not result.add(
                ChangeBreak(ids[0], row, "wijzigingsregels gewijzigd (digest klopt niet)")
            ):
                return False
        return True

    for chain, seq, text in _covering_rows():
        row = f"keten {chain} seq {seq}"
        try:
            ids, expected = parse_cover(text)
        except ValueError:
            if not result.add(ChangeBreak(None, row, "onleesbare verwijzing naar wijzigingen")):
                return result
            continue
        for i in ids:
            if i >= len(covered):
                covered.extend(bytes(i + 1 - len(covered) + BATCH))
            covered[i] = 1
        floor = min(ids) if floor is None else min(floor, min(ids))
        batch.append((row, ids, expected))
        if len(batch) >= BATCH:
            if not check(batch):
                return result
            batch = []
    if batch and not check(batch):
        return result
    for entry_id in LogEntry.objects.order_by("pk").values_list("pk", flat=True).iterator(BATCH):
        result.entries += 1
        if entry_id < len(covered) and covered[entry_id]:
            result.covered += 1
        elif floor is None or entry_id < floor:
            result.before_chain += 1
        elif not result.add(
            ChangeBreak(entry_id, "geen regel", "door geen auditregel gedekt (ingevoegd?)")
        ):
            return result
    return result
