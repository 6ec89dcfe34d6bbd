"""Benchmark of issue 12 (casus workflow II): the casus page, the plan van aanpak, "mijn acties"
and every monitoring worklist of a house with 20k casussen, 200k actions and 60k MDO's, through
a real server (gunicorn, DEBUG off) with several clients.

The house: `BENCH_PLAN_CASUSSEN` casussen (10% closed, 5% spoed; one person, one or two
themes, five of ten partner organisations as deelnemers each; four procesregisseurs who are
each other's backup), each with a plan of three goals on one or two life domains and
`BENCH_PLAN_ACTIES` actions over them (open casussen: 40% gereed, 5% niet haalbaar, 30% open,
25% in uitvoering, a fifth of the running ones overdue, so about 10% of all actions; closed
casussen: only finished ones), a progress note on every action that moved, and
`BENCH_PLAN_OVERLEGGEN` MDO's in sessions of ten slots over the past years and the coming
weeks (one in ten still to come), each with two invitations and, once held, minutes, an AVE
level and a decision that half of the casus's actions came from. One partner organisation has
exactly `BENCH_PLAN_PARTNER_ACTIES` open actions (half of them with its user as owner); one
"rich" casus, where that organisation takes part, has `BENCH_PLAN_RIJK_ACTIES` actions on
eight goals and `BENCH_PLAN_RIJK_OVERLEGGEN` MDO's. Everything is written in one transaction
(COPY, encrypted as the application writes it), so an interrupted run leaves nothing behind.

Then gunicorn starts (`BENCH_PLAN_WORKERS` sync workers, bench/_gunicorn_plan.py adds the
server time and the query count of every response as headers), the procesregisseur and the
partner's ketenpartner log in through the login form and a real TOTP code, and each page of
PAGES is timed: `BENCH_PLAN_REPEAT` requests with one client and as many with
`BENCH_PLAN_CLIENTS` clients, after `BENCH_PLAN_WARMUP` warm-up requests per client. Lists
are timed on their first page and on their last (reached by following the pages' own
"volgende" links). A page whose URL name does not exist (yet) is skipped and says so.
Targets: server time p95 <= 100 ms with one client, the same number of queries on the first
and the last page of a list, no errors. The table is written as JSON to bench/results/.

    BENCH_DB_PLAN               database (casus_lb_*; keys in var/bench/)  (casus_lb_plan)
    BENCH_PLAN_CASUSSEN         casussen in the house                      (20000)
    BENCH_PLAN_ACTIES           actions in the house                       (200000)
    BENCH_PLAN_OVERLEGGEN       MDO's in the house                         (60000)
    BENCH_PLAN_PARTNER_ACTIES   open actions of the measured partner       (5000)
    BENCH_PLAN_RIJK_ACTIES      actions of the rich casus                  (150)
    BENCH_PLAN_RIJK_OVERLEGGEN  MDO's of the rich casus                    (40)
    BENCH_PLAN_WORKERS          gunicorn workers                           (2)
    BENCH_PLAN_CLIENTS          concurrent clients of the second run       (4)
    BENCH_PLAN_REPEAT           timed requests per page and run            (100)
    BENCH_PLAN_WARMUP           warm-up requests per client                (5)
    BENCH_PLAN_MAX_PAGINAS      most pages followed to a list's last page  (2000)
    BENCH_PLAN_PAGINAS          only these URL names, comma-separated      (all of PAGES)
    BENCH_PLAN_SQL_LOG          a file: every request's queries with times (off)
"""

import datetime
import hashlib
import http.client
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from bench import load
from bench._gunicorn_plan import QUERIES, RETRIES, SERVER_MS
from bench.aanmelding import _env_int, _next_url, _use_database
from bench.registry import benchmark, verdict

ROOT = Path(__file__).resolve().parent.parent
ZVH_CODE = "bench-plan"
PASSWORD = "bench-plan-wachtwoord-0123"  # noqa: S105 (a benchmark account in its own database)
REGISSEURS = 4
DOELEN = 3
RIJK_DOELEN = 8
PER_SESSIE = 10
SESSIES_PER_DAG = 6
TOEKOMST = 0.1  # the share of the MDO's still to come
OVERDUE = 0.2  # the share of running actions past their due date
TARGET_MS = 100
REQUEST_TIMEOUT = 60

