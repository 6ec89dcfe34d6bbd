"""The constraints of the aanmeldingsnummer (unique per house) and of the dates (submitted
never before created), after migration 0008 made the existing rows fit."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("aanmelding", "0008_nummers_bestaande_aanmeldingen")]

    operations = [
        migrations.AddConstraint(
            model_name="aanmelding",
            constraint=models.UniqueConstraint(
                condition=models.Q(("nummer", ""), _negated=True),
                fields=("zvh", "nummer"),
                name="aanmeldingsnummer_uniek",
            ),
        ),
        migrations.AddConstraint(
            model_name="aanmelding",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ingediend_op__isnull", True),
                    ("ingediend_op__gte", models.F("aangemaakt_op")),
                    _connector="OR",
                ),
                name="ingediend_na_aangemaakt",
                violation_error_message="Een aanmelding is niet ingediend voordat zij bestond.",
            ),
        ),
    ]
