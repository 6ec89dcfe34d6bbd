"""Seed every existing house's afsluitredenen; a casus's last activity starts at its opening."""

from django.db import migrations
from django.db.models import F


def vooruit(apps, schema_editor):
    from casus.afsluitredenen import afsluitredenen_inrichten

    model = apps.get_model("casus", "AfsluitReden")
    for zvh_id in apps.get_model("partners", "Zvh").objects.values_list("pk", flat=True):
        afsluitredenen_inrichten(zvh_id, model=model)
    apps.get_model("casus", "Casus").objects.update(laatste_activiteit_op=F("geopend_op"))


class Migration(migrations.Migration):
    dependencies = [("casus", "0009_plan_van_aanpak")]

    operations = [migrations.RunPython(vooruit, migrations.RunPython.noop)]
