"""AccessLog.casus_id becomes text: new rows name a casus by its UUID, old rows keep the integer.

The canonical form of a row uses str(value), and str(42) is the text "42", so the hashes of
existing rows stay valid. PostgreSQL converts the column in place (no row trigger fires on
ALTER TABLE). SQLite (demo) rebuilds the table, which would lose the append-only triggers and
whose internal DELETE/DROP they would refuse: they are dropped first and installed again after.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import migrations, models

from audit import triggers


def _field(old):
    if old:
        return models.BigIntegerField(blank=True, null=True, verbose_name="casus")
    return models.CharField(blank=True, max_length=64, null=True, verbose_name="casus")


def _convert(apps, schema_editor, to_text):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        if to_text:
            schema_editor.execute(
                "ALTER TABLE audit_accesslog ALTER COLUMN casus_id TYPE varchar(64) "
                "USING casus_id::text"
            )
        else:
            schema_editor.execute(
                "ALTER TABLE audit_accesslog ALTER COLUMN casus_id TYPE bigint "
                "USING casus_id::bigint"
            )
        return
    if vendor != "sqlite":
        raise ImproperlyConfigured(f"No audit casus_id conversion for {vendor!r}.")
    AccessLog = apps.get_model("audit", "AccessLog")
    old_field = AccessLog._meta.get_field("casus_id")
    new_field = _field(old=not to_text)
    new_field.set_attributes_from_name("casus_id")
    new_field.model = AccessLog
    for statement in triggers.sqlite_uninstall(AccessLog._meta.db_table):
        schema_editor.execute(statement, params=None)
    schema_editor.alter_field(AccessLog, old_field, new_field)
    for statement in triggers.install_statements("sqlite"):
        schema_editor.execute(statement, params=None)


def to_text(apps, schema_editor):
    _convert(apps, schema_editor, to_text=True)


def to_integer(apps, schema_editor):
    _convert(apps, schema_editor, to_text=False)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_lichtere_indexen"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accesslog", name="casus_id", field=_field(old=False)
                ),
            ],
            database_operations=[migrations.RunPython(to_text, to_integer)],
        ),
    ]
