"""Decline, more-information and four-eyes flows through the pages; the beheer screen."""

import pytest
from django.urls import reverse

from aanmelding.models import Aanmelding, Afwijsreden, RegionaalCriterium, Status, TriageInstelling
from audit.models import AccessLog
from casus.models import Casus
from partners.models import Rol
from tests.aanmelding.factories import AanmeldingFactory


def _oordelen(**overrides):
    data = {}
    for letter in "abcd":
        data[f"oordeel_{letter}"] = "ja"
        data[f"oordeel_{letter}_motivatie"] = f"Motivatie {letter}"
    data.update(overrides)
    return data


def test_decline_flow_referrer_sees_reason_and_message(zvh, regisseur, afwijsreden, client, login):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    url = reverse("aanmelding:triage", args=[aanmelding.pk])
    login(regisseur)
    response = client.post(
        url,
        _oordelen(
            besluit="afwijzen",
            oordeel_d="nee",
            afwijsreden=afwijsreden.pk,
            bericht="Het wijkteam kan dit lokaal oppakken.",
        ),
    )
    assert response.status_code == 302
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.AFGEWEZEN
    log = AccessLog.objects.get(event_type="triage_besluit")
    assert log.outcome == "success" and log.detail.startswith("afwijzen")

    login(aanmelding.aangemeld_door)
    page = client.get(reverse("aanmelding:detail", args=[aanmelding.pk])).content.decode()
    assert "Uitkomst: afgewezen" in page
    assert "Lokaal oppakken" in page and "Het wijkteam kan dit lokaal oppakken." in page
    # The referrer sees the outcome, not the procesregisseur's motivations.
    assert "Motivatie a" not in page
    assert not Casus.objects.exists()


def test_more_information_flow_through_the_pages(zvh, regisseur, client, login):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    login(regisseur)
    response = client.post(
        reverse("aanmelding:triage", args=[aanmelding.pk]),
        {"besluit": "meer_informatie", "bericht": "Is de GGZ al betrokken?"},
    )
    assert response.status_code == 302
    queue = client.get(reverse("aanmelding:werkvoorraad")).content.decode()
    assert str(aanmelding.pk) not in queue

    login(aanmelding.aangemeld_door)
    detail = reverse("aanmelding:detail", args=[aanmelding.pk])
    assert "Is de GGZ al betrokken?" in client.get(detail).content.decode()
    antwoord = reverse("aanmelding:beantwoorden", args=[aanmelding.pk])
    assert client.post(antwoord, {"antwoord": ""}).status_code == 400
    assert client.post(antwoord, {"antwoord": "Ja, sinds mei."}).status_code == 302
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.INGEDIEND
    # The referrer may supplement, never edit.
    aanvul = reverse("aanmelding:aanvullen", args=[aanmelding.pk])
    assert client.post(aanvul, {"tekst": "Nieuwe aangifte."}).status_code == 302
    assert client.get(reverse("aanmelding:wijzigen", args=[aanmelding.pk])).status_code == 403

    login(regisseur)
    queue = client.get(reverse("aanmelding:werkvoorraad")).content.decode()
    assert str(aanmelding.pk) in queue
    page = client.get(reverse("aanmelding:triage", args=[aanmelding.pk])).content.decode()
    assert "Ja, sinds mei." in page and "Nieuwe aangifte." in page


def test_four_eyes_through_the_pages(zvh, regisseur, regisseur2, thema, client, login):
    TriageInstelling.objects.create(zvh=zvh, vier_ogen=True)
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    login(regisseur)
    data = _oordelen(
        besluit="accepteren",
        themas=[thema.pk],
        ave_niveau="3",
        procesregisseur=regisseur.pk,
        backup_procesregisseur=regisseur2.pk,
    )
    assert client.post(reverse("aanmelding:triage", args=[aanmelding.pk]), data).status_code == 302
    bevestig = reverse("aanmelding:bevestigen", args=[aanmelding.pk])
    client.post(bevestig)
    assert not Casus.objects.exists()
    login(regisseur2)
    assert client.post(bevestig).status_code == 302
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.GEACCEPTEERD and Casus.objects.count() == 1


