"""access.can_view_profile_section: every visibility × every role, the student's right to
read what is shared about them (except adults-only), and separated households."""

from __future__ import annotations

import pytest

from driehoek.accounts.access import (
    can_edit_profile_section,
    can_view_profile_section,
    can_write_profile,
    profile_sections_visible_to,
)
from driehoek.profiles.models import Visibility
from tests.profiles.conftest import make_section

# Who reads a section (about Noor) of each visibility. The care coordinator has no
# escalated students yet, so they read nothing; the administrator sees the roster only.
READERS = {
    Visibility.MENTOR: {"guardian", "other_household_guardian", "student", "mentor"},
    Visibility.TEACHERS: {"guardian", "other_household_guardian", "student", "mentor", "teacher"},
    Visibility.CARE: {"guardian", "other_household_guardian", "student", "mentor"},
}


@pytest.mark.parametrize("visibility", list(Visibility))
def test_each_visibility_is_read_by_exactly_the_right_roles(personas, visibility):
    section = make_section(personas.student, personas.guardian, visibility=visibility)
    readers = {
        name
        for name, user in personas.all_users().items()
        if can_view_profile_section(user, section)
    }
    assert readers == READERS[visibility]


def test_an_adults_only_section_is_hidden_from_the_student_only(personas):
    section = make_section(
        personas.student,
        personas.guardian,
        adults_only=True,
        reason="Ze weet het zelf nog niet.",
        visibility=Visibility.TEACHERS,
    )
    readers = {n for n, u in personas.all_users().items() if can_view_profile_section(u, section)}
    assert readers == READERS[Visibility.TEACHERS] - {"student"}


def test_the_other_household_reads_what_the_first_household_wrote(personas):
    section = make_section(personas.student, personas.guardian, visibility=Visibility.MENTOR)
    assert can_view_profile_section(personas.other_household_guardian, section)
    # ... but does not edit it: each household edits its own sections.
    assert can_edit_profile_section(personas.guardian, section)
    assert not can_edit_profile_section(personas.other_household_guardian, section)


def test_a_guardian_without_the_right_to_information_reads_nothing(personas):
    from driehoek.roster.models import StudentGuardian

    section = make_section(personas.student, personas.guardian)
    StudentGuardian.objects.filter(guardian__user=personas.other_household_guardian).update(
        has_right_to_information=False, information_restriction_reason="Uitspraak rechter"
    )
    assert not can_view_profile_section(personas.other_household_guardian, section)
    assert not can_write_profile(personas.other_household_guardian, personas.student)


def test_the_administrator_and_outsiders_read_no_profile(personas):
    section = make_section(personas.student, personas.guardian)
    for user in (personas.admin, personas.other_admin, personas.outsider, personas.no_role):
        assert not can_view_profile_section(user, section)
        assert not profile_sections_visible_to(user, personas.student).exists()


def test_a_classmates_parent_reads_nothing_of_another_child(personas):
    section = make_section(personas.student, personas.guardian)
    assert not can_view_profile_section(personas.classmate_guardian, section)


def test_a_teacher_of_another_class_reads_nothing(personas):
    section = make_section(personas.classmate, personas.classmate_guardian)
    # Pieter teaches Noor's lesson group, not Mila.
    assert not can_view_profile_section(personas.teacher, section)
    assert can_view_profile_section(personas.mentor, section)


def test_a_secondary_student_writes_and_edits_their_own_sections(personas):
    assert can_write_profile(personas.student_user, personas.student)
    section = make_section(personas.student, personas.student_user)
    assert can_edit_profile_section(personas.student_user, section)
    assert not can_edit_profile_section(personas.guardian, section)
    assert can_view_profile_section(personas.guardian, section)


def test_a_primary_school_student_does_not_write(personas):
    from driehoek.roster.models import SchoolKind

    personas.school.kind = SchoolKind.PRIMARY
    personas.school.save(update_fields=["kind"])
    personas.student.refresh_from_db()
    assert not can_write_profile(personas.student_user, personas.student)
    assert can_write_profile(personas.guardian, personas.student)


def test_staff_do_not_write_the_profile(personas):
    for user in (personas.mentor, personas.teacher, personas.care, personas.admin):
        assert not can_write_profile(user, personas.student)
