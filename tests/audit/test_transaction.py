"""The chain lock is taken as the last step before commit, never across rendering; parallel
requests of one house keep one linear, valid chain; a failed audit write sends no data."""

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
    assert row.persoon_pseudoniem == ""


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
