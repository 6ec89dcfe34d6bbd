"""Issue 10, point 5: a referral number to say on the phone, removing a person from a draft
and deleting a draft (audited, own organisation only, never after submission), and dates
that read in order."""

import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from aanmelding import services
from aanmelding.models import Aanmelding, AanmeldingPersoon, AanmeldingTeller, Status
from audit import events
from audit.models import AccessLog
from casus.nummering import casusjaar
from partners.models import Rol
from tests.aanmelding.factories import AanmeldingFactory

pytestmark = pytest.mark.django_db


def _nieuw(actor):
    return services.aanmelding_aanmaken(actor=actor, gegevens={"reden": "Zorgen."})


def test_every_referral_gets_a_number_per_house_and_year(
    zvh, other_zvh, aanmelder, make_user, as_actor
):
    jaar = casusjaar()
    actor = as_actor(aanmelder, zvh)
    eerste, tweede = _nieuw(actor), _nieuw(actor)
    elders = _nieuw(as_actor(make_user(other_zvh, Rol.KETENPARTNER), other_zvh))
    assert (eerste.nummer, tweede.nummer) == (f"A-{jaar}-0001", f"A-{jaar}-0002")
    assert elders.nummer == f"A-{jaar}-0001"
    assert AanmeldingTeller.objects.get(zvh=zvh, jaar=jaar).laatste == 2
    row = AccessLog.objects.filter(event_type=events.AANMELDING_AANGEMAAKT).latest("id")
    assert row.detail == elders.nummer


def test_the_number_is_unique_per_house(zvh):
    AanmeldingFactory(zvh=zvh, nummer="A-2026-0007")
    with pytest.raises(IntegrityError), transaction.atomic():
        AanmeldingFactory(zvh=zvh, nummer="A-2026-0007")


def test_the_number_is_shown_on_every_page(zvh, aanmelder, regisseur, login):
    aanmelding = AanmeldingFactory(
        zvh=zvh, aangemeld_door=aanmelder, ingediend=True, nummer="A-2026-0042"
    )
    client = login(aanmelder)
    for url in (reverse("aanmelding:mijn"), reverse("aanmelding:detail", args=[aanmelding.pk])):
        assert "A-2026-0042" in client.get(url).content.decode(), url
    client = login(regisseur)
    for url in (
        reverse("aanmelding:werkvoorraad"),
        reverse("aanmelding:triage", args=[aanmelding.pk]),
    ):
        assert "A-2026-0042" in client.get(url).content.decode(), url


def test_submitted_is_never_before_created(zvh):
    nu = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        AanmeldingFactory(zvh=zvh, aangemaakt_op=nu, ingediend_op=nu - timedelta(days=1))
    AanmeldingFactory(zvh=zvh, aangemaakt_op=nu, ingediend_op=nu)


# Removing a person and deleting a draft --------------------------------------------------


@pytest.fixture
def concept(zvh, aanmelder):
    return AanmeldingFactory(
        zvh=zvh, aangemeld_door=aanmelder, personen=3, personen__gekoppeld=False
    )


def _persoon_url(aanmelding, link):
    return reverse("aanmelding:persoon_verwijderen", args=[aanmelding.pk, link.pk])


def test_a_referrer_removes_a_person_after_confirming(concept, aanmelder, login):
    links = list(concept.aanmeldingpersoon_set.order_by("volgorde"))
    AanmeldingPersoon.objects.filter(pk=links[2].pk).update(relatie="kind")
    client = login(aanmelder)
    detail = client.get(reverse("aanmelding:detail", args=[concept.pk])).content.decode()
    assert _persoon_url(concept, links[1]) in detail
    bevestig = client.get(_persoon_url(concept, links[1]))
    assert bevestig.status_code == 200
    assert "Ja, persoon verwijderen" in bevestig.content.decode()
    assert AanmeldingPersoon.objects.filter(aanmelding=concept).count() == 3
    before = AccessLog.objects.count()
    response = client.post(_persoon_url(concept, links[1]))
    assert response.status_code == 302
    rest = list(AanmeldingPersoon.objects.filter(aanmelding=concept).order_by("volgorde"))
    assert [(p.pk, p.volgorde, p.relatie) for p in rest] == [
        (links[0].pk, 0, ""),
        (links[2].pk, 1, "kind"),
    ]
    rows = list(AccessLog.objects.order_by("id")[before:])
    assert [(r.event_type, r.action) for r in rows] == [
        (events.AANMELDING_PERSOON_VERWIJDERD, "delete")
    ]
    assert rows[0].persoon_pseudoniem == links[1].audit_pseudoniem
    assert links[1].voornamen not in rows[0].detail


