"""Referral and triage use cases: drafts, persons, submission, decisions, four-eyes, atomicity."""

import pytest
from guardian.shortcuts import get_perms

from aanmelding import services
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
from casus.services import BestaandePersoon, MogelijkeDubbel
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
    assert PersoonRelatie.objects.filter(van=kind, naar=eerste, type="kind").exists()

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


def test_same_bsn_twice_in_a_house_is_refused_with_the_existing_person(
    zvh, other_zvh, aanmelder, as_actor
):
    bestaand = PersoonFactory(zvh=zvh, bsn="111222333")
    PersoonFactory(zvh=other_zvh, bsn="123456782")
    aanmelding = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, personen=0)
    actor = as_actor(aanmelder, zvh)
    with pytest.raises(BestaandePersoon) as exc:
        services.persoon_toevoegen(actor=actor, aanmelding=aanmelding, gegevens=PERSOON)
    assert exc.value.persoon == bestaand
    assert Persoon.objects.filter(zvh=zvh).count() == 1
    # Another house's registration does not count: persons are per tenant.
    services.persoon_toevoegen(
        actor=actor,
        aanmelding=aanmelding,
        gegevens={"bsn": "123456782", "achternaam": "Jansen"},
    )
    linked = services.persoon_koppelen(
        actor=actor, aanmelding=aanmelding, persoon=exc.value.persoon
    )
    assert linked == bestaand
    assert aanmelding.personen.count() == 2


def test_same_name_and_birth_date_warns_until_confirmed(zvh, aanmelder, as_actor):
    bestaand = PersoonFactory(zvh=zvh, voornamen="Sanne", achternaam="de Boer", bsn="")
    aanmelding = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, personen=0)
    gegevens = {
        "voornamen": "sanne",
        "achternaam": "De  Boer",
        "geboortedatum": bestaand.geboortedatum,
    }
    actor = as_actor(aanmelder, zvh)
    with pytest.raises(MogelijkeDubbel):
        services.persoon_toevoegen(actor=actor, aanmelding=aanmelding, gegevens=gegevens)
    assert Persoon.objects.count() == 1
    services.persoon_toevoegen(
        actor=actor, aanmelding=aanmelding, gegevens=gegevens, naamgelijkenis_bevestigd=True
    )
    assert Persoon.objects.count() == 2


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
