"""Issue 12, point 6: the casus page as one overview. What each role sees in both houses, what
meeting mode and the print version leave out (asserted on the HTML), the two charts and their
tables, the audit row, and a fixed number of queries at 1 and at 50 rows."""

import datetime
import itertools
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit import events
from audit.models import AccessLog
from casus import weergave
from casus.grafieken import AvePunt, ave_grafiek, leefgebied_grafiek
from casus.models import (
    ActieStatus,
    DeelnemerRol,
    Leefgebied,
    OverlegStatus,
    OverlegType,
    PersoonRelatie,
    RelatieType,
    Score,
)
from casus.services import deelname_vastleggen
from casus.weergave import Modus
from partners.models import RolToewijzing
from tests.casus.factories import (
    ActieFactory,
    CasusFactory,
    CasusoverlegFactory,
    DoelFactory,
    PersoonFactory,
    PitchFactory,
    ScoreformulierFactory,
    SessieFactory,
    ThemaFactory,
    UitnodigingFactory,
    VoortgangFactory,
    zrm_huis,
)
from tests.conftest import verify_session
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory

BSN = "111222333"
ADRES, POSTCODE, WOONPLAATS = "Dorpsstraat 17", "9999 ZZ", "Ergenshuizen"
TELEFOON, EMAIL = "0612345678", "jantje@voorbeeld.invalid"
GEBOORTEDATUM = datetime.date(1980, 3, 7)
NOTITIE_POLITIE = "Politie sprak de verhuurder"
NOTITIE_WIJKTEAM = "Wijkteam bezocht het gezin"
PITCH_GEREED = "Aanleiding die gereed is"
PITCH_CONCEPT = "Aanleiding nog in concept"


