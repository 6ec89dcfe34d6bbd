"""The casus list: an index in its keyset order, and the surname blind index of a person.

`achternaam_index` is what `Persoon.save` computes (core.crypto.achternaam_index); existing
persons get it here, from their decrypted surname, in keyset batches. Only the index column is
written. Backwards the column and the indexes go again.
"""

from django.db import migrations, models

from core.crypto import achternaam_index

BATCH = 500


def vullen(apps, schema_editor):
    Persoon = apps.get_model("casus", "Persoon")
    last = None
    while True:
        page = Persoon._base_manager.order_by("pk").only("pk", "achternaam")
        if last is not None:
            page = page.filter(pk__gt=last)
        rows = list(page[:BATCH])
        if not rows:
            return
        last = rows[-1].pk
        for persoon in rows:
            persoon.achternaam_index = achternaam_index(persoon.achternaam)
        Persoon._base_manager.bulk_update(rows, ["achternaam_index"])


class Migration(migrations.Migration):
    dependencies = [
        ("casus", "0004_geboortedatum_versleuteld"),
    ]

    operations = [
        migrations.AddField(
            model_name="persoon",
            name="achternaam_index",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.RunPython(vullen, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="casus",
            index=models.Index(fields=["zvh", "-geopend_op", "-id"], name="casus_lijst"),
        ),
        migrations.AddIndex(
            model_name="persoon",
            index=models.Index(fields=["zvh", "achternaam_index"], name="persoon_achternaam_index"),
        ),
    ]
