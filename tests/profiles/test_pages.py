"""Profile pages: writing, editing with history, what each role sees, nothing lost on an error."""

from __future__ import annotations

from django.urls import reverse

from driehoek.profiles.models import ProfileSection, ProfileSectionVersion, SectionKind, Visibility
from tests.profiles.conftest import make_section


def profile_url(student) -> str:  # type: ignore[no-untyped-def]
    return reverse("profiles:student", kwargs={"student_id": student.pk})


def new_url(student) -> str:  # type: ignore[no-untyped-def]
    return reverse("profiles:section_new", kwargs={"student_id": student.pk})


def form(**overrides: str) -> dict[str, str]:
    data = {
        "kind": SectionKind.STRENGTHS,
        "text": "Noor houdt van puzzels en legt graag dingen uit.",
        "visibility": Visibility.TEACHERS,
    }
    data.update(overrides)
    return data


def test_a_guardian_writes_a_section_for_their_household(personas, client_for):
    response = client_for(personas.guardian).post(new_url(personas.student), form())
    assert response.status_code == 302
    section = ProfileSection.objects.get()
    assert section.household.name == "De Vries"
    assert section.author_kind == "guardian" and section.version == 1
    assert ProfileSectionVersion.objects.filter(section=section, version=1).exists()


def test_nothing_typed_is_lost_when_the_form_has_an_error(personas, client_for):
    text = "Opa is overleden; Noor is er stil van."
    data = form(kind=SectionKind.HOME_CHANGE, text=text, life_event="grief")
    response = client_for(personas.guardian).post(new_url(personas.student), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert text in html  # the text comes back in the form
    assert 'value="grief" selected' in html
    assert not ProfileSection.objects.exists()


def test_adults_only_needs_a_reason(personas, client_for):
    data = form(adults_only="on", text="Geheim")
    response = client_for(personas.guardian).post(new_url(personas.student), data)
    assert response.status_code == 400
    assert not ProfileSection.objects.exists()


def test_a_student_cannot_hide_a_section_from_themself(personas, client_for):
    data = form(adults_only="on", adults_only_reason="waarom niet")
    client_for(personas.student_user).post(new_url(personas.student), data)
    section = ProfileSection.objects.get()
    assert section.author_kind == "student" and not section.adults_only


def test_an_edit_keeps_the_old_version_and_the_history_shows_who_changed_what(personas, client_for):
    section = make_section(personas.student, personas.guardian, text="Eerste versie")
    client = client_for(personas.guardian)
    url = reverse("profiles:section_edit", kwargs={"section_id": section.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, form(text="Tweede versie", visibility=Visibility.MENTOR))
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.text, section.version, section.visibility) == ("Tweede versie", 2, "mentor")
    history = client.get(reverse("profiles:section_history", kwargs={"section_id": section.pk}))
    html = history.content.decode()
    assert "Eerste versie" in html and "Tweede versie" in html
    assert html.count("Eva de Vries") >= 2


def test_saving_without_a_change_adds_no_version(personas, client_for):
    section = make_section(personas.student, personas.guardian, text="Zelfde")
    url = reverse("profiles:section_edit", kwargs={"section_id": section.pk})
    client_for(personas.guardian).post(url, form(text="Zelfde"))
    assert ProfileSectionVersion.objects.filter(section=section).count() == 1


def test_the_other_household_cannot_edit_but_reads(personas, client_for):
    section = make_section(personas.student, personas.guardian, text="Van huishouden A")
    client = client_for(personas.other_household_guardian)
    url = reverse("profiles:section_edit", kwargs={"section_id": section.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, form(text="overschreven")).status_code == 404
    assert "Van huishouden A" in client.get(profile_url(personas.student)).content.decode()


def test_a_teacher_does_not_see_an_earlier_mentor_only_version(personas, client_for):
    section = make_section(
        personas.student, personas.guardian, text="Alleen voor de mentor", visibility="mentor"
    )
    client_for(personas.guardian).post(
        reverse("profiles:section_edit", kwargs={"section_id": section.pk}),
        form(text="Voor alle docenten"),
    )
    url = reverse("profiles:section_history", kwargs={"section_id": section.pk})
    html = client_for(personas.teacher).get(url).content.decode()
    assert "Voor alle docenten" in html and "Alleen voor de mentor" not in html
    assert "Alleen voor de mentor" in client_for(personas.mentor).get(url).content.decode()


def test_the_student_sees_what_is_shared_but_not_what_is_for_adults_only(personas, client_for):
    make_section(personas.student, personas.guardian, text="Zichtbaar voor Noor")
    make_section(
        personas.student,
        personas.other_household_guardian,
        text="Alleen voor volwassenen",
        adults_only=True,
        reason="Eerst zelf vertellen",
    )
    html = client_for(personas.student_user).get(profile_url(personas.student)).content.decode()
    assert "Zichtbaar voor Noor" in html and "Alleen voor volwassenen" not in html
    mentor_html = client_for(personas.mentor).get(profile_url(personas.student)).content.decode()
    assert "Alleen voor volwassenen" in mentor_html and "Eerst zelf vertellen" in mentor_html


def test_the_student_page_shows_the_profile_panel_to_the_mentor_only_as_allowed(
    personas, client_for
):
    make_section(personas.student, personas.guardian, text="Paneeltekst", visibility="mentor")
    student_page = reverse("roster:student", kwargs={"student_id": personas.student.pk})
    assert "Paneeltekst" in client_for(personas.mentor).get(student_page).content.decode()
    assert "Paneeltekst" not in client_for(personas.teacher).get(student_page).content.decode()
    assert "Paneeltekst" not in client_for(personas.admin).get(student_page).content.decode()


def test_a_staff_read_of_the_profile_is_audited(personas, client_for):
    from driehoek.audit.models import AuditEvent

    client_for(personas.mentor).get(profile_url(personas.student))
    assert AuditEvent.objects.filter(actor=personas.mentor, action="view_profile").count() == 1
    client_for(personas.guardian).get(profile_url(personas.student))
    assert AuditEvent.objects.count() == 1


# --- The trio for the write endpoints


def test_writing_refuses_get(personas, client_for):
    assert client_for(personas.guardian).get(new_url(personas.student)).status_code == 405


def test_writing_about_someone_elses_child_is_not_found(personas, client_for):
    response = client_for(personas.classmate_guardian).post(new_url(personas.student), form())
    assert response.status_code == 404
    response = client_for(personas.mentor).post(new_url(personas.student), form())
    assert response.status_code == 404
    assert not ProfileSection.objects.exists()


def test_writing_needs_a_login(personas, client):
    response = client.post(new_url(personas.student), form())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_index_lists_a_guardians_children_and_sends_a_student_to_their_profile(
    personas, client_for
):
    html = client_for(personas.guardian).get(reverse("profiles:index")).content.decode()
    assert "Noor Jansen" in html and "Mila" not in html
    response = client_for(personas.student_user).get(reverse("profiles:index"))
    assert response.status_code == 302 and response["Location"] == profile_url(personas.student)