@pytest.fixture
def huis(zvh, other_zvh, make_user):
    """House A with a rich casus (two persons and their relation, an MDO with an AVE level, a
    plan with actions for politie and wijkteam and a note of each, a score round, a ready
    pitch and a concept after it); house B shares politie and has a casus of its own. Users
    of every role in both houses; politie's Piet holds a role in both houses."""
    for h in (zvh, other_zvh):
        zrm_huis(h)
    politie, wijkteam, ggz = OrganisatieFactory(), OrganisatieFactory(), OrganisatieFactory()
    school = OrganisatieFactory()
    PartnerschapFactory(zvh=zvh, organisatie=school, incidenteel=True)
    PartnerschapFactory(zvh=zvh, organisatie=ggz)
    users = {}
    for naam, h in (("a", zvh), ("b", other_zvh)):
        users[f"regisseur_{naam}"] = make_user(h, "procesregisseur")
        users[f"info_{naam}"] = make_user(h, "informatiecoordinator")
        users[f"politie_{naam}"] = make_user(h, "ketenpartner", organisatie=politie)
        users[f"manager_{naam}"] = make_user(h, "manager")
        users[f"officer_{naam}"] = make_user(h, "privacy_officer")
        users[f"beheerder_{naam}"] = make_user(h, "functioneel_beheerder")
        # ZSM at politie, a deelnemer invited to the MDO: its role gives dat-informatie only.
        users[f"zsm_{naam}"] = make_user(h, "zsm", organisatie=politie)
    users["wijkteam_a"] = make_user(zvh, "ketenpartner", organisatie=wijkteam)
    users["ggz_a"] = make_user(zvh, "ketenpartner", organisatie=ggz)
    users["school_a"] = make_user(zvh, "ketenpartner", organisatie=school)
    in_beide = make_user(zvh, "ketenpartner", organisatie=politie)
    RolToewijzing.objects.create(medewerker=in_beide, zvh=other_zvh, rol="procesregisseur")
    users["in_beide"] = in_beide

    casus = CasusFactory(
        zvh=zvh, procesregisseur=users["regisseur_a"], deelnemers=[politie, wijkteam]
    )
    deelname_vastleggen(casus=casus, organisatie=school, rol=DeelnemerRol.PARTNER)
    jantje = PersoonFactory(
        zvh=zvh,
        voornamen="Jantje",
        achternaam="Zonnebloem",
        bsn=BSN,
        geboortedatum=GEBOORTEDATUM,
        adres=ADRES,
        postcode=POSTCODE,
        woonplaats=WOONPLAATS,
        telefoon=TELEFOON,
        email=EMAIL,
        aangemaakt_door=users["politie_a"],
    )
    pietje = PersoonFactory(
        zvh=zvh, voornamen="Pietje", achternaam="Klaproos", aangemaakt_door=users["regisseur_a"]
    )
    casus.personen.set([jantje, pietje])
    PersoonRelatie.objects.create(van=pietje, naar=jantje, type=RelatieType.KIND)
    mdo = CasusoverlegFactory(
        casus=casus,
        sessie=SessieFactory(tafel__zvh=zvh, datum=timezone.localdate() - datetime.timedelta(30)),
        gehouden=True,
        type=OverlegType.START,
        ave_niveau=2,
    )
    UitnodigingFactory(casusoverleg=mdo, organisatie=politie)
    doel = DoelFactory(plan__casus=casus, omschrijving="Stabiele woonsituatie")
    actie_politie = ActieFactory(doel=doel, organisatie=politie, omschrijving="Verhuurder spreken")
    actie_wijkteam = ActieFactory(
        doel=doel, organisatie=wijkteam, omschrijving="Huisbezoek afleggen", verlopen=True
    )
    VoortgangFactory(actie=actie_politie, notitie=NOTITIE_POLITIE)
    VoortgangFactory(actie=actie_wijkteam, notitie=NOTITIE_WIJKTEAM)
    ronde = ScoreformulierFactory(casus=casus, persoon=jantje, datum=timezone.localdate())
    gebieden = list(Leefgebied.objects.filter(zvh=zvh).order_by("volgorde")[:2])
    for gebied, waarde in zip(gebieden, (2, 4), strict=True):
        Score.objects.create(
            formulier=ronde,
            leefgebied=gebied,
            waarde=waarde,
            motivatie="Motivatie",
            informatie_datum=ronde.datum,
        )
    PitchFactory(casus=casus, versie=1, gereed=True, aanleiding=PITCH_GEREED)
    PitchFactory(casus=casus, versie=2, aanleiding=PITCH_CONCEPT)
    elders = CasusFactory(zvh=other_zvh, deelnemers=[politie])
    elders.personen.set([PersoonFactory(zvh=other_zvh, voornamen="Karel", achternaam="Elders")])
    return {
        "a": zvh,
        "b": other_zvh,
        "casus": casus,
        "elders": elders,
        "jantje": jantje,
        "pietje": pietje,
        "mdo": mdo,
        "users": users,
        "gebieden": gebieden,
    }


def _get(client, user, casus, zvh=None, **params):
    verify_session(client, user)
    if zvh is not None:
        assert client.post(reverse("partners:switch_zvh"), {"zvh": zvh.pk}).status_code == 302
    return client.get(reverse("casus:casus", args=[casus.pk]), params)


def _html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# Who sees what: every role in both houses ---------------------------------------------------

# (user, house acted in) -> what the casus page of house A shows; None: 404.
ZIET = {
    "regisseur_a": {"bsn", "politie", "wijkteam", "scores", "concept", "mdo"},
    "info_a": {"politie", "wijkteam", "scores", "concept", "mdo"},
    "politie_a": {"bsn", "politie", "mdo"},  # invited to the MDO; wijkteam was not
    "wijkteam_a": {"wijkteam"},
    "ggz_a": None,  # a full partner of the house that does not take part
    "school_a": None,  # an incidentele partner taking part: only its MDO, never the casus
    "manager_a": None,
    "officer_a": None,
    "beheerder_a": None,
    "zsm_a": None,  # ZSM asks whether a suspect is known (dat-informatie), never the casus
    "regisseur_b": None,
    "info_b": None,
    "politie_b": None,  # politie takes part, but this account acts in house B
    "manager_b": None,
    "officer_b": None,
    "beheerder_b": None,
    "zsm_b": None,
}


