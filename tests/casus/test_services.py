"""Casus services: opening a casus, deelnemers as one fact (membership and grant), persons."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from guardian.shortcuts import get_perms

from audit import events
from audit.models import AccessLog
from casus import services
from casus.models import Casus, Deelnemer, DeelnemerRol, Persoon, PersoonRelatie, RelatieType
from core.bsn import Bsn
from core.errors import ServiceError
from core.policy import Geweigerd
from partners.models import Rol
from tests.casus.factories import CasusFactory, PersoonFactory
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory


@pytest.fixture
def regisseur(zvh, make_user):
    return make_user(zvh, Rol.PROCESREGISSEUR)


def _open(actor, zvh, make_user, regisseur):
    backup = make_user(zvh, Rol.PROCESREGISSEUR, organisatie=regisseur.organisatie)
    aanmelder = OrganisatieFactory()
    PartnerschapFactory(zvh=zvh, organisatie=aanmelder)
    persoon = PersoonFactory(zvh=zvh)
    return services.casus_openen(
        actor=actor,
        ave_niveau=3,
        procesregisseur=regisseur,
        backup_procesregisseur=backup,
        personen=[persoon],
        themas=[],
        aanmelder_organisatie=aanmelder,
    )


def test_opening_a_casus_numbers_it_and_makes_the_referrer_take_part(
    zvh, make_user, regisseur, as_actor
):
    casus = _open(as_actor(regisseur, zvh), zvh, make_user, regisseur)
    deelnemer = casus.deelnemers.get()
    assert deelnemer.rol == DeelnemerRol.AANMELDER
    assert "view_casus" in get_perms(deelnemer.organisatie.groep, casus)
    assert casus.nummer.endswith("-0001")
    events_written = list(
        AccessLog.objects.filter(casus_id=str(casus.pk)).values_list("event_type", flat=True)
    )
    assert events_written == [events.CASUS_AANGEMAAKT, events.DEELNEMER_TOEGEVOEGD]


def test_only_a_procesregisseur_opens_a_casus(zvh, make_user, regisseur, as_actor):
    partner = make_user(zvh, Rol.KETENPARTNER)
    with pytest.raises(Geweigerd):
        _open(as_actor(partner, zvh), zvh, make_user, regisseur)
    assert not Casus.objects.exists()


def test_deelnemer_added_and_removed_with_its_grant(zvh, regisseur, as_actor):
    actor = as_actor(regisseur, zvh)
    casus = CasusFactory(zvh=zvh)
    ggz = OrganisatieFactory()
    PartnerschapFactory(zvh=zvh, organisatie=ggz)
    deelnemer = services.deelnemer_toevoegen(
        actor=actor, casus=casus, organisatie=ggz, rol=DeelnemerRol.PARTNER
    )
    assert "view_casus" in get_perms(ggz.groep, casus)
    with pytest.raises(ServiceError, match="neemt al deel"):
        services.deelnemer_toevoegen(
            actor=actor, casus=casus, organisatie=ggz, rol=DeelnemerRol.PARTNER
        )
    services.deelnemer_verwijderen(actor=actor, deelnemer=deelnemer)
    assert not Deelnemer.objects.filter(casus=casus).exists()
    assert "view_casus" not in get_perms(ggz.groep, casus)
    rows = AccessLog.objects.filter(casus_id=str(casus.pk)).values_list("event_type", flat=True)
    assert list(rows) == [events.DEELNEMER_TOEGEVOEGD, events.DEELNEMER_VERWIJDERD]


def test_deelnemer_changes_are_refused_outside_the_house_or_role(
    zvh, other_zvh, make_user, regisseur, as_actor
):
    casus = CasusFactory(zvh=zvh)
    partner = make_user(zvh, Rol.KETENPARTNER)
    anders = make_user(other_zvh, Rol.PROCESREGISSEUR)
    info = make_user(zvh, Rol.INFORMATIECOORDINATOR)
    for actor in (as_actor(partner, zvh), as_actor(anders, other_zvh)):
        with pytest.raises(Geweigerd) as exc:
            services.deelnemer_toevoegen(
                actor=actor, casus=casus, organisatie=regisseur.organisatie, rol="partner"
            )
        assert exc.value.not_found
    # The informatiecoördinator sees the casus but does not staff it.
    with pytest.raises(Geweigerd):
        services.deelnemer_toevoegen(
            actor=as_actor(info, zvh), casus=casus, organisatie=OrganisatieFactory(), rol="partner"
        )
    assert not Deelnemer.objects.exists()


def test_drift_check_finds_membership_without_grant_and_grant_without_membership(zvh):
    from guardian.shortcuts import assign_perm

    call_command("casus_deelname_controle")
    casus = CasusFactory(zvh=zvh, deelnemers=[OrganisatieFactory()])
    call_command("casus_deelname_controle")
    Deelnemer.objects.create(casus=casus, organisatie=OrganisatieFactory(), rol="partner")
    assign_perm("casus.view_casus", OrganisatieFactory().groep, casus)
    with pytest.raises(CommandError, match="2 afwijking"):
        call_command("casus_deelname_controle")


def test_registering_a_person_normalises_the_bsn_and_refuses_a_second_registration(
    zvh, make_user, as_actor
):
    actor = as_actor(make_user(zvh, Rol.KETENPARTNER), zvh)
    persoon = services.persoon_registreren(
        actor=actor, gegevens={"bsn": Bsn("1112.22.333"), "achternaam": "Jansen"}
    )
    assert persoon.bsn == "111222333" and persoon.bsn_index == Bsn("111222333").blind_index()
    with pytest.raises(services.BestaandePersoon):
        services.persoon_registreren(actor=actor, gegevens={"bsn": "111222333", "achternaam": "X"})
    assert Persoon.objects.count() == 1


def test_relating_persons_is_audited_once_and_stays_in_one_house(
    zvh, other_zvh, make_user, as_actor
):
    actor = as_actor(make_user(zvh, Rol.KETENPARTNER), zvh)
    kind, ouder = PersoonFactory(zvh=zvh), PersoonFactory(zvh=zvh)
    services.persoon_relateren(actor=actor, van=kind, naar=ouder, type=RelatieType.KIND)
    services.persoon_relateren(actor=actor, van=kind, naar=ouder, type=RelatieType.KIND)
    assert PersoonRelatie.objects.count() == 1
    (row,) = AccessLog.objects.filter(event_type=events.PERSOON_RELATIE_VASTGELEGD)
    assert row.getoonde_personen == [kind.audit_pseudoniem, ouder.audit_pseudoniem]
    with pytest.raises(ServiceError):
        services.persoon_relateren(
            actor=actor, van=kind, naar=PersoonFactory(zvh=other_zvh), type=RelatieType.OUDER
        )


def test_casus_factory_traits(zvh):
    assert CasusFactory(zvh=zvh).status == "open"
    assert CasusFactory(zvh=zvh, afgesloten=True).status == "afgesloten"
