"""Changes to the roster that touch more than one row.

Each is one keyword-only function in a transaction, so the history (GroupMembership)
and the shortcut on the student (`Student.group`) never disagree. The import, the demo,
the admin and future screens all go through these.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from driehoek.roster.models import (
    Group,
    GroupKind,
    GroupMembership,
    Guardian,
    Household,
    MentorAssignment,
    Relation,
    StaffMember,
    StaffRole,
    StaffRoleKind,
    Student,
    StudentGuardian,
    Subject,
    TeachingAssignment,
)


class RosterError(ValueError):
    """A change that would break the roster (another school, wrong kind of group)."""


def _same_school(*rows: object) -> None:
    schools = {row.school_id for row in rows}  # type: ignore[attr-defined]
    if len(schools) != 1:
        raise RosterError("All rows of one change must belong to the same school.")


@transaction.atomic
def place_student_in_class(*, student: Student, group: Group, on: datetime.date) -> GroupMembership:
    """Move a student into a class from `on`: the open class membership ends the day
    before, a new one opens and `Student.group` follows. Placing a student in the class
    they are already in changes nothing."""
    _same_school(student, group)
    if group.kind != GroupKind.CLASS:
        raise RosterError("A student is placed in a class, not in a lesson group.")
    current = (
        GroupMembership.objects.select_for_update()
        .filter(student=student, group__kind=GroupKind.CLASS, ended_on__isnull=True)
        .select_related("group")
    )
    existing: GroupMembership | None = None
    for membership in current:
        if membership.group_id == group.pk:
            existing = membership
            continue
        # A membership that starts on or after the move date never really happened.
        membership.ended_on = max(membership.started_on, on - datetime.timedelta(days=1))
        membership.save(update_fields=["ended_on"])
    if existing is None:
        existing = GroupMembership.objects.create(
            school_id=student.school_id, student=student, group=group, started_on=on
        )
    if student.group_id != group.pk:
        student.group = group
        student.save(update_fields=["group"])
    return existing


@transaction.atomic
def add_student_to_lesson_group(
    *, student: Student, group: Group, on: datetime.date
) -> GroupMembership:
    """Enrol a student in a lesson group (a cluster for one subject). Idempotent."""
    _same_school(student, group)
    if group.kind != GroupKind.LESSON:
        raise RosterError("Use place_student_in_class for classes.")
    membership, _created = GroupMembership.objects.get_or_create(
        student=student,
        group=group,
        ended_on=None,
        defaults={"school_id": student.school_id, "started_on": on},
    )
    return membership


@transaction.atomic
def end_group_membership(*, student: Student, group: Group, on: datetime.date) -> None:
    """End a student's open membership of a group (leaving a lesson group or class)."""
    GroupMembership.objects.filter(student=student, group=group, ended_on__isnull=True).update(
        ended_on=on
    )
    if student.group_id == group.pk:
        student.group = None
        student.save(update_fields=["group"])


@transaction.atomic
def give_staff_roles(*, staff_member: StaffMember, roles: list[StaffRoleKind]) -> None:
    """Make sure a staff member holds these roles (roles already held are kept)."""
    for role in roles:
        StaffRole.objects.get_or_create(
            staff_member=staff_member, role=role, defaults={"school_id": staff_member.school_id}
        )


@transaction.atomic
def assign_mentor(*, staff_member: StaffMember, group: Group) -> MentorAssignment:
    """Make a staff member mentor of a class; they get the mentor role with it."""
    _same_school(staff_member, group)
    if group.kind != GroupKind.CLASS:
        raise RosterError("A mentor looks after a class, not a lesson group.")
    give_staff_roles(staff_member=staff_member, roles=[StaffRoleKind.MENTOR])
    assignment, _created = MentorAssignment.objects.get_or_create(
        staff_member=staff_member, group=group, defaults={"school_id": group.school_id}
    )
    return assignment


@transaction.atomic
def assign_teacher(
    *, staff_member: StaffMember, group: Group, subject: Subject | None
) -> TeachingAssignment:
    """Let a staff member teach a subject to a group; they get the teacher role with it."""
    _same_school(staff_member, group, *([subject] if subject else []))
    give_staff_roles(staff_member=staff_member, roles=[StaffRoleKind.TEACHER])
    assignment, _created = TeachingAssignment.objects.get_or_create(
        staff_member=staff_member,
        group=group,
        subject=subject,
        defaults={"school_id": group.school_id},
    )
    return assignment


@transaction.atomic
def link_guardian(
    *,
    student: Student,
    guardian: Guardian,
    relation: Relation = Relation.PARENT,
    household: Household | None = None,
) -> StudentGuardian:
    """Link a guardian to a child (with the right to information, as the law presumes)."""
    _same_school(student, guardian, *([household] if household else []))
    link, created = StudentGuardian.objects.get_or_create(
        student=student,
        guardian=guardian,
        defaults={"school_id": student.school_id, "relation": relation, "household": household},
    )
    if not created and (link.relation, link.household_id) != (
        relation,
        household.pk if household else None,
    ):
        link.relation = relation
        link.household = household
        link.save(update_fields=["relation", "household"])
    return link


@transaction.atomic
def restrict_right_to_information(*, link: StudentGuardian, reason: str) -> StudentGuardian:
    """Record that a guardian may not receive information about the child (e.g. a court
    decision). A reason is required: the database refuses a restriction without one."""
    reason = reason.strip()
    if not reason:
        raise RosterError("A restriction of the right to information needs a reason.")
    link.has_right_to_information = False
    link.information_restriction_reason = reason[:300]
    link.save(update_fields=["has_right_to_information", "information_restriction_reason"])
    return link


@transaction.atomic
def restore_right_to_information(*, link: StudentGuardian) -> StudentGuardian:
    link.has_right_to_information = True
    link.information_restriction_reason = ""
    link.save(update_fields=["has_right_to_information", "information_restriction_reason"])
    return link
