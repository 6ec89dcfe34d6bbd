"""Leefgebied scores and the pitch (issue 11, points 2, 3 and 5): services, pages, who sees
what, audit rows, encryption at rest, the optimistic lock and query budgets."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from audit import events
from audit.models import AccessLog, over_persoon
from casus import selectors_scores
from casus.models import (
    ZRM_LEEFGEBIEDEN,
    Leefgebied,
    Pitch,
    PitchFeit,
    Schaalwaarde,
    Score,
    Scoreformulier,
)
from casus.scoreschaal import zrm_inrichten
from casus.services_scores import (
    PitchConflict,
    ScoreInvoer,
    pitch_gereed_melden,
    pitch_opslaan,
    scoreformulier_opslaan,
)
from core.errors import ServiceError
from core.policy import Geweigerd
from partners.models import OrganisatieType, Rol
from tests.casus.factories import (
    CasusFactory,
    PersoonFactory,
    PitchFactory,
    ScoreFactory,
    ScoreformulierFactory,
    zrm_huis,
)
from tests.conftest import actor_for, verify_session
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory, ZvhFactory

VANDAAG = timezone.localdate


@pytest.fixture
def w(db, make_user):
    """A house with the ZRM; its own staff; Politie takes part in the casus, GGZ is a partner
    of the house that does not; a manager, a privacy officer; staff of another house."""
    huis = zrm_huis(ZvhFactory())
    elders = zrm_huis(ZvhFactory())
    eigen = OrganisatieFactory(type=OrganisatieType.ZVH)
    politie, ggz = OrganisatieFactory(), OrganisatieFactory()
    PartnerschapFactory(zvh=huis, organisatie=ggz)
    users = {
        "coordinator": make_user(huis, Rol.INFORMATIECOORDINATOR, organisatie=eigen),
        "regisseur": make_user(huis, Rol.PROCESREGISSEUR, organisatie=eigen),
        "manager": make_user(huis, Rol.MANAGER, organisatie=eigen),
        "officer": make_user(huis, Rol.PRIVACY_OFFICER, organisatie=eigen),
        "elders": make_user(elders, Rol.INFORMATIECOORDINATOR),
    }
    personen = [PersoonFactory(zvh=huis), PersoonFactory(zvh=huis)]
    casus = CasusFactory(
        zvh=huis,
        procesregisseur=users["regisseur"],
        backup_procesregisseur=make_user(huis, Rol.PROCESREGISSEUR, organisatie=eigen),
        deelnemers=[politie],
    )
    casus.personen.set(personen)
    users["deelnemer"] = make_user(huis, Rol.KETENPARTNER, organisatie=politie)
    users["geen_deelnemer"] = make_user(huis, Rol.KETENPARTNER, organisatie=ggz)
    return {
        "huis": huis,
        "elders": elders,
        "casus": casus,
        "personen": personen,
        "politie": politie,
        "ggz": ggz,
        "users": users,
        "actor": lambda naam: actor_for(users[naam], elders if naam == "elders" else huis),
    }


def _invoer(waarde=2, bron=None, dagen_oud=3, motivatie="Schulden bij meerdere instanties."):
    return ScoreInvoer(
        waarde=waarde,
        motivatie=motivatie,
        bron_organisatie_id=bron,
        informatie_datum=VANDAAG() - datetime.timedelta(days=dagen_oud),
    )


def _scoren(w, naam="coordinator", **scores):
    return scoreformulier_opslaan(
        actor=w["actor"](naam),
        casus=w["casus"],
        persoon=w["personen"][0],
        datum=VANDAAG(),
        scores=scores or {"financien": _invoer(bron=w["politie"].pk)},
    )


def _pitch(w, naam="coordinator", basis=0, **velden):
    return pitch_opslaan(
        actor=w["actor"](naam),
        casus=w["casus"],
        basis_versie=basis,
        aanleiding=velden.get("aanleiding", "Zorgen over escalatie thuis."),
        feiten=velden.get("feiten", {"huisvesting": "Dreigende uithuiszetting."}),
        risicos=velden.get("risicos", "Geweld bij uithuiszetting."),
        kansen=velden.get("kansen", "Wil meewerken met de GGZ."),
        vraag=velden.get("vraag", "Wie neemt de regie op huisvesting?"),
    )


# Configuration ------------------------------------------------------------------------------


def test_a_house_is_seeded_with_the_zrm_and_seeding_twice_changes_nothing(w):
    huis = w["huis"]
    codes = list(Leefgebied.objects.filter(zvh=huis).values_list("code", flat=True))
    assert codes == [code for code, _ in ZRM_LEEFGEBIEDEN] and len(codes) == 13
    schaal = list(Schaalwaarde.objects.filter(zvh=huis).values_list("waarde", "label"))
    assert schaal[0] == (1, "Acute problematiek") and schaal[-1] == (5, "Volledig zelfredzaam")
    Leefgebied.objects.filter(zvh=huis, code="justitie").update(naam="Justitie en politie")
    zrm_inrichten(huis.pk)
    assert Leefgebied.objects.filter(zvh=huis).count() == 13
    assert Leefgebied.objects.get(zvh=huis, code="justitie").naam == "Justitie en politie"


def test_the_zrm_codes_are_those_the_referral_asks_about():
    from aanmelding.models import LEEFGEBIEDEN

    assert [code for code, _ in ZRM_LEEFGEBIEDEN] == [code for code, _ in LEEFGEBIEDEN]


def test_a_house_made_by_maak_beheerder_gets_the_zrm(db):
    from core.actor import machine_actor
    from partners.inrichting import beheerder_inrichten

    beheerder_inrichten(
        actor=machine_actor("commando:maak_beheerder"),
        zvh_code="nieuw",
        username="beheer",
        huisnaam="ZVH Nieuw",
    )
    assert Leefgebied.objects.filter(zvh__code="nieuw").count() == 13
    assert Schaalwaarde.objects.filter(zvh__code="nieuw").count() == 5


# Scores: services ---------------------------------------------------------------------------


def test_a_round_stores_only_the_scored_domains_and_is_audited(w):
    formulier = _scoren(
        w,
        financien=_invoer(2, bron=w["politie"].pk),
        huisvesting=_invoer(1, bron=None, dagen_oud=45),
    )
    scores = {s.leefgebied.code: s for s in formulier.scores.select_related("leefgebied")}
    assert set(scores) == {"financien", "huisvesting"}  # the other 11: niet gescoord
    assert scores["financien"].bron_organisatie == w["politie"]
    assert scores["huisvesting"].bron_organisatie is None  # the house itself
    assert scores["huisvesting"].niet_actueel and not scores["financien"].niet_actueel
    row = AccessLog.objects.get(event_type=events.SCOREFORMULIER_OPGESLAGEN)
    assert row.casus_id == str(w["casus"].pk)
    assert row.persoon_pseudoniem == w["personen"][0].audit_pseudoniem


def test_a_round_with_nothing_scored_is_a_normal_answer(w):
    formulier = scoreformulier_opslaan(
        actor=w["actor"]("regisseur"),
        casus=w["casus"],
        persoon=w["personen"][0],
        datum=VANDAAG(),
        scores={},
    )
    assert formulier.scores.count() == 0


@pytest.mark.parametrize(
    ("invoer", "melding"),
    [
        (lambda w: _invoer(6), "buiten de schaal"),
        (lambda w: _invoer(0), "buiten de schaal"),
        (lambda w: _invoer(3, bron=w["ggz"].pk), "geen deelnemer"),
        (lambda w: _invoer(3, motivatie="  "), "motivatie"),
        (lambda w: _invoer(3, motivatie="x" * 2001), "langer dan"),
        (lambda w: _invoer(3, dagen_oud=-2), "van na de datum"),
    ],
)
def test_bad_scores_are_refused_with_a_dutch_message_and_nothing_is_saved(w, invoer, melding):
    with pytest.raises(ServiceError, match=melding):
        _scoren(w, financien=_invoer(2), werk_opleiding=invoer(w))
    assert not Scoreformulier.objects.exists() and not Score.objects.exists()
    assert not AccessLog.objects.filter(event_type=events.SCOREFORMULIER_OPGESLAGEN).exists()


def test_a_person_outside_the_casus_and_an_unknown_domain_are_refused(w):
    with pytest.raises(ServiceError, match="hoort niet bij"):
        scoreformulier_opslaan(
            actor=w["actor"]("coordinator"),
            casus=w["casus"],
            persoon=PersoonFactory(zvh=w["huis"]),
            datum=VANDAAG(),
            scores={},
        )
    with pytest.raises(ServiceError, match="Onbekend leefgebied"):
        _scoren(w, bestaat_niet=_invoer())
    assert not Scoreformulier.objects.exists()


def test_nothing_changes_on_a_closed_casus(w):
    w["casus"].status = "afgesloten"
    w["casus"].save(update_fields=["status"])
    with pytest.raises(ServiceError, match="afgesloten"):
        _scoren(w)
    with pytest.raises(ServiceError, match="afgesloten"):
        _pitch(w)
    assert not Scoreformulier.objects.exists() and not Pitch.objects.exists()


@pytest.mark.parametrize("naam", ["deelnemer", "geen_deelnemer", "manager", "officer", "elders"])
def test_only_house_staff_score_and_write_the_pitch(w, naam):
    with pytest.raises(Geweigerd):
        _scoren(w, naam)
    with pytest.raises(Geweigerd):
        _pitch(w, naam)
    assert not Scoreformulier.objects.exists() and not Pitch.objects.exists()


def test_the_motivation_and_the_pitch_are_encrypted_at_rest(w):
    _scoren(w, financien=_invoer(2, motivatie="Geheime motivatie over schulden"))
    pitch = _pitch(w, aanleiding="Geheime aanleiding", feiten={"huisvesting": "Geheim feit"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT motivatie FROM casus_score")
        (motivatie,) = cursor.fetchone()
        cursor.execute("SELECT aanleiding, risicos, kansen, vraag FROM casus_pitch")
        pitch_kolommen = cursor.fetchone()
        cursor.execute("SELECT tekst FROM casus_pitchfeit")
        (feit,) = cursor.fetchone()
    assert b"Geheime" not in bytes(motivatie)
    assert all(b"Geheim" not in bytes(k) and b"uithuis" not in bytes(k) for k in pitch_kolommen)
    assert b"Geheim" not in bytes(feit)
    assert Score.objects.get().motivatie == "Geheime motivatie over schulden"
    assert PitchFeit.objects.get(pitch=pitch).tekst == "Geheim feit"
    for obj in (Score.objects.get(), pitch, Scoreformulier.objects.get()):
        assert "Geheim" not in str(obj)


# Pitch: services ----------------------------------------------------------------------------


def test_every_save_is_a_new_version_and_a_stale_save_is_a_conflict(w):
    eerste = _pitch(w)
    tweede = _pitch(w, naam="regisseur", basis=1, aanleiding="Aangevuld na het gesprek.")
    assert (eerste.versie, tweede.versie) == (1, 2)
    with pytest.raises(PitchConflict, match="intussen gewijzigd") as conflict:
        _pitch(w, basis=1, aanleiding="Op basis van versie 1")
    assert conflict.value.laatste.versie == 2
    assert Pitch.objects.count() == 2
    assert Pitch.objects.get(versie=1).aanleiding == "Zorgen over escalatie thuis."
    assert Pitch.objects.get(versie=2).aanleiding == "Aangevuld na het gesprek."
    with pytest.raises(PitchConflict):
        _pitch(w, basis=0)


def test_a_pitch_needs_its_aanleiding_and_vraag_and_bounded_text(w):
    with pytest.raises(ServiceError, match="aanleiding en de vraag"):
        _pitch(w, vraag=" ")
    with pytest.raises(ServiceError, match="langer dan"):
        _pitch(w, feiten={"huisvesting": "x" * 4001})
    assert not Pitch.objects.exists() and not PitchFeit.objects.exists()


def test_marking_ready_shows_the_version_to_deelnemers_only_then(w):
    _pitch(w)
    casus = w["casus"]
    assert selectors_scores.laatste_gereed_pitch(w["actor"]("deelnemer"), casus) is None
    assert selectors_scores.laatste_pitch(w["actor"]("deelnemer"), casus) is None
    with pytest.raises(PitchConflict):
        pitch_gereed_melden(actor=w["actor"]("coordinator"), casus=casus, versie=0)
    gereed = pitch_gereed_melden(actor=w["actor"]("coordinator"), casus=casus, versie=1)
    with pytest.raises(ServiceError, match="al gereed"):
        pitch_gereed_melden(actor=w["actor"]("coordinator"), casus=casus, versie=1)
    _pitch(w, basis=1, aanleiding="Concept van versie 2")
    deelnemer = w["actor"]("deelnemer")
    assert selectors_scores.laatste_gereed_pitch(deelnemer, casus) == gereed
    assert selectors_scores.laatste_pitch(deelnemer, casus) == gereed
    assert selectors_scores.laatste_pitch(w["actor"]("coordinator"), casus).versie == 2
    for naam in ("geen_deelnemer", "manager", "officer", "elders"):
        assert selectors_scores.laatste_gereed_pitch(w["actor"](naam), casus) is None
    assert list(
        AccessLog.objects.filter(event_type__startswith="pitch_").values_list(
            "event_type", flat=True
        )
    ) == [events.PITCH_OPGESLAGEN, events.PITCH_GEREED, events.PITCH_OPGESLAGEN]


# Pages --------------------------------------------------------------------------------------


def _login(client, w, naam):
    return verify_session(client, w["users"][naam])


def _urls(w):
    casus, persoon = w["casus"], w["personen"][0]
    return {
        "historie": reverse("casus:scores", args=[casus.pk, persoon.pk]),
        "nieuw": reverse("casus:score_nieuw", args=[casus.pk, persoon.pk]),
        "pitch": reverse("casus:pitch", args=[casus.pk]),
    }


@pytest.mark.parametrize("naam", ["deelnemer", "geen_deelnemer", "manager", "officer", "elders"])
def test_score_and_pitch_pages_are_404_for_everyone_but_house_staff(client, w, naam):
    _login(client, w, naam)
    for url in _urls(w).values():
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("casus:pitch_gereed", args=[w["casus"].pk]), {"versie": 1})
    assert response.status_code == 404
    assert AccessLog.objects.filter(event_type=events.TOEGANG_GEWEIGERD).count() == 4
    assert not AccessLog.objects.filter(
        event_type__in=[events.SCORES_BEKEKEN, events.PITCH_BEKEKEN]
    ).exists()


def test_a_person_of_another_casus_is_404_on_the_score_pages(client, w):
    _login(client, w, "coordinator")
    vreemde = PersoonFactory(zvh=w["huis"])
    url = reverse("casus:scores", args=[w["casus"].pk, vreemde.pk])
    assert client.get(url).status_code == 404


def test_scoring_through_the_form(client, w):
    _login(client, w, "coordinator")
    url = _urls(w)["nieuw"]
    response = client.get(url)
    assert response.status_code == 200
    assert "Niet gescoord" in response.content.decode()
    datum = VANDAAG().isoformat()
    response = client.post(
        url,
        {
            "datum": datum,
            "waarde_financien": "2",
            "motivatie_financien": "Schulden.",
            "bron_financien": str(w["politie"].pk),
            "informatie_datum_financien": datum,
        },
    )
    assert response.status_code == 302
    score = Score.objects.get()
    assert (score.waarde, score.leefgebied.code, score.bron_organisatie) == (
        2,
        "financien",
        w["politie"],
    )
    page = client.get(response["Location"]).content.decode()
    assert "Schulden." in page and w["politie"].naam in page


@pytest.mark.parametrize(
    ("data", "melding"),
    [
        ({"waarde_financien": "7"}, "Kies een score van 1 tot en met 5"),
        ({"waarde_financien": "2", "bron_financien": "huis"}, "Geef een motivatie"),
        ({"waarde_financien": "2", "motivatie_financien": "x"}, "Kies de bron"),
    ],
)
def test_bad_form_input_is_a_400_with_a_dutch_message(client, w, data, melding):
    _login(client, w, "coordinator")
    response = client.post(_urls(w)["nieuw"], {"datum": VANDAAG().isoformat(), **data})
    assert response.status_code == 400
    assert melding in response.content.decode()
    assert not Scoreformulier.objects.exists()


def test_a_source_that_is_no_deelnemer_is_refused_by_the_form(client, w):
    _login(client, w, "coordinator")
    response = client.post(
        _urls(w)["nieuw"],
        {
            "datum": VANDAAG().isoformat(),
            "waarde_financien": "2",
            "motivatie_financien": "x",
            "bron_financien": str(w["ggz"].pk),
            "informatie_datum_financien": VANDAAG().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Kies een deelnemer aan deze casus" in response.content.decode()
    assert not Scoreformulier.objects.exists()


def test_the_history_shows_the_trend_and_flags_information_that_is_not_current(client, w):
    persoon = w["personen"][0]
    financien = Leefgebied.objects.get(zvh=w["huis"], code="financien")
    oud = ScoreformulierFactory(casus=w["casus"], persoon=persoon, datum=datetime.date(2026, 1, 5))
    ScoreFactory(formulier=oud, leefgebied=financien, waarde=1, motivatie="Beslag op loon")
    nieuw = ScoreformulierFactory(
        casus=w["casus"], persoon=persoon, datum=datetime.date(2026, 3, 1)
    )
    ScoreFactory(
        formulier=nieuw,
        leefgebied=financien,
        waarde=3,
        informatie_datum=datetime.date(2026, 1, 15),
    )
    _login(client, w, "regisseur")
    page = client.get(_urls(w)["historie"]).content.decode()
    assert page.index("5-1-2026") < page.index("1-3-2026")
    assert "Beslag op loon" in page and "niet actueel" in page
    form = client.get(_urls(w)["nieuw"]).content.decode()
    assert "Vorige score: 3" in form and "niet actueel" in form  # its information is old
    row = AccessLog.objects.filter(event_type=events.SCORES_BEKEKEN).first()
    assert row.persoon_pseudoniem == persoon.audit_pseudoniem
    assert row.casus_id == str(w["casus"].pk)


def test_writing_a_pitch_and_a_stale_save_through_the_page(client, w):
    _login(client, w, "coordinator")
    url = _urls(w)["pitch"]
    assert client.get(url).status_code == 200
    data = {
        "versie": "0",
        "aanleiding": "Zorgen.",
        "vraag": "Wie doet wat?",
        "feit_huisvesting": "Huurachterstand.",
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "aanleiding": "Andere tekst"})
    assert response.status_code == 409
    content = response.content.decode()
    assert "intussen gewijzigd" in content and "Andere tekst" in content
    assert "Zorgen." in content  # the version saved meanwhile is shown beside the form
    assert Pitch.objects.count() == 1
    response = client.post(reverse("casus:pitch_gereed", args=[w["casus"].pk]), {"versie": "1"})
    assert response.status_code == 302
    assert Pitch.objects.get().gereed
    casus_url = reverse("casus:casus", args=[w["casus"].pk])
    assert "Huurachterstand." in client.get(casus_url).content.decode()
    read = AccessLog.objects.filter(event_type=events.PITCH_BEKEKEN).first()
    for persoon in w["personen"]:
        assert AccessLog.objects.filter(over_persoon(persoon.audit_pseudoniem), pk=read.pk).exists()


def test_the_casus_page_shows_deelnemers_only_a_ready_pitch(client, w):
    PitchFactory(casus=w["casus"], versie=1, aanleiding="Klaar voor het MDO", gereed=True)
    PitchFactory(casus=w["casus"], versie=2, aanleiding="Nog een concept")
    casus_url = reverse("casus:casus", args=[w["casus"].pk])
    _login(client, w, "deelnemer")
    page = client.get(casus_url).content.decode()
    assert "Klaar voor het MDO" in page and "Nog een concept" not in page
    assert "Leefgebiedscores van" not in page and "Pitch schrijven" not in page
    client.logout()
    _login(client, w, "coordinator")
    page = client.get(casus_url).content.decode()
    assert "Nog een concept" in page and "Leefgebiedscores van" in page


# Query budgets ------------------------------------------------------------------------------


def _rondes(w, aantal):
    persoon = w["personen"][0]
    gebieden = list(Leefgebied.objects.filter(zvh=w["huis"]))
    for i in range(aantal):
        formulier = ScoreformulierFactory(
            casus=w["casus"], persoon=persoon, datum=VANDAAG() - datetime.timedelta(days=i)
        )
        Score.objects.bulk_create(
            Score(
                formulier=formulier,
                leefgebied=g,
                waarde=1 + (i + n) % 5,
                motivatie=f"Motivatie {i}",
                bron_organisatie=w["politie"] if n % 2 else None,
                informatie_datum=formulier.datum,
            )
            for n, g in enumerate(gebieden)
        )


@pytest.mark.parametrize("aantal", [1, 50])
def test_the_score_pages_run_a_fixed_number_of_queries(
    client, w, aantal, django_assert_max_num_queries
):
    _rondes(w, aantal)
    for i in range(aantal):
        PitchFactory(casus=w["casus"], versie=i + 1, gereed=bool(i % 2))
    _login(client, w, "coordinator")
    urls = _urls(w)
    # Session, user, device, roles and organisation (5), the audit append and the session
    # save (2), the notification bell (1): the rest is the page's own, the same at 1 and at 50
    # rounds and versions.
    budgets = {"historie": 17, "nieuw": 18, "pitch": 18}
    for naam, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            assert client.get(urls[naam]).status_code == 200
    # The casus page is the whole overview (its budget: tests/casus/test_casuspagina.py), with
    # the notification bell's count.
    with django_assert_max_num_queries(30):
        assert client.get(reverse("casus:casus", args=[w["casus"].pk])).status_code == 200


def test_a_long_history_details_the_latest_rounds_and_any_round_on_request(client, w):
    from casus.services import deelname_beeindigen

    _rondes(w, 14)
    oudste = Scoreformulier.objects.order_by("datum").first()
    Score.objects.filter(formulier=oudste, leefgebied__code="financien").delete()
    ScoreFactory(
        formulier=oudste,
        leefgebied=Leefgebied.objects.get(zvh=w["huis"], code="financien"),
        motivatie="De oudste motivatie",
        bron_organisatie=w["politie"],
    )
    # Politie no longer takes part: its name still shows as the source of earlier scores.
    deelname_beeindigen(deelnemer=w["casus"].deelnemers.get(organisatie=w["politie"]))
    _login(client, w, "coordinator")
    url = _urls(w)["historie"]
    page = client.get(url).content.decode()
    assert "De oudste motivatie" not in page  # neither in the trend nor detailed
    assert "Eerdere rondes" in page and f"?ronde={oudste.pk}" in page
    page = client.get(url, {"ronde": str(oudste.pk)}).content.decode()
    assert "De oudste motivatie" in page and w["politie"].naam in page
    assert "Motivatie 0" not in page  # only the chosen round is detailed


def test_the_pages_refuse_changes_on_a_closed_casus_with_a_message(client, w):
    w["casus"].status = "afgesloten"
    w["casus"].save(update_fields=["status"])
    _login(client, w, "coordinator")
    urls = _urls(w)
    datum = VANDAAG().isoformat()
    response = client.post(urls["nieuw"], {"datum": datum})
    melding = "er kan niets meer worden gewijzigd"
    assert response.status_code == 400 and melding in response.content.decode()
    response = client.post(urls["pitch"], {"versie": "0", "aanleiding": "a", "vraag": "v"})
    assert response.status_code == 400 and melding in response.content.decode()
    assert not Scoreformulier.objects.exists() and not Pitch.objects.exists()
