"""A house's list of afschaling/afsluiting reasons, seeded with the standard list.

Called when a house is created (registered with partners.nieuw_huis), by seed_demo, by the
tests and by the data migration for houses that existed before; idempotent by code, so a house
that renamed or switched off a reason keeps its choice.
"""

from .models import STANDAARD_AFSLUITREDENEN, AfsluitReden


def afsluitredenen_inrichten(zvh_id, *, model=AfsluitReden):
    """Add the standard reasons the house does not have yet (the model is a parameter so that
    the data migration can pass its historical one)."""
    bestaande = set(model.objects.filter(zvh_id=zvh_id).values_list("code", flat=True))
    model.objects.bulk_create(
        [
            model(zvh_id=zvh_id, code=code, naam=naam, soort=soort, volgorde=volgorde)
            for volgorde, (code, naam, soort) in enumerate(STANDAARD_AFSLUITREDENEN, start=1)
            if code not in bestaande
        ]
    )


def bij_nieuw_huis(*, actor, zvh) -> None:
    """The handler partners calls when it creates a house."""
    afsluitredenen_inrichten(zvh.pk)
