"""Casusoverleggen: planning in slots (full session, duplicates, the race for the last slot,
spoed over capacity), the MDO record (gate, minutes with optimistic locking, decisions, AVE),
the calendar file, and a closed casus refusing every change."""

import datetime
import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from audit import events
from audit.models import AccessLog
from casus import services_overleg as services
from casus.kalender import escape, fold
from casus.models import (
    Aanwezigheid,
    Casus,
    Casusoverleg,
    Geheimhoudingsverklaring,
    OverlegStatus,
    OverlegType,
    Sessie,
)
from core.errors import ServiceError
from core.policy import Geweigerd
from core.roles import Rol
from tests.casus.factories import (
    CasusFactory,
    CasusoverlegFactory,
    OverlegtafelFactory,
    PersoonFactory,
    SessieFactory,
    UitnodigingFactory,
)
from tests.conftest import actor_for
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory

VANDAAG = timezone.localdate


@pytest.fixture
def regisseur(zvh, make_user):
    return actor_for(make_user(zvh, Rol.PROCESREGISSEUR), zvh)


def _plan(actor, casus, sessie, type=OverlegType.START, **kwargs):
    return services.casus_plannen(actor=actor, casus=casus, sessie=sessie, type=type, **kwargs)


# Tafels and sessions -------------------------------------------------------------------------


def test_sessie_has_timed_slots(zvh, regisseur):
    tafel = services.tafel_opslaan(actor=regisseur, naam="PVG-tafel", vaste_dag_tijd="di 9–12")
    sessie = services.sessie_aanmaken(
        actor=regisseur,
        tafel=tafel,
        datum=VANDAAG() + datetime.timedelta(days=3),
        begin=datetime.time(9),
        eind=datetime.time(12),
        capaciteit=6,
    )
    tijden = [(s.volgorde, s.begintijd, s.duur_minuten) for s in sessie.slots.order_by("volgorde")]
    assert tijden[0] == (1, datetime.time(9), 30)
    assert tijden[-1] == (6, datetime.time(11, 30), 30)
    assert AccessLog.objects.filter(event_type=events.OVERLEGSESSIE_AANGEMAAKT).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "melding"),
    [
        ({"datum": -1}, "verleden"),
        ({"eind": datetime.time(8)}, "na het begin"),
        ({"capaciteit": 0}, "tussen 1 en"),
        ({"capaciteit": 40}, "minstens 5 minuten"),
    ],
)
def test_sessie_bad_input_is_refused(zvh, regisseur, kwargs, melding):
    tafel = OverlegtafelFactory(zvh=zvh)
    data = {
        "datum": VANDAAG() + datetime.timedelta(days=1),
        "begin": datetime.time(9),
        "eind": datetime.time(12),
        "capaciteit": 3,
    }
    if "datum" in kwargs:
        data["datum"] = VANDAAG() + datetime.timedelta(days=kwargs.pop("datum"))
    data.update(kwargs)
    with pytest.raises(ServiceError, match=melding):
        services.sessie_aanmaken(actor=regisseur, tafel=tafel, **data)
    assert not Sessie.objects.exists()


def test_tafel_of_other_house_is_not_found(zvh, other_zvh, regisseur):
    with pytest.raises(Geweigerd):
        services.sessie_aanmaken(
            actor=regisseur,
            tafel=OverlegtafelFactory(zvh=other_zvh),
            datum=VANDAAG(),
            begin=datetime.time(9),
            eind=datetime.time(10),
            capaciteit=2,
        )


# Planning ------------------------------------------------------------------------------------


