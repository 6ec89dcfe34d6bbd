"""`manage.py maak_beheerder`: the first functioneel beheerder of a house, without the admin."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import AccessLog
from partners.models import Medewerker, Organisatie, Partnerschap, Rol, RolToewijzing, Zvh
from tests.partners.factories import MedewerkerFactory, RolToewijzingFactory, ZvhFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("maak_beheerder", *args, stdout=out)
    return out.getvalue()


def start_password(output):
    return re.search(r"Startwachtwoord \(wordt maar één keer getoond\): (\S+)", output).group(1)


def test_creates_a_beheerder_with_a_start_password_and_audits_it(client):
    zvh = ZvhFactory(code="regio-oost")
    output = run(
        "regio-oost",
        "eerste.beheerder",
        "--voornaam",
        "Eva",
        "--achternaam",
        "Eerst",
        "--email",
        "eva@example.invalid",
    )
    user = Medewerker.objects.get(username="eerste.beheerder")
    assert (user.first_name, user.last_name, user.email) == ("Eva", "Eerst", "eva@example.invalid")
    assert RolToewijzing.objects.filter(
        medewerker=user, zvh=zvh, rol=Rol.FUNCTIONEEL_BEHEERDER
    ).exists()
    # The account belongs to the house's own organisation, a partner of the house.
    assert user.organisatie.naam == zvh.naam and user.organisatie.type == "zvh"
    assert Partnerschap.objects.filter(zvh=zvh, organisatie=user.organisatie).exists()
    assert not user.is_superuser and not user.is_staff
    password = start_password(output)
    assert user.check_password(password) and user.wachtwoord_moet_wijzigen
    assert "verloopt na 7 dagen" in output
    rows = AccessLog.objects.filter(chain=f"zvh:{zvh.pk}", user_display="commando:maak_beheerder")
    assert {"medewerker_aangemaakt", "rol_toegekend", "organisatie_aangemaakt"} <= set(
        rows.values_list("event_type", flat=True)
    )
    # First login: the start password leads to its replacement, before anything else.
    response = client.post(
        reverse("partners:login"), {"username": "eerste.beheerder", "password": password}
    )
    assert response["Location"] == reverse("partners:startwachtwoord")


def test_creates_the_house_when_asked():
    run("nieuw-huis", "beheerder.nieuw", "--huisnaam", "Zorg- en Veiligheidshuis Nieuw")
    zvh = Zvh.objects.get(code="nieuw-huis")
    assert zvh.naam == "Zorg- en Veiligheidshuis Nieuw"
    assert AccessLog.objects.filter(chain=f"zvh:{zvh.pk}", event_type="zvh_aangemaakt").exists()


def test_unknown_house_is_a_clear_error_and_changes_nothing():
    with pytest.raises(CommandError, match="Er is geen huis met code onbekend"):
        run("onbekend", "iemand")
    assert not Medewerker.objects.filter(username="iemand").exists()
    assert not AccessLog.objects.exists()


def test_existing_user_gets_the_role_and_keeps_its_password():
    zvh = ZvhFactory(code="regio-west")
    user = MedewerkerFactory(username="bestaand")
    output = run("regio-west", "bestaand")
    user.refresh_from_db()
    assert user.check_password("juist-wachtwoord-123") and not user.wachtwoord_moet_wijzigen
    assert "niet gewijzigd" in output and "Startwachtwoord" not in output
    assert RolToewijzing.objects.filter(
        medewerker=user, zvh=zvh, rol=Rol.FUNCTIONEEL_BEHEERDER
    ).exists()
    again = run("regio-west", "bestaand")
    assert "was al functioneel beheerder" in again
    assert AccessLog.objects.filter(event_type="rol_toegekend").count() == 1


def test_existing_user_gets_a_new_start_password_when_asked():
    ZvhFactory(code="regio-zuid")
    user = MedewerkerFactory(username="vergeten")
    RolToewijzingFactory(medewerker=user, zvh=Zvh.objects.get(code="regio-zuid"))
    password = start_password(run("regio-zuid", "vergeten", "--nieuw-startwachtwoord"))
    user.refresh_from_db()
    assert user.check_password(password) and user.wachtwoord_moet_wijzigen


def test_existing_organisation_is_used_and_joined_to_the_house():
    zvh = ZvhFactory(code="regio-noord")
    run("regio-noord", "beheer.noord", "--organisatie", "Gemeente Noord")
    organisatie = Organisatie.objects.get(naam="Gemeente Noord")
    assert Partnerschap.objects.filter(zvh=zvh, organisatie=organisatie).exists()
    run("regio-noord", "beheer.noord2", "--organisatie", "gemeente noord")
    assert Organisatie.objects.filter(naam__iexact="gemeente noord").count() == 1


def test_invalid_username_or_email_is_a_dutch_error():
    ZvhFactory(code="regio-midden")
    with pytest.raises(CommandError, match="geldig e-mailadres"):
        run("regio-midden", "nieuw", "--email", "geen-adres")
    assert not Medewerker.objects.filter(username="nieuw").exists()