# (label, URL name, argument, user, list): the argument "rijk" is the rich casus; a list is
# timed on its first and its last page.
PAGES = [
    ("casuspagina rijke casus, regisseur", "casus:casus", "rijk", "regisseur", False),
    ("casuspagina rijke casus, partner", "casus:casus", "rijk", "partner", False),
    ("plan van aanpak rijke casus, regisseur", "casus:plan", "rijk", "regisseur", False),
    ("plan van aanpak rijke casus, partner", "casus:plan", "rijk", "partner", False),
    ("mijn acties", "casus:mijn_acties", None, "partner", True),
    ("monitoring", "casus:monitoring", None, "regisseur", False),
    ("monitoring: mijn casussen", "casus:monitoring_mijn", None, "regisseur", True),
    ("monitoring: komende MDO's", "casus:monitoring_mdo", None, "regisseur", True),
    ("monitoring: acties over termijn", "casus:monitoring_achterstand", None, "regisseur", True),
    ("monitoring: stilstand", "casus:monitoring_stilstand", None, "regisseur", True),
    ("monitoring: spoed", "casus:monitoring_spoed", None, "regisseur", True),
    ("monitoring: zonder volgend MDO", "casus:monitoring_zonder_mdo", None, "regisseur", True),
    ("casussen (lijst)", "casus:lijst", None, "regisseur", True),
]


def sizes_from_env():
    return {
        "casussen": _env_int("BENCH_PLAN_CASUSSEN", 20_000),
        "acties": _env_int("BENCH_PLAN_ACTIES", 200_000),
        "overleggen": _env_int("BENCH_PLAN_OVERLEGGEN", 60_000),
        "partner_acties": _env_int("BENCH_PLAN_PARTNER_ACTIES", 5_000),
        "rijk_acties": _env_int("BENCH_PLAN_RIJK_ACTIES", 150),
        "rijk_overleggen": _env_int("BENCH_PLAN_RIJK_OVERLEGGEN", 40),
    }


def _settings():
    return {
        "db": os.environ.get("BENCH_DB_PLAN", "casus_lb_plan"),
        **sizes_from_env(),
        "workers": _env_int("BENCH_PLAN_WORKERS", 2),
        "clients": _env_int("BENCH_PLAN_CLIENTS", 4),
        "repeat": _env_int("BENCH_PLAN_REPEAT", 100),
        "warmup": _env_int("BENCH_PLAN_WARMUP", 5),
        "max_pages": _env_int("BENCH_PLAN_MAX_PAGINAS", 2000),
        "only": [
            n.strip() for n in os.environ.get("BENCH_PLAN_PAGINAS", "").split(",") if n.strip()
        ],
    }


def totp_key(username):
    return hashlib.sha256(f"casus-bench-plan|{username}".encode()).digest()[:20]


def usernames():
    return {"regisseur": "bench-plan-regisseur-0", "partner": "bench-plan-partner-0"}


# Seeding ------------------------------------------------------------------------------------


def _check_sizes(sizes):
    if sizes["casussen"] < 2 * PER_SESSIE:
        raise SystemExit(f"BENCH_PLAN_CASUSSEN moet minstens {2 * PER_SESSIE} zijn.")
    gewoon = sizes["acties"] - sizes["rijk_acties"]
    if gewoon < sizes["partner_acties"] or sizes["rijk_acties"] < RIJK_DOELEN:
        raise SystemExit(
            "BENCH_PLAN_ACTIES moet groter zijn dan BENCH_PLAN_RIJK_ACTIES plus "
            f"BENCH_PLAN_PARTNER_ACTIES, en de rijke casus heeft minstens {RIJK_DOELEN} acties."
        )
    if sizes["rijk_acties"] <= math.ceil(gewoon / (sizes["casussen"] - 1)):
        raise SystemExit("De rijke casus moet meer acties hebben dan een gewone casus.")
    if not 0 < sizes["rijk_overleggen"] <= sizes["overleggen"] // PER_SESSIE:
        raise SystemExit(
            "BENCH_PLAN_RIJK_OVERLEGGEN moet tussen 1 en BENCH_PLAN_OVERLEGGEN / 10 liggen."
        )


def _copy(table, columns, rows):
    from bench.casus_werk import _copy as copy

    copy(table, columns, rows)


def _seal(table, column, pk, text):
    from core.crypto import associated_data, encrypt

    return encrypt(text, aad=associated_data(table, column, pk))


def _accounts(zvh, eigen, partners):
    """The four procesregisseurs and one ketenpartner per partner organisation; the measured
    two (usernames()) with a password and a TOTP device of known key."""
    from bench.casus_werk import _user
    from partners.models import AuthenticatorDevice, Rol

    regisseurs = [
        _user(f"bench-plan-regisseur-{i}", eigen, zvh, Rol.PROCESREGISSEUR)
        for i in range(REGISSEURS)
    ]
    partner_users = {
        org.pk: _user(f"bench-plan-partner-{i}", org, zvh, Rol.KETENPARTNER)
        for i, org in enumerate(partners)
    }
    for user in (regisseurs[0], partner_users[partners[0].pk]):
        if not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        AuthenticatorDevice.objects.update_or_create(
            user=user,
            name="bench",
            defaults={"seed": totp_key(user.username).hex(), "confirmed": True},
        )
    return regisseurs, partner_users


