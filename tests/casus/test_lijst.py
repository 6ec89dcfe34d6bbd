"""Issue 11, point 0: the casus list (filters, exact searches, pages, audit, query budget),
who sees which casus (object and list form), and deelnemers added and removed on the page."""

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from guardian.shortcuts import get_perms

from audit import events
from audit.models import AccessLog
from casus import services
from casus.models import CasusStatus, Deelnemer, DeelnemerRol
from core import policy
from core.errors import ServiceError
from core.policy import Geweigerd
from partners.models import Rol
from tests.aanmelding.factories import AanmeldingFactory
from tests.casus.factories import CasusFactory, PersoonFactory, ThemaFactory
from tests.conftest import actor_for
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory


@pytest.fixture
def huis(zvh, other_zvh, make_user):
    """A house with two casussen: one the GGZ takes part in, one without partners; an
    incidental organisation on a third; a casus of another house. Users of every role."""
    ggz, politie, incidenteel = OrganisatieFactory(), OrganisatieFactory(), OrganisatieFactory()
    PartnerschapFactory(zvh=zvh, organisatie=politie)
    PartnerschapFactory(zvh=zvh, organisatie=incidenteel, incidenteel=True)
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    jan = PersoonFactory(zvh=zvh, achternaam="de Vries", bsn="111222333")
    piet = PersoonFactory(zvh=zvh, achternaam="Jansen")
    met_ggz = CasusFactory(zvh=zvh, procesregisseur=regisseur, deelnemers=[ggz])
    met_ggz.personen.set([jan])
    zonder = CasusFactory(zvh=zvh, ave_niveau=1)
    zonder.personen.set([piet])
    met_incidenteel = CasusFactory(zvh=zvh, afgesloten=True)
    services.deelname_vastleggen(
        casus=met_incidenteel, organisatie=incidenteel, rol=DeelnemerRol.PARTNER
    )
    elders = CasusFactory(zvh=other_zvh, deelnemers=[ggz])
    gebruikers = {
        "regisseur": regisseur,
        "info": make_user(zvh, Rol.INFORMATIECOORDINATOR),
        "ggz": make_user(zvh, Rol.KETENPARTNER, organisatie=ggz),
        "politie": make_user(zvh, Rol.KETENPARTNER, organisatie=politie),
        "incidenteel": make_user(zvh, Rol.KETENPARTNER, organisatie=incidenteel),
        "manager": make_user(zvh, Rol.MANAGER),
        "officer": make_user(zvh, Rol.PRIVACY_OFFICER),
        "ander_huis": make_user(other_zvh, Rol.PROCESREGISSEUR),
    }
    return {
        "zvh": zvh,
        "casussen": {"ggz": met_ggz, "zonder": zonder, "incidenteel": met_incidenteel},
        "elders": elders,
        "jan": jan,
        "piet": piet,
        "ggz": ggz,
        "politie": politie,
        "incidenteel": incidenteel,
        "users": gebruikers,
    }


VERWACHT = {
    "regisseur": {"ggz", "zonder", "incidenteel"},
    "info": {"ggz", "zonder", "incidenteel"},
    "ggz": {"ggz"},
    "politie": set(),
    # An incidental partner sees no casus (only the MDO it is invited to, elsewhere).
    "incidenteel": set(),
    "manager": set(),
    "officer": set(),
    "ander_huis": set(),
}


@pytest.mark.parametrize("wie", sorted(VERWACHT))
def test_who_sees_which_casus_in_object_and_list_form(huis, other_zvh, wie):
    user = huis["users"][wie]
    actor = actor_for(user, other_zvh if wie == "ander_huis" else huis["zvh"])
    from casus.models import Casus

    listed = set(policy.visible(actor, "casus.bekijken", Casus.objects.all()))
    for naam, casus in huis["casussen"].items():
        assert policy.may(actor, "casus.bekijken", casus) == (naam in VERWACHT[wie]), naam
        assert (casus in listed) == (naam in VERWACHT[wie]), naam
    assert (huis["elders"] in listed) == (wie == "ander_huis")


