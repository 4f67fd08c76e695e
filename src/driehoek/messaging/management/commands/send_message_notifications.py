"""Send the e-mails about new messages that are due (run every few minutes from cron:
staff e-mails held back in the quiet hours go out when they end)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from driehoek.messaging.services import send_due_notifications


class Command(BaseCommand):
    help = "Send the due e-mails about new messages (never the message text)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_due_notifications()
        self.stdout.write(f"{count} e-mail(s) sent.")
