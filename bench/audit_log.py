"""Benchmarks of the audit log: request overhead, verification speed, review search p95.

They run in their own database (BENCH_DB, default `casus_bench`, created and migrated on first
use and kept), never in the development database. BENCH_AUDIT_ROWS sets the size of the
generated chain (default 1,000,000); the figures are for what was run, never extrapolated.
"""

import os
import random
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta

from bench.registry import benchmark, verdict

ROWS = int(os.environ.get("BENCH_AUDIT_ROWS", "1000000"))
REQUESTS = int(os.environ.get("BENCH_AUDIT_REQUESTS", "400"))
SEARCHES = int(os.environ.get("BENCH_AUDIT_SEARCHES", "100"))
USERS = 300
PERSONS = 100_000
COLUMNS = (
    "event_id", "chain", "seq", "prev_hash", "hash", "event_time", "action", "outcome",
    "event_type", "user_id", "user_display", "organisatie_id", "organisatie_naam", "rol",
    "namens", "doel", "ip", "request_id", "zvh_id", "object_type", "object_id",
    "persoon_pseudoniem", "casus_id", "detail",
)  # fmt: skip
_database_ready = False


def _bench_database():
    """Switch the default connection to the benchmark database (created once, then kept)."""
    global _database_ready
    if _database_ready:
        return
    from django.db import connection

    connection.settings_dict.setdefault("TEST", {})["NAME"] = os.environ.get(
        "BENCH_DB", "casus_bench"
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True, serialize=False)
    _database_ready = True


