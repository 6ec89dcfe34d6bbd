"""The demo region: idempotent, complete, DEBUG only, and every demo account can log in."""

import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from config.management.commands.seed_demo import (
    GEBRUIKERS,
    demo_password,
    demo_totp_key,
)
from core.roles import EIGEN_ORGANISATIE_ROLLEN, PARTNER_ROLLEN
from partners.models import (
    AuthenticatorDevice,
    Medewerker,
    OrganisatieType,
    Partnerschap,
    Rol,
    RolToewijzing,
    Zvh,
)

SNAPSHOT_APPS = ("partners", "casus", "aanmelding")


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Argon2 is slow by design; the seed's behaviour does not depend on the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot():
    """Every row of the seeded models, field by field, keyed by model."""
    models = [m for label in SNAPSHOT_APPS for m in apps.get_app_config(label).get_models()]
    models += [Group]
    return {
        model._meta.label: sorted(model.objects.values(), key=lambda row: row["id"])
        for model in models
    }


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_data(settings):
    seed(settings)
    first = snapshot()
    assert first["partners.Medewerker"] and first["partners.AuthenticatorDevice"]
    seed(settings)
    assert snapshot() == first


@pytest.mark.django_db
def test_seed_demo_repairs_changed_demo_accounts(settings):
    seed(settings)
    first = snapshot()
    beheerder = Medewerker.objects.get(username="beheerder")
    beheerder.set_password("iets-anders-12345")
    beheerder.is_active = False
    beheerder.save()
    AuthenticatorDevice.objects.create(user=beheerder, name="Extra", confirmed=True)
    seed(settings)
    beheerder.refresh_from_db()
    assert beheerder.is_active and beheerder.check_password(demo_password("beheerder"))
    assert list(
        AuthenticatorDevice.objects.filter(user=beheerder).values_list("name", flat=True)
    ) == ["Demo"]
    after = snapshot()
    # Only the password hash differs (a fresh salt); every other row is as before.
    for rows in (first["partners.Medewerker"], after["partners.Medewerker"]):
        for row in rows:
            row.pop("password")
    assert after == first


@pytest.mark.django_db
def test_seed_demo_creates_the_region_with_all_partners_and_one_user_per_role(settings):
    output = seed(settings)
    zvh = Zvh.objects.get(code="demo")
    partners = {p.organisatie.naam: p for p in Partnerschap.objects.filter(zvh=zvh)}
    assert len(partners) == 8
    types = {p.organisatie.type for p in partners.values()}
    assert types == {
        OrganisatieType.ZVH,
        OrganisatieType.POLITIE,
        OrganisatieType.OPENBAAR_MINISTERIE,
        OrganisatieType.RECLASSERING,
        OrganisatieType.GGZ,
        OrganisatieType.VEILIG_THUIS,
        OrganisatieType.GEMEENTE,
        OrganisatieType.WONINGCORPORATIE,
    }
    for naam, partnerschap in partners.items():
        assert partnerschap.organisatie.groep_id is not None
        assert partnerschap.convenant_getekend_op is not None, naam
        is_woningcorporatie = partnerschap.organisatie.type == OrganisatieType.WONINGCORPORATIE
        assert (partnerschap.privacyprotocol_getekend_op is None) == is_woningcorporatie, naam
        assert partnerschap.is_partner != is_woningcorporatie

    # Every role has a demo user with that role alone (the demo also has a second
    # procesregisseur and a second beheerder, for the four-eyes confirmations).
    rollen = RolToewijzing.objects.filter(zvh=zvh)
    assert set(rollen.values_list("rol", flat=True)) == set(Rol.values)
    per_user = {}
    for medewerker_id, rol in rollen.values_list("medewerker", "rol"):
        per_user.setdefault(medewerker_id, []).append(rol)
    assert all(len(r) == 1 for r in per_user.values())
    assert {r[0] for r in per_user.values()} == set(Rol.values)
    for username, *_rest in GEBRUIKERS:
        assert username in output and demo_password(username) in output
    assert "demo_totp" in output


@pytest.mark.django_db
def test_every_demo_role_fits_its_organisation(settings):
    """House roles for the house's own staff, partner roles for signed partners only."""
    seed(settings)
    zvh = Zvh.objects.get(code="demo")
    for toewijzing in RolToewijzing.objects.filter(zvh=zvh).select_related("medewerker"):
        organisatie = toewijzing.medewerker.organisatie
        if toewijzing.rol in EIGEN_ORGANISATIE_ROLLEN:
            assert organisatie.type == OrganisatieType.ZVH, toewijzing.rol
        else:
            assert toewijzing.rol in PARTNER_ROLLEN
            assert Partnerschap.objects.get(zvh=zvh, organisatie=organisatie).is_partner


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Zvh.objects.exists() and not Medewerker.objects.exists()


