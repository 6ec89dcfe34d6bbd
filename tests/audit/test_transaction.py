"""The chain lock is taken as the last step before commit, never across rendering; parallel
requests of one house keep one linear, valid chain; a failed audit write sends no data."""

import json
import logging
import threading

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.template.backends.django import Template
from django.test import Client
from django.urls import reverse

from audit import events, recorder
from audit.models import AccessLog
from partners.models import Rol
from tests.casus.factories import PersoonFactory
from tests.conftest import verify_session

ADVISORY_LOCKS = (
    "SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory'"
)


def _advisory_locks_held():
    with connection.cursor() as cursor:
        cursor.execute(ADVISORY_LOCKS)
        return cursor.fetchone()[0]


def test_no_chain_lock_is_held_while_the_page_renders(client, login, zvh, make_user, monkeypatch):
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    persoon = PersoonFactory(zvh=zvh)
    held_while_rendering = []
    original = Template.render

    def render(self, *args, **kwargs):
        written = AccessLog.objects.filter(event_type=events.PERSOON_BEKEKEN).exists()
        held_while_rendering.append((_advisory_locks_held(), written))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Template, "render", render)
    login(regisseur)
    # The test runs in one transaction: the login's own audit row already holds a lock.
    before = _advisory_locks_held()
    response = client.get(reverse("casus:persoon", args=[persoon.pk]))
    assert response.status_code == 200
    # While rendering: no lock beyond what the test held, and the read row not yet written.
    assert held_while_rendering and set(held_while_rendering) == {(before, False)}
    row = AccessLog.objects.get(event_type=events.PERSOON_BEKEKEN)
    assert row.persoon_pseudoniem == persoon.audit_pseudoniem
    assert row.request_id == response["X-Request-ID"]


@pytest.mark.django_db(transaction=True)
def test_no_chain_lock_is_held_while_a_page_renders_in_a_transaction_of_its_own(
    client, login, zvh, make_user, monkeypatch
):
    """As in production: the view's transaction is its own (no test transaction around it),
    so any chain lock taken before rendering would show."""
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    persoon = PersoonFactory(zvh=zvh)
    login(regisseur)
    held_while_rendering = []
    original = Template.render

    def render(self, *args, **kwargs):
        held_while_rendering.append(_advisory_locks_held())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Template, "render", render)
    response = client.get(reverse("casus:persoon", args=[persoon.pk]))
    assert response.status_code == 200
    assert held_while_rendering and set(held_while_rendering) == {0}
    assert _advisory_locks_held() == 0
    assert AccessLog.objects.filter(event_type=events.PERSOON_BEKEKEN).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_change_takes_no_chain_lock_while_the_view_works(
    client, login, zvh, make_user, monkeypatch
):
    """The change's audit event is collected when the service records it; the lock is taken
    only by the append just before the COMMIT, so none is held by the rest of the view."""
    from audit import log

    beheerder = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    login(beheerder)
    held_after_record = []
    original = log.change

    def change(**kwargs):
        result = original(**kwargs)
        held_after_record.append(_advisory_locks_held())
        return result

    monkeypatch.setattr(log, "change", change)
    response = client.post(
        reverse("partners:beheer_organisaties"), {"naam": "Woonstichting West", "type": "overig"}
    )
    assert response.status_code == 302
    assert held_after_record and set(held_after_record) == {0}
    assert _advisory_locks_held() == 0
    assert AccessLog.objects.filter(event_type=events.ORGANISATIE_AANGEMAAKT).count() == 1


def test_a_change_and_its_audit_rows_commit_together(client, login, zvh, make_user):
    beheerder = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    login(beheerder)
    response = client.post(
        reverse("partners:beheer_organisaties"), {"naam": "Woonstichting Noord", "type": "overig"}
    )
    assert response.status_code == 302
    assert AccessLog.objects.filter(event_type=events.ORGANISATIE_AANGEMAAKT).count() == 1


