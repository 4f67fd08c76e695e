"""Send the daily summary e-mail to everyone who chose it (run once a day from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from driehoek.messaging.services import send_digest


class Command(BaseCommand):
    help = "Send the daily message digest to users who chose it (never the message text)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_digest()
        self.stdout.write(f"{count} digest e-mail(s) sent.")
