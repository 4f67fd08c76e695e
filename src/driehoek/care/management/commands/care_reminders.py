"""`driehoek care-reminders`: e-mail reminders before support-plan reviews, and to mentors
whose care question has no record yet of the parents being told. Run it once a day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from driehoek.care import services


class Command(BaseCommand):
    help = "Send care reminders: plan reviews within three days; parents not yet informed."

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.send_care_reminders()
        self.stdout.write(f"Sent {count} care reminder(s).")
