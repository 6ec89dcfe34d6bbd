"""Issue 9, points 1 and 2: tenant-safe account administration and separation of duties.

Two houses share the organisation Politie; a Politie user holds roles in both. Every refusal
is a Dutch message, changes nothing and leaves an audited denial.
"""

import html

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AccessLog
from core import policy
from partners import credentials
from partners.models import (
    AccountMelding,
    AuthenticatorDevice,
    Organisatie,
    OrganisatieType,
    Partnerschap,
    Rol,
    RolAanvraag,
    RolToewijzing,
)
from tests.conftest import actor_for, verify_session
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory

pytestmark = pytest.mark.django_db


def events(name, **filters):
    return AccessLog.objects.filter(event_type=name, **filters)


def denials(**filters):
    return AccessLog.objects.filter(event_type="toegang_geweigerd", outcome="denied", **filters)


def text(response):
    """The page's text with HTML entities resolved (a generated name may hold an apostrophe,
    which the template escapes)."""
    return html.unescape(response.content.decode())


@pytest.fixture
def politie(zvh, other_zvh):
    """One Politie organisation taking part in both houses."""
    org = OrganisatieFactory(naam="Politie Eenheid Midden", type=OrganisatieType.POLITIE)
    PartnerschapFactory(zvh=zvh, organisatie=org)
    PartnerschapFactory(zvh=other_zvh, organisatie=org)
    return org


@pytest.fixture
def eigen(zvh):
    """The house's own organisation (type ZVH) with its partnership."""
    return PartnerschapFactory(zvh=zvh, organisatie__type=OrganisatieType.ZVH).organisatie


@pytest.fixture
def beheerder(make_user, zvh, eigen, login):
    user = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, organisatie=eigen, first_name="Bart")
    login(user)
    return user


@pytest.fixture
def in_beide(make_user, zvh, other_zvh, politie):
    """A Politie user with roles in both houses."""
    user = make_user(zvh, Rol.KETENPARTNER, organisatie=politie)
    RolToewijzing.objects.create(medewerker=user, zvh=other_zvh, rol=Rol.KETENPARTNER)
    AuthenticatorDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def _edit(client, mw, **changes):
    data = {"first_name": mw.first_name, "last_name": mw.last_name, "email": mw.email}
    data.update(changes)
    return client.post(reverse("partners:beheer_medewerker", args=[mw.pk]), data)


# 1. Accounts with roles in another house ----------------------------------------------------


def test_account_with_roles_in_two_houses_is_read_only_and_names_the_other_house(
    client, beheerder, in_beide, other_zvh
):
    page = client.get(reverse("partners:beheer_medewerker", args=[in_beide.pk]))
    assert page.status_code == 200
    assert "Alleen inzien" in text(page) and other_zvh.naam in text(page)
    assert reverse("partners:beheer_wachtwoord_resetten", args=[in_beide.pk]) not in text(page)


@pytest.mark.parametrize(
    "actie",
    ["wijzigen", "deactiveren", "wachtwoord", "tweede_factor", "rol"],
)
def test_every_change_to_an_account_of_two_houses_is_refused_and_audited_in_both(
    client, beheerder, in_beide, zvh, other_zvh, actie
):
    password_before = in_beide.password
    if actie == "wijzigen":
        response = _edit(client, in_beide, last_name="Overgenomen", email="aanvaller@x.invalid")
    elif actie == "deactiveren":
        response = _edit(client, in_beide)  # the is_active box left unticked
    elif actie == "wachtwoord":
        url = reverse("partners:beheer_wachtwoord_resetten", args=[in_beide.pk])
        response = client.post(url, follow=True)
    elif actie == "tweede_factor":
        url = reverse("partners:beheer_tweede_factor_resetten", args=[in_beide.pk])
        response = client.post(url, follow=True)
    else:
        url = reverse("partners:beheer_rol_toekennen", args=[in_beide.pk])
        response = client.post(url, {"rol": Rol.ZSM}, follow=True)
    assert response.status_code in (200, 400)
    assert "wordt niet alleen door dit huis beheerd" in text(response)
    in_beide.refresh_from_db()
    assert in_beide.is_active and in_beide.last_name != "Overgenomen"
    assert in_beide.password == password_before
    assert AuthenticatorDevice.objects.filter(user=in_beide).exists()
    assert not RolToewijzing.objects.filter(medewerker=in_beide, rol=Rol.ZSM).exists()
    assert not AccountMelding.objects.exists()
    for huis in (zvh, other_zvh):
        row = denials(zvh_id=huis.pk).get()
        assert row.user_id == beheerder.pk and row.object_id == str(in_beide.pk)


