"""Referral and triage use cases: drafts, persons, submission, decisions, four-eyes, atomicity."""

import pytest
from guardian.shortcuts import get_perms

from aanmelding import selectors, services
from aanmelding.models import (
    Aanmelding,
    Besluit,
    Informatieverzoek,
    Status,
    Triagebesluit,
    TriageInstelling,
)
from audit.models import AccessLog
from casus import services as casus_services
from casus.models import Casus, Deelnemer, Persoon, PersoonRelatie
from core.crypto import blind_index
from core.errors import ServiceError
from core.policy import Geweigerd
from tests.aanmelding.conftest import ALLE_JA
from tests.aanmelding.factories import AanmeldingFactory, RegionaalCriteriumFactory
from tests.casus.factories import PersoonFactory

PERSOON = {"bsn": "111222333", "voornamen": "Sanne", "achternaam": "de Boer"}


def _accept(actor, aanmelding, thema, regisseur, regisseur2, **overrides):
    kwargs = {
        "actor": actor,
        "aanmelding": aanmelding,
        "besluit": Besluit.ACCEPTEREN,
        "oordelen": dict(ALLE_JA),
        "themas": [thema],
        "ave_niveau": 3,
        "procesregisseur": regisseur,
        "backup_procesregisseur": regisseur2,
    }
    kwargs.update(overrides)
    return services.triage_besluiten(**kwargs)


def test_referrer_creates_draft_adds_persons_and_submits(zvh, aanmelder, as_actor):
    actor = as_actor(aanmelder, zvh)
    gegevens = {f: getattr(AanmeldingFactory.build(), f) for f in services.AANMELDING_VELDEN}
    gegevens["problemen"] = {"huisvesting": "Dreigende uitzetting", "justitie": ""}
    aanmelding = services.aanmelding_aanmaken(actor=actor, gegevens=gegevens)
    assert aanmelding.status == Status.CONCEPT
    assert aanmelding.organisatie == aanmelder.organisatie
    assert aanmelding.problemen_per_leefgebied == {"huisvesting": "Dreigende uitzetting"}

    eerste = services.persoon_toevoegen(actor=actor, aanmelding=aanmelding, gegevens=PERSOON)
    kind = services.persoon_toevoegen(
        actor=actor,
        aanmelding=aanmelding,
        gegevens={"voornamen": "Noor", "achternaam": "de Boer"},
        relatie="kind",
    )
    # Stored with the referral as entered; nothing is registered in the house yet.
    assert [eerste.naam, kind.naam] == ["Sanne de Boer", "Noor de Boer"]
    assert kind.relatie == "kind" and eerste.bsn_index == blind_index("111222333")
    assert not Persoon.objects.exists() and not PersoonRelatie.objects.exists()

    aanmelding, changed = services.aanmelding_indienen(actor=actor, aanmelding=aanmelding)
    assert changed and aanmelding.status == Status.INGEDIEND and aanmelding.ingediend_op
    with pytest.raises(Geweigerd):
        services.aanmelding_wijzigen(actor=actor, aanmelding=aanmelding, gegevens={})


def test_second_submission_is_a_no_op(zvh, aanmelder, as_actor):
    aanmelding = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder)
    actor = as_actor(aanmelder, zvh)
    first, changed = services.aanmelding_indienen(actor=actor, aanmelding=aanmelding)
    logged = AccessLog.objects.count()
    again, changed_again = services.aanmelding_indienen(actor=actor, aanmelding=aanmelding)
    assert changed and not changed_again
    assert again.ingediend_op == first.ingediend_op
    assert AccessLog.objects.count() == logged


def test_referral_without_persons_or_motivation_is_not_submitted(zvh, aanmelder, as_actor):
    aanmelding = AanmeldingFactory(
        zvh=zvh, aangemeld_door=aanmelder, personen=0, wgs_b_motivatie=""
    )
    with pytest.raises(ServiceError) as exc:
        services.aanmelding_indienen(actor=as_actor(aanmelder, zvh), aanmelding=aanmelding)
    assert "ten minste één persoon" in str(exc.value)
    assert "WGS-criterium b" in str(exc.value)
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == Status.CONCEPT


def _add(actor, aanmelding, gegevens):
    """The outcome a referrer observes when it adds a person: the error, or None."""
    try:
        services.persoon_toevoegen(actor=actor, aanmelding=aanmelding, gegevens=gegevens)
    except ServiceError as exc:
        return str(exc)
    return None


