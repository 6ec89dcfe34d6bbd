"""Lighter INSERTs: no unique index on event_id, one index for house + time instead of two,
partial indexes for person and casus.

The event_id change is made on PostgreSQL only, by dropping the constraint: on SQLite (demo)
Django would rebuild the table to drop it, and a rebuilt table loses its append-only triggers.
"""

import uuid

from django.db import migrations, models


def drop_event_id_unique(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE audit_accesslog DROP CONSTRAINT IF EXISTS audit_accesslog_event_id_key"
        )


def restore_event_id_unique(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE audit_accesslog ADD CONSTRAINT audit_accesslog_event_id_key "
            "UNIQUE (event_id)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_chain_head_function"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="accesslog", name="audit_tijd"),
        migrations.RemoveIndex(model_name="accesslog", name="audit_zvh"),
        migrations.AddIndex(
            model_name="accesslog",
            index=models.Index(fields=["zvh_id", "event_time", "id"], name="audit_zvh_tijd"),
        ),
        migrations.RemoveIndex(model_name="accesslog", name="audit_persoon"),
        migrations.RemoveIndex(model_name="accesslog", name="audit_casus"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accesslog",
                    name="event_id",
                    field=models.UUIDField(
                        default=uuid.uuid4, editable=False, verbose_name="event-id"
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop_event_id_unique, restore_event_id_unique),
            ],
        ),
        migrations.AddIndex(
            model_name="accesslog",
            index=models.Index(
                condition=models.Q(("persoon_pseudoniem", ""), _negated=True),
                fields=["persoon_pseudoniem", "event_time"],
                name="audit_persoon",
            ),
        ),
        migrations.AddIndex(
            model_name="accesslog",
            index=models.Index(
                condition=models.Q(("casus_id__isnull", False)),
                fields=["casus_id", "event_time"],
                name="audit_casus",
            ),
        ),
    ]
