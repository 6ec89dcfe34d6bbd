"""Benchmark of issue 11, points 2 and 3: the score history of a person and the casus page
with its pitch section, in a house with 20k casussen, each with score rounds and a pitch.

Runs in a database of its own (never the one in DATABASE_URL), created and seeded on first use
and reused afterwards. From the environment:

    BENCH_CASUSSEN           casussen in the house                  (default 20000)
    BENCH_DB_CASUS_SCORES    database                               (default casus_bench_scores)
    BENCH_REPEAT             timed requests per page                (default 200)

Every casus has one person with two score rounds of four domains and a pitch of two versions
(the first gereed), Politie takes part in every casus; one casus has a person with 50 rounds of
all 13 domains and a pitch of 20 versions: its pages are timed beside a casus with one round.
"""

import datetime
import os
import time

from bench.aanmelding import _client_for, _env_int, _percentiles, _time_page, _use_database
from bench.registry import benchmark, verdict

BATCH = 2000
GROOT_RONDES = 50
GROOT_VERSIES = 20


def _users(zvh):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from partners.models import Organisatie, Partnerschap, Rol, RolToewijzing

    User = get_user_model()
    orgs = {}
    for naam, type_ in (("Bench ZVH Scores", "zvh"), ("Bench Politie Scores", "politie")):
        groep, _ = Group.objects.get_or_create(name=f"bench:{naam}")
        orgs[type_], _ = Organisatie.objects.get_or_create(
            naam=naam, defaults={"type": type_, "groep": groep}
        )
        Partnerschap.objects.update_or_create(
            zvh=zvh,
            organisatie=orgs[type_],
            defaults={
                "convenant_getekend_op": datetime.date(2024, 1, 1),
                "privacyprotocol_getekend_op": datetime.date(2024, 1, 1),
            },
        )
    users = {}
    for username, rol, org in (
        ("bench-scores-coordinator", Rol.INFORMATIECOORDINATOR, orgs["zvh"]),
        ("bench-scores-regisseur", Rol.PROCESREGISSEUR, orgs["zvh"]),
        ("bench-scores-backup", Rol.PROCESREGISSEUR, orgs["zvh"]),
        ("bench-scores-agent", Rol.KETENPARTNER, orgs["politie"]),
    ):
        users[username], _ = User.objects.get_or_create(
            username=username, defaults={"organisatie": org, "first_name": username}
        )
        RolToewijzing.objects.get_or_create(medewerker=users[username], zvh=zvh, rol=rol)
    return users, orgs


def _rondes(casus, persoon, gebieden, n_rondes, n_gebieden, door, bron, vandaag):
    from casus.models import Score, Scoreformulier

    formulieren, scores = [], []
    for r in range(n_rondes):
        datum = vandaag - datetime.timedelta(days=30 * (n_rondes - r))
        f = Scoreformulier(
            zvh_id=casus.zvh_id, casus=casus, persoon=persoon, datum=datum, ingevuld_door=door
        )
        formulieren.append(f)
        for g_i, gebied in enumerate(gebieden[:n_gebieden]):
            scores.append(
                Score(
                    formulier=f,
                    leefgebied=gebied,
                    waarde=1 + (r + g_i) % 5,
                    motivatie=f"Motivatie ronde {r} leefgebied {gebied.code}",
                    bron_organisatie=bron if g_i % 2 else None,
                    informatie_datum=datum - datetime.timedelta(days=(g_i * 7) % 60),
                )
            )
    return formulieren, scores


def _pitches(casus, n_versies, door, now):
    """`n_versies` versions, the odd ones gereed (so the latest gereed is never the latest)."""
    from casus.models import Pitch

    return [
        Pitch(
            zvh_id=casus.zvh_id,
            casus=casus,
            versie=v,
            aanleiding=f"Aanleiding versie {v}",
            risicos="Risico's",
            kansen="Kansen",
            vraag="Vraag aan het overleg",
            opgesteld_door=door,
            gereed_op=now if v % 2 else None,
            gereed_door=door if v % 2 else None,
        )
        for v in range(1, n_versies + 1)
    ]