def test_removing_the_first_person_drops_the_relations_to_it(concept, aanmelder, as_actor):
    links = list(concept.aanmeldingpersoon_set.order_by("volgorde"))
    AanmeldingPersoon.objects.filter(pk=links[2].pk).update(relatie="kind")
    services.persoon_verwijderen(
        actor=as_actor(aanmelder, concept.zvh), aanmelding=concept, persoon_pk=links[0].pk
    )
    rest = list(AanmeldingPersoon.objects.filter(aanmelding=concept).order_by("volgorde"))
    assert [(p.pk, p.volgorde, p.relatie) for p in rest] == [
        (links[1].pk, 0, ""),
        (links[2].pk, 1, ""),
    ]


def test_a_referrer_deletes_its_draft_after_confirming(concept, aanmelder, login):
    client = login(aanmelder)
    url = reverse("aanmelding:verwijderen", args=[concept.pk])
    detail = client.get(reverse("aanmelding:detail", args=[concept.pk])).content.decode()
    assert url in detail
    assert "Ja, concept verwijderen" in client.get(url).content.decode()
    pseudoniemen = {p.audit_pseudoniem for p in concept.aanmeldingpersoon_set.all()}
    before = AccessLog.objects.count()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("aanmelding:mijn")
    assert not Aanmelding.objects.filter(pk=concept.pk).exists()
    assert not AanmeldingPersoon.objects.exists()
    rows = list(AccessLog.objects.order_by("id")[before:])
    assert [(r.event_type, r.action) for r in rows] == [(events.AANMELDING_VERWIJDERD, "delete")]
    assert rows[0].object_id == str(concept.pk)
    genoemd = set(rows[0].getoonde_personen)
    assert pseudoniemen <= genoemd


@pytest.mark.parametrize("wat", ["persoon", "concept"])
def test_another_organisation_gets_404_and_nothing_changes(concept, zvh, make_user, login, wat):
    link = concept.aanmeldingpersoon_set.first()
    url = (
        _persoon_url(concept, link)
        if wat == "persoon"
        else reverse("aanmelding:verwijderen", args=[concept.pk])
    )
    client = login(make_user(zvh, Rol.KETENPARTNER))
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert AanmeldingPersoon.objects.filter(aanmelding=concept).count() == 3
    assert AccessLog.objects.filter(event_type=events.TOEGANG_GEWEIGERD).count() == 2


@pytest.mark.parametrize("wat", ["persoon", "concept"])
def test_never_after_submission(zvh, aanmelder, regisseur, login, wat):
    aanmelding = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, ingediend=True, personen=2)
    link = aanmelding.aanmeldingpersoon_set.first()
    url = (
        _persoon_url(aanmelding, link)
        if wat == "persoon"
        else reverse("aanmelding:verwijderen", args=[aanmelding.pk])
    )
    detail = login(aanmelder).get(reverse("aanmelding:detail", args=[aanmelding.pk]))
    assert url not in detail.content.decode()
    for user in (aanmelder, regisseur):
        client = login(user)
        assert client.post(url).status_code == 403
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == Status.INGEDIEND
    assert AanmeldingPersoon.objects.filter(aanmelding=aanmelding).count() == 2


def test_a_person_of_another_referral_is_404(concept, zvh, aanmelder, login):
    ander = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, personen=1)
    link = ander.aanmeldingpersoon_set.get()
    response = login(aanmelder).post(_persoon_url(concept, link))
    assert response.status_code == 404
    assert AanmeldingPersoon.objects.filter(pk=link.pk).exists()


def test_the_triage_queue_finds_a_referral_by_its_number(zvh, regisseur, login):
    gezocht = AanmeldingFactory(zvh=zvh, ingediend=True, nummer="A-2026-0042")
    AanmeldingFactory(zvh=zvh, ingediend=True, nummer="A-2026-0043")
    client = login(regisseur)
    for term in ("A-2026-0042", "a-2026-0042", " 2026-0042 "):
        page = client.get(reverse("aanmelding:werkvoorraad"), {"nummer": term}).content.decode()
        links = set(re.findall(r'href="/triage/([0-9a-f-]{36})/"', page))
        assert links == {str(gezocht.pk)}, term
    row = AccessLog.objects.filter(event_type=events.TRIAGE_WERKVOORRAAD_BEKEKEN).latest("id")
    assert "gezocht op nummer" in row.detail
    page = client.get(reverse("aanmelding:werkvoorraad"), {"nummer": "A-1999-0001"})
    assert "Er wachten geen aanmeldingen op triage." in page.content.decode()
