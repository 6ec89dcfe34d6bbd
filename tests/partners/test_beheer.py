"""Functioneel beheer screens: access per role and house, every change audited, bad input."""

import pytest
from django.contrib.auth.hashers import get_hasher, identify_hasher
from django.urls import reverse

from audit.models import AccessLog
from partners.models import (
    AuthenticatorDevice,
    BackupCodeDevice,
    Medewerker,
    Organisatie,
    OrganisatieType,
    Partnerschap,
    Rol,
    RolToewijzing,
)
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(make_user, zvh, login):
    user = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    login(user)
    return user


def events(name):
    return AccessLog.objects.filter(event_type=name)


BEHEER_URLS = [
    ("partners:beheer_organisaties", False),
    ("partners:beheer_medewerkers", False),
    ("partners:beheer_organisatie", True),
    ("partners:beheer_medewerker", True),
]


@pytest.mark.parametrize("rol", [r for r in Rol if r != Rol.FUNCTIONEEL_BEHEERDER])
@pytest.mark.parametrize(("name", "needs_pk"), BEHEER_URLS)
def test_other_roles_get_403_and_the_denial_is_logged(
    client, make_user, login, zvh, rol, name, needs_pk
):
    user = make_user(zvh, rol)
    login(user)
    target = user.organisatie.pk if name.endswith("organisatie") else user.pk
    url = reverse(name, args=[target] if needs_pk else [])
    assert client.get(url).status_code == 403
    denial = events("toegang_geweigerd").get()
    assert denial.outcome == "denied" and denial.user_id == user.pk and denial.zvh_id == zvh.pk


def test_beheerder_of_other_house_gets_404_for_our_objects(
    client, make_user, login, zvh, other_zvh
):
    vreemde_beheerder = make_user(other_zvh, Rol.FUNCTIONEEL_BEHEERDER)
    ons = make_user(zvh, Rol.KETENPARTNER)
    login(vreemde_beheerder)
    assert client.get(reverse("partners:beheer_medewerker", args=[ons.pk])).status_code == 404
    url = reverse("partners:beheer_organisatie", args=[ons.organisatie.pk])
    assert client.get(url).status_code == 404
    assert events("toegang_geweigerd").count() == 2
    listing = client.get(reverse("partners:beheer_medewerkers")).content.decode()
    assert ons.username not in listing


def test_lists_show_only_this_house(client, beheerder, make_user, zvh, other_zvh):
    eigen = make_user(zvh, Rol.KETENPARTNER)
    vreemd = make_user(other_zvh, Rol.KETENPARTNER)
    page = client.get(reverse("partners:beheer_medewerkers")).content.decode()
    assert eigen.username in page and vreemd.username not in page
    page = client.get(reverse("partners:beheer_organisaties")).content.decode()
    assert eigen.organisatie.naam in page and vreemd.organisatie.naam not in page
    assert events("medewerkers_bekeken").count() == 1
    assert events("organisaties_bekeken").count() == 1


def test_create_organisation_with_group_and_partnerschap(client, beheerder, zvh):
    response = client.post(
        reverse("partners:beheer_organisaties"),
        {
            "naam": "Woonbron",
            "type": "woningcorporatie",
            "convenant_getekend_op": "2025-03-01",
            "privacyprotocol_getekend_op": "",
        },
    )
    assert response.status_code == 302
    org = Organisatie.objects.get(naam="Woonbron")
    assert org.groep.name == "organisatie:Woonbron"
    partnerschap = Partnerschap.objects.get(zvh=zvh, organisatie=org)
    assert not partnerschap.is_partner
    row = events("organisatie_aangemaakt").get()
    assert row.object_id == str(org.pk) and row.user_id == beheerder.pk


def test_duplicate_organisation_name_is_refused_without_change(client, beheerder, zvh):
    PartnerschapFactory(zvh=zvh, organisatie__naam="Politie Eenheid Den Haag")
    before = Organisatie.objects.count()
    response = client.post(
        reverse("partners:beheer_organisaties"),
        {"naam": "politie eenheid den haag", "type": "politie"},
    )
    assert response.status_code == 400
    assert "Er bestaat al een organisatie met deze naam" in response.content.decode()
    assert Organisatie.objects.count() == before
    assert not events("organisatie_aangemaakt").exists()