def test_account_with_roles_only_in_the_other_house_cannot_be_taken_over(
    client, beheerder, make_user, other_zvh, politie
):
    """The attack of the issue: house A's beheerder reset the password of a Politie user of
    house B and logged in as that user."""
    slachtoffer = make_user(other_zvh, Rol.PROCESREGISSEUR, organisatie=politie)
    before = slachtoffer.password
    url = reverse("partners:beheer_wachtwoord_resetten", args=[slachtoffer.pk])
    response = client.post(url, follow=True)
    assert "password" not in response.context
    slachtoffer.refresh_from_db()
    assert slachtoffer.password == before
    assert denials(zvh_id=other_zvh.pk, object_id=str(slachtoffer.pk)).exists()


def test_superuser_is_never_managed_by_a_beheerder(client, beheerder, make_user, zvh, eigen):
    admin = make_user(zvh, Rol.MANAGER, organisatie=eigen, is_superuser=True)
    before = admin.password
    page = client.get(reverse("partners:beheer_medewerker", args=[admin.pk]))
    assert "beheerders van de installatie" in text(page)
    client.post(reverse("partners:beheer_wachtwoord_resetten", args=[admin.pk]))
    admin.refresh_from_db()
    assert admin.password == before
    assert denials(object_id=str(admin.pk)).count() == 1


def test_second_factor_of_another_beheerder_is_not_reset(client, beheerder, make_user, zvh, eigen):
    collega = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, organisatie=eigen)
    AuthenticatorDevice.objects.create(user=collega, name="app", confirmed=True)
    url = reverse("partners:beheer_tweede_factor_resetten", args=[collega.pk])
    response = client.post(url, follow=True)
    assert "De tweede factor van een functioneel beheerder" in text(response)
    assert AuthenticatorDevice.objects.filter(user=collega).exists()
    assert denials(object_id=str(collega.pk)).exists()


def test_accounts_without_roles(make_user, zvh, other_zvh, politie, eigen):
    """Created here, or of an organisation only in this house: managed here; an account of a
    shared organisation that another house (or nobody) created: not."""
    beheer = actor_for(make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, organisatie=eigen), zvh)
    hier_aangemaakt = make_user(zvh, organisatie=politie, aangemaakt_in=zvh)
    elders_aangemaakt = make_user(other_zvh, organisatie=politie, aangemaakt_in=other_zvh)
    onbekend = make_user(zvh, organisatie=politie)
    alleen_hier = make_user(zvh, organisatie=eigen)
    assert policy.may(beheer, "beheer.account", hier_aangemaakt)
    assert policy.may(beheer, "beheer.account", alleen_hier)
    assert not policy.may(beheer, "beheer.account", elders_aangemaakt)
    assert not policy.may(beheer, "beheer.account", onbekend)
    listed = policy.visible(beheer, "beheer.account", type(onbekend).objects.all())
    assert set(listed) >= {hier_aangemaakt, alleen_hier}
    assert not {elders_aangemaakt, onbekend} & set(listed)


def test_new_account_of_a_shared_organisation_is_managed_by_the_house_that_made_it(
    client, beheerder, politie, zvh
):
    response = client.post(
        reverse("partners:beheer_medewerkers"),
        {
            "username": "w.agent",
            "first_name": "Wim",
            "last_name": "Agent",
            "email": "w@example.invalid",
            "organisatie": politie.pk,
        },
    )
    nieuw = response.context["medewerker"]
    assert nieuw.aangemaakt_in == zvh
    url = reverse("partners:beheer_rol_toekennen", args=[nieuw.pk])
    client.post(url, {"rol": Rol.KETENPARTNER})
    assert RolToewijzing.objects.filter(medewerker=nieuw, zvh=zvh).exists()


