"""Issue 12, point 3: the procesregisseur's monitoring worklists. What each list holds and
leaves out (closed casussen, other houses), its order, its keyset pages, a fixed number of
queries at 1 and 50 rows, the counts on the home page and the overview, who may open them
(both houses), their audit rows, and the house's stalling setting."""

import datetime
import time
from urllib.parse import quote

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit import events
from audit.models import AccessLog, Outcome
from casus import selectors_monitoring as selectors
from casus.models import ActieStatus, Casus, OverlegStatus
from core import pagination
from core.roles import Rol
from partners.middleware import LAST_SEEN, LOGIN_TIME, ZVH_KEY
from partners.models import RolToewijzing
from tests.casus.factories import (
    ActieFactory,
    CasusFactory,
    CasusoverlegFactory,
    PersoonFactory,
    SessieFactory,
    ThemaFactory,
)
from tests.conftest import actor_for
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory

LIJSTEN = ["mijn", "mdo", "achterstand", "stilstand", "spoed", "zonder_mdo"]
URLS = {naam: f"casus:monitoring_{naam}" for naam in LIJSTEN}
# Session, user, second factor, roles, the page, its prefetches, the count, the audit row.
LIJST_QUERIES = 14


def _geleden(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


def _casussen(response):
    """The casussen a worklist page shows, by id (numbers repeat between houses)."""
    rows = response.context["page"]
    return [getattr(r, "casus", r).pk for r in rows]


@pytest.fixture
def huis(zvh, other_zvh, make_user):
    """House A with casussen for every list (and closed ones that belong on none), house B
    with the same kinds of casus for "me" that must never show in A."""
    ggz, politie, school = OrganisatieFactory(), OrganisatieFactory(), OrganisatieFactory()
    PartnerschapFactory(zvh=zvh, organisatie=politie)
    PartnerschapFactory(zvh=zvh, organisatie=school, incidenteel=True)
    ik = make_user(zvh, Rol.PROCESREGISSEUR)
    collega = make_user(zvh, Rol.PROCESREGISSEUR)
    c = {}
    c["eigen"] = CasusFactory(zvh=zvh, procesregisseur=ik, deelnemers=[ggz])
    c["backup"] = CasusFactory(zvh=zvh, procesregisseur=collega, backup_procesregisseur=ik)
    c["collega"] = CasusFactory(zvh=zvh, procesregisseur=collega, deelnemers=[ggz])
    c["spoed"] = CasusFactory(zvh=zvh, procesregisseur=collega, spoed=True)
    c["stil"] = CasusFactory(
        zvh=zvh, procesregisseur=collega, laatste_activiteit_op=_geleden(weeks=7)
    )
    c["stiller"] = CasusFactory(
        zvh=zvh, procesregisseur=collega, laatste_activiteit_op=_geleden(weeks=30)
    )
    # Closed, yet with everything that would put an open casus on every list.
    c["dicht"] = CasusFactory(
        zvh=zvh,
        procesregisseur=ik,
        afgesloten=True,
        spoed=True,
        laatste_activiteit_op=_geleden(weeks=40),
        deelnemers=[ggz],
    )
    sessie = SessieFactory(tafel__zvh=zvh)
    mdo = CasusoverlegFactory(sessie=sessie, casus=c["eigen"])
    CasusoverlegFactory(sessie=sessie, casus=c["dicht"])
    # A held MDO in the past does not count as a next one.
    verleden = SessieFactory(tafel=sessie.tafel, datum=timezone.localdate() - datetime.timedelta(7))
    CasusoverlegFactory(sessie=verleden, casus=c["collega"], gehouden=True)
    # Actions: two overdue on "collega" (the oldest 10 days), one on "eigen"; not overdue,
    # done or on a closed casus: none of them counts.
    vandaag = timezone.localdate()
    for casus, dagen, status in (
        (c["collega"], 3, ActieStatus.OPEN),
        (c["collega"], 10, ActieStatus.IN_UITVOERING),
        (c["collega"], 20, ActieStatus.GEREED),
        (c["eigen"], 2, ActieStatus.OPEN),
        (c["eigen"], -5, ActieStatus.OPEN),
        (c["dicht"], 30, ActieStatus.OPEN),
    ):
        ActieFactory(
            doel__plan__casus=casus,
            organisatie=ggz,
            deadline=vandaag - datetime.timedelta(days=dagen),
            status=status,
        )
    # House B: "my" casus there (spoed, stalled, overdue, an MDO): none of it shows in A.
    elders = CasusFactory(
        zvh=other_zvh,
        procesregisseur=ik,
        spoed=True,
        laatste_activiteit_op=_geleden(weeks=40),
        deelnemers=[politie],
    )
    ActieFactory(doel__plan__casus=elders, organisatie=politie, verlopen=True)
    CasusoverlegFactory(sessie=SessieFactory(tafel__zvh=other_zvh), casus=elders)
    # An attacker: procesregisseur in B, with an account of the same organisation in A.
    aanvaller = make_user(other_zvh, Rol.PROCESREGISSEUR, organisatie=politie)
    RolToewijzing.objects.create(medewerker=aanvaller, zvh=zvh, rol=Rol.KETENPARTNER)
    users = {
        "ik": ik,
        "info": make_user(zvh, Rol.INFORMATIECOORDINATOR),
        "deelnemer": make_user(zvh, Rol.KETENPARTNER, organisatie=ggz),
        "partner": make_user(zvh, Rol.KETENPARTNER, organisatie=politie),
        "incidenteel": make_user(zvh, Rol.KETENPARTNER, organisatie=school),
        "manager": make_user(zvh, Rol.MANAGER),
        "officer": make_user(zvh, Rol.PRIVACY_OFFICER),
        "beheerder": make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER),
        # ZSM at a deelnemer organisation: dat-informatie only, no worklists.
        "zsm": make_user(zvh, Rol.ZSM, organisatie=ggz),
        "elders": make_user(other_zvh, Rol.PROCESREGISSEUR),
        "aanvaller": aanvaller,
    }
    return {"zvh": zvh, "b": other_zvh, "c": c, "mdo": mdo, "elders": elders, "users": users}


