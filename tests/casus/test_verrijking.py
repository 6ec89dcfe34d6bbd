"""Informatieverrijking: requests to the deelnemers of a casus, their answers, who sees what,
the worklists, bad input, audit rows, encryption at rest and query budgets."""

import datetime
import re

import pytest
import time_machine
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit import events
from audit.models import AccessLog, Outcome
from casus import services, services_verrijking
from casus.models import Uitvraag
from core.errors import ServiceError
from core.policy import Geweigerd
from partners.models import Rol
from tests.casus.factories import CasusFactory, PersoonFactory, UitvraagFactory
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory, ZvhFactory

QUERY_BUDGET = 16


def _dag(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def huis(zvh, make_user):
    """House A with a casus in which Politie and GGZ take part (one person), a request to
    each; a partner organisation of the house outside the casus; house B, where Politie also
    takes part; users of every role that matters."""
    zvh_org = OrganisatieFactory(naam="ZVH A")
    politie = OrganisatieFactory(naam="Politie")
    ggz = OrganisatieFactory(naam="GGZ")
    wijkteam = OrganisatieFactory(naam="Wijkteam")
    ander_huis = ZvhFactory()
    users = {
        "coordinator": make_user(
            zvh, Rol.INFORMATIECOORDINATOR, organisatie=zvh_org, first_name="Ina"
        ),
        "regisseur": make_user(zvh, Rol.PROCESREGISSEUR, organisatie=zvh_org),
        "politie": make_user(zvh, Rol.KETENPARTNER, organisatie=politie, first_name="Piet"),
        "ggz": make_user(zvh, Rol.KETENPARTNER, organisatie=ggz),
        "wijkteam": make_user(zvh, Rol.KETENPARTNER, organisatie=wijkteam),
        "manager": make_user(zvh, Rol.MANAGER, organisatie=zvh_org),
        "officer": make_user(zvh, Rol.PRIVACY_OFFICER, organisatie=zvh_org),
        "ander_huis_coordinator": make_user(ander_huis, Rol.INFORMATIECOORDINATOR),
        "ander_huis_politie": make_user(ander_huis, Rol.KETENPARTNER, organisatie=politie),
    }
    casus = CasusFactory(zvh=zvh, deelnemers=[politie, ggz])
    persoon = PersoonFactory(zvh=zvh)
    casus.personen.add(persoon)
    return {
        "zvh": zvh,
        "ander_huis": ander_huis,
        "casus": casus,
        "persoon": persoon,
        "org_politie": politie,
        "org_ggz": ggz,
        "org_wijkteam": wijkteam,
        "uitvraag_politie": UitvraagFactory(casus=casus, organisatie=politie),
        "uitvraag_ggz": UitvraagFactory(casus=casus, organisatie=ggz, met_antwoord=True),
        **users,
    }


def _actor(huis, as_actor, naam):
    user = huis[naam]
    zvh = huis["ander_huis"] if naam.startswith("ander_huis") else huis["zvh"]
    return as_actor(user, zvh)


def _vragen(actor, casus, organisaties, *, vraag="Wat is bij u bekend?", uiterlijk_op=None):
    return services_verrijking.uitvragen_stellen(
        actor=actor,
        casus=casus,
        organisaties=organisaties,
        vraag=vraag,
        uiterlijk_op=_dag(7) if uiterlijk_op is None else uiterlijk_op,
    )


# Services --------------------------------------------------------------------------------


def test_the_coordinator_asks_each_deelnemer_one_request_audited(huis, as_actor):
    actor = _actor(huis, as_actor, "coordinator")
    gesteld = _vragen(actor, huis["casus"], [huis["org_politie"], huis["org_ggz"]])
    assert {u.organisatie_id for u in gesteld} == {huis["org_politie"].pk, huis["org_ggz"].pk}
    assert all(u.zvh_id == huis["zvh"].pk and not u.beantwoord for u in gesteld)
    rows = AccessLog.objects.filter(event_type=events.UITVRAAG_GESTELD)
    assert rows.count() == 2
    assert {r.object_id for r in rows} == {str(u.pk) for u in gesteld}
    assert all(r.casus_id == str(huis["casus"].pk) for r in rows)
    assert all(r.getoonde_personen == [huis["persoon"].audit_pseudoniem] for r in rows)


def test_the_procesregisseur_asks_only_on_a_spoed_casus(huis, as_actor):
    actor = _actor(huis, as_actor, "regisseur")
    with pytest.raises(Geweigerd) as denied:
        _vragen(actor, huis["casus"], [huis["org_politie"]])
    assert not denied.value.not_found  # the regisseur sees the page: 403, not 404
    huis["casus"].spoed = True
    huis["casus"].save(update_fields=["spoed"])
    assert len(_vragen(actor, huis["casus"], [huis["org_politie"]])) == 1


def test_a_casus_opened_from_a_spoed_referral_is_spoed(zvh, make_user, as_actor):
    from aanmelding import services as aanmelding_services
    from casus.models import Thema
    from tests.aanmelding.factories import AanmeldingFactory

    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    backup = make_user(zvh, Rol.PROCESREGISSEUR, organisatie=regisseur.organisatie)
    casussen = []
    for spoed in (True, False):
        aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True, met_spoed=spoed)
        aanmelding_services.triage_besluiten(
            actor=as_actor(regisseur, zvh),
            aanmelding=aanmelding,
            besluit="accepteren",
            oordelen={letter: (True, f"Motivatie {letter}") for letter in "abcd"},
            themas=[Thema.objects.get_or_create(zvh=zvh, code="hg", naam="HG")[0]],
            ave_niveau=3,
            procesregisseur=regisseur,
            backup_procesregisseur=backup,
        )
        aanmelding.refresh_from_db()
        casussen.append(aanmelding.casus)
    assert [c.spoed for c in casussen] == [True, False]


