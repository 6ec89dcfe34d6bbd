"""Writes audit rows: one hash-chained AccessLog row per call, inside the caller's transaction.

`audit.log` holds the typed entry points (one per event family); this module only appends.
"""

import json
import threading
import time
import uuid
import zlib
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from django.db import DatabaseError, connection, transaction

from . import changes
from .chain import GENESIS, clean_text, row_hash
from .events import EVENTS
from .models import AccessLog, Action, Outcome
from .triggers import (
    APPEND_AND_COMMIT_SQL,
    COMMIT_DURABLY_SQL,
    RETRY_APPEND_AND_COMMIT_SQL,
    ROLLBACK_APPEND_SQL,
    STALE_HEAD_SQLSTATE,
)

SYSTEM_CHAIN = "systeem"
# SQLite (demo only) has no advisory locks; a process lock keeps its chains linear.
#
# Lock order, and why it cannot deadlock: the demo settings open every SQLite transaction with
# BEGIN IMMEDIATE (config/settings.py), which takes the database's single write lock before
# the transaction does anything. `_append` takes this process lock only inside a transaction
# (its own `atomic` or the caller's), so a thread holding the process lock already holds the
# write lock. Every thread therefore takes them in one order: write lock, then process lock.
# A thread waiting for the write lock (SQLite's busy timeout) holds neither; a thread holding
# the write lock waits for the process lock only while no other thread can hold it (that
# thread would need the write lock too). Under IMMEDIATE the write lock alone keeps the
# chains linear, across processes too; the process lock stays for a SQLite database opened
# without it (DEFERRED), where it at least serialises this process's appends.
_sqlite_lock = threading.Lock()
_TEXT_FIELDS = (
    "user_display",
    "organisatie_naam",
    "rol",
    "namens",
    "doel",
    "request_id",
    "object_type",
    "object_id",
    "persoon_pseudoniem",
    "detail",
)


def chain_for(zvh_id):
    return f"zvh:{zvh_id}" if zvh_id else SYSTEM_CHAIN


def _describe_target(target):
    """(object_type, object_id, pseudonym, casus_id) of a model instance or None."""
    if target is None:
        return "", "", "", None
    object_type = target._meta.label_lower
    pseudonym = getattr(target, "audit_pseudoniem", "") or ""
    casus_id = getattr(target, "audit_casus_id", None)
    return object_type, str(target.pk or ""), pseudonym, _casus_text(casus_id)


def _casus_text(casus_id):
    """A casus as the audit row stores it: its id as text (a UUID, or an old integer id)."""
    return None if casus_id is None else str(casus_id)


_ALL_COLUMNS = [f for f in AccessLog._meta.concrete_fields if not f.primary_key]
# Columns written only when some row of the statement fills them; otherwise they keep their
# database default (""), so the statement is the same as before those columns existed.
_OPTIONAL = ("personen", "wijzigingen")


def _statement(columns, rows):
    """A multi-row INSERT text for `rows` rows of `columns` (constant names, bound values)."""
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    return "INSERT INTO {table} ({columns}) VALUES {values} RETURNING id".format(  # noqa: S608
        table=AccessLog._meta.db_table,
        columns=", ".join(f.column for f in columns),
        values=", ".join([row] * rows),
    )


_COLUMN_NAMES = [f.column for f in _ALL_COLUMNS]
_COLUMNS: dict[tuple[str, ...], list] = {}
_INSERT: dict[tuple[str, ...], str] = {}


def _columns(rows):
    """(key, columns) for `rows`: every column but the optional ones no row fills."""
    key = tuple(name for name in _OPTIONAL if any(r.get(name) for r in rows))
    if key not in _COLUMNS:
        _COLUMNS[key] = [f for f in _ALL_COLUMNS if f.attname not in _OPTIONAL or f.attname in key]
        _INSERT[key] = _statement(_COLUMNS[key], 1)
    return key, _COLUMNS[key]


def _insert(**fields):
    """One INSERT from a prepared statement text: the ORM's per-call compilation is skipped."""
    key, columns = _columns([fields])
    params = [f.get_db_prep_save(fields.get(f.attname, ""), connection) for f in columns]
    with connection.cursor() as cursor:
        cursor.execute(_INSERT[key], params)
        pk = cursor.fetchone()[0]
    return _row(pk, fields)