@pytest.mark.parametrize("rol", [Rol.PROCESREGISSEUR, Rol.KETENPARTNER, Rol.MANAGER])
def test_beheer_screen_only_for_functioneel_beheerder(rol, zvh, make_user, login):
    client = login(make_user(zvh, rol))
    assert client.get(reverse("aanmelding:beheer")).status_code == 403


def test_beheer_screen_configures_criteria_reasons_and_four_eyes(zvh, other_zvh, make_user, login):
    client = login(make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER))
    url = reverse("aanmelding:beheer")
    assert client.get(url).status_code == 200
    client.post(
        url,
        {"soort": "criterium", "criterium-omschrijving": "Levensloop", "criterium-volgorde": "1"},
    )
    client.post(
        url,
        {
            "soort": "afwijsreden",
            "afwijsreden-omschrijving": "Andere overlegtafel",
            "afwijsreden-volgorde": "2",
        },
    )
    client.post(url, {"soort": "instelling", "instelling-vier_ogen": "on"})
    criterium = RegionaalCriterium.objects.get(zvh=zvh)
    reden = Afwijsreden.objects.get(zvh=zvh)
    assert TriageInstelling.objects.get(zvh=zvh).vier_ogen
    assert client.post(url, {"soort": "criterium", "criterium-omschrijving": ""}).status_code == 400
    uit = reverse("aanmelding:beheer_deactiveren", args=["afwijsreden", reden.pk])
    assert client.post(uit).status_code == 302
    reden.refresh_from_db()
    assert not reden.actief and criterium.actief
    vreemd = Afwijsreden.objects.create(zvh=other_zvh, omschrijving="Elders")
    uit = reverse("aanmelding:beheer_deactiveren", args=["afwijsreden", vreemd.pk])
    assert client.post(uit).status_code == 404


def test_four_eyes_refusal_returns_referral_to_the_queue(
    zvh, regisseur, regisseur2, thema, client, login
):
    TriageInstelling.objects.create(zvh=zvh, vier_ogen=True)
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    login(regisseur)
    data = _oordelen(
        besluit="accepteren",
        themas=[thema.pk],
        ave_niveau="3",
        procesregisseur=regisseur.pk,
        backup_procesregisseur=regisseur2.pk,
    )
    client.post(reverse("aanmelding:triage", args=[aanmelding.pk]), data)
    weiger = reverse("aanmelding:niet_bevestigen", args=[aanmelding.pk])
    login(regisseur2)
    client.post(weiger, {"reden": ""})
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == Status.TER_BEVESTIGING
    assert client.post(weiger, {"reden": "Criterium d twijfelachtig"}).status_code == 302
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == Status.INGEDIEND
    assert not Casus.objects.exists()
    row = AccessLog.objects.get(event_type="triage_bevestigd")
    assert row.outcome == "denied"


def test_a_four_eyes_refusal_without_or_with_a_too_long_reason_shows_the_summary(
    zvh, regisseur, regisseur2, thema, client, login
):
    TriageInstelling.objects.create(zvh=zvh, vier_ogen=True)
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    login(regisseur)
    data = _oordelen(
        besluit="accepteren",
        themas=[thema.pk],
        ave_niveau="3",
        procesregisseur=regisseur.pk,
        backup_procesregisseur=regisseur2.pk,
    )
    client.post(reverse("aanmelding:triage", args=[aanmelding.pk]), data)
    weiger = reverse("aanmelding:niet_bevestigen", args=[aanmelding.pk])
    login(regisseur2)
    for reden, message in [
        ("", "Geef aan waarom u de acceptatie niet bevestigt."),
        ("x" * 1001, "Gebruik maximaal 1000 tekens (u gebruikte 1001)."),
    ]:
        response = client.post(weiger, {"reden": reden})
        page = response.content.decode()
        assert response.status_code == 400
        assert f'<a href="#id_reden">{message}</a>' in page
        assert 'id="fouten-niet-bevestigen"' in page
        assert Aanmelding.objects.get(pk=aanmelding.pk).status == Status.TER_BEVESTIGING
    assert not AccessLog.objects.filter(event_type="triage_bevestigd").exists()
