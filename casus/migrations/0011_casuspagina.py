"""The AVE level a casus was opened with (the first point of its AVE trend on the casus page).

For an existing casus it is known only while no MDO has agreed a level yet (until then the
casus still carries its opening level); otherwise it stays empty ("niet bekend").
"""

from django.db import migrations, models
from django.db.models import Exists, F, OuterRef


def vooruit(apps, schema_editor):
    casus = apps.get_model("casus", "Casus")
    overleg = apps.get_model("casus", "Casusoverleg")
    met_mdo_niveau = overleg.objects.filter(casus_id=OuterRef("pk"), ave_niveau__isnull=False)
    casus.objects.filter(~Exists(met_mdo_niveau)).update(ave_niveau_bij_opening=F("ave_niveau"))


class Migration(migrations.Migration):
    dependencies = [("casus", "0010_afsluitredenen_en_activiteit")]

    operations = [
        migrations.AddField(
            model_name="casus",
            name="ave_niveau_bij_opening",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (1, "AVE 1 – geen problemen of alleen zorgen"),
                    (2, "AVE 2 – een vraag of een probleem"),
                    (3, "AVE 3 – complexe problemen op meerdere leefgebieden"),
                    (4, "AVE 4 – volledige escalatie"),
                ],
                null=True,
                verbose_name="AVE-niveau bij opening",
            ),
        ),
        migrations.RunPython(vooruit, migrations.RunPython.noop),
    ]
