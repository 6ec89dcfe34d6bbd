"""Each chained row may cover django-auditlog change entries (`wijzigingen`, audit.changes).

As with `personen` (0006): a database default (""), so existing rows cover nothing and keep
their canonical form and hash. SQLite (demo) rebuilds the table to add the column, which would
lose the append-only triggers: they are dropped first and installed again after. On
PostgreSQL the chain's append function (0007) is created again with the new column.
"""

from django.db import migrations, models

from audit import triggers

# The columns of audit_accesslog at this migration (all but id), frozen.
COLUMNS = (
    "event_id", "chain", "seq", "prev_hash", "hash", "event_time", "action", "outcome",
    "event_type", "user_id", "user_display", "organisatie_id", "organisatie_naam", "rol",
    "namens", "doel", "ip", "request_id", "zvh_id", "object_type", "object_id",
    "persoon_pseudoniem", "personen", "wijzigingen", "casus_id", "detail",
)  # fmt: skip
PREVIOUS = tuple(c for c in COLUMNS if c != "wijzigingen")


def _append_function(columns):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(triggers.pg_append_function(columns), params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0007_chain_append_function"),
    ]

    operations = [
        migrations.RunPython(triggers.sqlite_accesslog_off, triggers.sqlite_accesslog_on),
        migrations.AddField(
            model_name="accesslog",
            name="wijzigingen",
            field=models.TextField(
                blank=True, db_default="", default="", verbose_name="wijzigingen"
            ),
        ),
        migrations.RunPython(triggers.sqlite_accesslog_on, triggers.sqlite_accesslog_off),
        migrations.RunPython(_append_function(COLUMNS), _append_function(PREVIOUS)),
    ]
