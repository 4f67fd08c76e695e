"""Reading retention periods and what is due."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from driehoek.privacy import kinds
from driehoek.privacy.models import RetentionPolicy
from driehoek.roster.models import School, Student


def periods_of(school: School | None) -> dict[str, int | None]:
    """Every kind's period in days for a school (its own choice or the default);
    None for kinds that are not removed by age. Without a school: the defaults."""
    periods = {kind.key: kind.days for kind in kinds.KINDS}
    if school is not None:
        for policy in RetentionPolicy.objects.filter(school=school):
            if periods.get(policy.kind) is not None:
                periods[policy.kind] = policy.days
    return periods


def period_of(school: School | None, kind: str) -> int | None:
    return periods_of(school)[kind]


def erasable_from(student: Student) -> datetime.date | None:
    """The first day a departed student may be erased; None while at school."""
    if student.left_on is None:
        return None
    days = period_of(student.school, kinds.DEPARTED) or 0
    return student.left_on + datetime.timedelta(days=days)


def departed_students(school: School) -> QuerySet[Student]:
    return Student.objects.filter(school=school, left_on__isnull=False).order_by("left_on", "pk")


def departed_due(school: School, *, today: datetime.date) -> QuerySet[Student]:
    """Departed students whose period has passed."""
    days = period_of(school, kinds.DEPARTED) or 0
    return departed_students(school).filter(left_on__lte=today - datetime.timedelta(days=days))
