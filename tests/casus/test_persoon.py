"""Persons: encryption at rest bound to the row, blind-index lookups, pseudonyms."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from casus.models import Persoon
from core.crypto import DecryptionError, blind_index, naam_index
from tests.casus.factories import PersoonFactory


def _raw_row(persoon):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bsn, voornamen, achternaam, adres, bsn_index FROM casus_persoon WHERE id = %s",
            [persoon.pk],
        )
        return cursor.fetchone()


def test_raw_columns_hold_no_clear_bsn_or_name(zvh):
    persoon = PersoonFactory(
        zvh=zvh, bsn="111222333", voornamen="Annelies", achternaam="Vermeulen", adres="Kerkstraat 1"
    )
    bsn, voornamen, achternaam, adres, index = _raw_row(persoon)
    for raw, clear in ((bsn, "111222333"), (voornamen, "Annelies"), (achternaam, "Vermeulen")):
        assert raw is not None
        assert clear.encode() not in bytes(raw)
    assert b"Kerkstraat" not in bytes(adres)
    assert index == blind_index("111222333")
    assert "111222333" not in index

    fresh = Persoon.objects.get(pk=persoon.pk)
    assert (fresh.bsn, fresh.voornamen, fresh.achternaam) == ("111222333", "Annelies", "Vermeulen")


def test_ciphertext_moved_to_another_row_does_not_open(zvh):
    a = PersoonFactory(zvh=zvh, voornamen="Annelies")
    b = PersoonFactory(zvh=zvh, voornamen="Bram")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE casus_persoon SET voornamen = (SELECT voornamen FROM casus_persoon "
            "WHERE id = %s) WHERE id = %s",
            [a.pk, b.pk],
        )
    with pytest.raises(DecryptionError):
        _ = Persoon.objects.get(pk=b.pk).voornamen


def test_blind_index_finds_the_person_by_bsn(zvh, other_zvh):
    target = PersoonFactory(zvh=zvh, bsn="123456782")
    PersoonFactory.create_batch(3, zvh=zvh)
    PersoonFactory(zvh=other_zvh, bsn="123456782")
    found = Persoon.objects.filter(zvh=zvh, bsn_index=blind_index("1234 56 782"))
    assert list(found) == [target]


def test_person_without_bsn_has_uuid_pseudonym(zvh):
    zonder = PersoonFactory(zvh=zvh, zonder_bsn=True)
    met = PersoonFactory(zvh=zvh, bsn="111222333")
    assert zonder.bsn_index is None
    assert zonder.audit_pseudoniem == f"p-{zonder.pk}"
    assert met.audit_pseudoniem == blind_index("111222333")
    assert len(met.audit_pseudoniem) == 64


def test_invalid_bsn_is_never_saved(zvh):
    with pytest.raises(ValidationError):
        PersoonFactory(zvh=zvh, bsn="111222334")
    assert not Persoon.objects.exists()


def test_person_needs_a_name_and_a_past_date_of_birth(zvh):
    with pytest.raises(ValidationError, match="voornaam of achternaam"):
        Persoon(zvh=zvh, voornamen=" ", achternaam="").clean()
    future = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="toekomst"):
        Persoon(zvh=zvh, achternaam="Jansen", geboortedatum=future).clean()


def test_encrypted_field_survives_deferred_loading_and_partial_saves(zvh):
    persoon = PersoonFactory(zvh=zvh, voornamen="Annelies", achternaam="Vermeulen")
    deferred = Persoon.objects.only("id").get(pk=persoon.pk)
    assert deferred.voornamen == "Annelies"
    deferred.achternaam = "Jansen"
    deferred.save(update_fields=["achternaam"])
    fresh = Persoon.objects.get(pk=persoon.pk)
    assert (fresh.voornamen, fresh.achternaam) == ("Annelies", "Jansen")
    assert fresh.naam_index == naam_index("Annelies", "Jansen", persoon.geboortedatum)
    fresh.telefoon = ""
    fresh.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT telefoon FROM casus_persoon WHERE id = %s", [persoon.pk])
        assert cursor.fetchone()[0] is None
    assert Persoon.objects.get(pk=persoon.pk).telefoon == ""


def _raw_geboortedatum(persoon):
    with connection.cursor() as cursor:
        cursor.execute("SELECT geboortedatum FROM casus_persoon WHERE id = %s", [persoon.pk])
        return cursor.fetchone()[0]


def test_date_of_birth_is_encrypted_bound_to_its_row(zvh):
    from datetime import date

    persoon = PersoonFactory(zvh=zvh, geboortedatum=date(1986, 3, 14))
    raw = _raw_geboortedatum(persoon)
    assert isinstance(raw, bytes | memoryview)
    assert b"1986" not in bytes(raw) and b"03-14" not in bytes(raw)
    assert Persoon.objects.get(pk=persoon.pk).geboortedatum == date(1986, 3, 14)
    other = PersoonFactory(zvh=zvh, geboortedatum=None)
    assert _raw_geboortedatum(other) is None
    assert Persoon.objects.get(pk=other.pk).geboortedatum is None
    # Moved to another row, the ciphertext no longer opens.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE casus_persoon SET geboortedatum = %s WHERE id = %s", [raw, other.pk])
    with pytest.raises(DecryptionError):
        _ = Persoon.objects.get(pk=other.pk).geboortedatum


def test_name_and_date_of_birth_index_still_finds_the_possible_duplicate(zvh, make_user, as_actor):
    from datetime import date

    from casus.services import MogelijkeDubbel, persoon_registreren
    from partners.models import Rol

    actor = as_actor(make_user(zvh, Rol.KETENPARTNER), zvh)
    gegevens = {"voornamen": "Jan", "achternaam": "Jansen", "geboortedatum": date(1990, 5, 1)}
    persoon_registreren(actor=actor, gegevens=gegevens)
    with pytest.raises(MogelijkeDubbel):
        persoon_registreren(actor=actor, gegevens=dict(gegevens))
    other_day = {**gegevens, "geboortedatum": date(1990, 5, 2)}
    assert persoon_registreren(actor=actor, gegevens=other_day).geboortedatum == date(1990, 5, 2)
