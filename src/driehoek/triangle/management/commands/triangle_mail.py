"""`driehoek triangle-mail`: the daily e-mail job of the triangle check (run from cron).

Announces rounds that have opened since the last run and, a few days before a round
closes, reminds everyone who has not handed in yet (once per round by this job; the
mentor can send more from the round page, at most once a day).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from driehoek.triangle.services import daily_round_mail


class Command(BaseCommand):
    help = "Announce opened triangle rounds and send reminders before they close."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = daily_round_mail()
        self.stdout.write(
            f"announced to {counts['announced']} people, reminded {counts['reminded']}"
        )
