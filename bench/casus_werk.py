"""Benchmarks of issue 11 (casus workflow I) in one house with 20k casussen.

Informatieverrijking: 200k requests to the deelnemers (10 per casus, most answered, answers
encrypted as the application writes them); timed are the organisation's "uitvragen" worklist
and the house's "openstaande uitvragen" (first and last page, the last reached by following the
pages' own "volgende" links) and the casus's verrijking page.

Runs in a database of its own (never the one in DATABASE_URL), created and seeded on first use
and reused afterwards:

    BENCH_DB_CASUS_WERK   its database                  (default casus_bench_werk)
    BENCH_CASUSSEN        casussen in the house         (default 20000)
    BENCH_UITVRAGEN       requests in the house         (default 200000)
    BENCH_REPEAT          timed requests per page       (default 200)
"""

import os
import random
import time
import uuid
from datetime import date, timedelta

from bench.aanmelding import (
    _client_for,
    _env_int,
    _last_page,
    _percentiles,
    _time_page,
    _use_database,
)
from bench.registry import benchmark, verdict

# A house of its own, so that the other parts' seeding in this database does not count here.
ZVH_CODE = "bench-verrijking"
PARTNERS = 10  # partner organisations; each casus has half of them as deelnemers
DEELNEMERS_PER_CASUS = 5


def _organisaties(zvh):
    """The house's own organisation and PARTNERS partner organisations with a current
    partnership, each with its group."""
    from django.contrib.auth.models import Group

    from partners.models import Organisatie, Partnerschap

    def org(naam, type_):
        groep, _ = Group.objects.get_or_create(name=f"bench-werk:{naam}")
        obj, _ = Organisatie.objects.get_or_create(
            naam=naam, defaults={"type": type_, "groep": groep}
        )
        Partnerschap.objects.update_or_create(
            zvh=zvh,
            organisatie=obj,
            defaults={
                "convenant_getekend_op": date(2024, 1, 1),
                "privacyprotocol_getekend_op": date(2024, 1, 1),
            },
        )
        return obj

    eigen = org("Bench ZVH", "zvh")
    return eigen, [org(f"Bench partner {i}", "politie") for i in range(PARTNERS)]


def _user(username, organisatie, zvh, rol):
    from django.contrib.auth import get_user_model

    from partners.models import RolToewijzing

    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"organisatie": organisatie, "first_name": username}
    )
    RolToewijzing.objects.get_or_create(medewerker=user, zvh=zvh, rol=rol)
    return user


def _copy(table, columns, rows):
    from django.db import connection

    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _seed_casussen(zvh, regisseur, backup, partners, total, rng):
    """`total` casussen (10% closed), one person each, DEELNEMERS_PER_CASUS partner
    organisations each (membership and grant, as the services write them). Returns
    [(casus id, [organisation ids])] of every casus of the house."""
    from django.contrib.auth.models import Permission
    from django.db import transaction

    from casus.models import (
        Casus,
        CasusGroupObjectPermission,
        CasusStatus,
        Deelnemer,
        DeelnemerRol,
        Persoon,
    )
    from core.crypto import naam_index

    have = Casus.objects.filter(zvh=zvh).count()
    view = Permission.objects.get(codename="view_casus", content_type__app_label="casus")
    batch = 2000
    for start in range(have, total, batch):
        n = min(batch, total - start)
        with transaction.atomic():
            casussen = [
                Casus(
                    zvh=zvh,
                    nummer=f"2026-{start + i + 1:05d}",
                    ave_niveau=3,
                    spoed=rng.random() < 0.05,
                    status=CasusStatus.AFGESLOTEN if rng.random() < 0.1 else CasusStatus.OPEN,
                    procesregisseur=regisseur,
                    backup_procesregisseur=backup,
                )
                for i in range(n)
            ]
            Casus.objects.bulk_create(casussen)
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
            Casus.personen.through.objects.bulk_create(
                Casus.personen.through(casus_id=c.pk, persoon_id=p.pk)
                for c, p in zip(casussen, personen, strict=True)
            )
            deelnemers, grants = [], []
            for c in casussen:
                for org in rng.sample(partners, DEELNEMERS_PER_CASUS):
                    deelnemers.append(Deelnemer(casus=c, organisatie=org, rol=DeelnemerRol.PARTNER))
                    grants.append(
                        CasusGroupObjectPermission(
                            content_object=c, group_id=org.groep_id, permission=view
                        )
                    )
            Deelnemer.objects.bulk_create(deelnemers)
            CasusGroupObjectPermission.objects.bulk_create(grants)
        print(f"  geladen: {start + n} casussen", flush=True)
    rows = Deelnemer.objects.filter(casus__zvh=zvh).values_list("casus_id", "organisatie_id")
    per_casus = {}
    for casus_id, organisatie_id in rows.iterator(chunk_size=10_000):
        per_casus.setdefault(casus_id, []).append(organisatie_id)
    return sorted(per_casus.items())