def test_a_referrer_cannot_tell_whether_the_house_knows_a_person(zvh, aanmelder, as_actor):
    """Regression: "al geregistreerd in dit huis" told a referrer that another organisation
    had registered this BSN (or this name and date of birth)."""
    bekend = PersoonFactory(zvh=zvh, bsn="111222333", voornamen="Sanne", achternaam="de Boer")
    actor = as_actor(aanmelder, zvh)
    aanmelding = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, personen=0)
    known = [
        _add(actor, aanmelding, PERSOON),
        _add(
            actor,
            aanmelding,
            {"voornamen": "Sanne", "achternaam": "de Boer", "geboortedatum": bekend.geboortedatum},
        ),
    ]
    andere = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, personen=0)
    unknown = [
        _add(actor, andere, {"bsn": "123456782", "voornamen": "Sanne", "achternaam": "de Boer"}),
        _add(actor, andere, {"voornamen": "Iemand", "achternaam": "Anders"}),
    ]
    assert known == unknown == [None, None]
    # What the referrer typed is kept; the existing registration is neither linked nor copied.
    assert Persoon.objects.count() == 1
    links = aanmelding.aanmeldingpersoon_set.order_by("volgorde")
    assert [link.persoon_id for link in links] == [None, None]
    assert links[0].bsn_index == bekend.bsn_index and links[1].naam_index == bekend.naam_index


def test_the_same_bsn_twice_in_one_referral_is_refused(zvh, aanmelder, as_actor):
    actor = as_actor(aanmelder, zvh)
    aanmelding = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, personen=0)
    assert _add(actor, aanmelding, PERSOON) is None
    assert "al in deze aanmelding" in _add(actor, aanmelding, PERSOON)
    assert "voornaam of achternaam" in _add(actor, aanmelding, {"bsn": "123456782"})
    assert aanmelding.aanmeldingpersoon_set.count() == 1


def _ingediend_met(zvh, aanmelder, as_actor, *personen):
    actor = as_actor(aanmelder, zvh)
    aanmelding = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, personen=0)
    for gegevens, relatie in personen:
        services.persoon_toevoegen(
            actor=actor, aanmelding=aanmelding, gegevens=gegevens, relatie=relatie
        )
    aanmelding, _changed = services.aanmelding_indienen(actor=actor, aanmelding=aanmelding)
    return aanmelding


def test_at_acceptance_each_person_is_linked_to_a_match_or_registered_new(
    zvh, aanmelder, regisseur, regisseur2, thema, as_actor
):
    bekend = PersoonFactory(zvh=zvh, bsn="111222333")
    aanmelding = _ingediend_met(
        zvh,
        aanmelder,
        as_actor,
        (PERSOON, ""),
        ({"voornamen": "Noor", "achternaam": "de Boer"}, "kind"),
    )
    eerste, kind = aanmelding.aanmeldingpersoon_set.order_by("volgorde")
    actor = as_actor(regisseur, zvh)
    matches = selectors.mogelijke_personen(aanmelding)
    assert [(m.persoon, m.op_bsn) for m in matches[eerste.pk]] == [(bekend, True)]
    assert matches[kind.pk] == []
    # Registering the BSN match as new is refused; linking a non-match too.
    with pytest.raises(ServiceError, match="al een persoon met het BSN"):
        _accept(actor, aanmelding, thema, regisseur, regisseur2, koppelingen={eerste.pk: None})
    vreemd = PersoonFactory(zvh=zvh)
    with pytest.raises(ServiceError, match="getoonde mogelijke personen"):
        _accept(actor, aanmelding, thema, regisseur, regisseur2, koppelingen={eerste.pk: vreemd})
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == Status.INGEDIEND
    _accept(
        actor,
        aanmelding,
        thema,
        regisseur,
        regisseur2,
        koppelingen={eerste.pk: bekend, kind.pk: None},
    )
    aanmelding.refresh_from_db()
    eerste.refresh_from_db()
    kind.refresh_from_db()
    assert eerste.persoon == bekend
    # The new registration keeps the entry's key, so earlier audit rows name the same person.
    nieuw = Persoon.objects.get(pk=kind.sleutel)
    assert (nieuw.voornamen, nieuw.achternaam, nieuw.aangemaakt_door) == (
        "Noor",
        "de Boer",
        regisseur,
    )
    assert set(aanmelding.casus.personen.all()) == {bekend, nieuw}
    assert PersoonRelatie.objects.filter(van=nieuw, naar=bekend, type="kind").exists()
    gekoppeld = AccessLog.objects.get(event_type="persoon_gekoppeld")
    assert gekoppeld.persoon_pseudoniem == bekend.audit_pseudoniem


