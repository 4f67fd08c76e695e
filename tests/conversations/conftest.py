"""Builders for conversations tests: objects about the personas' school (tests/personas.py)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from driehoek.conversations import services
from driehoek.conversations.models import (
    Conversation,
    ConversationKind,
    EveningMode,
    EveningStatus,
    ParentEvening,
)
from driehoek.roster.models import School, StaffMember, Student


def make_conversation(
    student: Student,
    *,
    kind: ConversationKind = ConversationKind.START,
    with_student: bool = True,
    starts_at: datetime.datetime | None = None,
) -> Conversation:
    return services.plan_conversation(
        student=student,
        created_by=None,  # type: ignore[arg-type]
        kind=kind,
        starts_at=starts_at or timezone.make_aware(datetime.datetime(2026, 12, 1, 16, 0)),
        duration_minutes=30,
        place="Lokaal 1.01",
        with_student=with_student,
    )


def make_evening(
    school: School,
    *,
    mode: EveningMode = EveningMode.REQUEST,
    status: EveningStatus = EveningStatus.OPEN,
    slot_count: int = 6,
    date: datetime.date = datetime.date(2027, 1, 19),
    staff: list[StaffMember] | None = None,
) -> ParentEvening:
    members = staff if staff is not None else list(StaffMember.objects.filter(school=school))
    evening = services.create_evening(
        school=school,
        name=f"Ouderavond {ParentEvening.objects.count() + 1}",
        date=date,
        start_time=datetime.time(19, 0),
        slot_minutes=10,
        slot_count=slot_count,
        break_slots=[],
        mode=mode,
        deadline=None,
        teachers=[services.TeacherPlan(staff_member=m, room=f"R{m.pk}") for m in members],
    )
    return services.set_evening_status(evening=evening, status=status)


def staff_of(user: Any) -> StaffMember:
    return StaffMember.objects.get(user=user)


@pytest.fixture
def conversation(personas) -> Conversation:  # type: ignore[no-untyped-def]
    """A start-of-year conversation about Noor (with Noor), led by her mentor."""
    return make_conversation(personas.student)


@pytest.fixture
def evening(personas) -> ParentEvening:  # type: ignore[no-untyped-def]
    """An open request-mode evening with the mentor and the subject teacher."""
    return make_evening(
        personas.school, staff=[staff_of(personas.mentor), staff_of(personas.teacher)]
    )
