"""8 concurrent writers × 500 events leave linear, valid chains (advisory lock per chain)."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from audit import events
from audit.models import AccessLog
from tests.audit.rows import record
from tests.partners.factories import ZvhFactory

WRITERS = 8
EVENTS_PER_WRITER = 500


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_leave_valid_chains(capsys):
    houses = [ZvhFactory(), ZvhFactory()]
    start = threading.Barrier(WRITERS)
    failures = []

    def writer(number):
        zvh = houses[number % len(houses)]
        try:
            start.wait()
            for i in range(EVENTS_PER_WRITER):
                with transaction.atomic():
                    record(event=events.ORGANISATIES_BEKEKEN, zvh=zvh, detail=f"{number}:{i}")
        except Exception as exc:  # reported to the main thread, then the test fails
            failures.append(exc)
            raise
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures

    per_chain = WRITERS // len(houses) * EVENTS_PER_WRITER
    for zvh in houses:
        seqs = list(
            AccessLog.objects.filter(zvh_id=zvh.pk).order_by("seq").values_list("seq", flat=True)
        )
        assert seqs == list(range(1, per_chain + 1))
    call_command("audit_verify")
    out = capsys.readouterr().out
    for zvh in houses:
        assert f"keten zvh:{zvh.pk}: {per_chain} regels in orde" in out