@pytest.mark.parametrize(
    ("wie", "url", "status"),
    [
        ("regisseur", "casus:lijst", 200),
        ("info", "casus:lijst", 200),
        ("ggz", "casus:lijst", 403),
        ("manager", "casus:lijst", 403),
        ("officer", "casus:lijst", 403),
        ("ggz", "casus:mijn", 200),
        ("regisseur", "casus:mijn", 403),
        ("manager", "casus:mijn", 403),
    ],
)
def test_list_pages_by_role(client, login, huis, wie, url, status):
    login(huis["users"][wie])
    assert client.get(reverse(url)).status_code == status


def _nummers(response):
    return {c.nummer for c in response.context["page"]}


def test_house_staff_list_filters_and_searches(client, login, huis):
    login(huis["users"]["info"])
    c = huis["casussen"]
    url = reverse("casus:lijst")
    assert _nummers(client.get(url)) == {x.nummer for x in c.values()}
    assert _nummers(client.get(url, {"status": "afgesloten"})) == {c["incidenteel"].nummer}
    assert _nummers(client.get(url, {"ave_niveau": "1"})) == {c["zonder"].nummer}
    regisseur = huis["users"]["regisseur"]
    assert _nummers(client.get(url, {"procesregisseur": regisseur.pk})) == {c["ggz"].nummer}
    thema = ThemaFactory(zvh=huis["zvh"])
    c["zonder"].themas.add(thema)
    assert _nummers(client.get(url, {"thema": thema.pk})) == {c["zonder"].nummer}
    AanmeldingFactory(zvh=huis["zvh"], spoed=True, casus=c["ggz"])
    assert _nummers(client.get(url, {"spoed": "ja"})) == {c["ggz"].nummer}
    assert _nummers(client.get(url, {"spoed": "nee"})) == {
        c["zonder"].nummer,
        c["incidenteel"].nummer,
    }
    # Searches: number, BSN (any notation), exact surname (case and accents do not count).
    assert _nummers(client.get(url, {"zoek": c["zonder"].nummer})) == {c["zonder"].nummer}
    assert _nummers(client.get(url, {"zoek": "1112.22.333"})) == {c["ggz"].nummer}
    assert _nummers(client.get(url, {"zoek": "DE VRIES"})) == {c["ggz"].nummer}
    assert _nummers(client.get(url, {"zoek": "Vries"})) == set()  # exact, never partial
    assert _nummers(client.get(url, {"zoek": "Jansen", "status": "open"})) == {c["zonder"].nummer}
    page = client.get(url, {"zoek": "de vries"}).content.decode()
    assert "exacte naam" in page
    # Another house's casus is never found, also not by its number.
    assert (
        _nummers(client.get(url, {"zoek": huis["elders"].nummer}))
        - {
            c["ggz"].nummer,
            c["zonder"].nummer,
            c["incidenteel"].nummer,
        }
        == set()
    )


def test_an_invalid_bsn_is_a_clear_400(client, login, huis):
    login(huis["users"]["regisseur"])
    response = client.get(reverse("casus:lijst"), {"zoek": "123456789"})
    assert response.status_code == 400
    assert "elfproef" in response.content.decode()


def test_partner_lists_only_its_own_casussen(client, login, huis):
    login(huis["users"]["ggz"])
    response = client.get(reverse("casus:mijn"))
    assert _nummers(response) == {huis["casussen"]["ggz"].nummer}
    login(huis["users"]["politie"])
    assert _nummers(client.get(reverse("casus:mijn"))) == set()


