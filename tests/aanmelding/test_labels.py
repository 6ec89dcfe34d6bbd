"""Small texts of the referral pages that read wrong with today's data."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aanmelding import services
from partners.models import Rol
from tests.aanmelding.conftest import ALLE_JA
from tests.aanmelding.factories import AanmeldingFactory

pytestmark = pytest.mark.django_db


def _wacht_sinds(client, aanmelding):
    page = client.get(reverse("aanmelding:triage", args=[aanmelding.pk])).content.decode()
    return page.split("Wacht sinds</dt><dd>")[1].split("</dd>")[0]


@pytest.mark.parametrize(("dagen", "tekst"), [(0, "vandaag"), (1, "1 dag"), (6, "6 dagen")])
def test_waiting_time_reads_today_for_zero_days(dagen, tekst, zvh, regisseur, login):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    aanmelding.ingediend_op = timezone.now() - timedelta(days=dagen, hours=1)
    aanmelding.aangemaakt_op = aanmelding.ingediend_op  # never submitted before it was created
    aanmelding.save()
    client = login(regisseur)
    assert _wacht_sinds(client, aanmelding) == tekst


@pytest.fixture
def geaccepteerd(zvh, regisseur, regisseur2, thema, as_actor):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
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
    aanmelding.refresh_from_db()
    return aanmelding


def test_procesregisseur_is_not_told_their_organisation_is_the_referrer(
    geaccepteerd, regisseur, login
):
    client = login(regisseur)
    page = client.get(reverse("aanmelding:detail", args=[geaccepteerd.pk])).content.decode()
    assert "Uw organisatie neemt deel als aanmelder" not in page
    assert f"{geaccepteerd.organisatie.naam} neemt deel als aanmelder" in page


def test_the_referrer_reads_that_their_organisation_takes_part(geaccepteerd, make_user, zvh, login):
    collega = make_user(zvh, Rol.KETENPARTNER, organisatie=geaccepteerd.organisatie)
    client = login(collega)
    page = client.get(reverse("aanmelding:detail", args=[geaccepteerd.pk])).content.decode()
    assert "Uw organisatie neemt deel als aanmelder" in page


def test_casus_page_lists_the_referrer_not_the_procesregisseur_as_aanmelder(
    geaccepteerd, regisseur, login
):
    client = login(regisseur)
    page = client.get(reverse("casus:casus", args=[geaccepteerd.casus_id])).content.decode()
    # The list of deelnemers (the add form below it offers every organisation).
    deelnemers = page.split('<ul class="deelnemers">')[1].split("</ul>")[0]
    assert f"{geaccepteerd.organisatie.naam} (Aanmelder)" in deelnemers
    assert regisseur.organisatie.naam not in deelnemers


def test_worklist_reads_today_for_zero_days(zvh, regisseur, login):
    AanmeldingFactory(zvh=zvh, ingediend=True)
    oud = AanmeldingFactory(zvh=zvh, ingediend=True)
    oud.ingediend_op = oud.aangemaakt_op = timezone.now() - timedelta(days=3, hours=1)
    oud.save()
    page = login(regisseur).get(reverse("aanmelding:werkvoorraad")).content.decode()
    cellen = [c.strip() for c in re.findall(r"<td>(vandaag|\d+ dagen?|\d+)</td>", page)]
    assert sorted(cellen) == ["3 dagen", "vandaag"]
