"""PostgreSQL: casus_audit_append_on_head(), the append that fails on a stale head guess.

A view's last step sends its append, its COMMIT and the wait for the disk as one round trip
(`recorder.flush_and_commit`, `triggers.APPEND_AND_COMMIT_SQL`), so that no client round trip
runs while the chain lock is held. For that the append must fail, not return the real head,
when the guess it hashed on is stale: the COMMIT after it then does not run, and the caller
rolls back to the savepoint before it and appends in two trips as before. The function wraps
casus_audit_append (migration 0010) and adds no column list of its own.
"""

from django.db import migrations

from audit import triggers


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(triggers.PG_APPEND_ON_HEAD_FUNCTION_0012, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(triggers.PG_APPEND_ON_HEAD_FUNCTION_DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0011_personen_inline")]

    operations = [migrations.RunPython(forward, backward)]
