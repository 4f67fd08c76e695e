"""GET /api/students and /api/students/{id}: what a user may see of students."""

from __future__ import annotations

import pytest
from django.test import Client

from driehoek.audit.models import AuditAction, AuditEvent
from tests.api.helpers import assert_matches_schema, bearer, response_schema


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [student["first_name"] for student in response.json()["items"]]


# --- The list ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("guardian", ["Noor"]),
        ("other_household_guardian", ["Noor"]),
        ("classmate_guardian", ["Mila"]),
        ("student", ["Noor"]),
        ("mentor", ["Mila", "Noor"]),
        ("teacher", ["Noor"]),
        ("care", []),
        ("admin", ["Mila", "Noor", "Daan"]),
        ("outsider", ["Lotte"]),
        ("other_admin", ["Lotte"]),
        ("no_role", []),
    ],
)
def test_it_lists_only_the_students_the_user_may_see(personas, client_for, persona, expected):
    user = personas.all_users()[persona]
    response = client_for(user).get("/api/students")
    assert response.status_code == 200
    assert names(response) == expected
    assert response.json()["count"] == len(expected)


def test_it_is_paginated(personas, client_for):
    client = client_for(personas.admin)
    first = client.get("/api/students?page_size=2").json()
    second = client.get("/api/students?page_size=2&page=2").json()
    assert first["count"] == second["count"] == 3
    assert [s["first_name"] for s in first["items"]] == ["Mila", "Noor"]
    assert [s["first_name"] for s in second["items"]] == ["Daan"]


def test_a_page_beyond_the_end_is_empty(personas, client_for):
    body = client_for(personas.admin).get("/api/students?page=9").json()
    assert body == {"items": [], "count": 3}


def test_it_rejects_a_page_size_of_zero(personas, client_for):
    assert client_for(personas.admin).get("/api/students?page_size=0").status_code == 422


def test_the_list_body_matches_the_schema(personas, client_for, openapi):
    body = client_for(personas.admin).get("/api/students").json()
    assert_matches_schema(openapi, response_schema(openapi, "/api/students"), body)


# --- One student -------------------------------------------------------------------------


def test_a_guardian_reads_their_child(personas, client_for):
    response = client_for(personas.guardian).get(f"/api/students/{personas.student.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["full_name"] == "Noor Jansen"
    assert body["group"] == {"id": personas.klass.pk, "name": "2havo-a"}
    assert body["date_of_birth"] == "2013-03-14"


def test_a_guardian_sees_both_households(personas, client_for):
    body = client_for(personas.guardian).get(f"/api/students/{personas.student.pk}").json()
    assert sorted(g["full_name"] for g in body["guardians"]) == ["Eva de Vries", "Mark Jansen"]


@pytest.mark.parametrize(
    ("persona", "sees_guardians"),
    [("guardian", True), ("mentor", True), ("admin", True), ("teacher", False), ("student", False)],
)
def test_guardians_are_shown_only_where_the_access_rule_allows(
    personas, client_for, persona, sees_guardians
):
    user = personas.all_users()[persona]
    body = client_for(user).get(f"/api/students/{personas.student.pk}").json()
    assert (body["guardians"] is not None) is sees_guardians


@pytest.mark.parametrize(
    ("persona", "target"),
    [
        ("guardian", "classmate"),
        ("classmate_guardian", "student"),
        ("student", "classmate"),
        ("teacher", "classmate"),
        ("care", "student"),
        ("outsider", "student"),
        ("other_admin", "student"),
        ("admin", "outside_student"),
        ("no_role", "student"),
    ],
)
def test_a_student_the_user_may_not_see_is_404(personas, client_for, persona, target):
    user = personas.all_users()[persona]
    student = getattr(personas, target)
    response = client_for(user).get(f"/api/students/{student.pk}")
    assert response.status_code == 404


def test_forbidden_and_missing_students_answer_the_same(personas, client_for):
    client = client_for(personas.guardian)
    forbidden = client.get(f"/api/students/{personas.classmate.pk}")
    missing = client.get("/api/students/987654")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
    assert forbidden["content-type"] == missing["content-type"]


def test_a_staff_read_is_audited(personas, client_for):
    client_for(personas.mentor).get(f"/api/students/{personas.student.pk}")
    event = AuditEvent.objects.get(student=personas.student)
    assert event.actor == personas.mentor
    assert event.action == AuditAction.VIEW_STUDENT_API


def test_a_staff_read_with_a_token_is_audited(personas, make_token):
    bearer(make_token(personas.admin)).get(f"/api/students/{personas.student.pk}")
    assert AuditEvent.objects.filter(student=personas.student, actor=personas.admin).count() == 1


def test_a_guardian_read_is_not_audited(personas, client_for):
    client_for(personas.guardian).get(f"/api/students/{personas.student.pk}")
    assert not AuditEvent.objects.exists()


def test_the_student_reading_themself_is_not_audited(personas, client_for):
    client_for(personas.student_user).get(f"/api/students/{personas.student.pk}")
    assert not AuditEvent.objects.exists()


def test_a_refused_read_is_not_audited(personas, client_for):
    client_for(personas.teacher).get(f"/api/students/{personas.classmate.pk}")
    assert not AuditEvent.objects.exists()


def test_the_list_is_not_audited_as_reads_of_records(personas, client_for):
    client_for(personas.mentor).get("/api/students")
    assert not AuditEvent.objects.exists()


def test_a_non_numeric_id_is_refused(personas, client_for):
    assert client_for(personas.admin).get("/api/students/abc").status_code == 422


def test_anonymous_callers_learn_nothing(personas):
    response = Client().get(f"/api/students/{personas.student.pk}")
    assert response.status_code == 401


@pytest.mark.parametrize("persona", ["guardian", "teacher"])
def test_the_detail_body_matches_the_schema(personas, client_for, openapi, persona):
    user = personas.all_users()[persona]
    body = client_for(user).get(f"/api/students/{personas.student.pk}").json()
    schema = response_schema(openapi, "/api/students/{student_id}")
    assert_matches_schema(openapi, schema, body)


def test_the_404_body_matches_the_schema(personas, client_for, openapi):
    body = client_for(personas.guardian).get("/api/students/987654").json()
    schema = response_schema(openapi, "/api/students/{student_id}", status=404)
    assert_matches_schema(openapi, schema, body)


def test_a_student_without_a_date_of_birth_reads_as_null_and_matches_the_schema(
    personas, client_for, openapi
):
    personas.student.date_of_birth = None
    personas.student.save(update_fields=["date_of_birth"])
    path = f"/api/students/{personas.student.pk}"

    body = client_for(personas.guardian).get(path).json()

    assert body["date_of_birth"] is None
    assert_matches_schema(openapi, response_schema(openapi, "/api/students/{student_id}"), body)
