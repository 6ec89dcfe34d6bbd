"""How PostgreSQL stores the audit rows: a list page's pseudonyms stay in the row itself, so
that the INSERT under the chain lock writes no TOAST chunks (audit migration 0011)."""

import secrets
from types import SimpleNamespace

import pytest
from django.db import connection

from audit import events
from audit.models import AccessLog
from tests.audit.rows import record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's storage"),
]


def test_a_hundred_pseudonyms_are_stored_in_the_row_not_in_toast(zvh):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attstorage, c.reltoastrelid::regclass::text FROM pg_attribute a "
            "JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE a.attrelid = 'audit_accesslog'::regclass AND a.attname = 'personen'"
        )
        storage, toast = cursor.fetchone()
        assert storage == "m"  # MAIN, and a row up to a page stays whole (toast_tuple_target)
        cursor.execute(f"SELECT count(*) FROM {toast}")  # noqa: S608 (a catalog's name)
        before = cursor.fetchone()[0]
    shown = [SimpleNamespace(audit_pseudoniem=secrets.token_hex(32)) for _ in range(100)]
    record(event=events.TRIAGE_WERKVOORRAAD_BEKEKEN, zvh=zvh, personen=shown)
    row = AccessLog.objects.get(event_type=events.TRIAGE_WERKVOORRAAD_BEKEKEN)
    assert len(row.personen.split()) == 100
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {toast}")  # noqa: S608
        assert cursor.fetchone()[0] == before
