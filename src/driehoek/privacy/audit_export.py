"""The audit log as CSV (safe to open in a spreadsheet) and as JSON."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from driehoek.audit.models import AuditAction, AuditEvent
from driehoek.privacy.erase import ERASE_ACTION
from driehoek.privacy.services import RETENTION_ACTION
from driehoek.triangle.csvsafe import to_csv

COLUMNS = ("at", "actor", "actor_email", "role", "action", "student_number", "student", "detail")


def action_label(action: str) -> str:
    own = {
        ERASE_ACTION: _("erased a departed student or family"),
        RETENTION_ACTION: _("removed data past its retention period"),
    }
    if action in own:
        return str(own[action])
    return str(dict(AuditAction.choices).get(action, action))


def as_dicts(events: Iterable[AuditEvent]) -> list[dict[str, Any]]:
    return [
        {
            "at": event.at.isoformat(),
            "actor": event.actor_label,
            "actor_email": event.actor_email,
            "role": event.actor_role,
            "action": event.action,
            "action_label": action_label(event.action),
            "student_number": event.student.student_number if event.student else "",
            "student": event.student.full_name if event.student else "",
            "detail": event.detail,
        }
        for event in events
    ]


def as_csv(events: Iterable[AuditEvent]) -> str:
    rows: list[list[object]] = [list(COLUMNS)]
    for entry in as_dicts(events):
        entry["action"] = entry.pop("action_label")
        rows.append([entry[column] for column in COLUMNS])
    return to_csv(rows)