VERWACHT = {
    "mijn": ["backup", "eigen"],
    "mdo": ["eigen"],
    "achterstand": ["collega", "eigen"],
    "stilstand": ["stiller", "stil"],
    "spoed": ["spoed"],
    "zonder_mdo": ["stiller", "stil", "spoed", "collega", "backup"],
}


@pytest.mark.parametrize("naam", LIJSTEN)
def test_each_list_holds_what_it_should_in_its_order(client, login, huis, naam):
    login(huis["users"]["ik"])
    response = client.get(reverse(URLS[naam]))
    assert response.status_code == 200
    assert _casussen(response) == [huis["c"][k].pk for k in VERWACHT[naam]]
    body = response.content.decode()
    assert str(huis["c"]["dicht"].pk) not in body
    assert str(huis["elders"].pk) not in body


def test_overdue_per_casus_counts_and_oldest_date(client, login, huis):
    login(huis["users"]["ik"])
    rows = {r.casus_id: r for r in client.get(reverse(URLS["achterstand"])).context["page"]}
    collega = rows[huis["c"]["collega"].pk]
    assert collega.achterstallig == 2
    assert collega.deadline == timezone.localdate() - datetime.timedelta(days=10)
    assert rows[huis["c"]["eigen"].pk].achterstallig == 1