@pytest.mark.parametrize(
    ("wijziging", "melding"),
    [
        ({"vraag": "   "}, "Stel een vraag."),
        ({"uiterlijk_op": "geen"}, "Geef de datum waarop het antwoord er uiterlijk moet zijn."),
        ({"uiterlijk_op": -1}, "De uiterste datum ligt in het verleden"),
        ({"organisaties": []}, "Kies ten minste één organisatie."),
        ({"organisaties": "wijkteam"}, "Vraag alleen organisaties die deelnemen aan deze casus."),
        ({"vraag": "x" * 4001}, "De vraag is te lang"),
    ],
)
def test_a_bad_request_is_refused_with_a_dutch_message_and_nothing_saved(
    huis, as_actor, wijziging, melding
):
    kwargs = {
        "vraag": "Wat is bij u bekend?",
        "uiterlijk_op": _dag(3),
        "organisaties": [huis["org_politie"], huis["org_ggz"]],
    }
    kwargs.update(wijziging)
    if kwargs["uiterlijk_op"] == "geen":
        kwargs["uiterlijk_op"] = None
    elif isinstance(kwargs["uiterlijk_op"], int):
        kwargs["uiterlijk_op"] = _dag(kwargs["uiterlijk_op"])
    if kwargs["organisaties"] == "wijkteam":
        PartnerschapFactory(zvh=huis["zvh"], organisatie=huis["org_wijkteam"])
        kwargs["organisaties"] = [huis["org_politie"], huis["org_wijkteam"]]
    before = Uitvraag.objects.count()
    with pytest.raises(ServiceError, match=re.escape(melding)):
        services_verrijking.uitvragen_stellen(
            actor=_actor(huis, as_actor, "coordinator"), casus=huis["casus"], **kwargs
        )
    assert Uitvraag.objects.count() == before
    assert not AccessLog.objects.filter(event_type=events.UITVRAAG_GESTELD).exists()


def test_today_is_a_valid_due_date(huis, as_actor):
    actor = _actor(huis, as_actor, "coordinator")
    assert _vragen(actor, huis["casus"], [huis["org_politie"]], uiterlijk_op=_dag(0))