@pytest.mark.parametrize("wie", sorted(ZIET))
def test_every_role_in_both_houses_sees_what_its_role_needs(client, huis, wie):
    response = _get(client, huis["users"][wie], huis["casus"])
    verwacht = ZIET[wie]
    if verwacht is None:
        assert response.status_code == 404
        assert "Zonnebloem" not in response.content.decode()
        return
    page = _html(response)
    assert "Jantje Zonnebloem" in page and "Pietje Klaproos" in page
    assert "Pietje Klaproos is Kind van Jantje Zonnebloem" in page
    # The plan's running actions, whoever is responsible.
    assert "Verhuurder spreken" in page and "Huisbezoek afleggen" in page
    assert (BSN in page) == ("bsn" in verwacht)
    assert (ADRES in page) == ("bsn" in verwacht)
    assert (NOTITIE_POLITIE in page) == ("politie" in verwacht)
    assert (NOTITIE_WIJKTEAM in page) == ("wijkteam" in verwacht)
    assert ("Verloop per leefgebied" in page) == ("scores" in verwacht)
    assert (PITCH_CONCEPT in page) == ("concept" in verwacht)
    assert (PITCH_GEREED in page) != ("concept" in verwacht)  # the latest the actor may see
    assert ("Start-MDO" in page) == ("mdo" in verwacht)


def test_the_page_shows_the_themes_the_status_and_who_takes_part(client, huis):
    """The facts of the casus for its procesregisseur: the themes registered on the casus
    (the house's configuration), its status and every deelnemer organisation with its role."""
    casus = huis["casus"]
    hg = ThemaFactory(zvh=huis["a"], code="hg", naam="Huiselijk geweld")
    jeugd = ThemaFactory(zvh=huis["a"], code="jeugd", naam="Jeugd")
    ThemaFactory(zvh=huis["a"], code="hic", naam="High impact crime")  # not on this casus
    casus.themas.set([hg, jeugd])
    page = _html(_get(client, huis["users"]["regisseur_a"], casus))
    assert "<dt>Thema's</dt><dd>Huiselijk geweld, Jeugd</dd>" in page.replace("&#x27;", "'")
    assert "High impact crime" not in page
    assert "<dt>Status</dt><dd>Open</dd>" in page
    start = page.index('<ul class="deelnemers">')
    lijst = page[start : page.index("</ul>", start)]
    deelnemers = list(casus.deelnemers.select_related("organisatie"))
    assert len(deelnemers) == 3  # politie and wijkteam, and the school as incidentele partner
    for deelnemer in deelnemers:
        assert f"{escape(deelnemer.organisatie.naam)} ({deelnemer.get_rol_display()})" in lijst
    assert lijst.count("<li>") == 3
    assert "incidentele partner</strong>" in lijst
    assert escape(huis["users"]["ggz_a"].organisatie.naam) not in lijst  # not a deelnemer


def test_an_account_in_two_houses_sees_each_casus_only_in_its_own_house(client, huis):
    """Piet is a politie ketenpartner in A and a procesregisseur in B: acting in B he gets a
    404 on A's casus (politie takes part in it) and B's casus opens; back in A, the reverse."""
    piet = huis["users"]["in_beide"]
    assert _get(client, piet, huis["casus"], zvh=huis["b"]).status_code == 404
    assert "Karel Elders" in _html(client.get(reverse("casus:casus", args=[huis["elders"].pk])))
    page = _html(_get(client, piet, huis["casus"], zvh=huis["a"]))
    assert NOTITIE_POLITIE in page and NOTITIE_WIJKTEAM not in page
    assert client.get(reverse("casus:casus", args=[huis["elders"].pk])).status_code == 404
    # Meeting mode and the print version are the same page, with the same access.
    for modus in ("overleg", "afdruk"):
        response = client.get(reverse("casus:casus", args=[huis["elders"].pk]), {"modus": modus})
        assert response.status_code == 404


def test_without_a_second_factor_the_page_is_closed(client, huis):
    client.force_login(huis["users"]["regisseur_a"])
    response = client.get(reverse("casus:casus", args=[huis["casus"].pk]))
    assert response.status_code == 302
    assert "Zonnebloem" not in response.content.decode()


