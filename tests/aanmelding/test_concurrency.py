"""Two procesregisseurs decide on one referral at the same moment: exactly one wins."""

import threading

import pytest
from django.db import connection

from aanmelding import services
from aanmelding.models import Aanmelding, Besluit, Status, Triagebesluit
from casus.models import Casus
from tests.aanmelding.conftest import ALLE_JA
from tests.aanmelding.factories import AanmeldingFactory


@pytest.mark.django_db(transaction=True)
def test_two_triagers_deciding_at_once(zvh, regisseur, regisseur2, thema, afwijsreden, as_actor):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    start = threading.Barrier(2)
    outcomes = []

    def decide(user, besluit):
        try:
            start.wait()
            extra = (
                {
                    "themas": [thema],
                    "ave_niveau": 3,
                    "procesregisseur": regisseur,
                    "backup_procesregisseur": regisseur2,
                }
                if besluit == Besluit.ACCEPTEREN
                else {"afwijsreden": afwijsreden, "bericht": "Lokaal oppakken"}
            )
            services.triage_besluiten(
                actor=as_actor(user, zvh),
                aanmelding=aanmelding,
                besluit=besluit,
                oordelen=dict(ALLE_JA),
                **extra,
            )
            outcomes.append("ok")
        except services.AlBesloten:
            outcomes.append("al besloten")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(regisseur, Besluit.ACCEPTEREN)),
        threading.Thread(target=decide, args=(regisseur2, Besluit.AFWIJZEN)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes) == ["al besloten", "ok"]
    assert Triagebesluit.objects.count() == 1
    status = Aanmelding.objects.get(pk=aanmelding.pk).status
    assert status in (Status.GEACCEPTEERD, Status.AFGEWEZEN)
    assert Casus.objects.count() == (1 if status == Status.GEACCEPTEERD else 0)


@pytest.mark.django_db(transaction=True)
def test_double_submission_at_once_submits_once(zvh, aanmelder, as_actor):
    from audit.models import AccessLog

    aanmelding = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder)
    start = threading.Barrier(2)
    changed = []

    def submit():
        try:
            start.wait()
            _a, was_changed = services.aanmelding_indienen(
                actor=as_actor(aanmelder, zvh), aanmelding=aanmelding
            )
            changed.append(was_changed)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(changed) == [False, True]
    assert AccessLog.objects.filter(event_type="aanmelding_ingediend").count() == 1
