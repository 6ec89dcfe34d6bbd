"""The casusoverleg pages: who sees what (the matrix of issue 11 point 5, both houses), one read
row per page naming its persons, the forms' refusals as 4xx with data unchanged, and a fixed
number of queries for the session agenda and the MDO page at 1 and 50 items."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit import events
from audit.models import AccessLog
from casus.models import Casusoverleg, Geheimhoudingsverklaring, OverlegStatus
from core.roles import Rol
from tests.casus.factories import (
    CasusFactory,
    CasusoverlegFactory,
    OverlegtafelFactory,
    PersoonFactory,
    SessieFactory,
    UitnodigingFactory,
)
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory

AGENDA_QUERIES = 14
MDO_QUERIES = 20


@pytest.fixture
def wereld(zvh, other_zvh, make_user):
    """One MDO in house A with an invited partner and an invited incidentele partner; a
    deelnemer of the casus not invited; users of every kind."""
    partner = OrganisatieFactory(naam="Politie")
    deelnemer = OrganisatieFactory(naam="GGZ")
    school = OrganisatieFactory(naam="Basisschool")
    PartnerschapFactory(zvh=zvh, organisatie=school, incidenteel=True)
    persoon = PersoonFactory(zvh=zvh)
    casus = CasusFactory(zvh=zvh, deelnemers=[partner, deelnemer])
    casus.personen.add(persoon)
    overleg = CasusoverlegFactory(sessie=SessieFactory(tafel__zvh=zvh), casus=casus)
    overleg.verslag = "Het verslag"
    overleg.save()
    UitnodigingFactory(casusoverleg=overleg, organisatie=partner)
    school_uitnodiging = UitnodigingFactory(
        casusoverleg=overleg, organisatie=school, incidenteel=True
    )
    return {
        "overleg": overleg,
        "persoon": persoon,
        "school_uitnodiging": school_uitnodiging,
        "regisseur": make_user(zvh, Rol.PROCESREGISSEUR),
        "coordinator": make_user(zvh, Rol.INFORMATIECOORDINATOR),
        "partner": make_user(zvh, Rol.KETENPARTNER, organisatie=partner),
        "deelnemer": make_user(zvh, Rol.KETENPARTNER, organisatie=deelnemer),
        "school": make_user(zvh, Rol.KETENPARTNER, organisatie=school),
        "manager": make_user(zvh, Rol.MANAGER),
        "officer": make_user(zvh, Rol.PRIVACY_OFFICER),
        "elders": make_user(other_zvh, Rol.PROCESREGISSEUR),
        "partner_elders": make_user(other_zvh, Rol.KETENPARTNER, organisatie=partner),
    }


def _getoond(row):
    """The pseudonyms of the persons an audit row names (the first, then the others)."""
    return [p for p in [row.persoon_pseudoniem, *row.personen.split()] if p]


def _verklaring(w):
    uitnodiging = w["school_uitnodiging"]
    Geheimhoudingsverklaring.objects.create(
        organisatie=uitnodiging.organisatie,
        casus=w["overleg"].casus,
        casusoverleg=w["overleg"],
        naam_ondertekenaar="A. Jansen",
        getekend_op=timezone.localdate(),
        vastgelegd_door=w["regisseur"],
    )


MATRIX = [
    # who, sees the MDO page (and its minutes), sees the agenda
    ("regisseur", True, True),
    ("coordinator", True, True),
    ("partner", True, True),
    ("deelnemer", False, False),
    ("school", False, False),
    ("manager", False, False),
    ("officer", False, False),
    ("elders", False, False),
    ("partner_elders", False, False),
]


@pytest.mark.parametrize(("wie", "ziet_mdo", "ziet_agenda"), MATRIX)
def test_visibility_matrix(client, login, wereld, wie, ziet_mdo, ziet_agenda):
    login(wereld[wie])
    overleg = wereld["overleg"]
    response = client.get(reverse("casus:overleg", args=[overleg.pk]))
    assert response.status_code == (200 if ziet_mdo else 404)
    if ziet_mdo:
        body = response.content.decode()
        assert "Het verslag" in body and wereld["persoon"].naam in body
    agenda = client.get(reverse("casus:overleg_sessie", args=[overleg.sessie_id]))
    assert agenda.status_code == (200 if ziet_agenda else 404)


def test_incidentele_partner_sees_its_mdo_only_after_the_declaration(client, login, wereld):
    login(wereld["school"])
    url = reverse("casus:overleg", args=[wereld["overleg"].pk])
    assert client.get(url).status_code == 404
    # Its calendar entry (no personal data) it may have before.
    ics = reverse("casus:overleg_ics", args=[wereld["school_uitnodiging"].pk])
    assert client.get(ics).status_code == 200
    _verklaring(wereld)
    response = client.get(url)
    assert response.status_code == 200
    assert "Het verslag" in response.content.decode()
    # Another MDO of the same casus stays closed to it.
    ander = CasusoverlegFactory(sessie=SessieFactory(tafel=wereld["overleg"].sessie.tafel))
    UitnodigingFactory(
        casusoverleg=ander, organisatie=wereld["school_uitnodiging"].organisatie, incidenteel=True
    )
    assert client.get(reverse("casus:overleg", args=[ander.pk])).status_code == 404


def test_a_partner_sees_only_its_own_agenda_items(client, login, wereld, zvh):
    sessie = wereld["overleg"].sessie
    ander = CasusoverlegFactory(sessie=sessie)
    ander_persoon = PersoonFactory(zvh=zvh)
    ander.casus.personen.add(ander_persoon)
    login(wereld["partner"])
    body = client.get(reverse("casus:overleg_sessie", args=[sessie.pk])).content.decode()
    assert wereld["overleg"].casus.nummer in body
    assert ander.casus.nummer not in body and ander_persoon.naam not in body
    row = AccessLog.objects.filter(event_type=events.OVERLEGSESSIE_AGENDA_BEKEKEN).get()
    assert _getoond(row) == [wereld["persoon"].audit_pseudoniem]


def test_partner_cannot_change_the_mdo(client, login, wereld):
    login(wereld["partner"])
    overleg = wereld["overleg"]
    response = client.post(
        reverse("casus:overleg_wijzigen", args=[overleg.pk, "status"]), {"status": "geopend"}
    )
    assert response.status_code == 403
    overleg.refresh_from_db()
    assert overleg.status == OverlegStatus.GEPLAND
    assert AccessLog.objects.filter(event_type=events.TOEGANG_GEWEIGERD).exists()


def test_management_pages_only_for_regisseur_and_beheerder(client, login, wereld, zvh, make_user):
    tafel = OverlegtafelFactory(zvh=zvh)
    for wie, status in (("regisseur", 200), ("partner", 403), ("manager", 403)):
        login(wereld[wie])
        assert client.get(reverse("casus:overleg_tafels")).status_code == status, wie
    login(make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER))
    assert client.get(reverse("casus:overleg_tafel", args=[tafel.pk])).status_code == 200
    login(wereld["elders"])
    assert client.get(reverse("casus:overleg_tafel", args=[tafel.pk])).status_code == 404


def test_gate_through_the_page(client, login, wereld):
    login(wereld["regisseur"])
    overleg = wereld["overleg"]
    url = reverse("casus:overleg_wijzigen", args=[overleg.pk, "status"])
    response = client.post(url, {"status": "geopend"}, follow=True)
    assert "geheimhoudingsverklaring ontbreekt voor Basisschool" in response.content.decode()
    overleg.refresh_from_db()
    assert overleg.status == OverlegStatus.GEPLAND
    response = client.post(
        reverse("casus:overleg_wijzigen", args=[overleg.pk, "verklaring"]),
        {
            "uitnodiging": wereld["school_uitnodiging"].pk,
            "naam_ondertekenaar": "A. Jansen",
            "getekend_op": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    client.post(url, {"status": "geopend"})
    overleg.refresh_from_db()
    assert overleg.status == OverlegStatus.GEOPEND


def test_second_writer_of_the_minutes_sees_the_conflict(client, login, wereld):
    login(wereld["regisseur"])
    overleg = wereld["overleg"]
    Casusoverleg.objects.filter(pk=overleg.pk).update(status=OverlegStatus.GEOPEND)
    url = reverse("casus:overleg_wijzigen", args=[overleg.pk, "verslag"])
    versie = overleg.versie
    assert client.post(url, {"verslag": "Eerste", "versie": versie}).status_code == 302
    response = client.post(url, {"verslag": "Tweede", "versie": versie})
    assert response.status_code == 409
    body = response.content.decode()
    assert "intussen door iemand anders gewijzigd" in body
    assert "Tweede" in body and "Eerste" in body
    overleg.refresh_from_db()
    assert overleg.verslag == "Eerste"


def test_plan_page_shows_next_free_slots_when_full(client, login, wereld, zvh):
    login(wereld["regisseur"])
    tafel = OverlegtafelFactory(zvh=zvh)
    vol = SessieFactory(tafel=tafel, capaciteit=1)
    CasusoverlegFactory(sessie=vol)
    later = SessieFactory(tafel=tafel, datum=vol.datum + datetime.timedelta(7))
    casus = CasusFactory(zvh=zvh)
    url = reverse("casus:overleg_plannen", args=[casus.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"sessie": vol.pk, "type": "start"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Deze sessie is vol" in body and later.datum.strftime("%Y") in body
    assert not casus.overleggen.exists()
    response = client.post(
        url, {"sessie": vol.pk, "type": "spoed", "boven_capaciteit": "on", "reden": "Acuut"}
    )
    assert response.status_code == 302
    assert casus.overleggen.get().boven_capaciteit


def test_too_long_input_is_a_400(client, login, wereld):
    login(wereld["regisseur"])
    overleg = wereld["overleg"]
    response = client.post(
        reverse("casus:overleg_wijzigen", args=[overleg.pk, "uitnodigen"]),
        {"organisatie": OrganisatieFactory().pk, "genodigden": "x" * 1001},
    )
    assert response.status_code == 400
    assert overleg.uitnodigingen.count() == 2


def test_mdo_page_writes_one_read_row_with_its_persons(client, login, wereld):
    login(wereld["regisseur"])
    client.get(reverse("casus:overleg", args=[wereld["overleg"].pk]))
    row = AccessLog.objects.get(event_type=events.CASUSOVERLEG_BEKEKEN)
    assert _getoond(row) == [wereld["persoon"].audit_pseudoniem]
    assert row.casus_id == str(wereld["overleg"].casus_id)


def _agenda_met(zvh, n):
    sessie = SessieFactory(tafel=OverlegtafelFactory(zvh=zvh), capaciteit=50)
    for _ in range(n):
        overleg = CasusoverlegFactory(sessie=sessie)
        overleg.casus.personen.add(PersoonFactory(zvh=zvh))
        UitnodigingFactory(casusoverleg=overleg)
    return sessie


@pytest.mark.parametrize("n", [1, 50])
def test_agenda_query_budget(client, login, zvh, make_user, django_assert_max_num_queries, n):
    sessie = _agenda_met(zvh, n)
    login(make_user(zvh, Rol.PROCESREGISSEUR))
    with django_assert_max_num_queries(AGENDA_QUERIES):
        response = client.get(reverse("casus:overleg_sessie", args=[sessie.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("/overleggen/") == n


@pytest.mark.parametrize("n", [1, 50])
def test_mdo_page_query_budget(client, login, zvh, make_user, django_assert_max_num_queries, n):
    overleg = CasusoverlegFactory(
        sessie=SessieFactory(tafel__zvh=zvh), status=OverlegStatus.GEOPEND
    )
    for _ in range(n):
        overleg.casus.personen.add(PersoonFactory(zvh=zvh))
        organisatie = OrganisatieFactory()
        UitnodigingFactory(casusoverleg=overleg, organisatie=organisatie, incidenteel=True)
        overleg.besluiten.create(tekst="Besluit", eigenaar=organisatie)
    login(make_user(zvh, Rol.PROCESREGISSEUR))
    with django_assert_max_num_queries(MDO_QUERIES):
        response = client.get(reverse("casus:overleg", args=[overleg.pk]))
    assert response.status_code == 200


def test_the_mdo_page_shows_the_latest_ready_pitch_and_no_concept(client, login, zvh, make_user):
    """Issue 11, point 3: the pitch is shown in the MDO; a concept after it is not."""
    from tests.casus.factories import CasusoverlegFactory, PitchFactory, SessieFactory

    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    overleg = CasusoverlegFactory(sessie=SessieFactory(tafel__zvh=zvh))
    PitchFactory(casus=overleg.casus, versie=1, gereed=True, aanleiding="Aanleiding gereed")
    PitchFactory(casus=overleg.casus, versie=2, aanleiding="Aanleiding concept")
    login(regisseur)
    page = client.get(reverse("casus:overleg", args=[overleg.pk])).content.decode()
    assert "Aanleiding gereed" in page and "Aanleiding concept" not in page


def test_the_casus_page_title_carries_no_pitch_text(client, login, zvh, make_user):
    """The browser title (history, tabs) shows the casus number only, never pitch content."""
    import re

    from tests.casus.factories import CasusFactory, PitchFactory

    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    casus = CasusFactory(zvh=zvh)
    PitchFactory(casus=casus, versie=1, gereed=True, aanleiding="Geheime aanleiding")
    login(regisseur)
    page = client.get(reverse("casus:casus", args=[casus.pk])).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, flags=re.S).group(1)
    assert casus.nummer in title and "Geheime aanleiding" not in title
    assert "Geheime aanleiding" in page
