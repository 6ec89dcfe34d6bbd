"""Leaving a partnership: an inactive organisation, or one whose convenant has ended (or was
never signed), keeps no partner access; ending a partnership revokes its casus grants."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Aanmelding
from audit import events
from audit.models import AccessLog
from casus.models import CasusGroupObjectPermission, Deelnemer
from core import policy
from core.errors import ServiceError
from partners import services
from partners.models import Partnerschap, Rol
from tests.aanmelding.factories import AanmeldingFactory
from tests.casus.factories import CasusFactory
from tests.conftest import actor_for

pytestmark = pytest.mark.django_db

MELDING = "Uw organisatie neemt niet (meer) deel aan dit zorg- en veiligheidshuis."
VANDAAG = timezone.localdate


def _beeindigd(partnerschap):
    partnerschap.beeindigd_op = VANDAAG()
    partnerschap.save()


def _inactief(partnerschap):
    partnerschap.organisatie.actief = False
    partnerschap.organisatie.save()


def _zonder_convenant(partnerschap):
    partnerschap.convenant_getekend_op = None
    partnerschap.save()


VERVALLEN = [_beeindigd, _inactief, _zonder_convenant]


@pytest.fixture
def partner(make_user, zvh):
    return make_user(zvh, Rol.KETENPARTNER)


def _partnerschap(user, zvh):
    return Partnerschap.objects.get(zvh=zvh, organisatie=user.organisatie)


@pytest.mark.parametrize("vervallen", VERVALLEN)
def test_partner_without_current_partnership_keeps_no_access(
    client, login, partner, zvh, vervallen
):
    eigen = AanmeldingFactory(zvh=zvh, aangemeld_door=partner, ingediend=True, personen=1)
    casus = CasusFactory(zvh=zvh, deelnemers=[partner.organisatie])
    login(partner)
    assert client.get(reverse("aanmelding:mijn")).status_code == 200
    assert client.get(reverse("aanmelding:detail", args=[eigen.pk])).status_code == 200
    assert client.get(reverse("casus:casus", args=[casus.pk])).status_code == 200

    vervallen(_partnerschap(partner, zvh))
    assert client.get(reverse("aanmelding:mijn")).status_code == 403
    assert client.get(reverse("aanmelding:nieuw")).status_code == 403
    before = Aanmelding.objects.count()
    client.post(reverse("aanmelding:nieuw"), {"reden": "Nog een poging"})
    assert Aanmelding.objects.count() == before
    assert client.get(reverse("aanmelding:detail", args=[eigen.pk])).status_code == 404
    assert client.get(reverse("casus:casus", args=[casus.pk])).status_code == 404
    actor = actor_for(partner, zvh)
    assert actor.rollen == frozenset()
    assert not policy.may(actor, "persoon.registreren")
    denials = AccessLog.objects.filter(event_type=events.TOEGANG_GEWEIGERD, user_id=partner.pk)
    assert denials.exists()


@pytest.mark.parametrize("vervallen", VERVALLEN)
def test_users_of_a_lapsed_organisation_see_why(client, login, partner, zvh, vervallen):
    vervallen(_partnerschap(partner, zvh))
    login(partner)
    home = client.get(reverse("home"))
    assert MELDING in home.content.decode()
    denied = client.get(reverse("aanmelding:mijn"))
    assert MELDING in denied.content.decode()


def test_a_current_partner_sees_no_such_message(client, login, partner):
    login(partner)
    assert MELDING not in client.get(reverse("home")).content.decode()


def test_partnership_ending_later_still_counts_today(partner, zvh):
    partnerschap = _partnerschap(partner, zvh)
    partnerschap.beeindigd_op = VANDAAG() + datetime.timedelta(days=1)
    partnerschap.save()
    assert actor_for(partner, zvh).rollen == {Rol.KETENPARTNER}


def test_house_staff_do_not_depend_on_a_partnership(make_user, zvh, partner):
    """House roles stay whatever other organisations' (or their own) partnerships do."""
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR)
    _beeindigd(_partnerschap(partner, zvh))
    _zonder_convenant(_partnerschap(regisseur, zvh))
    assert actor_for(regisseur, zvh).rollen == {Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR}


