"""Who sees a care case: escalation visibility, closure, the child-safety exception."""

from __future__ import annotations

from driehoek.accounts import access
from driehoek.accounts.access import CareView
from driehoek.care import services
from driehoek.roster.models import StudentGuardian


def visible(user, case) -> bool:  # type: ignore[no-untyped-def]
    return access.care_cases_visible_to(user).filter(pk=case.pk).exists()


def test_the_mentor_the_coordinator_and_both_households_see_an_open_case(personas, case):
    assert access.care_case_view(personas.mentor, case) == CareView.MENTOR
    assert access.care_case_view(personas.care, case) == CareView.COORDINATOR
    assert access.care_case_view(personas.guardian, case) == CareView.GUARDIAN
    assert access.care_case_view(personas.other_household_guardian, case) == CareView.GUARDIAN


def test_a_subject_teacher_the_administrator_and_others_do_not_see_a_case(personas, case):
    for user in (
        personas.teacher,
        personas.admin,
        personas.classmate_guardian,
        personas.outsider,
        personas.other_admin,
        personas.no_role,
        personas.student_user,
    ):
        assert not visible(user, case), user


def test_a_teacher_added_to_the_team_sees_the_case(personas, case):
    member = personas.teacher.staff_profiles.get()
    services.add_staff_to_team(case=case, staff_member=member, by=personas.care)
    assert access.care_case_view(personas.teacher, case) == CareView.TEAM


def test_the_other_household_sees_it_only_with_the_right_to_information(personas, case):
    StudentGuardian.objects.filter(guardian__user=personas.other_household_guardian).update(
        has_right_to_information=False, information_restriction_reason="Rechterlijke uitspraak"
    )
    assert not visible(personas.other_household_guardian, case)
    assert visible(personas.guardian, case)


def test_another_schools_care_coordinator_sees_nothing(personas, case):
    from driehoek.roster.models import StaffRole

    member = personas.other_admin.staff_profiles.get()
    StaffRole.objects.create(school=member.school, staff_member=member, role="care")
    assert not visible(personas.other_admin, case)


def test_after_closure_only_the_coordinator_and_the_guardians_see_it(personas, case):
    services.add_staff_to_team(
        case=case, staff_member=personas.teacher.staff_profiles.get(), by=personas.care
    )
    services.close_case(case=case, by=personas.care, summary="Het gaat weer goed.")
    assert visible(personas.care, case)
    assert visible(personas.guardian, case)
    assert visible(personas.other_household_guardian, case)
    assert not visible(personas.mentor, case)
    assert not visible(personas.teacher, case)


def test_a_case_withheld_for_child_safety_is_hidden_from_the_guardians(personas, case):
    services.record_safety_exception(
        case=case, by=personas.care, withheld=True, reason="Meldcode stap 2"
    )
    assert not visible(personas.guardian, case)
    assert not visible(personas.other_household_guardian, case)
    assert visible(personas.mentor, case)
    assert access.can_read_safety_records(personas.care, case)
    assert not access.can_read_safety_records(personas.mentor, case)


def test_the_care_coordinator_now_sees_the_escalated_student(personas, case):
    assert access.can_view_student(personas.care, personas.student)
    assert not access.can_view_student(personas.care, personas.classmate)


def test_the_student_sees_the_plan_only_when_it_is_shared_with_them(personas, case):
    assert not visible(personas.student_user, case)
    services.save_plan(case=case, summary="Plan", shared_with_student=True)
    assert access.care_case_view(personas.student_user, case) == CareView.STUDENT


def test_reads_of_a_case_show_in_the_parents_log_unless_it_is_withheld_for_safety(personas, case):
    from driehoek.audit.models import AuditAction, AuditEvent
    from driehoek.audit.services import reads_of_student

    services.note_case_read(user=personas.care, case=case, view="coordinator")
    assert list(reads_of_student(student=case.student).values_list("action", flat=True)) == [
        AuditAction.VIEW_CARE_CASE
    ]
    services.record_safety_exception(
        case=case, by=personas.care, withheld=True, reason="Meldcode stap 2"
    )
    services.note_case_read(user=personas.mentor, case=case, view="mentor")
    # Still audited, but nothing new in what the parents can see.
    assert reads_of_student(student=case.student).count() == 1
    withheld = AuditEvent.objects.get(action=AuditAction.VIEW_WITHHELD_CARE_CASE)
    assert withheld.actor == personas.mentor and withheld.student is None
    assert AuditEvent.objects.filter(action=AuditAction.CARE_SAFETY_WITHHELD).count() == 1
