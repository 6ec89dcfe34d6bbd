"""The database refuses UPDATE, DELETE and TRUNCATE on the audit tables (PostgreSQL, SQLite)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from audit import events
from audit.models import AccessLog
from tests.audit.rows import record
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


def _sqlite_env(path, **extra):
    return {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{path}", **extra}


MANAGE = [sys.executable, str(ROOT / "manage.py")]


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory):
    """A SQLite database migrated by the real migrations, holding one row written by record()."""
    path = tmp_path_factory.mktemp("sqlite") / "audit.sqlite3"
    env = _sqlite_env(path)
    manage = MANAGE
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603
    script = (
        "from audit.recorder import write; from core.actor import machine_actor; "
        "from partners.services import maak_organisatie; "
        "write(actor=machine_actor('test'), event='inloggen'); "
        "maak_organisatie(naam='Politie', type='politie'); print('ok')"
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


def test_sqlite_checkpoint_retention_and_verify(tmp_path):
    """The demo database: the commands work there too, retention through the marker row."""
    path = tmp_path / "demo.sqlite3"
    env = _sqlite_env(path, AUDIT_CHECKPOINT_DIR=str(tmp_path / "cp"))

    def manage(*args, **extra):
        return subprocess.run(  # noqa: S603
            [*MANAGE, *args], env={**env, **extra}, cwd=ROOT, capture_output=True, text=True
        )

    assert manage("migrate", "--noinput", "-v0").returncode == 0
    script = (
        "from audit.recorder import write\nfrom core.actor import machine_actor\n"
        "for _ in range(3): write(actor=machine_actor('test'), event='inloggen')"
    )
    assert manage("shell", "-c", script).returncode == 0
    assert manage("audit_checkpoint").returncode == 0
    verified = manage("audit_verify")
    assert verified.returncode == 0 and "systeem: 3 regels in orde" in verified.stdout
    # A retention period that has expired everything: all rows but the head go.
    removed = manage("audit_retentie", AUDIT_RETENTION_DAYS="-40")
    assert removed.returncode == 0, removed.stderr
    assert "keten systeem: 2 regels t/m seq 2" in removed.stdout
    verified = manage("audit_verify")
    assert verified.returncode == 0, verified.stderr
    db = sqlite3.connect(path)
    try:
        assert db.execute("SELECT seq FROM audit_accesslog").fetchall() == [(3,)]
        assert db.execute("SELECT count(*) FROM audit_retentie_vrijgave").fetchone()[0] == 0
    finally:
        db.close()
    # A row altered behind the triggers' back is found on SQLite as well.
    assert (
        manage(
            "shell",
            "-c",
            "from audit.recorder import write; from core.actor import machine_actor; "
            "write(actor=machine_actor('test'), event='inloggen')",
        ).returncode
        == 0
    )
    assert manage("audit_verify").returncode == 0  # the chain continues after the kept head
    db = sqlite3.connect(path)
    try:
        db.execute("DROP TRIGGER audit_accesslog_no_update")
        db.execute("UPDATE audit_accesslog SET detail = 'vervalst'")
        db.commit()
    finally:
        db.close()
    broken = manage("audit_verify")
    assert broken.returncode != 0 and "seq 3" in broken.stderr and "HMAC" in broken.stderr
