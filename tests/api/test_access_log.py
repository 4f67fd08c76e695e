"""GET /api/students/{id}/access-log: who at school read the child's record."""

from __future__ import annotations

import pytest

from driehoek.audit.models import AuditAction
from driehoek.audit.services import record_student_read
from tests.api.helpers import assert_matches_schema, response_schema


@pytest.fixture
def read_by_mentor(personas):  # type: ignore[no-untyped-def]
    return record_student_read(
        actor=personas.mentor, student=personas.student, action=AuditAction.VIEW_STUDENT_API
    )


def url(student) -> str:  # type: ignore[no-untyped-def]
    return f"/api/students/{student.pk}/access-log"


@pytest.mark.parametrize("persona", ["guardian", "other_household_guardian", "admin"])
def test_guardians_and_the_administrator_see_who_read_the_record(
    personas, client_for, read_by_mentor, persona
):
    response = client_for(personas.all_users()[persona]).get(url(personas.student))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["actor"] == "Sanne Visser"
    assert body["items"][0]["action"] == "view_student_api"


@pytest.mark.parametrize(
    "persona", ["student", "mentor", "teacher", "care", "classmate_guardian", "other_admin"]
)
def test_others_get_404(personas, client_for, read_by_mentor, persona):
    response = client_for(personas.all_users()[persona]).get(url(personas.student))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_it_is_newest_first(personas, client_for):
    for actor in (personas.mentor, personas.teacher):
        record_student_read(actor=actor, student=personas.student, action=AuditAction.VIEW_STUDENT)
    items = client_for(personas.guardian).get(url(personas.student)).json()["items"]
    assert [item["actor"].split(" <")[0] for item in items] == ["Pieter Smit", "Sanne Visser"]


def test_the_body_matches_the_schema(personas, client_for, openapi, read_by_mentor):
    body = client_for(personas.guardian).get(url(personas.student)).json()
    schema = response_schema(openapi, "/api/students/{student_id}/access-log")
    assert_matches_schema(openapi, schema, body)
