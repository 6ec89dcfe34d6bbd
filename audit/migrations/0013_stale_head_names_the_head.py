"""PostgreSQL: casus_audit_append_on_head() names the real head when it refuses a stale guess.

The one-trip append (migration 0012) fails on a stale head guess so that the COMMIT sent after
it does not run. Its error now carries the head it found under the lock (sequence number and
hash, in the DETAIL), so that the writer hashes its rows again on that head and retries the
append, the COMMIT and the wait for the disk in one more round trip, without holding the lock
in between (`recorder._append_and_commit`).
"""

from django.db import migrations

from audit import triggers


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(triggers.PG_APPEND_ON_HEAD_FUNCTION, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(triggers.PG_APPEND_ON_HEAD_FUNCTION_0012, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0012_append_on_head")]

    operations = [migrations.RunPython(forward, backward)]
