"""Reads of the roster that several pages share. No permission logic here: callers pass
objects they already obtained through `driehoek.accounts.access`."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from driehoek.roster.models import StaffMember, Student, StudentGuardian


def mentors_of(*, student: Student) -> QuerySet[StaffMember]:
    """The mentors of a student: of their class, or assigned to them personally."""
    return StaffMember.objects.filter(
        Q(mentor_assignments__group_id=student.group_id, mentor_assignments__group__isnull=False)
        | Q(mentor_assignments__student=student)
    ).distinct()


def guardian_links_of(*, student: Student) -> QuerySet[StudentGuardian]:
    return StudentGuardian.objects.filter(student=student).select_related("guardian", "household")
