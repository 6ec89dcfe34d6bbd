"""Create a house's functioneel beheerder (or give an existing account that role), audited.

Used instead of `createsuperuser` and the admin to start a new deployment or house: it prints
a one-time start password, which must be replaced at first login and expires unused.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.actor import machine_actor
from core.errors import ServiceError
from partners.inrichting import beheerder_inrichten


class Command(BaseCommand):
    help = (
        "Maakt een functioneel beheerder voor een huis aan (of geeft een bestaand account die "
        "rol) en toont eenmalig een startwachtwoord."
    )

    def add_arguments(self, parser):
        parser.add_argument("huis", help="code van het huis (bijvoorbeeld regio-oost)")
        parser.add_argument("gebruikersnaam")
        parser.add_argument(
            "--huisnaam", default="", help="maakt het huis aan als het nog niet bestaat"
        )
        parser.add_argument(
            "--organisatie",
            default="",
            help="organisatie van een nieuw account (standaard: het huis)",
        )
        parser.add_argument("--voornaam", default="")
        parser.add_argument("--achternaam", default="")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--nieuw-startwachtwoord",
            action="store_true",
            help="geeft een bestaand account een nieuw startwachtwoord",
        )

    def handle(self, *args, **options):
        actor = machine_actor("commando:maak_beheerder", doel="inrichting")
        try:
            medewerker, created, password = beheerder_inrichten(
                actor=actor,
                zvh_code=options["huis"],
                username=options["gebruikersnaam"],
                huisnaam=options["huisnaam"],
                organisatie_naam=options["organisatie"],
                voornaam=options["voornaam"],
                achternaam=options["achternaam"],
                email=options["email"],
                nieuw_startwachtwoord=options["nieuw_startwachtwoord"],
            )
        except ServiceError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if created:
            self.stdout.write(
                f"{medewerker.username} is functioneel beheerder in {options['huis']}."
            )
        else:
            self.stdout.write(
                f"{medewerker.username} was al functioneel beheerder in {options['huis']}."
            )
        if password is None:
            self.stdout.write("Het wachtwoord is niet gewijzigd.")
            return
        self.stdout.write(f"Startwachtwoord (wordt maar één keer getoond): {password}")
        self.stdout.write(
            f"Bij de eerste keer inloggen kiest de beheerder een eigen wachtwoord en koppelt een "
            f"authenticator-app. Het startwachtwoord verloopt na {settings.START_PASSWORD_DAYS} "
            f"dagen."
        )