def test_a_closed_casus_refuses_requests_and_answers(huis, as_actor):
    casus = huis["casus"]
    casus.status = "afgesloten"
    casus.save(update_fields=["status"])
    with pytest.raises(ServiceError, match="afgesloten"):
        _vragen(_actor(huis, as_actor, "coordinator"), casus, [huis["org_politie"]])
    with pytest.raises(ServiceError, match="afgesloten"):
        services_verrijking.uitvraag_beantwoorden(
            actor=_actor(huis, as_actor, "politie"),
            uitvraag=huis["uitvraag_politie"],
            niets_bekend=True,
        )
    huis["uitvraag_politie"].refresh_from_db()
    assert not huis["uitvraag_politie"].beantwoord
    assert Uitvraag.objects.count() == 2


def test_the_organisation_asked_answers_per_life_domain_and_amends_until_the_due_date(
    huis, as_actor
):
    actor = _actor(huis, as_actor, "politie")
    uitvraag = huis["uitvraag_politie"]
    services_verrijking.uitvraag_beantwoorden(
        actor=actor,
        uitvraag=uitvraag,
        niets_bekend=False,
        algemeen="Bekend van meerdere meldingen.",
        per_leefgebied={"justitie": "Twee aangiftes.", "huisvesting": ""},
    )
    uitvraag.refresh_from_db()
    assert uitvraag.beantwoord and uitvraag.beantwoord_door == huis["politie"]
    assert uitvraag.antwoord_per_leefgebied == {"justitie": "Twee aangiftes."}
    assert uitvraag.antwoord_algemeen == "Bekend van meerdere meldingen."
    eerste = uitvraag.beantwoord_op
    services_verrijking.uitvraag_beantwoorden(
        actor=actor, uitvraag=uitvraag, niets_bekend=False, algemeen="Aangevuld."
    )
    uitvraag.refresh_from_db()
    assert uitvraag.beantwoord_op == eerste and uitvraag.gewijzigd_op is not None
    assert uitvraag.antwoord_per_leefgebied == {} and uitvraag.antwoord_algemeen == "Aangevuld."
    assert list(
        AccessLog.objects.filter(object_id=str(uitvraag.pk))
        .order_by("id")
        .values_list("event_type", flat=True)
    ) == [events.UITVRAAG_BEANTWOORD, events.UITVRAAG_ANTWOORD_GEWIJZIGD]
    na_termijn = timezone.now() + datetime.timedelta(days=9)
    with (
        time_machine.travel(na_termijn, tick=False),
        pytest.raises(ServiceError, match="termijn"),
    ):
        services_verrijking.uitvraag_beantwoorden(actor=actor, uitvraag=uitvraag, niets_bekend=True)
    uitvraag.refresh_from_db()
    assert not uitvraag.niets_bekend


def test_an_overdue_request_can_still_be_answered_once(huis, as_actor):
    uitvraag = UitvraagFactory(casus=huis["casus"], organisatie=huis["org_politie"], verlopen=True)
    assert uitvraag.te_laat
    services_verrijking.uitvraag_beantwoorden(
        actor=_actor(huis, as_actor, "politie"), uitvraag=uitvraag, niets_bekend=True
    )
    uitvraag.refresh_from_db()
    assert uitvraag.beantwoord and uitvraag.niets_bekend and not uitvraag.te_laat


@pytest.mark.parametrize(
    ("kwargs", "melding"),
    [
        ({"niets_bekend": False}, "Vul informatie in bij ten minste één leefgebied"),
        ({"niets_bekend": False, "algemeen": "  "}, "Vul informatie in"),
        ({"niets_bekend": True, "algemeen": "Toch iets"}, "Kies één van beide"),
        (
            {"niets_bekend": False, "per_leefgebied": {"onzin": "tekst"}},
            "Onbekend leefgebied",
        ),
        ({"niets_bekend": False, "algemeen": "x" * 8001}, "te lang"),
    ],
)
def test_a_bad_answer_is_refused_and_nothing_saved(huis, as_actor, kwargs, melding):
    uitvraag = huis["uitvraag_politie"]
    with pytest.raises(ServiceError, match=melding):
        services_verrijking.uitvraag_beantwoorden(
            actor=_actor(huis, as_actor, "politie"), uitvraag=uitvraag, **kwargs
        )
    uitvraag.refresh_from_db()
    assert not uitvraag.beantwoord and uitvraag.antwoord_algemeen == ""


