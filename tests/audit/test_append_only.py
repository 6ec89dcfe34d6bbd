"""The database refuses UPDATE, DELETE and TRUNCATE on the audit tables (PostgreSQL, SQLite)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from audit import events, record
from audit.models import AccessLog
from tests.partners.factories import OrganisatieFactory

ROOT = Path(__file__).resolve().parents[2]


def _refused(sql, params=()):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


def test_raw_update_and_delete_fail_on_postgresql(zvh):
    row = record(event=events.INLOGGEN, zvh=zvh)
    _refused("UPDATE audit_accesslog SET detail = 'vervalst' WHERE id = %s", [row.pk])
    _refused("DELETE FROM audit_accesslog WHERE id = %s", [row.pk])
    row.refresh_from_db()
    assert row.detail == ""


def test_orm_update_and_delete_fail_too(zvh):
    row = record(event=events.INLOGGEN, zvh=zvh)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).update(detail="vervalst")
    with pytest.raises(DatabaseError), transaction.atomic():
        row.delete()
    assert AccessLog.objects.filter(pk=row.pk, detail="").exists()


def test_truncate_fails_on_postgresql(zvh):
    record(event=events.INLOGGEN, zvh=zvh)
    # The test suite's connections may flush (AUDIT_ALLOW_FLUSH); an application's may not.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL casus.audit_flush = 'off'")
        cursor.execute("TRUNCATE audit_accesslog")
    assert AccessLog.objects.count() == 1


def test_auditlog_table_is_protected_like_ours(db):
    OrganisatieFactory()
    from auditlog.models import LogEntry

    entry = LogEntry.objects.get()
    _refused("UPDATE auditlog_logentry SET changes_text = 'x' WHERE id = %s", [entry.pk])
    _refused("DELETE FROM auditlog_logentry WHERE id = %s", [entry.pk])
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks
        cursor.execute("SET LOCAL casus.audit_flush = 'off'")
        cursor.execute("TRUNCATE auditlog_logentry")


def test_retention_setting_opens_delete_only(zvh):
    row = record(event=events.INLOGGEN, zvh=zvh)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL casus.audit_retention = 'on'")
        _refused("UPDATE audit_accesslog SET detail = 'x' WHERE id = %s", [row.pk])
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_accesslog WHERE id = %s", [row.pk])
        assert not AccessLog.objects.filter(pk=row.pk).exists()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory):
    """A SQLite database migrated by the real migrations, holding one row written by record()."""
    path = tmp_path_factory.mktemp("sqlite") / "audit.sqlite3"
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{path}"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603
    script = (
        "from audit import record; from partners.services import maak_organisatie; "
        "record(event='inloggen'); maak_organisatie(naam='Politie', type='politie'); print('ok')"
    )
    done = subprocess.run(  # noqa: S603
        [*manage, "shell", "-c", script], env=env, check=True, cwd=ROOT, capture_output=True
    )
    assert b"ok" in done.stdout
    return path


@pytest.mark.parametrize("table", ["audit_accesslog", "auditlog_logentry"])
def test_raw_update_and_delete_fail_on_sqlite(sqlite_db, table):
    db = sqlite3.connect(sqlite_db)
    try:
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] >= 1  # noqa: S608
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute(f"UPDATE {table} SET id = id")  # noqa: S608
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute(f"DELETE FROM {table}")  # noqa: S608
        db.rollback()
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] >= 1  # noqa: S608
    finally:
        db.close()


def test_sqlite_retention_marker_opens_delete(sqlite_db):
    db = sqlite3.connect(sqlite_db)
    try:
        db.execute("INSERT INTO audit_retentie_vrijgave (id) VALUES (1)")
        db.execute("DELETE FROM audit_accesslog")
        assert db.execute("SELECT count(*) FROM audit_accesslog").fetchone()[0] == 0
        db.rollback()
    finally:
        db.close()
