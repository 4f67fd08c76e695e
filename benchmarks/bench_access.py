"""What the one door for access costs: the visible-students query per role, against the
floor of reading the school's whole roster without any rule."""

from __future__ import annotations

from benchmarks.timing import median_seconds, report


def run() -> None:
    from driehoek.accounts import access
    from driehoek.roster.models import (
        MentorAssignment,
        School,
        StaffRole,
        StaffRoleKind,
        Student,
        StudentGuardian,
        TeachingAssignment,
    )

    school = School.objects.filter(kind="secondary").order_by("pk").first()
    assert school is not None, "the demo school is missing"
    with_user = {"staff_member__user__isnull": False}
    admin = StaffRole.objects.filter(
        school=school, role=StaffRoleKind.ADMINISTRATOR, **with_user
    ).first()
    mentor = MentorAssignment.objects.filter(
        school=school, group__isnull=False, **with_user
    ).first()
    teacher = (
        TeachingAssignment.objects.filter(school=school, **with_user)
        .exclude(staff_member__mentor_assignments__isnull=False)
        .first()
    )
    guardian = StudentGuardian.objects.filter(school=school, guardian__user__isnull=False).first()
    assert admin and mentor and teacher and guardian
    users = {
        "administrator": admin.staff_member.user,
        "mentor": mentor.staff_member.user,
        "subject teacher": teacher.staff_member.user,
        "guardian": guardian.guardian.user,
    }
    floor = median_seconds(lambda: list(Student.objects.filter(school=school)))
    cases: dict[str, float] = {}
    for label, user in users.items():
        cases[f"students_visible_to({label})"] = median_seconds(
            lambda user=user: list(access.students_visible_to(user))
        )
    some_student = Student.objects.filter(school=school).first()
    assert some_student is not None
    mentor_user = users["mentor"]
    cases["relations_to_student(mentor, one student)"] = median_seconds(
        lambda: access.relations_to_student(mentor_user, some_student)
    )
    roster_size = Student.objects.filter(school=school).count()
    report(
        f"Access rules on the demo school ({roster_size} students)",
        "all students of the school, no rule",
        floor,
        cases,
    )