def test_own_house_role_of_a_shared_account_can_be_revoked_and_both_chains_see_it(
    client, beheerder, in_beide, zvh, other_zvh
):
    hier = RolToewijzing.objects.get(medewerker=in_beide, zvh=zvh)
    client.post(reverse("partners:beheer_rol_intrekken", args=[in_beide.pk, hier.pk]))
    assert not RolToewijzing.objects.filter(pk=hier.pk).exists()
    for huis in (zvh, other_zvh):
        row = events("rol_ingetrokken", zvh_id=huis.pk).get()
        assert row.user_id == beheerder.pk and row.object_id == str(in_beide.pk)


# 1. Organisation master data -----------------------------------------------------------------


def _org_data(org, partnerschap, **changes):
    data = {
        "naam": org.naam,
        "type": org.type,
        "actief": "on" if org.actief else "",
        "convenant_getekend_op": partnerschap.convenant_getekend_op.isoformat(),
        "privacyprotocol_getekend_op": partnerschap.privacyprotocol_getekend_op.isoformat(),
    }
    data.update(changes)
    return data


def test_shared_organisation_master_data_is_not_changed_by_a_house(client, beheerder, politie, zvh):
    partnerschap = Partnerschap.objects.get(zvh=zvh, organisatie=politie)
    url = reverse("partners:beheer_organisatie", args=[politie.pk])
    page = client.get(url)
    assert "Organisatie van meerdere huizen" in text(page)
    client.post(url, _org_data(politie, partnerschap, naam="Overgenomen", actief=""))
    politie.refresh_from_db()
    assert politie.naam == "Politie Eenheid Midden" and politie.actief
    # Called directly (as a command or another client would), the service refuses and audits.
    with pytest.raises(Exception, match="ook deel in andere huizen"):
        from partners import services

        services.organisatie_wijzigen(
            actor=actor_for(beheerder, zvh),
            organisatie=politie,
            naam="Overgenomen",
            type=politie.type,
            actief=False,
            convenant_getekend_op=None,
            privacyprotocol_getekend_op=None,
        )
    politie.refresh_from_db()
    assert politie.naam == "Politie Eenheid Midden" and politie.actief
    assert denials(object_type="partners.organisatie", object_id=str(politie.pk)).exists()


def test_house_changes_its_own_partnership_of_a_shared_organisation(
    client, beheerder, politie, zvh, other_zvh
):
    partnerschap = Partnerschap.objects.get(zvh=zvh, organisatie=politie)
    elders = Partnerschap.objects.get(zvh=other_zvh, organisatie=politie)
    url = reverse("partners:beheer_organisatie", args=[politie.pk])
    response = client.post(url, _org_data(politie, partnerschap, privacyprotocol_getekend_op=""))
    assert response.status_code == 302
    partnerschap.refresh_from_db()
    assert partnerschap.privacyprotocol_getekend_op is None
    assert Partnerschap.objects.get(pk=elders.pk).privacyprotocol_getekend_op is not None


def test_organisation_only_in_this_house_can_be_renamed(client, beheerder, zvh):
    partnerschap = PartnerschapFactory(zvh=zvh, organisatie__naam="Wijkteam Noord")
    org = partnerschap.organisatie
    url = reverse("partners:beheer_organisatie", args=[org.pk])
    assert client.post(url, _org_data(org, partnerschap, naam="Wijkteam Zuid")).status_code == 302
    assert Organisatie.objects.get(pk=org.pk).naam == "Wijkteam Zuid"


# 1. Account events in every house, and the notice to the account holder ----------------------


