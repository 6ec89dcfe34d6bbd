"""PostgreSQL: casus_audit_head(), the writer's lock-and-read of a chain head in one call."""

from django.db import migrations

from audit import triggers


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(triggers.PG_HEAD_FUNCTION, params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(triggers.PG_HEAD_FUNCTION_DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [migrations.RunPython(install, uninstall)]
