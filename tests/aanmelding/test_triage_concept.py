"""Issue 10, point 7: the triage form keeps a server-side draft ("Concept bewaren"), shown
again when the page is reopened, to its owner only, and gone once the decision is taken."""

import re

import pytest
from django.urls import reverse

from aanmelding import services
from audit import events
from audit.models import AccessLog
from partners.models import Formulierconcept
from tests.aanmelding.conftest import ALLE_JA
from tests.aanmelding.factories import AanmeldingFactory

pytestmark = pytest.mark.django_db

MOTIVATIE = "Voldaan: meerdere leefgebieden, eigen woorden van de regisseur."


def _url(aanmelding):
    return reverse("aanmelding:triage", args=[aanmelding.pk])


def _bewaar(client, aanmelding):
    return client.post(
        _url(aanmelding),
        {"concept_bewaren": "1", "oordeel_b": "ja", "oordeel_b_motivatie": MOTIVATIE},
    )


def test_a_draft_is_kept_and_shown_again(zvh, regisseur, login):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    client = login(regisseur)
    before = AccessLog.objects.count()
    response = _bewaar(client, aanmelding)
    assert response.status_code == 302 and response["Location"] == _url(aanmelding)
    rows = list(AccessLog.objects.order_by("id")[before:])
    assert [r.event_type for r in rows] == [events.FORMULIERCONCEPT_BEWAARD]
    assert rows[0].detail == f"triage:{aanmelding.pk}"
    page = client.get(_url(aanmelding)).content.decode()
    assert MOTIVATIE in page
    assert re.search(r'<input type="radio" name="oordeel_b" value="ja"[^>]*checked', page)
    assert "U ziet uw concept van" in page


def test_another_procesregisseur_never_sees_the_draft(zvh, regisseur, regisseur2, login):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    _bewaar(login(regisseur), aanmelding)
    page = login(regisseur2).get(_url(aanmelding)).content.decode()
    assert MOTIVATIE not in page and "U ziet uw concept van" not in page


def test_the_draft_can_be_thrown_away(zvh, regisseur, login):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    client = login(regisseur)
    _bewaar(client, aanmelding)
    response = client.post(_url(aanmelding), {"concept_verwijderen": "1"})
    assert response.status_code == 302
    assert not Formulierconcept.objects.exists()
    assert MOTIVATIE not in client.get(_url(aanmelding)).content.decode()


def test_the_decision_removes_every_draft_of_the_triage(
    zvh, regisseur, regisseur2, thema, login, as_actor
):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    ander = AanmeldingFactory(zvh=zvh, ingediend=True)
    _bewaar(login(regisseur), aanmelding)
    _bewaar(login(regisseur2), aanmelding)
    _bewaar(login(regisseur2), ander)
    before = AccessLog.objects.count()
    services.triage_besluiten(
        actor=as_actor(regisseur, zvh),
        aanmelding=aanmelding,
        besluit="accepteren",
        oordelen=dict(ALLE_JA),
        themas=[thema],
        ave_niveau=3,
        procesregisseur=regisseur,
        backup_procesregisseur=regisseur2,
    )
    assert list(Formulierconcept.objects.values_list("sleutel", flat=True)) == [
        f"triage:{ander.pk}"
    ]
    rows = AccessLog.objects.order_by("id")[before:]
    assert [r.event_type for r in rows].count(events.FORMULIERCONCEPT_VERWIJDERD) == 2


def test_a_referrer_cannot_keep_a_triage_draft(zvh, login):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    response = _bewaar(login(aanmelding.aangemeld_door), aanmelding)
    assert response.status_code == 403
    assert not Formulierconcept.objects.exists()
