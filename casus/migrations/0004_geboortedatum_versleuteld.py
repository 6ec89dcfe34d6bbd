"""The date of birth is encrypted like the other personal fields of a person.

A new encrypted column is filled from the clear date, sealed with the associated data of its
final name (`casus_persoon|geboortedatum|pk`), then the clear column is dropped and the new
one takes its name. The name and date-of-birth blind index (`naam_index`) was computed from the
date's ISO text and stays as it is. Backwards opens every sealed date into a clear column again.
"""

import datetime

from django.db import migrations

import core.fields
from core.crypto import associated_data, decrypt, encrypt

TABLE = "casus_persoon"
COLUMN = "geboortedatum"  # the final column name: the associated data of every ciphertext
TEMP = "geboortedatum_versleuteld"
BATCH = 500


def _batches(queryset):
    """(pk, value) in keyset batches: memory stays flat however many persons there are."""
    last = None
    while True:
        page = queryset.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        rows = list(page[:BATCH])
        if not rows:
            return
        last = rows[-1][0]
        yield rows


def versleutelen(apps, schema_editor):
    Persoon = apps.get_model("casus", "Persoon")
    clear = Persoon._base_manager.filter(geboortedatum__isnull=False).values_list(
        "pk", "geboortedatum"
    )
    for rows in _batches(clear):
        for pk, datum in rows:
            sealed = encrypt(datum.isoformat(), aad=associated_data(TABLE, COLUMN, pk))
            Persoon._base_manager.filter(pk=pk).update(**{TEMP: sealed})


def ontsleutelen(apps, schema_editor):
    Persoon = apps.get_model("casus", "Persoon")
    sealed = Persoon._base_manager.filter(**{f"{TEMP}__isnull": False}).values_list("pk", TEMP)
    for rows in _batches(sealed):
        for pk, blob in rows:
            text = decrypt(bytes(blob), aad=associated_data(TABLE, COLUMN, pk))
            Persoon._base_manager.filter(pk=pk).update(
                geboortedatum=datetime.date.fromisoformat(text)
            )


class Migration(migrations.Migration):
    dependencies = [("casus", "0003_casus_uuid_en_nummer")]

    operations = [
        migrations.AddField(
            model_name="persoon",
            name=TEMP,
            field=core.fields.EncryptedDateField(blank=True, verbose_name="geboortedatum"),
        ),
        migrations.RunPython(versleutelen, ontsleutelen),
        migrations.RemoveField(model_name="persoon", name="geboortedatum"),
        migrations.RenameField(model_name="persoon", old_name=TEMP, new_name="geboortedatum"),
    ]
