"""Background work for messaging (django-tasks; immediate in development and tests)."""

from __future__ import annotations

from django_tasks import task

from driehoek.messaging import services


@task()
def deliver_notifications() -> int:
    """E-mail what is due now to those who want an e-mail per message."""
    return services.send_due_notifications()


@task()
def deliver_digest() -> int:
    """The daily summary for those who chose it."""
    return services.send_digest()