def test_invalid_organisation_form(client, beheerder):
    response = client.post(
        reverse("partners:beheer_organisaties"),
        {"naam": "", "type": "onbekend", "convenant_getekend_op": "gisteren"},
    )
    assert response.status_code == 400
    assert Organisatie.objects.filter(naam="").count() == 0


def test_edit_organisation_and_convenant(client, beheerder, zvh):
    org = PartnerschapFactory(zvh=zvh, organisatie__naam="GGZ Delfland").organisatie
    response = client.post(
        reverse("partners:beheer_organisatie", args=[org.pk]),
        {
            "naam": "GGZ Delfland",
            "type": "ggz",
            "actief": "on",
            "convenant_getekend_op": "2024-01-01",
            "privacyprotocol_getekend_op": "",
        },
    )
    assert response.status_code == 302
    partnerschap = Partnerschap.objects.get(zvh=zvh, organisatie=org)
    assert partnerschap.privacyprotocol_getekend_op is None
    row = events("organisatie_gewijzigd").get()
    assert "type" in row.detail and "privacyprotocol_getekend_op" in row.detail


def test_create_user_shows_one_time_password(client, beheerder, zvh):
    org = PartnerschapFactory(zvh=zvh).organisatie
    response = client.post(
        reverse("partners:beheer_medewerkers"),
        {
            "username": "j.jansen",
            "first_name": "Jan",
            "last_name": "Jansen",
            "email": "j.jansen@example.invalid",
            "organisatie": org.pk,
        },
    )
    assert response.status_code == 200
    user = Medewerker.objects.get(username="j.jansen")
    password = response.context["password"]
    assert user.check_password(password) and password in response.content.decode()
    # Hashed with the configured default hasher (argon2 in production: test_password_hashers.py).
    assert identify_hasher(user.password).algorithm == get_hasher().algorithm
    assert events("medewerker_aangemaakt").get().object_id == str(user.pk)
    assert password not in "".join(AccessLog.objects.values_list("detail", flat=True))


def test_cannot_create_user_in_organisation_of_other_house(client, beheerder, other_zvh):
    vreemd = PartnerschapFactory(zvh=other_zvh).organisatie
    response = client.post(
        reverse("partners:beheer_medewerkers"),
        {
            "username": "x",
            "first_name": "X",
            "last_name": "Y",
            "email": "x@example.invalid",
            "organisatie": vreemd.pk,
        },
    )
    assert response.status_code == 400
    assert not Medewerker.objects.filter(username="x").exists()


def test_grant_and_revoke_role(client, beheerder, make_user, zvh):
    mw = make_user(zvh, organisatie=OrganisatieFactory(type=OrganisatieType.ZVH))
    url = reverse("partners:beheer_rol_toekennen", args=[mw.pk])
    assert client.post(url, {"rol": Rol.PROCESREGISSEUR}).status_code == 302
    toewijzing = RolToewijzing.objects.get(medewerker=mw, zvh=zvh)
    assert toewijzing.toegekend_door == beheerder
    client.post(url, {"rol": Rol.PROCESREGISSEUR})  # twice: refused, still one
    assert RolToewijzing.objects.filter(medewerker=mw).count() == 1
    client.post(url, {"rol": "koning"})
    assert RolToewijzing.objects.filter(medewerker=mw).count() == 1
    revoke = reverse("partners:beheer_rol_intrekken", args=[mw.pk, toewijzing.pk])
    assert client.post(revoke).status_code == 302
    assert not RolToewijzing.objects.filter(medewerker=mw).exists()
    assert events("rol_toegekend").count() == 1 and events("rol_ingetrokken").count() == 1


def test_cannot_revoke_role_in_other_house(client, beheerder, make_user, zvh, other_zvh):
    mw = make_user(zvh)
    vreemde_rol = RolToewijzing.objects.create(medewerker=mw, zvh=other_zvh, rol=Rol.MANAGER)
    revoke = reverse("partners:beheer_rol_intrekken", args=[mw.pk, vreemde_rol.pk])
    assert client.post(revoke).status_code == 404
    assert RolToewijzing.objects.filter(pk=vreemde_rol.pk).exists()