@pytest.mark.parametrize(
    ("naam", "not_found"),
    [
        ("ggz", True),
        ("wijkteam", True),
        ("coordinator", False),
        ("regisseur", False),
        ("manager", True),
        ("ander_huis_politie", True),
    ],
)
def test_only_the_organisation_asked_answers(huis, as_actor, naam, not_found):
    uitvraag = huis["uitvraag_politie"]
    with pytest.raises(Geweigerd) as denied:
        services_verrijking.uitvraag_beantwoorden(
            actor=_actor(huis, as_actor, naam), uitvraag=uitvraag, niets_bekend=True
        )
    assert denied.value.not_found is not_found
    uitvraag.refresh_from_db()
    assert not uitvraag.beantwoord


def test_an_organisation_no_longer_taking_part_can_no_longer_answer(huis, as_actor):
    deelnemer = huis["casus"].deelnemers.get(organisatie=huis["org_politie"])
    services.deelname_beeindigen(deelnemer=deelnemer)
    with pytest.raises(Geweigerd):
        services_verrijking.uitvraag_beantwoorden(
            actor=_actor(huis, as_actor, "politie"),
            uitvraag=huis["uitvraag_politie"],
            niets_bekend=True,
        )


def test_question_and_answer_are_encrypted_at_rest(huis, as_actor):
    uitvraag = _vragen(
        _actor(huis, as_actor, "coordinator"),
        huis["casus"],
        [huis["org_politie"]],
        vraag="Geheime vraag over Jansen",
    )[0]
    services_verrijking.uitvraag_beantwoorden(
        actor=_actor(huis, as_actor, "politie"),
        uitvraag=uitvraag,
        niets_bekend=False,
        algemeen="Geheim algemeen antwoord",
        per_leefgebied={"middelengebruik": "Geheim over middelen"},
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT vraag, antwoord_algemeen, antwoord_leefgebieden FROM casus_uitvraag "
            "WHERE id = %s",
            [uitvraag.pk],
        )
        raw = b"".join(bytes(value) for value in cursor.fetchone())
    for plain in ("Geheime vraag", "Geheim algemeen", "Geheim over middelen", "middelengebruik"):
        assert plain.encode() not in raw
    changes = " ".join(str(e.changes) for e in LogEntry.objects.filter(object_pk=str(uitvraag.pk)))
    assert changes and "Geheim" not in changes and "middelengebruik" not in changes
    assert "Jansen" not in str(uitvraag)


# Views: who sees what --------------------------------------------------------------------

# role -> status of: the casus's verrijking page, Politie's request, the "uitvragen"
# worklist, the house's open requests.
MATRIX = {
    "coordinator": (200, 200, 403, 200),
    "regisseur": (200, 200, 403, 403),
    "politie": (404, 200, 200, 403),
    "ggz": (404, 404, 200, 403),
    "wijkteam": (404, 404, 200, 403),
    "manager": (404, 404, 403, 403),
    "officer": (404, 404, 403, 403),
    "ander_huis_coordinator": (404, 404, 403, 200),
    "ander_huis_politie": (404, 404, 200, 403),
}

# role -> the requests each worklist lists (of politie's "p" and ggz's "g").
LIJSTEN = {
    "coordinator": (None, {"p"}),  # only Politie's is open
    "politie": ({"p"}, None),
    "ggz": ({"g"}, None),
    "wijkteam": (set(), None),
    "ander_huis_coordinator": (None, set()),
    "ander_huis_politie": (set(), None),
}


def _ids(page, huis):
    found = set()
    if str(huis["uitvraag_politie"].pk) in page:
        found.add("p")
    if str(huis["uitvraag_ggz"].pk) in page:
        found.add("g")
    return found


