"""roster:student — a student's page: what each relation may see, and the access log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from driehoek.audit.models import AuditAction, AuditEvent
from driehoek.roster import services
from driehoek.roster.models import StudentGuardian


def url(student) -> str:  # type: ignore[no-untyped-def]
    return reverse("roster:student", kwargs={"student_id": student.pk})


def page(client, student, language: str = "nl") -> str:  # type: ignore[no-untyped-def]
    response = client.get(url(student), headers={"accept-language": language})
    assert response.status_code == 200
    return response.content.decode()


def test_the_mentor_sees_the_full_page_with_both_households(personas, client_for):
    html = page(client_for(personas.mentor), personas.student)
    assert "<h1>Noor Jansen</h1>" in html
    assert "Eva de Vries" in html and "eva@ouder.example" in html
    assert "Mark Jansen" in html and "mark@ouder.example" in html
    assert "Huishouden De Vries" in html and "Huishouden Jansen" in html
    assert html.count('<span class="badge ok">krijgt informatie</span>') == 2
    assert "14 maart 2013" in html  # date of birth
    assert "Sanne Visser" in html  # mentor
    assert personas.student.student_number in html


def test_a_subject_teacher_sees_only_the_basics(personas, client_for):
    html = page(client_for(personas.teacher), personas.student)
    assert "Noor Jansen" in html and "2havo-a" in html
    assert "Eva de Vries" not in html and "eva@ouder.example" not in html
    assert "14 maart 2013" not in html
    assert "Wie op school deze pagina heeft bekeken" not in html


def test_the_student_sees_their_own_basic_page(personas, client_for):
    html = page(client_for(personas.student_user), personas.student)
    assert "Noor Jansen" in html
    assert "eva@ouder.example" not in html


def test_a_guardian_sees_the_other_household_and_the_access_log(personas, client_for):
    html = page(client_for(personas.guardian), personas.student)
    assert "Mark Jansen" in html
    assert "Wie op school deze pagina heeft bekeken" in html
    assert "Nog niemand van school heeft deze pagina bekeken." in html


def test_a_mentors_visit_is_audited_and_shown_to_the_guardian(personas, client_for):
    page(client_for(personas.mentor), personas.student)
    event = AuditEvent.objects.get()
    assert (event.actor, event.student, event.action) == (
        personas.mentor,
        personas.student,
        AuditAction.VIEW_STUDENT,
    )
    assert event.actor_role == "mentor"
    html = page(client_for(personas.guardian), personas.student, language="en")
    assert "Sanne Visser" in html
    assert '<span class="badge">mentor</span>' in html
    assert "viewed the student" in html


def test_a_guardians_visit_is_not_audited(personas, client_for):
    page(client_for(personas.guardian), personas.student)
    page(client_for(personas.student_user), personas.student)
    assert not AuditEvent.objects.exists()


def test_every_staff_visit_is_audited(personas, client_for):
    page(client_for(personas.teacher), personas.student)
    page(client_for(personas.admin), personas.student)
    assert set(AuditEvent.objects.values_list("actor__email", flat=True)) == {
        personas.teacher.email,
        personas.admin.email,
    }


def test_the_administrator_sees_the_access_log_but_the_mentor_does_not(personas, client_for):
    assert "Wie op school" in page(client_for(personas.admin), personas.student)
    assert "Wie op school" not in page(client_for(personas.mentor), personas.student)


def test_a_restricted_guardian_is_marked_without_the_reason(personas, client_for):
    link = StudentGuardian.objects.get(guardian__user=personas.other_household_guardian)
    services.restrict_right_to_information(link=link, reason="Vonnis rechtbank Utrecht")
    html = page(client_for(personas.mentor), personas.student)
    assert "geen recht op informatie" in html
    assert "Vonnis" not in html
    assert (
        client_for(personas.other_household_guardian).get(url(personas.student)).status_code == 404
    )


def test_the_class_history_shows_a_change_of_class(personas, client_for):
    import datetime

    services.place_student_in_class(
        student=personas.classmate, group=personas.other_class, on=datetime.date(2026, 10, 12)
    )
    html = page(client_for(personas.admin), personas.classmate, language="en")
    assert "Class history" in html
    assert "24 August 2026 to 11 October 2026" in html
    assert "since 12 October 2026" in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["Ouders en verzorgers", "Geboortedatum", "Klasgeschiedenis"]),
        ("en", ["Parents and guardians", "Date of birth", "Class history"]),
    ],
)
def test_it_speaks_dutch_and_english(personas, client_for, language, expected):
    html = page(client_for(personas.mentor), personas.student, language=language)
    for text in expected:
        assert text in html


def test_the_class_links_to_its_page_only_for_who_may_see_it(personas, client_for):
    group_url = reverse("roster:group", kwargs={"group_id": personas.klass.pk})
    assert group_url in page(client_for(personas.mentor), personas.student)
    assert group_url not in page(client_for(personas.guardian), personas.student)


@pytest.mark.parametrize(
    ("persona", "student"),
    [
        ("classmate_guardian", "student"),  # a guardian of another child
        ("outsider", "student"),  # a guardian at another school
        ("other_admin", "student"),  # another school's administrator
        ("teacher", "classmate"),  # a teacher who does not teach this student
        ("student_user", "classmate"),  # a classmate
        ("care", "student"),  # nothing escalated yet
        ("no_role", "student"),
    ],
)
def test_it_answers_404_to_outsiders(personas, client_for, persona, student):
    response = client_for(getattr(personas, persona)).get(url(getattr(personas, student)))
    assert response.status_code == 404
    assert not AuditEvent.objects.exists()


def test_it_answers_404_for_an_unknown_student(personas, client_for):
    response = client_for(personas.admin).get(
        reverse("roster:student", kwargs={"student_id": 999999})
    )
    assert response.status_code == 404


def test_it_requires_login(personas, client):
    assert client.get(url(personas.student)).status_code == 302


@pytest.mark.parametrize(("language", "word"), [("nl", "onbekend"), ("en", "unknown")])
def test_a_student_without_a_date_of_birth_shows_it_as_unknown(
    personas, client_for, language, word
):
    student = personas.student
    student.date_of_birth = None
    student.save(update_fields=["date_of_birth"])

    html = page(client_for(personas.mentor), student, language)

    assert f"<dd>{word}</dd>" in html
    assert "14 maart 2013" not in html and "March 2013" not in html
