"""Benchmark of issue 12: the overdue-detection job over 200k actions, about 10% of them
overdue, in at most 5 s (median of 3 runs; DEBUG off while timing).

Runs in a database of its own, seeded with bulk_create on first use and reused afterwards;
before each run the job's traces (its notifications and the actions' "reported" marks) are
removed, so every run finds the same work:

    BENCH_CASUSSEN          casussen in the house                 (default 20000)
    BENCH_ACTIES            actions over those casussen           (default 200000)
    BENCH_VERLOPEN_PROCENT  share of them overdue (and open)      (default 10)
    BENCH_DB_NOTIFICATIES   database                              (default casus_bench_notif)
"""

import datetime
import os
import statistics
import time

from bench.aanmelding import _env_int, _use_database
from bench.registry import benchmark, verdict

# The house's partner organisations, each with two ketenpartner users (the recipients).
ORGANISATIES = 10
VANDAAG = datetime.date(2026, 6, 1)
RUNS = 3
DOEL_SECONDEN = 5.0


def _seed(casussen, acties, procent):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from casus.models import Actie, Casus, Doel, PlanVanAanpak
    from partners.models import Organisatie, Partnerschap, Rol, RolToewijzing, Zvh

    zvh, _ = Zvh.objects.get_or_create(code="bench-notif", defaults={"naam": "Bench notificaties"})
    User = get_user_model()
    regisseur, _ = User.objects.get_or_create(username="bench-notif-regisseur")
    backup, _ = User.objects.get_or_create(username="bench-notif-backup")
    for user in (regisseur, backup):
        RolToewijzing.objects.get_or_create(medewerker=user, zvh=zvh, rol=Rol.PROCESREGISSEUR)
    organisaties = []
    for i in range(ORGANISATIES):
        groep, _ = Group.objects.get_or_create(name=f"bench-notif-org-{i}")
        org, _ = Organisatie.objects.get_or_create(
            naam=f"Bench Notif Organisatie {i}", defaults={"type": "politie", "groep": groep}
        )
        Partnerschap.objects.get_or_create(
            zvh=zvh,
            organisatie=org,
            defaults={
                "convenant_getekend_op": datetime.date(2024, 1, 1),
                "privacyprotocol_getekend_op": datetime.date(2024, 1, 1),
            },
        )
        for j in range(2):
            user, _ = User.objects.get_or_create(
                username=f"bench-notif-{i}-{j}", defaults={"organisatie": org}
            )
            RolToewijzing.objects.get_or_create(medewerker=user, zvh=zvh, rol=Rol.KETENPARTNER)
        organisaties.append(org)
    have = Casus.objects.filter(zvh=zvh).count()
    per_casus = max(1, acties // casussen)
    batch = 1000
    for start in range(have, casussen, batch):
        n = min(batch, casussen - start)
        with transaction.atomic():
            nieuw = Casus.objects.bulk_create(
                Casus(
                    zvh=zvh,
                    nummer=f"N-{start + i}",
                    ave_niveau=3,
                    procesregisseur=regisseur,
                    backup_procesregisseur=backup,
                )
                for i in range(n)
            )
            plannen = PlanVanAanpak.objects.bulk_create(PlanVanAanpak(casus=c) for c in nieuw)
            doelen = Doel.objects.bulk_create(
                Doel(plan=p, omschrijving="Stabiele huisvesting", aangemaakt_door=regisseur)
                for p in plannen
            )
            rows = []
            for k, (casus, doel) in enumerate(zip(nieuw, doelen, strict=True)):
                for m in range(per_casus):
                    nummer = (start + k) * per_casus + m
                    verlopen = nummer % 100 < procent
                    rows.append(
                        Actie(
                            zvh=zvh,
                            casus=casus,
                            doel=doel,
                            omschrijving="Huurschuld in kaart brengen",
                            organisatie=organisaties[nummer % ORGANISATIES],
                            deadline=VANDAAG
                            - datetime.timedelta(days=3 if verlopen else -30 - nummer % 60),
                            aangemaakt_door=regisseur,
                        )
                    )
            Actie.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return zvh


def _reset(zvh):
    """Remove the previous run's traces, then VACUUM ANALYZE both tables: without it each run
    inserts its notifications past the dead ones of the run before (the unique index holds
    every dead key and is checked against each) and updates actions on pages full of dead
    versions, which production, where autovacuum keeps up with one run a day, never sees."""
    from django.db import connection

    from casus.models import Actie, Notificatie

    Notificatie.objects.filter(zvh=zvh).delete()
    Actie.objects.filter(zvh=zvh, verlopen_gemeld_op__isnull=False).update(verlopen_gemeld_op=None)
    with connection.cursor() as cursor:
        for model in (Notificatie, Actie):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@benchmark
def notificaties_achterstand():
    """The overdue job (casus.tasks.achterstand_melden's work) over 200k actions."""
    from django.test import override_settings

    from casus.models import Actie, Notificatie
    from casus.services_notificaties import achterstand_melden

    casussen = _env_int("BENCH_CASUSSEN", 20_000)
    acties = _env_int("BENCH_ACTIES", 200_000)
    procent = _env_int("BENCH_VERLOPEN_PROCENT", 10)
    _use_database(os.environ.get("BENCH_DB_NOTIFICATIES", "casus_bench_notif"))
    t0 = time.perf_counter()
    zvh = _seed(casussen, acties, procent)
    totaal = Actie.objects.filter(zvh=zvh).count()
    print(f"  schaal: {totaal} acties (voorbereiding {time.perf_counter() - t0:.1f} s)")
    tijden = []
    for _ in range(RUNS):
        _reset(zvh)
        with override_settings(DEBUG=False):
            start = time.perf_counter()
            gemeld = achterstand_melden(vandaag=VANDAAG)
            tijden.append(time.perf_counter() - start)
    meldingen = Notificatie.objects.filter(zvh=zvh).count()
    mediaan = statistics.median(tijden)
    print(
        f"  achterstand melden: {gemeld} acties over de termijn, {meldingen} notificaties; "
        f"mediaan {mediaan:.2f} s over {RUNS} runs ({', '.join(f'{t:.2f}' for t in tijden)}) "
        f"(doel ≤ {DOEL_SECONDEN:.0f} s: {verdict(mediaan <= DOEL_SECONDEN)}, DEBUG uit; "
        f"belasting van de machine {os.getloadavg()[0]:.1f} op {os.cpu_count()} kernen)"
    )
    # A second run right after finds nothing to do: the cost of the job on a quiet day.
    with override_settings(DEBUG=False):
        start = time.perf_counter()
        nogmaals = achterstand_melden(vandaag=VANDAAG)
        herhaling = time.perf_counter() - start
    print(f"  tweede run direct daarna: {nogmaals} acties, {herhaling:.2f} s")