def test_a_casus_with_overdue_actions_on_one_date_is_one_row(client, login, huis):
    """The row of a casus is its oldest overdue action; two on the same oldest date (and a
    third later) still make one row, with all three counted."""
    casus, ggz = huis["c"]["backup"], OrganisatieFactory()
    oudste = timezone.localdate() - datetime.timedelta(days=40)
    for deadline in (oudste, oudste, oudste + datetime.timedelta(days=1)):
        ActieFactory(doel__plan__casus=casus, organisatie=ggz, deadline=deadline)
    login(huis["users"]["ik"])
    page = client.get(reverse(URLS["achterstand"])).context["page"]
    assert [r.casus_id for r in page] == [casus.pk, huis["c"]["collega"].pk, huis["c"]["eigen"].pk]
    assert (page.items[0].deadline, page.items[0].achterstallig) == (oudste, 3)


def test_upcoming_mdos_mine_or_all(client, login, huis, make_user):
    ander = CasusoverlegFactory(sessie=huis["mdo"].sessie, casus=huis["c"]["collega"])
    login(huis["users"]["ik"])
    url = reverse(URLS["mdo"])
    eigen, collega = huis["c"]["eigen"].pk, huis["c"]["collega"].pk
    assert _casussen(client.get(url)) == [eigen, collega]
    assert _casussen(client.get(url, {"wie": "alle"})) == [eigen, collega]
    assert _casussen(client.get(url, {"wie": "mijn"})) == [eigen]
    response = client.get(url, {"wie": "iedereen"})
    assert response.status_code == 400
    assert "Kies ‘alle’ of ‘mijn’." in response.content.decode()
    # An MDO already opened is no longer "upcoming".
    ander.status = OverlegStatus.GEOPEND
    ander.save()
    assert _casussen(client.get(url)) == [eigen]


def test_a_casus_with_a_next_mdo_leaves_the_list_without_one(client, login, huis):
    login(huis["users"]["ik"])
    url = reverse(URLS["zonder_mdo"])
    assert huis["c"]["spoed"].pk in _casussen(client.get(url))
    CasusoverlegFactory(sessie=huis["mdo"].sessie, casus=huis["c"]["spoed"])
    assert huis["c"]["spoed"].pk not in _casussen(client.get(url))


def test_stalling_follows_the_house_setting(client, login, huis):
    login(huis["users"]["ik"])
    url = reverse(URLS["stilstand"])
    assert "na 6 weken zonder activiteit" in client.get(url).content.decode()
    huis["zvh"].stilstand_weken = 10
    huis["zvh"].save()
    assert _casussen(client.get(url)) == [huis["c"]["stiller"].pk]
    huis["zvh"].stilstand_weken = 1
    huis["zvh"].save()
    Casus.objects.filter(pk=huis["c"]["spoed"].pk).update(laatste_activiteit_op=_geleden(days=8))
    assert huis["c"]["spoed"].pk in _casussen(client.get(url))


def test_the_overdue_list_links_to_the_plan_or_the_casus(client, login, huis):
    from casus.views_monitoring import _plan_url_name

    login(huis["users"]["ik"])
    body = client.get(reverse(URLS["achterstand"])).content.decode()
    assert reverse(_plan_url_name(), args=[huis["c"]["collega"].pk]) in body


# Keyset pages and query budgets ---------------------------------------------------------------


def _vul(naam, zvh, regisseur, n, ggz):
    """`n` rows for list `naam` in house `zvh`, each with a theme (and a person, not shown)."""
    thema = ThemaFactory(zvh=zvh)
    sessie = SessieFactory(tafel__zvh=zvh, capaciteit=max(n, 1)) if naam == "mdo" else None
    for i in range(n):
        casus = CasusFactory(
            zvh=zvh,
            procesregisseur=regisseur,
            spoed=True,
            laatste_activiteit_op=_geleden(weeks=20, minutes=i),
            deelnemers=[ggz] if naam == "achterstand" else [],
        )
        casus.themas.set([thema])
        casus.personen.set([PersoonFactory(zvh=zvh)])
        if sessie is not None:
            CasusoverlegFactory(sessie=sessie, casus=casus)
        if naam == "achterstand":
            for dagen in (1, 2 + i % 5):
                ActieFactory(
                    doel__plan__casus=casus,
                    organisatie=ggz,
                    deadline=timezone.localdate() - datetime.timedelta(days=dagen),
                )


