"""Changes to involvement scans. Callers have already checked access
(`access.can_fill_involvement_scan`, `access.get_own_involvement_scan`)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from driehoek.involvement.models import Scan
from driehoek.involvement.scoring import valid_answer
from driehoek.involvement.selectors import current_questionnaire

if TYPE_CHECKING:
    from driehoek.accounts.models import User
    from driehoek.roster.models import Student


class ScanClosed(ValueError):
    """The scan was given for an older questionnaire version: it is kept as it was."""


def start_scan(*, guardian: User, student: Student, on: datetime.date | None = None) -> Scan:
    """Today's scan of this guardian about this child: created, or the one already begun."""
    day = on or timezone.localdate()
    scan, _created = Scan.objects.get_or_create(
        guardian=guardian,
        student=student,
        date=day,
        defaults={"school_id": student.school_id, "version": current_questionnaire().version},
    )
    return scan


def record_answers(*, scan: Scan, answers: Mapping[str, object]) -> Scan:
    """Store answers (item key -> 1..5) on the scan. Unknown items or values off the scale
    raise ValueError and store nothing. The row is locked, so two answers sent at once
    (autosave per answer) never overwrite each other."""
    questionnaire = current_questionnaire()
    with transaction.atomic():
        locked = Scan.objects.select_for_update().get(pk=scan.pk)
        if locked.version != questionnaire.version:
            raise ScanClosed(locked.version)
        for key, value in answers.items():
            if questionnaire.item(key) is None:
                raise ValueError(f"unknown item {key!r}")
            if not valid_answer(value):
                raise ValueError(f"answer for {key!r} is off the scale")
        locked.answers = {**locked.answers, **answers}
        locked.save(update_fields=["answers", "updated_at"])
    return locked


def set_shared_with_mentor(*, scan: Scan, shared: bool) -> Scan:
    """Share the scan with the child's mentor, or take it back."""
    scan.shared_with_mentor = shared
    scan.shared_at = timezone.now() if shared else None
    scan.save(update_fields=["shared_with_mentor", "shared_at", "updated_at"])
    return scan