def seed(sizes, *, log=print):
    """Seed the house of `sizes` in the current database (once: a house that is there already
    is checked and reused) and return its summary. One transaction."""
    from django.db import connection, transaction

    from bench.casus_werk import _organisaties
    from casus.scoreschaal import zrm_inrichten
    from partners.models import Zvh

    _check_sizes(sizes)
    t0 = time.perf_counter()
    with transaction.atomic():
        zvh, created = Zvh.objects.get_or_create(
            code=ZVH_CODE, defaults={"naam": "Bench-huis plan van aanpak"}
        )
        eigen, partners = _organisaties(zvh)
        regisseurs, partner_users = _accounts(zvh, eigen, partners)
        if created:
            zrm_inrichten(zvh.pk)
            _seed_house(zvh, sizes, regisseurs, partners, partner_users, log)
    if created:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    summary = _summary(zvh, partners[0])
    have = {k: summary[k] for k in sizes}
    if have != sizes:
        raise SystemExit(
            f"De database heeft al een bench-plan-huis van een andere omvang ({have}); kies "
            "een andere BENCH_DB_PLAN of dezelfde BENCH_PLAN_*-waarden."
        )
    summary["seed_seconds"] = round(time.perf_counter() - t0, 1)
    return summary


def _seed_house(zvh, sizes, regisseurs, partners, partner_users, log):
    from bench.casus_werk import _seed_casussen

    rng = random.Random(12)
    t = time.perf_counter()
    per_casus = dict(
        _seed_casussen(zvh, regisseurs[0], regisseurs[1], partners, sizes["casussen"], rng)
    )
    casussen = _spread_casussen(zvh, regisseurs, rng)
    log(f"  casussen: {len(casussen)} in {time.perf_counter() - t:.1f} s")
    partner = partners[0].pk
    open_ids = [c for c, status in casussen if status == "open"]
    rijk = next(c for c in open_ids if partner in per_casus[c])
    t = time.perf_counter()
    besluiten = _seed_overleggen(zvh, sizes, regisseurs[0], casussen, per_casus, rijk, partner, rng)
    log(f"  overleggen: {sizes['overleggen']} in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    n = _seed_plannen(
        zvh, sizes, regisseurs[0], casussen, per_casus, rijk, partner, partner_users, besluiten, rng
    )
    log(f"  plannen: {n} acties in {time.perf_counter() - t:.1f} s")


def _spread_casussen(zvh, regisseurs, rng):
    """Four procesregisseurs (each the next one's backup), dates over five years, recent
    activity for 60% of the open casussen, themes; closed casussen lose the partners' grants
    (as closing does). Returns [(casus id, status)] in casusnummer order."""
    from django.db import connection

    from casus.models import STANDAARD_THEMAS, Casus, CasusGroupObjectPermission, Thema

    ids = [r.pk for r in regisseurs]
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.12)")
        cursor.execute(
            """
            WITH x AS (
                SELECT id, (row_number() OVER (ORDER BY nummer) - 1) %% 4 AS k
                FROM casus_casus WHERE zvh_id = %s
            )
            UPDATE casus_casus c SET
                procesregisseur_id = (%s::bigint[])[x.k + 1],
                backup_procesregisseur_id = (%s::bigint[])[(x.k + 1) %% 4 + 1],
                geopend_op = now() - interval '1 day' * (60 + random() * 1765)
            FROM x WHERE c.id = x.id
            """,
            [zvh.pk, ids, ids],
        )
        cursor.execute(
            """
            UPDATE casus_casus SET laatste_activiteit_op = CASE
                WHEN random() < 0.6 THEN now() - interval '1 day' * random() * 35
                ELSE greatest(geopend_op, now() - interval '1 day' * (43 + random() * 700)) END
            WHERE zvh_id = %s
            """,
            [zvh.pk],
        )
        cursor.execute(
            "UPDATE casus_casus SET afgesloten_op = laatste_activiteit_op, "
            "bewaartermijn_vanaf = laatste_activiteit_op::date "
            "WHERE zvh_id = %s AND status = 'afgesloten'",
            [zvh.pk],
        )
    casussen = list(Casus.objects.filter(zvh=zvh).order_by("nummer").values_list("id", "status"))
    CasusGroupObjectPermission.objects.filter(
        content_object__zvh=zvh, content_object__status="afgesloten"
    ).delete()
    themas = [
        Thema.objects.get_or_create(zvh=zvh, code=code, defaults={"naam": naam})[0].pk
        for code, naam in STANDAARD_THEMAS
    ]
    _copy(
        "casus_casus_themas",
        ["casus_id", "thema_id"],
        (
            (casus_id, thema)
            for casus_id, _status in casussen
            for thema in rng.sample(themas, 1 if rng.random() < 0.8 else 2)
        ),
    )
    return casussen