@pytest.mark.parametrize("naam", LIJSTEN)
@pytest.mark.parametrize("rijen", [1, 50])
def test_each_list_has_a_fixed_number_of_queries(
    client, login, zvh, make_user, django_assert_max_num_queries, naam, rijen
):
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    _vul(naam, zvh, regisseur, rijen, OrganisatieFactory())
    login(regisseur)
    with django_assert_max_num_queries(LIJST_QUERIES):
        response = client.get(reverse(URLS[naam]))
    assert len(response.context["page"]) == rijen


@pytest.mark.parametrize("naam", LIJSTEN)
def test_pages_follow_each_other_every_row_once(client, login, zvh, make_user, naam):
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    _vul(naam, zvh, regisseur, 53, OrganisatieFactory())
    login(regisseur)
    url = reverse(URLS[naam])
    first = client.get(url)
    assert len(first.context["page"]) == pagination.PAGE_SIZE
    cursor = first.context["page"].next_cursor
    assert f"na={quote(cursor, safe='/')}" in first.content.decode()
    second = client.get(url, {"na": cursor})
    assert not second.context["page"].has_next
    seen = _casussen(first) + _casussen(second)
    assert len(seen) == len(set(seen)) == 53
    lijst = selectors.WERKLIJST[naam]
    actor = actor_for(regisseur, zvh)
    expected = [
        getattr(r, "casus", r).pk
        for r in lijst.rijen(actor).order_by(*pagination.ordering(lijst.volgorde))
    ]
    assert seen == expected
    # A cursor of another list is refused with a message: the first page again.
    ander = "spoed" if naam != "spoed" else "mijn"
    response = client.get(url, {"na": client.get(reverse(URLS[ander])).context["page"].next_cursor})
    assert response.status_code == 200
    assert _casussen(response) == _casussen(first)
    assert "paginaverwijzing is ongeldig" in response.content.decode()


def test_the_overdue_list_pages_on_the_oldest_due_date(zvh, make_user):
    """Keyset on an aggregate: casussen sharing an oldest due date are split by id."""
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    _vul("achterstand", zvh, regisseur, 12, OrganisatieFactory())
    actor = actor_for(regisseur, zvh)
    queryset = selectors.acties_over_de_termijn(actor)
    seen, after = [], None
    while True:
        page = pagination.keyset_page(
            queryset, order=selectors.ACHTERSTAND_VOLGORDE, after=after, size=5
        )
        seen += [(r.deadline, r.casus_id) for r in page]
        if not page.has_next:
            break
        after = page.next_cursor
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 12


# Counts: the home page and the overview -------------------------------------------------------


def test_home_page_and_overview_show_every_count(
    client, login, huis, django_assert_max_num_queries
):
    login(huis["users"]["ik"])
    home = client.get(reverse("home")).content.decode()
    overview = client.get(reverse("casus:monitoring"))
    assert overview.status_code == 200
    for body in (home, overview.content.decode()):
        for naam, verwacht in VERWACHT.items():
            lijst = selectors.WERKLIJST[naam]
            teller = f'{reverse(lijst.url_name)}">{escape(lijst.titel)}</a> <strong>('
            assert f"{teller}{len(verwacht)})" in body, naam
    # Counts only: neither page shows a casus, so neither writes a read row.
    assert not AccessLog.objects.filter(event_type=events.MONITORING_BEKEKEN).exists()
    with django_assert_max_num_queries(LIJST_QUERIES + 2):
        client.get(reverse("casus:monitoring"))