def test_a_refused_action_on_a_visible_casus_is_a_403_and_audited(client, huis):
    verify_session(client, huis["users"]["politie_a"])
    response = client.post(
        reverse("casus:deelnemer_toevoegen", args=[huis["casus"].pk]),
        {"organisatie": huis["users"]["ggz_a"].organisatie_id, "rol": "partner"},
    )
    assert response.status_code == 403
    assert AccessLog.objects.filter(event_type=events.TOEGANG_GEWEIGERD).count() == 1


# Meeting mode and the print version ---------------------------------------------------------


def _geen_gevoelige_persoonsgegevens(page):
    for waarde in (BSN, ADRES, POSTCODE, WOONPLAATS, TELEFOON, EMAIL, "7-3-1980"):
        assert waarde not in page, waarde


def test_the_sensitive_fields_are_one_list_and_meeting_mode_hides_each(huis):
    verwacht = {
        "bsn",
        "geboortedatum",
        "adres",
        "postcode",
        "woonplaats",
        "telefoon",
        "email",
        "notitie_andere_organisatie",
    }
    assert verwacht == weergave.GEVOELIG
    assert {veld for veld, _label in weergave.PERSOON_VELDEN} <= weergave.GEVOELIG
    assert all(weergave.verborgen(Modus.OVERLEG, veld) for veld in weergave.GEVOELIG)
    assert not any(weergave.verborgen(Modus.NORMAAL, veld) for veld in weergave.GEVOELIG)
    assert [v for v in weergave.GEVOELIG if weergave.verborgen(Modus.AFDRUK, v)] == ["bsn"]
    assert weergave.modus_uit("") == Modus.NORMAAL
    assert weergave.modus_uit("overleg") == Modus.OVERLEG
    assert weergave.modus_uit("iets") is None


def test_meeting_mode_hides_sensitive_fields_names_and_pitch_off_the_agenda(client, huis):
    normaal = _html(_get(client, huis["users"]["regisseur_a"], huis["casus"]))
    for waarde in (BSN, ADRES, POSTCODE, WOONPLAATS, TELEFOON, EMAIL, "7-3-1980"):
        assert waarde in normaal, waarde
    page = _html(client.get(reverse("casus:casus", args=[huis["casus"].pk]), {"modus": "overleg"}))
    _geen_gevoelige_persoonsgegevens(page)
    # The regisseur's organisation wrote neither note: both are another organisation's.
    assert NOTITIE_POLITIE not in page and NOTITIE_WIJKTEAM not in page
    # The casus has no MDO today: no names, in no section (relations, scores, headings).
    for naam in ("Jantje", "Zonnebloem", "Pietje", "Klaproos"):
        assert naam not in page, naam
    assert "Persoon 1" in page and "Persoon 2 is Kind van Persoon 1" in page
    assert PITCH_GEREED not in page and PITCH_CONCEPT not in page
    assert "staat vandaag niet op de agenda" in page
    # What the MDO works with stays: the plan, the AVE levels, the MDO history, the scores.
    assert "Verhuurder spreken" in page and "AVE 2" in page and "Verloop per leefgebied" in page
    # No forms and no links into pages with the hidden fields.
    inhoud = page.split('id="inhoud"', 1)[1].split("</main>", 1)[0]
    assert "Deelnemer toevoegen" not in page and "<form" not in inhoud
    assert reverse("casus:persoon", args=[huis["jantje"].pk]) not in page


def test_meeting_mode_shows_names_and_pitch_when_the_casus_is_on_todays_agenda(client, huis):
    CasusoverlegFactory(
        casus=huis["casus"],
        sessie=SessieFactory(tafel__zvh=huis["a"], datum=timezone.localdate()),
        type=OverlegType.VERVOLG,
        status=OverlegStatus.GEOPEND,
    )
    page = _html(
        _get(client, huis["users"]["regisseur_a"], huis["casus"], modus=weergave.Modus.OVERLEG)
    )
    assert "Jantje Zonnebloem" in page and "Pietje Klaproos is Kind van Jantje Zonnebloem" in page
    assert PITCH_CONCEPT in page
    assert "staat vandaag op de agenda" in page
    _geen_gevoelige_persoonsgegevens(page)
    assert NOTITIE_POLITIE not in page and NOTITIE_WIJKTEAM not in page


