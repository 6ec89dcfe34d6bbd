"""A read-only view with one line per person an audit row shows (`GetoondPersoon`).

A later migration that rebuilds audit_accesslog on SQLite (adding a NOT NULL column) must
drop this view first and create it again after: SQLite refuses to rename a table that a view
names while the old one is gone.

A row lists its persons in `personen` (the first included) when it showed several, and names
its one person in `persoon_pseudoniem` otherwise. PostgreSQL unfolds the list with unnest;
SQLite (demo) splits it with a recursive query.
"""

import django.db.models.deletion
from django.db import migrations, models

POSTGRES = """
CREATE VIEW audit_getoond_persoon AS
SELECT a.id AS log_id, p.pseudoniem
FROM audit_accesslog a
CROSS JOIN LATERAL unnest(
    CASE WHEN a.personen = '' THEN ARRAY[a.persoon_pseudoniem::text]
         ELSE string_to_array(a.personen, ' ') END
) AS p(pseudoniem)
WHERE a.persoon_pseudoniem <> ''
"""

SQLITE = """
CREATE VIEW audit_getoond_persoon AS
WITH RECURSIVE deel(log_id, rest, pseudoniem) AS (
    SELECT id, CASE WHEN personen = '' THEN '' ELSE personen || ' ' END, persoon_pseudoniem
    FROM audit_accesslog WHERE persoon_pseudoniem <> ''
    UNION ALL
    SELECT log_id, substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1)
    FROM deel WHERE rest <> ''
)
SELECT DISTINCT log_id, pseudoniem FROM deel
"""

DROP = "DROP VIEW IF EXISTS audit_getoond_persoon"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(DROP, params=None)
    schema_editor.execute(POSTGRES if vendor == "postgresql" else SQLITE, params=None)


def drop(apps, schema_editor):
    schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0008_wijzigingen_per_regel")]

    operations = [
        migrations.CreateModel(
            name="GetoondPersoon",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "log",
                        "pseudoniem",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("pseudoniem", models.CharField(max_length=64)),
                (
                    "log",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="getoond",
                        to="audit.accesslog",
                    ),
                ),
            ],
            options={"db_table": "audit_getoond_persoon", "managed": False},
        ),
        migrations.RunPython(create, drop),
    ]