def _insert_many(rows):
    """One multi-row INSERT for the rows of one chain flushed together."""
    _key, columns = _columns(rows)
    params = [f.get_db_prep_save(r.get(f.attname, ""), connection) for r in rows for f in columns]
    with connection.cursor() as cursor:
        cursor.execute(_statement(columns, len(rows)), params)
        pks = sorted(pk for (pk,) in cursor.fetchall())
    return [_row(pk, fields) for pk, fields in zip(pks, rows, strict=True)]


def _row(pk, fields):
    row = AccessLog(pk=pk, **fields)
    row._state.adding = False
    row._state.db = connection.alias
    return row


def _pseudonyms(personen):
    """Distinct pseudonyms, in order, of persons given as objects or as pseudonym strings."""
    seen = []
    for persoon in personen:
        pseudonym = persoon if isinstance(persoon, str) else persoon.audit_pseudoniem
        if pseudonym and pseudonym not in seen:
            seen.append(pseudonym)
    return seen


def _values(
    *,
    actor,
    event,
    outcome=Outcome.SUCCESS,
    zvh_id=None,
    user=None,
    target=None,
    object_type="",
    object_id="",
    persoon_pseudoniem="",
    personen=(),
    casus_id=None,
    detail="",
):
    """The row's own fields (everything but its place in the chain), cleaned for hashing."""
    if event not in EVENTS:
        raise ValueError(f"Unknown audit event {event!r}")
    action = Action(EVENTS[event])
    outcome = Outcome(outcome)
    t_type, t_id, t_pseudo, t_casus = _describe_target(target)
    if user is not None:
        organisatie = getattr(user, "organisatie", None)
        who = {
            "user_id": user.pk,
            "user_display": user.get_full_name() or user.get_username(),
            "organisatie_id": organisatie.pk if organisatie is not None else None,
            "organisatie_naam": organisatie.naam if organisatie is not None else "",
        }
    else:
        who = {
            "user_id": actor.user_id,
            "user_display": actor.display,
            "organisatie_id": actor.organisatie_id,
            "organisatie_naam": actor.organisatie_naam,
        }
    values = {
        "event_id": uuid.uuid4(),
        "action": action.value,
        "outcome": outcome.value,
        "event_type": event,
        **who,
        "rol": ",".join(sorted(actor.rollen))[:200],
        "namens": actor.namens[:200],
        "doel": str(actor.doel)[:200],
        "ip": actor.ip,
        "request_id": actor.request_id,
        "zvh_id": zvh_id,
        "object_type": object_type or t_type,
        "object_id": str(object_id or t_id),
        "persoon_pseudoniem": persoon_pseudoniem or t_pseudo,
        "casus_id": _casus_text(casus_id) if casus_id is not None else t_casus,
        "detail": str(detail)[:500],
    }
    for name in _TEXT_FIELDS:
        values[name] = clean_text(values[name])
    values["chain"] = chain_for(values["zvh_id"])
    # One row per event: about its first person, listing all of them when it showed several.
    shown = _pseudonyms([values["persoon_pseudoniem"], *personen])
    shown = [clean_text(p).replace(" ", "") for p in shown]
    values["persoon_pseudoniem"] = shown[0] if shown else ""
    values["personen"] = " ".join(shown) if len(shown) > 1 else ""
    return values


def _lock_key(chain):
    return zlib.crc32(f"audit:{chain}".encode()) - 2**31


# The head of each chain as this process last wrote or saw it: the guess on which the next
# append hashes its rows, so that it usually needs one round trip (see `_append_postgres`).
_known_heads: dict[str, tuple[int, str] | None] = {}


def note_heads(heads):
    """Take `heads` ({chain: (seq, hash) or None for an empty chain}), read without the lock
    just before an append (`audit.transaction`), as this process's guess for those chains."""
    _known_heads.update(heads)


# Reads the head of each given chain, without a lock: the guess an append hashes on.
HEADS_SQL = (
    "SELECT c.chain, h.seq, h.hash FROM unnest(%s::text[]) AS c(chain) "
    "LEFT JOIN LATERAL (SELECT a.seq, a.hash FROM audit_accesslog a WHERE a.chain = c.chain "
    "ORDER BY a.seq DESC LIMIT 1) h ON true"
)


