"""Casus migration 0003 and audit migration 0005 on data written before them (PostgreSQL).

The database goes back to casus 0002 / audit 0004, casussen with integer keys, their relations
and a hash-chained audit trail naming them by integer are written, and the migrations run
forward: every relation points at the same casus, the numbers follow year and old id, and the
old audit chain still verifies.
"""

import uuid
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection
from guardian.shortcuts import get_perms

from aanmelding.models import Aanmelding
from audit import changes, events, recorder
from audit.models import AccessLog
from casus.models import Casus, CasusTeller, Deelnemer
from casus.nummering import audit_casus_ids, volgend_casusnummer
from tests.audit.rows import record
from tests.casus.factories import ThemaFactory
from tests.migrating import migrate_to
from tests.partners.factories import MedewerkerFactory, OrganisatieFactory, ZvhFactory

OLD = [("casus", "0002_persoon_casus_persoonrelatie_and_more"), ("audit", "0004_lichtere_indexen")]


@pytest.mark.django_db(transaction=True)
def test_existing_casussen_keep_relations_and_get_numbers_and_the_audit_chain_verifies(
    monkeypatch,
):
    old = migrate_to(OLD)
    # That schema has no casus_audit_append (audit 0007): rows go in as the writer then did.
    monkeypatch.setattr(recorder, "_append_postgres", recorder._append_plain)
    try:
        OldCasus = old.get_model("casus", "Casus")
        OldDeelnemer = old.get_model("casus", "Deelnemer")
        OldGrant = old.get_model("casus", "CasusGroupObjectPermission")
        OldAanmelding = old.get_model("aanmelding", "Aanmelding")
        view_casus = old.get_model("auth", "Permission").objects.get(codename="view_casus")
        Group = old.get_model("auth", "Group")
        huis, ander_huis = ZvhFactory(), ZvhFactory()
        regisseur, backup = MedewerkerFactory(), MedewerkerFactory()
        org = OrganisatieFactory()
        # The person as that schema has it (today's model has columns added since).
        persoon = old.get_model("casus", "Persoon").objects.create(
            zvh_id=huis.pk, voornamen="Jan", achternaam="Jansen", naam_index="-"
        )
        thema = ThemaFactory(zvh=huis)
        # The referral as that schema has it (today's model has columns added since).
        melder = MedewerkerFactory(organisatie=org)
        aanmelding = OldAanmelding.objects.create(
            zvh_id=huis.pk, organisatie_id=org.pk, aangemeld_door_id=melder.pk
        )

        def old_casus(zvh, opened):
            casus = OldCasus.objects.create(
                zvh_id=zvh.pk,
                ave_niveau=3,
                procesregisseur_id=regisseur.pk,
                backup_procesregisseur_id=backup.pk,
            )
            OldCasus.objects.filter(pk=casus.pk).update(geopend_op=opened)
            return casus

        # Already 2026 in Amsterdam; then an older one, another house's, and a later one.
        oudjaar = old_casus(huis, datetime(2025, 12, 31, 23, 30, tzinfo=UTC))
        vorig_jaar = old_casus(huis, datetime(2025, 6, 1, 12, tzinfo=UTC))
        elders = old_casus(ander_huis, datetime(2026, 2, 1, 12, tzinfo=UTC))
        later = old_casus(huis, datetime(2026, 3, 1, 12, tzinfo=UTC))
        assert isinstance(later.pk, int)
        later.personen.add(persoon.pk)
        later.themas.add(thema.pk)
        OldDeelnemer.objects.create(casus=later, organisatie_id=org.pk, rol="aanmelder")
        OldGrant.objects.create(
            content_object=later, group=Group.objects.get(pk=org.groep_id), permission=view_casus
        )
        OldAanmelding.objects.filter(pk=aanmelding.pk).update(casus_id=later.pk)

        # The audit trail as it was written then: casus ids are integers in a bigint column,
        # and rows cover no change entries (that column comes later).
        changes.take_noted()
        record(event=events.CASUS_AANGEMAAKT, zvh=huis, actor=regisseur, casus_id=later.pk)
        record(event=events.CASUS_GEOPEND, zvh=huis, actor=regisseur, casus_id=oudjaar.pk)
        record(event=events.INLOGGEN_MISLUKT, zvh=huis, detail="", casus_id=None)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_typeof(casus_id)::text FROM audit_accesslog LIMIT 1")
            assert cursor.fetchone()[0] == "bigint"
        # (Verified only after migrating: today's verifier reads columns added later.)
    finally:
        monkeypatch.undo()
        migrate_to()

    converted = {c: uuid.UUID(int=c.pk) for c in (oudjaar, vorig_jaar, elders, later)}
    casus = Casus.objects.get(pk=converted[later])
    assert [p.pk for p in casus.personen.all()] == [persoon.pk]
    assert [t.pk for t in casus.themas.all()] == [thema.pk]
    assert Deelnemer.objects.get().casus == casus
    assert "view_casus" in get_perms(org.groep, casus)
    assert Aanmelding.objects.get(pk=aanmelding.pk).casus == casus

    nummers = {c: Casus.objects.get(pk=pk).nummer for c, pk in converted.items()}
    assert nummers == {
        oudjaar: "2026-0001",
        vorig_jaar: "2025-0001",
        elders: "2026-0001",
        later: "2026-0002",
    }
    assert CasusTeller.objects.get(zvh=huis, jaar=2026).laatste == 2
    assert volgend_casusnummer(zvh_id=huis.pk, jaar=2026) == "2026-0003"
    assert volgend_casusnummer(zvh_id=ander_huis.pk, jaar=2026) == "2026-0002"

    # The old rows still verify, new rows join the same chain with the UUID as text.
    assert list(AccessLog.objects.order_by("seq").values_list("casus_id", flat=True)) == [
        str(later.pk),
        str(oudjaar.pk),
        None,
    ]
    record(event=events.CASUS_GEOPEND, zvh=huis, actor=regisseur, target=casus)
    assert AccessLog.objects.order_by("-seq").first().casus_id == str(casus.pk)
    call_command("audit_verify")
    ids = audit_casus_ids(huis.pk, "2026-0002")
    assert set(AccessLog.objects.filter(casus_id__in=ids).values_list("seq", flat=True)) == {1, 4}
