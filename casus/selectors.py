"""Reads of persons and casussen, narrowed to the current house."""

from django.db.models import Prefetch

from .models import Casus, Deelnemer, Persoon, PersoonRelatie


def persoon_in_zvh(zvh, pk):
    return (
        Persoon.objects.filter(zvh=zvh, pk=pk)
        .prefetch_related(
            Prefetch("relaties_van", queryset=PersoonRelatie.objects.select_related("naar")),
            Prefetch("relaties_naar", queryset=PersoonRelatie.objects.select_related("van")),
        )
        .first()
    )


def casus_in_zvh(zvh, pk):
    return (
        Casus.objects.filter(zvh=zvh, pk=pk)
        .select_related("procesregisseur", "backup_procesregisseur")
        .prefetch_related(
            "themas",
            "personen",
            Prefetch("deelnemers", queryset=Deelnemer.objects.select_related("organisatie")),
        )
        .first()
    )


def casussen_van_persoon(persoon):
    return Casus.objects.filter(zvh_id=persoon.zvh_id, personen=persoon).order_by("-geopend_op")
