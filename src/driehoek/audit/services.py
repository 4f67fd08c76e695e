"""Writing and reading the audit log of reads of children's data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from driehoek.audit.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from driehoek.accounts.models import User
    from driehoek.roster.models import Student


def record_student_read(
    *, actor: User, student: Student, action: AuditAction, detail: str = "", role: str = ""
) -> AuditEvent:
    return AuditEvent.objects.create(
        school_id=student.school_id,
        actor=actor,
        actor_label=actor.get_full_name(),
        actor_email=actor.email,
        actor_role=role,
        action=action,
        student=student,
        detail=detail[:300],
    )


def reads_of_student(*, student: Student) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(student=student).select_related("actor")


def note_student_read(
    *, user: User, student: Student, action: AuditAction, detail: str = ""
) -> AuditEvent | None:
    """Log the read when it is a staff read; a guardian or the student reading is not
    an event the family needs to be told about."""
    from driehoek.accounts.access import audited_read_basis

    basis = audited_read_basis(user, student)
    if basis is None:
        return None
    return record_student_read(
        actor=user, student=student, action=action, detail=detail, role=str(basis)
    )
