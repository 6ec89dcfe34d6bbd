"""The access policy: deny by default, roles per house, verified second factor required."""

import pytest

from core import policy
from core.actor import Actor
from partners.models import Rol
from tests.conftest import actor_for
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory


def as_verified(user, verified=True):
    """The user as the middleware sees it, with (or without) a verified second factor."""
    user._verified = verified
    return user


def may(user, actie, obj=None, *, zvh):
    return policy.may(actor_for(user, zvh, verified=getattr(user, "_verified", True)), actie, obj)


@pytest.mark.django_db
def test_unknown_action_is_denied(make_user, zvh):
    user = as_verified(make_user(zvh, *Rol.values))
    assert not may(user, "iets.onbekends", zvh=zvh)


@pytest.mark.django_db
def test_anonymous_and_unverified_are_denied(make_user, zvh):
    user = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    assert not policy.may(Actor.anoniem(), "beheer.organisaties")
    assert not may(as_verified(user, verified=False), "beheer.organisaties", zvh=zvh)
    assert may(as_verified(user), "beheer.organisaties", zvh=zvh)


@pytest.mark.django_db
def test_role_in_one_house_gives_nothing_in_another(make_user, zvh, other_zvh):
    user = as_verified(make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, Rol.PRIVACY_OFFICER))
    assert may(user, "beheer.medewerkers", zvh=zvh)
    assert may(user, "audit.review", zvh=zvh)
    assert not may(user, "beheer.medewerkers", zvh=other_zvh)
    assert not may(user, "audit.review", zvh=other_zvh)


@pytest.mark.django_db
def test_beheerder_manages_only_organisations_of_own_house(make_user, zvh, other_zvh):
    user = as_verified(make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER))
    eigen = PartnerschapFactory(zvh=zvh).organisatie
    vreemd = PartnerschapFactory(zvh=other_zvh).organisatie
    assert may(user, "beheer.organisaties", eigen, zvh=zvh)
    assert not may(user, "beheer.organisaties", vreemd, zvh=zvh)
    assert not may(user, "beheer.organisaties", OrganisatieFactory(), zvh=zvh)


@pytest.mark.django_db
def test_beheerder_manages_only_staff_of_own_house(make_user, zvh, other_zvh):
    user = as_verified(make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER))
    eigen = make_user(zvh)
    vreemd = make_user(other_zvh)
    assert may(user, "beheer.medewerkers", eigen, zvh=zvh)
    assert not may(user, "beheer.medewerkers", vreemd, zvh=zvh)


@pytest.mark.django_db
@pytest.mark.parametrize("rol", [r for r in Rol if r != Rol.FUNCTIONEEL_BEHEERDER])
def test_other_roles_cannot_manage(make_user, zvh, rol):
    user = as_verified(make_user(zvh, rol))
    for actie in ("beheer.organisaties", "beheer.medewerkers", "beheer.rollen"):
        assert not may(user, actie, zvh=zvh)


@pytest.mark.django_db
def test_inactive_house_and_inactive_user_are_denied(make_user, zvh):
    user = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    zvh.actief = False
    zvh.save()
    assert not may(as_verified(user), "beheer.organisaties", zvh=zvh)
    zvh.actief = True
    zvh.save()
    user.is_active = False
    user.save()
    assert not may(as_verified(user), "beheer.organisaties", zvh=zvh)
