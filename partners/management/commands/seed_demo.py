"""Load the demo region: one house, its partner organisations and one user for every role.

Idempotent: running it again leaves the same data. Refuses to run when DEBUG is off, because it
creates accounts with published passwords and TOTP secrets.
"""

import base64
import hashlib
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from aanmelding.models import Afwijsreden, RegionaalCriterium
from casus.models import STANDAARD_THEMAS, Thema
from partners.models import Organisatie, OrganisatieType, Partnerschap, Rol, RolToewijzing, Zvh
from partners.services import maak_organisatie

ZVH = {"code": "demo", "naam": "Zorg- en Veiligheidshuis Demoregio", "regio": "Demoregio"}
SIGNED = date(2025, 1, 1)

# (name, type, convenant signed, privacyprotocol signed)
ORGANISATIES = [
    ("Zorg- en Veiligheidshuis Demoregio", OrganisatieType.ZVH, True, True),
    ("Politie Eenheid Demoregio", OrganisatieType.POLITIE, True, True),
    (
        "Openbaar Ministerie Arrondissement Demoregio",
        OrganisatieType.OPENBAAR_MINISTERIE,
        True,
        True,
    ),
    ("Reclassering Nederland", OrganisatieType.RECLASSERING, True, True),
    ("GGZ Demoregio", OrganisatieType.GGZ, True, True),
    ("Veilig Thuis Demoregio", OrganisatieType.VEILIG_THUIS, True, True),
    ("Gemeente Demostad", OrganisatieType.GEMEENTE, True, True),
    ("Woonstichting Demostad", OrganisatieType.WONINGCORPORATIE, True, False),
]

# (username, first name, last name, organisation, role)
GEBRUIKERS = [
    ("procesregisseur", "Petra", "Regisseur", 0, Rol.PROCESREGISSEUR),
    ("procesregisseur2", "Paul", "Tweede", 0, Rol.PROCESREGISSEUR),
    ("infocoordinator", "Ilse", "Coördinator", 0, Rol.INFORMATIECOORDINATOR),
    ("ketenpartner", "Karim", "Wijkagent", 1, Rol.KETENPARTNER),
    ("privacyofficer", "Pim", "Privacy", 0, Rol.PRIVACY_OFFICER),
    ("manager", "Marieke", "Manager", 0, Rol.MANAGER),
    ("beheerder", "Bart", "Beheer", 0, Rol.FUNCTIONEEL_BEHEERDER),
    ("zsm", "Zara", "Officier", 2, Rol.ZSM),
]

AFWIJSREDENEN = [
    "Lokaal oppakken (gemeente of wijkteam)",
    "Andere overlegtafel",
    "Voldoet niet aan de criteria",
    "Alleen advies gegeven",
]

REGIONAAL = "Er is sprake van een levensloopcasus waarbij de gemeente regie vraagt."


def demo_password(username):
    return f"demo-{username}-2025"


def demo_totp_key(username):
    """A fixed 20-byte TOTP key per demo user, so that reruns print the same secret."""
    return hashlib.sha256(f"casus-demo-totp|{username}".encode()).digest()[:20]


class Command(BaseCommand):
    help = "Laadt een demoregio met organisaties en één demogebruiker per rol (alleen met DEBUG)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo draait alleen met DEBUG=1: het maakt accounts met openbare "
                "wachtwoorden en TOTP-sleutels."
            )
        with transaction.atomic():
            zvh, _ = Zvh.objects.update_or_create(
                code=ZVH["code"], defaults={"naam": ZVH["naam"], "regio": ZVH["regio"]}
            )
            organisaties = [self._organisatie(zvh, *row) for row in ORGANISATIES]
            for code, naam in STANDAARD_THEMAS:
                Thema.objects.update_or_create(zvh=zvh, code=code, defaults={"naam": naam})
            RegionaalCriterium.objects.update_or_create(
                zvh=zvh, volgorde=1, defaults={"omschrijving": REGIONAAL, "actief": True}
            )
            for volgorde, omschrijving in enumerate(AFWIJSREDENEN, start=1):
                Afwijsreden.objects.update_or_create(
                    zvh=zvh, omschrijving=omschrijving, defaults={"volgorde": volgorde}
                )
            rows = [self._gebruiker(zvh, organisaties, *row) for row in GEBRUIKERS]
        self._print(zvh, rows)

    def _organisatie(self, zvh, naam, type_, convenant, protocol):
        organisatie = Organisatie.objects.filter(naam=naam).first()
        if organisatie is None:
            organisatie = maak_organisatie(naam=naam, type=type_)
        Partnerschap.objects.update_or_create(
            zvh=zvh,
            organisatie=organisatie,
            defaults={
                "convenant_getekend_op": SIGNED if convenant else None,
                "privacyprotocol_getekend_op": SIGNED if protocol else None,
            },
        )
        return organisatie

    def _gebruiker(self, zvh, organisaties, username, first, last, org_index, rol):
        User = get_user_model()
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.invalid",
                "organisatie": organisaties[org_index],
                "is_active": True,
                "is_staff": rol == Rol.FUNCTIONEEL_BEHEERDER,
            },
        )
        if not user.check_password(demo_password(username)):
            user.set_password(demo_password(username))
            user.save(update_fields=["password"])
        RolToewijzing.objects.get_or_create(medewerker=user, zvh=zvh, rol=rol)
        key = demo_totp_key(username)
        TOTPDevice.objects.filter(user=user).exclude(name="Demo").delete()
        TOTPDevice.objects.update_or_create(
            user=user, name="Demo", defaults={"key": key.hex(), "confirmed": True}
        )
        return username, rol, base64.b32encode(key).decode()

    def _print(self, zvh, rows):
        self.stdout.write(self.style.SUCCESS(f"Demoregio geladen: {zvh.naam}"))
        self.stdout.write("Log in op http://127.0.0.1:8000 met een van deze accounts.")
        self.stdout.write("Zet de TOTP-sleutel in een authenticator-app, of vraag de code op met")
        self.stdout.write("  .venv/bin/python manage.py demo_totp <gebruikersnaam>\n")
        self.stdout.write(f"{'gebruiker':<17}{'rol':<24}{'wachtwoord':<28}TOTP-sleutel (base32)")
        for username, rol, secret in rows:
            label = str(Rol(rol).label)
            self.stdout.write(f"{username:<17}{label:<24}{demo_password(username):<28}{secret}")