def test_meeting_mode_keeps_the_viewers_own_notes_only(client, huis):
    page = _html(_get(client, huis["users"]["politie_a"], huis["casus"], modus="overleg"))
    assert NOTITIE_POLITIE in page and NOTITIE_WIJKTEAM not in page
    _geen_gevoelige_persoonsgegevens(page)


def test_an_mdo_today_that_the_viewer_may_not_see_puts_no_names_on_its_screen(client, huis):
    """Today's MDO invites only wijkteam: for politie the casus is not on its agenda."""
    vandaag = CasusoverlegFactory(
        casus=huis["casus"], sessie=SessieFactory(tafel__zvh=huis["a"], datum=timezone.localdate())
    )
    UitnodigingFactory(casusoverleg=vandaag, organisatie=huis["users"]["wijkteam_a"].organisatie)
    page = _html(_get(client, huis["users"]["politie_a"], huis["casus"], modus="overleg"))
    assert "Zonnebloem" not in page and "Persoon 1" in page
    page = _html(_get(client, huis["users"]["wijkteam_a"], huis["casus"], modus="overleg"))
    assert "Jantje Zonnebloem" in page


def test_the_print_version_has_no_bsn_and_no_forms(client, huis):
    page = _html(_get(client, huis["users"]["regisseur_a"], huis["casus"], modus="afdruk"))
    assert BSN not in page
    assert ADRES in page and "Jantje Zonnebloem" in page and NOTITIE_WIJKTEAM in page
    assert "Deelnemer toevoegen" not in page and "Casusoverleg plannen" not in page
    assert "Het BSN staat niet op de afdruk." in page
    # The tables of the charts are open, so that they print.
    assert page.count("<details open>") == 2


def test_the_normal_page_marks_the_bsn_for_the_print_stylesheet(client, huis):
    page = _html(_get(client, huis["users"]["regisseur_a"], huis["casus"]))
    assert re.search(rf'<dd class="veld-bsn bsn">{BSN}</dd>', page)
    with open("static/css/casus.css", encoding="utf-8") as css:
        afdruk = css.read().split("@media print", 1)[1]
    assert ".bsn" in afdruk and ".main-nav" in afdruk and ".site-header" in afdruk


def test_an_unknown_mode_is_a_clear_400_and_shows_nothing(client, huis):
    response = _get(client, huis["users"]["regisseur_a"], huis["casus"], modus="scherm")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Deze weergave van de casus bestaat niet." in page and "Zonnebloem" not in page
    assert not AccessLog.objects.filter(event_type=events.CASUS_GEOPEND).exists()


# The charts and their tables ----------------------------------------------------------------


def test_the_ave_chart_and_its_table_show_the_opening_and_each_mdo(client, huis):
    casus = huis["casus"]
    casus.ave_niveau_bij_opening = 3
    casus.save(update_fields=["ave_niveau_bij_opening"])
    page = _html(_get(client, huis["users"]["regisseur_a"], casus))
    svg = page.split('aria-labelledby="ave-titel"', 1)[1].split("</svg>", 1)[0]
    assert '<title id="ave-titel">AVE-niveau door de tijd, 2 metingen' in svg
    dag = datetime.date(2026, 1, 1)
    verwacht = ave_grafiek([AvePunt(dag, 3, ""), AvePunt(dag, 2, "")])
    assert f'points="{verwacht.lijn}"' in svg
    assert svg.count('class="stip"') == 2
    tabel = page.split('<table class="ave-tabel">', 1)[1].split("</table>", 1)[0]
    rijen = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>", tabel)
    geopend = timezone.localdate(casus.geopend_op)
    mdo_datum = timezone.localdate(huis["mdo"].begint_op)
    assert rijen == [
        (f"{geopend.day}-{geopend.month}-{geopend.year}", "Opening (triage)", "AVE 3"),
        (f"{mdo_datum.day}-{mdo_datum.month}-{mdo_datum.year}", "Start-MDO", "AVE 2"),
    ]


