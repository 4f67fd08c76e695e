"""The invariants the database itself guards."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import IntegrityError, transaction

from driehoek.roster.models import (
    Group,
    GroupKind,
    GroupMembership,
    MentorAssignment,
    School,
    SchoolKind,
    StaffMember,
    Student,
    StudentGuardian,
    Track,
)

BORN = datetime.date(2013, 1, 1)


@contextmanager
def refused() -> Iterator[None]:
    """Expect the database to refuse, without spoiling the test's transaction."""
    with pytest.raises(IntegrityError), transaction.atomic():
        yield


def test_it_refuses_a_student_number_twice_in_one_school(personas):
    with refused():
        Student.objects.create(
            school=personas.school,
            student_number=personas.student.student_number,
            first_name="Twee",
            last_name="Keer",
            date_of_birth=BORN,
        )


def test_it_allows_the_same_student_number_at_another_school(personas):
    other = School.objects.create(name="Elders", brin="97XX", kind=SchoolKind.SECONDARY)
    Student.objects.create(
        school=other,
        student_number=personas.student.student_number,
        first_name="Zelfde",
        last_name="Nummer",
        date_of_birth=BORN,
    )
    assert Student.objects.filter(student_number=personas.student.student_number).count() == 2


def test_it_refuses_a_brin_code_twice(personas):
    with refused():
        School.objects.create(name="Kopie", brin=personas.school.brin, kind=SchoolKind.PRIMARY)


def test_it_refuses_a_restriction_of_the_right_to_information_without_a_reason(personas):
    with refused():
        StudentGuardian.objects.filter(guardian__user=personas.guardian).update(
            has_right_to_information=False, information_restriction_reason=""
        )


def test_it_accepts_a_restriction_with_a_reason(personas):
    link = StudentGuardian.objects.get(guardian__user=personas.guardian)
    link.has_right_to_information = False
    link.information_restriction_reason = "Uitspraak rechtbank 2025"
    link.save()
    assert not StudentGuardian.objects.get(pk=link.pk).has_right_to_information


def _mentor_member(personas) -> StaffMember:  # type: ignore[no-untyped-def]
    return StaffMember.objects.get(user=personas.mentor)


def test_it_refuses_a_mentor_assignment_for_both_a_group_and_a_student(personas):
    with refused():
        MentorAssignment.objects.create(
            school=personas.school,
            staff_member=_mentor_member(personas),
            group=personas.other_class,
            student=personas.student,
        )


def test_it_refuses_a_mentor_assignment_for_neither_group_nor_student(personas):
    with refused():
        MentorAssignment.objects.create(
            school=personas.school, staff_member=_mentor_member(personas)
        )


def test_it_accepts_a_personal_mentor_for_one_student(personas):
    MentorAssignment.objects.create(
        school=personas.school, staff_member=_mentor_member(personas), student=personas.classmate
    )


def test_it_refuses_a_second_open_membership_of_the_same_group(personas):
    with refused():
        GroupMembership.objects.create(
            school=personas.school,
            student=personas.student,
            group=personas.klass,
            started_on=datetime.date(2026, 9, 1),
        )


def test_it_allows_a_new_membership_once_the_old_one_has_ended(personas):
    GroupMembership.objects.filter(student=personas.student, group=personas.klass).update(
        ended_on=datetime.date(2026, 9, 30)
    )
    GroupMembership.objects.create(
        school=personas.school,
        student=personas.student,
        group=personas.klass,
        started_on=datetime.date(2026, 11, 1),
    )
    assert personas.student.memberships.filter(group=personas.klass).count() == 2


def test_it_refuses_a_membership_that_ends_before_it_starts(personas):
    with refused():
        GroupMembership.objects.filter(student=personas.student, group=personas.klass).update(
            ended_on=datetime.date(2026, 1, 1)
        )


def _group(personas, name: str, low: int | None, high: int | None) -> Group:  # type: ignore[no-untyped-def]
    return Group.objects.create(
        school=personas.school,
        school_year=personas.year,
        name=name,
        kind=GroupKind.CLASS,
        year_level=low,
        year_level_to=high,
        track=Track.PRIMARY,
    )


def test_it_accepts_a_combined_group_with_ordered_levels(personas):
    group = _group(personas, "Groep 5/6", 5, 6)
    assert group.is_combined
    assert group.year_levels == "5–6"


@pytest.mark.parametrize(("low", "high"), [(6, 5), (5, 5), (None, 6)])
def test_it_refuses_a_combined_group_whose_levels_are_not_ordered(personas, low, high):
    with refused():
        _group(personas, "Groep x", low, high)


def test_it_refuses_a_year_level_outside_one_to_eight(personas):
    with refused():
        _group(personas, "Groep 9", 9, None)


def test_it_sorts_names_the_dutch_way(personas):
    student = Student(first_name="Sanne", infix="van den", last_name="Berg")
    assert student.full_name == "Sanne van den Berg"
    assert student.sort_name == "Berg, Sanne van den"


def test_it_computes_an_age_on_a_day(personas):
    student = Student(date_of_birth=datetime.date(2013, 3, 14))
    assert student.age_on(datetime.date(2026, 3, 13)) == 12
    assert student.age_on(datetime.date(2026, 3, 14)) == 13


def test_the_age_is_unknown_without_a_date_of_birth():
    assert Student(date_of_birth=None).age_on(datetime.date(2026, 3, 14)) is None