def _seed_uitvragen(zvh, coordinator, beantwoorders, casussen, total, rng):
    """`total` requests over the casussen (10 per casus at the default scale, two per
    deelnemer), 85% answered (one life domain and a general answer, or "niets bekend"), the
    open ones due between 30 days ago and 30 days ahead. COPY, encrypted as the app does."""
    from django.db import transaction

    from casus.models import Uitvraag
    from core.crypto import associated_data, encrypt

    have = Uitvraag.objects.filter(zvh=zvh).count()
    if have >= total:
        return
    table = Uitvraag._meta.db_table
    columns = [
        "id",
        "zvh_id",
        "casus_id",
        "organisatie_id",
        "vraag",
        "uiterlijk_op",
        "gesteld_door_id",
        "gesteld_op",
        "beantwoord",
        "niets_bekend",
        "antwoord_algemeen",
        "antwoord_leefgebieden",
        "beantwoord_door_id",
        "beantwoord_op",
    ]
    today = date.today()
    slots = [(c, o) for c, orgs in casussen for o in orgs]
    batch = 20_000

    def rows(start, n):
        for i in range(start, start + n):
            casus_id, organisatie_id = slots[i % len(slots)]
            pk = uuid.uuid4()

            def seal(column, text, pk=pk):
                return encrypt(text, aad=associated_data(table, column, pk))

            gesteld = today - timedelta(days=rng.randrange(5 * 365))
            if rng.random() < 0.85:
                niets = rng.random() < 0.3
                yield (
                    pk,
                    zvh.pk,
                    casus_id,
                    organisatie_id,
                    seal("vraag", f"Wat is bij u bekend? ({i})"),
                    gesteld + timedelta(days=14),
                    coordinator.pk,
                    f"{gesteld.isoformat()}T09:00:00Z",
                    True,
                    niets,
                    None if niets else seal("antwoord_algemeen", f"Algemeen antwoord {i}"),
                    None
                    if niets
                    else seal("antwoord_leefgebieden", f'{{"huisvesting": "Antwoord {i}"}}'),
                    beantwoorders[organisatie_id],
                    f"{gesteld.isoformat()}T15:00:00Z",
                )
            else:
                yield (
                    pk,
                    zvh.pk,
                    casus_id,
                    organisatie_id,
                    seal("vraag", f"Wat is bij u bekend? ({i})"),
                    today + timedelta(days=rng.randrange(-30, 31)),
                    coordinator.pk,
                    f"{today.isoformat()}T09:00:00Z",
                    False,
                    False,
                    None,
                    None,
                    None,
                    None,
                )

    for start in range(have, total, batch):
        n = min(batch, total - start)
        with transaction.atomic():
            _copy(table, columns, rows(start, n))
        print(f"  geladen: {start + n} uitvragen", flush=True)