def test_the_life_domain_chart_and_its_table_show_each_score(client, huis):
    page = _html(_get(client, huis["users"]["regisseur_a"], huis["casus"]))
    assert 'role="img" aria-labelledby="lg-titel-1"' in page
    tabel = page.split('<table class="leefgebied-tabel">', 1)[1].split("</table>", 1)[0]
    eerste, tweede = huis["gebieden"]
    assert f'<th scope="row">{escape(eerste.naam)}</th><td>2</td>' in tabel
    assert f'<th scope="row">{escape(tweede.naam)}</th><td>4</td>' in tabel
    assert (
        tabel.count("<td>niet gescoord</td>")
        == Leefgebied.objects.filter(zvh=huis["a"], actief=True).count() - 2
    )
    svg = page.split('aria-labelledby="lg-titel-1"', 1)[1].split("</svg>", 1)[0]
    assert svg.count('class="stip"') == 2
    assert '<text class="waarde"' in svg and ">4</text>" in svg


def test_ave_geometry_puts_level_four_on_top_and_spaces_points_evenly():
    punten = [AvePunt(datetime.date(2026, 1, d), n, "") for d, n in ((1, 1), (2, 4), (3, 2))]
    g = ave_grafiek(punten)
    ys = [s.y for s in g.stippen]
    assert ys[1] < ys[2] < ys[0]  # 4 above 2 above 1
    assert dict(g.rasterlijnen)[4] == ys[1] and dict(g.rasterlijnen)[1] == ys[0]
    xs = [s.x for s in g.stippen]
    assert xs[1] - xs[0] == pytest.approx(xs[2] - xs[1], abs=0.1)
    assert [d.label for d in g.datums] == ["1-1-2026", "3-1-2026"]
    enkel = ave_grafiek(punten[:1])
    assert enkel.stippen[0].x == pytest.approx((g.stippen[0].x + g.stippen[-1].x) / 2, abs=0.1)
    assert ave_grafiek([]).stippen == []


def test_life_domain_geometry_breaks_the_line_where_a_round_did_not_score():
    g = leefgebied_grafiek(
        [("Financiën", [1, 2, None, 4, 5]), ("Justitie", [None, None, None, None, None])],
        laagste=1,
        hoogste=5,
    )
    financien, justitie = g.rijen
    assert len(financien.lijnen) == 2 and len(financien.stippen) == 4
    assert financien.laatste == "5" and justitie.laatste == "–" and justitie.lijnen == []
    ys = [s.y for s in financien.stippen]
    assert ys == sorted(ys, reverse=True)  # higher scores drawn higher
    assert g.hoogte > 0 and financien.y_lijn < justitie.y_lijn


# The plan as a summary ------------------------------------------------------------------------


def test_the_plan_shows_per_goal_its_actions_per_status_and_the_running_ones_due_first(
    client, huis
):
    """The casus page summarises the plan (the plan page has every action): per goal the
    number of actions in each status, then the running actions with the overdue ones first,
    capped, with a link to all actions."""
    casus = huis["casus"]
    politie = huis["users"]["politie_a"].organisatie
    tweede = DoelFactory(plan=casus.plan, omschrijving="Schulden op orde", volgorde=1)
    ActieFactory(doel=tweede, organisatie=politie, omschrijving="Afgerond werk", gereed=True)
    ActieFactory(doel=tweede, organisatie=politie, niet_haalbaar=True)
    page = _html(_get(client, huis["users"]["regisseur_a"], casus))
    stand = page.split('<table class="plan-stand">', 1)[1].split("</table>", 1)[0]
    rijen = re.findall(
        r'<th scope="row">([^<]+)(?:<span[^>]*>[^<]*</span>)?</th>\s*((?:<td>\d+</td>)+)', stand
    )
    # Open, in uitvoering, gereed, niet haalbaar, totaal.
    assert [(kop.strip(), re.findall(r"\d+", cellen)) for kop, cellen in rijen] == [
        ("Doel 1: Stabiele woonsituatie", ["2", "0", "0", "0", "2"]),
        ("Doel 2: Schulden op orde", ["0", "0", "1", "1", "2"]),
    ]
    assert "4 acties, waarvan 2 lopend" in page
    lopend = page.split('<table class="acties">', 1)[1].split("</table>", 1)[0]
    assert "Afgerond werk" not in lopend
    # The overdue action (due yesterday) before the one due in two weeks.
    assert lopend.index("Huisbezoek afleggen") < lopend.index("Verhuurder spreken")
    plan = reverse("casus:plan", args=[casus.pk])
    assert f'<a href="{plan}">Alle 4 acties in het plan van aanpak</a>' in page