@pytest.mark.parametrize("naam", sorted(MATRIX))
def test_visibility_matrix_object_and_list_forms(client, login, huis, naam):
    login(huis[naam])
    urls = [
        reverse("casus:verrijking", args=[huis["casus"].pk]),
        reverse("casus:uitvraag", args=[huis["uitvraag_politie"].pk]),
        reverse("casus:uitvragen"),
        reverse("casus:uitvragen_openstaand"),
    ]
    statuses = []
    pages = []
    for url in urls:
        response = client.get(url)
        statuses.append(response.status_code)
        pages.append(response.content.decode())
    assert tuple(statuses) == MATRIX[naam]
    for status, page in zip(statuses, pages, strict=True):
        if status != 200:
            assert "Wat weet u over" not in page and huis["persoon"].naam not in page
    werkvoorraad, openstaand = LIJSTEN.get(naam, (None, None))
    if werkvoorraad is not None:
        assert _ids(pages[2], huis) == werkvoorraad
    if openstaand is not None:
        assert _ids(pages[3], huis) == openstaand


def test_a_denied_request_page_is_an_audited_404(client, login, huis):
    login(huis["ggz"])
    response = client.get(reverse("casus:uitvraag", args=[huis["uitvraag_politie"].pk]))
    assert response.status_code == 404
    row = AccessLog.objects.get(event_type=events.TOEGANG_GEWEIGERD)
    assert row.outcome == Outcome.DENIED and row.detail == "uitvraag.bekijken"


def test_an_answer_by_an_organisation_not_asked_is_denied_audited_and_not_saved(
    client, login, huis
):
    login(huis["ggz"])
    response = client.post(
        reverse("casus:uitvraag", args=[huis["uitvraag_politie"].pk]),
        {"niets_bekend": "on"},
    )
    assert response.status_code == 404
    assert AccessLog.objects.filter(
        event_type=events.TOEGANG_GEWEIGERD, outcome=Outcome.DENIED
    ).exists()
    huis["uitvraag_politie"].refresh_from_db()
    assert not huis["uitvraag_politie"].beantwoord


def test_the_coordinator_sees_every_answer_with_who_and_when(client, login, huis, as_actor):
    services_verrijking.uitvraag_beantwoorden(
        actor=_actor(huis, as_actor, "politie"),
        uitvraag=huis["uitvraag_politie"],
        niets_bekend=False,
        per_leefgebied={"justitie": "Twee aangiftes van bedreiging."},
    )
    login(huis["coordinator"])
    page = client.get(reverse("casus:verrijking", args=[huis["casus"].pk])).content.decode()
    assert "Twee aangiftes van bedreiging." in page
    assert "Huurachterstand van drie maanden." in page  # GGZ's answer
    assert huis["politie"].get_full_name() in page
    assert escape(huis["persoon"].naam) in page
    row = AccessLog.objects.get(event_type=events.VERRIJKING_BEKEKEN)
    assert row.getoonde_personen == [huis["persoon"].audit_pseudoniem]
    assert row.casus_id == str(huis["casus"].pk)


def test_a_partner_sees_its_own_answer_never_another_partners(client, login, huis):
    login(huis["ggz"])
    page = client.get(reverse("casus:uitvraag", args=[huis["uitvraag_ggz"].pk])).content
    assert b"Huurachterstand" in page
    assert huis["uitvraag_politie"].vraag.encode() not in page
    row = AccessLog.objects.get(event_type=events.UITVRAAG_BEKEKEN)
    assert row.getoonde_personen == [huis["persoon"].audit_pseudoniem]


def test_the_partner_answers_through_the_page(client, login, huis):
    login(huis["politie"])
    url = reverse("casus:uitvraag", args=[huis["uitvraag_politie"].pk])
    response = client.post(url, {"leefgebied_justitie": "Aangifte.", "algemeen": "Bekend."})
    assert response.status_code == 302
    uitvraag = Uitvraag.objects.get(pk=huis["uitvraag_politie"].pk)
    assert uitvraag.antwoord_per_leefgebied == {"justitie": "Aangifte."}
    response = client.post(url, {"niets_bekend": "on", "algemeen": "Toch iets."})
    assert response.status_code == 400
    assert "Kies één van beide" in response.content.decode()
    uitvraag.refresh_from_db()
    assert not uitvraag.niets_bekend


