"""Students: the list a user may see, one student's record, and who read it.

Every read goes through driehoek.accounts.access; a student the caller may not see
answers 404 exactly as a student that does not exist.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import paginate

from driehoek.accounts import access
from driehoek.api.pagination import Pages
from driehoek.api.schemas import (
    AccessLogEntryOut,
    ErrorOut,
    GuardianOut,
    StudentDetailOut,
    StudentOut,
)
from driehoek.audit.models import AuditAction, AuditEvent
from driehoek.audit.services import note_student_read, reads_of_student
from driehoek.roster.models import Student

router = Router(tags=["students"])


@router.get("", response=list[StudentOut], url_name="student_list")
@paginate(Pages)
def list_students(request: HttpRequest) -> QuerySet[Student]:
    """The students you may see, sorted by name."""
    return (
        access.students_visible_to(request.user)
        .select_related("group")
        .order_by("last_name", "first_name", "pk")
    )


def _guardians(student: Student) -> list[GuardianOut]:
    links = student.guardian_links.select_related("guardian").order_by(
        "guardian__last_name", "guardian__first_name", "pk"
    )
    return [
        GuardianOut(
            id=link.guardian.pk,
            first_name=link.guardian.first_name,
            infix=link.guardian.infix,
            last_name=link.guardian.last_name,
            full_name=link.guardian.full_name,
            relation=link.relation,
            email=link.guardian.email,
            phone=link.guardian.phone,
        )
        for link in links
    ]


@router.get(
    "/{student_id}",
    response={200: StudentDetailOut, 404: ErrorOut},
    url_name="student_detail",
)
def get_student(request: HttpRequest, student_id: int) -> StudentDetailOut:
    """One student's record. A staff read is written to the child's access log."""
    user = request.user
    student = access.get_student_for_user(user, student_id)
    note_student_read(user=user, student=student, action=AuditAction.VIEW_STUDENT_API)  # type: ignore[arg-type]
    guardians = _guardians(student) if access.can_view_guardian_contacts(user, student) else None
    summary = StudentOut.from_orm(student).model_dump()
    return StudentDetailOut(
        **summary,
        date_of_birth=student.date_of_birth,
        left_on=student.left_on,
        guardians=guardians,
    )


@router.get(
    "/{student_id}/access-log",
    response={200: list[AccessLogEntryOut], 404: ErrorOut},
    url_name="student_access_log",
)
@paginate(Pages)
def get_access_log(request: HttpRequest, student_id: int) -> QuerySet[AuditEvent]:
    """Who at school read this child's record, newest first: for guardians and the
    school administrator only."""
    student = access.get_student_for_user(request.user, student_id)
    if not access.can_view_access_log(request.user, student):
        raise Http404
    return reads_of_student(student=student).order_by("-at", "-pk")
