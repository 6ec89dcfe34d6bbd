"""Acties bijwerken and "mijn acties": who may set an action's status and report progress,
bad input, stale versions, closed casussen, the worklist (what it lists, in which order, its
audit row, its query budget), the htmx and the no-JavaScript paths, the action's page (who
sees the notes) and a visibility matrix over every role and two houses."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit import events
from audit.models import AccessLog, Outcome
from casus import services_acties
from casus.models import Actie, ActieStatus, Casus, Deelnemer, PlanVanAanpak, Voortgang
from casus.services import deelname_beeindigen
from casus.services_plan import ActieConflict
from core.errors import ServiceError
from core.policy import Geweigerd
from partners.models import Partnerschap, Rol, RolToewijzing
from tests.casus.factories import (
    ActieFactory,
    CasusFactory,
    DoelFactory,
    PersoonFactory,
    VoortgangFactory,
)
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory, ZvhFactory

NOTITIE = "Eerste gesprek met de verhuurder gevoerd."
QUERY_BUDGET = 20


def _dag(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def huis(zvh, make_user):
    """House A with a casus (one person) in which Politie and GGZ take part, an action for
    each and a progress note on Politie's; Wijkteam, a partner of the house outside the
    casus; house B, where Politie also takes part in a casus with an action of its own;
    users of every role."""
    zvh_org = OrganisatieFactory(naam="ZVH A")
    politie = OrganisatieFactory(naam="Politie")
    ggz = OrganisatieFactory(naam="GGZ")
    wijkteam = OrganisatieFactory(naam="Wijkteam")
    ander_huis = ZvhFactory()
    users = {
        "regisseur": make_user(zvh, Rol.PROCESREGISSEUR, organisatie=zvh_org),
        "andere_regisseur": make_user(zvh, Rol.PROCESREGISSEUR, organisatie=zvh_org),
        "coordinator": make_user(zvh, Rol.INFORMATIECOORDINATOR, organisatie=zvh_org),
        "politie": make_user(zvh, Rol.KETENPARTNER, organisatie=politie, first_name="Piet"),
        "politie_collega": make_user(zvh, Rol.KETENPARTNER, organisatie=politie),
        "ggz": make_user(zvh, Rol.KETENPARTNER, organisatie=ggz),
        "wijkteam": make_user(zvh, Rol.KETENPARTNER, organisatie=wijkteam),
        "manager": make_user(zvh, Rol.MANAGER, organisatie=zvh_org),
        "officer": make_user(zvh, Rol.PRIVACY_OFFICER, organisatie=zvh_org),
        "beheerder": make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, organisatie=zvh_org),
        # ZSM at a deelnemer organisation: dat-informatie only, no actions.
        "zsm": make_user(zvh, Rol.ZSM, organisatie=politie),
        "ander_huis_regisseur": make_user(ander_huis, Rol.PROCESREGISSEUR),
        "ander_huis_politie": make_user(ander_huis, Rol.KETENPARTNER, organisatie=politie),
    }
    casus = CasusFactory(zvh=zvh, deelnemers=[politie, ggz], procesregisseur=users["regisseur"])
    persoon = PersoonFactory(zvh=zvh)
    casus.personen.add(persoon)
    doel = DoelFactory(plan__casus=casus, omschrijving="Stabiele huisvesting")
    actie_politie = ActieFactory(doel=doel, organisatie=politie, omschrijving="Huurschuld regelen")
    actie_ggz = ActieFactory(doel=doel, organisatie=ggz, omschrijving="Behandeling starten")
    VoortgangFactory(actie=actie_politie, door=users["politie"], notitie=NOTITIE)
    casus_b = CasusFactory(zvh=ander_huis, deelnemers=[politie])
    casus_b.personen.add(PersoonFactory(zvh=ander_huis))
    actie_b = ActieFactory(doel__plan__casus=casus_b, organisatie=politie, omschrijving="In B")
    return {
        "zvh": zvh,
        "ander_huis": ander_huis,
        "casus": casus,
        "persoon": persoon,
        "doel": doel,
        "org_politie": politie,
        "org_ggz": ggz,
        "org_wijkteam": wijkteam,
        "actie_politie": actie_politie,
        "actie_ggz": actie_ggz,
        "actie_b": actie_b,
        **users,
    }


def _actor(huis, as_actor, naam):
    zvh = huis["ander_huis"] if naam.startswith("ander_huis") else huis["zvh"]
    return as_actor(huis[naam], zvh)


def _bijwerken(actor, actie, *, status=ActieStatus.IN_UITVOERING, notitie="", versie=None, **kw):
    return services_acties.actie_bijwerken(
        actor=actor,
        actie=actie,
        status=status,
        notitie=notitie,
        versie=actie.versie if versie is None else versie,
        **kw,
    )


def _ongewijzigd(actie, status=ActieStatus.OPEN, versie=0, voortgang=None):
    actie.refresh_from_db()
    assert (actie.status, actie.versie) == (status, versie)
    if voortgang is not None:
        assert Voortgang.objects.filter(actie=actie).count() == voortgang
    assert not AccessLog.objects.filter(event_type=events.ACTIE_BIJGEWERKT).exists()


# Services --------------------------------------------------------------------------------


def test_the_responsible_partner_sets_the_status_with_an_encrypted_note_audited(huis, as_actor):
    actie = huis["actie_politie"]
    plan = PlanVanAanpak.objects.get(casus=huis["casus"])
    plan_versie = plan.versie
    bijgewerkt = _bijwerken(
        _actor(huis, as_actor, "politie"), actie, notitie="Afspraak met de woningcorporatie."
    )
    assert (bijgewerkt.status, bijgewerkt.versie) == (ActieStatus.IN_UITVOERING, 1)
    plan.refresh_from_db()
    assert plan.versie == plan_versie + 1
    assert Casus.objects.get(pk=huis["casus"].pk).laatste_activiteit_op is not None
    nieuw = Voortgang.objects.filter(actie=actie).order_by("-op").first()
    assert (nieuw.status_van, nieuw.status_naar) == (ActieStatus.OPEN, ActieStatus.IN_UITVOERING)
    assert nieuw.door_id == huis["politie"].pk and nieuw.organisatie_id == huis["org_politie"].pk
    assert nieuw.notitie == "Afspraak met de woningcorporatie."
    with connection.cursor() as cursor:
        cursor.execute("SELECT notitie FROM casus_voortgang WHERE id = %s", [nieuw.pk])
        (raw,) = cursor.fetchone()
    assert b"woningcorporatie" not in bytes(raw)
    row = AccessLog.objects.get(event_type=events.ACTIE_BIJGEWERKT)
    assert row.object_id == str(actie.pk) and row.casus_id == str(huis["casus"].pk)
    assert row.getoonde_personen == [huis["persoon"].audit_pseudoniem]
    assert "woningcorporatie" not in row.detail and "open -> in_uitvoering" in row.detail


def test_the_casus_procesregisseur_may_update_another_regisseur_may_not(huis, as_actor):
    actie = huis["actie_politie"]
    _bijwerken(_actor(huis, as_actor, "regisseur"), actie, status=ActieStatus.GEREED)
    actie.refresh_from_db()
    assert actie.status == ActieStatus.GEREED
    for naam in ("andere_regisseur", "coordinator"):
        with pytest.raises(Geweigerd) as denied:
            _bijwerken(_actor(huis, as_actor, naam), actie, status=ActieStatus.OPEN)
        assert not denied.value.not_found, naam  # they see the action: 403


def test_another_deelnemer_organisation_is_refused_403_and_nothing_saved(huis, as_actor):
    with pytest.raises(Geweigerd) as denied:
        _bijwerken(_actor(huis, as_actor, "ggz"), huis["actie_politie"])
    assert not denied.value.not_found
    assert denied.value.audit["actie"] == "actie.bijwerken"
    _ongewijzigd(huis["actie_politie"], voortgang=1)


@pytest.mark.parametrize(
    "naam", ["wijkteam", "manager", "officer", "beheerder", "zsm", "ander_huis_politie"]
)
def test_who_may_not_see_the_action_gets_404(huis, as_actor, naam):
    with pytest.raises(Geweigerd) as denied:
        _bijwerken(_actor(huis, as_actor, naam), huis["actie_politie"])
    assert denied.value.not_found
    _ongewijzigd(huis["actie_politie"], voortgang=1)


def test_an_account_in_both_houses_acting_in_the_other_house_gets_404(huis, as_actor):
    RolToewijzing.objects.create(
        medewerker=huis["politie"], zvh=huis["ander_huis"], rol=Rol.KETENPARTNER
    )
    PartnerschapFactory(zvh=huis["ander_huis"], organisatie=huis["org_politie"])
    with pytest.raises(Geweigerd) as denied:
        _bijwerken(as_actor(huis["politie"], huis["ander_huis"]), huis["actie_politie"])
    assert denied.value.not_found
    # ... and in its own house it may.
    _bijwerken(as_actor(huis["politie"], huis["zvh"]), huis["actie_politie"])


def test_a_stale_version_is_refused_with_a_clear_message(huis, as_actor):
    actie = huis["actie_politie"]
    actor = _actor(huis, as_actor, "politie")
    _bijwerken(actor, actie, versie=0)
    with pytest.raises(ActieConflict, match="intussen door iemand anders bijgewerkt"):
        _bijwerken(
            _actor(huis, as_actor, "politie_collega"),
            actie,
            status=ActieStatus.GEREED,
            notitie="Klaar",
            versie=0,
        )
    actie.refresh_from_db()
    assert (actie.status, actie.versie) == (ActieStatus.IN_UITVOERING, 1)
    assert Voortgang.objects.filter(actie=actie).count() == 2  # the factory's and the first
    assert AccessLog.objects.filter(event_type=events.ACTIE_BIJGEWERKT).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "melding"),
    [
        ({"status": ActieStatus.NIET_HAALBAAR}, "Geef de reden waarom de actie niet haalbaar"),
        (
            {"status": ActieStatus.NIET_HAALBAAR, "reden_niet_haalbaar": "   "},
            "Geef de reden waarom de actie niet haalbaar",
        ),
        ({"notitie": "x" * 4001}, "De voortgangsnotitie is te lang"),
        (
            {"status": ActieStatus.NIET_HAALBAAR, "reden_niet_haalbaar": "x" * 4001},
            "De reden is te lang",
        ),
        ({"status": "weg"}, "Kies een geldige status."),
        ({"status": ActieStatus.OPEN}, "Kies een andere status of schrijf een voortgangsnotitie"),
    ],
)
def test_bad_input_is_refused_with_a_dutch_message_and_nothing_saved(
    huis, as_actor, kwargs, melding
):
    with pytest.raises(ServiceError, match=re.escape(melding)):
        _bijwerken(_actor(huis, as_actor, "politie"), huis["actie_politie"], **kwargs)
    _ongewijzigd(huis["actie_politie"], voortgang=1)


def test_niet_haalbaar_keeps_its_reason_encrypted_and_a_later_status_clears_it(huis, as_actor):
    actie = huis["actie_politie"]
    actor = _actor(huis, as_actor, "politie")
    _bijwerken(
        actor,
        actie,
        status=ActieStatus.NIET_HAALBAAR,
        reden_niet_haalbaar="Betrokkene is naar het buitenland vertrokken.",
    )
    actie = Actie.objects.get(pk=actie.pk)
    assert actie.reden_niet_haalbaar == "Betrokkene is naar het buitenland vertrokken."
    with connection.cursor() as cursor:
        cursor.execute("SELECT reden_niet_haalbaar FROM casus_actie WHERE id = %s", [actie.pk])
        (raw,) = cursor.fetchone()
    assert b"buitenland" not in bytes(raw)
    _bijwerken(actor, actie, status=ActieStatus.OPEN, notitie="Toch terug in Nederland.")
    actie = Actie.objects.get(pk=actie.pk)
    assert (actie.status, actie.reden_niet_haalbaar) == (ActieStatus.OPEN, "")


def test_a_closed_casus_refuses_every_change(huis, as_actor):
    Casus.objects.filter(pk=huis["casus"].pk).update(status="afgesloten")
    with pytest.raises(ServiceError, match="afgesloten"):
        _bijwerken(_actor(huis, as_actor, "politie"), huis["actie_politie"], notitie="Nog iets")
    with pytest.raises(ServiceError, match="afgesloten"):
        services_acties.eigenaar_kiezen(
            actor=_actor(huis, as_actor, "politie"),
            actie=huis["actie_politie"],
            eigenaar=huis["politie"],
            versie=0,
        )
    _ongewijzigd(huis["actie_politie"], voortgang=1)


def test_an_organisation_whose_partnership_ended_can_no_longer_update(huis, as_actor):
    Partnerschap.objects.filter(zvh=huis["zvh"], organisatie=huis["org_politie"]).update(
        beeindigd_op=_dag(-1)
    )
    with pytest.raises(Geweigerd) as denied:
        _bijwerken(_actor(huis, as_actor, "politie"), huis["actie_politie"])
    assert denied.value.not_found
    _ongewijzigd(huis["actie_politie"], voortgang=1)


def test_an_organisation_no_longer_taking_part_can_no_longer_update(huis, as_actor):
    deelname_beeindigen(
        deelnemer=Deelnemer.objects.get(casus=huis["casus"], organisatie=huis["org_politie"])
    )
    with pytest.raises(Geweigerd) as denied:
        _bijwerken(_actor(huis, as_actor, "politie"), huis["actie_politie"])
    assert denied.value.not_found


def test_a_partner_picks_itself_or_a_colleague_as_owner(huis, as_actor):
    actie = huis["actie_politie"]
    actor = _actor(huis, as_actor, "politie")
    services_acties.eigenaar_kiezen(actor=actor, actie=actie, eigenaar=huis["politie"], versie=0)
    actie.refresh_from_db()
    assert (actie.eigenaar_id, actie.versie) == (huis["politie"].pk, 1)
    services_acties.eigenaar_kiezen(
        actor=actor, actie=actie, eigenaar=huis["politie_collega"], versie=1
    )
    actie.refresh_from_db()
    assert actie.eigenaar_id == huis["politie_collega"].pk
    row = AccessLog.objects.filter(event_type=events.ACTIE_EIGENAAR_GEKOZEN).latest("id")
    assert row.detail == f"eigenaar {huis['politie_collega'].pk}"
    with pytest.raises(ServiceError, match="actieve medewerker van de verantwoordelijke"):
        services_acties.eigenaar_kiezen(actor=actor, actie=actie, eigenaar=huis["ggz"], versie=2)
    with pytest.raises(ActieConflict):
        services_acties.eigenaar_kiezen(actor=actor, actie=actie, eigenaar=None, versie=0)
    with pytest.raises(Geweigerd) as denied:
        services_acties.eigenaar_kiezen(
            actor=_actor(huis, as_actor, "ggz"), actie=actie, eigenaar=huis["ggz"], versie=2
        )
    assert not denied.value.not_found


# "Mijn acties" ----------------------------------------------------------------------------


def _ids(page, *acties):
    return [a for a in acties if str(a.pk) in page]


def test_mijn_acties_lists_the_organisations_open_actions_overdue_first(client, login, huis):
    politie = huis["org_politie"]
    verlopen = ActieFactory(
        doel=huis["doel"], organisatie=politie, verlopen=True, omschrijving="Te laat"
    )
    later = ActieFactory(
        doel=huis["doel"], organisatie=politie, deadline=_dag(30), omschrijving="Later"
    )
    gereed = ActieFactory(doel=huis["doel"], organisatie=politie, gereed=True)
    gesloten = CasusFactory(zvh=huis["zvh"], deelnemers=[politie], afgesloten=True)
    in_gesloten = ActieFactory(doel__plan__casus=gesloten, organisatie=politie)
    login(huis["politie"])
    response = client.get(reverse("casus:mijn_acties"))
    assert response.status_code == 200
    page = response.content.decode()
    getoond = _ids(
        page,
        verlopen,
        huis["actie_politie"],
        later,
        gereed,
        in_gesloten,
        huis["actie_ggz"],
        huis["actie_b"],
    )
    assert getoond == [verlopen, huis["actie_politie"], later]
    assert page.index("Te laat") < page.index("Huurschuld regelen") < page.index("Later")
    assert page.count("over de termijn</strong>") == 1
    assert "Open: 3, waarvan over de termijn: 1." in page
    assert escape(huis["persoon"].naam) in page and "Stabiele huisvesting" in page
    assert reverse("casus:casus", args=[huis["casus"].pk]) in page
    assert NOTITIE not in page  # a worklist shows no progress notes


def test_the_owner_filter_shows_mine_or_my_organisations(client, login, huis):
    mijn = ActieFactory(
        doel=huis["doel"], organisatie=huis["org_politie"], eigenaar=huis["politie"]
    )
    van_collega = ActieFactory(
        doel=huis["doel"], organisatie=huis["org_politie"], eigenaar=huis["politie_collega"]
    )
    login(huis["politie"])
    alle = client.get(reverse("casus:mijn_acties")).content.decode()
    assert _ids(alle, mijn, van_collega, huis["actie_politie"]) == [
        mijn,
        van_collega,
        huis["actie_politie"],
    ]
    eigen = client.get(reverse("casus:mijn_acties"), {"eigenaar": "mijn"}).content.decode()
    assert _ids(eigen, mijn, van_collega, huis["actie_politie"]) == [mijn]
    assert "Open: 1," in eigen


def test_the_worklist_is_one_audit_row_listing_every_person_shown(client, login, huis):
    tweede = PersoonFactory(zvh=huis["zvh"])
    huis["casus"].personen.add(tweede)
    login(huis["politie"])
    client.get(reverse("casus:mijn_acties"))
    (row,) = AccessLog.objects.filter(event_type=events.MIJN_ACTIES_BEKEKEN)
    assert set(row.getoonde_personen) == {huis["persoon"].audit_pseudoniem, tweede.audit_pseudoniem}
    assert row.detail == "eerste pagina; eigenaar: organisatie"


def test_a_partner_whose_partnership_ended_sees_an_empty_worklist(client, login, huis):
    Partnerschap.objects.filter(zvh=huis["zvh"], organisatie=huis["org_politie"]).update(
        privacyprotocol_getekend_op=None
    )
    login(huis["politie"])
    page = client.get(reverse("casus:mijn_acties")).content.decode()
    assert not _ids(page, huis["actie_politie"]) and escape(huis["persoon"].naam) not in page


def _count(client, url, assert_max):
    client.get(url)
    with assert_max(QUERY_BUDGET), CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_mijn_acties_query_count_is_fixed_at_1_and_50_rows(
    client, login, huis, django_assert_max_num_queries
):
    login(huis["politie"])
    url = reverse("casus:mijn_acties")
    een = _count(client, url, django_assert_max_num_queries)
    for i in range(49):
        casus = CasusFactory(zvh=huis["zvh"], deelnemers=[huis["org_politie"]])
        casus.personen.add(PersoonFactory(zvh=huis["zvh"]), PersoonFactory(zvh=huis["zvh"]))
        ActieFactory(
            doel__plan__casus=casus,
            organisatie=huis["org_politie"],
            eigenaar=huis["politie"] if i % 2 else None,
        )
    vijftig = _count(client, url, django_assert_max_num_queries)
    assert een == vijftig, (een, vijftig)
    assert client.get(url).content.decode().count('<tr id="actie-') == 50


def test_the_worklist_pages_by_keyset_with_the_filter_kept(client, login, huis):
    for _ in range(50):
        ActieFactory(doel=huis["doel"], organisatie=huis["org_politie"], deadline=_dag(1))
    login(huis["politie"])
    eerste = client.get(reverse("casus:mijn_acties")).content.decode()
    assert eerste.count('<tr id="actie-') == 50
    volgende = re.search(r'href="\?([^"]*na=[^"]+)" rel="next"', eerste).group(1)
    tweede = client.get(reverse("casus:mijn_acties") + "?" + volgende.replace("&amp;", "&"))
    assert tweede.content.decode().count('<tr id="actie-') == 1
    assert str(huis["actie_politie"].pk) in tweede.content.decode()
    kapot = client.get(reverse("casus:mijn_acties"), {"na": "vervalst"})
    assert kapot.status_code == 200 and "De paginaverwijzing is ongeldig" in kapot.content.decode()


def _zonder_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)


@pytest.mark.parametrize("status", [ActieStatus.OPEN, ActieStatus.IN_UITVOERING])
def test_a_rows_empty_update_form_is_the_form_django_writes(client, login, huis, rf, status):
    """The worklist writes its rows' empty forms without a form object per row: it must be
    the markup the bound form gives through _bijwerken_form.html, field for field."""
    from django.template.loader import render_to_string
    from django.test.html import parse_html

    from casus.forms_acties import ActieBijwerkenForm

    actie = huis["actie_politie"]
    Actie.objects.filter(pk=actie.pk).update(status=status, versie=3)
    actie.refresh_from_db()
    login(huis["politie"])
    page = client.get(reverse("casus:mijn_acties"), {"eigenaar": "organisatie"}).content.decode()
    url = reverse("casus:actie_bijwerken", args=[actie.pk])
    written = re.search(rf'<form method="post" action="{url}" novalidate.*?</form>', page, re.S)
    django_form = render_to_string(
        "casus/acties/_bijwerken_form.html",
        {
            "actie": actie,
            "form": ActieBijwerkenForm(actie=actie),
            "terug": "lijst",
            "eigenaar": "organisatie",
            "na": "",
        },
        request=rf.get("/"),
    )
    assert parse_html(_zonder_csrf(written.group(0))) == parse_html(_zonder_csrf(django_form))
    assert 'value="3"' in written.group(0) and f'value="{status}" selected' in written.group(0)


# Updating through the page: without JavaScript and with htmx ------------------------------


def _post(huis, actie=None, *, htmx=False, **velden):
    actie = actie or huis["actie_politie"]
    prefix = f"actie-{actie.pk}"
    data = {
        f"{prefix}-status": ActieStatus.IN_UITVOERING,
        f"{prefix}-notitie": "",
        f"{prefix}-reden_niet_haalbaar": "",
        f"{prefix}-versie": actie.versie,
        "terug": "lijst",
        "filter": "organisatie",
        "na": "",
    }
    data.update(
        {(k if k in ("terug", "filter", "na") else f"{prefix}-{k}"): v for k, v in velden.items()}
    )
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return reverse("casus:actie_bijwerken", args=[actie.pk]), data, headers


def test_without_javascript_the_update_posts_and_redirects_back_with_a_message(client, login, huis):
    login(huis["politie"])
    url, data, _h = _post(huis, status=ActieStatus.GEREED, notitie="Schuld is afgelost.")
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("casus:mijn_acties")
    page = client.get(response["Location"]).content.decode()
    assert "De actie is bijgewerkt: gereed." in page
    assert str(huis["actie_politie"].pk) not in page  # gereed: no longer open
    huis["actie_politie"].refresh_from_db()
    assert huis["actie_politie"].status == ActieStatus.GEREED


def test_with_htmx_the_response_is_just_the_updated_row(client, login, huis):
    login(huis["politie"])
    url, data, headers = _post(huis, htmx=True, notitie="Gesprek gepland.")
    response = client.post(url, data, **headers)
    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith(f'<tr id="actie-{huis["actie_politie"].pk}"') and "<html" not in html
    assert "De actie is bijgewerkt: in uitvoering." in html
    assert "In uitvoering" in html and 'name="actie-' in html  # the form again, new version
    assert f'name="actie-{huis["actie_politie"].pk}-versie" value="1"' in html
    huis["actie_politie"].refresh_from_db()
    assert huis["actie_politie"].versie == 1


def test_with_htmx_a_finished_action_says_it_left_the_list(client, login, huis):
    login(huis["politie"])
    url, data, headers = _post(huis, htmx=True, status=ActieStatus.GEREED)
    html = client.post(url, data, **headers).content.decode()
    assert "De actie staat niet meer in deze lijst." in html
    assert url not in html and "Ik pak dit op" not in html  # nothing left to do in it


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    ("velden", "status", "melding"),
    [
        (
            {"status": ActieStatus.NIET_HAALBAAR},
            400,
            "Geef de reden waarom de actie niet haalbaar is.",
        ),
        ({"notitie": "x" * 4001}, 400, "Gebruik maximaal 4000 tekens (u gebruikte 4001)."),
        ({"versie": 7}, 409, "Deze actie is intussen door iemand anders bijgewerkt."),
        ({"status": ActieStatus.OPEN}, 400, "Kies een andere status of schrijf"),
    ],
)
def test_refused_input_shows_the_error_summary_with_a_4xx_and_saves_nothing(
    client, login, huis, htmx, velden, status, melding
):
    login(huis["politie"])
    url, data, headers = _post(huis, htmx=htmx, **velden)
    response = client.post(url, data, **headers)
    assert response.status_code == status
    html = response.content.decode()
    assert 'class="error-summary"' in html and melding in html
    assert ("<html" in html) is not htmx
    _ongewijzigd(huis["actie_politie"], voortgang=1)


def test_after_a_stale_version_the_next_submit_goes_against_the_new_one(client, login, huis):
    login(huis["politie"])
    url, data, headers = _post(huis, htmx=True, versie=7, notitie="Eerste poging")
    html = client.post(url, data, **headers).content.decode()
    assert f'name="actie-{huis["actie_politie"].pk}-versie" value="0"' in html


def test_another_organisation_posting_is_refused_403_audited(client, login, huis):
    login(huis["ggz"])
    url, data, _h = _post(huis)
    assert client.post(url, data).status_code == 403
    row = AccessLog.objects.get(event_type=events.TOEGANG_GEWEIGERD)
    assert row.outcome == Outcome.DENIED and row.detail == "actie.bijwerken"
    _ongewijzigd(huis["actie_politie"], voortgang=1)


@pytest.mark.parametrize("naam", ["wijkteam", "ander_huis_politie", "manager"])
def test_who_may_not_see_the_action_posting_gets_an_audited_404(client, login, huis, naam):
    login(huis[naam])
    url, data, _h = _post(huis)
    assert client.post(url, data).status_code == 404
    row = AccessLog.objects.get(event_type=events.TOEGANG_GEWEIGERD)
    assert row.detail == "actie.bekijken"
    _ongewijzigd(huis["actie_politie"], voortgang=1)


def test_without_a_second_factor_nothing_is_shown_or_changed(client, huis):
    client.force_login(huis["politie"])
    assert client.get(reverse("casus:mijn_acties")).status_code == 302
    url, data, _h = _post(huis)
    assert client.post(url, data).status_code == 302
    _ongewijzigd(huis["actie_politie"], voortgang=1)


def test_ik_pak_dit_op_names_me_owner_and_returns_to_the_list(client, login, huis):
    login(huis["politie"])
    page = client.get(reverse("casus:mijn_acties")).content.decode()
    assert "Ik pak dit op" in page
    response = client.post(
        reverse("casus:actie_eigenaar", args=[huis["actie_politie"].pk]),
        {"eigenaar": huis["politie"].pk, "versie": 0, "terug": "lijst", "filter": "mijn"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("casus:mijn_acties") + "?eigenaar=mijn"
    huis["actie_politie"].refresh_from_db()
    assert huis["actie_politie"].eigenaar_id == huis["politie"].pk


def test_an_owner_from_another_organisation_is_a_clear_400(client, login, huis):
    login(huis["politie"])
    response = client.post(
        reverse("casus:actie_eigenaar", args=[huis["actie_politie"].pk]),
        {"eigenaar": huis["ggz"].pk, "versie": 0, "terug": "actie"},
    )
    assert response.status_code == 400
    assert "Kies een medewerker uit de lijst." in response.content.decode()
    huis["actie_politie"].refresh_from_db()
    assert huis["actie_politie"].eigenaar_id is None


# The action's page ------------------------------------------------------------------------


def test_the_responsible_organisation_and_house_staff_see_the_notes(client, login, huis):
    url = reverse("casus:actie", args=[huis["actie_politie"].pk])
    for naam in ("politie", "regisseur", "coordinator"):
        login(huis[naam])
        page = client.get(url).content.decode()
        assert NOTITIE in page, naam
        assert escape(huis["persoon"].naam) in page


def test_another_deelnemer_sees_the_status_but_not_the_notes(client, login, huis, as_actor):
    _bijwerken(
        _actor(huis, as_actor, "politie"),
        huis["actie_politie"],
        status=ActieStatus.NIET_HAALBAAR,
        reden_niet_haalbaar="Geheime reden van de politie.",
    )
    login(huis["ggz"])
    page = client.get(reverse("casus:actie", args=[huis["actie_politie"].pk])).content.decode()
    assert "Niet haalbaar" in page
    assert NOTITIE not in page and "Geheime reden" not in page
    assert "alleen zichtbaar voor de verantwoordelijke organisatie" in page
    assert "Status of voortgang bijwerken" not in page  # no form for another organisation


def test_the_action_page_is_one_detail_read_and_updates_return_to_it(client, login, huis):
    login(huis["politie"])
    url = reverse("casus:actie", args=[huis["actie_politie"].pk])
    client.get(url)
    (row,) = AccessLog.objects.filter(event_type=events.ACTIE_BEKEKEN)
    assert row.object_id == str(huis["actie_politie"].pk)
    assert row.casus_id == str(huis["casus"].pk)
    assert row.getoonde_personen == [huis["persoon"].audit_pseudoniem]
    _u, data, _h = _post(huis, terug="actie", notitie="Tweede gesprek gevoerd.")
    response = client.post(reverse("casus:actie_bijwerken", args=[huis["actie_politie"].pk]), data)
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "Tweede gesprek gevoerd." in page and NOTITIE in page
    _u, data, _h = _post(huis, terug="actie", status=ActieStatus.NIET_HAALBAAR, versie=1)
    response = client.post(reverse("casus:actie_bijwerken", args=[huis["actie_politie"].pk]), data)
    assert response.status_code == 400
    assert "Geef de reden waarom de actie niet haalbaar is." in response.content.decode()
    assert "<h1>" in response.content.decode()


def test_a_closed_casus_shows_the_action_without_forms(client, login, huis):
    Casus.objects.filter(pk=huis["casus"].pk).update(status="afgesloten")
    login(huis["regisseur"])
    page = client.get(reverse("casus:actie", args=[huis["actie_politie"].pk])).content.decode()
    assert "Deze casus is afgesloten" in page and "Opslaan" not in page


def test_action_page_query_count_is_fixed(client, login, huis, django_assert_max_num_queries):
    login(huis["politie"])
    url = reverse("casus:actie", args=[huis["actie_politie"].pk])
    een = _count(client, url, django_assert_max_num_queries)
    for _ in range(20):
        VoortgangFactory(actie=huis["actie_politie"], door=huis["politie_collega"])
    assert _count(client, url, django_assert_max_num_queries) == een


# Visibility matrix ------------------------------------------------------------------------

# role -> status of: "mijn acties", Politie's action page, GGZ's action page
MATRIX = {
    "regisseur": (403, 200, 200),
    "andere_regisseur": (403, 200, 200),
    "coordinator": (403, 200, 200),
    "politie": (200, 200, 200),
    "politie_collega": (200, 200, 200),
    "ggz": (200, 200, 200),
    "wijkteam": (200, 404, 404),
    "manager": (403, 404, 404),
    "officer": (403, 404, 404),
    "beheerder": (403, 404, 404),
    "zsm": (403, 404, 404),
    "ander_huis_regisseur": (403, 404, 404),
    "ander_huis_politie": (200, 404, 404),
}

# role -> the actions its worklist lists; whether it sees Politie's notes on the action page
LIJSTEN = {
    "politie": ({"politie"}, True),
    "politie_collega": ({"politie"}, True),
    "ggz": ({"ggz"}, False),
    "wijkteam": (set(), None),
    "ander_huis_politie": ({"b"}, None),
    "regisseur": (None, True),
    "andere_regisseur": (None, True),
    "coordinator": (None, True),
}


@pytest.mark.parametrize("naam", sorted(MATRIX))
def test_visibility_matrix(client, login, huis, naam):
    login(huis[naam])
    urls = [
        reverse("casus:mijn_acties"),
        reverse("casus:actie", args=[huis["actie_politie"].pk]),
        reverse("casus:actie", args=[huis["actie_ggz"].pk]),
    ]
    responses = [client.get(url) for url in urls]
    pages = [r.content.decode() for r in responses]
    assert tuple(r.status_code for r in responses) == MATRIX[naam]
    for response, page in zip(responses, pages, strict=True):
        if response.status_code != 200:
            assert escape(huis["persoon"].naam) not in page and NOTITIE not in page
    lijst, notities = LIJSTEN.get(naam, (None, None))
    if lijst is not None:
        acties = {"politie": huis["actie_politie"], "ggz": huis["actie_ggz"], "b": huis["actie_b"]}
        assert {k for k, a in acties.items() if str(a.pk) in pages[0]} == lijst
    if notities is not None:
        assert (NOTITIE in pages[1]) is notities
    menu = 'href="/mijn-acties/"' in pages[1] if responses[1].status_code == 200 else None
    if menu is not None:
        assert menu is (MATRIX[naam][0] == 200)


def test_the_home_page_counts_the_organisations_overdue_actions(client, login, huis):
    login(huis["politie"])
    assert "over de termijn" not in client.get(reverse("home")).content.decode()
    ActieFactory(doel=huis["doel"], organisatie=huis["org_politie"], verlopen=True)
    ActieFactory(doel=huis["doel"], organisatie=huis["org_ggz"], verlopen=True)
    page = client.get(reverse("home")).content.decode()
    assert "Mijn acties</a> <strong>(1 over de termijn)</strong>" in page
