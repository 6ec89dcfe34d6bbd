"""One audit row per event: `personen` lists every person an event showed.

The column has a database default (""), so rows inserted without it (and every existing row)
list nobody, and their canonical form, and so their hash, is unchanged. PostgreSQL finds a
person in the lists through a partial GIN index on the array of pseudonyms. SQLite (demo)
rebuilds the table to add a NOT NULL column, which would lose the append-only triggers and
whose internal DELETE/DROP they would refuse: they are dropped first and installed again after.
"""

from django.db import migrations

import audit.models
from audit import triggers

CREATE_GIN = (
    "CREATE INDEX IF NOT EXISTS audit_personen ON audit_accesslog "
    "USING gin (string_to_array(personen, ' ')) WHERE personen <> ''"
)
DROP_GIN = "DROP INDEX IF EXISTS audit_personen"


def after_add(apps, schema_editor):
    triggers.sqlite_accesslog_on(apps, schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_GIN)


def before_remove(apps, schema_editor):
    triggers.sqlite_accesslog_off(apps, schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_GIN)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_casus_id_als_tekst"),
    ]

    operations = [
        migrations.RunPython(triggers.sqlite_accesslog_off, triggers.sqlite_accesslog_on),
        migrations.AddField(
            model_name="accesslog",
            name="personen",
            field=audit.models.PseudoniemLijst(
                blank=True, db_default="", default="", verbose_name="getoonde personen"
            ),
        ),
        migrations.RunPython(after_add, before_remove),
    ]
