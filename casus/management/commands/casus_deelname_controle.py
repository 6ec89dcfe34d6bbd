"""Finds casussen where a deelnemer and its organisation's grant disagree (exit 1 on drift)."""

from django.core.management.base import BaseCommand, CommandError

from casus.selectors import deelname_drift


class Command(BaseCommand):
    help = "Controleert dat elke deelnemer precies het objectrecht van zijn organisatie heeft."

    def handle(self, *args, **options):
        drift = deelname_drift()
        for casus_id, organisatie_id, wat in drift:
            self.stdout.write(f"casus {casus_id}, organisatie {organisatie_id}: {wat}")
        if drift:
            raise CommandError(f"{len(drift)} afwijking(en) tussen deelnemers en rechten.")
        self.stdout.write("Deelnemers en rechten komen overeen.")
