"""Walks the audit chains: HMAC of every row, seq continuity, prev_hash links, checkpoints.

Rows stream through a server-side cursor in seq order. On PostgreSQL the database builds the
text each HMAC covers (prev_hash, "|", `chain.CANONICAL_SQL`), so Python computes one HMAC per
row and compares; elsewhere the canonical text is built in Python from the same definition.
"""

import contextlib
import hashlib
import hmac
import os
import queue
import threading
from dataclasses import dataclass
from typing import Any

import psycopg
from django.db import connection, transaction

from . import checkpoints
from .chain import (
    CANONICAL_SEPARATORS,
    CANONICAL_SQL,
    CHANGES_FIELD,
    GENESIS,
    HASHED_FIELDS,
    LIST_FIELD,
    SEPARATOR,
    canonical_text,
    hmac_key,
)
from .findings import Findings
from .models import AccessLog

CHUNK_SIZE = 20_000
# Breaks reported per chain before the walk stops (`audit_verify --max-fouten`).
MAX_BREAKS = 100
_DONE = object()


@dataclass
class Break:
    chain: str
    seq: int
    row_id: int | None
    reason: str

    def __str__(self):
        row = f"id {self.row_id}" if self.row_id is not None else "geen regel"
        return f"keten {self.chain} seq {self.seq} ({row}): {self.reason}"


@dataclass
class ChainResult(Findings):
    chain: str
    rows: int = 0
    first_seq: int | None = None
    head_seq: int = 0


def _rows(chain, from_seq):
    """(id, seq, hash, message) in seq order; message = the text the HMAC covers."""
    if connection.vendor == "postgresql":
        yield from _rows_postgresql(chain, from_seq)
        return
    queryset = AccessLog.objects.filter(chain=chain, seq__gte=from_seq).order_by("seq")
    columns = (*HASHED_FIELDS, LIST_FIELD, CHANGES_FIELD)
    for row in queryset.values_list("id", "seq", "hash", "prev_hash", *columns).iterator(
        chunk_size=CHUNK_SIZE
    ):
        values = dict(zip(columns, row[4:], strict=True))
        yield row[0], row[1], row[2], f"{row[3]}|{canonical_text(values)}"


_PG_ROWS = (
    "SELECT id, seq, hash, "  # noqa: S608  (constant expression, bound parameters)
    f"prev_hash || '|' || {CANONICAL_SQL} "
    "FROM audit_accesslog WHERE chain = %s AND seq >= %s ORDER BY seq"
)


def _rows_postgresql(chain, from_seq):
    """Rows from a binary server-side cursor; a reader thread fetches the next batch while
    this thread hashes the current one (psycopg releases the GIL while it waits)."""
    connection.ensure_connection()
    with transaction.atomic(using=connection.alias):
        cursor = connection.connection.cursor(name=f"audit_verify_{os.getpid()}", binary=True)
        batches: queue.Queue[Any] = queue.Queue(maxsize=2)
        stop = threading.Event()
        state: dict[str, Any] = {"complete": False, "error": None}

        def read():
            try:
                cursor.execute(_PG_ROWS, [chain, from_seq])
                while not stop.is_set():
                    batch = cursor.fetchmany(CHUNK_SIZE)
                    if not batch:
                        state["complete"] = True
                        return
                    batches.put(batch)
            except psycopg.Error as exc:
                state["error"] = exc
            finally:
                batches.put(_DONE)

        reader = threading.Thread(target=read, name="audit-verify-reader", daemon=True)
        reader.start()
        try:
            while (batch := batches.get()) is not _DONE:
                yield from batch
            if state["error"] is not None:
                raise state["error"]
            if not state["complete"]:
                raise RuntimeError("audit verification stopped reading before the chain's end")
        finally:
            stop.set()
            while reader.is_alive():
                with contextlib.suppress(queue.Empty):
                    batches.get(timeout=0.05)
            reader.join()
            cursor.close()