def test_beheerder_cannot_remove_own_beheer_role_or_deactivate_self(client, beheerder, zvh):
    own = RolToewijzing.objects.get(medewerker=beheerder, rol=Rol.FUNCTIONEEL_BEHEERDER)
    client.post(reverse("partners:beheer_rol_intrekken", args=[beheerder.pk, own.pk]))
    assert RolToewijzing.objects.filter(pk=own.pk).exists()
    response = client.post(
        reverse("partners:beheer_medewerker", args=[beheerder.pk]),
        {"first_name": "A", "last_name": "B", "email": "a@example.invalid"},
    )
    assert response.status_code == 400
    beheerder.refresh_from_db()
    assert beheerder.is_active


def test_deactivate_user_ends_access(client, beheerder, make_user, zvh):
    from django.test import Client

    from tests.conftest import verify_session

    mw = make_user(zvh, Rol.KETENPARTNER)
    other = verify_session(Client(), mw)
    assert other.get(reverse("home")).status_code == 200
    response = client.post(
        reverse("partners:beheer_medewerker", args=[mw.pk]),
        {"first_name": mw.first_name, "last_name": mw.last_name, "email": mw.email},
    )
    assert response.status_code == 302
    mw.refresh_from_db()
    assert not mw.is_active
    assert other.get(reverse("home")).status_code == 302
    assert "is_active" in events("medewerker_gewijzigd").get().detail


def test_reset_second_factor(client, beheerder, make_user, zvh):
    mw = make_user(zvh, Rol.KETENPARTNER)
    AuthenticatorDevice.objects.create(user=mw, name="app", confirmed=True)
    static = BackupCodeDevice.objects.create(user=mw, name="backup")
    static.codes.create(digest="0" * 64)
    url = reverse("partners:beheer_tweede_factor_resetten", args=[mw.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not AuthenticatorDevice.objects.filter(user=mw).exists()
    assert not BackupCodeDevice.objects.filter(user=mw).exists()
    assert events("tweede_factor_gereset").get().object_id == str(mw.pk)


def test_reset_password(client, beheerder, make_user, zvh):
    mw = make_user(zvh, Rol.KETENPARTNER)
    response = client.post(reverse("partners:beheer_wachtwoord_resetten", args=[mw.pk]))
    mw.refresh_from_db()
    assert mw.check_password(response.context["password"])


def test_detail_view_writes_one_read_event(client, beheerder, make_user, zvh):
    mw = make_user(zvh, Rol.KETENPARTNER)
    client.get(reverse("partners:beheer_medewerker", args=[mw.pk]))
    row = events("medewerker_bekeken").get()
    assert row.action == "read" and row.object_id == str(mw.pk)


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_budget(client, beheerder, make_user, zvh, django_assert_max_num_queries, rows):
    for _ in range(rows):
        make_user(zvh, Rol.KETENPARTNER)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("partners:beheer_medewerkers")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("partners:beheer_organisaties")).status_code == 200


def test_home_lists_what_the_role_can_do(client, beheerder):
    page = client.get(reverse("home")).content.decode()
    assert "Functioneel beheerder" in page
    assert reverse("partners:beheer_medewerkers") in page


def test_navigation_hides_beheer_for_other_roles(client, make_user, login, zvh):
    login(make_user(zvh, Rol.MANAGER))
    page = client.get(reverse("home")).content.decode()
    assert reverse("partners:beheer_medewerkers") not in page
    assert "Manager" in page


def test_switch_house_only_to_own_houses(client, make_user, login, zvh, other_zvh):
    from tests.partners.factories import ZvhFactory

    user = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    RolToewijzing.objects.create(medewerker=user, zvh=other_zvh, rol=Rol.MANAGER)
    login(user)
    assert client.post(reverse("partners:switch_zvh"), {"zvh": other_zvh.pk}).status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert other_zvh.naam in page and "Manager" in page
    assert client.get(reverse("partners:beheer_medewerkers")).status_code == 403
    third = ZvhFactory()
    assert client.post(reverse("partners:switch_zvh"), {"zvh": third.pk}).status_code == 403
    assert client.post(reverse("partners:switch_zvh"), {"zvh": "abc"}).status_code == 403
