"""Issue 11: at acceptance the triage offers the organisations the referral names; the checked
ones take part in the casus from the start (incidental where they have no privacy protocol)."""

from django.urls import reverse
from guardian.shortcuts import get_perms

from aanmelding.models import Status, TriageInstelling
from audit import events
from audit.models import AccessLog
from casus.models import Casus, Deelnemer, DeelnemerRol
from tests.aanmelding.factories import AanmeldingFactory
from tests.aanmelding.test_views import _triage_data
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory


def _genoemd(zvh):
    politie, buurtzorg = (
        OrganisatieFactory(naam="Politie X"),
        OrganisatieFactory(naam="Buurtzorg X"),
    )
    PartnerschapFactory(zvh=zvh, organisatie=politie)
    PartnerschapFactory(zvh=zvh, organisatie=buurtzorg, incidenteel=True)
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    aanmelding.betrokken_organisaties.set([politie, buurtzorg, aanmelding.organisatie])
    return aanmelding, politie, buurtzorg


def test_the_triage_offers_the_named_organisations_prechecked(zvh, regisseur, login):
    aanmelding, politie, buurtzorg = _genoemd(zvh)
    client = login(regisseur)
    response = client.get(reverse("aanmelding:triage", args=[aanmelding.pk]))
    form = response.context["form"]
    assert set(form.fields["deelnemers"].queryset) == {politie, buurtzorg}
    assert set(form.fields["deelnemers"].initial) == {politie.pk, buurtzorg.pk}
    page = response.content.decode()
    assert "Buurtzorg X (incidentele partner)" in page and "Deelnemers aan de casus" in page


def test_accepting_adds_the_checked_organisations_as_deelnemers(
    zvh, regisseur, regisseur2, thema, login
):
    aanmelding, politie, buurtzorg = _genoemd(zvh)
    client = login(regisseur)
    data = _triage_data(regisseur, regisseur2, thema, deelnemers=[buurtzorg.pk])
    response = client.post(reverse("aanmelding:triage", args=[aanmelding.pk]), data)
    assert response.status_code == 302
    casus = Casus.objects.get()
    rollen = dict(casus.deelnemers.values_list("organisatie_id", "rol"))
    assert rollen == {aanmelding.organisatie_id: DeelnemerRol.AANMELDER, buurtzorg.pk: "partner"}
    assert "view_casus" in get_perms(buurtzorg.groep, casus)
    assert "view_casus" not in get_perms(politie.groep, casus)
    rows = AccessLog.objects.filter(casus_id=str(casus.pk), event_type=events.DEELNEMER_TOEGEVOEGD)
    assert rows.count() == 2 and any("incidentele partner" in r.detail for r in rows)


def test_an_organisation_the_referral_does_not_name_is_refused(
    zvh, regisseur, regisseur2, thema, login
):
    aanmelding, _politie, _buurtzorg = _genoemd(zvh)
    client = login(regisseur)
    data = _triage_data(regisseur, regisseur2, thema, deelnemers=[OrganisatieFactory().pk])
    response = client.post(reverse("aanmelding:triage", args=[aanmelding.pk]), data)
    assert response.status_code == 400
    assert not Casus.objects.exists() and not Deelnemer.objects.exists()


def test_with_four_eyes_the_deelnemers_join_at_confirmation(
    zvh, regisseur, regisseur2, thema, login
):
    TriageInstelling.objects.create(zvh=zvh, vier_ogen=True)
    aanmelding, politie, buurtzorg = _genoemd(zvh)
    client = login(regisseur)
    data = _triage_data(regisseur, regisseur2, thema, deelnemers=[politie.pk, buurtzorg.pk])
    client.post(reverse("aanmelding:triage", args=[aanmelding.pk]), data)
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.TER_BEVESTIGING and not Casus.objects.exists()
    client = login(regisseur2)
    client.post(reverse("aanmelding:bevestigen", args=[aanmelding.pk]))
    casus = Casus.objects.get()
    assert set(casus.deelnemers.values_list("organisatie_id", flat=True)) == {
        aanmelding.organisatie_id,
        politie.pk,
        buurtzorg.pk,
    }