def test_the_list_records_the_persons_it_shows_and_searches_by_kind_only(client, login, huis):
    login(huis["users"]["regisseur"])
    client.get(reverse("casus:lijst"))
    row = AccessLog.objects.filter(event_type=events.CASUSSEN_BEKEKEN).get()
    assert set(row.getoonde_personen) == {
        huis["jan"].audit_pseudoniem,
        huis["piet"].audit_pseudoniem,
    }
    client.get(reverse("casus:lijst"), {"zoek": "111222333"})
    row = AccessLog.objects.filter(event_type=events.CASUSSEN_GEZOCHT).get()
    assert row.getoonde_personen == [huis["jan"].audit_pseudoniem]
    assert "gezocht op bsn" in row.detail and "111222333" not in row.detail


@pytest.mark.parametrize("rijen", [1, 50])
def test_the_list_has_a_fixed_number_of_queries(
    client, login, zvh, make_user, django_assert_max_num_queries, rijen
):
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    thema = ThemaFactory(zvh=zvh)
    for _i in range(rijen):
        casus = CasusFactory(zvh=zvh, procesregisseur=regisseur)
        casus.personen.set([PersoonFactory(zvh=zvh)])
        casus.themas.set([thema])
    login(regisseur)
    with django_assert_max_num_queries(16):  # 15, and the notification bell's count
        response = client.get(reverse("casus:lijst"), {"status": "open"})
    assert len(response.context["page"]) == rijen


def test_pages_follow_each_other_with_the_filters_kept(client, login, zvh, make_user):
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    for _i in range(52):
        CasusFactory(zvh=zvh)
    login(regisseur)
    first = client.get(reverse("casus:lijst"), {"status": "open"})
    page = first.context["page"]
    assert len(page) == 50 and page.has_next
    assert "status=open&amp;na=" in first.content.decode()
    second = client.get(reverse("casus:lijst"), {"status": "open", "na": page.next_cursor})
    assert len(second.context["page"]) == 2
    assert not {c.pk for c in page} & {c.pk for c in second.context["page"]}


# Deelnemers -------------------------------------------------------------------------------


def test_regisseur_adds_an_incidental_partner_and_removes_it(client, login, huis):
    casus = huis["casussen"]["zonder"]
    vreemd = OrganisatieFactory()  # no partnership with the house at all
    login(huis["users"]["regisseur"])
    response = client.post(
        reverse("casus:deelnemer_toevoegen", args=[casus.pk]),
        {"organisatie": vreemd.pk, "rol": "partner"},
    )
    assert response.status_code == 302
    deelnemer = Deelnemer.objects.get(casus=casus, organisatie=vreemd)
    assert "view_casus" in get_perms(vreemd.groep, casus)
    row = AccessLog.objects.filter(event_type=events.DEELNEMER_TOEGEVOEGD).last()
    assert "incidentele partner" in row.detail
    page = client.get(reverse("casus:casus", args=[casus.pk])).content.decode()
    assert "incidentele partner" in page and vreemd.naam in page
    response = client.post(reverse("casus:deelnemer_verwijderen", args=[casus.pk, deelnemer.pk]))
    assert response.status_code == 302
    assert not Deelnemer.objects.filter(casus=casus).exists()
    assert "view_casus" not in get_perms(vreemd.groep, casus)
    assert AccessLog.objects.filter(event_type=events.DEELNEMER_VERWIJDERD).count() == 1


def test_a_full_partner_is_not_marked_incidental(client, login, huis):
    casus = huis["casussen"]["zonder"]
    login(huis["users"]["regisseur"])
    client.post(
        reverse("casus:deelnemer_toevoegen", args=[casus.pk]),
        {"organisatie": huis["politie"].pk, "rol": "partner"},
    )
    assert casus.deelnemers.count() == 1
    row = AccessLog.objects.filter(event_type=events.DEELNEMER_TOEGEVOEGD).last()
    assert "incidentele" not in row.detail
    from casus.selectors import casus_voor

    actor = actor_for(huis["users"]["regisseur"], huis["zvh"])
    assert [d.incidenteel for d in casus_voor(actor, casus.pk).deelnemers.all()] == [False]
    # The politie now sees the casus in its own list.
    login(huis["users"]["politie"])
    assert _nummers(client.get(reverse("casus:mijn"))) == {casus.nummer}


