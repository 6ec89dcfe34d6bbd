"""Each chained row may cover django-auditlog change entries (`wijzigingen`, audit.changes).

As with `personen` (0006): a database default (""), so existing rows cover nothing and keep
their canonical form and hash. SQLite (demo) rebuilds the table to add the column, which would
lose the append-only triggers: they are dropped first and installed again after.
"""

from django.db import migrations, models

from audit import triggers


def _sqlite_triggers_off(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in triggers.sqlite_uninstall("audit_accesslog"):
            schema_editor.execute(statement, params=None)


def _sqlite_triggers_on(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in triggers.install_statements("sqlite"):
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_personen_per_regel"),
    ]

    operations = [
        migrations.RunPython(_sqlite_triggers_off, _sqlite_triggers_on),
        migrations.AddField(
            model_name="accesslog",
            name="wijzigingen",
            field=models.TextField(
                blank=True, db_default="", default="", verbose_name="wijzigingen"
            ),
        ),
        migrations.RunPython(_sqlite_triggers_on, _sqlite_triggers_off),
    ]
