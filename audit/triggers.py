"""Database triggers that make the audit tables append-only, per database vendor.

PostgreSQL: a row trigger refuses UPDATE and DELETE and a statement trigger refuses TRUNCATE.
Two transaction settings open a narrow, explicit door:

* ``casus.audit_retention = 'on'`` (``SET LOCAL`` inside the retention command's transaction)
  lets DELETE through — only `manage.py audit_retentie` sets it;
* ``casus.audit_flush = 'on'`` lets TRUNCATE through — only the test suite sets it (Django
  empties tables with TRUNCATE between transactional tests), see ``AUDIT_ALLOW_FLUSH``.

In production the application role has only INSERT and SELECT on these tables (README), so the
settings give it nothing; retention runs as the owner role.

SQLite (demo only) has no session settings: BEFORE UPDATE/DELETE triggers RAISE(ABORT), and
DELETE passes only while the retention command holds a row in ``audit_retentie_vrijgave``
inside its own transaction.
"""

from django.core.exceptions import ImproperlyConfigured

PROTECTED_TABLES = ("audit_accesslog", "auditlog_logentry")

PG_FUNCTION = r"""
CREATE OR REPLACE FUNCTION casus_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('casus.audit_retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'TRUNCATE' AND current_setting('casus.audit_flush', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""

SQLITE_BYPASS_TABLE = "audit_retentie_vrijgave"


def postgres_install(table):
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION casus_audit_append_only()",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION casus_audit_append_only()",
    ]


def postgres_uninstall(table):
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
    ]


def sqlite_install(table):
    # Table names are the constants above, never input.
    no_delete = (
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "  # noqa: S608
        f"WHEN NOT EXISTS (SELECT 1 FROM {SQLITE_BYPASS_TABLE}) "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END"
    )
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_update",
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END",
        f"DROP TRIGGER IF EXISTS {table}_no_delete",
        no_delete,
    ]


def sqlite_uninstall(table):
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_update",
        f"DROP TRIGGER IF EXISTS {table}_no_delete",
    ]


def sqlite_accesslog_off(apps, schema_editor):
    """Migration step: drop the access log's SQLite triggers before SQLite rebuilds the table
    (adding a NOT NULL column), which would lose them and whose internal DELETE they refuse."""
    if schema_editor.connection.vendor == "sqlite":
        for statement in sqlite_uninstall("audit_accesslog"):
            schema_editor.execute(statement, params=None)


def sqlite_accesslog_on(apps, schema_editor):
    """Migration step: install the SQLite triggers again after such a rebuild."""
    if schema_editor.connection.vendor == "sqlite":
        for statement in install_statements("sqlite"):
            schema_editor.execute(statement, params=None)


SQLITE_BYPASS_DDL = f"CREATE TABLE IF NOT EXISTS {SQLITE_BYPASS_TABLE} (id INTEGER PRIMARY KEY)"


def install_statements(vendor):
    """Every statement that protects the audit tables on `vendor`, in order."""
    if vendor == "postgresql":
        statements = [PG_FUNCTION]
        for table in PROTECTED_TABLES:
            statements += postgres_install(table)
        return statements
    if vendor == "sqlite":
        statements = [SQLITE_BYPASS_DDL]
        for table in PROTECTED_TABLES:
            statements += sqlite_install(table)
        return statements
    raise ImproperlyConfigured(
        f"The audit tables are protected on PostgreSQL and SQLite only, not on {vendor!r}."
    )


def uninstall_statements(vendor):
    if vendor == "postgresql":
        statements = []
        for table in PROTECTED_TABLES:
            statements += postgres_uninstall(table)
        return [*statements, "DROP FUNCTION IF EXISTS casus_audit_append_only()"]
    if vendor == "sqlite":
        statements = []
        for table in PROTECTED_TABLES:
            statements += sqlite_uninstall(table)
        return [*statements, f"DROP TABLE IF EXISTS {SQLITE_BYPASS_TABLE}"]
    raise ImproperlyConfigured(
        f"The audit tables are protected on PostgreSQL and SQLite only, not on {vendor!r}."
    )


# The chain head for the writer, in one round trip: take the chain's advisory lock, then read
# the head. VOLATILE, so the SELECT takes a fresh snapshot after the lock is granted and sees
# the row the previous holder committed.
PG_HEAD_FUNCTION = r"""
CREATE OR REPLACE FUNCTION casus_audit_head(p_chain text, p_class integer, p_key integer)
RETURNS TABLE (head_seq bigint, head_hash text)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(p_class, p_key);
    RETURN QUERY
        SELECT a.seq, a.hash::text FROM audit_accesslog a
        WHERE a.chain = p_chain ORDER BY a.seq DESC LIMIT 1;
