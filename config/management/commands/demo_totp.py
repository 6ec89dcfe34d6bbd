"""Print the current TOTP code of a demo user (DEBUG only), so the demo works without a phone."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from partners.models import AuthenticatorDevice


class Command(BaseCommand):
    help = "Toont de huidige TOTP-code van een demogebruiker (alleen met DEBUG)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp draait alleen met DEBUG=1.")
        device = AuthenticatorDevice.objects.filter(
            user__username=username, name="Demo", confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"Geen demogebruiker '{username}' met een demo-TOTP-sleutel.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