def _chained(rows, last, now):
    """`rows` numbered and hashed after `last` ((seq, hash) or None for an empty chain)."""
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    chained = []
    for offset, values in enumerate(rows):
        row = dict(values, seq=seq + offset, event_time=now, prev_hash=prev_hash)
        row["hash"] = prev_hash = row_hash(row, row["prev_hash"])
        chained.append(row)
    return chained


def _on_guess(chain, rows):
    """`rows` chained on this process's guess of `chain`'s head, and the append function's
    first six arguments for them: chain, lock class and key, the guessed head, the rows."""
    guess = _known_heads.get(chain)
    chained = _chained(rows, guess, datetime.now(UTC))
    payload = json.dumps([{c: r.get(c, "") for c in _COLUMN_NAMES} for r in chained], default=str)
    head = guess if guess else (None, None)
    return chained, [chain, 7513, _lock_key(chain), head[0], head[1], payload]


def _append_postgres(chain, rows):
    """Append `rows` to `chain` on PostgreSQL, holding the chain's lock until commit.

    The rows are hashed on the head this process last knew and sent with it in one call
    (`casus_audit_append`): under the lock the database inserts them only when that is still
    the head, so that one round trip usually does it. When another process wrote in between,
    the call inserts nothing and returns the real head; the lock is then already ours, and the
    rows are hashed again on that head (with a fresh time) and inserted in a second trip.

    Time still follows seq: when the guess holds, nobody appended since this process's own
    last row, which is older than the time taken here.

    Inside `durable_later` (a view that owns its transaction, `audit.transaction`) the call
    also makes the transaction's COMMIT asynchronous, so that the lock is released without
    waiting for the WAL flush; the view then commits and waits for the disk in one round trip
    (`commit_durably`) before its response leaves.
    """
    chained, arguments = _on_guess(chain, rows)
    later = _durable_later.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT head_seq, head_hash, ids, locked_at "
            "FROM casus_audit_append(%s, %s, %s, %s, %s, %s, %s)",
            [*arguments, later],
        )
        head_seq, head_hash, ids, locked_at = cursor.fetchone()
    _start_lock_clock()
    if later:
        _lock_clock.durable_later = True
        if getattr(_lock_clock, "locked_at", None) is None:
            _lock_clock.locked_at = locked_at
    if ids is None:
        _lock_clock.missed = True
        head = (head_seq, head_hash) if head_seq is not None else None
        # Taken under the chain lock, so that time follows seq within the chain.
        chained = _chained(rows, head, datetime.now(UTC))
        written = [_insert(**chained[0])] if len(chained) == 1 else _insert_many(chained)
    else:
        written = [_row(pk, fields) for pk, fields in zip(ids, chained, strict=True)]
    last = written[-1]
    _known_heads[chain] = (last.seq, last.hash)
    return written


def _append_plain(chain, rows):
    """Read the head, then insert: SQLite (under the process lock), and PostgreSQL tests of a
    schema from before `casus_audit_append` existed."""
    last = AccessLog.objects.filter(chain=chain).order_by("-seq").values_list("seq", "hash").first()
    _start_lock_clock()
    chained = _chained(rows, last, datetime.now(UTC))
    return [_insert(**chained[0])] if len(chained) == 1 else _insert_many(chained)


def _append(events):
    """Append `events` (one row each) to their chains: for each chain (in a fixed order, so two
    requests never wait on each other crosswise) take its lock, number and hash the rows,
    and insert them in one statement. The lock is held until the caller's commit."""
    written: list[AccessLog] = []
    # No savepoint of its own: a failed audit write must fail the caller's whole transaction.
    with transaction.atomic(savepoint=False):
        per_chain = _per_chain(events)
        if connection.vendor == "postgresql":
            for chain in sorted(per_chain):
                written.extend(_append_postgres(chain, per_chain[chain]))
            return written
        with _sqlite_lock:
            for chain in sorted(per_chain):
                written.extend(_append_plain(chain, per_chain[chain]))
    return written


