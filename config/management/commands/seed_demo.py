"""Load the demo region: one house, its partner organisations and one user for every role.

Idempotent: running it again leaves the same data. Refuses to run when DEBUG is off, because it
creates accounts with published passwords and TOTP secrets.
"""

import base64
import hashlib
import os
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from aanmelding.models import (
    Aanmelding,
    AanmeldingPersoon,
    Afwijsreden,
    RegionaalCriterium,
    Status,
)
from aanmelding.nummering import volgend_aanmeldingsnummer
from casus.models import STANDAARD_THEMAS, Thema
from casus.scoreschaal import zrm_inrichten
from partners.models import (
    AuthenticatorDevice,
    Organisatie,
    OrganisatieType,
    Partnerschap,
    Rol,
    RolToewijzing,
    Zvh,
)
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

# (username, first name, last name, organisation, role). House roles go to the house's own
# organisation (index 0), ketenpartner and ZSM to partners with a signed privacy protocol; the
# second procesregisseur and beheerder are there for the four-eyes confirmations. Every partner
# organisation has a user; the Woonstichting has not signed the privacy protocol, so its user
# holds no role (role grants refuse it) and sees why on the start page.
GEBRUIKERS = [
    ("procesregisseur", "Petra", "Regisseur", 0, Rol.PROCESREGISSEUR),
    ("procesregisseur2", "Paul", "Tweede", 0, Rol.PROCESREGISSEUR),
    ("infocoordinator", "Ilse", "Coördinator", 0, Rol.INFORMATIECOORDINATOR),
    ("ketenpartner", "Karim", "Wijkagent", 1, Rol.KETENPARTNER),
    ("privacyofficer", "Pim", "Privacy", 0, Rol.PRIVACY_OFFICER),
    ("manager", "Marieke", "Manager", 0, Rol.MANAGER),
    ("beheerder", "Bart", "Beheer", 0, Rol.FUNCTIONEEL_BEHEERDER),
    ("beheerder2", "Bea", "Tweede", 0, Rol.FUNCTIONEEL_BEHEERDER),
    ("zsm", "Zara", "Officier", 2, Rol.ZSM),
    ("reclassering", "Rob", "Reclasseerder", 3, Rol.KETENPARTNER),
    ("ggz", "Gonca", "Behandelaar", 4, Rol.KETENPARTNER),
    ("veiligthuis", "Vera", "Casemanager", 5, Rol.KETENPARTNER),
    ("gemeente", "Gijs", "Wijkteam", 6, Rol.KETENPARTNER),
    ("woonstichting", "Wim", "Huismeester", 7, None),
]

AFWIJSREDENEN = [
    "Lokaal oppakken (gemeente of wijkteam)",
    "Andere overlegtafel",
    "Voldoet niet aan de criteria",
    "Alleen advies gegeven",
]

# Fictitious persons and referrals; the BSNs pass the elfproef but belong to nobody.
DEMO_AANMELDINGEN = [
    {
        "id": uuid.UUID("00000000-0000-4000-8000-00000000d001"),
        "wacht_dagen": 1,
        "inhoud": {
            "spoed": True,
            "spoed_reden": "Dreiging richting ex-partner en kinderen na een huisverbod.",
            "reden": "Herhaald huiselijk geweld; het huisverbod loopt over acht dagen af.",
            "problemen": (
                '{"huiselijke_relaties": "Herhaald geweld tegen partner.", '
                '"middelengebruik": "Alcohol bij elk incident.", '
                '"justitie": "Drie meldingen in een half jaar."}'
            ),
            "betrokken_partners": "Veilig Thuis (casemanager), wijkagent Noord.",
            "geprobeerd": "Huisverbod, vrijwillige hulp afgewezen.",
        },
        "wgs": {
            "a": "Geweld binnen het gezin, met kinderen in huis.",
            "b": "Relaties, middelen en justitie; criminogene factoren aanwezig.",
            "c": "Escalatie na afloop van het huisverbod te verwachten.",
            "d": "Politie, Veilig Thuis en verslavingszorg zijn nodig.",
        },
        "personen": [
            {
                "id": uuid.UUID("00000000-0000-4000-8000-00000000e001"),
                "gegevens": {
                    "bsn": "111222333",
                    "voornamen": "Dennis",
                    "achternaam": "de Vries",
                    "geboortedatum": date(1986, 3, 14),
                    "woonplaats": "Demostad",
                },
            },
        ],
    },
    {
        "id": uuid.UUID("00000000-0000-4000-8000-00000000d002"),
        "wacht_dagen": 6,
        "inhoud": {
            "reden": "Ernstige overlast in de buurt en zorgen over verward gedrag.",
            "problemen": (
                '{"huisvesting": "Dreigende huisuitzetting.", '
                '"geestelijke_gezondheid": "Zorgmijdend, eerder in beeld bij GGZ.", '
                '"financien": "Huurachterstand."}'
            ),
            "betrokken_partners": "Woonstichting Demostad, wijkteam.",
            "geprobeerd": "Gesprekken met wijkteam en woningcorporatie.",
        },
        "wgs": {
            "a": "Problematiek bij de persoon zelf.",
            "b": "Wonen, financiën en geestelijke gezondheid.",
            "c": "Overlast en bedreiging van buren.",
            "d": "GGZ, gemeente en woningcorporatie moeten samen optrekken.",
        },
        "personen": [
            {
                "id": uuid.UUID("00000000-0000-4000-8000-00000000e002"),
                "gegevens": {
                    "bsn": "123456782",
                    "voornamen": "Ans",
                    "achternaam": "Jansen",
                    "geboortedatum": date(1961, 9, 2),
                    "woonplaats": "Demostad",
                },
            },
        ],
    },
]

