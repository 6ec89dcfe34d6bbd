"""Server-side drafts of forms (Formulierconcept), their payload encrypted."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import core.fields


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0005_merge"),
    ]

    operations = [
        migrations.CreateModel(
            name="Formulierconcept",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("sleutel", models.CharField(max_length=100, verbose_name="formulier")),
                (
                    "payload",
                    core.fields.EncryptedTextField(
                        blank=True, editable=True, verbose_name="inhoud"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="bijgewerkt op")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "zvh",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="partners.zvh",
                    ),
                ),
            ],
            options={
                "verbose_name": "formulierconcept",
                "verbose_name_plural": "formulierconcepten",
                "indexes": [
                    models.Index(fields=["zvh", "sleutel"], name="formulierconcept_sleutel")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "zvh", "sleutel"), name="formulierconcept_uniek"
                    )
                ],
            },
        ),
    ]
