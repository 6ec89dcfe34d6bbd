"""A failure to write the audit row fails the whole request: no change without its log."""

import pytest
from django.db import DatabaseError
from django.urls import reverse

from audit import recorder
from audit.models import AccessLog
from partners.models import Rol


@pytest.fixture
def broken_audit(monkeypatch):
    def refuse(events):
        raise DatabaseError("audit table unavailable")

    def arm():
        monkeypatch.setattr(recorder, "_append", refuse)

    return arm


def test_change_is_rolled_back_when_its_audit_row_cannot_be_written(
    client, login, make_user, zvh, broken_audit
):
    beheerder = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    medewerker = make_user(zvh, organisatie=beheerder.organisatie, last_name="Jansen")
    login(beheerder)
    before = AccessLog.objects.count()
    broken_audit()
    client.raise_request_exception = False
    response = client.post(
        reverse("partners:beheer_medewerker", args=[medewerker.pk]),
        {
            "first_name": medewerker.first_name,
            "last_name": "Pietersen",
            "email": medewerker.email,
            "functie": "",
            "telefoon": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 500
    medewerker.refresh_from_db()
    assert medewerker.last_name == "Jansen"
    assert AccessLog.objects.count() == before
    from auditlog.models import LogEntry

    assert not LogEntry.objects.filter(object_pk=str(medewerker.pk), action=1).exists()


def test_read_is_refused_when_its_audit_row_cannot_be_written(
    client, login, make_user, zvh, broken_audit
):
    beheerder = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    login(beheerder)
    broken_audit()
    client.raise_request_exception = False
    response = client.get(reverse("partners:beheer_medewerker", args=[beheerder.pk]))
    assert response.status_code == 500
    assert beheerder.last_name.encode() not in response.content
