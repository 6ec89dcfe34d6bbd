"""Append-only audit tables: triggers refuse UPDATE, DELETE and TRUNCATE (see audit/triggers.py)."""

from django.db import migrations

from audit import triggers


def install(apps, schema_editor):
    for statement in triggers.install_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    for statement in triggers.uninstall_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
