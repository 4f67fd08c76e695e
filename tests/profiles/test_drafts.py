"""Drafts of profile sections: saved while typing (htmx), restored on the next visit (also
after the session ended or the page was closed), private to the writer until saved, gone
once saved or thrown away; and the trio for both write endpoints."""

from __future__ import annotations

from django.urls import reverse

from driehoek.profiles.models import ProfileSection, SectionDraft
from tests.profiles.conftest import make_section

DRAFT = reverse("profiles:draft")
DISCARD = reverse("profiles:draft_discard")
HTMX = {"HTTP_HX_REQUEST": "true"}


def profile_url(student) -> str:  # type: ignore[no-untyped-def]
    return reverse("profiles:student", kwargs={"student_id": student.pk})


def edit_url(section) -> str:  # type: ignore[no-untyped-def]
    return reverse("profiles:section_edit", kwargs={"section_id": section.pk})


def typed(key: str, **fields: str) -> dict[str, str]:
    data = {
        "key": key,
        "kind": "stress",
        "text": "Drukte in de gang maakt haar onrustig",
        "visibility": "mentor",
    }
    data.update(fields)
    return data


def test_a_new_section_is_saved_while_typing_and_restored_after_logging_in_again(
    personas, client_for
):
    key = f"student:{personas.student.pk}"
    first = client_for(personas.guardian)
    response = first.post(DRAFT, typed(key), **HTMX)
    assert response.status_code == 200 and "Concept opgeslagen" in response.content.decode()
    assert not ProfileSection.objects.exists()
    # The session ends (or the page is closed); a new session finds everything back.
    first.logout()
    html = client_for(personas.guardian).get(profile_url(personas.student)).content.decode()
    assert "Drukte in de gang maakt haar onrustig</textarea>" in html
    assert (
        'value="stress" selected' in html
        or 'value="stress" checked' in html
        or ('<option value="stress" selected>' in html)
    )
    assert "draft-restored" in html


def test_a_draft_is_private_to_its_writer_until_saved(personas, client_for):
    key = f"student:{personas.student.pk}"
    client_for(personas.guardian).post(DRAFT, typed(key), **HTMX)
    for user in (
        personas.other_household_guardian,
        personas.mentor,
        personas.teacher,
        personas.student_user,
    ):
        html = client_for(user).get(profile_url(personas.student)).content.decode()
        assert "Drukte in de gang" not in html, user
    api = client_for(personas.mentor).get(
        reverse("api:profile_sections", kwargs={"student_id": personas.student.pk})
    )
    assert "Drukte in de gang" not in api.content.decode()


def test_saving_the_section_removes_the_draft(personas, client_for):
    key = f"student:{personas.student.pk}"
    client = client_for(personas.guardian)
    client.post(DRAFT, typed(key), **HTMX)
    new_url = reverse("profiles:section_new", kwargs={"student_id": personas.student.pk})
    response = client.post(new_url, typed(key))
    assert response.status_code == 302
    assert ProfileSection.objects.get().text == "Drukte in de gang maakt haar onrustig"
    assert not SectionDraft.objects.exists()
    # The mentor now reads it.
    html = client_for(personas.mentor).get(profile_url(personas.student)).content.decode()
    assert "Drukte in de gang" in html


def test_an_edit_is_kept_as_a_draft_and_the_saved_text_stays_until_saved(personas, client_for):
    section = make_section(personas.student, personas.guardian, text="Houdt van tekenen.")
    client = client_for(personas.guardian)
    key = f"section:{section.pk}"
    client.post(
        DRAFT,
        {"key": key, "text": "Houdt van tekenen en van judo.", "visibility": "teachers"},
        **HTMX,
    )
    html = client.get(edit_url(section)).content.decode()
    assert "Houdt van tekenen en van judo.</textarea>" in html
    # Others still read the saved text only.
    html = client_for(personas.mentor).get(profile_url(personas.student)).content.decode()
    assert "Houdt van tekenen." in html and "judo" not in html
    client.post(
        edit_url(section),
        {"key": key, "text": "Houdt van tekenen en van judo.", "visibility": "teachers"},
    )
    section.refresh_from_db()
    assert section.text == "Houdt van tekenen en van judo."
    assert not SectionDraft.objects.exists()


def test_a_draft_can_be_thrown_away(personas, client_for):
    key = f"student:{personas.student.pk}"
    client = client_for(personas.guardian)
    client.post(DRAFT, typed(key), **HTMX)
    response = client.post(DISCARD, {"key": key})
    assert response.status_code == 302 and response["Location"] == profile_url(personas.student)
    assert not SectionDraft.objects.exists()
    assert "Drukte in de gang" not in client.get(profile_url(personas.student)).content.decode()


def test_clearing_the_text_removes_the_draft(personas, client_for):
    key = f"student:{personas.student.pk}"
    client = client_for(personas.guardian)
    client.post(DRAFT, typed(key), **HTMX)
    client.post(DRAFT, typed(key, text="  "), **HTMX)
    assert not SectionDraft.objects.exists()


def test_a_student_keeps_a_draft_too(personas, client_for):
    key = f"student:{personas.student.pk}"
    client = client_for(personas.student_user)
    assert (
        client.post(DRAFT, typed(key, text="Ik werk graag met muziek op"), **HTMX).status_code
        == 200
    )
    html = client.get(profile_url(personas.student)).content.decode()
    assert "Ik werk graag met muziek op</textarea>" in html
    # A student is addressed with "je", a parent with "u".
    assert "alleen jij ziet het" in html
    parent = client_for(personas.guardian)
    response = parent.post(DRAFT, typed(key), **HTMX)
    assert "Alleen u ziet het" in response.content.decode()


def test_after_the_session_ended_the_status_line_says_so_and_nothing_is_stored(personas, client):
    key = f"student:{personas.student.pk}"
    response = client.post(DRAFT, typed(key), **HTMX)
    assert response.status_code == 200 and "uitgelogd" in response.content.decode()
    assert not SectionDraft.objects.exists()


def test_drafts_refuse_get(personas, client_for):
    client = client_for(personas.guardian)
    assert client.get(DRAFT).status_code == 405
    assert client.get(DISCARD).status_code == 405


def test_drafts_without_rights_are_not_found(personas, client_for):
    section = make_section(personas.student, personas.guardian)
    other_household = client_for(personas.other_household_guardian)
    # The other household reads the section but may not edit it, so no draft either.
    assert other_household.post(DRAFT, typed(f"section:{section.pk}"), **HTMX).status_code == 404
    assert other_household.post(DISCARD, {"key": f"section:{section.pk}"}).status_code == 404
    for user in (personas.mentor, personas.teacher, personas.classmate_guardian, personas.admin):
        response = client_for(user).post(DRAFT, typed(f"student:{personas.student.pk}"), **HTMX)
        assert response.status_code == 404, user
    assert client_for(personas.guardian).post(DRAFT, typed("thread:1"), **HTMX).status_code == 400
    assert client_for(personas.guardian).post(DRAFT, typed("student:x"), **HTMX).status_code == 400
    assert not SectionDraft.objects.exists()


def test_drafts_need_a_login(personas, client):
    for url in (DRAFT, DISCARD):
        response = client.post(url, {"key": f"student:{personas.student.pk}", "text": "x"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
