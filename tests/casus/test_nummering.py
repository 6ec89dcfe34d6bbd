"""Casusnummers: <year>-<n> per house and Dutch calendar year, never twice, also under load."""

import threading
import uuid
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.urls import reverse

from casus.models import Casus, CasusTeller
from casus.nummering import audit_casus_ids, casusjaar, volgend_casusnummer
from partners.models import Rol
from tests.casus.factories import CasusFactory


@pytest.mark.django_db
def test_first_casus_of_a_year_is_0001_and_numbers_count_up(zvh):
    assert volgend_casusnummer(zvh_id=zvh.pk, jaar=2026) == "2026-0001"
    assert volgend_casusnummer(zvh_id=zvh.pk, jaar=2026) == "2026-0002"
    assert CasusTeller.objects.get(zvh=zvh, jaar=2026).laatste == 2


@pytest.mark.django_db
def test_each_house_counts_on_its_own(zvh, other_zvh):
    assert volgend_casusnummer(zvh_id=zvh.pk, jaar=2026) == "2026-0001"
    assert volgend_casusnummer(zvh_id=zvh.pk, jaar=2026) == "2026-0002"
    assert volgend_casusnummer(zvh_id=other_zvh.pk, jaar=2026) == "2026-0001"


@pytest.mark.django_db
def test_a_new_year_starts_at_0001_again(zvh):
    volgend_casusnummer(zvh_id=zvh.pk, jaar=2026)
    assert volgend_casusnummer(zvh_id=zvh.pk, jaar=2027) == "2027-0001"
    assert volgend_casusnummer(zvh_id=zvh.pk, jaar=2026) == "2026-0002"


@pytest.mark.django_db
def test_more_than_9999_casussen_get_more_digits(zvh):
    CasusTeller.objects.create(zvh=zvh, jaar=2026, laatste=9999)
    assert volgend_casusnummer(zvh_id=zvh.pk, jaar=2026) == "2026-10000"


def test_the_year_is_the_dutch_calendar_year():
    # 23:30 UTC on 31 December is already New Year in Amsterdam.
    assert casusjaar(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == 2027
    assert casusjaar(datetime(2026, 12, 31, 22, 30, tzinfo=UTC)) == 2026


@pytest.mark.django_db
def test_a_rolled_back_casus_gives_its_number_back(zvh):
    with pytest.raises(RuntimeError), transaction.atomic():
        volgend_casusnummer(zvh_id=zvh.pk, jaar=2026)
        raise RuntimeError
    assert volgend_casusnummer(zvh_id=zvh.pk, jaar=2026) == "2026-0001"


@pytest.mark.django_db
def test_factory_numbers_follow_the_clock(zvh):
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=UTC), tick=False):
        first, second = CasusFactory(zvh=zvh), CasusFactory(zvh=zvh)
    assert (first.nummer, second.nummer) == ("2026-0001", "2026-0002")
    assert str(first) == "Casus 2026-0001"
    assert isinstance(first.pk, uuid.UUID) and first.pk.version == 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("counter_exists", [False, True])
def test_simultaneous_allocations_never_share_a_number(zvh, counter_exists):
    if counter_exists:
        CasusTeller.objects.create(zvh=zvh, jaar=2026, laatste=7)
    workers = 6
    start = threading.Barrier(workers)
    numbers, errors = [], []

    def allocate():
        try:
            start.wait()
            with transaction.atomic():
                numbers.append(volgend_casusnummer(zvh_id=zvh.pk, jaar=2026))
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    first = 8 if counter_exists else 1
    assert sorted(numbers) == [f"2026-{n:04d}" for n in range(first, first + workers)]


@pytest.mark.django_db
def test_audit_ids_of_a_number_include_the_old_integer_of_a_converted_casus(zvh, other_zvh):
    nieuw = CasusFactory(zvh=zvh)
    oud = CasusFactory(zvh=zvh)
    Casus.objects.filter(pk=oud.pk).update(id=uuid.UUID(int=42))
    assert audit_casus_ids(zvh.pk, nieuw.nummer) == [str(nieuw.pk)]
    assert audit_casus_ids(zvh.pk, oud.nummer) == [str(uuid.UUID(int=42)), "42"]
    assert audit_casus_ids(other_zvh.pk, oud.nummer) == []


@pytest.mark.django_db
def test_casus_page_shows_the_number_and_its_url_the_uuid(zvh, make_user, login):
    casus = CasusFactory(zvh=zvh)
    url = reverse("casus:casus", args=[casus.pk])
    assert str(casus.pk) in url
    response = login(make_user(zvh, Rol.PROCESREGISSEUR)).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Casus {casus.nummer}" in page
    assert login(make_user(zvh, Rol.PROCESREGISSEUR)).get("/casussen/1/").status_code == 404