def test_ended_partnership_in_one_house_leaves_the_other(make_user, zvh, other_zvh, partner):
    from tests.partners.factories import PartnerschapFactory, RolToewijzingFactory

    PartnerschapFactory(zvh=other_zvh, organisatie=partner.organisatie)
    RolToewijzingFactory(medewerker=partner, zvh=other_zvh, rol=Rol.KETENPARTNER)
    _beeindigd(_partnerschap(partner, zvh))
    assert actor_for(partner, zvh).rollen == frozenset()
    assert actor_for(partner, other_zvh).rollen == {Rol.KETENPARTNER}


# Ending a partnership -----------------------------------------------------------------------


@pytest.fixture
def beheerder(make_user, zvh):
    return make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)


def _grants(organisatie):
    return CasusGroupObjectPermission.objects.filter(group=organisatie.groep)


def test_ending_revokes_the_organisations_grants_in_this_house_only(
    beheerder, partner, zvh, other_zvh
):
    organisatie = partner.organisatie
    hier = [CasusFactory(zvh=zvh, deelnemers=[organisatie]) for _ in range(2)]
    elders = CasusFactory(zvh=other_zvh, deelnemers=[organisatie])
    services.partnerschap_beeindigen(
        actor=actor_for(beheerder, zvh), partnerschap=_partnerschap(partner, zvh), datum=VANDAAG()
    )
    assert _partnerschap(partner, zvh).beeindigd_op == VANDAAG()
    assert not Deelnemer.objects.filter(organisatie=organisatie, casus__in=hier).exists()
    assert list(_grants(organisatie).values_list("content_object_id", flat=True)) == [elders.pk]
    assert Deelnemer.objects.filter(organisatie=organisatie, casus=elders).exists()
    rows = AccessLog.objects.filter(zvh_id=zvh.pk, user_id=beheerder.pk)
    assert rows.filter(event_type=events.PARTNERSCHAP_BEEINDIGD).count() == 1
    revoked = rows.filter(event_type=events.DEELNEMER_VERWIJDERD)
    assert sorted(revoked.values_list("casus_id", flat=True)) == sorted(str(c.pk) for c in hier)


def test_ending_is_for_the_beheerder_of_that_house(make_user, partner, zvh, other_zvh):
    partnerschap = _partnerschap(partner, zvh)
    for user, house in (
        (make_user(zvh, Rol.PROCESREGISSEUR), zvh),
        (make_user(other_zvh, Rol.FUNCTIONEEL_BEHEERDER), other_zvh),
    ):
        with pytest.raises(policy.Geweigerd):
            services.partnerschap_beeindigen(
                actor=actor_for(user, house), partnerschap=partnerschap, datum=VANDAAG()
            )
    assert _partnerschap(partner, zvh).beeindigd_op is None


@pytest.mark.parametrize(
    ("datum", "melding"),
    [
        (lambda: VANDAAG() + datetime.timedelta(days=1), "toekomst"),
    ],
)
def test_ending_in_the_future_is_refused(beheerder, partner, zvh, datum, melding):
    casus = CasusFactory(zvh=zvh, deelnemers=[partner.organisatie])
    with pytest.raises(ServiceError, match=melding):
        services.partnerschap_beeindigen(
            actor=actor_for(beheerder, zvh),
            partnerschap=_partnerschap(partner, zvh),
            datum=datum(),
        )
    assert _partnerschap(partner, zvh).beeindigd_op is None
    assert Deelnemer.objects.filter(casus=casus).exists()