def test_planning_takes_the_first_free_slot_and_a_full_session_offers_the_next(zvh, regisseur):
    tafel = OverlegtafelFactory(zvh=zvh)
    sessie = SessieFactory(tafel=tafel, capaciteit=2)
    later = SessieFactory(tafel=tafel, capaciteit=2, datum=sessie.datum + datetime.timedelta(7))
    eerste = _plan(regisseur, CasusFactory(zvh=zvh), sessie)
    tweede = _plan(regisseur, CasusFactory(zvh=zvh), sessie)
    assert (eerste.slot.volgorde, tweede.slot.volgorde) == (1, 2)
    assert eerste.begint_op == timezone.make_aware(
        datetime.datetime.combine(sessie.datum, datetime.time(9))
    )
    with pytest.raises(services.SessieVol) as vol:
        _plan(regisseur, CasusFactory(zvh=zvh), sessie)
    assert "vol" in str(vol.value)
    assert [(s.sessie_id, s.volgorde) for s in vol.value.vrije_slots] == [
        (later.pk, 1),
        (later.pk, 2),
    ]
    assert Casusoverleg.objects.filter(sessie=sessie).count() == 2


def test_a_second_slot_for_the_same_casus_on_a_session_is_refused(zvh, regisseur):
    sessie = SessieFactory(tafel__zvh=zvh)
    casus = CasusFactory(zvh=zvh)
    _plan(regisseur, casus, sessie)
    with pytest.raises(ServiceError, match="al op deze sessie"):
        _plan(regisseur, casus, sessie, type=OverlegType.SPOED)
    assert casus.overleggen.count() == 1


def test_spoed_over_capacity_needs_a_reason_and_is_audited(zvh, regisseur):
    sessie = SessieFactory(tafel__zvh=zvh, capaciteit=1)
    _plan(regisseur, CasusFactory(zvh=zvh), sessie)
    spoed = CasusFactory(zvh=zvh)
    with pytest.raises(ServiceError, match="Alleen een spoedoverleg"):
        _plan(regisseur, spoed, sessie, boven_capaciteit=True, reden="acuut")
    with pytest.raises(ServiceError, match="reden"):
        _plan(regisseur, spoed, sessie, type=OverlegType.SPOED, boven_capaciteit=True)
    overleg = _plan(
        regisseur, spoed, sessie, type=OverlegType.SPOED, boven_capaciteit=True, reden="Acuut"
    )
    assert overleg.slot is None and overleg.boven_capaciteit
    overleg.refresh_from_db()
    assert overleg.reden_boven_capaciteit == "Acuut"
    row = AccessLog.objects.get(event_type=events.CASUSOVERLEG_BOVEN_CAPACITEIT)
    assert row.casus_id == str(spoed.pk)
    assert "Acuut" not in row.detail


def test_a_spoed_session_takes_only_spoed_mdos(zvh, regisseur):
    sessie = SessieFactory(tafel__zvh=zvh, spoed=True)
    with pytest.raises(ServiceError, match="spoedsessie"):
        _plan(regisseur, CasusFactory(zvh=zvh), sessie)
    assert _plan(regisseur, CasusFactory(zvh=zvh), sessie, type=OverlegType.SPOED).slot


