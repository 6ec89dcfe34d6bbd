"""A house's life domains and score scale, seeded with the ZRM (13 domains on 1–5).

Called when a house is created (registered with partners.nieuw_huis), by seed_demo, by the
tests and by the data migration for houses that existed before; idempotent, so a house that
changed its configuration keeps it.
"""

from .models import ZRM_LEEFGEBIEDEN, ZRM_SCHAAL, Leefgebied, Schaalwaarde


def zrm_inrichten(zvh_id, *, leefgebied_model=Leefgebied, schaal_model=Schaalwaarde):
    """Add the ZRM domains and scale the house does not have yet (by code / by value).

    The models are parameters so that the data migration can pass its historical ones.
    """
    bestaande_codes = set(
        leefgebied_model.objects.filter(zvh_id=zvh_id).values_list("code", flat=True)
    )
    leefgebied_model.objects.bulk_create(
        [
            leefgebied_model(zvh_id=zvh_id, code=code, naam=naam, volgorde=volgorde)
            for volgorde, (code, naam) in enumerate(ZRM_LEEFGEBIEDEN, start=1)
            if code not in bestaande_codes
        ]
    )
    if not schaal_model.objects.filter(zvh_id=zvh_id).exists():
        schaal_model.objects.bulk_create(
            [schaal_model(zvh_id=zvh_id, waarde=w, label=label) for w, label in ZRM_SCHAAL]
        )


def bij_nieuw_huis(*, actor, zvh) -> None:
    """The handler partners calls when it creates a house."""
    zrm_inrichten(zvh.pk)