END
$$;
"""
PG_HEAD_FUNCTION_DROP = "DROP FUNCTION IF EXISTS casus_audit_head(text, integer, integer)"


# The writer's append in one round trip when it knows the chain head: take the chain's lock,
# read the head and, when it is the one the writer hashed its rows on (`p_seq`, `p_hash`; NULL
# for an empty chain), insert the rows (a JSON array of objects keyed by column name) and return
# their ids. Otherwise insert nothing and return the real head: the caller then holds the lock,
# hashes again on that head and inserts in a second round trip. VOLATILE (see
# casus_audit_head). The column list is static, so PL/pgSQL plans the INSERT once per
# connection; a new AccessLog column needs the function created again with it (a test compares
# the function with the model).
#
# `durable_later` (migration 0010 on) gives the function a seventh argument and a fourth result:
# with `p_durable_later` the transaction's COMMIT does not wait for the disk
# (synchronous_commit off for this transaction only), so that the chain lock is released
# without the WAL flush; the caller commits and waits for the disk in one round trip, before
# anything leaves the server (`audit.transaction`, `COMMIT_DURABLY_SQL`). `locked_at` is when
# the lock was taken (the database's clock), so that the caller can tell how long it held it.
def pg_append_function(columns, *, durable_later=False):
    """The function's text for `columns`: constant column names from a migration, never input."""
    if not all(c.isidentifier() for c in columns):
        raise ValueError(f"Not column names: {columns!r}")
    listed = ", ".join(columns)
    if durable_later:
        signature = (
            "p_chain text, p_class integer, p_key integer, p_seq bigint, p_hash text, "
            "p_rows jsonb, p_durable_later boolean"
        )
        returns = "head_seq bigint, head_hash text, ids bigint[], locked_at timestamptz"
        declare = "    locked timestamptz;\n"
        after_lock = (
            "    locked := clock_timestamp();\n"
            "    IF p_durable_later THEN\n"
            "        PERFORM set_config('synchronous_commit', 'off', true);\n"
            "    END IF;\n"
        )
        extra = ", locked"
    else:
        signature = (
            "p_chain text, p_class integer, p_key integer, p_seq bigint, p_hash text, p_rows jsonb"
        )
        returns = "head_seq bigint, head_hash text, ids bigint[]"
        declare = after_lock = extra = ""
    return f"""
CREATE OR REPLACE FUNCTION casus_audit_append(
    {signature}
)
RETURNS TABLE ({returns})
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
{declare}    h_seq bigint;
    h_hash text;
    inserted bigint[];
BEGIN
    PERFORM pg_advisory_xact_lock(p_class, p_key);
{after_lock}    SELECT a.seq, a.hash::text INTO h_seq, h_hash FROM audit_accesslog a
        WHERE a.chain = p_chain ORDER BY a.seq DESC LIMIT 1;
    IF h_seq IS DISTINCT FROM p_seq OR h_hash IS DISTINCT FROM p_hash THEN
        RETURN QUERY SELECT h_seq, h_hash, NULL::bigint[]{extra};
        RETURN;
    END IF;
    WITH ins AS (
        INSERT INTO audit_accesslog ({listed})
        SELECT {listed} FROM jsonb_populate_recordset(NULL::audit_accesslog, p_rows)
        RETURNING id
    )
    SELECT array_agg(id ORDER BY id) INTO inserted FROM ins;
    RETURN QUERY SELECT h_seq, h_hash, inserted{extra};
END
$$;
"""  # noqa: S608


PG_APPEND_FUNCTION_DROP = (
    "DROP FUNCTION IF EXISTS casus_audit_append(text, integer, integer, bigint, text, jsonb)"
)
PG_APPEND_FUNCTION_DURABLE_LATER_DROP = (
    "DROP FUNCTION IF EXISTS "
    "casus_audit_append(text, integer, integer, bigint, text, jsonb, boolean)"
)