def test_four_eyes_keeps_the_choice_until_confirmed(
    zvh, aanmelder, regisseur, regisseur2, thema, as_actor
):
    TriageInstelling.objects.create(zvh=zvh, vier_ogen=True)
    bekend = PersoonFactory(zvh=zvh, bsn="111222333")
    aanmelding = _ingediend_met(zvh, aanmelder, as_actor, (PERSOON, ""))
    link = aanmelding.aanmeldingpersoon_set.get()
    _accept(
        as_actor(regisseur, zvh),
        aanmelding,
        thema,
        regisseur,
        regisseur2,
        koppelingen={link.pk: bekend},
    )
    assert Persoon.objects.count() == 1 and not Casus.objects.exists()
    aanmelding.refresh_from_db()
    services.triage_bevestigen(actor=as_actor(regisseur2, zvh), aanmelding=aanmelding)
    aanmelding.refresh_from_db()
    assert list(aanmelding.casus.personen.all()) == [bekend]


def test_accept_opens_casus_with_persons_themes_deelnemer_and_grant(
    zvh, regisseur, regisseur2, thema, as_actor
):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True, personen=2)
    _accept(as_actor(regisseur, zvh), aanmelding, thema, regisseur, regisseur2)
    aanmelding.refresh_from_db()
    casus = aanmelding.casus
    assert aanmelding.status == Status.GEACCEPTEERD
    assert set(casus.personen.all()) == set(aanmelding.personen.all())
    assert list(casus.themas.all()) == [thema]
    assert (casus.procesregisseur, casus.backup_procesregisseur) == (regisseur, regisseur2)
    deelnemer = Deelnemer.objects.get(casus=casus)
    assert deelnemer.organisatie == aanmelding.organisatie
    assert "view_casus" in get_perms(aanmelding.organisatie.groep, casus)
    log = AccessLog.objects.get(event_type="triage_besluit")
    assert log.outcome == "success" and log.casus_id == str(casus.pk)
    assert log.persoon_pseudoniem == aanmelding.personen_geordend[0].audit_pseudoniem


@pytest.mark.parametrize(
    ("oordelen", "message"),
    [
        ({**ALLE_JA, "c": (False, "Geen aanwijzingen")}, "alle vier de WGS-criteria"),
        ({**ALLE_JA, "b": (True, "  ")}, "motivatie"),
        ({k: v for k, v in ALLE_JA.items() if k != "d"}, "ja of nee"),
    ],
)
def test_accept_needs_four_yes_each_motivated(
    zvh, regisseur, regisseur2, thema, as_actor, oordelen, message
):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    with pytest.raises(ServiceError, match=message):
        _accept(
            as_actor(regisseur, zvh), aanmelding, thema, regisseur, regisseur2, oordelen=oordelen
        )
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == Status.INGEDIEND
    assert not Triagebesluit.objects.exists() and not Casus.objects.exists()


def test_regional_criteria_must_be_judged(zvh, regisseur, regisseur2, thema, as_actor):
    criterium = RegionaalCriteriumFactory(zvh=zvh)
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    actor = as_actor(regisseur, zvh)
    with pytest.raises(ServiceError, match="ja of nee"):
        _accept(actor, aanmelding, thema, regisseur, regisseur2)
    oordelen = {**ALLE_JA, criterium.pk: (True, "Gemeente vraagt regie")}
    _accept(actor, aanmelding, thema, regisseur, regisseur2, oordelen=oordelen)
    besluit = Triagebesluit.objects.get()
    assert besluit.oordelen.count() == 5
    assert besluit.oordelen.get(regionaal_criterium=criterium).motivatie == "Gemeente vraagt regie"


def test_decline_with_reason_and_message(zvh, regisseur, afwijsreden, as_actor):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    actor = as_actor(regisseur, zvh)
    kwargs = {
        "actor": actor,
        "aanmelding": aanmelding,
        "besluit": Besluit.AFWIJZEN,
        "oordelen": {**ALLE_JA, "d": (False, "Eén domein volstaat")},
        "afwijsreden": afwijsreden,
    }
    with pytest.raises(ServiceError, match="bericht"):
        services.triage_besluiten(**kwargs)
    services.triage_besluiten(**kwargs, bericht="Graag lokaal oppakken met het wijkteam.")
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.AFGEWEZEN and aanmelding.casus is None
    assert aanmelding.triagebesluiten.get().afwijsreden == afwijsreden
    assert not Casus.objects.exists()


def test_more_information_goes_back_to_referrer_and_returns(zvh, regisseur, as_actor):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    services.triage_besluiten(
        actor=as_actor(regisseur, zvh),
        aanmelding=aanmelding,
        besluit=Besluit.MEER_INFORMATIE,
        oordelen={},
        bericht="Is de GGZ al betrokken?",
    )
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.MEER_INFORMATIE
    assert Informatieverzoek.objects.get().vraag == "Is de GGZ al betrokken?"

    referrer = as_actor(aanmelding.aangemeld_door, zvh)
    services.informatieverzoek_beantwoorden(
        actor=referrer, aanmelding=aanmelding, antwoord="Ja, sinds mei."
    )
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.INGEDIEND
    assert Informatieverzoek.objects.get().antwoord == "Ja, sinds mei."
    with pytest.raises(Geweigerd):
        services.informatieverzoek_beantwoorden(
            actor=referrer, aanmelding=aanmelding, antwoord="Nog eens"
        )


