"""Agreements: the service other apps call, the student page, the mentor's list, status
changes and reminders."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from driehoek.conversations import services
from driehoek.conversations.models import Agreement, AgreementStatus


def agreement_for(student, **extra) -> Agreement:  # type: ignore[no-untyped-def]
    values = {
        "what": "Wekelijkse check-in over het huiswerk",
        "owner_label": "Mentor",
        "due_on": datetime.date(2026, 12, 18),
        "follow_up": "Elke vrijdag een korte e-mail",
    } | extra
    return services.create_agreement(student=student, created_by=None, **values)


def test_create_agreement_stores_what_who_when_and_follow_up(personas):
    agreement = services.create_agreement(
        student=personas.student,
        created_by=personas.guardian,
        what="  Dagelijks even vragen hoe het ging  ",
        owner_label="Ouders",
        due_on=None,
        follow_up="Bespreken bij het volgende gesprek",
        source_note="Verandering thuis: verhuizing",
    )
    agreement.refresh_from_db()
    assert agreement.what == "Dagelijks even vragen hoe het ging"
    assert (agreement.school, agreement.student) == (personas.school, personas.student)
    assert agreement.status == AgreementStatus.OPEN
    assert agreement.source_note == "Verandering thuis: verhuizing"
    assert agreement.conversation is None


def test_create_agreement_refuses_an_empty_what(personas):
    with pytest.raises(ValueError):
        agreement_for(personas.student, what="   ")


def test_open_agreements_show_on_the_student_page_for_guardians_and_the_mentor(
    personas, client_for
):
    agreement_for(personas.student)
    done = agreement_for(personas.student, what="Oude afspraak")
    services.set_agreement_status(agreement=done, status=AgreementStatus.DONE)
    url = reverse("roster:student", kwargs={"student_id": personas.student.pk})
    for user in (personas.guardian, personas.other_household_guardian, personas.mentor):
        html = client_for(user).get(url).content.decode()
        assert "Open afspraken" in html
        assert "Wekelijkse check-in over het huiswerk" in html
        assert "Oude afspraak" not in html
    mentor_html = client_for(personas.mentor).get(url).content.decode()
    assert "Afronden" in mentor_html
    assert "Afronden" not in client_for(personas.guardian).get(url).content.decode()


def test_subject_teachers_and_administrators_do_not_see_agreements(personas, client_for):
    agreement_for(personas.student)
    url = reverse("roster:student", kwargs={"student_id": personas.student.pk})
    for user in (personas.teacher, personas.admin):
        html = client_for(user).get(url).content.decode()
        assert "Wekelijkse check-in" not in html
        assert "Open afspraken" not in html


def test_the_mentors_list_shows_open_agreements_of_mentees_only(personas, client_for):
    agreement_for(personas.student)
    agreement_for(personas.outside_student, what="Afspraak op een andere school")
    html = client_for(personas.mentor).get(reverse("conversations:agreements")).content.decode()
    assert "Wekelijkse check-in over het huiswerk" in html
    assert "Noor Jansen" in html
    assert "andere school" not in html


def test_the_mentor_marks_an_agreement_as_done(personas, client_for):
    agreement = agreement_for(personas.student)
    url = reverse("conversations:agreement_status", kwargs={"agreement_id": agreement.pk})
    response = client_for(personas.mentor).post(url, {"status": "done"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DONE


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/students/1/", "/students/1/"),
        ("/\\evil.example/", "/conversations/agreements/"),
        ("//evil.example/", "/conversations/agreements/"),
        ("https://evil.example/", "/conversations/agreements/"),
    ],
)
def test_after_a_change_the_mentor_returns_only_to_a_page_of_this_site(
    personas, client_for, next_url, lands_on
):
    agreement = agreement_for(personas.student)
    url = reverse("conversations:agreement_status", kwargs={"agreement_id": agreement.pk})
    response = client_for(personas.mentor).post(url, {"status": "done", "next": next_url})
    assert response["Location"] == lands_on


def test_changing_an_agreement_rejects_get(personas, client_for):
    agreement = agreement_for(personas.student)
    url = reverse("conversations:agreement_status", kwargs={"agreement_id": agreement.pk})
    assert client_for(personas.mentor).get(url).status_code == 405


def test_a_guardian_cannot_change_an_agreement(personas, client_for):
    agreement = agreement_for(personas.student)
    url = reverse("conversations:agreement_status", kwargs={"agreement_id": agreement.pk})
    assert client_for(personas.guardian).post(url, {"status": "done"}).status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.OPEN


def test_changing_an_agreement_needs_a_login(personas, client):
    agreement = agreement_for(personas.student)
    url = reverse("conversations:agreement_status", kwargs={"agreement_id": agreement.pk})
    response = client.post(url, {"status": "done"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_reminders_go_to_the_mentor_and_both_households_once_a_week(
    personas, django_capture_on_commit_callbacks
):
    agreement_for(personas.student, due_on=datetime.date(2026, 12, 18))
    agreement_for(personas.student, what="Later", due_on=datetime.date(2027, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_agreement_reminders(today=datetime.date(2026, 12, 16))
    assert sent == 1
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["eva@ouder.example", "mark@ouder.example", "s.visser@baken.example"]
    assert "Wekelijkse check-in over het huiswerk" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        again = services.send_agreement_reminders(today=datetime.date(2026, 12, 17))
    assert again == 0
    assert len(mail.outbox) == 3


def test_the_reminder_command_runs_the_reminders(personas, capsys):
    agreement_for(personas.student, due_on=datetime.date(2000, 1, 1))
    call_command("remind_agreements")
    assert "Reminded about 1 agreement(s)." in capsys.readouterr().out


def test_the_reminder_task_runs_the_reminders(personas):
    from driehoek.conversations.tasks import send_agreement_reminders

    agreement_for(personas.student, due_on=datetime.date(2000, 1, 1))
    result = send_agreement_reminders.enqueue()
    assert result.return_value == 1
