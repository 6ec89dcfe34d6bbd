"""PostgreSQL: casus_audit_append() can leave the WAL flush of its COMMIT to the caller.

With its new argument `p_durable_later` the function turns synchronous_commit off for the
caller's transaction, so that the chain lock is released at COMMIT without waiting for the
disk; `audit.transaction` then commits and waits for the disk in one round trip
(`triggers.COMMIT_DURABLY_SQL`) before the response leaves the server. It also returns when it
took the lock (the database's clock), for the lock's hold time. The six-argument
function (0007, 0008) is dropped: two overloads would make every call ambiguous to read.
"""

from django.db import migrations

from audit import triggers

# The columns of audit_accesslog at this migration (all but id), frozen.
COLUMNS = (
    "event_id", "chain", "seq", "prev_hash", "hash", "event_time", "action", "outcome",
    "event_type", "user_id", "user_display", "organisatie_id", "organisatie_naam", "rol",
    "namens", "doel", "ip", "request_id", "zvh_id", "object_type", "object_id",
    "persoon_pseudoniem", "personen", "wijzigingen", "casus_id", "detail",
)  # fmt: skip


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(triggers.PG_APPEND_FUNCTION_DROP, params=None)
        schema_editor.execute(triggers.pg_append_function(COLUMNS, durable_later=True), params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(triggers.PG_APPEND_FUNCTION_DURABLE_LATER_DROP, params=None)
        schema_editor.execute(triggers.pg_append_function(COLUMNS), params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0009_getoond_persoon")]

    operations = [migrations.RunPython(forward, backward)]
