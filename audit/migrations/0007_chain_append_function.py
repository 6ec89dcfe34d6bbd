"""PostgreSQL: casus_audit_append(), lock, head check and INSERT in one round trip."""

from django.db import migrations

from audit import triggers

# The columns of audit_accesslog at this migration (all but id), frozen: a later column
# creates the function again in its own migration.
COLUMNS = (
    "event_id", "chain", "seq", "prev_hash", "hash", "event_time", "action", "outcome",
    "event_type", "user_id", "user_display", "organisatie_id", "organisatie_naam", "rol",
    "namens", "doel", "ip", "request_id", "zvh_id", "object_type", "object_id",
    "persoon_pseudoniem", "personen", "casus_id", "detail",
)  # fmt: skip


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(triggers.pg_append_function(COLUMNS), params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(triggers.PG_APPEND_FUNCTION_DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_personen_per_regel")]

    operations = [migrations.RunPython(install, uninstall)]
