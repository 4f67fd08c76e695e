"""Each access rule, case by case."""

from __future__ import annotations

import pytest
from django.http import Http404

from driehoek.accounts import access
from driehoek.accounts.access import Relation
from driehoek.roster.models import StudentGuardian


def visible(user) -> set[str]:  # type: ignore[no-untyped-def]
    return {s.first_name for s in access.students_visible_to(user)}


def test_a_guardian_sees_only_their_own_child(personas):
    assert visible(personas.guardian) == {"Noor"}


def test_both_households_see_the_child(personas):
    assert visible(personas.other_household_guardian) == {"Noor"}


def test_a_guardian_without_right_to_information_sees_nothing(personas):
    StudentGuardian.objects.filter(guardian__user=personas.other_household_guardian).update(
        has_right_to_information=False, information_restriction_reason="court order 2025"
    )
    assert visible(personas.other_household_guardian) == set()


def test_a_student_sees_only_themself(personas):
    assert visible(personas.student_user) == {"Noor"}


def test_a_mentor_sees_their_class(personas):
    assert visible(personas.mentor) == {"Noor", "Mila"}


def test_a_teacher_sees_the_students_they_teach(personas):
    assert visible(personas.teacher) == {"Noor"}


def test_a_care_coordinator_sees_nobody_until_escalation_exists(personas):
    assert visible(personas.care) == set()


def test_an_administrator_sees_their_own_school_only(personas):
    assert visible(personas.admin) == {"Noor", "Mila", "Daan"}
    assert visible(personas.other_admin) == {"Lotte"}


def test_an_outsider_sees_nothing_of_another_school(personas):
    assert visible(personas.outsider) == {"Lotte"}
    with pytest.raises(Http404):
        access.get_student_for_user(personas.outsider, personas.student.pk)


def test_anonymous_and_roleless_users_see_nothing(personas):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()
    assert visible(personas.no_role) == set()


def test_relations_name_every_way_a_user_stands_to_a_student(personas):
    assert access.relations_to_student(personas.mentor, personas.student) == {Relation.MENTOR}
    assert access.relations_to_student(personas.teacher, personas.student) == {Relation.TEACHER}
    assert access.relations_to_student(personas.guardian, personas.student) == {Relation.GUARDIAN}


def test_a_read_by_staff_is_audited_and_by_family_is_not(personas):
    assert access.is_audited_read(personas.mentor, personas.student)
    assert not access.is_audited_read(personas.guardian, personas.student)
    assert not access.is_audited_read(personas.student_user, personas.student)


def test_roles_list_staff_roles_first(personas):
    kinds = [role.kind for role in access.roles_of(personas.mentor)]
    assert kinds == ["mentor", "teacher"]


def test_a_missing_id_answers_404_like_a_forbidden_one(personas):
    with pytest.raises(Http404):
        access.get_student_for_user(personas.guardian, 999_999)
    with pytest.raises(Http404):
        access.get_student_for_user(personas.guardian, personas.classmate.pk)
