"""The whole casus workflow of issue 11 in Chromium, axe-core on every page visited: a
procesregisseur accepts a referral and takes the partners it names as deelnemers; the
informatiecoördinator asks both, each partner answers in its own browser, the coordinator
scores a person and writes a ready pitch; the procesregisseur plans, opens and holds the
start-MDO and plans the vervolg-MDO. And a spoed casus planned over capacity on a full session."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aanmelding.models import Status
from casus.models import Casus, Casusoverleg, OverlegStatus, Pitch, Score, Thema, Uitvraag
from partners.models import OrganisatieType, Rol
from tests.aanmelding.factories import AanmeldingFactory
from tests.casus.factories import CasusFactory, OverlegtafelFactory, SessieFactory, zrm_huis
from tests.e2e.conftest import axe_check
from tests.partners.factories import OrganisatieFactory

OVERLEG_URL = re.compile(r"/overleggen/[0-9a-f-]+/$")


def _goto(page, path):
    response = page.goto(path)
    assert response.status < 400, (path, response.status)
    axe_check(page)


def _huis(zvh, make_user):
    """The house's own staff: a procesregisseur with a back-up and an informatiecoördinator."""
    eigen = OrganisatieFactory(type=OrganisatieType.ZVH, naam="ZVH Demoregio")
    regisseur = make_user(
        zvh, Rol.PROCESREGISSEUR, organisatie=eigen, first_name="Petra", last_name="Regisseur"
    )
    backup = make_user(zvh, Rol.PROCESREGISSEUR, organisatie=eigen, first_name="Paul")
    coordinator = make_user(
        zvh, Rol.INFORMATIECOORDINATOR, organisatie=eigen, first_name="Ina", last_name="Coord"
    )
    return regisseur, backup, coordinator


def _verstuur(page, knop):
    """Submit through the button named `knop` and wait for the page the server answers with
    (the MDO page answers each step with the same "Opgeslagen.", so a text would not do)."""
    with page.expect_navigation():
        page.get_by_role("button", name=knop, exact=True).click()


