"""GET /api/profiles/students/{id}/sections: the same rules as the pages."""

from __future__ import annotations

from django.urls import reverse

from tests.profiles.conftest import make_section


def url(student) -> str:  # type: ignore[no-untyped-def]
    return reverse("api:profile_sections", kwargs={"student_id": student.pk})


def test_the_mentor_reads_every_section(personas, client_for):
    make_section(personas.student, personas.guardian, text="Voor iedereen")
    make_section(personas.student, personas.guardian, text="Geheim", adults_only=True, reason="r")
    response = client_for(personas.mentor).get(url(personas.student))
    assert response.status_code == 200
    assert sorted(s["text"] for s in response.json()) == ["Geheim", "Voor iedereen"]
    assert response.json()[0]["household"] == "De Vries"


def test_the_student_does_not_get_adults_only_sections(personas, client_for):
    make_section(personas.student, personas.guardian, text="Voor iedereen")
    make_section(personas.student, personas.guardian, text="Geheim", adults_only=True, reason="r")
    texts = [s["text"] for s in client_for(personas.student_user).get(url(personas.student)).json()]
    assert texts == ["Voor iedereen"]


def test_the_administrator_and_a_foreign_parent_get_404(personas, client_for):
    make_section(personas.student, personas.guardian)
    assert client_for(personas.admin).get(url(personas.student)).status_code == 404
    assert client_for(personas.classmate_guardian).get(url(personas.student)).status_code == 404


def test_without_credentials_401(personas, client):
    assert client.get(url(personas.student)).status_code == 401