# The COMMIT of a transaction whose append left its flush to the caller, and the wait for the
# disk, in one round trip (a simple query of two statements): the COMMIT writes its commit
# record and releases the chain lock at once; then a transaction of its own with a transaction
# id and one WAL record (a logical message that no decoder reads; allowed to every role on
# wal_level replica) commits synchronously, and its flush covers every earlier commit record in
# the WAL, the caller's included. It returns when the lock was released (the clock just after
# that COMMIT) and where the message lies in the WAL.
COMMIT_DURABLY_SQL = (
    "COMMIT; SELECT clock_timestamp(), pg_logical_emit_message(false, 'casus-audit', ''), "
    "pg_current_xact_id()"
)


# The append of a view's rows, its COMMIT and the wait for the disk in one round trip (a simple
# query of four statements, `recorder.flush_and_commit`), so that no client round trip runs
# while the chain lock is held. `casus_audit_append_on_head` (migration 0012) is the durable-
# later append that raises STALE_HEAD_SQLSTATE instead of returning the real head when the
# caller's guess is stale; the statements after it then do not run, and the caller rolls back
# to the savepoint (ROLLBACK_APPEND_SQL), which also releases the lock the attempt took.
STALE_HEAD_SQLSTATE = "CA001"  # raised by the function below, written out there
PG_APPEND_ON_HEAD_FUNCTION_0012 = """
CREATE OR REPLACE FUNCTION casus_audit_append_on_head(
    p_chain text, p_class integer, p_key integer, p_seq bigint, p_hash text, p_rows jsonb
)
RETURNS timestamptz
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    appended record;
BEGIN
    SELECT * INTO appended
        FROM casus_audit_append(p_chain, p_class, p_key, p_seq, p_hash, p_rows, true);
    IF appended.ids IS NULL THEN
        RAISE EXCEPTION 'audit chain %: the head moved', p_chain
            USING ERRCODE = 'CA001';
    END IF;
    RETURN appended.locked_at;
END
$$;
"""
# From migration 0013 on the error carries the real head, read under the lock, in its DETAIL
# ("<seq> <hash>", empty for an empty chain: hash values, nothing of a person), so that the
# caller hashes again on it and retries in one round trip (`RETRY_APPEND_AND_COMMIT_SQL`)
# instead of two under the lock.
PG_APPEND_ON_HEAD_FUNCTION = """
CREATE OR REPLACE FUNCTION casus_audit_append_on_head(
    p_chain text, p_class integer, p_key integer, p_seq bigint, p_hash text, p_rows jsonb
)
RETURNS timestamptz
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    appended record;
BEGIN
    SELECT * INTO appended
        FROM casus_audit_append(p_chain, p_class, p_key, p_seq, p_hash, p_rows, true);
    IF appended.ids IS NULL THEN
        RAISE EXCEPTION 'audit chain %: the head moved', p_chain
            USING ERRCODE = 'CA001',
                  DETAIL = coalesce(appended.head_seq::text, '') || ' '
                      || coalesce(appended.head_hash, '');
    END IF;
    RETURN appended.locked_at;
END
$$;
"""
PG_APPEND_ON_HEAD_FUNCTION_DROP = (
    "DROP FUNCTION IF EXISTS "
    "casus_audit_append_on_head(text, integer, integer, bigint, text, jsonb)"
)
APPEND_AND_COMMIT_SQL = (
    "SAVEPOINT casus_audit_append; "
    "SELECT casus_audit_append_on_head(%s, %s, %s, %s, %s, %s); " + COMMIT_DURABLY_SQL
)
ROLLBACK_APPEND_SQL = "ROLLBACK TO SAVEPOINT casus_audit_append"
# The retry after a stale guess, on the head the error named: the rollback of the failed
# attempt (which released its lock), the append, the COMMIT and the wait, again one round trip.
RETRY_APPEND_AND_COMMIT_SQL = (
    ROLLBACK_APPEND_SQL
    + "; SELECT casus_audit_append_on_head(%s, %s, %s, %s, %s, %s); "
    + COMMIT_DURABLY_SQL
)
