"""DoelEvaluatie gets a UUID key made in Python, like every model with an encrypted field: the
toelichting is sealed with the row's key (core/fields.py), which an auto-increment key does not
have before the INSERT. No evaluation could be saved with the old key (every one has a
toelichting), so the table is empty and is simply recreated: PostgreSQL cannot cast a bigint
key to a uuid in place."""

import uuid

import django.db.models.deletion
from django.db import migrations, models

import core.fields


class Migration(migrations.Migration):
    dependencies = [
        ("casus", "0010_afsluitredenen_en_activiteit"),
    ]

    operations = [
        migrations.DeleteModel(name="DoelEvaluatie"),
        migrations.CreateModel(
            name="DoelEvaluatie",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "resultaat",
                    models.CharField(
                        choices=[
                            ("behaald", "Behaald"),
                            ("deels", "Deels behaald"),
                            ("niet", "Niet behaald"),
                        ],
                        max_length=20,
                        verbose_name="resultaat",
                    ),
                ),
                (
                    "toelichting",
                    core.fields.EncryptedTextField(
                        blank=True, editable=True, max_length=4000, verbose_name="toelichting"
                    ),
                ),
                (
                    "afsluiting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="evaluaties",
                        to="casus.afsluiting",
                    ),
                ),
                (
                    "doel",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="evaluaties",
                        to="casus.doel",
                    ),
                ),
            ],
            options={
                "verbose_name": "evaluatie van een doel",
                "verbose_name_plural": "evaluaties van doelen",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("afsluiting", "doel"), name="een_evaluatie_per_doel"
                    )
                ],
            },
        ),
    ]
