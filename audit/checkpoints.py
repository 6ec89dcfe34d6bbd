"""Signed checkpoints of the audit chains, written as JSON files outside the database.

A checkpoint ("checkpoint") records each chain's head (seq and hash) at a moment; verify uses
the newest one per chain to detect a truncated tail. A retention anchor ("retentie") records,
per chain, the last row the retention command removed, so that verify can start at the first
remaining row. Both are signed with HMAC-SHA256 under a key derived from AUDIT_HMAC_KEY.
"""

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from .chain import derived_key
from .models import AccessLog

CHECKPOINT = "checkpoint"
RETENTIE = "retentie"
VERSION = 1


class CheckpointError(Exception):
    """A checkpoint file that cannot be read or whose signature is wrong."""


@dataclass(frozen=True)
class Mark:
    kind: str
    chain: str
    seq: int
    hash: str
    time: str
    path: Path


def _signature(body):
    message = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(derived_key("checkpoint"), message, hashlib.sha256).hexdigest()


def directory():
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def heads(chains=None):
    """{chain: (seq, hash)} of the current head of every (or the given) chain."""
    names = chains if chains is not None else all_chains()
    result = {}
    for name in names:
        head = (
            AccessLog.objects.filter(chain=name).order_by("-seq").values_list("seq", "hash").first()
        )
        if head is not None:
            result[name] = head
    return result


def all_chains():
    return sorted(AccessLog.objects.values_list("chain", flat=True).distinct().order_by())


def write(kind, entries, *, now=None):
    """Write one signed file with `entries` {chain: (seq, hash)}; returns its path."""
    now = now or datetime.now(UTC)
    body = {
        "versie": VERSION,
        "soort": kind,
        "tijd": now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "ketens": [
            {"keten": chain, "seq": seq, "hash": hash_}
            for chain, (seq, hash_) in sorted(entries.items())
        ],
    }
    document = {**body, "handtekening": _signature(body)}
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}-{now.strftime('%Y%m%dT%H%M%S%fZ')}.json"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(document, indent=2, sort_keys=True))
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    temporary.replace(path)
    return path


def read(path):
    """The marks of one file; CheckpointError when unreadable or not signed by us."""
    path = Path(path)
    try:
        document = json.loads(path.read_text())
        signature = document.pop("handtekening")
        kind = document["soort"]
        entries = document["ketens"]
        time = document["tijd"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CheckpointError(f"{path.name}: onleesbaar ({exc.__class__.__name__})") from exc
    if not hmac.compare_digest(str(signature), _signature(document)):
        raise CheckpointError(f"{path.name}: handtekening klopt niet")
    try:
        return [
            Mark(kind, str(e["keten"]), int(e["seq"]), str(e["hash"]), time, path) for e in entries
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise CheckpointError(f"{path.name}: onleesbaar ({exc.__class__.__name__})") from exc


def load_all():
    """(checkpoints, retention anchors): {chain: [Mark, ...]} from every file in the directory."""
    checkpoints: dict[str, list[Mark]] = {}
    anchors: dict[str, list[Mark]] = {}
    folder = directory()
    if not folder.is_dir():
        return checkpoints, anchors
    for path in sorted(folder.glob("*.json")):
        for mark in read(path):
            target = anchors if mark.kind == RETENTIE else checkpoints
            target.setdefault(mark.chain, []).append(mark)
    return checkpoints, anchors


def newest(marks):
    """The mark with the highest seq (the newest head a chain is known to have reached)."""
    return max(marks, key=lambda m: m.seq) if marks else None


def write_checkpoint(chains=None, *, now=None):
    entries = heads(chains)
    return write(CHECKPOINT, entries, now=now), entries


def newest_checkpoint_file():
    """The newest checkpoint file (names sort by their UTC time), or None. Only this one
    file is read, so a run every few minutes stays cheap however many files pile up."""
    folder = directory()
    if not folder.is_dir():
        return None
    return max(folder.glob(f"{CHECKPOINT}-*.json"), default=None)


def write_checkpoint_if_changed(*, now=None):
    """(path, entries, written): a new checkpoint unless every chain's head is the one the
    newest checkpoint already records; then that file's path and written=False. Running it
    twice in a row writes one file (the scheduled job is idempotent)."""
    entries = heads()
    newest = newest_checkpoint_file()
    if newest is not None and entries:
        recorded = {m.chain: (m.seq, m.hash) for m in read(newest)}
        if recorded == entries:
            return newest, entries, False
    return write(CHECKPOINT, entries, now=now), entries, True
