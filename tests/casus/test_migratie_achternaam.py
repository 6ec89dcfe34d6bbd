"""Casus migration 0005 fills the surname blind index of persons registered before it."""

import pytest

from casus.models import Persoon
from core.crypto import achternaam_index
from tests.migrating import migrate_to
from tests.partners.factories import ZvhFactory

OLD = [("casus", "0004_geboortedatum_versleuteld")]


@pytest.mark.django_db(transaction=True)
def test_existing_persons_get_their_surname_index():
    old = migrate_to(OLD)
    try:
        zvh = ZvhFactory()
        OldPersoon = old.get_model("casus", "Persoon")
        pks = [
            OldPersoon.objects.create(
                zvh_id=zvh.pk, voornamen="Anna", achternaam=naam, naam_index="-"
            ).pk
            for naam in ("de Vries", "Çelik", "")
        ]
    finally:
        migrate_to()
    indexes = dict(Persoon.objects.filter(pk__in=pks).values_list("pk", "achternaam_index"))
    assert [indexes[pk] for pk in pks] == [
        achternaam_index("De  Vries"),
        achternaam_index("celik"),
        achternaam_index(""),
    ]
    # And a save keeps it in step with the name.
    persoon = Persoon.objects.get(pk=pks[0])
    persoon.achternaam = "Jansen"
    persoon.save(update_fields=["achternaam"])
    persoon.refresh_from_db()
    assert persoon.achternaam_index == achternaam_index("jansen")
