"""The access policy: deny by default, roles per house, verified second factor required."""

import pytest
from django.contrib.auth.models import AnonymousUser

from partners import policy
from partners.models import Rol
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory


def as_verified(user, verified=True):
    """Marks a user as OTPMiddleware does for a session with (or without) a verified device."""
    user.is_verified = lambda: verified
    return user


@pytest.mark.django_db
def test_unknown_action_is_denied(make_user, zvh):
    user = as_verified(make_user(zvh, *Rol.values))
    assert not policy.may(user, "iets.onbekends", zvh=zvh)


@pytest.mark.django_db
def test_anonymous_and_unverified_are_denied(make_user, zvh):
    user = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    assert not policy.may(AnonymousUser(), "beheer.organisaties", zvh=zvh)
    assert not policy.may(as_verified(user, verified=False), "beheer.organisaties", zvh=zvh)
    assert policy.may(as_verified(user), "beheer.organisaties", zvh=zvh)


@pytest.mark.django_db
def test_role_in_one_house_gives_nothing_in_another(make_user, zvh, other_zvh):
    user = as_verified(make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, Rol.PRIVACY_OFFICER))
    assert policy.may(user, "beheer.medewerkers", zvh=zvh)
    assert policy.may(user, "audit.review", zvh=zvh)
    assert not policy.may(user, "beheer.medewerkers", zvh=other_zvh)
    assert not policy.may(user, "audit.review", zvh=other_zvh)


@pytest.mark.django_db
def test_beheerder_manages_only_organisations_of_own_house(make_user, zvh, other_zvh):
    user = as_verified(make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER))
    eigen = PartnerschapFactory(zvh=zvh).organisatie
    vreemd = PartnerschapFactory(zvh=other_zvh).organisatie
    assert policy.may(user, "beheer.organisaties", eigen, zvh=zvh)
    assert not policy.may(user, "beheer.organisaties", vreemd, zvh=zvh)
    assert not policy.may(user, "beheer.organisaties", OrganisatieFactory(), zvh=zvh)


@pytest.mark.django_db
def test_beheerder_manages_only_staff_of_own_house(make_user, zvh, other_zvh):
    user = as_verified(make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER))
    eigen = make_user(zvh)
    vreemd = make_user(other_zvh)
    assert policy.may(user, "beheer.medewerkers", eigen, zvh=zvh)
    assert not policy.may(user, "beheer.medewerkers", vreemd, zvh=zvh)


@pytest.mark.django_db
@pytest.mark.parametrize("rol", [r for r in Rol if r != Rol.FUNCTIONEEL_BEHEERDER])
def test_other_roles_cannot_manage(make_user, zvh, rol):
    user = as_verified(make_user(zvh, rol))
    for actie in ("beheer.organisaties", "beheer.medewerkers", "beheer.rollen"):
        assert not policy.may(user, actie, zvh=zvh)


@pytest.mark.django_db
def test_inactive_house_and_inactive_user_are_denied(make_user, zvh):
    user = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    zvh.actief = False
    zvh.save()
    assert not policy.may(as_verified(user), "beheer.organisaties", zvh=zvh)
    zvh.actief = True
    zvh.save()
    user.is_active = False
    user.save()
    policy.forget_roles(user)
    assert not policy.may(as_verified(user), "beheer.organisaties", zvh=zvh)