@pytest.mark.django_db
def test_demo_totp_prints_a_code_that_verifies(settings):
    seed(settings)
    out = io.StringIO()
    call_command("demo_totp", "beheerder", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    device = AuthenticatorDevice.objects.get(user__username="beheerder", name="Demo")
    assert device.verify_token(code)


@pytest.mark.django_db
def test_demo_totp_refuses_without_debug_and_for_unknown_users(settings):
    seed(settings)
    with pytest.raises(CommandError, match="onbekend"):
        call_command("demo_totp", "onbekend", stdout=io.StringIO())
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_totp", "beheerder", stdout=io.StringIO())


@pytest.mark.django_db
def test_every_demo_account_logs_in_with_password_and_demo_totp(settings):
    seed(settings)
    settings.DEBUG = False
    for username, _first, _last, _org, rol in GEBRUIKERS:
        client = Client()
        response = client.post(
            reverse("partners:login"), {"username": username, "password": demo_password(username)}
        )
        assert response.status_code == 302, username
        assert response["Location"] == reverse("partners:verify"), username
        code = f"{totp(demo_totp_key(username)):06d}"
        response = client.post(reverse("partners:verify"), {"token": code})
        assert response.status_code == 302, username
        assert response["Location"] == reverse("home"), username
        home = client.get(reverse("home"))
        assert home.status_code == 200, username
        html = home.content.decode()
        assert "Zorg- en Veiligheidshuis Demoregio" in html, username
        if rol is None:
            # The Woonstichting's user: no role, and the start page says why.
            assert "U heeft nog geen rol" in html, username
            assert (
                "Uw organisatie heeft het privacyprotocol van Zorg- en Veiligheidshuis "
                "Demoregio nog niet ondertekend." in html
            ), username
        else:
            assert str(Rol(rol).label) in html, username
            assert "U heeft nog geen rol" not in html, username


@pytest.mark.django_db
def test_demo_mode_shows_the_demo_banner(client, settings):
    settings.DEMO = True
    assert "DEMO" in client.get(reverse("partners:login")).content.decode()
    settings.DEMO = False
    assert "demo-banner" not in client.get(reverse("partners:login")).content.decode()


@pytest.mark.django_db
def test_seed_demo_puts_two_referrals_in_the_triage_queue(settings):
    from aanmelding.selectors import triage_werkvoorraad
    from casus.models import Persoon
    from tests.conftest import actor_for

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    zvh = Zvh.objects.get(code="demo")
    regisseur = Medewerker.objects.get(username="procesregisseur")
    queue = list(triage_werkvoorraad(actor_for(regisseur, zvh)))
    assert len(queue) == 2
    assert queue[0].spoed and not queue[1].spoed
    assert all(len(a.personen_geordend) == 1 for a in queue)
    # As the referrer entered them: registered in the house only at acceptance.
    assert all(a.personen_geordend[0].ingevoerd for a in queue)
    assert not Persoon.objects.filter(zvh=zvh).exists()


@pytest.mark.django_db
def test_every_partner_organisation_has_a_demo_user(settings):
    """One user per partner organisation; the Woonstichting (no privacy protocol) holds no
    role, and a beheerder cannot give it one."""
    from core.errors import ServiceError
    from partners.services import rol_toekennen
    from tests.conftest import actor_for

    seed(settings)
    zvh = Zvh.objects.get(code="demo")
    for partnerschap in Partnerschap.objects.filter(zvh=zvh).select_related("organisatie"):
        users = Medewerker.objects.filter(organisatie=partnerschap.organisatie)
        assert users.exists(), partnerschap.organisatie.naam
        if partnerschap.organisatie.type == OrganisatieType.ZVH:
            continue
        rollen = set(
            RolToewijzing.objects.filter(medewerker__in=users).values_list("rol", flat=True)
        )
        if partnerschap.is_partner:
            assert rollen and rollen <= PARTNER_ROLLEN, partnerschap.organisatie.naam
        else:
            assert rollen == set(), partnerschap.organisatie.naam
    woonstichting = Medewerker.objects.get(username="woonstichting")
    assert woonstichting.organisatie.type == OrganisatieType.WONINGCORPORATIE
    beheerder = Medewerker.objects.get(username="beheerder")
    with pytest.raises(ServiceError, match="privacyprotocol"):
        rol_toekennen(
            actor=actor_for(beheerder, zvh), medewerker=woonstichting, rol=Rol.KETENPARTNER
        )
    assert not RolToewijzing.objects.filter(medewerker=woonstichting).exists()


@pytest.mark.django_db
def test_seed_demo_ends_with_the_table_and_the_url_on_the_port_of_make_demo(settings, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    lines = seed(settings).splitlines()
    assert lines[-1] == "Log in op http://127.0.0.1:8123 met een van deze accounts."
    assert "8000" not in "\n".join(lines)
    table = lines.index(next(line for line in lines if line.startswith("gebruiker ")))
    assert [line.split()[0] for line in lines[table + 1 : -2]] == [g[0] for g in GEBRUIKERS]
    assert lines[-2] == ""
    monkeypatch.delenv("PORT")
    assert seed(settings).splitlines()[-1] == (
        "Log in op http://127.0.0.1:8000 met een van deze accounts."
    )


@pytest.mark.django_db
def test_seed_demo_referrals_read_in_order_and_have_numbers(settings):
    """Regression (issue 10): the demo showed "Ingediend 22 november" before "Aangemaakt 23
    november"; the referrals also had no number to say on the phone."""
    from aanmelding.models import Aanmelding

    seed(settings)
    aanmeldingen = list(Aanmelding.objects.order_by("aangemaakt_op"))
    assert len(aanmeldingen) == 2
    assert all(a.aangemaakt_op <= a.ingediend_op for a in aanmeldingen)
    nummers = [a.nummer for a in aanmeldingen]
    assert all(n.startswith("A-") for n in nummers) and len(set(nummers)) == 2