def test_second_factor_reset_is_told_to_the_user_once(client, beheerder, make_user, zvh, eigen):
    mw = make_user(zvh, Rol.MANAGER, organisatie=eigen)
    AuthenticatorDevice.objects.create(user=mw, name="app", confirmed=True)
    client.post(reverse("partners:beheer_tweede_factor_resetten", args=[mw.pk]))
    client.post(reverse("partners:beheer_wachtwoord_resetten", args=[mw.pk]))
    assert AccountMelding.objects.filter(medewerker=mw).count() == 2
    row = events("tweede_factor_gereset", zvh_id=zvh.pk).get()
    assert row.user_id == beheerder.pk and row.object_id == str(mw.pk)

    mw.refresh_from_db()
    # At the next login the start password is replaced first (the notices wait for that).
    credentials.startwachtwoord_vervangen(
        actor=actor_for(mw, zvh), user=mw, nieuw_wachtwoord="een-lang-nieuw-wachtwoord-42"
    )
    eigen_sessie = verify_session(Client(), mw)
    home = text(eigen_sessie.get(reverse("home")))
    naam = beheerder.get_full_name()
    assert "Uw tweede factor is op " in home and f"opnieuw ingesteld door {naam}." in home
    assert "Uw wachtwoord is op " in home
    assert "opnieuw ingesteld" not in text(eigen_sessie.get(reverse("home")))
    assert events("accountmeldingen_getoond", user_id=mw.pk).count() == 1


# 2. Nobody grants roles to themselves ---------------------------------------------------------


def test_beheerder_cannot_grant_itself_a_role(client, beheerder, zvh):
    url = reverse("partners:beheer_rol_toekennen", args=[beheerder.pk])
    response = client.post(url, {"rol": Rol.PROCESREGISSEUR}, follow=True)
    assert "U kunt uzelf geen rol toekennen." in text(response)
    assert not RolToewijzing.objects.filter(medewerker=beheerder, rol=Rol.PROCESREGISSEUR).exists()
    assert denials(zvh_id=zvh.pk, detail="beheer.rollen.zelf").exists()


# 2. Four eyes for privacy officer and functioneel beheerder ----------------------------------


@pytest.fixture
def tweede(make_user, zvh, eigen):
    return make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, organisatie=eigen, first_name="Tweede")


@pytest.mark.parametrize("rol", [Rol.PRIVACY_OFFICER, Rol.FUNCTIONEEL_BEHEERDER])
def test_grant_of_officer_or_beheerder_waits_for_a_second_beheerder(
    client, beheerder, tweede, make_user, zvh, eigen, rol
):
    mw = make_user(zvh, organisatie=eigen)
    response = client.post(
        reverse("partners:beheer_rol_toekennen", args=[mw.pk]), {"rol": rol}, follow=True
    )
    assert "wacht" in text(response) or "aangevraagd" in text(response)
    aanvraag = RolAanvraag.objects.get(medewerker=mw, rol=rol, status="open")
    # Pending: no role, no access anywhere roles are read.
    assert not RolToewijzing.objects.filter(medewerker=mw, rol=rol).exists()
    assert rol not in actor_for(mw, zvh).rollen
    assert events("rol_aangevraagd", zvh_id=zvh.pk).count() == 1

    bevestigen = reverse("partners:beheer_rolaanvraag_bevestigen", args=[aanvraag.pk])
    response = client.post(bevestigen, follow=True)
    assert "Een andere functioneel beheerder bevestigt" in text(response)
    assert not RolToewijzing.objects.filter(medewerker=mw, rol=rol).exists()

    second = verify_session(Client(), tweede)
    page = second.get(reverse("partners:beheer_rolaanvragen"))
    assert mw.get_full_name() in text(page)
    assert second.post(bevestigen).status_code == 302
    assert RolToewijzing.objects.filter(medewerker=mw, zvh=zvh, rol=rol).exists()
    assert rol in actor_for(mw, zvh).rollen
    aanvraag.refresh_from_db()
    assert aanvraag.status == "bevestigd" and aanvraag.beoordeeld_door == tweede
    assert events("rol_aanvraag_bevestigd", user_id=tweede.pk).count() == 1