def _per_chain(events):
    """`events` grouped by chain ({chain: rows}), the first row covering the change entries
    written since this thread's last chained row (audit.changes; why this covers every entry:
    audit/__init__)."""
    covered = changes.cover(changes.take_noted())
    if covered:
        events = [dict(events[0], wijzigingen=covered), *events[1:]]
    per_chain: dict[str, list[dict]] = {}
    for values in events:
        per_chain.setdefault(values["chain"], []).append(values)
    return per_chain


def flush_and_commit(pending):
    """Append what `deferred` collected and commit the caller's transaction durably: the last
    step of a view that owns its transaction (`audit.transaction`, inside `durable_later`).

    When the rows go to one chain on PostgreSQL, the append, the COMMIT and the wait for the
    disk are one round trip (`APPEND_AND_COMMIT_SQL`): the database takes the chain lock,
    inserts the rows hashed on this process's guess of the head, commits (releasing the lock
    without waiting for the disk) and then waits for the disk, with no client round trip and
    no Python under the lock. The rows are appended under a savepoint: when the guess is stale
    the function raises (`casus_audit_append_on_head`) with the real head, the statements
    after it do not run, and the retry rolls back to the savepoint (undoing the attempt and
    its lock) and appends on that head, commits and waits, again in one round trip. Only when
    the head moved before each of `APPEND_ATTEMPTS` attempts are the rows appended as `flush`
    does (two trips under the lock) and committed with `commit_durably`.
    Otherwise (several chains, SQLite, a transaction not ours to make durable) it is `flush`
    followed by `commit_durably`. Nothing may run in the transaction after this."""
    events, pending[:] = list(pending), []
    if not events or connection.vendor != "postgresql" or not _durable_later.get():
        if events:
            _append(events)
        return commit_durably()
    per_chain = _per_chain(events)
    if len(per_chain) == 1:
        ((chain, rows),) = per_chain.items()
        lsn = _append_and_commit(chain, rows)
        if lsn is not None:
            return lsn
    for chain in sorted(per_chain):
        _append_postgres(chain, per_chain[chain])
    return commit_durably()


# One-trip attempts of a view's append before it falls back to taking the lock first: each
# retry hashes on the head the failed attempt found, so only a writer that appended in the
# short gap between two attempts makes the next one fail too.
APPEND_ATTEMPTS = 3


def _append_and_commit(chain, rows):
    """Append `rows` to `chain` and commit, in one round trip (see `flush_and_commit`).

    A stale guess makes the attempt fail with the real head, read under the lock (the error's
    DETAIL); the rows are then hashed again on that head, with a fresh time, and the rollback
    of the failed attempt, the append, the COMMIT and the wait go as one more round trip. No
    lock is held between two attempts. Time still follows seq: an attempt succeeds only on
    the head it was hashed on, whose row was committed before this process read it, and so
    before the time taken here.

    Returns the WAL position the flush reached beyond, or None when every attempt found the
    head moved (the transaction is then as before the first attempt and holds no chain lock;
    the caller appends under the lock)."""
    _start_lock_clock()
    statement = APPEND_AND_COMMIT_SQL
    with connection.cursor() as cursor:
        for _attempt in range(APPEND_ATTEMPTS):
            chained, params = _on_guess(chain, rows)
            try:
                cursor.execute(statement, params)
            except DatabaseError as error:
                cause = error.__cause__
                if getattr(cause, "sqlstate", None) != STALE_HEAD_SQLSTATE:
                    raise
                _lock_clock.missed = True
                _known_heads[chain] = _head_from(cause)
                statement = RETRY_APPEND_AND_COMMIT_SQL
                continue
            # The first statement is the SAVEPOINT, or the rollback of the failed attempt.
            cursor.nextset()
            (locked_at,) = cursor.fetchone()
            cursor.nextset()  # the COMMIT
            cursor.nextset()
            released_at, lsn, _xid = cursor.fetchone()
            break
        else:
            cursor.execute(ROLLBACK_APPEND_SQL)
            return None
    _lock_clock.held = (released_at - locked_at).total_seconds()
    last = chained[-1]
    _known_heads[chain] = (last["seq"], last["hash"])
    return lsn