def _seed(total):
    from django.contrib.auth.models import Permission
    from django.db import connection, transaction
    from django.utils import timezone

    from casus.models import (
        Casus,
        CasusGroupObjectPermission,
        Deelnemer,
        Leefgebied,
        Persoon,
        Pitch,
        PitchFeit,
        Score,
        Scoreformulier,
    )
    from casus.scoreschaal import zrm_inrichten
    from core.crypto import naam_index
    from partners.models import Zvh

    zvh, _ = Zvh.objects.get_or_create(code="bench-scores", defaults={"naam": "Bench-huis scores"})
    zrm_inrichten(zvh.pk)
    users, orgs = _users(zvh)
    door = users["bench-scores-coordinator"]
    gebieden = list(Leefgebied.objects.filter(zvh=zvh))
    view = Permission.objects.get(codename="view_casus", content_type__app_label="casus")
    vandaag, now = timezone.localdate(), timezone.now()
    have = Casus.objects.filter(zvh=zvh).count()
    for start in range(have, total, BATCH):
        n = min(BATCH, total - start)
        with transaction.atomic():
            personen = []
            for i in range(start, start + n):
                p = Persoon(zvh=zvh, voornamen=f"Voornaam{i}", achternaam=f"Achternaam{i}")
                p.naam_index = naam_index(p.voornamen, p.achternaam, None)
                personen.append(p)
            Persoon.objects.bulk_create(personen)
            casussen = Casus.objects.bulk_create(
                Casus(
                    zvh=zvh,
                    nummer=f"2026-{i + 1:05d}",
                    ave_niveau=3,
                    procesregisseur=users["bench-scores-regisseur"],
                    backup_procesregisseur=users["bench-scores-backup"],
                )
                for i in range(start, start + n)
            )
            Casus.personen.through.objects.bulk_create(
                Casus.personen.through(casus_id=c.pk, persoon_id=p.pk)
                for c, p in zip(casussen, personen, strict=True)
            )
            Deelnemer.objects.bulk_create(
                Deelnemer(casus=c, organisatie=orgs["politie"], rol="partner") for c in casussen
            )
            CasusGroupObjectPermission.objects.bulk_create(
                CasusGroupObjectPermission(
                    content_object=c, group_id=orgs["politie"].groep_id, permission=view
                )
                for c in casussen
            )
            formulieren, scores, pitches = [], [], []
            for c, p in zip(casussen, personen, strict=True):
                f, s = _rondes(c, p, gebieden, 2, 4, door, orgs["politie"], vandaag)
                formulieren += f
                scores += s
                pitches += _pitches(c, 2, door, now)
            Scoreformulier.objects.bulk_create(formulieren)
            Score.objects.bulk_create(scores)
            Pitch.objects.bulk_create(pitches)
            PitchFeit.objects.bulk_create(
                PitchFeit(pitch=p, leefgebied=gebieden[3], tekst="Feit over huisvesting")
                for p in pitches
            )
        print(f"  geladen: {start + n} casussen", flush=True)
    groot = Casus.objects.filter(zvh=zvh).order_by("nummer").first()
    persoon = groot.personen.get()
    if Scoreformulier.objects.filter(casus=groot).count() < GROOT_RONDES:
        with transaction.atomic():
            Scoreformulier.objects.filter(casus=groot).delete()
            Pitch.objects.filter(casus=groot).delete()
            f, s = _rondes(
                groot,
                persoon,
                gebieden,
                GROOT_RONDES,
                len(gebieden),
                door,
                orgs["politie"],
                vandaag,
            )
            Scoreformulier.objects.bulk_create(f)
            Score.objects.bulk_create(s)
            pitches = _pitches(groot, GROOT_VERSIES, door, now)
            Pitch.objects.bulk_create(pitches)
            PitchFeit.objects.bulk_create(
                PitchFeit(pitch=p, leefgebied=g, tekst=f"Feit {g.naam}")
                for p in pitches
                for g in gebieden
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    klein = Casus.objects.filter(zvh=zvh).order_by("-nummer").first()
    return zvh, users, groot, klein


@benchmark
def casus_werk_scores():
    """Score history (1 round / 50 rounds) and the casus page with its pitch section (as the
    coordinator and as a deelnemer), test client, DEBUG off while timing."""
    from casus.models import Casus, Pitch, Score, Scoreformulier

    total = _env_int("BENCH_CASUSSEN", 20_000)
    repeat = _env_int("BENCH_REPEAT", 200)
    _use_database(os.environ.get("BENCH_DB_CASUS_SCORES", "casus_bench_scores"))
    t0 = time.perf_counter()
    zvh, users, groot, klein = _seed(total)
    print(
        f"  schaal: {Casus.objects.filter(zvh=zvh).count()} casussen, "
        f"{Scoreformulier.objects.filter(zvh=zvh).count()} scoreformulieren, "
        f"{Score.objects.filter(formulier__zvh=zvh).count()} scores, "
        f"{Pitch.objects.filter(zvh=zvh).count()} pitchversies "
        f"(voorbereiding {time.perf_counter() - t0:.1f} s)"
    )
    coordinator = _client_for(users["bench-scores-coordinator"])
    agent = _client_for(users["bench-scores-agent"])
    cases = []
    for label, casus in (("1 ronde", klein), (f"{GROOT_RONDES} rondes", groot)):
        persoon = casus.personen.get()
        cases.append(
            (
                "scorehistorie",
                label,
                coordinator,
                f"/casussen/{casus.pk}/personen/{persoon.pk}/scores/",
            )
        )
    for label, casus in (("2 versies", klein), (f"{GROOT_VERSIES} versies", groot)):
        cases.append(("casuspagina coördinator", label, coordinator, f"/casussen/{casus.pk}/"))
        cases.append(("casuspagina deelnemer", label, agent, f"/casussen/{casus.pk}/"))
    counts = {}
    for page, label, client, path in cases:
        samples, queries = _time_page(client, path, repeat)
        counts.setdefault(page, set()).add(queries)
        median, p95 = _percentiles(samples)
        print(
            f"  {page + ', ' + label:<40} queries {queries}  mediaan {median:6.1f} ms  "
            f"p95 {p95:6.1f} ms  (doel p95 ≤ 100 ms: {verdict(p95 <= 100)}, n={repeat}, "
            "DEBUG uit)"
        )
    for page, seen in counts.items():
        print(f"  {page}: queries {sorted(seen)} (doel gelijk: {verdict(len(seen) == 1)})")