def test_failed_audit_write_after_rendering_sends_an_error_page_and_is_logged(
    client, login, zvh, make_user, monkeypatch, caplog
):
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    persoon = PersoonFactory(zvh=zvh, achternaam="Zichtbaarniet")
    login(regisseur)

    def refuse(events_):
        raise DatabaseError("audit table unavailable")

    monkeypatch.setattr(recorder, "_append", refuse)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(reverse("casus:persoon", args=[persoon.pk]))
    assert response.status_code == 500
    assert b"Zichtbaarniet" not in response.content
    assert any("audit table unavailable" in str(r.exc_info) for r in caplog.records)
    assert not AccessLog.objects.filter(event_type=events.PERSOON_BEKEKEN).exists()


def test_a_list_page_without_persons_writes_a_row_without_persons(client, login, zvh, make_user):
    login(make_user(zvh, Rol.PROCESREGISSEUR))
    assert client.get(reverse("aanmelding:werkvoorraad")).status_code == 200
    row = AccessLog.objects.get(event_type=events.TRIAGE_WERKVOORRAAD_BEKEKEN)
    assert row.persoon_pseudoniem == "" and row.personen == ""


@pytest.mark.django_db(transaction=True)
def test_sixteen_parallel_requests_in_one_house_keep_one_linear_chain(zvh, make_user, capsys):
    """Reads and changes of 16 users at once: one chain, seq without gaps, verify passes."""
    users = [make_user(zvh, Rol.PROCESREGISSEUR) for _ in range(8)] + [
        make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER) for _ in range(8)
    ]
    personen = [PersoonFactory(zvh=zvh) for _ in range(4)]
    start = threading.Barrier(len(users))
    failures = []

    def work(number, user):
        try:
            client = verify_session(Client(), user)
            start.wait()
            for i in range(5):
                if number < 8:
                    url = reverse("casus:persoon", args=[personen[i % len(personen)].pk])
                    response = client.get(url)
                    assert response.status_code == 200, response.status_code
                else:
                    response = client.post(
                        reverse("partners:beheer_organisaties"),
                        {"naam": f"Organisatie {number}-{i}", "type": "overig"},
                    )
                    assert response.status_code == 302, response.status_code
        except Exception as exc:  # reported to the main thread, then the test fails
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n, u)) for n, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    seqs = list(
        AccessLog.objects.filter(chain=f"zvh:{zvh.pk}")
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    assert seqs == list(range(1, len(seqs) + 1))
    assert AccessLog.objects.filter(event_type=events.PERSOON_BEKEKEN).count() == 40
    assert AccessLog.objects.filter(event_type=events.ORGANISATIE_AANGEMAAKT).count() == 40
    call_command("audit_verify")


def test_the_session_commits_with_the_audit_rows_of_the_request(client, login, zvh, make_user):
    """One durable commit per audited read: the session's last-seen time is written in the
    view's transaction, before its audit rows, and not again by SessionMiddleware."""
    from django.contrib.sessions.models import Session

    from partners.middleware import LAST_SEEN

    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    persoon = PersoonFactory(zvh=zvh)
    login(regisseur)
    sql = []

    def record(execute, query, params, many, context):
        sql.append(query)
        return execute(query, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(reverse("casus:persoon", args=[persoon.pk]))
    assert response.status_code == 200
    session_writes = [i for i, q in enumerate(sql) if 'UPDATE "django_session"' in q]
    audit_writes = [i for i, q in enumerate(sql) if "casus_audit_append" in q or "INSERT" in q]
    assert len(session_writes) == 1 and audit_writes
    assert session_writes[0] < min(audit_writes)
    stored = Session.objects.get(session_key=client.session.session_key).get_decoded()
    assert stored[LAST_SEEN] == client.session[LAST_SEEN]


def test_the_session_statement_reads_the_head_so_another_process_s_append_is_no_miss(
    client, login, zvh, make_user, monkeypatch
):
    """Workers take turns: the head this process last wrote is stale when another one wrote
    since. The session's UPDATE reads the current head in the same statement, so the append
    hashes on it and needs no second round trip under the lock."""
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    persoon = PersoonFactory(zvh=zvh)
    login(regisseur)
    client.get(reverse("casus:persoon", args=[persoon.pk]))
    chain = recorder.chain_for(zvh.pk)
    first = AccessLog.objects.filter(chain=chain).order_by("seq").first()
    # As if another worker appended everything after the chain's first row.
    monkeypatch.setitem(recorder._known_heads, chain, (first.seq, first.hash))
    sql = []

    def record(execute, query, params, many, context):
        sql.append(query)
        return execute(query, params, many, context)

    recorder.lock_guess_missed()
    with connection.execute_wrapper(record):
        response = client.get(reverse("casus:persoon", args=[persoon.pk]))
    assert response.status_code == 200
    assert recorder.lock_guess_missed() is False
    audit_writes = [q for q in sql if "casus_audit_append" in q or "audit_accesslog" in q]
    # One statement reads the heads with the session UPDATE, one appends: no INSERT retry.
    assert len(audit_writes) == 2, audit_writes
    assert 'UPDATE "django_session"' in audit_writes[0] and "casus_audit_append" in audit_writes[1]
    head = AccessLog.objects.filter(chain=chain).order_by("-seq").first()
    assert recorder._known_heads[chain] == (head.seq, head.hash)
    call_command("audit_verify")


def test_a_stale_guess_is_counted_as_a_miss(zvh, make_user, monkeypatch):
    from audit import log
    from tests.conftest import actor_for

    actor = actor_for(make_user(zvh), zvh)
    log.change(actor=actor, event=events.ORGANISATIE_AANGEMAAKT)
    log.change(actor=actor, event=events.ORGANISATIE_AANGEMAAKT)
    chain = recorder.chain_for(zvh.pk)
    first = AccessLog.objects.filter(chain=chain).order_by("seq").first()
    monkeypatch.setitem(recorder._known_heads, chain, (first.seq, first.hash))
    recorder.lock_guess_missed()
    log.change(actor=actor, event=events.ORGANISATIE_AANGEMAAKT)
    assert recorder.lock_guess_missed() is True
    assert recorder.lock_guess_missed() is False  # read once
    call_command("audit_verify")


def _statements_of(call):
    """(sql, params) of every statement `call` runs on the default connection."""
    seen = []

    def record(execute, query, params, many, context):
        seen.append((query, params))
        return execute(query, params, many, context)

    with connection.execute_wrapper(record):
        result = call()
    return result, seen


@pytest.mark.django_db(transaction=True)
def test_the_append_the_commit_and_the_wait_for_the_disk_are_one_round_trip(
    client, login, zvh, make_user, monkeypatch
):
    """A view that owns its transaction sends its append, its COMMIT (which releases the
    chain lock without waiting for the disk) and the wait for the disk as one statement, so
    no client round trip runs under the lock; the response leaves after the WAL is on disk."""
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    persoon = PersoonFactory(zvh=zvh, achternaam="Duurzaam")
    login(regisseur)
    seen = {}
    real = recorder.flush_and_commit

    def commit_and_look(pending):
        lsn = real(pending)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('synchronous_commit'), "
                "pg_wal_lsn_diff(pg_current_wal_flush_lsn(), %s) >= 0, "
                "count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory'",
                [lsn],
            )
            seen["after"], seen["on_disk"], seen["locks"] = cursor.fetchone()
        return lsn

    monkeypatch.setattr("audit.transaction.flush_and_commit", commit_and_look)
    response, sql = _statements_of(lambda: client.get(reverse("casus:persoon", args=[persoon.pk])))
    assert response.status_code == 200 and b"Duurzaam" in response.content
    appends = [query for query, _ in sql if "casus_audit_append" in query]
    assert len(appends) == 1, appends
    statement = appends[0]
    assert statement.startswith("SAVEPOINT casus_audit_append; SELECT casus_audit_append_on_head(")
    assert "; COMMIT; SELECT" in statement and "pg_logical_emit_message" in statement
    assert not any(query.startswith("COMMIT") for query, _ in sql)
    # Only that transaction was asynchronous; the lock went with its COMMIT; the WAL is on
    # disk beyond the wait's own record, which lies after the view's commit.
    assert seen["after"] == "on" and seen["locks"] == 0 and seen["on_disk"] is True
    row = AccessLog.objects.get(event_type=events.PERSOON_BEKEKEN)
    assert row.persoon_pseudoniem == persoon.audit_pseudoniem
    call_command("audit_verify")


def test_the_append_on_head_commits_asynchronously_and_raises_on_a_stale_head(zvh, make_user):
    """The function of the one-trip append: on the right head it inserts and turns
    synchronous_commit off for its transaction; on a stale head it raises (so that the COMMIT
    sent after it does not run) and a rollback to the savepoint releases its lock."""
    from audit import log
    from tests.conftest import actor_for

    actor = actor_for(make_user(zvh), zvh)
    log.change(actor=actor, event=events.ORGANISATIE_AANGEMAAKT)
    chain = recorder.chain_for(zvh.pk)
    head = AccessLog.objects.filter(chain=chain).order_by("-seq").first()
    values = recorder._values(actor=actor, event=events.ORGANISATIE_AANGEMAAKT, zvh_id=zvh.pk)
    before = _advisory_locks_held()

    def call(guess):
        row = recorder._chained([values], guess, head.event_time)[0]
        payload = json.dumps([{c: row.get(c, "") for c in recorder._COLUMN_NAMES}], default=str)
        with connection.cursor() as cursor:
            cursor.execute("SAVEPOINT casus_audit_append")
            cursor.execute(
                "SELECT casus_audit_append_on_head(%s, %s, %s, %s, %s, %s)",
                [chain, 7513, recorder._lock_key(chain), guess[0], guess[1], payload],
            )
            return cursor.fetchone()[0]

    with pytest.raises(DatabaseError) as stale:
        call((head.seq - 1, head.prev_hash))
    assert stale.value.__cause__.sqlstate == "CA001"
    # The error names the real head, read under the lock, for the retry.
    assert recorder._head_from(stale.value.__cause__) == (head.seq, head.hash)
    with connection.cursor() as cursor:
        cursor.execute("ROLLBACK TO SAVEPOINT casus_audit_append")
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
    assert _advisory_locks_held() == before
    assert AccessLog.objects.filter(chain=chain).count() == head.seq
    assert call((head.seq, head.hash)) is not None
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "off"
    assert AccessLog.objects.filter(chain=chain).count() == head.seq + 1
    call_command("audit_verify")


def _guess_made_stale(client, login, zvh, make_user, monkeypatch):
    """A beheerder logged in, with this process's guess of its house's head set to the chain's
    first row and the session's head read switched off: as if another worker appended after
    the head read. Returns that first row."""
    beheerder = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    login(beheerder)
    client.get(reverse("partners:beheer_organisaties"))
    chain = recorder.chain_for(zvh.pk)
    first = AccessLog.objects.filter(chain=chain).order_by("seq").first()
    monkeypatch.setattr("audit.transaction.note_heads", lambda heads: None)
    monkeypatch.setitem(recorder._known_heads, chain, (first.seq, first.hash))
    return first


def _the_change_and_its_row_stand(naam):
    from partners.models import Organisatie

    assert Organisatie.objects.filter(naam=naam).exists()
    assert AccessLog.objects.filter(event_type=events.ORGANISATIE_AANGEMAAKT).count() == 1
    assert _advisory_locks_held() == 0
    call_command("audit_verify")


@pytest.mark.django_db(transaction=True)
def test_a_stale_guess_in_the_one_trip_append_keeps_the_change_and_its_row(
    client, login, zvh, make_user, monkeypatch, caplog
):
    """Another process appended between the head read and the append: the one-trip append
    raises, the transaction rolls back to its savepoint only (the change stays), and the rows
    are appended on the real head and committed; the chain stays valid."""
    _guess_made_stale(client, login, zvh, make_user, monkeypatch)
    with caplog.at_level(logging.DEBUG, logger="audit.chainlock"):
        response, sql = _statements_of(
            lambda: client.post(
                reverse("partners:beheer_organisaties"),
                {"naam": "Woonstichting Zuid", "type": "overig"},
            )
        )
    assert response.status_code == 302
    held = [r.getMessage() for r in caplog.records if r.name == "audit.chainlock"]
    assert len(held) == 1 and held[0].endswith(" miss")
    queries = [query for query, _ in sql]
    one_trip = next(i for i, q in enumerate(queries) if "casus_audit_append_on_head" in q)
    # One more round trip: the rollback of the attempt, the append on the head the error
    # named, the COMMIT and the wait; nothing after it.
    assert queries[one_trip + 1].startswith(
        "ROLLBACK TO SAVEPOINT casus_audit_append; SELECT casus_audit_append_on_head("
    )
    assert "; COMMIT; SELECT" in queries[one_trip + 1]
    assert len(queries) == one_trip + 2
    _the_change_and_its_row_stand("Woonstichting Zuid")


@pytest.mark.django_db(transaction=True)
def test_after_three_misses_in_a_row_the_rows_are_appended_under_the_lock(
    client, login, zvh, make_user, monkeypatch
):
    """Each retry found the head moved again (here: the head the error named is ignored): the
    attempt is rolled back and the rows go in under the lock, hashed on the real head; the
    change, its row and the chain are as with a hit."""
    first = _guess_made_stale(client, login, zvh, make_user, monkeypatch)
    monkeypatch.setattr(recorder, "_head_from", lambda error: (first.seq, first.hash))
    response, sql = _statements_of(
        lambda: client.post(
            reverse("partners:beheer_organisaties"),
            {"naam": "Woonstichting Noord", "type": "overig"},
        )
    )
    assert response.status_code == 302
    queries = [query for query, _ in sql]
    attempts = [i for i, q in enumerate(queries) if "casus_audit_append_on_head" in q]
    assert len(attempts) == recorder.APPEND_ATTEMPTS
    after = queries[attempts[-1] + 1 :]
    assert after[0] == "ROLLBACK TO SAVEPOINT casus_audit_append"
    assert "casus_audit_append(" in after[1] and after[-1].startswith("COMMIT; SELECT")
    _the_change_and_its_row_stand("Woonstichting Noord")


@pytest.mark.django_db(transaction=True)
def test_the_lock_hold_time_is_the_database_s_from_the_lock_to_the_commit(
    client, login, zvh, make_user, caplog
):
    """Logged per request, as the benchmark reads it."""
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    persoon = PersoonFactory(zvh=zvh)
    login(regisseur)
    with caplog.at_level(logging.DEBUG, logger="audit.chainlock"):
        assert client.get(reverse("casus:persoon", args=[persoon.pk])).status_code == 200
    held = [float(r.getMessage().split()[0]) for r in caplog.records if r.name == "audit.chainlock"]
    assert len(held) == 1 and 0 < held[0] < 10_000


@pytest.mark.django_db(transaction=True)
def test_a_failed_flush_to_disk_after_the_commit_sends_an_error_page_and_is_logged(
    client, login, zvh, make_user, monkeypatch, caplog
):
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    persoon = PersoonFactory(zvh=zvh, achternaam="Nietverstuurd")
    login(regisseur)

    # The statement after the COMMIT (the wait for the disk) fails.
    wait = "pg_logical_emit_message(false, 'casus-audit', '')"
    assert wait in recorder.APPEND_AND_COMMIT_SQL
    monkeypatch.setattr(
        recorder, "APPEND_AND_COMMIT_SQL", recorder.APPEND_AND_COMMIT_SQL.replace(wait, "1/0")
    )
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(reverse("casus:persoon", args=[persoon.pk]))
    assert response.status_code == 500
    assert b"Nietverstuurd" not in response.content
    assert any("division by zero" in str(r.exc_info) for r in caplog.records)


def test_inside_an_outer_transaction_the_commit_stays_synchronous(client, login, zvh, make_user):
    """The test's own transaction wraps the view: its commit is not the view's to make
    durable, so the append leaves synchronous_commit alone and nothing waits afterwards."""
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    persoon = PersoonFactory(zvh=zvh)
    login(regisseur)
    response, sql = _statements_of(lambda: client.get(reverse("casus:persoon", args=[persoon.pk])))
    assert response.status_code == 200
    appends = [params for query, params in sql if "casus_audit_append" in query]
    assert len(appends) == 1 and appends[0][-1] is False
    assert not any("pg_logical_emit_message" in query for query, _ in sql)
    assert recorder.commit_durably() is None  # nothing to commit this way
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"


@pytest.mark.django_db(transaction=True)
def test_an_append_outside_a_view_commits_synchronously(zvh, make_user):
    from audit import log
    from tests.conftest import actor_for

    actor = actor_for(make_user(zvh), zvh)
    recorder.forget_durable_later()  # nothing left over from another test on this thread
    _, sql = _statements_of(lambda: log.change(actor=actor, event=events.ORGANISATIE_AANGEMAAKT))
    appends = [params for query, params in sql if "casus_audit_append" in query]
    assert len(appends) == 1 and appends[0][-1] is False
    assert recorder.commit_durably() is None  # nothing to commit this way