def test_a_count_above_the_cap_says_more_than(client, login, huis, monkeypatch):
    assert selectors.TELLER_CAP == 100
    monkeypatch.setattr(selectors, "TELLER_CAP", 1)
    login(huis["users"]["ik"])
    body = client.get(reverse("casus:monitoring")).content.decode()
    assert "Stilstaande casussen</a> <strong>(meer dan 1)" in body
    assert "Spoedcasussen</a> <strong>(1)" in body
    assert "Aantal: meer dan 1." in client.get(reverse(URLS["zonder_mdo"])).content.decode()


def test_the_coordinator_sees_the_lists_but_not_mijn(client, login, huis):
    login(huis["users"]["info"])
    body = client.get(reverse("home")).content.decode()
    assert reverse("casus:monitoring_spoed") in body
    assert reverse("casus:monitoring_mijn") not in body


# Who may open them ----------------------------------------------------------------------------

# who -> (status of the overview and the five house lists, status of "mijn casussen")
MATRIX = {
    "ik": (200, 200),
    "info": (200, 403),
    "deelnemer": (403, 403),
    "partner": (403, 403),
    "incidenteel": (403, 403),
    "manager": (403, 403),
    "officer": (403, 403),
    "beheerder": (403, 403),
    "zsm": (403, 403),
    # A procesregisseur of the other house sees its own house's lists only.
    "elders": (200, 200),
    # Procesregisseur in B, ketenpartner in A: in A nothing, in B only B's casussen.
    "aanvaller": (403, 403),
}


@pytest.mark.parametrize("wie", sorted(MATRIX))
def test_visibility_matrix(client, login, huis, wie):
    login(huis["users"][wie])
    if wie == "aanvaller":  # working in house A, where it is only a ketenpartner
        session = client.session
        session[ZVH_KEY] = huis["zvh"].pk
        session.save()
    lijsten, mijn = MATRIX[wie]
    assert client.get(reverse("casus:monitoring")).status_code == lijsten
    for naam in LIJSTEN:
        response = client.get(reverse(URLS[naam]))
        assert response.status_code == (mijn if naam == "mijn" else lijsten), naam
        if response.status_code == 200:
            nummers = set(_casussen(response))
            if wie == "elders":
                assert not nummers & {c.pk for c in huis["c"].values()}, naam
            else:
                assert huis["elders"].pk not in nummers


def test_the_attacker_in_its_own_house_sees_only_that_house(client, login, huis):
    aanvaller = huis["users"]["aanvaller"]
    login(aanvaller)
    session = client.session
    session[ZVH_KEY] = huis["b"].pk
    session.save()
    for naam in LIJSTEN:
        response = client.get(reverse(URLS[naam]))
        assert response.status_code == 200, naam
        assert not set(_casussen(response)) & {c.pk for c in huis["c"].values()}, naam
    # House B's spoed casus shows; house A's never.
    assert _casussen(client.get(reverse(URLS["spoed"]))) == [huis["elders"].pk]


