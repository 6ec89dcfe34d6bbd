"""Each chained row may cover django-auditlog change entries (`wijzigingen`, audit.changes).

As with `personen` (0006): a database default (""), so existing rows cover nothing and keep
their canonical form and hash. SQLite (demo) rebuilds the table to add the column, which would
lose the append-only triggers: they are dropped first and installed again after.
"""

from django.db import migrations, models

from audit import triggers


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_personen_per_regel"),
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
    ]
