"""The chain append on PostgreSQL: one round trip when the process knows the head, a second
one (under the lock it already holds) when another process wrote in between."""

import pytest
from django.core.management import call_command
from django.db import connection

from audit import events, log, recorder
from audit.models import AccessLog
from tests.conftest import actor_for


def _statements(run):
    sql = []

    def count(execute, query, params, many, context):
        sql.append(query)
        return execute(query, params, many, context)

    with connection.execute_wrapper(count):
        run()
    return sql


def _write(actor, n=1):
    for _ in range(n):
        log.change(actor=actor, event=events.ORGANISATIE_AANGEMAAKT)


def _chain(zvh):
    return list(
        AccessLog.objects.filter(chain=recorder.chain_for(zvh.pk))
        .order_by("seq")
        .values_list("seq", "prev_hash", "hash")
    )


def test_a_known_head_appends_in_one_round_trip(zvh, make_user):
    actor = actor_for(make_user(zvh), zvh)
    _write(actor)  # this process now knows the head
    sql = _statements(lambda: _write(actor))
    assert len(sql) == 1 and "casus_audit_append" in sql[0]
    rows = _chain(zvh)
    assert [seq for seq, _, _ in rows] == [1, 2]
    assert rows[1][1] == rows[0][2]  # linked to the head it guessed
    call_command("audit_verify")


def test_a_stale_head_is_corrected_under_the_lock(zvh, make_user, monkeypatch):
    actor = actor_for(make_user(zvh), zvh)
    _write(actor, 3)
    chain = recorder.chain_for(zvh.pk)
    first = _chain(zvh)[0]
    # As if another process appended rows 2 and 3 after this process last wrote row 1.
    monkeypatch.setitem(recorder._known_heads, chain, (first[0], first[2]))
    sql = _statements(lambda: _write(actor))
    assert len(sql) == 2 and sql[1].lstrip().upper().startswith("INSERT")
    rows = _chain(zvh)
    assert [seq for seq, _, _ in rows] == [1, 2, 3, 4]
    assert rows[3][1] == rows[2][2]
    assert recorder._known_heads[chain] == (4, rows[3][2])
    call_command("audit_verify")


def test_an_unknown_chain_is_appended_to_after_reading_its_head(zvh, make_user, monkeypatch):
    actor = actor_for(make_user(zvh), zvh)
    _write(actor, 2)
    monkeypatch.delitem(recorder._known_heads, recorder.chain_for(zvh.pk))
    _write(actor)
    assert [seq for seq, _, _ in _chain(zvh)] == [1, 2, 3]
    call_command("audit_verify")


@pytest.mark.parametrize("rows", [1, 3])
def test_several_rows_of_one_request_go_in_one_call(zvh, make_user, rows):
    actor = actor_for(make_user(zvh), zvh)
    _write(actor)
    with recorder.deferred() as pending:
        _write(actor, rows)
        sql = _statements(lambda: recorder.flush(pending))
    assert len(sql) == 1
    assert [seq for seq, _, _ in _chain(zvh)] == list(range(1, rows + 2))
    call_command("audit_verify")


def test_the_append_function_inserts_every_column_of_the_model(db):
    """A new AccessLog column must come with the function created again (its list is static)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_functiondef('casus_audit_append'::regproc)")
        definition = cursor.fetchone()[0]
    insert = definition.split("INSERT INTO audit_accesslog (", 1)[1].split(")", 1)[0]
    listed = [c.strip() for c in insert.split(",")]
    assert listed == recorder._COLUMN_NAMES
