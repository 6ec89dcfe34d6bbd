"""Benchmark of issue 11 point 4: the session agenda and the MDO page in a house with 20k
casussen and 60k MDO's (test client, DEBUG off while timing; fixed query count; p95).

Runs in a database of its own, seeded on first use and reused afterwards:

    BENCH_CASUSSEN          casussen in the house     (default 20000)
    BENCH_OVERLEGGEN        MDO's in the house        (default 60000)
    BENCH_DB_OVERLEG        database                  (default casus_bench_overleg)
    BENCH_REPEAT            timed requests            (default 200)
"""

import datetime
import os
import time

from bench.aanmelding import _client_for, _env_int, _percentiles, _time_page, _use_database
from bench.registry import benchmark, verdict

PER_SESSIE = 10


def _seed(casussen, overleggen):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.utils import timezone

    from casus.models import Casus, Casusoverleg, Overlegtafel, Persoon, Sessie, Slot, Uitnodiging
    from core.crypto import naam_index
    from partners.models import Organisatie, Partnerschap, Rol, RolToewijzing, Zvh

    zvh, _ = Zvh.objects.get_or_create(code="bench-overleg", defaults={"naam": "Bench overleg"})
    User = get_user_model()
    groep, _ = Group.objects.get_or_create(name="bench-overleg-politie")
    org, _ = Organisatie.objects.get_or_create(
        naam="Bench Overleg Politie", defaults={"type": "politie", "groep": groep}
    )
    Partnerschap.objects.get_or_create(
        zvh=zvh,
        organisatie=org,
        defaults={
            "convenant_getekend_op": datetime.date(2024, 1, 1),
            "privacyprotocol_getekend_op": datetime.date(2024, 1, 1),
        },
    )
    users = []
    for naam in ("bench-overleg-regisseur", "bench-overleg-backup"):
        user, _ = User.objects.get_or_create(username=naam, defaults={"organisatie": org})
        RolToewijzing.objects.get_or_create(medewerker=user, zvh=zvh, rol=Rol.PROCESREGISSEUR)
        users.append(user)
    regisseur, backup = users
    tafel, _ = Overlegtafel.objects.get_or_create(
        zvh=zvh, naam="PVG-tafel", defaults={"locatie": "Zaal 1"}
    )
    have = Casus.objects.filter(zvh=zvh).count()
    if have < casussen:
        batch = 2000
        for start in range(have, casussen, batch):
            n = min(batch, casussen - start)
            with transaction.atomic():
                personen = []
                for i in range(n):
                    p = Persoon(
                        zvh=zvh,
                        voornamen=f"Voornaam{start + i}",
                        achternaam=f"Achternaam{start + i}",
                        aangemaakt_door=regisseur,
                    )
                    p.naam_index = naam_index(p.voornamen, p.achternaam, None)
                    personen.append(p)
                Persoon.objects.bulk_create(personen)
                nieuw = Casus.objects.bulk_create(
                    Casus(
                        zvh=zvh,
                        nummer=f"B-{start + i}",
                        ave_niveau=3,
                        procesregisseur=regisseur,
                        backup_procesregisseur=backup,
                    )
                    for i in range(n)
                )
                Casus.personen.through.objects.bulk_create(
                    Casus.personen.through(casus_id=c.pk, persoon_id=p.pk)
                    for c, p in zip(nieuw, personen, strict=True)
                )
    alle = list(Casus.objects.filter(zvh=zvh).order_by("nummer").values_list("pk", flat=True))
    have = Casusoverleg.objects.filter(zvh=zvh).count()
    eerste_dag = timezone.localdate() - datetime.timedelta(days=3 * 365)
    for start in range(have, overleggen, PER_SESSIE * 200):
        with transaction.atomic():
            n_sessies = min(200, -(-(overleggen - start) // PER_SESSIE))
            base = start // PER_SESSIE
            sessies = Sessie.objects.bulk_create(
                Sessie(
                    zvh=zvh,
                    tafel=tafel,
                    datum=eerste_dag + datetime.timedelta(days=(base + k) // 6),
                    begin=datetime.time(9),
                    eind=datetime.time(14),
                    capaciteit=PER_SESSIE,
                )
                for k in range(n_sessies)
            )
            slots = Slot.objects.bulk_create(
                Slot(
                    sessie=s,
                    volgorde=j + 1,
                    begintijd=datetime.time(9 + j // 2, 30 * (j % 2)),
                    duur_minuten=30,
                )
                for s in sessies
                for j in range(PER_SESSIE)
            )
            mdos = []
            for idx, slot in enumerate(slots):
                nummer = start + idx
                if nummer >= overleggen:
                    break
                sessie = sessies[idx // PER_SESSIE]
                begint = timezone.make_aware(
                    datetime.datetime.combine(sessie.datum, slot.begintijd)
                )
                mdos.append(
                    Casusoverleg(
                        zvh=zvh,
                        casus_id=alle[nummer % len(alle)],
                        sessie=sessie,
                        slot=slot,
                        type="vervolg",
                        begint_op=begint,
                        eindigt_op=begint + datetime.timedelta(minutes=30),
                        verslag=f"Verslag {nummer}",
                        gepland_door=regisseur,
                    )
                )
            Casusoverleg.objects.bulk_create(mdos)
            Uitnodiging.objects.bulk_create(
                Uitnodiging(casusoverleg=m, organisatie=org, genodigden="Wijkagent") for m in mdos
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sessie = Sessie.objects.filter(zvh=zvh).order_by("-datum", "-pk").first()
    overleg = sessie.overleggen.order_by("begint_op").first()
    return zvh, regisseur, sessie, overleg


@benchmark
def casus_werk_overleg():
    """The session agenda and the MDO page among 60k MDO's of 20k casussen."""
    from casus.models import Casusoverleg

    casussen = _env_int("BENCH_CASUSSEN", 20_000)
    overleggen = _env_int("BENCH_OVERLEGGEN", 60_000)
    repeat = _env_int("BENCH_REPEAT", 200)
    _use_database(os.environ.get("BENCH_DB_OVERLEG", "casus_bench_overleg"))
    t0 = time.perf_counter()
    zvh, regisseur, sessie, overleg = _seed(casussen, overleggen)
    print(
        f"  schaal: {Casusoverleg.objects.filter(zvh=zvh).count()} MDO's, "
        f"{sessie.overleggen.count()} op de agenda (voorbereiding {time.perf_counter() - t0:.1f} s)"
    )
    client = _client_for(regisseur)
    eerste_sessie = sessie.tafel.sessies.order_by("datum", "pk").first()
    for label, path in (
        ("sessieagenda, nieuwste", f"/overleg/sessies/{sessie.pk}/"),
        ("sessieagenda, oudste", f"/overleg/sessies/{eerste_sessie.pk}/"),
        ("MDO-pagina", f"/overleggen/{overleg.pk}/"),
    ):
        samples, queries = _time_page(client, path, repeat)
        median, p95 = _percentiles(samples)
        print(
            f"  {label:<28} queries {queries}  mediaan {median:6.1f} ms  p95 {p95:6.1f} ms  "
            f"(doel p95 ≤ 100 ms: {verdict(p95 <= 100)}, n={repeat}, DEBUG uit)"
        )
