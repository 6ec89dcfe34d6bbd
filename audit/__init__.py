"""The immutable access log. `audit.log` is the one way in (a typed function per event family);
`audit.hooks` is where higher apps plug in what the review needs to know about them.

Write path under load: each view runs in a transaction of its own (`audit.transaction`), its
audit events are collected while it works and renders, and appended to their chains as the last
step before commit. The house's chain lock (a PostgreSQL advisory lock per chain, which keeps
the chain linear) is therefore held for one head read, one INSERT and the COMMIT, not through
rendering: audited requests of one house no longer queue behind each other's templates. No
change commits without its rows (same transaction), and no response leaves before its rows
committed (a failed audit write becomes an error page, never the data).
"""