def _head_from(error):
    """The head a refused one-trip append found: (seq, hash), or None for an empty chain."""
    seq, _, hash_ = (getattr(error.diag, "message_detail", None) or "").partition(" ")
    return (int(seq), hash_) if seq else None


def _start_lock_clock():
    if getattr(_lock_clock, "taken", None) is None:
        _lock_clock.taken = time.perf_counter()


_pending: ContextVar[list | None] = ContextVar("audit_pending", default=None)
# Whether an append may leave its transaction's WAL flush to the caller (see `durable_later`).
_durable_later: ContextVar[bool] = ContextVar("audit_durable_later", default=False)
# When this thread's transaction took its first chain lock (read by audit.transaction).
_lock_clock = threading.local()


def lock_taken_since():
    """How long (seconds) this thread's transaction held its chain lock, then forget it (None:
    no lock). After `commit_durably` this is the database's own measure, from taking the lock
    to just after the COMMIT that released it; otherwise this process's, from the end of the
    append call (the INSERT under the lock not included) to now."""
    taken = getattr(_lock_clock, "taken", None)
    held = getattr(_lock_clock, "held", None)
    _lock_clock.taken = _lock_clock.held = _lock_clock.locked_at = None
    if held is not None:
        return held
    return None if taken is None else time.perf_counter() - taken


@contextmanager
def durable_later(enabled=True):
    """Within this block an append on PostgreSQL makes its transaction's COMMIT asynchronous
    (synchronous_commit off for that transaction), so that the chain lock is released without
    waiting for the disk. Only for a caller that owns the transaction and ends it with
    `commit_durably` before anything of it leaves the server (`audit.transaction`)."""
    token = _durable_later.set(enabled)
    try:
        yield
    finally:
        _durable_later.reset(token)


def commit_durably():
    """The last step of a transaction whose append left its flush to the caller
    (`durable_later`): COMMIT, which releases the chain lock without waiting for the disk, and
    then wait until that commit is on disk, in one round trip (`COMMIT_DURABLY_SQL`). Nothing
    may run in the transaction after this; the caller's own commit then finds none open and
    sends nothing. Raises when the database cannot confirm it (after a failed COMMIT the
    transaction is rolled back). Returns the WAL position (of its message) that the flush
    reached beyond, or None when there was nothing to commit this way."""
    if not getattr(_lock_clock, "durable_later", False):
        return None
    _lock_clock.durable_later = False
    with connection.cursor() as cursor:
        cursor.execute(COMMIT_DURABLY_SQL)
        cursor.nextset()
        released_at, lsn, _xid = cursor.fetchone()
    locked_at = getattr(_lock_clock, "locked_at", None)
    if locked_at is not None:
        _lock_clock.held = (released_at - locked_at).total_seconds()
    return lsn


def forget_durable_later():
    """Drop a pending `commit_durably` of an earlier request on this thread (its transaction
    rolled back, so nothing of it committed)."""
    _lock_clock.durable_later = False


def lock_guess_missed():
    """Whether this thread's last append found its head guess stale (a retry, or a second
    round trip under the lock), then forget it."""
    missed = getattr(_lock_clock, "missed", False)
    _lock_clock.missed = False
    return missed


@contextmanager
def deferred():
    """Collect the rows written inside this block instead of appending them at once; the
    caller appends them with `flush` as the last step of its transaction (see
    `audit.transaction.audited_view`). Yields the list of collected events."""
    pending: list = []
    token = _pending.set(pending)
    try:
        yield pending
    finally:
        _pending.reset(token)


def flush(pending):
    """Append what `deferred` collected (inside the caller's transaction) and forget it."""
    events, pending[:] = list(pending), []
    return _append(events) if events else []


def write(**fields):
    """Write one event (`audit.log` builds the fields) in the current transaction.

    Who, from where and why come from `actor` (`core.actor.Actor`); `user` overrides the
    person named in the row (account events name the account, whoever triggered them).
    An event showing several persons is one row about the first, listing all of them in
    `personen` (found with `models.over_persoon`), so the chain covers the whole list. Inside
    `deferred`
    the event is collected and appended when the block's owner flushes; the returned row is
    then not saved yet.
    """
    values = _values(**fields)
    pending = _pending.get()
    if pending is not None:
        pending.append(values)
        return AccessLog(**values)
    return _append([values])[0]
