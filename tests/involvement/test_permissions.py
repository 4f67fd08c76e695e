"""Who may see and change a scan: only its author, and the mentor once it is shared."""

from __future__ import annotations

import pytest
from django.urls import reverse

from driehoek.accounts import access
from driehoek.roster.models import StudentGuardian


def get(client, name, **kwargs):  # type: ignore[no-untyped-def]
    return client.get(reverse(f"involvement:{name}", kwargs=kwargs))


def test_the_guardian_who_filled_it_in_sees_the_result(personas, client_for, own_scan):
    assert get(client_for(personas.guardian), "result", scan_id=own_scan.pk).status_code == 200


@pytest.mark.parametrize(
    "persona",
    [
        "other_household_guardian",
        "classmate_guardian",
        "student_user",
        "mentor",
        "teacher",
        "care",
        "admin",
        "outsider",
        "other_admin",
        "no_role",
    ],
)
def test_a_private_scan_is_not_found_for_anyone_else(personas, client_for, own_scan, persona):
    client = client_for(getattr(personas, persona))
    assert get(client, "result", scan_id=own_scan.pk).status_code == 404
    assert get(client, "fill", scan_id=own_scan.pk).status_code == 404


def test_the_mentor_sees_a_shared_scan_but_cannot_change_it(personas, client_for, shared_scan):
    client = client_for(personas.mentor)
    assert get(client, "result", scan_id=shared_scan.pk).status_code == 200
    assert get(client, "fill", scan_id=shared_scan.pk).status_code == 404
    share = reverse("involvement:share", kwargs={"scan_id": shared_scan.pk})
    assert client.post(share, {"share": "0"}).status_code == 404
    answer = reverse("involvement:answer", kwargs={"scan_id": shared_scan.pk})
    assert client.post(answer, {"enc_believe": "1"}).status_code == 404
    shared_scan.refresh_from_db()
    assert shared_scan.shared_with_mentor and shared_scan.answers["enc_believe"] == 3


@pytest.mark.parametrize("persona", ["other_household_guardian", "teacher", "care", "admin"])
def test_a_shared_scan_is_still_hidden_from_everyone_but_the_mentor(
    personas, client_for, shared_scan, persona
):
    client = client_for(getattr(personas, persona))
    assert get(client, "result", scan_id=shared_scan.pk).status_code == 404


def test_unsharing_hides_the_scan_from_the_mentor_again(personas, client_for, shared_scan):
    guardian = client_for(personas.guardian)
    share = reverse("involvement:share", kwargs={"scan_id": shared_scan.pk})
    assert guardian.post(share, {"share": "0"}).status_code == 302
    assert get(client_for(personas.mentor), "result", scan_id=shared_scan.pk).status_code == 404


def test_a_guardian_who_loses_the_right_to_information_no_longer_sees_their_scan(
    personas, client_for, own_scan
):
    StudentGuardian.objects.filter(
        student=personas.student, guardian__user=personas.guardian
    ).update(has_right_to_information=False, information_restriction_reason="court order")
    assert get(client_for(personas.guardian), "result", scan_id=own_scan.pk).status_code == 404


def test_the_other_household_cannot_start_a_scan_in_someone_elses_name(
    personas, client_for, own_scan
):
    # Mark may do his own scan of Noor: it is a new, separate scan.
    client = client_for(personas.other_household_guardian)
    start = reverse("involvement:start", kwargs={"student_id": personas.student.pk})
    response = client.post(start)
    assert response.status_code == 302
    marks = access.involvement_scans_visible_to(personas.other_household_guardian)
    assert list(marks.values_list("guardian", flat=True)) == [personas.other_household_guardian.pk]
    assert own_scan.pk not in marks.values_list("pk", flat=True)


def test_staff_and_students_cannot_start_a_scan(personas, client_for):
    start = reverse("involvement:start", kwargs={"student_id": personas.student.pk})
    for user in (
        personas.mentor,
        personas.student_user,
        personas.admin,
        personas.classmate_guardian,
    ):
        assert client_for(user).post(start).status_code == 404


def test_the_selector_lists_own_and_shared_scans_only(personas, own_scan, shared_scan):
    assert set(access.involvement_scans_visible_to(personas.guardian)) == {own_scan, shared_scan}
    assert set(access.involvement_scans_visible_to(personas.mentor)) == {shared_scan}
    assert not access.involvement_scans_visible_to(personas.other_household_guardian).exists()
    assert not access.involvement_scans_visible_to(personas.teacher).exists()
    assert not access.involvement_scans_visible_to(None).exists()


@pytest.mark.parametrize("name", ["guide", "helper"])
def test_the_guide_is_for_parents_and_staff_not_students(personas, client_for, name):
    for user in (personas.guardian, personas.mentor, personas.teacher, personas.admin):
        assert get(client_for(user), name).status_code == 200
    for user in (personas.student_user, personas.no_role):
        assert get(client_for(user), name).status_code == 404