def test_the_summary_caps_the_running_actions_and_says_so(client, huis, monkeypatch):
    from casus import selectors_overzicht

    monkeypatch.setattr(selectors_overzicht, "ACTIES_GETOOND", 1)
    page = _html(_get(client, huis["users"]["regisseur_a"], huis["casus"]))
    lopend = page.split('<table class="acties">', 1)[1].split("</table>", 1)[0]
    assert "Huisbezoek afleggen" in lopend and "Verhuurder spreken" not in lopend
    assert "De lopende actie met de vroegste uiterste datum, van 2." in page


# Audit --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({}, ""),
        ({"modus": "overleg"}, "modus=overleg, namen verborgen"),
        ({"modus": "afdruk"}, "modus=afdruk"),
    ],
)
def test_the_page_is_one_detail_read_naming_its_persons_and_mode(client, huis, params, detail):
    _html(_get(client, huis["users"]["regisseur_a"], huis["casus"], **params))
    row = AccessLog.objects.get(event_type=events.CASUS_GEOPEND)
    assert row.detail == detail
    assert row.casus_id == str(huis["casus"].pk)
    assert set(row.getoonde_personen) == {
        huis["jantje"].audit_pseudoniem,
        huis["pietje"].audit_pseudoniem,
    }
    assert BSN not in row.detail and "Zonnebloem" not in str(row.getoonde_personen)
    assert events.CASUS_GEOPEND in events.DETAIL_READ_EVENTS


def test_meeting_mode_with_the_casus_on_the_agenda_is_noted_without_hidden_names(client, huis):
    CasusoverlegFactory(
        casus=huis["casus"], sessie=SessieFactory(tafel__zvh=huis["a"], datum=timezone.localdate())
    )
    _html(_get(client, huis["users"]["regisseur_a"], huis["casus"], modus="overleg"))
    assert AccessLog.objects.get(event_type=events.CASUS_GEOPEND).detail == "modus=overleg"


# Query budget -------------------------------------------------------------------------------


def _rijen(huis, aantal):
    """`aantal` persons (related in a chain), MDO's with an AVE level, actions with a note
    each, and score rounds."""
    casus, zvh = huis["casus"], huis["a"]
    politie = huis["users"]["politie_a"].organisatie
    personen = [PersoonFactory(zvh=zvh) for _i in range(aantal)]
    casus.personen.add(*personen)
    PersoonRelatie.objects.bulk_create(
        PersoonRelatie(van=van, naar=naar, type=RelatieType.BROER_ZUS)
        for van, naar in itertools.pairwise(personen)
    )
    tafel = huis["mdo"].sessie.tafel
    for i in range(aantal):
        CasusoverlegFactory(
            casus=casus,
            sessie=SessieFactory(
                tafel=tafel, capaciteit=1, datum=timezone.localdate() - datetime.timedelta(i + 1)
            ),
            ave_niveau=1 + i % 4,
            gehouden=True,
        )
        doel = DoelFactory(plan__casus=casus)
        actie = ActieFactory(doel=doel, organisatie=politie, status=ActieStatus.IN_UITVOERING)
        VoortgangFactory(actie=actie)
        ScoreformulierFactory(
            casus=casus, persoon=personen[i], datum=timezone.localdate() - datetime.timedelta(i)
        )


@pytest.mark.parametrize("aantal", [1, 50])
@pytest.mark.parametrize("wie", ["regisseur_a", "politie_a"])
def test_the_page_runs_a_fixed_number_of_queries(
    client, huis, aantal, wie, django_assert_max_num_queries
):
    _rijen(huis, aantal)
    verify_session(client, huis["users"][wie])
    url = reverse("casus:casus", args=[huis["casus"].pk])
    # Session, user, device, roles, organisation (5), savepoints, the audit append and the
    # session save: the page's own reads are the same at 1 and at 50 rows.
    for params in ({}, {"modus": "overleg"}, {"modus": "afdruk"}):
        with django_assert_max_num_queries(30):
            page = _html(client.get(url, params))
    if wie == "regisseur_a":  # the opening and the newest MDO_GETOOND MDO's are drawn
        ave = page.split('aria-labelledby="ave-titel"', 1)[1].split("</svg>", 1)[0]
        assert ave.count('class="stip"') == 1 + min(aantal + 1, 50)
        assert page.count('class="leefgebied-tabel"') == 1 + aantal  # a trend per person