def test_the_coordinator_asks_through_the_page_and_bad_input_shows_the_reason(client, login, huis):
    login(huis["coordinator"])
    url = reverse("casus:verrijking", args=[huis["casus"].pk])
    before = Uitvraag.objects.count()
    gisteren = _dag(-1).isoformat()
    for data, melding in (
        ({"organisaties": [huis["org_politie"].pk], "uiterlijk_op": _dag(2)}, "Stel een vraag."),
        ({"organisaties": [huis["org_politie"].pk], "vraag": "V?"}, "Geef de datum"),
        (
            {"organisaties": [huis["org_politie"].pk], "vraag": "V?", "uiterlijk_op": gisteren},
            "in het verleden",
        ),
        ({"vraag": "V?", "uiterlijk_op": _dag(2)}, "Kies ten minste één organisatie."),
        (
            {"organisaties": [huis["org_wijkteam"].pk], "vraag": "V?", "uiterlijk_op": _dag(2)},
            "Selecteer een geldige keuze",
        ),
    ):
        response = client.post(url, data)
        assert response.status_code == 400
        assert melding in response.content.decode(), melding
    assert Uitvraag.objects.count() == before
    response = client.post(
        url,
        {
            "organisaties": [huis["org_politie"].pk, huis["org_ggz"].pk],
            "vraag": "V?",
            "uiterlijk_op": _dag(2),
        },
    )
    assert response.status_code == 302
    assert Uitvraag.objects.count() == before + 2


def test_a_request_on_a_closed_casus_through_the_page_is_refused(client, login, huis):
    huis["casus"].status = "afgesloten"
    huis["casus"].save(update_fields=["status"])
    login(huis["coordinator"])
    response = client.post(
        reverse("casus:verrijking", args=[huis["casus"].pk]),
        {"organisaties": [huis["org_politie"].pk], "vraag": "V?", "uiterlijk_op": _dag(2)},
    )
    assert response.status_code == 400
    assert "afgesloten" in response.content.decode()
    assert Uitvraag.objects.count() == 2


def test_the_procesregisseur_of_a_non_spoed_casus_is_refused_403_audited(client, login, huis):
    login(huis["regisseur"])
    page = client.get(reverse("casus:verrijking", args=[huis["casus"].pk])).content.decode()
    assert "Uitvraag versturen" not in page
    response = client.post(
        reverse("casus:verrijking", args=[huis["casus"].pk]),
        {"organisaties": [huis["org_politie"].pk], "vraag": "V?", "uiterlijk_op": _dag(2)},
    )
    assert response.status_code == 403
    assert AccessLog.objects.filter(
        event_type=events.TOEGANG_GEWEIGERD, detail="verrijking.uitvragen"
    ).exists()
    assert Uitvraag.objects.count() == 2


def test_overdue_requests_are_shown_to_the_coordinator(client, login, huis):
    verlopen = UitvraagFactory(casus=huis["casus"], organisatie=huis["org_ggz"], verlopen=True)
    login(huis["coordinator"])
    page = client.get(reverse("casus:verrijking", args=[huis["casus"].pk])).content.decode()
    assert "1 uitvraag is verlopen zonder antwoord." in page
    lijst = client.get(reverse("casus:uitvragen_openstaand")).content.decode()
    assert "waarvan verlopen: 1" in lijst
    assert str(verlopen.casus_id) in lijst and "<strong>verlopen</strong>" in lijst
    home = client.get(reverse("home")).content.decode()
    assert "(1 verlopen)" in home


def test_the_worklist_puts_open_requests_first_overdue_leading(client, login, huis):
    politie = huis["org_politie"]
    casus = huis["casus"]
    later = UitvraagFactory(casus=casus, organisatie=politie, uiterlijk_op=_dag(20))
    verlopen = UitvraagFactory(casus=casus, organisatie=politie, verlopen=True)
    klaar = UitvraagFactory(casus=casus, organisatie=politie, met_antwoord=True)
    login(huis["politie"])
    page = client.get(reverse("casus:uitvragen")).content.decode()
    volgorde = [verlopen, huis["uitvraag_politie"], later, klaar]
    positions = [page.index(str(u.pk)) for u in volgorde]
    assert positions == sorted(positions)
    assert "Open: 3, waarvan verlopen: 1." in page
    row = AccessLog.objects.get(event_type=events.UITVRAGEN_BEKEKEN)
    assert huis["persoon"].audit_pseudoniem in row.getoonde_personen


