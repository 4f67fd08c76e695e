"""`driehoek democode <email>`: the current two-factor code of a demo staff login.

Only for accounts in the demo domain, whose TOTP keys are derived from the e-mail
address by the demo seed and are therefore no secret anyway.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from driehoek.roster.demo import DEMO_DOMAIN, is_demo_email


def current_code(device: TOTPDevice) -> str:
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
    )
    return f"{code:0{device.digits}d}"


class Command(BaseCommand):
    help = f"Print the current two-factor code of a demo account (@{DEMO_DOMAIN} only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        email: str = options["email"].strip().lower()
        if not is_demo_email(email):
            raise CommandError(f"Only demo accounts (@{DEMO_DOMAIN}) have a code to show.")
        device = (
            TOTPDevice.objects.filter(user__email__iexact=email, confirmed=True)
            .order_by("-name")  # the "Demo" device before any other
            .first()
        )
        if device is None:
            raise CommandError(f"{email} has no two-factor device. Run `driehoek demo` first.")
        self.stdout.write(current_code(device))