def _plannen(page, casus, sessie, soort, *, boven_capaciteit_reden=None):
    """Plan `casus` on `sessie` from the casus page; lands on the MDO page."""
    _goto(page, f"/casussen/{casus.pk}/")
    page.get_by_role("link", name="Casusoverleg plannen").click()
    page.wait_for_url(f"**/casussen/{casus.pk}/plannen/")
    axe_check(page)
    page.get_by_label("Sessie", exact=True).select_option(str(sessie.pk))
    page.get_by_label("Soort overleg", exact=True).select_option(soort)
    if boven_capaciteit_reden:
        page.get_by_label("Spoed: boven de capaciteit plannen als de sessie vol is").check()
        page.get_by_label("Reden (bij boven de capaciteit)").fill(boven_capaciteit_reden)
    page.get_by_role("button", name="Inplannen").click()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_accepted_referral_enriched_scored_pitched_and_discussed(zvh, make_user, page_as):
    zrm_huis(zvh)
    regisseur, backup, coordinator = _huis(zvh, make_user)
    politie = OrganisatieFactory(naam="Politie Oost")
    ggz = OrganisatieFactory(naam="GGZ Oost")
    agent = make_user(
        zvh, Rol.KETENPARTNER, organisatie=politie, first_name="Piet", last_name="Agent"
    )
    behandelaar = make_user(
        zvh, Rol.KETENPARTNER, organisatie=ggz, first_name="Greet", last_name="Behandelaar"
    )
    Thema.objects.create(zvh=zvh, code="hg", naam="Huiselijk geweld")
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True, personen__gekoppeld=False)
    aanmelding.betrokken_organisaties.set([politie, ggz])
    naam = aanmelding.personen_geordend[0].naam
    tafel = OverlegtafelFactory(zvh=zvh, naam="PVG-tafel")
    sessie = SessieFactory(tafel=tafel, capaciteit=3)

    # 1. The procesregisseur accepts at triage; both named partners are offered and taken.
    pr = page_as(regisseur)
    _goto(pr, f"/triage/{aanmelding.pk}/")
    pr.get_by_role("button", name="Alle beoordelingen van de aanmelder overnemen").click()
    pr.wait_for_load_state()
    axe_check(pr)
    pr.check("#id_besluit_0")  # accepteren
    expect(pr.get_by_label("Politie Oost")).to_be_checked()
    expect(pr.get_by_label("GGZ Oost")).to_be_checked()
    pr.check("#id_themas_0")
    pr.check("#id_ave_niveau_2")
    pr.select_option("#id_backup_procesregisseur", str(backup.pk))
    axe_check(pr)
    pr.get_by_role("button", name="Besluit vastleggen").click()
    pr.wait_for_url("**/triage/")
    expect(pr.get_by_text("Het triagebesluit is vastgelegd.")).to_be_visible()
    axe_check(pr)
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.GEACCEPTEERD
    casus = Casus.objects.get()
    assert {politie.pk, ggz.pk} <= set(casus.deelnemers.values_list("organisatie_id", flat=True))
    persoon = casus.personen.get()

    # 2. The informatiecoördinator finds the casus and asks both partners.
    ic = page_as(coordinator)
    _goto(ic, "/casussen/")
    ic.get_by_role("link", name=casus.nummer).click()
    ic.wait_for_url(f"**/casussen/{casus.pk}/")
    axe_check(ic)
    _goto(ic, f"/casussen/{casus.pk}/verrijking/")
    ic.get_by_label("Politie Oost").check()
    ic.get_by_label("GGZ Oost").check()
    ic.get_by_label("Vraag", exact=True).fill(f"Wat is er bij u bekend over {naam}?")
    termijn = timezone.localdate() + datetime.timedelta(days=5)
    ic.get_by_label("Uiterlijk beantwoorden op").fill(termijn.isoformat())
    ic.get_by_role("button", name="Uitvraag versturen").click()
    expect(ic.get_by_text("De vraag is uitgezet bij 2 organisatie(s).")).to_be_visible()
    axe_check(ic)
    assert Uitvraag.objects.filter(casus=casus).count() == 2

    # 3. Each partner answers in its own browser: the police per life domain, GGZ "niets bekend".
    pol = page_as(agent)
    _goto(pol, "/")
    pol.get_by_role("link", name="Uitvragen").first.click()
    pol.wait_for_url("**/uitvragen/")
    axe_check(pol)
    pol.get_by_role("link", name=casus.nummer).click()
    pol.wait_for_url("**/uitvragen/*/")
    axe_check(pol)
    pol.get_by_label("Justitie").fill("Twee aangiftes van bedreiging.")
    pol.get_by_label("Algemeen antwoord").fill("Wijkagent kent het gezin.")
    pol.get_by_role("button", name="Antwoord opslaan").click()
    expect(pol.get_by_text("Uw antwoord is opgeslagen.")).to_be_visible()
    axe_check(pol)

    zorg = page_as(behandelaar)
    _goto(zorg, "/uitvragen/")
    zorg.get_by_role("link", name=casus.nummer).click()
    zorg.wait_for_url("**/uitvragen/*/")
    axe_check(zorg)
    assert "Twee aangiftes" not in zorg.content()
    zorg.get_by_label("Niets bekend", exact=False).check()
    zorg.get_by_role("button", name="Antwoord opslaan").click()
    expect(zorg.get_by_text("Uw antwoord is opgeslagen.")).to_be_visible()
    axe_check(zorg)

    # 4. The coordinator sees both answers, scores the person and writes a ready pitch.
    _goto(ic, f"/casussen/{casus.pk}/verrijking/")
    expect(ic.get_by_text("Twee aangiftes van bedreiging.")).to_be_visible()
    expect(ic.get_by_text("Piet Agent").first).to_be_visible()
    expect(ic.get_by_text("Niets bekend").first).to_be_visible()
    vandaag = timezone.localdate().isoformat()
    _goto(ic, f"/casussen/{casus.pk}/")
    ic.get_by_role("link", name=f"Leefgebiedscores van {persoon.naam}").click()
    ic.wait_for_url(f"**/personen/{persoon.pk}/scores/")
    axe_check(ic)
    ic.get_by_role("link", name="Nieuw scoreformulier").click()
    ic.wait_for_url("**/scores/nieuw/")
    axe_check(ic)
    ic.select_option("#id_waarde_justitie", "2")
    ic.fill("#id_motivatie_justitie", "Twee aangiftes van bedreiging.")
    ic.select_option("#id_bron_justitie", label="Politie Oost")
    ic.fill("#id_informatie_datum_justitie", vandaag)
    ic.select_option("#id_waarde_geestelijke_gezondheid", "3")
    ic.fill("#id_motivatie_geestelijke_gezondheid", "Niets bekend bij de GGZ.")
    ic.select_option("#id_bron_geestelijke_gezondheid", label="GGZ Oost")
    ic.fill("#id_informatie_datum_geestelijke_gezondheid", vandaag)
    ic.get_by_role("button", name="Scoreformulier opslaan").click()
    ic.wait_for_url(f"**/personen/{persoon.pk}/scores/")
    expect(ic.get_by_text("Het scoreformulier is opgeslagen.")).to_be_visible()
    axe_check(ic)
    assert Score.objects.count() == 2

    _goto(ic, f"/casussen/{casus.pk}/")
    ic.get_by_role("link", name="Pitch schrijven en versies bekijken").click()
    ic.wait_for_url("**/pitch/")
    axe_check(ic)
    ic.fill("#id_aanleiding", "Escalatie thuis, aangiftes van bedreiging.")
    ic.fill("#id_feit_justitie", "Twee aangiftes van bedreiging.")
    ic.fill("#id_vraag", "Wie neemt de regie op veiligheid?")
    ic.get_by_role("button", name="Opslaan als nieuwe versie").click()
    expect(ic.get_by_text("Versie 1 van de pitch is opgeslagen.")).to_be_visible()
    axe_check(ic)
    ic.get_by_role("button", name="Versie 1 gereed melden").click()
    ic.wait_for_url(f"**/casussen/{casus.pk}/")
    expect(ic.get_by_text("Versie 1 van de pitch is gereed gemeld.")).to_be_visible()
    axe_check(ic)
    assert Pitch.objects.get(casus=casus).gereed

    # 5. The procesregisseur plans the start-MDO, invites both partners, opens and holds it.
    _plannen(pr, casus, sessie, "start")
    pr.wait_for_url(OVERLEG_URL)
    axe_check(pr)
    overleg = Casusoverleg.objects.get(casus=casus)
    assert overleg.slot is not None
    expect(pr.get_by_text("Wie neemt de regie op veiligheid?")).to_be_visible()
    for organisatie, genodigde in ((politie, "P. Agent, wijkagent"), (ggz, "G. Behandelaar")):
        pr.get_by_label("Organisatie", exact=True).select_option(str(organisatie.pk))
        pr.get_by_label("Genodigden (naam en functie, één per regel)").fill(genodigde)
        _verstuur(pr, "Uitnodigen")
        expect(pr.get_by_role("cell", name=organisatie.naam, exact=True)).to_be_visible()
    axe_check(pr)
    _verstuur(pr, "Overleg openen")
    expect(pr.get_by_role("button", name="Overleg afronden (gehouden)")).to_be_visible()
    axe_check(pr)
    pr.get_by_label("Aanwezigheid Politie Oost").select_option("aanwezig")
    _verstuur(pr, "Vastleggen voor Politie Oost")
    expect(pr.get_by_label("Aanwezigheid Politie Oost")).to_have_value("aanwezig")
    pr.get_by_label("Aanwezigheid GGZ Oost").select_option("aanwezig")
    _verstuur(pr, "Vastleggen voor GGZ Oost")
    expect(pr.get_by_label("Aanwezigheid GGZ Oost")).to_have_value("aanwezig")
    pr.get_by_label("Verslag", exact=True).fill("Besproken: de veiligheid thuis.")
    _verstuur(pr, "Verslag opslaan")
    pr.get_by_label("Besluit", exact=True).fill("Huisbezoek binnen een week.")
    pr.get_by_label("Eigenaar").select_option(label="Politie Oost")
    _verstuur(pr, "Besluit vastleggen")
    expect(pr.get_by_text("Huisbezoek binnen een week.")).to_be_visible()
    volgende = timezone.localtime(overleg.begint_op).date() + datetime.timedelta(days=28)
    pr.get_by_label("Afgesproken AVE-niveau").select_option("3")
    pr.get_by_label("Datum volgend MDO").fill(volgende.isoformat())
    _verstuur(pr, "Afspraken vastleggen")
    axe_check(pr)
    _verstuur(pr, "Overleg afronden (gehouden)")
    expect(pr.get_by_role("button", name="Overleg afronden (gehouden)")).to_have_count(0)
    expect(pr.get_by_text("Huisbezoek binnen een week.")).to_be_visible()
    axe_check(pr)
    overleg.refresh_from_db()
    assert overleg.status == OverlegStatus.GEHOUDEN
    assert (overleg.verslag, overleg.ave_niveau, overleg.volgend_mdo_op) == (
        "Besproken: de veiligheid thuis.",
        3,
        volgende,
    )
    assert set(overleg.uitnodigingen.values_list("aanwezigheid", flat=True)) == {"aanwezig"}
    besluit = overleg.besluiten.get()
    assert besluit.eigenaar_id == politie.pk
    assert Casus.objects.get(pk=casus.pk).ave_niveau == 3

    # 6. The vervolg-MDO on the session of the agreed date.
    vervolgsessie = SessieFactory(tafel=tafel, datum=volgende)
    _plannen(pr, casus, vervolgsessie, "vervolg")
    pr.wait_for_url(OVERLEG_URL)
    axe_check(pr)
    vervolg = Casusoverleg.objects.get(casus=casus, sessie=vervolgsessie)
    assert (vervolg.type, vervolg.status, vervolg.slot is not None) == (
        "vervolg",
        OverlegStatus.GEPLAND,
        True,
    )
    _goto(pr, f"/overleg/sessies/{vervolgsessie.pk}/")
    expect(pr.get_by_text(casus.nummer).first).to_be_visible()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_spoed_casus_planned_over_capacity_on_a_full_session(zvh, make_user, page_as):
    regisseur, _backup, _coordinator = _huis(zvh, make_user)
    tafel = OverlegtafelFactory(zvh=zvh, naam="PVG-tafel")
    sessie = SessieFactory(tafel=tafel, capaciteit=1)
    gewoon = CasusFactory(zvh=zvh, procesregisseur=regisseur)
    spoed = CasusFactory(zvh=zvh, procesregisseur=regisseur, spoed=True)
    pr = page_as(regisseur)

    _plannen(pr, gewoon, sessie, "start")
    pr.wait_for_url(OVERLEG_URL)
    axe_check(pr)

    # Full: refused with a clear message, then planned over capacity with a reason.
    _plannen(pr, spoed, sessie, "spoed")
    expect(pr.get_by_text("Deze sessie is vol.")).to_be_visible()
    axe_check(pr)
    assert not Casusoverleg.objects.filter(casus=spoed).exists()
    pr.get_by_label("Sessie", exact=True).select_option(str(sessie.pk))
    pr.get_by_label("Soort overleg", exact=True).select_option("spoed")
    pr.get_by_label("Spoed: boven de capaciteit plannen als de sessie vol is").check()
    pr.get_by_label("Reden (bij boven de capaciteit)").fill("Acuut gevaar, niet uit te stellen.")
    pr.get_by_role("button", name="Inplannen").click()
    pr.wait_for_url(OVERLEG_URL)
    expect(pr.get_by_text("boven de capaciteit").first).to_be_visible()
    expect(pr.get_by_text("Acuut gevaar, niet uit te stellen.")).to_be_visible()
    axe_check(pr)
    overleg = Casusoverleg.objects.get(casus=spoed)
    assert overleg.boven_capaciteit and overleg.slot is None
    assert overleg.reden_boven_capaciteit == "Acuut gevaar, niet uit te stellen."
    _goto(pr, f"/overleg/sessies/{sessie.pk}/")
    expect(pr.get_by_text(spoed.nummer).first).to_be_visible()