def test_decision_on_decided_referral_changes_nothing(
    zvh, regisseur, regisseur2, thema, afwijsreden, as_actor
):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    _accept(as_actor(regisseur, zvh), aanmelding, thema, regisseur, regisseur2)
    with pytest.raises(services.AlBesloten, match="al besloten"):
        services.triage_besluiten(
            actor=as_actor(regisseur2, zvh),
            aanmelding=aanmelding,
            besluit=Besluit.AFWIJZEN,
            oordelen=dict(ALLE_JA),
            afwijsreden=afwijsreden,
            bericht="Afgewezen",
        )
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.GEACCEPTEERD
    assert Triagebesluit.objects.count() == 1 and Casus.objects.count() == 1


def test_four_eyes_needs_another_procesregisseur(zvh, regisseur, regisseur2, thema, as_actor):
    TriageInstelling.objects.create(zvh=zvh, vier_ogen=True)
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    _accept(as_actor(regisseur, zvh), aanmelding, thema, regisseur, regisseur2)
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.TER_BEVESTIGING and not Casus.objects.exists()
    with pytest.raises(ServiceError, match="vier-ogen"):
        services.triage_bevestigen(actor=as_actor(regisseur, zvh), aanmelding=aanmelding)
    services.triage_bevestigen(actor=as_actor(regisseur2, zvh), aanmelding=aanmelding)
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.GEACCEPTEERD and aanmelding.casus is not None
    assert aanmelding.triagebesluiten.get().bevestigd_door == regisseur2


def test_failure_while_opening_casus_leaves_nothing_half_created(
    zvh, regisseur, regisseur2, thema, as_actor, monkeypatch
):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)

    def broken(*args, **kwargs):
        raise RuntimeError("guardian down")

    monkeypatch.setattr(casus_services, "assign_perm", broken)
    with pytest.raises(RuntimeError):
        _accept(as_actor(regisseur, zvh), aanmelding, thema, regisseur, regisseur2)
    assert not Casus.objects.exists() and not Deelnemer.objects.exists()
    assert not Triagebesluit.objects.exists()
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == Status.INGEDIEND


def test_procesregisseur_of_another_house_cannot_decide(
    zvh, other_zvh, make_user, thema, regisseur, regisseur2, as_actor
):
    vreemd = make_user(other_zvh, "procesregisseur")
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    with pytest.raises(Geweigerd) as exc:
        _accept(as_actor(vreemd, other_zvh), aanmelding, thema, regisseur, regisseur2)
    assert exc.value.not_found


def test_blind_index_lookup_used_for_linking(zvh, aanmelder, as_actor):
    bestaand = PersoonFactory(zvh=zvh, bsn="123456782")
    assert Persoon.objects.get(zvh=zvh, bsn_index=blind_index("123456782")) == bestaand


def test_criteria_of_another_house_are_never_recorded(
    zvh, other_zvh, regisseur, regisseur2, thema, as_actor
):
    vreemd = RegionaalCriteriumFactory(zvh=other_zvh)
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    oordelen = {**ALLE_JA, vreemd.pk: (False, "Hoort hier niet")}
    _accept(as_actor(regisseur, zvh), aanmelding, thema, regisseur, regisseur2, oordelen=oordelen)
    besluit = Triagebesluit.objects.get()
    assert besluit.oordelen.count() == 4
    assert not besluit.oordelen.filter(regionaal_criterium=vreemd).exists()


def test_two_referral_persons_are_not_linked_to_one_registration(
    zvh, aanmelder, regisseur, regisseur2, thema, as_actor
):
    bekend = PersoonFactory(zvh=zvh, bsn="", voornamen="Sanne", achternaam="de Boer")
    zelfde = {"voornamen": "Sanne", "achternaam": "de Boer", "geboortedatum": bekend.geboortedatum}
    aanmelding = _ingediend_met(zvh, aanmelder, as_actor, (zelfde, ""), (zelfde, ""))
    a, b = aanmelding.aanmeldingpersoon_set.order_by("volgorde")
    with pytest.raises(ServiceError, match="niet aan dezelfde persoon"):
        _accept(
            as_actor(regisseur, zvh),
            aanmelding,
            thema,
            regisseur,
            regisseur2,
            koppelingen={a.pk: bekend, b.pk: bekend},
        )
    assert not Casus.objects.exists()
    assert not aanmelding.aanmeldingpersoon_set.filter(persoon__isnull=False).exists()