def test_refused_request_leaves_no_role(client, beheerder, tweede, make_user, zvh, eigen):
    mw = make_user(zvh, organisatie=eigen)
    client.post(reverse("partners:beheer_rol_toekennen", args=[mw.pk]), {"rol": "privacy_officer"})
    aanvraag = RolAanvraag.objects.get(medewerker=mw)
    second = verify_session(Client(), tweede)
    url = reverse("partners:beheer_rolaanvraag_weigeren", args=[aanvraag.pk])
    response = second.post(url, {"reden": ""}, follow=True)
    assert "Geef aan waarom" in text(response)
    assert RolAanvraag.objects.get(pk=aanvraag.pk).status == "open"
    response = second.post(url, {"reden": "x" * 501}, follow=True)
    assert "Gebruik maximaal 500 tekens (u gebruikte 501)." in text(response)
    assert "Geef aan waarom" not in text(response)
    assert RolAanvraag.objects.get(pk=aanvraag.pk).status == "open"
    second.post(url, {"reden": "Geen privacy officer nodig"})
    assert RolAanvraag.objects.get(pk=aanvraag.pk).status == "geweigerd"
    assert not RolToewijzing.objects.filter(medewerker=mw).exists()
    assert events("rol_aanvraag_geweigerd").count() == 1
    bevestigen = reverse("partners:beheer_rolaanvraag_bevestigen", args=[aanvraag.pk])
    assert second.post(bevestigen).status_code == 404  # decided: no longer an open request


def test_the_account_receiving_the_role_cannot_confirm_it(client, beheerder, tweede, zvh):
    client.post(
        reverse("partners:beheer_rol_toekennen", args=[tweede.pk]), {"rol": "privacy_officer"}
    )
    aanvraag = RolAanvraag.objects.get(medewerker=tweede)
    second = verify_session(Client(), tweede)
    bevestigen = reverse("partners:beheer_rolaanvraag_bevestigen", args=[aanvraag.pk])
    response = second.post(bevestigen, follow=True)
    assert "U kunt geen rol voor uzelf bevestigen." in text(response)
    assert not RolToewijzing.objects.filter(medewerker=tweede, rol="privacy_officer").exists()


def test_requests_of_another_house_are_invisible(client, beheerder, make_user, other_zvh):
    anderen = make_user(other_zvh, Rol.FUNCTIONEEL_BEHEERDER)
    aanvraag = RolAanvraag.objects.create(
        medewerker=make_user(other_zvh),
        zvh=other_zvh,
        rol="privacy_officer",
        aangevraagd_door=anderen,
    )
    url = reverse("partners:beheer_rolaanvraag_bevestigen", args=[aanvraag.pk])
    assert client.post(url).status_code == 404
    assert not RolToewijzing.objects.filter(zvh=other_zvh, rol="privacy_officer").exists()
    page = text(client.get(reverse("partners:beheer_rolaanvragen")))
    assert aanvraag.medewerker.get_full_name() not in page


@pytest.mark.parametrize("rol", [r for r in Rol if r != Rol.FUNCTIONEEL_BEHEERDER])
def test_other_roles_cannot_see_role_requests(client, make_user, login, zvh, rol):
    login(make_user(zvh, rol))
    assert client.get(reverse("partners:beheer_rolaanvragen")).status_code == 403
    assert denials().count() == 1


@pytest.mark.parametrize("rows", [1, 30])
def test_role_request_list_query_budget(
    client, beheerder, tweede, make_user, zvh, eigen, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        RolAanvraag.objects.create(
            medewerker=make_user(zvh, organisatie=eigen),
            zvh=zvh,
            rol="privacy_officer",
            aangevraagd_door=tweede,
        )
    with django_assert_max_num_queries(15):
        assert client.get(reverse("partners:beheer_rolaanvragen")).status_code == 200
    assert events("rolaanvragen_bekeken").count() == 1


# 2. The privacy officer's signal on separation of duties ------------------------------------


def test_signals_list_beheerders_who_are_also_officer_or_regisseur(
    client, make_user, login, zvh, other_zvh, eigen
):
    officer = make_user(zvh, Rol.PRIVACY_OFFICER, organisatie=eigen)
    dubbel = make_user(
        zvh, Rol.FUNCTIONEEL_BEHEERDER, Rol.PROCESREGISSEUR, organisatie=eigen, last_name="Dubbel"
    )
    make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, Rol.MANAGER, organisatie=eigen, last_name="Enkel")
    elders = make_user(other_zvh, Rol.FUNCTIONEEL_BEHEERDER, Rol.PRIVACY_OFFICER, last_name="Ver")
    login(officer)
    page = text(client.get(reverse("audit:signalen")))
    assert "Functioneel beheer samen met andere taken" in page
    assert dubbel.get_full_name() in page
    assert "Enkel" not in page and elders.get_full_name() not in page


