"""Background work: agreement reminders (run daily by the `remind_agreements` command,
or enqueued through django-tasks)."""

from __future__ import annotations

from django_tasks import task

from driehoek.conversations import services


@task()
def send_agreement_reminders() -> int:
    return services.send_agreement_reminders()
