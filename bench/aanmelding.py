"""Benchmarks of issue 4: the triage queue and "mijn aanmeldingen" with 50k referrals in one
house, and the BSN lookup among 1M persons.

Each runs in a database of its own (never the one in DATABASE_URL), created and seeded on first
use and reused afterwards. Scale and database names come from the environment:

    BENCH_AANMELDINGEN     referrals in the house          (default 50000)
    BENCH_PERSONEN         persons for the BSN lookup      (default 1000000)
    BENCH_DB_AANMELDING    database for the worklists      (default casus_bench_aanm)
    BENCH_DB_PERSONEN      database for the BSN lookup     (default casus_bench2)
    BENCH_REPEAT           timed requests/lookups          (default 200)
"""

import html
import os
import random
import re
import statistics
import time
import uuid
from datetime import timedelta
from urllib.parse import urljoin

from bench.registry import benchmark, verdict

PAGE_SIZE = 50  # core.pagination.PAGE_SIZE; only used to skip ahead on numbered pages
PROTECTED_DATABASES = {"casus", "postgres", "template0", "template1"}


def _env_int(name, default):
    return int(os.environ.get(name) or default)


def _use_database(name):
    """Point the default connection at database `name`, creating and migrating it if needed."""
    import psycopg
    from django.core.management import call_command
    from django.db import connections
    from psycopg import sql

    if name in PROTECTED_DATABASES:
        raise SystemExit(f"Benchmarks draaien niet in database {name!r}.")
    conn = connections["default"]
    conn.close()
    s = conn.settings_dict
    with psycopg.connect(
        host=s.get("HOST") or None,
        port=s.get("PORT") or None,
        user=s.get("USER") or None,
        password=s.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    s["NAME"] = name
    call_command("migrate", verbosity=0, interactive=False)


def _percentiles(samples_ms):
    ordered = sorted(samples_ms)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95


def _valid_bsns(start):
    """Valid BSNs (elfproef) in increasing order from the 8-digit prefix `start`."""
    prefix = start
    while True:
        digits = f"{prefix:08d}"
        total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10:
            yield digits + str(check)
        prefix += 1


# Worklists -------------------------------------------------------------------------------


def _current_partnership(zvh, organisatie):
    """The referrer's organisation signed convenant and privacy protocol: a partner role counts
    only with a current partnership."""
    from datetime import date

    from partners.models import Partnerschap

    Partnerschap.objects.update_or_create(
        zvh=zvh,
        organisatie=organisatie,
        defaults={
            "convenant_getekend_op": date(2024, 1, 1),
            "privacyprotocol_getekend_op": date(2024, 1, 1),
        },
    )


def _seed_worklists(total, *, zvh_code="bench", statuses=None):
    """`total` referrals of one partner in house `zvh_code`, two persons each, registered by
    the referrer (`aangemaakt_door`), so that "mijn aanmeldingen" shows their details.

    `statuses` (default: 40% ingediend, 30% geaccepteerd, 30% afgewezen) is cycled at random.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from aanmelding.models import Aanmelding, AanmeldingPersoon, Status
    from casus.models import Persoon
    from core.crypto import naam_index
    from partners.models import Organisatie, Rol, RolToewijzing, Zvh

    zvh, _ = Zvh.objects.get_or_create(code=zvh_code, defaults={"naam": f"Bench-huis {zvh_code}"})
    have = Aanmelding.objects.filter(zvh=zvh).count()
    User = get_user_model()
    if have >= total:
        aanmelder = User.objects.get(username="bench-aanmelder")
        _current_partnership(zvh, aanmelder.organisatie)
        # Databases seeded before persons carried their registrar: fill it in once.
        Persoon.objects.filter(zvh=zvh, aangemaakt_door__isnull=True).update(
            aangemaakt_door=aanmelder
        )
        return zvh, User.objects.get(username="bench-regisseur"), aanmelder
    with transaction.atomic():
        groep, _ = Group.objects.get_or_create(name="bench-politie")
        org, _ = Organisatie.objects.get_or_create(
            naam="Bench Politie", defaults={"type": "politie", "groep": groep}
        )
        _current_partnership(zvh, org)
        users = {}
        for username, rol in (
            ("bench-regisseur", Rol.PROCESREGISSEUR),
            ("bench-aanmelder", Rol.KETENPARTNER),
        ):
            users[username], _ = User.objects.get_or_create(
                username=username, defaults={"organisatie": org, "first_name": username}
            )
            RolToewijzing.objects.get_or_create(medewerker=users[username], zvh=zvh, rol=rol)
    rng = random.Random(4)
    now = timezone.now()
    if statuses is None:
        statuses = [Status.INGEDIEND] * 4 + [Status.GEACCEPTEERD] * 3 + [Status.AFGEWEZEN] * 3
    batch = 2000
    aanmelder = users["bench-aanmelder"]
    for start in range(have, total, batch):
        n = min(batch, total - start)
        with transaction.atomic():
            personen = []
            for i in range(2 * n):
                p = Persoon(
                    zvh=zvh,
                    voornamen=f"Voornaam{start + i}",
                    achternaam=f"Achternaam{start + i}",
                    aangemaakt_door=aanmelder,
                )
                p.naam_index = naam_index(p.voornamen, p.achternaam, None)
                personen.append(p)
            Persoon.objects.bulk_create(personen)
            aanmeldingen = []
            for _i in range(n):
                status = rng.choice(statuses)
                ingediend = now - timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
                aanmeldingen.append(
                    Aanmelding(
                        zvh=zvh,
                        organisatie=org,
                        aangemeld_door=aanmelder,
                        status=status,
                        spoed=rng.random() < 0.05,
                        reden="Benchmark-aanmelding",
                        aangemaakt_op=ingediend,
                        ingediend_op=ingediend,
                    )
                )
            Aanmelding.objects.bulk_create(aanmeldingen)
            AanmeldingPersoon.objects.bulk_create(
                AanmeldingPersoon(aanmelding=a, persoon=personen[2 * i + k], volgorde=k)
                for i, a in enumerate(aanmeldingen)
                for k in (0, 1)
            )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return zvh, users["bench-regisseur"], aanmelder


def _client_for(user):
    from django.test import Client

    from tests.conftest import verify_session

    return verify_session(Client(HTTP_HOST="localhost"), user)


def _time_page(client, path, repeat):
    """Response times of `path` with DEBUG off (as in production); queries counted apart, so
    that capturing them does not inflate the timings."""
    from django.db import connection
    from django.test.utils import override_settings

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with override_settings(DEBUG=False):
        for _ in range(5):
            assert client.get(path).status_code == 200
        # Not CaptureQueriesContext: each request clears the query log it reads from.
        with connection.execute_wrapper(count):
            assert client.get(path).status_code == 200
        samples = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.status_code
    return samples, len(queries)


# The "volgende" link of a list page: numbered (?pagina=N) or keyset (?na=<cursor>), also
# after the list's filters (?eigenaar=organisatie&amp;na=<cursor>: `;` ends the escaped `&`).
_NEXT_LINK = re.compile(
    r'<a\s[^>]*href="(?P<href>[^"]*[?&;](?:pagina|na)=[^"]*)"[^>]*>\s*Volgende', re.IGNORECASE
)


def _next_url(path, body):
    match = _NEXT_LINK.search(body)
    if match is None:
        return None
    return urljoin(path, html.unescape(match["href"]))


def _last_page(client, first, expected_pages):
    """(URL of the last page, pages walked): follows each page's own "volgende" link from
    `first`. A numbered link may skip ahead to `expected_pages` (from the list's size); a
    keyset link (?na=) is walked page by page. The last page is the one without the link."""
    from django.test.utils import override_settings

    path, walked, jumped = first, 1, False
    with override_settings(DEBUG=False):
        while True:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            following = _next_url(path, response.content.decode())
            if following is None:
                return path, walked
            if not jumped and "pagina=" in following and expected_pages > 2:
                following = re.sub(r"pagina=\d+", f"pagina={expected_pages}", following)
                jumped = True
            path, walked = following, walked + 1


@benchmark
def triage_werkvoorraad_en_mijn_aanmeldingen():
    """First and last page of the triage queue and of "mijn aanmeldingen" (test client, DEBUG
    off while timing). Concurrency and the real server: the `load` benchmark."""
    from django.db import connection

    from aanmelding.models import IN_TRIAGE, Aanmelding

    total = _env_int("BENCH_AANMELDINGEN", 50_000)
    repeat = _env_int("BENCH_REPEAT", 200)
    _use_database(os.environ.get("BENCH_DB_AANMELDING", "casus_bench_aanm"))
    t0 = time.perf_counter()
    zvh, regisseur, aanmelder = _seed_worklists(total)
    with connection.cursor() as cursor:  # as autovacuum would (bench.load.vacuum says why)
        cursor.execute("VACUUM (ANALYZE)")
    in_queue = Aanmelding.objects.filter(zvh=zvh, status__in=IN_TRIAGE).count()
    own = Aanmelding.objects.filter(zvh=zvh, organisatie=aanmelder.organisatie).count()
    print(
        f"  schaal: {Aanmelding.objects.filter(zvh=zvh).count()} aanmeldingen in het huis, "
        f"{in_queue} in de triage (voorbereiding {time.perf_counter() - t0:.1f} s)"
    )
    cases = []
    for label, user, first, size in (
        ("triage", regisseur, "/triage/", in_queue),
        ("mijn aanmeldingen", aanmelder, "/aanmeldingen/", own),
    ):
        client = _client_for(user)
        t0 = time.perf_counter()
        last, walked = _last_page(client, first, -(-size // PAGE_SIZE))
        print(
            f"  {label}: laatste pagina {last} ({walked} pagina's gevolgd, "
            f"{time.perf_counter() - t0:.1f} s)"
        )
        cases += [(f"{label}, eerste pagina", client, first), (f"{label}, laatste", client, last)]
    counts = {}
    for label, client, path in cases:
        samples, queries = _time_page(client, path, repeat)
        counts.setdefault(label.split(",")[0], set()).add(queries)
        median, p95 = _percentiles(samples)
        print(
            f"  {label:<32} queries {queries}  mediaan {median:6.1f} ms  "
            f"p95 {p95:6.1f} ms  (doel p95 ≤ 100 ms: {verdict(p95 <= 100)}, n={repeat}, "
            "DEBUG uit)"
        )
    for label, seen in counts.items():
        print(
            f"  {label}: queries eerste en laatste pagina {sorted(seen)} "
            f"(doel gelijk: {verdict(len(seen) == 1)})"
        )


# BSN lookup ------------------------------------------------------------------------------


def _seed_personen(total):
    """Bulk-load persons with encrypted BSN and name and a precomputed blind index (COPY)."""
    from django.db import connection

    from casus.models import Persoon
    from core.crypto import associated_data, blind_index, encrypt
    from partners.models import Zvh

    zvh, _ = Zvh.objects.get_or_create(code="bench-bsn", defaults={"naam": "Bench-huis BSN"})
    have = Persoon.objects.filter(zvh=zvh).count()
    table = Persoon._meta.db_table
    bsns = _valid_bsns(10_000_000)
    for _ in range(have):
        next(bsns)
    batch = 50_000
    for start in range(have, total, batch):
        n = min(batch, total - start)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(
                f"COPY {table} (id, zvh_id, bsn, bsn_index, achternaam, naam_index, "
                "aangemaakt_op) FROM STDIN"
            ) as copy:
                for i in range(n):
                    bsn = next(bsns)
                    pk = uuid.uuid4()
                    copy.write_row(
                        (
                            pk,
                            zvh.pk,
                            encrypt(bsn, aad=associated_data(table, "bsn", pk)),
                            blind_index(bsn),
                            encrypt(
                                f"Persoon {start + i}", aad=associated_data(table, "achternaam", pk)
                            ),
                            "",
                            "2025-01-01T00:00:00Z",
                        )
                    )
        print(f"  geladen: {start + n} personen", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
    return zvh


@benchmark
def bsn_zoeken():
    from django.db import connection

    from casus.models import Persoon
    from core.crypto import blind_index

    total = _env_int("BENCH_PERSONEN", 1_000_000)
    repeat = _env_int("BENCH_REPEAT", 200) * 5
    _use_database(os.environ.get("BENCH_DB_PERSONEN", "casus_bench2"))
    t0 = time.perf_counter()
    zvh = _seed_personen(total)
    count = Persoon.objects.count()
    print(f"  schaal: {count} personen (voorbereiding {time.perf_counter() - t0:.1f} s)")
    rng = random.Random(2)
    # Persons are seeded in BSN order: sample positions across all of them, not only the first.
    positions = set(rng.sample(range(total), min(total, repeat)))
    bekend = [bsn for i, bsn in enumerate(_take(_valid_bsns(10_000_000), total)) if i in positions]
    rng.shuffle(bekend)
    print(f"  steekproef: {len(bekend)} BSN's verspreid over alle {total} personen")
    samples = []
    for i in range(repeat):
        bsn = bekend[i % len(bekend)]
        t = time.perf_counter()
        persoon = Persoon.objects.filter(zvh=zvh, bsn_index=blind_index(bsn)).first()
        assert persoon is not None and persoon.bsn == bsn
        samples.append((time.perf_counter() - t) * 1000)
    median, p95 = _percentiles(samples)
    verdict = "OK" if p95 <= 5 else "TE TRAAG"
    print(
        f"  BSN-zoekactie (blind index + ontsleutelen)  mediaan {median:.2f} ms  "
        f"p95 {p95:.2f} ms  (doel ≤ 5 ms: {verdict}, n={repeat})"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            # The table name comes from the model, not from input.
            f"EXPLAIN SELECT * FROM {Persoon._meta.db_table} "  # noqa: S608
            "WHERE zvh_id = %s AND bsn_index = %s",
            [zvh.pk, blind_index(bekend[0])],
        )
        print("  plan:", " / ".join(row[0].strip() for row in cursor.fetchall()))


def _take(iterator, n):
    for _ in range(n):
        yield next(iterator)
