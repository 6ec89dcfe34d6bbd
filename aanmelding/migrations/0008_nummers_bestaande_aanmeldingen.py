"""Aanmeldingsnummers (A-<year>-<n> per house) and consistent dates: the existing rows.

Existing referrals are numbered per house in the order they were created, counted in the Dutch
calendar year of creation; the counters continue from there. A referral recorded as submitted
before it was created (the old demo data) gets its submission moment as creation moment, so
the new check holds. Reversible: going back drops the numbers and the counters (the corrected
creation moments stay, they were wrong before).
"""

from zoneinfo import ZoneInfo

from django.db import migrations, models

TIJDZONE = ZoneInfo("Europe/Amsterdam")


def _datums_rechtzetten(apps, schema_editor):
    Aanmelding = apps.get_model("aanmelding", "Aanmelding")
    te_vroeg = Aanmelding.objects.filter(
        ingediend_op__isnull=False, ingediend_op__lt=models.F("aangemaakt_op")
    )
    for aanmelding in te_vroeg.only("pk", "ingediend_op"):
        aanmelding.aangemaakt_op = aanmelding.ingediend_op
        aanmelding.save(update_fields=["aangemaakt_op"])


def _nummeren(apps, schema_editor):
    Aanmelding = apps.get_model("aanmelding", "Aanmelding")
    AanmeldingTeller = apps.get_model("aanmelding", "AanmeldingTeller")
    tellers = {}
    for aanmelding in Aanmelding.objects.order_by("zvh_id", "aangemaakt_op", "pk").only(
        "pk", "zvh_id", "aangemaakt_op"
    ):
        jaar = aanmelding.aangemaakt_op.astimezone(TIJDZONE).year
        sleutel = (aanmelding.zvh_id, jaar)
        tellers[sleutel] = tellers.get(sleutel, 0) + 1
        aanmelding.nummer = f"A-{jaar}-{tellers[sleutel]:04d}"
        aanmelding.save(update_fields=["nummer"])
    AanmeldingTeller.objects.bulk_create(
        AanmeldingTeller(zvh_id=zvh_id, jaar=jaar, laatste=laatste)
        for (zvh_id, jaar), laatste in tellers.items()
    )


def _nummers_weg(apps, schema_editor):
    apps.get_model("aanmelding", "AanmeldingTeller").objects.all().delete()
    apps.get_model("aanmelding", "Aanmelding").objects.update(nummer="")


class Migration(migrations.Migration):
    dependencies = [("aanmelding", "0007_nummer_en_datums")]

    operations = [
        migrations.RunPython(_datums_rechtzetten, migrations.RunPython.noop),
        migrations.RunPython(_nummeren, _nummers_weg),
    ]