def test_requests_of_a_closed_casus_wait_for_nothing(client, login, huis):
    gesloten = CasusFactory(zvh=huis["zvh"], afgesloten=True, deelnemers=[huis["org_politie"]])
    vraag = UitvraagFactory(casus=gesloten, organisatie=huis["org_politie"], verlopen=True)
    login(huis["coordinator"])
    lijst = client.get(reverse("casus:uitvragen_openstaand")).content.decode()
    assert str(vraag.pk) not in lijst and "Aantal: 1, waarvan verlopen: 0." in lijst
    login(huis["politie"])
    page = client.get(reverse("casus:uitvragen")).content.decode()
    assert str(vraag.pk) in page and "casus afgesloten" in page
    assert "Open: 1, waarvan verlopen: 0." in page


def test_the_worklists_page_by_keyset(client, login, huis):
    UitvraagFactory.create_batch(55, casus=huis["casus"], organisatie=huis["org_politie"])
    login(huis["politie"])
    first = client.get(reverse("casus:uitvragen")).content.decode()
    rij = re.compile(r'href="/uitvragen/[0-9a-f-]{36}/"')
    assert len(rij.findall(first)) == 50
    cursor = re.search(r'href="\?na=([^"]+)"', first)[1]
    import html
    from urllib.parse import unquote

    second = client.get(reverse("casus:uitvragen"), {"na": unquote(html.unescape(cursor))})
    assert len(rij.findall(second.content.decode())) == 6
    bad = client.get(reverse("casus:uitvragen"), {"na": "vervalst"})
    assert bad.status_code == 200 and "ongeldig" in bad.content.decode()


# Query budgets ---------------------------------------------------------------------------


def _count(client, url, assert_max):
    """Queries of one request (after a first one: the session's first request does its own
    bookkeeping), within the budget."""
    client.get(url)
    with assert_max(QUERY_BUDGET), CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(huis, n, **kwargs):
    for _ in range(n):
        casus = CasusFactory(zvh=huis["zvh"], deelnemers=[huis["org_politie"]])
        casus.personen.add(PersoonFactory(zvh=huis["zvh"]), PersoonFactory(zvh=huis["zvh"]))
        UitvraagFactory(casus=casus, organisatie=huis["org_politie"], **kwargs)


@pytest.mark.parametrize(
    ("naam", "url_name"),
    [("politie", "casus:uitvragen"), ("coordinator", "casus:uitvragen_openstaand")],
)
def test_worklist_query_count_is_fixed_at_1_and_50_rows(
    client, login, huis, naam, url_name, django_assert_max_num_queries
):
    login(huis[naam])
    url = reverse(url_name)
    een = _count(client, url, django_assert_max_num_queries)
    _grow(huis, 49)
    vijftig = _count(client, url, django_assert_max_num_queries)
    assert een == vijftig, (een, vijftig)
    assert client.get(url).content.decode().count(">open<") == 50


def test_verrijking_page_query_count_is_fixed_at_1_and_50_requests(
    client, login, huis, django_assert_max_num_queries
):
    login(huis["coordinator"])
    url = reverse("casus:verrijking", args=[huis["casus"].pk])
    een = _count(client, url, django_assert_max_num_queries)
    for i in range(48):
        UitvraagFactory(
            casus=huis["casus"],
            organisatie=huis["org_ggz" if i % 2 else "org_politie"],
            met_antwoord=True,
        )
    vijftig = _count(client, url, django_assert_max_num_queries)
    assert een == vijftig, (een, vijftig)


def test_request_page_query_count(client, login, huis, django_assert_max_num_queries):
    login(huis["politie"])
    with django_assert_max_num_queries(QUERY_BUDGET):
        client.get(reverse("casus:uitvraag", args=[huis["uitvraag_politie"].pk]))