def test_adding_without_an_organisation_is_a_clear_400(client, login, huis):
    casus = huis["casussen"]["zonder"]
    login(huis["users"]["regisseur"])
    response = client.post(
        reverse("casus:deelnemer_toevoegen", args=[casus.pk]), {"rol": "partner"}
    )
    assert response.status_code == 400
    assert "Kies de organisatie" in response.content.decode()
    assert not casus.deelnemers.exists()


@pytest.mark.parametrize(("wie", "status"), [("info", 403), ("ggz", 403), ("manager", 404)])
def test_only_the_procesregisseur_changes_deelnemers(client, login, huis, wie, status):
    casus = huis["casussen"]["ggz"]
    login(huis["users"][wie])
    response = client.post(
        reverse("casus:deelnemer_toevoegen", args=[casus.pk]),
        {"organisatie": huis["politie"].pk, "rol": "partner"},
    )
    assert response.status_code == status
    deelnemer = casus.deelnemers.get()
    response = client.post(reverse("casus:deelnemer_verwijderen", args=[casus.pk, deelnemer.pk]))
    assert response.status_code == status
    assert casus.deelnemers.count() == 1
    assert AccessLog.objects.filter(event_type=events.TOEGANG_GEWEIGERD).exists()


def test_a_closed_casus_refuses_deelnemer_changes(huis):
    actor = actor_for(huis["users"]["regisseur"], huis["zvh"])
    casus = huis["casussen"]["incidenteel"]
    assert casus.status == CasusStatus.AFGESLOTEN
    with pytest.raises(ServiceError, match="afgesloten"):
        services.deelnemer_toevoegen(
            actor=actor, casus=casus, organisatie=huis["politie"], rol=DeelnemerRol.PARTNER
        )
    with pytest.raises(ServiceError, match="afgesloten"):
        services.deelnemer_verwijderen(actor=actor, deelnemer=casus.deelnemers.get())
    assert casus.deelnemers.count() == 1


def test_another_house_cannot_change_deelnemers(huis, other_zvh):
    actor = actor_for(huis["users"]["ander_huis"], other_zvh)
    with pytest.raises(Geweigerd):
        services.deelnemer_toevoegen(
            actor=actor,
            casus=huis["casussen"]["zonder"],
            organisatie=huis["politie"],
            rol=DeelnemerRol.PARTNER,
        )


def test_a_row_prints_what_the_casus_holds(client, login, huis):
    """The rows are prepared in Python (casus/rijen.py): each cell is what the template's own
    lookups and filters printed, the date in Dutch on its local day."""
    casus = huis["casussen"]["ggz"]
    casus.themas.set([ThemaFactory(zvh=huis["zvh"], naam="Wonen")])
    AanmeldingFactory(zvh=huis["zvh"], spoed=True, casus=casus)
    login(huis["users"]["info"])
    body = client.get(reverse("casus:lijst")).content.decode()
    regisseur = casus.procesregisseur
    cellen = [
        f'<td><a href="{reverse("casus:casus", args=[casus.pk])}">{casus.nummer}</a></td>',
        f"<td>{escape(huis['jan'].naam)}</td>",
        "<td><strong>spoed</strong></td>",
        f"<td>{casus.get_status_display()}</td>",
        "<td>Wonen</td>",
        f"<td>{casus.ave_niveau}</td>",
        f"<td>{escape(regisseur.get_full_name() or regisseur.username)}</td>",
        f"<td>{date_filter(timezone.localtime(casus.geopend_op), 'j F Y')}</td>",
    ]
    rij = body[body.index(cellen[0]) :]
    rij = rij[: rij.index("</tr>")]
    assert [c for c in cellen if c not in rij] == []
    assert '<tr class="spoed">' in body