def _start(chain, anchors, from_checkpoint):
    """(first seq to read, seq before it, hash it must link to or None, a Break or None)."""
    if from_checkpoint is not None:
        # Trust the checkpointed row as the start; its own HMAC is still checked.
        return from_checkpoint.seq, from_checkpoint.seq - 1, None, None
    first = AccessLog.objects.filter(chain=chain).order_by("seq").values_list("id", "seq").first()
    chain_anchors = {m.seq: m for m in anchors.get(chain, [])}
    if first is None:
        # Everything removed by retention is fine; the head is the last removed row.
        last = max(chain_anchors, default=0)
        return None, last, None, None
    row_id, first_seq = first
    if first_seq == 1:
        return 1, 0, GENESIS, None
    anchor = chain_anchors.get(first_seq - 1)
    if anchor is None:
        return (
            None,
            first_seq - 1,
            None,
            Break(
                chain,
                first_seq,
                row_id,
                "het begin van de keten ontbreekt en geen retentie-checkpoint dekt het",
            ),
        )
    return first_seq, anchor.seq, anchor.hash, None


def verify_chain(chain, *, checkpoint=None, anchors=None, from_checkpoint=None, max_breaks=None):
    """Verify one chain; `checkpoint` is the newest known head (a checkpoints.Mark) or None.

    Every break is reported, not only the first: after a break the walk goes on from the row
    as it is stored (its own hash and seq), so that one altered row does not hide the next.
    It stops after `max_breaks` breaks (default MAX_BREAKS) and says so in `result.capped`.
    """
    limit = MAX_BREAKS if max_breaks is None else max_breaks
    result = ChainResult(chain, limit=limit)
    start_seq, before_seq, expected_prev, problem = _start(chain, anchors or {}, from_checkpoint)
    result.head_seq = before_seq
    if problem is not None:
        result.add(problem)
        return result
    if start_seq is not None:
        _walk(result, chain, start_seq, expected_prev, checkpoint, from_checkpoint)
    if result.capped:
        return result
    for mark in (checkpoint, from_checkpoint):
        if mark is not None and result.head_seq < mark.seq:
            result.add(
                Break(
                    chain,
                    result.head_seq + 1,
                    None,
                    f"de keten eindigt bij seq {result.head_seq}, maar checkpoint "
                    f"{mark.path.name} kent seq {mark.seq} (afgekapt)",
                )
            )
            break
    return result


def _walk(result, chain, start_seq, expected_prev, checkpoint, from_checkpoint):
    key = hmac_key()
    digest = hmac.digest
    sha256 = hashlib.sha256
    marks = {m.seq: m for m in (checkpoint, from_checkpoint) if m is not None}
    expected_seq = start_seq
    prev = expected_prev
    count = 0
    # message = prev_hash + "|" + canonical text; the link check reads prev_hash from it.
    for row_id, seq, row_hash, message in _rows(chain, start_seq):
        reason = None
        if seq != expected_seq:
            reason = f"gat: seq {expected_seq} t/m {seq - 1} ontbreken"
        elif prev is not None and not message.startswith(prev):
            reason = "prev_hash wijst niet naar de vorige regel"
        elif (
            message.count(SEPARATOR) not in CANONICAL_SEPARATORS
            or digest(key, message.encode(), sha256).hex() != row_hash
        ):
            reason = "HMAC klopt niet: regel gewijzigd"
        elif seq in marks and marks[seq].hash != row_hash:
            reason = f"wijkt af van checkpoint {marks[seq].path.name}"
        if reason is not None and not result.add(Break(chain, seq, row_id, reason)):
            break
        if count == 0:
            result.first_seq = seq
        count += 1
        # Go on from the row as stored: the next row must link to the hash this one carries.
        prev = row_hash
        expected_seq = seq + 1
    result.rows = count
    if count:
        result.head_seq = expected_seq - 1


def verify(*, chains=None, from_checkpoint_path=None, max_breaks=None):
    """Verify the given chains (default: every chain in the log or in a checkpoint)."""
    known_checkpoints, anchors = checkpoints.load_all()
    start_marks = {}
    if from_checkpoint_path is not None:
        start_marks = {m.chain: m for m in checkpoints.read(from_checkpoint_path)}
    if chains is None:
        chains = sorted(set(checkpoints.all_chains()) | set(known_checkpoints) | set(start_marks))
    results = []
    for chain in chains:
        results.append(
            verify_chain(
                chain,
                checkpoint=checkpoints.newest(known_checkpoints.get(chain, [])),
                anchors=anchors,
                from_checkpoint=start_marks.get(chain),
                max_breaks=max_breaks,
            )
        )
    return results
