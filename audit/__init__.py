"""The immutable access log. `audit.log` is the one way in (a typed function per event family);
`audit.hooks` is where higher apps plug in what the review needs to know about them.

Write path under load: each view runs in a transaction of its own (`audit.transaction`), its
audit events are collected while it works and renders, and appended to their chains as the last
step before commit. The house's chain lock (a PostgreSQL advisory lock per chain, which keeps
the chain linear) is therefore held from one call to the COMMIT, not through rendering:
audited requests of one house no longer queue behind each other's templates. That call
(`casus_audit_append`) takes the lock, checks the head the rows were hashed on and inserts
them; on a stale guess it returns the real head and the rows are hashed again and inserted
under the lock already held. The guess is read without a lock by the statement that saves the
request's session change just before (so it is fresh even when workers take turns), and that
session change commits in the same transaction. The COMMIT releases the lock without waiting
for the disk (synchronous_commit off for that transaction only); in the same round trip a
commit of its own, outside the lock, waits for the disk before the view returns
(`recorder.commit_durably`;
why a crash can then lose nothing that anybody saw, and never leaves the chain with a gap:
`audit.transaction`). No change commits without its rows (same transaction), and no response
leaves before its rows are on disk (a failed audit write or flush becomes an error page, never
the data).

django-auditlog's change entries (`auditlog_logentry`) are tied to the chain (audit.changes):
a chained row carries the ids of the change entries it covers and a SHA-256 over their
content, inside its HMAC. Every entry gets covered, because a post_save receiver notes each new
entry's id for its thread, and every append to a chain first takes the noted ids and covers
them in its first row:

* in a view (`audit.transaction`) the entries written while the view works are noted, and the
  flush just before commit covers them in the request's own first row: same transaction;
* a service called outside a view (command, task, test) appends each row at once; its entries
  were written before its `audit.log` call (the service saves, then records), so that call
  covers them, again in the same transaction;
* an entry written with no audit row after it in its transaction (which the architecture does
  not allow: every write is audited) is covered by the next row its thread appends. The digest
  is computed from the rows read back inside the writer's transaction, so ids of entries a
  rollback undid drop out.

`audit_verify` recomputes each covering row's digest from the change table (altered entry:
digest differs; removed entry: id missing) and lists every entry no row covers (forged), except
those below the lowest id any remaining row covers: entries from before the coupling (migration
audit 0007) and entries whose covering rows retention removed. It reports their number, so a
change in it between runs stands out; an entry forged with an explicit id below that floor is
not attributed, which is the limit of this check.

`audit_verify` reports every break, not only the first: after a break it continues from the row
as stored, up to `--max-fouten` per chain. Checkpoints are written every 5 minutes by a systemd
timer (deploy/systemd, README) to a directory on write-once storage.
"""