def _seed(casussen_total, uitvragen_total):
    from django.db import connection

    from partners.models import Rol, Zvh

    rng = random.Random(11)
    zvh, _ = Zvh.objects.get_or_create(code=ZVH_CODE, defaults={"naam": "Bench-huis casuswerk"})
    eigen, partners = _organisaties(zvh)
    regisseur = _user("bench-werk-regisseur", eigen, zvh, Rol.PROCESREGISSEUR)
    backup = _user("bench-werk-backup", eigen, zvh, Rol.PROCESREGISSEUR)
    coordinator = _user("bench-werk-ic", eigen, zvh, Rol.INFORMATIECOORDINATOR)
    beantwoorders = {
        org.pk: _user(f"bench-werk-partner-{i}", org, zvh, Rol.KETENPARTNER).pk
        for i, org in enumerate(partners)
    }
    casussen = _seed_casussen(zvh, regisseur, backup, partners, casussen_total, rng)
    _seed_uitvragen(zvh, coordinator, beantwoorders, casussen, uitvragen_total, rng)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE casus_uitvraag")
        cursor.execute("ANALYZE")
    partner = _user("bench-werk-partner-0", partners[0], zvh, Rol.KETENPARTNER)
    return zvh, coordinator, partner


@benchmark
def informatieverrijking():
    """The "uitvragen" worklist (a partner organisation, first and last page), the house's
    open requests (first and last page) and a casus's verrijking page: fixed query count and
    p95 ≤ 100 ms (test client, DEBUG off while timing)."""
    from django.db import connection

    from casus.models import Casus, Uitvraag

    casussen_total = _env_int("BENCH_CASUSSEN", 20_000)
    uitvragen_total = _env_int("BENCH_UITVRAGEN", 200_000)
    repeat = _env_int("BENCH_REPEAT", 200)
    _use_database(os.environ.get("BENCH_DB_CASUS_WERK", "casus_bench_werk"))
    t0 = time.perf_counter()
    zvh, coordinator, partner = _seed(casussen_total, uitvragen_total)
    eigen = Uitvraag.objects.filter(zvh=zvh, organisatie=partner.organisatie).count()
    open_ = Uitvraag.objects.filter(zvh=zvh, beantwoord=False).count()
    print(
        f"  schaal: {Casus.objects.filter(zvh=zvh).count()} casussen, "
        f"{Uitvraag.objects.filter(zvh=zvh).count()} uitvragen "
        f"({Uitvraag.objects.filter(zvh=zvh, beantwoord=True).count()} beantwoord, {open_} open); "
        f"{eigen} aan de gemeten organisatie (voorbereiding {time.perf_counter() - t0:.1f} s)"
    )
    casus = (
        Casus.objects.filter(zvh=zvh, status="open", uitvragen__isnull=False)
        .order_by("nummer")
        .first()
    )
    cases = []
    for label, user, first in (
        ("uitvragen", partner, "/uitvragen/"),
        ("openstaande uitvragen", coordinator, "/uitvragen/openstaand/"),
    ):
        client = _client_for(user)
        t0 = time.perf_counter()
        last, walked = _last_page(client, first, 0)
        print(f"  {label}: laatste pagina na {walked} pagina's ({time.perf_counter() - t0:.1f} s)")
        cases += [(f"{label}, eerste pagina", client, first), (f"{label}, laatste", client, last)]
    aantal = Uitvraag.objects.filter(casus=casus).count()
    cases.append(
        (
            f"verrijking casus ({aantal} uitvragen)",
            _client_for(coordinator),
            f"/casussen/{casus.pk}/verrijking/",
        )
    )
    counts = {}
    for label, client, path in cases:
        samples, queries = _time_page(client, path, repeat)
        counts.setdefault(label.split(",")[0], set()).add(queries)
        median, p95 = _percentiles(samples)
        print(
            f"  {label:<36} queries {queries}  mediaan {median:6.1f} ms  "
            f"p95 {p95:6.1f} ms  (doel p95 ≤ 100 ms: {verdict(p95 <= 100)}, n={repeat}, "
            f"DEBUG uit, load {os.getloadavg()[0]:.1f})"
        )
    for label, seen in counts.items():
        if label.startswith("verrijking"):
            continue
        print(
            f"  {label}: queries eerste en laatste pagina {sorted(seen)} "
            f"(doel gelijk: {verdict(len(seen) == 1)})"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT id FROM casus_uitvraag WHERE organisatie_id = %s AND zvh_id = %s "
            "ORDER BY beantwoord, uiterlijk_op, id LIMIT 51",
            [partner.organisatie_id, zvh.pk],
        )
        print("  plan uitvragen:", " / ".join(row[0].strip() for row in cursor.fetchall()))
