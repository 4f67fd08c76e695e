"""Roster services: class placement keeps the history, links keep their rules."""

from __future__ import annotations

import datetime

import pytest

from driehoek.roster import services
from driehoek.roster.models import (
    GroupMembership,
    Guardian,
    Household,
    School,
    SchoolKind,
    StaffMember,
    StaffRoleKind,
    StudentGuardian,
)

MOVE = datetime.date(2026, 10, 12)


def open_classes(student) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        m.group.name
        for m in GroupMembership.objects.filter(
            student=student, group__kind="class", ended_on__isnull=True
        )
    ]


def test_it_moves_a_student_to_another_class_and_keeps_the_history(personas):
    services.place_student_in_class(student=personas.student, group=personas.other_class, on=MOVE)

    personas.student.refresh_from_db()
    assert personas.student.group == personas.other_class
    assert open_classes(personas.student) == ["3vwo-b"]
    old = GroupMembership.objects.get(student=personas.student, group=personas.klass)
    assert old.ended_on == datetime.date(2026, 10, 11)
    new = GroupMembership.objects.get(student=personas.student, group=personas.other_class)
    assert (new.started_on, new.ended_on) == (MOVE, None)


def test_it_leaves_lesson_groups_alone_when_the_class_changes(personas):
    services.place_student_in_class(student=personas.student, group=personas.other_class, on=MOVE)
    lesson = GroupMembership.objects.get(student=personas.student, group=personas.lesson_group)
    assert lesson.ended_on is None


def test_placing_a_student_in_their_own_class_changes_nothing(personas):
    before = GroupMembership.objects.count()
    services.place_student_in_class(student=personas.student, group=personas.klass, on=MOVE)
    assert GroupMembership.objects.count() == before
    assert open_classes(personas.student) == ["2havo-a"]


def test_it_places_a_student_without_a_class(personas):
    student = personas.classmate
    GroupMembership.objects.filter(student=student).delete()
    student.group = None
    student.save()
    services.place_student_in_class(student=student, group=personas.other_class, on=MOVE)
    student.refresh_from_db()
    assert student.group == personas.other_class
    assert open_classes(student) == ["3vwo-b"]


def test_it_refuses_a_lesson_group_as_a_class(personas):
    with pytest.raises(services.RosterError):
        services.place_student_in_class(
            student=personas.student, group=personas.lesson_group, on=MOVE
        )


def test_it_refuses_a_class_of_another_school(personas):
    with pytest.raises(services.RosterError):
        services.place_student_in_class(
            student=personas.outside_student, group=personas.klass, on=MOVE
        )
    assert personas.outside_student.group.school != personas.school


def test_it_adds_a_student_to_a_lesson_group_once(personas):
    for _ in range(2):
        services.add_student_to_lesson_group(
            student=personas.classmate, group=personas.lesson_group, on=MOVE
        )
    assert (
        GroupMembership.objects.filter(
            student=personas.classmate, group=personas.lesson_group
        ).count()
        == 1
    )


def test_ending_a_membership_clears_the_current_class(personas):
    services.end_group_membership(student=personas.classmate, group=personas.klass, on=MOVE)
    personas.classmate.refresh_from_db()
    assert personas.classmate.group is None
    assert GroupMembership.objects.get(student=personas.classmate).ended_on == MOVE


def test_a_mentor_assignment_gives_the_mentor_role(personas):
    member = StaffMember.objects.get(user=personas.teacher)
    services.assign_mentor(staff_member=member, group=personas.other_class)
    services.assign_mentor(staff_member=member, group=personas.other_class)
    assert member.mentor_assignments.count() == 1
    assert set(member.roles.values_list("role", flat=True)) == {
        StaffRoleKind.TEACHER,
        StaffRoleKind.MENTOR,
    }


def test_a_mentor_looks_after_a_class_not_a_lesson_group(personas):
    member = StaffMember.objects.get(user=personas.teacher)
    with pytest.raises(services.RosterError):
        services.assign_mentor(staff_member=member, group=personas.lesson_group)


def test_a_teaching_assignment_gives_the_teacher_role(personas):
    member = StaffMember.objects.get(user=personas.care)
    services.assign_teacher(staff_member=member, group=personas.klass, subject=None)
    assert member.roles.filter(role=StaffRoleKind.TEACHER).exists()
    assert member.teaching_assignments.get().group == personas.klass


def test_linking_a_guardian_defaults_to_the_right_to_information(personas):
    guardian = Guardian.objects.create(school=personas.school, first_name="Opa", last_name="Bakker")
    home = Household.objects.create(school=personas.school, name="Bakker")
    link = services.link_guardian(student=personas.classmate, guardian=guardian, household=home)
    assert link.has_right_to_information
    assert (
        services.link_guardian(student=personas.classmate, guardian=guardian, household=home)
        == link
    )


def test_linking_refuses_a_guardian_of_another_school(personas):
    other = School.objects.create(name="Elders", brin="97XX", kind=SchoolKind.PRIMARY)
    guardian = Guardian.objects.create(school=other, first_name="Ver", last_name="Weg")
    with pytest.raises(services.RosterError):
        services.link_guardian(student=personas.student, guardian=guardian)


def test_a_restriction_needs_a_reason(personas):
    link = StudentGuardian.objects.get(guardian__user=personas.other_household_guardian)
    with pytest.raises(services.RosterError):
        services.restrict_right_to_information(link=link, reason="   ")
    services.restrict_right_to_information(link=link, reason="Uitspraak rechtbank")
    link.refresh_from_db()
    assert (link.has_right_to_information, link.information_restriction_reason) == (
        False,
        "Uitspraak rechtbank",
    )
    services.restore_right_to_information(link=link)
    link.refresh_from_db()
    assert (link.has_right_to_information, link.information_restriction_reason) == (True, "")
