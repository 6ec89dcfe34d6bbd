"""Pages of referral and triage: the access matrix, audit per view, bad input, query budgets."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from aanmelding import services
from aanmelding.models import Aanmelding, Status
from audit.models import AccessLog
from casus.models import Casus, Persoon
from partners.models import Rol
from tests.aanmelding.factories import AanmeldingFactory
from tests.partners.factories import PartnerschapFactory

# Session, user, device, roles, count, rows, prefetch, audit (lock, last, insert), savepoints
# and the session save: the same at 1 and at 50 rows.
QUERY_BUDGET = 18


def _rows(page, prefix):
    return len(re.findall(rf'href="/{prefix}/[0-9a-f-]{{36}}/"', page))


VIEWS = ["detail", "triage", "persoon", "casus"]

# role → expected status per view, for a submitted referral of organisation A in house Z.
MATRIX = {
    "aanmelder": {"detail": 200, "triage": 403, "persoon": 404, "casus": 200},
    "collega": {"detail": 200, "triage": 403, "persoon": 404, "casus": 200},
    "andere_partner": {"detail": 404, "triage": 404, "persoon": 404, "casus": 404},
    "procesregisseur": {"detail": 200, "triage": 200, "persoon": 200, "casus": 200},
    "regisseur_ander_huis": {"detail": 404, "triage": 404, "persoon": 404, "casus": 404},
    "manager": {"detail": 404, "triage": 404, "persoon": 404, "casus": 404},
}


@pytest.fixture
def wereld(zvh, other_zvh, make_user, regisseur, regisseur2, thema, as_actor):
    from tests.aanmelding.conftest import ALLE_JA

    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    org = aanmelding.organisatie
    geaccepteerd = AanmeldingFactory(
        zvh=zvh, ingediend=True, aangemeld_door=aanmelding.aangemeld_door
    )
    services.triage_besluiten(
        actor=as_actor(regisseur, zvh),
        aanmelding=geaccepteerd,
        besluit="accepteren",
        oordelen=dict(ALLE_JA),
        themas=[thema],
        ave_niveau=3,
        procesregisseur=regisseur,
        backup_procesregisseur=regisseur2,
    )
    geaccepteerd.refresh_from_db()
    ander_huis = make_user(other_zvh, Rol.PROCESREGISSEUR)
    return {
        "aanmelding": aanmelding,
        "casus": geaccepteerd.casus,
        "persoon": aanmelding.personen.first(),
        "users": {
            "aanmelder": aanmelding.aangemeld_door,
            "collega": make_user(zvh, Rol.KETENPARTNER, organisatie=org),
            "andere_partner": make_user(zvh, Rol.KETENPARTNER),
            "procesregisseur": regisseur,
            "regisseur_ander_huis": ander_huis,
            "manager": make_user(zvh, Rol.MANAGER),
        },
    }


def _url(view, w):
    return {
        "detail": reverse("aanmelding:detail", args=[w["aanmelding"].pk]),
        "triage": reverse("aanmelding:triage", args=[w["aanmelding"].pk]),
        "persoon": reverse("casus:persoon", args=[w["persoon"].pk]),
        "casus": reverse("casus:casus", args=[w["casus"].pk]),
    }[view]


@pytest.mark.parametrize("rol", list(MATRIX))
def test_access_matrix(rol, wereld, login):
    client = login(wereld["users"][rol])
    for view in VIEWS:
        before = AccessLog.objects.count()
        response = client.get(_url(view, wereld))
        assert response.status_code == MATRIX[rol][view], (rol, view)
        new = AccessLog.objects.filter(pk__gt=0).order_by("-id")[
            : AccessLog.objects.count() - before
        ]
        outcomes = [row.outcome for row in new]
        if response.status_code == 200:
            assert outcomes == ["success"], (rol, view)
        else:
            assert outcomes == ["denied"], (rol, view)


def test_detail_view_is_one_read_event_with_pseudonym(wereld, login):
    aanmelding = wereld["aanmelding"]
    client = login(wereld["users"]["procesregisseur"])
    before = AccessLog.objects.count()
    response = client.get(reverse("aanmelding:detail", args=[aanmelding.pk]))
    assert response.status_code == 200
    rows = list(AccessLog.objects.order_by("id")[before:])
    assert [(r.event_type, r.action) for r in rows] == [("aanmelding_bekeken", "read")]
    assert rows[0].persoon_pseudoniem == wereld["persoon"].audit_pseudoniem
    assert rows[0].object_id == str(aanmelding.pk)


def test_manager_sees_no_referral_menu_and_no_personal_data(wereld, login):
    client = login(wereld["users"]["manager"])
    home = client.get("/").content.decode()
    assert "Triage" not in home and "Mijn aanmeldingen" not in home
    assert client.get(reverse("aanmelding:werkvoorraad")).status_code == 403
    assert client.get(reverse("aanmelding:mijn")).status_code == 403


def test_lists_show_only_what_the_user_may_see(wereld, login, zvh):
    andere = wereld["users"]["andere_partner"]
    AanmeldingFactory(zvh=zvh, aangemeld_door=andere, organisatie=andere.organisatie)
    naam = escape(wereld["persoon"].achternaam)  # as the page prints it
    page = login(andere).get(reverse("aanmelding:mijn")).content.decode()
    assert naam not in page
    assert _rows(page, "aanmeldingen") == 1
    page = login(wereld["users"]["aanmelder"]).get(reverse("aanmelding:mijn")).content.decode()
    assert naam in page


def _post_referral(client, **overrides):
    data = {
        "reden": "Escalerende overlast",
        "leefgebied_huisvesting": "Dreigende uitzetting",
        "leefgebied_justitie": "Aangiftes",
        "spoed": "",
        "melder_naam": "K. Wijkagent",
        "melder_telefoon": "0612345678",
        "persoon_geinformeerd": "nee",
        "niet_geinformeerd_reden": "Gevaar voor escalatie",
    }
    for letter in "abcd":
        data[f"wgs_{letter}"] = "ja"
        data[f"wgs_{letter}_motivatie"] = f"Motivatie {letter}"
    data.update(overrides)
    return client.post(reverse("aanmelding:nieuw"), data)


def test_referral_form_to_submission(zvh, other_zvh, aanmelder, make_user, login):
    client = login(aanmelder)
    vreemd = make_user(other_zvh, Rol.KETENPARTNER).organisatie
    response = _post_referral(client, betrokken_organisaties=[vreemd.pk])
    assert response.status_code == 400
    assert not Aanmelding.objects.exists()
    response = _post_referral(client, betrokken_organisaties=[aanmelder.organisatie.pk])
    assert response.status_code == 302
    aanmelding = Aanmelding.objects.get()
    assert list(aanmelding.betrokken_organisaties.all()) == [aanmelder.organisatie]
    url = reverse("aanmelding:persoon_toevoegen", args=[aanmelding.pk])
    response = client.post(url, {"bsn": "111222333", "voornamen": "Sanne", "achternaam": "Boer"})
    assert response.status_code == 302
    response = client.post(reverse("aanmelding:indienen", args=[aanmelding.pk]))
    assert response.status_code == 302
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.INGEDIEND
    again = client.post(reverse("aanmelding:indienen", args=[aanmelding.pk]))
    assert again.status_code == 302
    assert client.get(reverse("aanmelding:wijzigen", args=[aanmelding.pk])).status_code == 403


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"bsn": "111222334", "achternaam": "Boer"}, "Dit BSN voldoet niet aan de elfproef."),
        ({"bsn": "11122233a", "achternaam": "Boer"}, "Een BSN bestaat alleen uit cijfers."),
        ({"bsn": "1112223", "achternaam": "Boer"}, "Een BSN heeft precies 9 cijfers."),
        ({"bsn": "", "voornamen": "", "achternaam": ""}, "ten minste een voornaam of achternaam"),
        ({"achternaam": "Boer", "geboortedatum": "2999-01-01"}, "ligt in de toekomst"),
    ],
)
def test_bad_person_input_gives_dutch_errors_and_changes_nothing(
    zvh, aanmelder, login, data, message
):
    aanmelding = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, personen=0)
    client = login(aanmelder)
    response = client.post(reverse("aanmelding:persoon_toevoegen", args=[aanmelding.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Persoon.objects.exists()


def test_adding_a_known_person_answers_as_for_an_unknown_one(zvh, aanmelder, login):
    """Regression: the form said "al geregistreerd in dit huis" for a BSN or a name and date
    of birth that another organisation had registered, an existence oracle."""
    from tests.casus.factories import PersoonFactory

    bekend = PersoonFactory(zvh=zvh, bsn="111222333", voornamen="Sanne", achternaam="Boer")
    client = login(aanmelder)
    answers = []
    for gegevens in (
        {"bsn": "111222333", "achternaam": "Boer"},
        {"voornamen": "Sanne", "achternaam": "Boer", "geboortedatum": bekend.geboortedatum},
        {"bsn": "123456782", "achternaam": "Boer"},
        {"voornamen": "Sanne", "achternaam": "Boer", "geboortedatum": "1990-01-01"},
    ):
        aanmelding = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, personen=0)
        url = reverse("aanmelding:persoon_toevoegen", args=[aanmelding.pk])
        response = client.post(url, gegevens, follow=True)
        page = response.content.decode()
        answers.append((response.redirect_chain, "De persoon is toegevoegd." in page))
        assert "geregistreerd" not in page and "koppel" not in page.lower()
    assert [ok for _chain, ok in answers] == [True] * 4
    assert [len(chain) for chain, _ok in answers] == [1] * 4
    assert Persoon.objects.count() == 1


def test_future_informed_date_and_incomplete_submission_refused(zvh, aanmelder, login):
    client = login(aanmelder)
    response = _post_referral(client, persoon_geinformeerd="ja", geinformeerd_op="2999-01-01")
    assert response.status_code == 400
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    assert not Aanmelding.objects.exists()
    aanmelding = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, personen=0)
    response = client.post(reverse("aanmelding:indienen", args=[aanmelding.pk]))
    assert response.status_code == 400
    assert "Voeg ten minste één persoon toe." in response.content.decode()
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == Status.CONCEPT


def _triage_data(regisseur, regisseur2, thema, **overrides):
    data = {
        "besluit": "accepteren",
        "themas": [thema.pk],
        "ave_niveau": "3",
        "procesregisseur": regisseur.pk,
        "backup_procesregisseur": regisseur2.pk,
    }
    for letter in "abcd":
        data[f"oordeel_{letter}"] = "ja"
        data[f"oordeel_{letter}_motivatie"] = f"Motivatie {letter}"
    data.update(overrides)
    return data


def test_triage_accept_through_the_page(zvh, regisseur, regisseur2, thema, login):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    client = login(regisseur)
    url = reverse("aanmelding:triage", args=[aanmelding.pk])
    missing = _triage_data(regisseur, regisseur2, thema, oordeel_b_motivatie="")
    response = client.post(url, missing)
    assert response.status_code == 400
    assert "schriftelijke motivatie" in response.content.decode()
    assert not Casus.objects.exists()
    response = client.post(url, _triage_data(regisseur, regisseur2, thema))
    assert response.status_code == 302
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.GEACCEPTEERD and aanmelding.casus_id
    log = AccessLog.objects.filter(event_type="triage_besluit").get()
    assert log.outcome == "success" and log.action == "update"
    # A second decision on the same referral: clear message, nothing changed, audited.
    response = client.post(url, _triage_data(regisseur, regisseur2, thema), follow=True)
    assert "al besloten" in response.content.decode()
    assert Casus.objects.count() == 1
    assert AccessLog.objects.filter(event_type="triage_besluit", outcome="error").count() == 1


def test_triage_shows_possible_registrations_records_them_and_links_the_chosen_one(
    zvh, aanmelder, regisseur, regisseur2, thema, login
):
    from tests.aanmelding.factories import ingevoerd
    from tests.casus.factories import PersoonFactory

    bekend = PersoonFactory(zvh=zvh, bsn="111222333", achternaam="Bekend")
    naamgenoot = PersoonFactory(zvh=zvh, bsn="", voornamen="Noor", achternaam="Smit")
    aanmelding = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, personen=0, ingediend=True)
    eerste = aanmelding.aanmeldingpersoon_set.create(
        volgorde=0, **{**ingevoerd(bekend), "achternaam": "Bekend-Anders"}
    )
    tweede = aanmelding.aanmeldingpersoon_set.create(
        volgorde=1, relatie="kind", **ingevoerd(naamgenoot)
    )
    client = login(regisseur)
    url = reverse("aanmelding:triage", args=[aanmelding.pk])
    page = client.get(url).content.decode()
    assert "Mogelijk al geregistreerd in dit huis" in page
    assert "zelfde BSN" in page and "zelfde naam en geboortedatum" in page
    assert f'value="{bekend.pk}"' in page and f'value="{naamgenoot.pk}"' in page
    # One read row for the page, listing the referral's persons and both registrations.
    row = AccessLog.objects.filter(event_type="aanmelding_bekeken").latest("id")
    assert {bekend.audit_pseudoniem, naamgenoot.audit_pseudoniem} <= set(row.getoonde_personen)
    assert f"p-{tweede.sleutel}".replace("-", "") in [
        p.replace("-", "") for p in row.getoonde_personen
    ]
    data = _triage_data(
        regisseur,
        regisseur2,
        thema,
        **{f"persoon_{eerste.pk}": str(bekend.pk), f"persoon_{tweede.pk}": "nieuw"},
    )
    assert client.post(url, data).status_code == 302
    aanmelding.refresh_from_db()
    nieuw = Persoon.objects.get(pk=tweede.sleutel)
    assert set(aanmelding.casus.personen.all()) == {bekend, nieuw}
    assert Persoon.objects.count() == 3


@pytest.mark.parametrize("rows", [1, 50])
def test_triage_queue_query_budget(rows, zvh, regisseur, login, django_assert_max_num_queries):
    PartnerschapFactory(zvh=zvh, organisatie=regisseur.organisatie)
    for i in range(rows):
        AanmeldingFactory(zvh=zvh, ingediend=True, personen=2, met_spoed=i % 3 == 0)
    client = login(regisseur)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(reverse("aanmelding:werkvoorraad"))
    assert response.status_code == 200
    assert _rows(response.content.decode(), "triage") == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_mijn_aanmeldingen_query_budget(rows, zvh, aanmelder, login, django_assert_max_num_queries):
    AanmeldingFactory.create_batch(rows, zvh=zvh, aangemeld_door=aanmelder, personen=2)
    client = login(aanmelder)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(reverse("aanmelding:mijn"))
    assert response.status_code == 200
    assert _rows(response.content.decode(), "aanmeldingen") == rows


def test_queue_orders_spoed_first_then_oldest(zvh, regisseur, login):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    oud = AanmeldingFactory(zvh=zvh, ingediend=True, ingediend_op=now - timedelta(days=9))
    nieuw = AanmeldingFactory(zvh=zvh, ingediend=True, ingediend_op=now - timedelta(days=1))
    spoed = AanmeldingFactory(zvh=zvh, ingediend=True, met_spoed=True, ingediend_op=now)
    AanmeldingFactory(zvh=zvh)  # a draft never shows in the queue
    page = login(regisseur).get(reverse("aanmelding:werkvoorraad")).content.decode()
    positions = [page.index(str(a.pk)) for a in (spoed, oud, nieuw)]
    assert positions == sorted(positions)
    assert _rows(page, "triage") == 3
    assert ">9dagen<" in page.replace(" ", "")


def test_procesregisseur_does_not_see_drafts_of_partners(zvh, regisseur, login):
    concept = AanmeldingFactory(zvh=zvh)
    client = login(regisseur)
    assert client.get(reverse("aanmelding:triage", args=[concept.pk])).status_code == 404
    assert client.get(reverse("aanmelding:detail", args=[concept.pk])).status_code == 404


def test_referrer_sees_what_it_entered_never_the_registration(
    zvh, aanmelder, regisseur, regisseur2, thema, login, as_actor
):
    from tests.aanmelding.conftest import ALLE_JA
    from tests.casus.factories import PersoonFactory

    bekend = PersoonFactory(zvh=zvh, bsn="111222333", achternaam="Verborgen", adres="Geheim 9")
    aanmelding = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, personen=0)
    client = login(aanmelder)
    toevoegen = reverse("aanmelding:persoon_toevoegen", args=[aanmelding.pk])
    client.post(toevoegen, {"bsn": "111222333", "achternaam": "Xander"})
    client.post(reverse("aanmelding:indienen", args=[aanmelding.pk]))
    link = aanmelding.aanmeldingpersoon_set.get()
    aanmelding.refresh_from_db()
    services.triage_besluiten(
        actor=as_actor(regisseur, zvh),
        aanmelding=aanmelding,
        besluit="accepteren",
        oordelen=dict(ALLE_JA),
        themas=[thema],
        ave_niveau=3,
        procesregisseur=regisseur,
        backup_procesregisseur=regisseur2,
        koppelingen={link.pk: bekend},
    )
    for url in (reverse("aanmelding:detail", args=[aanmelding.pk]), reverse("aanmelding:mijn")):
        page = client.get(url).content.decode()
        assert "Xander" in page
        assert "Verborgen" not in page and "Geheim 9" not in page


@pytest.mark.parametrize(
    ("rol", "telefonisch"), [("procesregisseur", True), ("ketenpartner", False)]
)
def test_phone_referral_only_recorded_by_zvh_staff(rol, telefonisch, zvh, make_user, login):
    client = login(make_user(zvh, rol))
    assert _post_referral(client, telefonisch="on").status_code == 302
    assert Aanmelding.objects.get().telefonisch is telefonisch


def test_manager_of_a_deelnemer_organisation_does_not_see_the_casus(wereld, make_user, zvh, login):
    org = wereld["users"]["aanmelder"].organisatie
    manager = make_user(zvh, Rol.MANAGER, organisatie=org)
    response = login(manager).get(reverse("casus:casus", args=[wereld["casus"].pk]))
    assert response.status_code == 404
