"""A referral keeps its persons as the referrer entered them (encrypted), not looked up.

Existing rows keep their linked registration (`persoon`) and no entry of their own: pages show
the registration as before. Each row gets its own `sleutel` (the pseudonym of a person without
a BSN until it is linked). Reversible: the entries are removed again, which refuses while a
row has no registration (a referral entered after this migration and not yet accepted).
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models

import core.fields


def _eigen_sleutel(apps, schema_editor):
    """AddField gave every existing row the same default: give each its own."""
    AanmeldingPersoon = apps.get_model("aanmelding", "AanmeldingPersoon")
    for link in AanmeldingPersoon.objects.only("pk"):
        AanmeldingPersoon.objects.filter(pk=link.pk).update(sleutel=uuid.uuid4())


def _alle_gekoppeld(apps, schema_editor):
    """Going back needs every row linked to a registration (the old model requires one)."""
    AanmeldingPersoon = apps.get_model("aanmelding", "AanmeldingPersoon")
    if AanmeldingPersoon.objects.filter(persoon__isnull=True).exists():
        raise RuntimeError(
            "Terugdraaien kan niet: er zijn aanmeldingen met personen die nog niet aan een "
            "registratie zijn gekoppeld."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("aanmelding", "0005_betrokken_organisaties"),
        ("casus", "0003_casus_uuid_en_nummer"),
    ]

    operations = [
        migrations.AddField(
            model_name="aanmeldingpersoon",
            name="achternaam",
            field=core.fields.EncryptedTextField(
                blank=True, editable=True, verbose_name="achternaam"
            ),
        ),
        migrations.AddField(
            model_name="aanmeldingpersoon",
            name="adres",
            field=core.fields.EncryptedTextField(
                blank=True, editable=True, verbose_name="straat en huisnummer"
            ),
        ),
        migrations.AddField(
            model_name="aanmeldingpersoon",
            name="bsn",
            field=core.fields.EncryptedTextField(blank=True, editable=True, verbose_name="BSN"),
        ),
        migrations.AddField(
            model_name="aanmeldingpersoon",
            name="bsn_index",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="aanmeldingpersoon",
            name="email",
            field=core.fields.EncryptedTextField(blank=True, editable=True, verbose_name="e-mail"),
        ),
        migrations.AddField(
            model_name="aanmeldingpersoon",
            name="geboortedatum",
            field=core.fields.EncryptedTextField(
                blank=True, editable=True, verbose_name="geboortedatum"
            ),
        ),
        migrations.AddField(
            model_name="aanmeldingpersoon",
            name="naam_index",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="aanmeldingpersoon",
            name="postcode",
            field=core.fields.EncryptedTextField(
                blank=True, editable=True, verbose_name="postcode"
            ),
        ),
        migrations.AddField(
            model_name="aanmeldingpersoon",
            name="relatie",
            field=models.CharField(
                blank=True,
                choices=[
                    ("partner", "Partner"),
                    ("kind", "Kind"),
                    ("ouder", "Ouder"),
                    ("broer_zus", "Broer of zus"),
                    ("huisgenoot", "Huisgenoot"),
                    ("ex_partner", "Ex-partner"),
                    ("overig", "Overig familie of netwerk"),
                ],
                max_length=20,
                verbose_name="relatie tot de eerste persoon",
            ),
        ),
        migrations.AddField(
            model_name="aanmeldingpersoon",
            name="sleutel",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.RunPython(_eigen_sleutel, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="aanmeldingpersoon",
            name="sleutel",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddField(
            model_name="aanmeldingpersoon",
            name="telefoon",
            field=core.fields.EncryptedTextField(
                blank=True, editable=True, verbose_name="telefoon"
            ),
        ),
        migrations.AddField(
            model_name="aanmeldingpersoon",
            name="voornamen",
            field=core.fields.EncryptedTextField(
                blank=True, editable=True, verbose_name="voornamen"
            ),
        ),
        migrations.AddField(
            model_name="aanmeldingpersoon",
            name="woonplaats",
            field=core.fields.EncryptedTextField(
                blank=True, editable=True, verbose_name="woonplaats"
            ),
        ),
        migrations.AlterField(
            model_name="aanmeldingpersoon",
            name="persoon",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="casus.persoon",
            ),
        ),
        migrations.AddIndex(
            model_name="aanmeldingpersoon",
            index=models.Index(fields=["bsn_index"], name="aanm_persoon_bsn"),
        ),
        migrations.AddConstraint(
            model_name="aanmeldingpersoon",
            constraint=models.UniqueConstraint(
                condition=models.Q(("bsn_index__isnull", False)),
                fields=("aanmelding", "bsn_index"),
                name="aanmelding_bsn_eenmaal",
            ),
        ),
        # Last, so that going back checks first, before the columns go.
        migrations.RunPython(migrations.RunPython.noop, _alle_gekoppeld),
    ]
