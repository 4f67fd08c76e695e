"""Who takes part in a thread: access.threads_visible_to and friends, for every role,
including the other household's private thread and a foreign child."""

from __future__ import annotations

from driehoek.accounts.access import (
    can_add_staff_to_thread,
    can_start_thread,
    can_view_thread,
    staff_addable_to_thread,
)
from driehoek.messaging import services
from tests.messaging.conftest import start

ALL_HOUSEHOLDS = {"guardian", "other_household_guardian", "mentor"}


def readers(personas, thread) -> set[str]:  # type: ignore[no-untyped-def]
    return {n for n, u in personas.all_users().items() if can_view_thread(u, thread)}


def test_a_thread_for_all_households_is_read_by_both_parents_and_the_mentor(personas):
    assert readers(personas, start(personas)) == ALL_HOUSEHOLDS


def test_a_thread_for_one_household_is_hidden_from_the_other(personas):
    thread = start(personas, household_only=True)
    assert thread.household.name == "De Vries"
    assert readers(personas, thread) == {"guardian", "mentor"}


def test_the_other_households_private_thread_is_hidden_from_the_first(personas):
    thread = start(personas, personas.other_household_guardian, household_only=True)
    assert readers(personas, thread) == {"other_household_guardian", "mentor"}


def test_a_teacher_reads_only_once_the_mentor_added_them(personas):
    thread = start(personas)
    assert not can_view_thread(personas.teacher, thread)
    addable = set(staff_addable_to_thread(thread).values_list("user", flat=True))
    assert personas.teacher.pk in addable and personas.care.pk not in addable
    services.add_staff_to_thread(thread=thread, user=personas.teacher, added_by=personas.mentor)
    assert can_view_thread(personas.teacher, thread)


def test_an_added_teacher_loses_access_when_they_stop_teaching_the_child(personas):
    from driehoek.roster.models import TeachingAssignment

    thread = start(personas)
    services.add_staff_to_thread(thread=thread, user=personas.teacher, added_by=personas.mentor)
    TeachingAssignment.objects.filter(staff_member__user=personas.teacher).delete()
    assert not can_view_thread(personas.teacher, thread)


def test_the_student_administrator_and_care_do_not_read_threads(personas):
    thread = start(personas)
    for user in (personas.student_user, personas.admin, personas.care, personas.outsider):
        assert not can_view_thread(user, thread)


def test_who_may_start_a_thread(personas):
    starters = {n for n, u in personas.all_users().items() if can_start_thread(u, personas.student)}
    assert starters == ALL_HOUSEHOLDS


def test_only_the_mentor_adds_teachers(personas):
    thread = start(personas)
    adders = {n for n, u in personas.all_users().items() if can_add_staff_to_thread(u, thread)}
    assert adders == {"mentor"}


def test_a_guardian_without_the_right_to_information_reads_no_thread(personas):
    from driehoek.roster.models import StudentGuardian

    thread = start(personas)
    StudentGuardian.objects.filter(guardian__user=personas.other_household_guardian).update(
        has_right_to_information=False, information_restriction_reason="Uitspraak"
    )
    assert not can_view_thread(personas.other_household_guardian, thread)
