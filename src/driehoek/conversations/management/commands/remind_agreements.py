"""`driehoek remind-agreements`: e-mail reminders for agreements that are (nearly) due.
Run it once a day (cron or a systemd timer); running it twice a day sends nothing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from driehoek.conversations import services


class Command(BaseCommand):
    help = "Send reminders for open agreements due within three days (or overdue)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.send_agreement_reminders()
        self.stdout.write(f"Reminded about {count} agreement(s).")
