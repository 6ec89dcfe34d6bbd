"""Benchmark of issue 11, point 0: the casus list of a house with 20k casussen (first and last
page) and a BSN search in it, through the test client with DEBUG off.

Runs in a database of its own, created and seeded on first use and reused afterwards:

    BENCH_CASUSSEN         casussen in the house      (default 20000)
    BENCH_DB_CASUS_LIJST   database                   (default casus_bench_casuslijst)
    BENCH_REPEAT           timed requests per page    (default 200)
"""

import os
import random
import time
import uuid
from datetime import date

from bench.aanmelding import (
    _client_for,
    _env_int,
    _last_page,
    _percentiles,
    _time_page,
    _use_database,
    _valid_bsns,
)
from bench.registry import benchmark, verdict

PAGE_SIZE = 50
BSN_START = 20_000_000


def _seed(total):
    """`total` casussen in one house, one person (with a BSN) and one theme each, opened over
    five years; a procesregisseur and a backup. Bulk inserts in batches."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from casus.models import Casus, Persoon, Thema
    from core.crypto import achternaam_index, blind_index, naam_index
    from partners.models import Organisatie, Partnerschap, Rol, RolToewijzing, Zvh

    zvh, _ = Zvh.objects.get_or_create(code="bench-lijst", defaults={"naam": "Bench-huis lijst"})
    User = get_user_model()
    groep, _ = Group.objects.get_or_create(name="bench-zvh-lijst")
    org, _ = Organisatie.objects.get_or_create(
        naam="Bench ZVH lijst", defaults={"type": "gemeente", "groep": groep}
    )
    Partnerschap.objects.get_or_create(
        zvh=zvh,
        organisatie=org,
        defaults={
            "convenant_getekend_op": date(2024, 1, 1),
            "privacyprotocol_getekend_op": date(2024, 1, 1),
        },
    )
    regisseurs = []
    for naam in ("bench-lijst-regisseur", "bench-lijst-backup"):
        user, _ = User.objects.get_or_create(
            username=naam, defaults={"organisatie": org, "first_name": naam}
        )
        RolToewijzing.objects.get_or_create(medewerker=user, zvh=zvh, rol=Rol.PROCESREGISSEUR)
        regisseurs.append(user)
    thema, _ = Thema.objects.get_or_create(
        zvh=zvh, code="hg", defaults={"naam": "Huiselijk geweld"}
    )
    have = Casus.objects.filter(zvh=zvh).count()
    bsns = _valid_bsns(BSN_START)
    for _ in range(have):
        next(bsns)
    rng = random.Random(11)
    batch = 2000
    for start in range(have, total, batch):
        n = min(batch, total - start)
        with transaction.atomic():
            personen = []
            for i in range(n):
                bsn = next(bsns)
                p = Persoon(
                    id=uuid.uuid4(),
                    zvh=zvh,
                    bsn=bsn,
                    voornamen=f"Voornaam{start + i}",
                    achternaam=f"Achternaam{start + i}",
                )
                p.bsn_index = blind_index(bsn)
                p.naam_index = naam_index(p.voornamen, p.achternaam, None)
                p.achternaam_index = achternaam_index(p.achternaam)
                personen.append(p)
            Persoon.objects.bulk_create(personen)
            casussen = Casus.objects.bulk_create(
                Casus(
                    zvh=zvh,
                    nummer=f"2025-{start + i + 1:05d}",
                    ave_niveau=rng.choice((1, 2, 3, 4)),
                    status=rng.choice(("open", "open", "afgesloten")),
                    procesregisseur=regisseurs[0],
                    backup_procesregisseur=regisseurs[1],
                )
                for i in range(n)
            )
            Casus.personen.through.objects.bulk_create(
                Casus.personen.through(casus_id=c.pk, persoon_id=p.pk)
                for c, p in zip(casussen, personen, strict=True)
            )
            Casus.themas.through.objects.bulk_create(
                Casus.themas.through(casus_id=c.pk, thema_id=thema.pk) for c in casussen
            )
    with connection.cursor() as cursor:
        # Opened over five years (auto_now_add set them all to now); a bench-only bulk update.
        cursor.execute(
            "UPDATE casus_casus SET geopend_op = now() - (random() * 1825) * interval '1 day' "
            "WHERE zvh_id = %s AND geopend_op > now() - interval '1 day'",
            [zvh.pk],
        )
        cursor.execute("ANALYZE")
    return zvh, regisseurs[0]


@benchmark
def casus_lijst():
    """The casus list (first and last page) and a BSN search among 20k casussen."""
    from casus.models import Casus

    total = _env_int("BENCH_CASUSSEN", 20_000)
    repeat = _env_int("BENCH_REPEAT", 200)
    _use_database(os.environ.get("BENCH_DB_CASUS_LIJST", "casus_bench_casuslijst"))
    t0 = time.perf_counter()
    zvh, regisseur = _seed(total)
    count = Casus.objects.filter(zvh=zvh).count()
    print(
        f"  schaal: {count} casussen in het huis (voorbereiding {time.perf_counter() - t0:.1f} s)"
    )
    client = _client_for(regisseur)
    t0 = time.perf_counter()
    last, walked = _last_page(client, "/casussen/", -(-count // PAGE_SIZE))
    print(f"  laatste pagina na {walked} pagina's ({time.perf_counter() - t0:.1f} s)")
    bsns = _valid_bsns(BSN_START)
    gezocht = [next(bsns) for _ in range(count // 2)][-1]  # a person halfway the list
    cases = [
        ("casussen, eerste pagina", "/casussen/"),
        ("casussen, laatste pagina", last),
        ("casussen, status open", "/casussen/?status=open"),
        ("zoeken op BSN", f"/casussen/?zoek={gezocht}"),
    ]
    queries_seen = set()
    for label, path in cases:
        samples, queries = _time_page(client, path, repeat)
        queries_seen.add(queries)
        median, p95 = _percentiles(samples)
        print(
            f"  {label:<28} queries {queries}  mediaan {median:6.1f} ms  p95 {p95:6.1f} ms  "
            f"(doel p95 ≤ 100 ms: {verdict(p95 <= 100)}, n={repeat}, DEBUG uit)"
        )
    gelijk = verdict(len(queries_seen) == 1)
    print(f"  queries per pagina {sorted(queries_seen)} (doel gelijk: {gelijk})")
    _assert_found(client, gezocht)


def _assert_found(client, bsn):
    from django.test.utils import override_settings

    with override_settings(DEBUG=False):
        response = client.get(f"/casussen/?zoek={bsn}")
    assert "Gevonden: 1." in response.content.decode(), "de BSN-zoekactie vond de casus niet"
