"""Aanmelding migration 0007: existing referrals are numbered per house in the order they
were created, the counters continue from there, and a submission recorded before creation is
set right; and back again."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aanmelding import services
from partners.models import Rol
from tests.conftest import actor_for
from tests.migrating import migrate_to
from tests.partners.factories import (
    MedewerkerFactory,
    OrganisatieFactory,
    PartnerschapFactory,
    RolToewijzingFactory,
    ZvhFactory,
)

BEFORE = [("aanmelding", "0006_personen_zoals_aangemeld")]
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.django_db(transaction=True)
def test_existing_referrals_are_numbered_per_house_in_order_of_creation():
    old = migrate_to(BEFORE)
    try:
        Aanmelding = old.get_model("aanmelding", "Aanmelding")
        hier, elders = ZvhFactory(), ZvhFactory()
        org = OrganisatieFactory()
        door = MedewerkerFactory(organisatie=org)
        PartnerschapFactory(zvh=hier, organisatie=org)
        RolToewijzingFactory(medewerker=door, zvh=hier, rol=Rol.KETENPARTNER)

        def maak(zvh, aangemaakt, ingediend=None):
            a = Aanmelding.objects.create(
                zvh_id=zvh.pk, organisatie_id=org.pk, aangemeld_door_id=door.pk
            )
            # auto_now_add before the migration: set the moments afterwards.
            Aanmelding.objects.filter(pk=a.pk).update(
                aangemaakt_op=aangemaakt, ingediend_op=ingediend
            )
            return a.pk

        oud_jaar = datetime(2025, 12, 31, 23, 30, tzinfo=AMS)  # 22:30 UTC: still 2025 here
        tweede = maak(hier, datetime(2026, 3, 1, tzinfo=AMS))
        eerste = maak(hier, datetime(2026, 1, 1, 0, 30, tzinfo=AMS))
        vorig = maak(hier, oud_jaar)
        anders = maak(elders, datetime(2026, 2, 1, tzinfo=AMS))
        scheef = maak(
            hier,
            datetime(2026, 4, 2, tzinfo=AMS),
            ingediend=datetime(2026, 4, 1, tzinfo=AMS),
        )
    finally:
        new = migrate_to()
    Nieuw = new.get_model("aanmelding", "Aanmelding")
    nummers = dict(Nieuw.objects.values_list("pk", "nummer"))
    assert nummers[vorig] == "A-2025-0001"
    assert [nummers[eerste], nummers[tweede]] == ["A-2026-0001", "A-2026-0002"]
    assert nummers[anders] == "A-2026-0001"
    # The referral "submitted before it was created" now counts from its submission.
    scheve = Nieuw.objects.get(pk=scheef)
    assert scheve.aangemaakt_op == scheve.ingediend_op == datetime(2026, 4, 1, tzinfo=AMS)
    assert nummers[scheef] == "A-2026-0003"
    # The counters continue after the numbers handed out.
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=AMS), tick=False):
        nieuw = services.aanmelding_aanmaken(
            actor=actor_for(door, hier), gegevens={"reden": "Nieuw"}
        )
    assert nieuw.nummer == "A-2026-0004"

    # And back: the numbers and counters go, the referrals stay.
    terug = migrate_to(BEFORE)
    try:
        assert terug.get_model("aanmelding", "Aanmelding").objects.count() == 6
    finally:
        migrate_to()
