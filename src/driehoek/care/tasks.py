"""Background work: care reminders (run daily by `driehoek care-reminders`, or enqueued
through django-tasks)."""

from __future__ import annotations

from django_tasks import task

from driehoek.care import services


@task()
def send_care_reminders() -> int:
    return services.send_care_reminders()