def test_only_a_procesregisseur_of_the_house_plans(zvh, other_zvh, make_user):
    sessie = SessieFactory(tafel__zvh=zvh)
    casus = CasusFactory(zvh=zvh)
    for actor in (
        actor_for(make_user(zvh, Rol.KETENPARTNER), zvh),
        actor_for(make_user(zvh, Rol.MANAGER), zvh),
        actor_for(make_user(other_zvh, Rol.PROCESREGISSEUR), other_zvh),
    ):
        with pytest.raises(Geweigerd):
            _plan(actor, casus, sessie)
    assert not Casusoverleg.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_procesregisseurs_taking_the_last_slot_exactly_one_wins(make_user):
    from tests.partners.factories import ZvhFactory

    zvh = ZvhFactory()
    sessie = SessieFactory(tafel__zvh=zvh, capaciteit=1)
    actors = [actor_for(make_user(zvh, Rol.PROCESREGISSEUR), zvh) for _ in range(2)]
    casussen = [CasusFactory(zvh=zvh) for _ in range(2)]
    barrier = threading.Barrier(2)
    results = []

    def take(actor, casus):
        try:
            barrier.wait()
            _plan(actor, casus, Sessie.objects.get(pk=sessie.pk))
            results.append("gepland")
        except services.SessieVol:
            results.append("vol")
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=take, args=pair) for pair in zip(actors, casussen, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["gepland", "vol"]
    assert Casusoverleg.objects.filter(sessie=sessie).count() == 1


# The MDO record ------------------------------------------------------------------------------


@pytest.fixture
def mdo(zvh, regisseur):
    return _plan(regisseur, CasusFactory(zvh=zvh), SessieFactory(tafel__zvh=zvh))


def _incidentele_partner(zvh):
    return PartnerschapFactory(zvh=zvh, incidenteel=True).organisatie


def test_invitation_marks_an_incidentele_partner(zvh, regisseur, mdo):
    partner = PartnerschapFactory(zvh=zvh).organisatie
    school = _incidentele_partner(zvh)
    onbekend = OrganisatieFactory()  # no partnership in this house at all
    flags = [
        services.uitnodigen(actor=regisseur, overleg=mdo, organisatie=o).incidenteel
        for o in (partner, school, onbekend)
    ]
    assert flags == [False, True, True]
    with pytest.raises(ServiceError, match="al uitgenodigd"):
        services.uitnodigen(actor=regisseur, overleg=mdo, organisatie=partner)


def test_the_gate_refuses_opening_until_the_declaration_is_recorded(zvh, regisseur, mdo):
    school = _incidentele_partner(zvh)
    school.naam = "Basisschool De Linde"
    school.save()
    uitnodiging = services.uitnodigen(actor=regisseur, overleg=mdo, organisatie=school)
    with pytest.raises(ServiceError, match="geheimhoudingsverklaring ontbreekt voor Basisschool"):
        services.status_wijzigen(actor=regisseur, overleg=mdo, status=OverlegStatus.GEOPEND)
    mdo.refresh_from_db()
    assert mdo.status == OverlegStatus.GEPLAND
    services.verklaring_vastleggen(
        actor=regisseur,
        uitnodiging=uitnodiging,
        naam_ondertekenaar="A. Jansen",
        getekend_op=VANDAAG(),
    )
    services.status_wijzigen(actor=regisseur, overleg=mdo, status=OverlegStatus.GEOPEND)
    services.status_wijzigen(actor=regisseur, overleg=mdo, status=OverlegStatus.GEHOUDEN)
    mdo.refresh_from_db()
    assert mdo.status == OverlegStatus.GEHOUDEN
    with pytest.raises(ServiceError, match="gehouden"):
        services.status_wijzigen(actor=regisseur, overleg=mdo, status=OverlegStatus.GEOPEND)


def test_a_declaration_for_the_casus_covers_its_next_mdo(zvh, regisseur, mdo):
    school = _incidentele_partner(zvh)
    uitnodiging = services.uitnodigen(actor=regisseur, overleg=mdo, organisatie=school)
    services.verklaring_vastleggen(
        actor=regisseur,
        uitnodiging=uitnodiging,
        naam_ondertekenaar="A. Jansen",
        getekend_op=VANDAAG(),
        hele_casus=True,
    )
    volgende = _plan(regisseur, mdo.casus, SessieFactory(tafel=mdo.sessie.tafel))
    services.uitnodigen(actor=regisseur, overleg=volgende, organisatie=school)
    services.status_wijzigen(actor=regisseur, overleg=volgende, status=OverlegStatus.GEOPEND)
    # A declaration for one MDO does not cover another.
    ander = _plan(regisseur, CasusFactory(zvh=zvh), mdo.sessie)
    services.uitnodigen(actor=regisseur, overleg=ander, organisatie=school)
    with pytest.raises(ServiceError, match="ontbreekt"):
        services.status_wijzigen(actor=regisseur, overleg=ander, status=OverlegStatus.GEOPEND)


def test_declaration_bad_input(zvh, regisseur, mdo):
    uitnodiging = services.uitnodigen(
        actor=regisseur, overleg=mdo, organisatie=_incidentele_partner(zvh)
    )
    with pytest.raises(ServiceError, match="ondertekenaar"):
        services.verklaring_vastleggen(
            actor=regisseur, uitnodiging=uitnodiging, naam_ondertekenaar=" ", getekend_op=VANDAAG()
        )
    with pytest.raises(ServiceError, match="toekomst"):
        services.verklaring_vastleggen(
            actor=regisseur,
            uitnodiging=uitnodiging,
            naam_ondertekenaar="A",
            getekend_op=VANDAAG() + datetime.timedelta(1),
        )
    assert not Geheimhoudingsverklaring.objects.exists()


def test_minutes_are_optimistically_locked(regisseur, mdo):
    services.status_wijzigen(actor=regisseur, overleg=mdo, status=OverlegStatus.GEOPEND)
    gelezen = mdo.versie
    services.verslag_opslaan(
        actor=regisseur, overleg=mdo, verslag="Eerste schrijver", versie=gelezen
    )
    with pytest.raises(services.VerslagConflict, match="intussen door iemand anders"):
        services.verslag_opslaan(
            actor=regisseur, overleg=mdo, verslag="Tweede schrijver", versie=gelezen
        )
    mdo.refresh_from_db()
    assert (mdo.verslag, mdo.versie) == ("Eerste schrijver", gelezen + 1)
    raw = Casusoverleg.objects.filter(pk=mdo.pk).values_list("verslag", flat=True).get()
    assert b"Eerste" not in bytes(raw)


def test_minutes_need_an_open_mdo_and_fit_the_limit(regisseur, mdo):
    with pytest.raises(ServiceError, match="Open het overleg"):
        services.verslag_opslaan(actor=regisseur, overleg=mdo, verslag="x", versie=0)
    services.status_wijzigen(actor=regisseur, overleg=mdo, status=OverlegStatus.GEOPEND)
    with pytest.raises(ServiceError, match="te lang"):
        services.verslag_opslaan(
            actor=regisseur, overleg=mdo, verslag="x" * (services.MAX_VERSLAG + 1), versie=0
        )


def test_decisions_attendance_and_ave(zvh, regisseur, mdo):
    partner = PartnerschapFactory(zvh=zvh).organisatie
    uitnodiging = services.uitnodigen(actor=regisseur, overleg=mdo, organisatie=partner)
    services.status_wijzigen(actor=regisseur, overleg=mdo, status=OverlegStatus.GEOPEND)
    services.aanwezigheid_vastleggen(
        actor=regisseur, uitnodiging=uitnodiging, aanwezigheid=Aanwezigheid.AANWEZIG
    )
    besluit = services.besluit_vastleggen(
        actor=regisseur, overleg=mdo, tekst="Huisbezoek", eigenaar=partner
    )
    assert besluit.eigenaar == partner
    with pytest.raises(ServiceError, match="eigenaar"):
        services.besluit_vastleggen(
            actor=regisseur, overleg=mdo, tekst="x", eigenaar=OrganisatieFactory()
        )
    volgende = timezone.localtime(mdo.begint_op).date() + datetime.timedelta(days=28)
    services.afspraken_vastleggen(
        actor=regisseur, overleg=mdo, ave_niveau=2, volgend_mdo_op=volgende
    )
    mdo.refresh_from_db()
    casus = Casus.objects.get(pk=mdo.casus_id)
    assert (mdo.ave_niveau, casus.ave_niveau, mdo.volgend_mdo_op) == (2, 2, volgende)
    with pytest.raises(ServiceError, match="na dit overleg"):
        services.afspraken_vastleggen(
            actor=regisseur, overleg=mdo, ave_niveau=3, volgend_mdo_op=VANDAAG()
        )
    assert Casus.objects.get(pk=casus.pk).ave_niveau == 2
    gelogd = set(
        AccessLog.objects.filter(casus_id=str(casus.pk)).values_list("event_type", flat=True)
    )
    assert {
        events.CASUSOVERLEG_GEPLAND,
        events.CASUSOVERLEG_UITGENODIGD,
        events.CASUSOVERLEG_STATUS_GEWIJZIGD,
        events.CASUSOVERLEG_AANWEZIGHEID,
        events.CASUSOVERLEG_BESLUIT_VASTGELEGD,
        events.CASUSOVERLEG_AFSPRAKEN_VASTGELEGD,
    } <= gelogd


def test_a_closed_casus_refuses_every_change(zvh, regisseur, mdo):
    partner = PartnerschapFactory(zvh=zvh).organisatie
    uitnodiging = services.uitnodigen(actor=regisseur, overleg=mdo, organisatie=partner)
    services.status_wijzigen(actor=regisseur, overleg=mdo, status=OverlegStatus.GEOPEND)
    Casus.objects.filter(pk=mdo.casus_id).update(status="afgesloten")
    calls = [
        lambda: _plan(regisseur, mdo.casus, SessieFactory(tafel=mdo.sessie.tafel)),
        lambda: services.uitnodigen(actor=regisseur, overleg=mdo, organisatie=OrganisatieFactory()),
        lambda: services.aanwezigheid_vastleggen(
            actor=regisseur, uitnodiging=uitnodiging, aanwezigheid=Aanwezigheid.AFWEZIG
        ),
        lambda: services.verslag_opslaan(actor=regisseur, overleg=mdo, verslag="x", versie=0),
        lambda: services.besluit_vastleggen(
            actor=regisseur, overleg=mdo, tekst="x", eigenaar=partner
        ),
        lambda: services.afspraken_vastleggen(
            actor=regisseur, overleg=mdo, ave_niveau=2, volgend_mdo_op=None
        ),
        lambda: services.status_wijzigen(
            actor=regisseur, overleg=mdo, status=OverlegStatus.GEHOUDEN
        ),
    ]
    for call in calls:
        with pytest.raises(ServiceError, match="afgesloten"):
            call()
    mdo.refresh_from_db()
    assert (mdo.status, mdo.verslag, mdo.besluiten.count()) == (OverlegStatus.GEOPEND, "", 0)


# iCalendar -----------------------------------------------------------------------------------


def test_ics_carries_no_personal_data(client, login, zvh, make_user):
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    persoon = PersoonFactory(zvh=zvh, voornamen="Karel", achternaam="Appel")
    casus = CasusFactory(zvh=zvh)
    casus.personen.add(persoon)
    tafel = OverlegtafelFactory(zvh=zvh, naam="PVG-tafel, dinsdag; 9–12", locatie="Zaal 2")
    sessie = SessieFactory(tafel=tafel, plaats="https://meet.example/karel-appel")
    overleg = CasusoverlegFactory(sessie=sessie, casus=casus)
    overleg.verslag = "Karel Appel vertelde"
    overleg.save()
    uitnodiging = UitnodigingFactory(casusoverleg=overleg)
    login(regisseur)
    response = client.get(f"/uitnodigingen/{uitnodiging.pk}/casusoverleg.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    unfolded = body.replace("\r\n ", "")
    start = timezone.make_aware(datetime.datetime.combine(sessie.datum, datetime.time(9)))
    assert f"DTSTART:{start.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}" in unfolded
    assert "SUMMARY:Casusoverleg PVG-tafel\\, dinsdag\\; 9–12" in unfolded
    assert "LOCATION:Zaal 2" in unfolded
    assert f"/overleggen/{overleg.pk}/" in unfolded
    assert "UID:" in unfolded and "DTSTAMP:" in unfolded and "DTEND:" in unfolded
    for secret in ("Karel", "Appel", persoon.bsn, casus.nummer, "meet.example", "J. de Vries"):
        assert secret not in unfolded, secret


def test_ics_escaping_and_folding():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "é" * 80
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
