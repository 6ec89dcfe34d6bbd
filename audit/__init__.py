"""The immutable access log. `audit.log` is the one way in (a typed function per event family);
`audit.hooks` is where higher apps plug in what the review needs to know about them.

Write path under load: each view runs in a transaction of its own (`audit.transaction`), its
audit events are collected while it works and renders, and appended to their chains as the last
step before commit. The house's chain lock (a PostgreSQL advisory lock per chain, which keeps
the chain linear) is therefore held from one call to the COMMIT, not through rendering:
audited requests of one house no longer queue behind each other's templates. That call
(`casus_audit_append`) takes the lock, checks the head the rows were hashed on (the one this
process last knew) and inserts them; on a stale guess it returns the real head and the rows
are hashed again and inserted under the lock already held. The request's session change
commits in the same transaction, so an audited read adds one round trip and no durable
commit of its own. No
change commits without its rows (same transaction), and no response leaves before its rows
committed (a failed audit write becomes an error page, never the data).
"""