# 2. House roles fit the organisation ---------------------------------------------------------


@pytest.fixture
def woonstichting(zvh):
    """A partner without a signed privacy protocol."""
    return PartnerschapFactory(
        zvh=zvh, organisatie__type=OrganisatieType.WONINGCORPORATIE, incidenteel=True
    ).organisatie


@pytest.mark.parametrize("rol", [Rol.PROCESREGISSEUR, Rol.KETENPARTNER, Rol.ZSM, Rol.MANAGER])
def test_no_role_for_an_organisation_without_privacy_protocol(
    client, beheerder, make_user, zvh, woonstichting, rol
):
    mw = make_user(zvh, organisatie=woonstichting)
    url = reverse("partners:beheer_rol_toekennen", args=[mw.pk])
    response = client.post(url, {"rol": rol}, follow=True)
    assert "alleen voor" in text(response)
    assert not RolToewijzing.objects.filter(medewerker=mw).exists()
    assert denials(zvh_id=zvh.pk, detail="beheer.rollen.past").exists()


def test_house_roles_only_for_the_house_own_staff(client, beheerder, make_user, zvh, eigen):
    partner = PartnerschapFactory(zvh=zvh, organisatie__type=OrganisatieType.GGZ).organisatie
    ggz = make_user(zvh, organisatie=partner)
    eigen_mw = make_user(zvh, organisatie=eigen)
    url = reverse("partners:beheer_rol_toekennen", args=[ggz.pk])
    response = client.post(url, {"rol": Rol.PROCESREGISSEUR}, follow=True)
    assert "alleen voor medewerkers van het huis zelf" in text(response)
    client.post(url, {"rol": Rol.KETENPARTNER})
    assert list(RolToewijzing.objects.filter(medewerker=ggz).values_list("rol", flat=True)) == [
        Rol.KETENPARTNER
    ]
    client.post(reverse("partners:beheer_rol_toekennen", args=[eigen_mw.pk]), {"rol": "manager"})
    assert RolToewijzing.objects.filter(medewerker=eigen_mw, rol=Rol.MANAGER).exists()


def test_exception_for_house_roles_is_explicit_with_a_reason_and_audited(
    client, beheerder, make_user, zvh
):
    partnerschap = PartnerschapFactory(zvh=zvh, organisatie__type=OrganisatieType.GEMEENTE)
    gemeente = partnerschap.organisatie
    mw = make_user(zvh, organisatie=gemeente)
    url = reverse("partners:beheer_organisatie", args=[gemeente.pk])
    response = client.post(url, _org_data(gemeente, partnerschap, huisrollen_toegestaan="on"))
    assert response.status_code == 400
    assert "Geef de reden" in text(response)
    response = client.post(
        url,
        _org_data(
            gemeente,
            partnerschap,
            huisrollen_toegestaan="on",
            huisrollen_reden="Procesregisseurs in dienst van de gemeente",
        ),
    )
    assert response.status_code == 302
    assert "huisrollen_toegestaan" in events("organisatie_gewijzigd").get().detail
    client.post(reverse("partners:beheer_rol_toekennen", args=[mw.pk]), {"rol": "procesregisseur"})
    assert RolToewijzing.objects.filter(medewerker=mw, rol=Rol.PROCESREGISSEUR).exists()
    assert events("rol_toegekend").get().detail == "procesregisseur (uitzondering)"