# Printed for the reader to copy: it must work as printed, so it sets DEBUG itself (the
# settings refuse to start without their secrets when DEBUG is off).
TOTP_COMMAND = "DEBUG=1 .venv/bin/python manage.py demo_totp <gebruikersnaam>"

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
            zrm_inrichten(zvh.pk)
            RegionaalCriterium.objects.update_or_create(
                zvh=zvh, volgorde=1, defaults={"omschrijving": REGIONAAL, "actief": True}
            )
            for volgorde, omschrijving in enumerate(AFWIJSREDENEN, start=1):
                Afwijsreden.objects.update_or_create(
                    zvh=zvh, omschrijving=omschrijving, defaults={"volgorde": volgorde}
                )
            rows = [self._gebruiker(zvh, organisaties, *row) for row in GEBRUIKERS]
            self._aanmeldingen(zvh)
        self._print(zvh, rows)

    def _aanmeldingen(self, zvh):
        """Two fictitious submitted referrals by the demo ketenpartner, waiting for triage.

        Created once (fixed keys): a rerun leaves them as they are, also after a demo user has
        triaged them.
        """
        User = get_user_model()
        melder = User.objects.get(username="ketenpartner")
        for spec in DEMO_AANMELDINGEN:
            if Aanmelding.objects.filter(pk=spec["id"]).exists():
                continue
            ingediend = timezone.now() - timedelta(days=spec["wacht_dagen"])
            # Created an hour before it was submitted: the dates read in order.
            aangemaakt = ingediend - timedelta(hours=1)
            aanmelding = Aanmelding(
                id=spec["id"],
                zvh=zvh,
                nummer=volgend_aanmeldingsnummer(zvh_id=zvh.pk, moment=aangemaakt),
                organisatie=melder.organisatie,
                aangemeld_door=melder,
                status=Status.INGEDIEND,
                aangemaakt_op=aangemaakt,
                ingediend_op=ingediend,
                melder_naam=melder.get_full_name(),
                melder_telefoon="0612345678",
                melder_email=melder.email,
                persoon_geinformeerd=True,
                geinformeerd_op=timezone.localdate() - timedelta(days=spec["wacht_dagen"]),
                **spec["inhoud"],
            )
            for letter in "abcd":
                setattr(aanmelding, f"wgs_{letter}", True)
                setattr(aanmelding, f"wgs_{letter}_motivatie", spec["wgs"][letter])
            aanmelding.save()
            # As the referrer entered them; the procesregisseur links or registers them at
            # acceptance (registered as new, a person keeps the fixed key as its own).
            for volgorde, persoon in enumerate(spec["personen"]):
                gegevens = dict(persoon["gegevens"])
                geboren = gegevens.pop("geboortedatum", None)
                AanmeldingPersoon.objects.create(
                    aanmelding=aanmelding,
                    sleutel=persoon["id"],
                    volgorde=volgorde,
                    geboortedatum=geboren.isoformat() if geboren else "",
                    **gegevens,
                )

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
        if rol is not None:
            RolToewijzing.objects.get_or_create(medewerker=user, zvh=zvh, rol=rol)
        key = demo_totp_key(username)
        AuthenticatorDevice.objects.filter(user=user).exclude(name="Demo").delete()
        device = AuthenticatorDevice.objects.filter(user=user, name="Demo").first()
        # Rewritten only when it differs: each sealing of the seed gives another ciphertext.
        if device is None or device.seed != key.hex() or not device.confirmed:
            AuthenticatorDevice.objects.filter(user=user, name="Demo").delete()
            AuthenticatorDevice.objects.create(
                user=user, name="Demo", seed=key.hex(), confirmed=True
            )
        return username, rol, base64.b32encode(key).decode()

    def _print(self, zvh, rows):
        port = os.environ.get("PORT") or "8000"
        self.stdout.write(self.style.SUCCESS(f"Demoregio geladen: {zvh.naam}"))
        self.stdout.write("Zet de TOTP-sleutel in een authenticator-app, of vraag de code op met")
        self.stdout.write(f"  {TOTP_COMMAND}")
        if os.environ.get("DATABASE_URL"):
            self.stdout.write("  (in een shell met dezelfde DATABASE_URL als deze demo)")
        self.stdout.write("")
        self.stdout.write(f"{'gebruiker':<17}{'rol':<24}{'wachtwoord':<28}TOTP-sleutel (base32)")
        for username, rol, secret in rows:
            label = str(Rol(rol).label) if rol else "geen rol"
            self.stdout.write(f"{username:<17}{label:<24}{demo_password(username):<28}{secret}")
        self.stdout.write("")
        self.stdout.write(f"Log in op http://127.0.0.1:{port} met een van deze accounts.")