def _p(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# (a) audit overhead per request -------------------------------------------------------------


def _verified_client(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from partners.middleware import LAST_SEEN, LOGIN_TIME
    from partners.models import AuthenticatorDevice

    device, _ = AuthenticatorDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[LOGIN_TIME] = session[LAST_SEEN] = time.time() + 10 * 365 * 86400
    session.save()
    return client


def _staff():
    """A procesregisseur in a house of its own and a person (with one relation) there."""
    from django.contrib.auth.models import Group

    from casus.models import Persoon, PersoonRelatie, RelatieType
    from partners.models import Medewerker, Organisatie, Partnerschap, Rol, RolToewijzing, Zvh

    zvh, _ = Zvh.objects.get_or_create(code="bench-overhead", defaults={"naam": "Bench overhead"})
    group, _ = Group.objects.get_or_create(name="organisatie:Bench overhead")
    org, _ = Organisatie.objects.get_or_create(
        naam="Bench overhead", defaults={"type": "zvh", "groep": group}
    )
    Partnerschap.objects.get_or_create(zvh=zvh, organisatie=org)
    regisseur, _ = Medewerker.objects.get_or_create(
        username="bench-regisseur", defaults={"organisatie": org, "first_name": "Bench"}
    )
    RolToewijzing.objects.get_or_create(medewerker=regisseur, zvh=zvh, rol=Rol.PROCESREGISSEUR)
    person = Persoon.objects.filter(zvh=zvh, relaties_van__isnull=False).first()
    if person is None:
        person, partner = (
            Persoon.objects.create(
                zvh=zvh, voornamen=first, achternaam=last, aangemaakt_door=regisseur
            )
            for first, last in (("Petra", "Persoon"), ("Paul", "Partner"))
        )
        PersoonRelatie.objects.create(van=person, naar=partner, type=RelatieType.PARTNER)
    return regisseur, person


@benchmark
def audit_overhead():
    """The person page (/personen/<uuid>/, as a procesregisseur), audited or not."""
    from unittest import mock

    from django.db import DatabaseError, connection
    from django.test.utils import override_settings
    from django.urls import reverse

    import audit.log

    _bench_database()
    regisseur, person = _staff()
    client = _verified_client(regisseur)
    url = reverse("casus:persoon", args=[person.pk])

    def get():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    def no_record(**kwargs):
        return None

    audited, plain = [], []
    # A checkpoint that an earlier benchmark's writes asked for would overlap the timing and
    # slow the audited path's disk flush most: run it now, before the warm-up (which also
    # writes the first full-page images of the pages the requests touch after it).
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError as exc:  # a role without pg_checkpoint: time without it
        print(f"geen CHECKPOINT vooraf ({exc.__class__.__name__})")
    # Timed as in production: DEBUG off, so no per-query SQL logging inflates the extra queries.
    with override_settings(DEBUG=False):
        for _ in range(20):  # warm up both paths
            get()
            with mock.patch.object(audit.log, "write", no_record):
                get()
        for _ in range(REQUESTS):  # interleaved, so drift hits both alike
            start = time.perf_counter()
            get()
            audited.append(time.perf_counter() - start)
            with mock.patch.object(audit.log, "write", no_record):
                start = time.perf_counter()
                get()
                plain.append(time.perf_counter() - start)

    def inserts(patched):
        """(INSERTs, round trips) of one request. Round trips are the statements plus the
        COMMITs Django sends; an audited view sends its COMMIT in one statement with the wait
        for the disk ("COMMIT; SELECT ..."), after which Django's commit finds no transaction
        open and sends nothing."""
        # Not CaptureQueriesContext: each request clears the query log it reads from.
        from psycopg.pq import TransactionStatus

        sql, commits = [], []
        real_commit = connection._commit

        def count(execute, query, params, many, context):
            sql.append(query.lstrip().upper())
            return execute(query, params, many, context)

        def counted_commit():
            if connection.connection.pgconn.transaction_status != TransactionStatus.IDLE:
                commits.append(1)
            return real_commit()

        with (
            connection.execute_wrapper(count),
            mock.patch.object(connection, "_commit", counted_commit),
        ):
            if patched:
                with mock.patch.object(audit.log, "write", no_record):
                    get()
            else:
                get()
        return sum(s.startswith("INSERT") for s in sql), len(sql) + len(commits)

    (ins_a, total_a), (ins_p, total_p) = inserts(False), inserts(True)
    ratio = statistics.median(audited) / statistics.median(plain)
    print("view: casus:persoon (the person page, a person with one relation; procesregisseur)")
    print(f"requests per variant: {REQUESTS} (interleaved, DEBUG off while timing)")
    print(
        f"median ratio audited/unaudited: {ratio:.3f} ({(ratio - 1) * 100:+.1f}%; "
        f"target <= 1.05: {verdict(ratio <= 1.05)})"
    )
    print(f"p95 ratio audited/unaudited: {_p(audited, 0.95) / _p(plain, 0.95):.3f}")
    print(f"INSERTs per request: audited {ins_a}, unaudited {ins_p}, extra {ins_a - ins_p}")
    print(
        f"round trips per request (statements and COMMITs): audited {total_a}, "
        f"unaudited {total_p} "
        f"(target at most one extra round trip: {verdict(total_a - total_p <= 1)})"
    )


# (b) + (c) a generated chain -----------------------------------------------------------------


def _generate_chain(rows, zvh=None):
    """A valid chain of at least `rows` rows, written with COPY; reused when present.

    Without `zvh` the chain gets a house of its own (`bench-<rows>`); with `zvh` it is that
    house's chain. A chain that is too short is extended from its head (seq and hash), so
    rows the application appended since (the page benchmarks read and log) keep it valid.
    The HMAC key is this process's AUDIT_HMAC_KEY: the server that appends must use the same.
    """
    from django.db import connection

    from audit.chain import GENESIS, canonical_text, hash_text, hmac_key
    from audit.models import AccessLog
    from partners.models import Zvh

    if zvh is None:
        zvh, _ = Zvh.objects.get_or_create(
            code=f"bench-{rows}", defaults={"naam": f"Bench {rows} auditregels"}
        )
    chain = f"zvh:{zvh.pk}"
    head = AccessLog.objects.filter(chain=chain).order_by("-seq").values_list("seq", "hash").first()
    first_seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
    if first_seq > rows:
        return zvh, chain, 0.0
    rng = random.Random(f"audit-bench-{zvh.pk}-{first_seq}")  # event ids unique across chains
    key = hmac_key()
    persons = [f"{rng.getrandbits(256):064x}" for _ in range(PERSONS)]
    start_time = datetime(2021, 1, 1, tzinfo=UTC)
    step = timedelta(days=5 * 365) / rows
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        copy_sql = f"COPY audit_accesslog ({', '.join(COLUMNS)}) FROM STDIN"
        with raw.copy(copy_sql) as copy:
            lines = []
            for seq in range(first_seq, rows + 1):
                user = rng.randrange(USERS)
                moment = start_time + step * seq
                person = persons[rng.randrange(PERSONS)] if rng.random() < 0.6 else ""
                values = {
                    "event_id": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "chain": chain,
                    "seq": seq,
                    "event_time": moment,
                    "action": "read" if person else "search",
                    "outcome": "success" if rng.random() < 0.98 else "denied",
                    "event_type": "medewerker_bekeken" if person else "organisaties_bekeken",
                    "user_id": 1_000_000 + user,
                    "user_display": f"Medewerker {user}",
                    "organisatie_id": 1_000 + user % 12,
                    "organisatie_naam": f"Organisatie {user % 12}",
                    "rol": "procesregisseur",
                    "namens": "",
                    "doel": "triage",
                    "ip": "10.0.0.1",
                    "request_id": f"{seq:032x}",
                    "zvh_id": zvh.pk,
                    "object_type": "partners.medewerker",
                    "object_id": str(user),
                    "persoon_pseudoniem": person,
                    "casus_id": None,
                    "detail": "",
                }
                text = canonical_text(values)
                row_hash = hash_text(text, prev, key)
                fields = [
                    str(values["event_id"]), chain, str(seq), prev, row_hash,
                    moment.isoformat(), values["action"], values["outcome"],
                    values["event_type"], str(values["user_id"]), values["user_display"],
                    str(values["organisatie_id"]), values["organisatie_naam"], "procesregisseur",
                    "", "triage", "10.0.0.1", values["request_id"], str(zvh.pk),
                    "partners.medewerker", str(user), person, "\\N", "",
                ]  # fmt: skip
                lines.append("\t".join(fields))
                prev = row_hash
                if len(lines) >= 20_000:
                    copy.write("\n".join(lines) + "\n")
                    lines = []
            if lines:
                copy.write("\n".join(lines) + "\n")
        cursor.execute("ANALYZE audit_accesslog")
    return zvh, chain, time.perf_counter() - started


@benchmark
def audit_verify_speed():
    """Rows per second of audit_verify over one generated chain (one Python process)."""
    from audit.verify import verify_chain

    _bench_database()
    _zvh, chain, generated = _generate_chain(ROWS)
    if generated:
        print(f"generated {ROWS} rows in {generated:.1f} s (COPY)")
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        result = verify_chain(chain)
        runs.append(time.perf_counter() - started)
        assert result.ok and result.rows >= ROWS, result.breaks
    best, median = min(runs), statistics.median(runs)
    rows = result.rows  # the generated rows and those the page benchmarks appended since
    print(f"chain {chain}: {rows} rows verified, intact")
    print(
        f"rows/s (median of 3): {rows / median:,.0f}; best: {rows / best:,.0f} "
        f"(target >= 250,000: {verdict(rows / median >= 250_000)})"
    )


@benchmark
def audit_search_p95():
    """p95 of the first page of the review search: by person, by user, by period."""
    from audit import selectors
    from audit.models import AccessLog

    _bench_database()
    zvh, chain, generated = _generate_chain(ROWS)
    if generated:
        print(f"generated {ROWS} rows in {generated:.1f} s (COPY)")
    rng = random.Random(14)
    persons = list(
        AccessLog.objects.filter(chain=chain)
        .exclude(persoon_pseudoniem="")
        .order_by("?")
        .values_list("persoon_pseudoniem", flat=True)[:SEARCHES]
    )
    first = (
        AccessLog.objects.filter(chain=chain)
        .order_by("seq")
        .values_list("event_time", flat=True)[0]
    )
    cases = {
        "person": [{"persoon_pseudoniem": p} for p in persons],
        "user": [{"user_id": 1_000_000 + rng.randrange(USERS)} for _ in range(SEARCHES)],
        "period": [],
    }
    for _ in range(SEARCHES):
        start = first + timedelta(days=rng.randrange(5 * 365 - 31))
        cases["period"].append({"start": start, "end": start + timedelta(days=30)})
    print(f"{ROWS} rows in chain {chain}; {SEARCHES} searches per filter, first page of 50")
    for name, filters in cases.items():
        timings = []
        for f in filters:
            started = time.perf_counter()
            _page, after = selectors.keyset_page(selectors.search(zvh, **f))
            timings.append((time.perf_counter() - started) * 1000)
            if name == "person" and after:
                started = time.perf_counter()
                selectors.keyset_page(selectors.search(zvh, **f), after=after)
                timings.append((time.perf_counter() - started) * 1000)
        print(
            f"by {name}: median {statistics.median(timings):.1f} ms, "
            f"p95 {_p(timings, 0.95):.1f} ms (target p95 <= 200 ms)"
        )
    # The selector alone leaves out the view, its audit row, the template and the middleware:
    # time the whole page as well (test client, one at a time; under concurrent load and
    # through a real server: the `load` benchmark).
    from django.test.utils import override_settings

    client = _verified_client(_privacy_officer(zvh))
    timings = []
    with override_settings(DEBUG=False):
        for i in range(SEARCHES + 5):
            started = time.perf_counter()
            response = client.get("/audit/")
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.status_code
            if i >= 5:  # the first five warm up
                timings.append(elapsed)
    print(
        f"whole page /audit/ (unfiltered, privacy officer, DEBUG off): median "
        f"{statistics.median(timings):.1f} ms, p95 {_p(timings, 0.95):.1f} ms "
        "(target p95 <= 200 ms)"
    )


def _privacy_officer(zvh):
    from django.contrib.auth.models import Group

    from partners.models import Medewerker, Organisatie, Partnerschap, Rol, RolToewijzing

    group, _ = Group.objects.get_or_create(name="organisatie:Bench privacy")
    org, _ = Organisatie.objects.get_or_create(
        naam="Bench privacy", defaults={"type": "zvh", "groep": group}
    )
    Partnerschap.objects.get_or_create(zvh=zvh, organisatie=org)
    officer, _ = Medewerker.objects.get_or_create(
        username="bench-privacy", defaults={"organisatie": org, "first_name": "Bench"}
    )
    RolToewijzing.objects.get_or_create(medewerker=officer, zvh=zvh, rol=Rol.PRIVACY_OFFICER)
    return officer
