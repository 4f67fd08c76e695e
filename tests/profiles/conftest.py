from __future__ import annotations

import datetime

import pytest

from driehoek.profiles.models import AuthorKind, ProfileSection, SectionKind, Visibility
from driehoek.profiles.services import write_section
from driehoek.roster.models import Student, StudentGuardian


def make_section(
    student: Student,
    author,  # type: ignore[no-untyped-def]
    *,
    kind: SectionKind = SectionKind.STRENGTHS,
    visibility: str = Visibility.TEACHERS,
    text: str = "Goed in tekenen.",
    adults_only: bool = False,
    reason: str = "",
    happened_on: datetime.date | None = None,
    life_event: str = "",
) -> ProfileSection:
    """A section written by `author`: a guardian of the student (for their household) or
    the student themself."""
    link = StudentGuardian.objects.filter(student=student, guardian__user=author).first()
    is_student = author is not None and student.user_id == author.pk
    return write_section(
        student=student,
        author=author,
        author_kind=AuthorKind.STUDENT if is_student else AuthorKind.GUARDIAN,
        household=link.household if link else None,
        kind=kind,
        text=text,
        visibility=visibility,
        happened_on=happened_on,
        life_event=life_event,
        adults_only=adults_only,
        adults_only_reason=reason,
        notify=True,
    )


@pytest.fixture
def section_factory():  # type: ignore[no-untyped-def]
    return make_section
