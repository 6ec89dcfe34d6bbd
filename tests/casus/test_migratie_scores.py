"""Casus migration 0005: houses that existed before get the ZRM domains and scale; the
migration goes back (the tables go) and forward again."""

import pytest

from casus.models import Leefgebied, Schaalwaarde
from tests.migrating import migrate_to
from tests.partners.factories import ZvhFactory

BEFORE = [("casus", "0004_geboortedatum_versleuteld")]


@pytest.mark.django_db(transaction=True)
def test_existing_houses_get_the_zrm_and_the_migration_reverses():
    migrate_to(BEFORE)
    try:
        bestaand = ZvhFactory()
        migrate_to()
        assert Leefgebied.objects.filter(zvh=bestaand).count() == 13
        assert list(Schaalwaarde.objects.filter(zvh=bestaand).values_list("waarde", flat=True)) == [
            1,
            2,
            3,
            4,
            5,
        ]
        migrate_to(BEFORE)
    finally:
        migrate_to()
    assert Leefgebied.objects.filter(zvh=bestaand).count() == 13
