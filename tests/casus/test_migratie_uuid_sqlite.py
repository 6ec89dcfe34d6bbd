"""The same migrations on SQLite (the demo database), in a child process with its own database.

The suite runs on PostgreSQL, so a script migrates a fresh SQLite file to the state before the
UUID key, writes a casus with relations and an audit trail naming it by integer, migrates
forward and checks what the demo needs: same relations, 32-digit hex keys (not integers turned
back by column affinity), a number, a valid chain and the append-only triggers still in place.
"""

import textwrap
import uuid

from tests.casus.sqlite_script import run_on_sqlite

SCRIPT = textwrap.dedent(
    """
    import json, uuid
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import DatabaseError, connection, transaction

    call_command("migrate", "audit", "0004", verbosity=0)
    call_command("migrate", "aanmelding", "0005", verbosity=0)
    # The factories below write today's partners models: bring partners to its latest state
    # (no casus or aanmelding migration depends on it).
    call_command("migrate", "partners", verbosity=0)
    from audit import events
    from tests.audit.rows import record
    from django.db.migrations.executor import MigrationExecutor
    from tests.casus.factories import ThemaFactory
    from tests.partners.factories import MedewerkerFactory, ZvhFactory

    # The referral as that schema has it (today's model has columns added since).
    old = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
    melder, zvh = MedewerkerFactory(), ZvhFactory()
    org = melder.organisatie
    aanmelding = old.get_model("aanmelding", "Aanmelding").objects.create(
        zvh_id=zvh.pk, organisatie_id=org.pk, aangemeld_door_id=melder.pk
    )
    r1, r2 = MedewerkerFactory(), MedewerkerFactory()
    # The person as that schema has it (a date column until casus 0004, no surname index).
    persoon = old.get_model("casus", "Persoon").objects.create(
        zvh_id=zvh.pk, voornamen="Jan", achternaam="Jansen", naam_index="-"
    )
    thema = ThemaFactory(zvh=zvh)
    with connection.cursor() as c:
        for _ in range(2):
            c.execute(
                "INSERT INTO casus_casus (status, ave_niveau, geopend_op, zvh_id, "
                "procesregisseur_id, backup_procesregisseur_id) "
                "VALUES ('open', 3, '2026-03-01 12:00:00', %s, %s, %s)",
                [zvh.pk, r1.pk, r2.pk],
            )
        c.execute("INSERT INTO casus_casus_personen (casus_id, persoon_id) VALUES (2, %s)",
                  [persoon.pk.hex])
        c.execute("INSERT INTO casus_casus_themas (casus_id, thema_id) VALUES (2, %s)", [thema.pk])
        c.execute("INSERT INTO casus_deelnemer (casus_id, organisatie_id, rol, sinds) "
                  "VALUES (2, %s, 'aanmelder', '2026-03-01 12:00:00')", [org.pk])
        c.execute("SELECT id FROM auth_permission WHERE codename = 'view_casus'")
        perm = c.fetchone()[0]
        c.execute("INSERT INTO casus_casusgroupobjectpermission "
                  "(content_object_id, group_id, permission_id) VALUES (2, %s, %s)",
                  [org.groep_id, perm])
        c.execute("UPDATE aanmelding_aanmelding SET casus_id = 2 WHERE id = %s",
                  [aanmelding.pk.hex])
    # Rows as written then: they cover no change entries (that column comes later).
    from audit import changes
    changes.take_noted()
    record(event=events.CASUS_AANGEMAAKT, zvh=zvh, actor=r1, casus_id=2)
    record(event=events.INLOGGEN_MISLUKT, zvh=zvh, detail="", casus_id=None)
    with connection.cursor() as c:
        c.execute("SELECT typeof(casus_id) FROM audit_accesslog ORDER BY seq")
        before = [row[0] for row in c.fetchall()]

    call_command("migrate", verbosity=0)
    call_command("audit_verify")
    from aanmelding.models import Aanmelding
    from casus.models import Casus
    from guardian.shortcuts import get_perms
    from audit.models import AccessLog

    casus = Casus.objects.get(pk=uuid.UUID(int=2))
    record(event=events.CASUS_GEOPEND, zvh=zvh, actor=r1, target=casus)
    call_command("audit_verify")
    with connection.cursor() as c:
        c.execute("SELECT id, typeof(id) FROM casus_casus ORDER BY id")
        keys = c.fetchall()
        c.execute("SELECT casus_id FROM casus_deelnemer")
        deelnemer = c.fetchone()[0]
    try:
        with transaction.atomic(), connection.cursor() as c:
            c.execute("UPDATE audit_accesslog SET detail = 'x'")
        append_only = False
    except DatabaseError:
        append_only = True
    print(json.dumps({
        "before": before,
        "keys": keys,
        "deelnemer": deelnemer,
        "nummers": list(Casus.objects.order_by("pk").values_list("nummer", flat=True)),
        "personen": [str(p.pk) == str(persoon.pk) for p in casus.personen.all()],
        "themas": [t.pk for t in casus.themas.all()] == [thema.pk],
        "grant": "view_casus" in get_perms(org.groep, casus),
        "aanmelding": Aanmelding.objects.get(pk=aanmelding.pk).casus_id == casus.pk,
        "audit": list(AccessLog.objects.order_by("seq").values_list("casus_id", flat=True)),
        "append_only": append_only,
    }))
    """
)


def test_sqlite_demo_database_migrates_with_its_data(tmp_path):
    out = run_on_sqlite(SCRIPT, tmp_path)
    assert out["before"] == ["integer", "null"]
    assert out["keys"] == [["0" * 31 + "1", "text"], ["0" * 31 + "2", "text"]]
    assert out["deelnemer"] == "0" * 31 + "2"
    assert out["nummers"] == ["2026-0001", "2026-0002"]
    assert out["personen"] == [True] and out["themas"] and out["grant"] and out["aanmelding"]
    assert out["audit"] == ["2", None, str(uuid.UUID(int=2))]
    assert out["append_only"]