def _session_dates(sizes):
    """The date of each session: past days up to yesterday, then the days to come from
    tomorrow (so which MDO's lie ahead does not depend on the time of day)."""
    from django.utils import timezone

    today = timezone.localdate()
    n_sessies = math.ceil(sizes["overleggen"] / PER_SESSIE)
    days = math.ceil(n_sessies / SESSIES_PER_DAG)
    future = max(1, math.ceil(days * TOEKOMST))
    past = days - future
    dates = []
    for k in range(n_sessies):
        d = k // SESSIES_PER_DAG
        dates.append(
            today - datetime.timedelta(days=past - d)
            if d < past
            else today + datetime.timedelta(days=1 + d - past)
        )
    return dates


def _seed_overleggen(zvh, sizes, regisseur, casussen, per_casus, rijk, partner, rng):
    """Sessions of ten slots on three tables, one MDO per slot (a casus at most once per
    session); the rich casus every `overleggen / rijk_overleggen` MDO's; what lies ahead only
    for open casussen. Held MDO's have minutes, an AVE level and one decision. Returns
    {casus id: [decision ids]}."""
    from django.utils import timezone

    from casus.models import Casusoverleg, Overlegtafel, Sessie, Slot

    tafels = [
        Overlegtafel.objects.get_or_create(zvh=zvh, naam=naam, defaults={"locatie": "Zaal 1"})[0]
        for naam in ("PVG-tafel", "HG-tafel", "Jeugdtafel")
    ]
    dates = _session_dates(sizes)
    sessies = Sessie.objects.bulk_create(
        (
            Sessie(
                zvh=zvh,
                tafel=tafels[k % len(tafels)],
                datum=datum,
                begin=datetime.time(9 if k % SESSIES_PER_DAG < 3 else 13),
                eind=datetime.time(12 if k % SESSIES_PER_DAG < 3 else 16),
                capaciteit=PER_SESSIE,
            )
            for k, datum in enumerate(dates)
        ),
        batch_size=2000,
    )
    slots = Slot.objects.bulk_create(
        (
            Slot(
                sessie=s,
                volgorde=j + 1,
                begintijd=datetime.time(s.begin.hour + (18 * j) // 60, (18 * j) % 60),
                duur_minuten=18,
            )
            for s in sessies
            for j in range(PER_SESSIE)
        ),
        batch_size=5000,
    )
    table = Casusoverleg._meta.db_table
    now = timezone.now()
    # The rich casus gets its MDO's only from the stride below, so it has exactly that many.
    alle = [c for c, _s in casussen if c != rijk]
    open_ids = [c for c, status in casussen if status == "open" and c != rijk]
    if len(open_ids) < PER_SESSIE:
        raise SystemExit(f"Er zijn minstens {PER_SESSIE + 1} open casussen nodig.")
    stride = sizes["overleggen"] // sizes["rijk_overleggen"]
    rijk_hits = 0
    cursors = {"past": 0, "future": 0}
    seen = set()
    overleggen, uitnodigingen, besluiten = [], [], {}
    in_sessie = set()
    for idx in range(sizes["overleggen"]):
        if idx % PER_SESSIE == 0:
            in_sessie = set()
        sessie, slot = sessies[idx // PER_SESSIE], slots[idx]
        begint = timezone.make_aware(datetime.datetime.combine(sessie.datum, slot.begintijd))
        future = begint > now
        if idx % stride == stride // 2 and rijk_hits < sizes["rijk_overleggen"]:
            casus_id = rijk
            rijk_hits += 1
        else:
            pool, key = (open_ids, "future") if future else (alle, "past")
            while True:
                casus_id = pool[cursors[key] % len(pool)]
                cursors[key] += 1
                if casus_id not in in_sessie:
                    break
        in_sessie.add(casus_id)
        pk = uuid.uuid4()
        soort = "vervolg" if casus_id in seen else "start"
        seen.add(casus_id)
        held = not future
        overleggen.append(
            (
                pk,
                zvh.pk,
                casus_id,
                sessie.pk,
                slot.pk,
                soort,
                "gehouden" if held else "gepland",
                begint,
                begint + datetime.timedelta(minutes=slot.duur_minuten),
                False,
                _seal(table, "verslag", pk, f"Verslag van overleg {idx}") if held else None,
                1 if held else 0,
                rng.choice((2, 3, 3, 4)) if held else None,
                regisseur.pk,
                begint - datetime.timedelta(days=14),
            )
        )
        orgs = sorted(per_casus[casus_id], key=lambda o: (o != partner, o))[:2]
        for org in orgs:
            uitnodigingen.append(
                (pk, org, "Casusregisseur", False, "aanwezig" if held else "onbekend")
            )
        if held:
            besluit = uuid.uuid4()
            besluiten.setdefault(casus_id, []).append((besluit, pk, orgs[0], begint))
    _copy(
        table,
        [
            "id",
            "zvh_id",
            "casus_id",
            "sessie_id",
            "slot_id",
            "type",
            "status",
            "begint_op",
            "eindigt_op",
            "boven_capaciteit",
            "verslag",
            "versie",
            "ave_niveau",
            "gepland_door_id",
            "gepland_op",
        ],
        overleggen,
    )
    _copy(
        "casus_uitnodiging",
        ["casusoverleg_id", "organisatie_id", "genodigden", "incidenteel", "aanwezigheid"],
        uitnodigingen,
    )
    _copy(
        "casus_besluit",
        ["id", "casusoverleg_id", "eigenaar_id", "tekst", "vastgelegd_op"],
        (
            (pk, overleg, org, _seal("casus_besluit", "tekst", pk, "Besluit van het MDO"), op)
            for rows in besluiten.values()
            for pk, overleg, org, op in rows
        ),
    )
    return {c: [pk for pk, *_rest in rows] for c, rows in besluiten.items()}


def _action_counts(sizes, casussen, rijk):
    """Actions per casus: the rich casus its number, the others the rest evenly."""
    rest = sizes["acties"] - sizes["rijk_acties"]
    others = len(casussen) - 1
    base, extra = divmod(rest, others)
    counts, i = {}, 0
    for casus_id, _status in casussen:
        if casus_id == rijk:
            counts[casus_id] = sizes["rijk_acties"]
        else:
            counts[casus_id] = base + (1 if i < extra else 0)
            i += 1
    return counts


def _partner_quota(sizes, casussen, per_casus, counts, partner):
    """How many of each casus's actions are the measured partner's open ones: round robin
    over the open casussen it takes part in, until it has exactly `partner_acties`."""
    kandidaten = [c for c, status in casussen if status == "open" and partner in per_casus[c]]
    quota = dict.fromkeys(kandidaten, 0)
    remaining = sizes["partner_acties"]
    while remaining:
        progress = False
        for c in kandidaten:
            if remaining and quota[c] < counts[c]:
                quota[c] += 1
                remaining -= 1
                progress = True
        if not progress:
            raise SystemExit("Te weinig acties voor BENCH_PLAN_PARTNER_ACTIES open acties.")
    return quota


def _status(rng, casus_open):
    if not casus_open:
        return "gereed" if rng.random() < 0.85 else "niet_haalbaar"
    r = rng.random()
    if r < 0.40:
        return "gereed"
    if r < 0.45:
        return "niet_haalbaar"
    return "open" if r < 0.75 else "in_uitvoering"


def _seed_plannen(
    zvh, sizes, regisseur, casussen, per_casus, rijk, partner, partner_users, besluiten, rng
):
    """A plan per casus with its goals (on one or two life domains) and actions, and a
    progress note on every action that left "open". Returns the number of actions."""
    from django.utils import timezone

    from casus.models import Leefgebied, PlanVanAanpak

    today = timezone.localdate()
    now = timezone.now()
    gebieden = list(Leefgebied.objects.filter(zvh=zvh).values_list("pk", flat=True))
    counts = _action_counts(sizes, casussen, rijk)
    quota = _partner_quota(sizes, casussen, per_casus, counts, partner)
    plannen = PlanVanAanpak.objects.bulk_create(
        (
            PlanVanAanpak(casus_id=c, versie=counts[c] + DOELEN, gewijzigd_door=regisseur)
            for c, _s in casussen
        ),
        batch_size=5000,
    )
    doelen, doel_gebieden, acties, voortgang = [], [], [], []
    for (casus_id, status), plan in zip(casussen, plannen, strict=True):
        n_doelen = RIJK_DOELEN if casus_id == rijk else DOELEN
        eigen = []
        for v in range(n_doelen):
            pk = uuid.uuid4()
            eigen.append(pk)
            op = now - datetime.timedelta(days=rng.randrange(60, 700))
            doelen.append(
                (pk, plan.pk, v, _seal("casus_doel", "omschrijving", pk, f"Doel {v + 1}"), op)
            )
            for gebied in rng.sample(gebieden, 1 if rng.random() < 0.6 else 2):
                doel_gebieden.append((pk, gebied))
        orgs = per_casus[casus_id]
        anderen = [o for o in orgs if o != partner]
        for k in range(counts[casus_id]):
            if k < quota.get(casus_id, 0):
                org, stand = partner, "open" if rng.random() < 0.5 else "in_uitvoering"
            else:
                stand = _status(rng, status == "open")
                org = rng.choice(orgs if stand in ("gereed", "niet_haalbaar") else anderen)
            if stand in ("open", "in_uitvoering"):
                days = -rng.randrange(1, 120) if rng.random() < OVERDUE else rng.randrange(0, 120)
            else:
                days = -rng.randrange(0, 700)
            deadline = today + datetime.timedelta(days=days)
            pk = uuid.uuid4()
            created = now - datetime.timedelta(days=max(1, -days) + rng.randrange(7, 60))
            eigenaar = partner_users[org].pk if rng.random() < 0.5 else None
            van_mdo = besluiten.get(casus_id)
            besluit = rng.choice(van_mdo) if van_mdo and rng.random() < 0.5 else None
            reden = (
                _seal("casus_actie", "reden_niet_haalbaar", pk, "Niet haalbaar: reden")
                if stand == "niet_haalbaar"
                else None
            )
            acties.append(
                (
                    pk,
                    zvh.pk,
                    casus_id,
                    eigen[k % n_doelen],
                    _seal("casus_actie", "omschrijving", pk, f"Actie {k + 1} van de casus"),
                    org,
                    eigenaar,
                    deadline,
                    stand,
                    reden,
                    besluit,
                    0 if stand == "open" else 1,
                    created,
                    regisseur.pk,
                    created,
                )
            )
            if stand != "open":
                v_pk = uuid.uuid4()
                voortgang.append(
                    (
                        v_pk,
                        pk,
                        org,
                        partner_users[org].pk,
                        created + datetime.timedelta(days=3),
                        "open",
                        stand,
                        _seal("casus_voortgang", "notitie", v_pk, "Voortgang gemeld"),
                    )
                )
    _copy(
        "casus_doel",
        ["id", "plan_id", "volgorde", "omschrijving", "aangemaakt_op", "aangemaakt_door_id"],
        ((*row, regisseur.pk) for row in doelen),
    )
    _copy("casus_doel_leefgebieden", ["doel_id", "leefgebied_id"], doel_gebieden)
    _copy(
        "casus_actie",
        [
            "id",
            "zvh_id",
            "casus_id",
            "doel_id",
            "omschrijving",
            "organisatie_id",
            "eigenaar_id",
            "deadline",
            "status",
            "reden_niet_haalbaar",
            "besluit_id",
            "versie",
            "aangemaakt_op",
            "aangemaakt_door_id",
            "gewijzigd_op",
        ],
        acties,
    )
    _copy(
        "casus_voortgang",
        [
            "id",
            "actie_id",
            "organisatie_id",
            "door_id",
            "op",
            "status_van",
            "status_naar",
            "notitie",
        ],
        voortgang,
    )
    return len(acties)


def _summary(zvh, partner):
    """What the house holds, as the benchmark reports it (and checks against its sizes)."""
    from django.db.models import Count
    from django.utils import timezone

    from casus.models import Actie, Casus, Casusoverleg

    today = timezone.localdate()
    lopend = Actie.objects.filter(zvh=zvh, status__in=["open", "in_uitvoering"])
    rijk = (
        Actie.objects.filter(zvh=zvh)
        .values("casus")
        .annotate(n=Count("id"))
        .order_by("-n", "casus")
        .first()
    )
    rijk_id = rijk["casus"] if rijk else None
    return {
        "zvh": zvh.pk,
        "casussen": Casus.objects.filter(zvh=zvh).count(),
        "acties": Actie.objects.filter(zvh=zvh).count(),
        "overleggen": Casusoverleg.objects.filter(zvh=zvh).count(),
        "partner_acties": lopend.filter(organisatie=partner).count(),
        "rijk_acties": rijk["n"] if rijk else 0,
        "rijk_overleggen": Casusoverleg.objects.filter(casus_id=rijk_id).count(),
        "rijk": str(rijk_id) if rijk_id else None,
        "open_casussen": Casus.objects.filter(zvh=zvh, status="open").count(),
        "lopende_acties": lopend.count(),
        "acties_over_termijn": lopend.filter(deadline__lt=today).count(),
        "partner_over_termijn": lopend.filter(organisatie=partner, deadline__lt=today).count(),
        "komende_overleggen": Casusoverleg.objects.filter(
            zvh=zvh, begint_op__gte=timezone.now()
        ).count(),
    }


# Measuring ----------------------------------------------------------------------------------


def resolve_pages(summary, pages=PAGES, *, only=(), log=print):
    """[(label, path, user, list)] of the pages that exist (of the URL names in `only`, when
    given); the others are skipped, saying so."""
    from django.urls import NoReverseMatch, reverse

    found = []
    for label, name, argument, user, is_list in pages:
        if only and name not in only:
            continue
        args = [summary[argument]] if argument else []
        try:
            path = reverse(name, args=args)
        except NoReverseMatch:
            log(f"  {label:<40} overgeslagen: pagina bestaat nog niet ({name})")
            continue
        found.append((label, path, user, is_list))
    return found


def _last_page(client, first, max_pages):
    """(path of the last page, pages walked), following each page's "volgende" link."""
    path = first
    for walked in range(1, max_pages + 1):
        status, _h, body = client.request("GET", path)
        assert status == 200, (path, status)
        following = _next_url(path, body.decode())
        if following is None:
            return path, walked
        path = following
    raise RuntimeError(f"{first}: na {max_pages} pagina's nog geen laatste pagina")


def _p95(ordered):
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(clients, path, repeat, warmup):
    """`repeat` requests of `path` shared by `clients` (each after `warmup` of its own):
    client and server times (p50/p95, ms), queries per request, req/s and errors."""
    for client in clients:
        for _ in range(warmup):
            client.request("GET", path)
    lock = threading.Lock()
    taken = [0]
    results = [None] * len(clients)

    def run(index, client):
        samples, errors = [], Counter()
        while True:
            with lock:
                if taken[0] >= repeat:
                    break
                taken[0] += 1
            began = time.perf_counter()
            try:
                status, headers, _b = client.request("GET", path)
            except (OSError, http.client.HTTPException) as exc:
                errors[type(exc).__name__] += 1
                continue
            elapsed = (time.perf_counter() - began) * 1000
            if status != 200:
                errors[str(status)] += 1
                continue
            samples.append(
                (elapsed, float(headers[SERVER_MS]), int(headers[QUERIES]), int(headers[RETRIES]))
            )
        results[index] = (samples, errors)

    began = time.perf_counter()
    threads = [
        threading.Thread(target=run, args=(i, c), daemon=True) for i, c in enumerate(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=repeat * REQUEST_TIMEOUT)
    seconds = time.perf_counter() - began
    if any(r is None for r in results):
        raise RuntimeError("een client kwam niet binnen de tijd terug")
    samples = [s for r in results for s in r[0]]
    errors = sum((r[1] for r in results), Counter())
    client_ms = sorted(s[0] for s in samples) or [math.nan]
    server_ms = sorted(s[1] for s in samples) or [math.nan]
    queries = Counter(s[2] for s in samples)
    return {
        "clients": len(clients),
        "requests": len(samples),
        "rps": round(len(samples) / seconds, 1) if seconds else 0.0,
        "client_p50_ms": round(statistics.median(client_ms), 1),
        "client_p95_ms": round(_p95(client_ms), 1),
        "server_p50_ms": round(statistics.median(server_ms), 1),
        "server_p95_ms": round(_p95(server_ms), 1),
        # The page's own queries. A request that found its house's audit chain head moved by
        # another worker appends again on the head it was told (one statement more,
        # audit/recorder.py); those retries are counted apart.
        "queries": min(queries) if queries else None,
        "queries_seen": dict(sorted(queries.items())),
        "audit_retries": sum(s[3] for s in samples),
        "requests_retried": sum(1 for s in samples if s[3]),
        "errors": sum(errors.values()),
        "error_statuses": dict(errors),
    }


def _line(row):
    fouten = f" {row['error_statuses']}" if row["errors"] else ""
    seen = row["queries_seen"]
    wisselend = f" (per aantal: {seen})" if len(seen) > 1 else ""
    retried = row.get("requests_retried")
    opnieuw = f" (+ herhaalde auditappend in {retried} requests)" if retried else ""
    return (
        f"  {row['page']:<48} {row['clients']} cl.  queries {row['queries']}{wisselend}{opnieuw}  "
        f"server p50 {row['server_p50_ms']:6.1f} p95 {row['server_p95_ms']:6.1f} ms  "
        f"client p50 {row['client_p50_ms']:6.1f} p95 {row['client_p95_ms']:6.1f} ms  "
        f"{row['rps']:6.1f} req/s  fouten {row['errors']}{fouten}  "
        f"load {os.getloadavg()[0]:.1f}"
    )


@benchmark
def casus_werk_plan():
    """Casus page, plan, "mijn acties" and the monitoring worklists among 20k casussen, 200k
    actions and 60k MDO's: gunicorn with DEBUG off, 1 and N clients, server time p95 and the
    query count of the first and the last page."""
    conf = _settings()
    keys, params = load._keys_for(conf["db"])
    database_url = load._database_url(params, conf["db"])
    checkpoints = tempfile.mkdtemp(prefix="casus-plan-checkpoints-")
    env = load._server_env(keys, database_url, checkpoints)
    print(
        f"  database {conf['db']}: {conf['casussen']} casussen, {conf['acties']} acties, "
        f"{conf['overleggen']} MDO's, {conf['partner_acties']} open acties van de partner; "
        f"{conf['workers']} gunicorn-workers, 1 en {conf['clients']} clients, "
        f"{conf['repeat']} requests per meting; load {' '.join(load._loadavg())}",
        flush=True,
    )
    with tempfile.NamedTemporaryFile(suffix=".json") as summary_file:
        subprocess.run(  # noqa: S603 (fixed arguments)
            [sys.executable, "-m", "bench.casus_werk_plan", "seed", summary_file.name],
            cwd=ROOT,
            env=env,
            check=True,
        )
        summary = json.loads(Path(summary_file.name).read_text())
    print(
        f"  geseed ({summary['seed_seconds']} s): {summary['open_casussen']} open casussen, "
        f"{summary['lopende_acties']} lopende acties waarvan {summary['acties_over_termijn']} "
        f"over de termijn ({summary['acties_over_termijn'] / summary['acties']:.1%} van alle), "
        f"{summary['komende_overleggen']} komende MDO's; partner {summary['partner_acties']} "
        f"open ({summary['partner_over_termijn']} over de termijn); rijke casus "
        f"{summary['rijk_acties']} acties, {summary['rijk_overleggen']} MDO's",
        flush=True,
    )
    load.vacuum(params, conf["db"])
    pages = resolve_pages(summary, only=conf["only"])
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = load.Server(
        env, conf["workers"], audit=True, config=ROOT / "bench" / "_gunicorn_plan.py"
    )
    rows, agents = [], {}
    try:
        for role, username in usernames().items():
            first = load.Client(server.port)
            first.login(username, PASSWORD, totp_key(username))
            agents[role] = [first]
            for _ in range(conf["clients"] - 1):
                twin = load.Client(server.port)
                twin.cookies = dict(first.cookies)  # the same session
                agents[role].append(twin)
        for label, path, role, is_list in pages:
            targets = [(label, path)]
            if is_list:
                t = time.perf_counter()
                last, walked = _last_page(agents[role][0], path, conf["max_pages"])
                print(
                    f"  {label}: {walked} pagina's gevolgd tot de laatste "
                    f"({time.perf_counter() - t:.1f} s)",
                    flush=True,
                )
                targets = [(f"{label}, eerste pagina", path)]
                if last != path:
                    targets.append((f"{label}, laatste pagina", last))
            for page, target in targets:
                for n in sorted({1, conf["clients"]}):
                    row = measure(agents[role][:n], target, conf["repeat"], conf["warmup"])
                    row.update(page=page, group=label, list=is_list, load=load._loadavg())
                    rows.append(row)
                    print(_line(row), flush=True)
    finally:
        for agent_list in agents.values():
            for agent in agent_list:
                agent.close()
        server.stop()
    _report(conf, summary, rows)


def judge(rows):
    """The targets of issue 12 on these rows: [{doel, waarde, gehaald}]."""
    targets = []
    for row in rows:
        if row["clients"] == 1:
            targets.append(
                {
                    "doel": f"{row['page']}: servertijd p95 <= {TARGET_MS} ms (1 client)",
                    "waarde": row["server_p95_ms"],
                    "gehaald": row["server_p95_ms"] <= TARGET_MS,
                }
            )
    groups = {}
    for row in rows:
        if row["list"]:
            groups.setdefault(row["group"], set()).add(row["queries"])
    for group, seen in groups.items():
        targets.append(
            {
                "doel": f"{group}: queries eerste = laatste pagina",
                "waarde": sorted(seen),
                "gehaald": len(seen) == 1,
            }
        )
    for row in rows:
        if len(row["queries_seen"]) > 1:
            targets.append(
                {
                    "doel": f"{row['page']}: vast aantal queries (herhaalde auditappend apart)",
                    "waarde": row["queries_seen"],
                    "gehaald": False,
                }
            )
    errors = sum(row["errors"] for row in rows)
    targets.append({"doel": "fouten in alle metingen = 0", "waarde": errors, "gehaald": not errors})
    return targets


def _report(conf, summary, rows):
    targets = judge(rows)
    print("\n  doelen (issue 12, in deze ene run):")
    for t in targets:
        print(f"  {t['doel']:<78} {t['waarde']!s:>10}  {verdict(t['gehaald'])}")
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    out = results / f"casus_werk_plan-{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(
        json.dumps(
            {"settings": conf, "seed": summary, "measurements": rows, "targets": targets},
            indent=2,
        )
    )
    print(f"  geschreven: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    # The seeding child: `python -m bench.casus_werk_plan seed <summary.json>`, run with the
    # server's environment (its keys encrypt the seeded data).
    import django

    if sys.argv[1:2] != ["seed"] or len(sys.argv) != 3:
        sys.exit("gebruik: python -m bench.casus_werk_plan seed <samenvatting.json>")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    _use_database(_settings()["db"])
    Path(sys.argv[2]).write_text(json.dumps(seed(sizes_from_env())))
