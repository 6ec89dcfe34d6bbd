"""Aanmeldingsnummers (A-<year>-<n> per house) and consistent dates: the schema.

Migration 0008 numbers the existing referrals and sets their dates right, 0009 adds the
constraints (separate migrations: PostgreSQL refuses an index on a table with pending trigger
events in one transaction). Reversible.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("aanmelding", "0006_personen_zoals_aangemeld"),
        ("casus", "0004_geboortedatum_versleuteld"),
        ("partners", "0005_merge"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AanmeldingTeller",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("jaar", models.PositiveSmallIntegerField(verbose_name="jaar")),
                (
                    "laatste",
                    models.PositiveIntegerField(default=0, verbose_name="laatste volgnummer"),
                ),
            ],
            options={
                "verbose_name": "aanmeldingsteller",
                "verbose_name_plural": "aanmeldingstellers",
            },
        ),
        migrations.AddField(
            model_name="aanmeldingteller",
            name="zvh",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="partners.zvh"
            ),
        ),
        migrations.AddConstraint(
            model_name="aanmeldingteller",
            constraint=models.UniqueConstraint(
                fields=("zvh", "jaar"), name="aanmeldingsteller_uniek"
            ),
        ),
        migrations.AddField(
            model_name="aanmelding",
            name="nummer",
            field=models.CharField(
                blank=True, editable=False, max_length=20, verbose_name="aanmeldingsnummer"
            ),
        ),
        migrations.AlterField(
            model_name="aanmelding",
            name="aangemaakt_op",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="aangemaakt op"
            ),
        ),
    ]