# The opening level (the first point of the AVE trend) -----------------------------------------


def test_opening_a_casus_keeps_its_level_when_an_mdo_agrees_another(zvh, make_user, as_actor):
    from casus import services

    regisseur = make_user(zvh, "procesregisseur")
    backup = make_user(zvh, "procesregisseur", organisatie=regisseur.organisatie)
    aanmelder = OrganisatieFactory()
    PartnerschapFactory(zvh=zvh, organisatie=aanmelder)
    casus = services.casus_openen(
        actor=as_actor(regisseur, zvh),
        ave_niveau=4,
        procesregisseur=regisseur,
        backup_procesregisseur=backup,
        personen=[PersoonFactory(zvh=zvh)],
        themas=[],
        aanmelder_organisatie=aanmelder,
    )
    casus.ave_niveau = 2  # what an MDO's afspraken do to the current level
    casus.save(update_fields=["ave_niveau"])
    casus.refresh_from_db()
    assert (casus.ave_niveau, casus.ave_niveau_bij_opening) == (2, 4)


def test_the_migration_fills_the_opening_level_only_where_no_mdo_changed_it(zvh):
    """0011_casuspagina: a casus without an MDO level still carries its opening level; for
    one with an MDO level the opening level is not known and stays empty."""
    import importlib

    from django.apps import apps

    from casus.models import Casus

    migratie = importlib.import_module("casus.migrations.0011_casuspagina")
    zonder_mdo = CasusFactory(zvh=zvh, ave_niveau=3)
    met_mdo = CasusoverlegFactory(casus__zvh=zvh, sessie__tafel__zvh=zvh, ave_niveau=1).casus
    Casus.objects.update(ave_niveau_bij_opening=None)
    migratie.vooruit(apps, None)
    zonder_mdo.refresh_from_db()
    met_mdo.refresh_from_db()
    assert zonder_mdo.ave_niveau_bij_opening == 3
    assert met_mdo.ave_niveau_bij_opening is None


# The rows written in Python (casus.weergave) --------------------------------------------------


def test_the_rows_written_in_python_escape_what_users_typed_and_keep_each_value(client, huis):
    """The MDO rows, the running actions and the AVE table are written by casus.weergave, not
    by the template language: each value a user typed is escaped there as well, and each row
    keeps its table, owner, note (decrypted, with its organisation) and life domains."""
    casus = huis["casus"]
    tafel = huis["mdo"].sessie.tafel
    tafel.naam = "<b>Tafel</b> & co"
    tafel.save()
    politie = huis["users"]["politie_a"].organisatie
    eigenaar = huis["users"]["politie_a"]
    eigenaar.first_name, eigenaar.last_name = "Ria", "<i>Agent</i>"
    eigenaar.save()
    actie = ActieFactory(
        doel__plan=casus.plan,
        organisatie=politie,
        eigenaar=eigenaar,
        omschrijving="<script>alert(1)</script>",
        status=ActieStatus.IN_UITVOERING,
    )
    VoortgangFactory(actie=actie, notitie="Gesprek <gevoerd>")
    page = _html(_get(client, huis["users"]["regisseur_a"], casus))
    overleggen = page.split('<table class="overleggen">', 1)[1].split("</table>", 1)[0]
    assert f"<td>{escape(tafel.naam)}</td>" in overleggen
    assert "<b>Tafel</b>" not in page
    lopend = page.split('<table class="acties">', 1)[1].split("</table>", 1)[0]
    assert f'<td class="pre">{escape(actie.omschrijving)}</td>' in lopend
    assert "<script>alert(1)</script>" not in page
    assert f"<td>{escape('Ria <i>Agent</i>')}</td>" in lopend
    assert f'<span class="pre notitie">{escape("Gesprek <gevoerd>")}</span>' in lopend
    assert f"({escape(politie.naam)}, " in lopend
