"""Casus migration 0004: dates of birth written in clear before it are encrypted, both on
PostgreSQL (here) and on SQLite (the demo database, in a child process), and back again.

The name and date-of-birth blind index written before the migration still finds the person.
"""

import datetime
import textwrap
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casus.models import Persoon
from core.crypto import naam_index
from tests.casus.sqlite_script import run_on_sqlite
from tests.partners.factories import ZvhFactory

BEFORE = [("casus", "0003_casus_uuid_en_nummer")]
DATUM = datetime.date(1986, 3, 14)


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps


def _raw(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT geboortedatum FROM casus_persoon WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_clear_dates_of_birth_are_encrypted_and_back_again():
    old = _migrate(BEFORE)
    try:
        OldPersoon = old.get_model("casus", "Persoon")
        zvh = ZvhFactory()
        met = OldPersoon.objects.create(
            id=uuid.uuid4(),
            zvh_id=zvh.pk,
            voornamen="Dennis",
            achternaam="de Vries",
            geboortedatum=DATUM,
            naam_index=naam_index("Dennis", "de Vries", DATUM),
        )
        zonder = OldPersoon.objects.create(
            id=uuid.uuid4(), zvh_id=zvh.pk, voornamen="Sanne", naam_index="x"
        )
        assert _raw(met.pk) == DATUM
    finally:
        _migrate()

    raw = bytes(_raw(met.pk))
    assert DATUM.isoformat().encode() not in raw and b"1986" not in raw
    assert _raw(zonder.pk) is None
    persoon = Persoon.objects.get(pk=met.pk)
    assert persoon.geboortedatum == DATUM
    assert Persoon.objects.get(pk=zonder.pk).geboortedatum is None
    index = naam_index("Dennis", "de Vries", DATUM)
    assert list(Persoon.objects.filter(zvh=zvh, naam_index=index)) == [persoon]
    persoon.save()  # saving again keeps the index
    assert Persoon.objects.get(pk=met.pk).naam_index == index

    try:
        _migrate(BEFORE)
        assert _raw(met.pk) == DATUM
        assert _raw(zonder.pk) is None
    finally:
        _migrate()
    assert Persoon.objects.get(pk=met.pk).geboortedatum == DATUM


SQLITE_SCRIPT = textwrap.dedent(
    """
    import datetime, json, uuid
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    call_command("migrate", "casus", "0003", verbosity=0)
    call_command("migrate", "partners", verbosity=0)
    apps = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
    from core.crypto import naam_index
    from tests.partners.factories import ZvhFactory

    datum = datetime.date(1961, 9, 2)
    zvh = ZvhFactory()
    pk = uuid.uuid4()
    apps.get_model("casus", "Persoon").objects.create(
        id=pk, zvh_id=zvh.pk, voornamen="Wim", achternaam="Bakker", geboortedatum=datum,
        naam_index=naam_index("Wim", "Bakker", datum),
    )

    def raw():
        with connection.cursor() as c:
            c.execute("SELECT lower(hex(geboortedatum)), typeof(geboortedatum) FROM casus_persoon")
            return list(c.fetchone())

    before = raw()
    call_command("migrate", verbosity=0)
    from casus.models import Persoon
    after = raw()
    persoon = Persoon.objects.get(pk=pk)
    found = Persoon.objects.filter(naam_index=naam_index("Wim", "Bakker", datum)).count()
    call_command("migrate", "casus", "0003", verbosity=0)
    back = raw()
    print(json.dumps({
        "before": before, "after": after, "read": persoon.geboortedatum.isoformat(),
        "found": found, "back": back,
    }))
    """
)


def test_sqlite_demo_database_encrypts_and_decrypts_dates_of_birth(tmp_path):
    out = run_on_sqlite(SQLITE_SCRIPT, tmp_path)
    clear = [b"1961-09-02".hex(), "text"]
    assert out["before"] == clear
    value, kind = out["after"]
    assert kind == "blob" and b"1961".hex() not in value
    assert out["read"] == "1961-09-02" and out["found"] == 1
    assert out["back"] == clear