def test_without_the_second_factor_the_lists_redirect_to_it(client, huis):
    client.force_login(huis["users"]["ik"])
    session = client.session
    session[LOGIN_TIME] = session[LAST_SEEN] = time.time()  # a password-only session
    session.save()
    for name in ["casus:monitoring", *URLS.values(), "casus:monitoring_instellingen"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"] == reverse("partners:verify")


# Audit -----------------------------------------------------------------------------------------


def test_each_page_is_one_read_row_naming_the_list_and_the_page(client, login, huis):
    login(huis["users"]["ik"])
    for naam in LIJSTEN:
        response = client.get(reverse(URLS[naam]))
        row = AccessLog.objects.filter(event_type=events.MONITORING_BEKEKEN).latest("id")
        assert row.detail == f"{naam}: eerste pagina"
        assert row.request_id == response["X-Request-ID"]
        assert row.zvh_id == huis["zvh"].pk
    assert AccessLog.objects.filter(event_type=events.MONITORING_BEKEKEN).count() == len(LIJSTEN)


def test_a_refusal_is_audited(client, login, huis):
    login(huis["users"]["manager"])
    assert client.get(reverse(URLS["spoed"])).status_code == 403
    row = AccessLog.objects.filter(event_type=events.TOEGANG_GEWEIGERD).latest("id")
    assert row.outcome == Outcome.DENIED and row.detail == "monitoring.bekijken"
    assert not AccessLog.objects.filter(event_type=events.MONITORING_BEKEKEN).exists()


# The stalling setting ------------------------------------------------------------------------


def test_the_beheerder_sets_the_weeks_audited(client, login, huis):
    login(huis["users"]["beheerder"])
    url = reverse("casus:monitoring_instellingen")
    response = client.get(url)
    assert response.status_code == 200 and 'value="6"' in response.content.decode()
    response = client.post(url, {"stilstand_weken": "8"})
    assert response.status_code == 302
    huis["zvh"].refresh_from_db()
    huis["b"].refresh_from_db()
    assert huis["zvh"].stilstand_weken == 8 and huis["b"].stilstand_weken == 6
    row = AccessLog.objects.get(event_type=events.MONITORING_INGESTELD)
    assert row.detail == "stilstand na 6 -> 8 weken" and row.zvh_id == huis["zvh"].pk


@pytest.mark.parametrize(
    ("waarde", "melding"),
    [
        ("", "Vul het aantal weken in."),
        ("0", "Vul ten minste 1 week in."),
        ("53", "Vul ten hoogste 52 weken in."),
        ("zes", "Vul een heel aantal weken in, bijvoorbeeld 6."),
    ],
)
def test_a_wrong_number_of_weeks_is_a_clear_400(client, login, huis, waarde, melding):
    login(huis["users"]["beheerder"])
    response = client.post(reverse("casus:monitoring_instellingen"), {"stilstand_weken": waarde})
    assert response.status_code == 400
    body = response.content.decode()
    assert melding in body and "error-summary" in body
    huis["zvh"].refresh_from_db()
    assert huis["zvh"].stilstand_weken == 6
    assert not AccessLog.objects.filter(event_type=events.MONITORING_INGESTELD).exists()


@pytest.mark.parametrize("wie", ["ik", "info", "manager", "officer", "deelnemer", "elders"])
def test_only_the_beheerder_may_set_it(client, login, huis, wie):
    login(huis["users"][wie])
    response = client.post(reverse("casus:monitoring_instellingen"), {"stilstand_weken": "2"})
    assert response.status_code == 403
    huis["zvh"].refresh_from_db()
    huis["b"].refresh_from_db()
    assert huis["zvh"].stilstand_weken == 6 and huis["b"].stilstand_weken == 6


def test_the_service_refuses_out_of_range_weeks(huis):
    from casus.services_monitoring import stilstand_instellen
    from core.errors import ServiceError

    actor = actor_for(huis["users"]["beheerder"], huis["zvh"])
    with pytest.raises(ServiceError):
        stilstand_instellen(actor=actor, weken=0)
    assert stilstand_instellen(actor=actor, weken=52).stilstand_weken == 52


def test_upcoming_mdo_rows_print_the_meeting_escaped(client, login, huis):
    """The rows are written in Python (casus.rijen.mdo_html): the start on its local day and
    time, the kind's label, the table's name escaped, links to the MDO and the casus."""
    mdo = huis["mdo"]
    tafel = mdo.sessie.tafel
    tafel.naam = "<i>Tafel</i> & co"
    tafel.save()
    login(huis["users"]["ik"])
    body = client.get(reverse(URLS["mdo"])).content.decode()
    begint = timezone.localtime(mdo.begint_op)
    assert "<i>Tafel</i>" not in body and "<td>&lt;i&gt;Tafel&lt;/i&gt; &amp; co</td>" in body
    assert f'<a href="{reverse("casus:overleg", args=[mdo.pk])}">' in body
    assert date_filter(begint, "j F Y, H:i") in body
    assert f"<td>{mdo.get_type_display()}</td>" in body
