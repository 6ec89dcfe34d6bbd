"""One transaction per view, with the audit chain locked only for its last few milliseconds.

Without this, the first audit row of a request takes its house's chain lock and keeps it until
the view's transaction commits, template rendering included, so every audited request of a
house waits for the previous one to finish rendering. Here every view runs in a transaction of
its own (instead of ATOMIC_REQUESTS) while its audit events are collected; when the view has
returned its rendered response, the events are appended to their chains as the last step
before commit. Both promises hold:

* no change is committed without its audit rows: they are inserted in the same transaction,
  and a failure to insert them rolls the change back;
* no personal data leaves the server without its audit row: the response is returned (and
  sent) only after that transaction committed; if the audit write fails, the user gets an
  error page, never the data.

The chain lock is held from one call (lock, head check and INSERT, `casus_audit_append`) to
the COMMIT; the session's last-seen time commits in the same transaction. The append and the
COMMIT travel in one round trip (`recorder.flush_and_commit`), so that the lock is held only
for the database's own work: no network trip and no Python run while it is held.

The lock is not held while the commit waits for the disk. A synchronous COMMIT releases its
locks only after the WAL flush (about a millisecond here for a small row, growing with the
WAL the request wrote: a list page's row of a hundred pseudonyms, with its TOAST chunks and
GIN entries, writes some 20 kB), so every append of a house would queue behind the previous
one's disk write. Instead the append turns synchronous_commit off for the view's own
transaction (`casus_audit_append(..., p_durable_later)`): the COMMIT writes its commit record
and releases the lock at once, and a transaction of its own, sent in the same round trip
(`triggers.COMMIT_DURABLY_SQL`: "COMMIT; SELECT ..."), then commits synchronously: its flush
covers every earlier commit record in the WAL, this one included. Only then is the response
returned. The append travels with them: "SAVEPOINT; SELECT casus_audit_append_on_head(...);
COMMIT; SELECT ...", in place of the COMMIT any view sends: an audited read costs no round
trip more than an unaudited one (the heads are read by the session's save, below, which every
view sends). When the head guess is stale
the function raises with the real head it found, the COMMIT after it does not run, and one
more round trip rolls back to the savepoint (releasing the lock the attempt took), appends on
that head, commits and waits ("ROLLBACK TO SAVEPOINT; SELECT ...; COMMIT; SELECT ..."). Only
after `recorder.APPEND_ATTEMPTS` such misses in a row are the rows appended in two trips
under the lock and committed in a third.
For a crash this means: a commit that was not flushed yet is lost as a whole (the change with
its audit rows) and its response had not left, so nobody outside saw it; another page that
showed it in that moment wrote an audit row of its own (every page with personal data does)
and so waited for its own flush, which lies later in the WAL and covers it; and the WAL is
replayed in order, so the chain after recovery is a prefix of the chain before, never one with
a gap. Outside such a view (commands, tasks, a view inside an
outer transaction) an append commits synchronously as before.

The append hashes its rows on a guess of the chain's head and needs a second round trip (a
retry, no lock held in between) when the guess is stale. A process's own last append is a
poor guess when several processes (gunicorn workers, machines) serve one house: they take
turns. So the statement
that saves the session also reads, without a lock, the current head of every chain the
request is about to append to (one statement, no extra round trip); the guess is then stale
only when another request appended in the fraction of a millisecond between that read and the
append. Staleness is never unsafe: the append checks the guess under the lock.
Each request logs how long it held the lock (logger "audit.chainlock", DEBUG, milliseconds,
by the database's clock: from taking the lock to just after the COMMIT that released it), with
"miss" when its guess was stale.
"""

import logging
from functools import wraps

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.db import connection, transaction

from .recorder import (
    HEADS_SQL,
    deferred,
    durable_later,
    flush_and_commit,
    forget_durable_later,
    lock_guess_missed,
    lock_taken_since,
    note_heads,
)

# DEBUG records how long each request held a chain lock (taken in flush, released at commit);
# the load benchmark reads them.
lock_log = logging.getLogger("audit.chainlock")


def audited_view(view):
    """Wrap a view: its own transaction, its audit rows appended just before commit."""
    if getattr(view, "_audited_view", False):
        return view

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        lock_taken_since()  # nothing left over from an earlier request on this thread
        forget_durable_later()
        # Only a transaction of our own may commit asynchronously: inside an outer one (a
        # test's, a caller's) the commit is not ours to make durable.
        owned = not connection.in_atomic_block
        with deferred() as pending, durable_later(owned), transaction.atomic():
            response = view(request, *args, **kwargs)
            render = getattr(response, "render", None)
            if callable(render) and not getattr(response, "is_rendered", True):
                response = render()  # a TemplateResponse: render before the lock is taken
            _save_session(request, chains=sorted({event["chain"] for event in pending}))
            # Append, COMMIT (the chain lock is released without waiting for the disk) and
            # wait for the disk, in one round trip; nothing of the response leaves before. If
            # it fails, the error page goes out. Our atomic block then finds the transaction
            # closed.
            flush_and_commit(pending)
        held = lock_taken_since()
        missed = lock_guess_missed()
        if held is not None:
            lock_log.debug("%.3f%s", held * 1000, " miss" if missed else "")
        return response

    setattr(wrapped, "_audited_view", True)  # noqa: B010  (a marker on a function)
    return wrapped


def _save_session(request, chains=()):
    """Write the session's change of this request (its last-seen time, set by middleware on
    every request) in the view's transaction, so that a request commits once: its audit rows
    and its session together, one durable flush instead of two. A session that is new, empty
    or gone, or whose key changed (login, second factor), is left to SessionMiddleware, which
    creates, deletes or refuses it and sets the cookie as usual."""
    session = getattr(request, "session", None)
    if (
        not isinstance(session, DbSessionStore)
        or not session.modified
        or session.session_key is None
        or session.session_key != request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        or session.is_empty()
    ):
        return
    stored = session.create_model_instance(dict(session.items()))
    if chains and connection.vendor == "postgresql":
        updated = _save_session_and_read_heads(session.model, stored, chains)
    else:
        updated = session.model.objects.filter(session_key=stored.session_key).update(
            session_data=stored.session_data, expire_date=stored.expire_date
        )
    if updated:
        session.modified = False


def _save_session_and_read_heads(model, stored, chains):
    """The session UPDATE and the heads of `chains` in one statement (see the module
    docstring); returns how many session rows were updated (0 or 1)."""
    table = connection.ops.quote_name(model._meta.db_table)
    sql = (
        f"WITH s AS (UPDATE {table} SET session_data = %s, expire_date = %s "  # noqa: S608
        f"WHERE session_key = %s RETURNING 1), heads AS ({HEADS_SQL}) "
        "SELECT (SELECT count(*) FROM s), heads.chain, heads.seq, heads.hash FROM heads"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [stored.session_data, stored.expire_date, stored.session_key, list(chains)]
        )
        rows = cursor.fetchall()
    note_heads({chain: (seq, hash_) if seq is not None else None for _n, chain, seq, hash_ in rows})
    return rows[0][0] if rows else 0


def audit_urlpatterns(patterns):
    """Wrap the view of every URL pattern (recursively through includes) in `audited_view`."""
    from django.urls import URLPattern, URLResolver

    for entry in patterns:
        if isinstance(entry, URLResolver):
            audit_urlpatterns(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            entry.callback = audited_view(entry.callback)
    return patterns