def test_ending_twice_or_the_own_organisation_is_refused(beheerder, partner, zvh):
    actor = actor_for(beheerder, zvh)
    _beeindigd(_partnerschap(partner, zvh))
    with pytest.raises(ServiceError, match="al beëindigd"):
        services.partnerschap_beeindigen(
            actor=actor, partnerschap=_partnerschap(partner, zvh), datum=VANDAAG()
        )
    with pytest.raises(ServiceError, match="eigen organisatie"):
        services.partnerschap_beeindigen(
            actor=actor, partnerschap=_partnerschap(beheerder, zvh), datum=VANDAAG()
        )


def test_ended_organisation_cannot_become_a_deelnemer_again(make_user, partner, zvh):
    from casus.models import DeelnemerRol
    from casus.services import deelnemer_toevoegen

    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    casus = CasusFactory(zvh=zvh)
    _beeindigd(_partnerschap(partner, zvh))
    with pytest.raises(ServiceError):
        deelnemer_toevoegen(
            actor=actor_for(regisseur, zvh),
            casus=casus,
            organisatie=partner.organisatie,
            rol=DeelnemerRol.PARTNER,
        )
    assert not _grants(partner.organisatie).exists()


# The beheer screen --------------------------------------------------------------------------


def _url(organisatie):
    return reverse("partners:beheer_partnerschap_beeindigen", args=[organisatie.pk])


def test_beheerder_ends_a_partnership_on_the_organisation_page(
    client, login, beheerder, partner, zvh
):
    login(beheerder)
    casus = CasusFactory(zvh=zvh, deelnemers=[partner.organisatie])
    page = client.get(reverse("partners:beheer_organisatie", args=[partner.organisatie.pk]))
    assert _url(partner.organisatie) in page.content.decode()
    assert client.get(_url(partner.organisatie)).status_code == 200
    response = client.post(_url(partner.organisatie), {"datum": VANDAAG().isoformat()})
    assert response.status_code == 302
    assert _partnerschap(partner, zvh).beeindigd_op == VANDAAG()
    assert not Deelnemer.objects.filter(casus=casus).exists()
    assert AccessLog.objects.filter(event_type=events.PARTNERSCHAP_BEEINDIGD).count() == 1
    page = client.get(reverse("partners:beheer_organisatie", args=[partner.organisatie.pk]))
    assert "is beëindigd per" in page.content.decode()


def test_bad_end_date_is_a_400_and_changes_nothing(client, login, beheerder, partner, zvh):
    login(beheerder)
    for datum in ("", "geen datum", (VANDAAG() + datetime.timedelta(days=3)).isoformat()):
        response = client.post(_url(partner.organisatie), {"datum": datum})
        assert response.status_code == 400
    assert _partnerschap(partner, zvh).beeindigd_op is None
    assert not AccessLog.objects.filter(event_type=events.PARTNERSCHAP_BEEINDIGD).exists()


@pytest.mark.parametrize("rol", [r for r in Rol if r != Rol.FUNCTIONEEL_BEHEERDER])
def test_other_roles_get_403_and_the_denial_is_audited(client, login, make_user, partner, zvh, rol):
    login(make_user(zvh, rol))
    response = client.post(_url(partner.organisatie), {"datum": VANDAAG().isoformat()})
    assert response.status_code == 403
    assert _partnerschap(partner, zvh).beeindigd_op is None
    denial = AccessLog.objects.get(event_type=events.TOEGANG_GEWEIGERD)
    assert denial.detail == "partnerschap.beeindigen"


def test_beheerder_of_other_house_gets_404(client, login, make_user, partner, other_zvh, zvh):
    login(make_user(other_zvh, Rol.FUNCTIONEEL_BEHEERDER))
    response = client.post(_url(partner.organisatie), {"datum": VANDAAG().isoformat()})
    assert response.status_code == 404
    assert _partnerschap(partner, zvh).beeindigd_op is None
    assert AccessLog.objects.filter(event_type=events.TOEGANG_GEWEIGERD).exists()
