"""Rounds, answers and results through the services."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from driehoek.roster.models import StudentGuardian
from driehoek.triangle import services
from driehoek.triangle.models import Answer, Response, Result, Round
from tests.triangle.conftest import EVA, make_round


def test_opening_a_round_mails_every_respondent_after_commit(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        round = services.open_round(
            opened_by=personas.mentor,
            school=personas.school,
            group=personas.klass,
            title="Voor de ouderavond",
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate() + datetime.timedelta(days=14),
        )
    assert round.is_open()
    recipients = sorted(address for mail in mailoutbox for address in mail.to)
    # Both households of Noor, Mila's guardian, Noor herself and the mentor (once).
    assert recipients == sorted(
        [
            personas.guardian.email,
            personas.other_household_guardian.email,
            personas.classmate_guardian.email,
            personas.student_user.email,
            personas.mentor.email,
        ]
    )
    mentor_mail = next(m for m in mailoutbox if personas.mentor.email in m.to)
    assert "Noor Jansen" in mentor_mail.body and "Mila Bakker" in mentor_mail.body
    # The student is addressed as a student, in her language; plain text, not HTML.
    student_mail = next(m for m in mailoutbox if personas.student_user.email in m.to)
    assert "vraagt je de driehoekscheck in te vullen" in student_mail.body
    assert "&#x27;" not in student_mail.body and "“Voor de ouderavond”" in student_mail.subject


def test_a_guardian_without_the_right_to_information_is_not_asked(personas, open_round):
    StudentGuardian.objects.filter(guardian__user=personas.other_household_guardian).update(
        has_right_to_information=False, information_restriction_reason="court order"
    )
    people = services.respondents_of(round=open_round, student=personas.student)
    assert personas.other_household_guardian not in [user for user, _role in people]
    with pytest.raises(PermissionError):
        services.start_response(
            round=open_round, student=personas.student, user=personas.other_household_guardian
        )


def test_a_closing_date_before_the_opening_is_refused(personas):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.open_round(
            opened_by=personas.mentor,
            school=personas.school,
            group=personas.klass,
            title="x",
            opens_on=today,
            closes_on=today - datetime.timedelta(days=1),
        )


def test_every_answer_is_kept_at_once_and_a_new_answer_replaces_the_old(personas, open_round, fill):
    response = fill(
        open_round, personas.student, personas.guardian, {"g_hs_trust": 2}, submit=False
    )
    fill(open_round, personas.student, personas.guardian, {"g_hs_trust": 5}, submit=False)
    assert dict(response.answers.values_list("item", "value")) == {"g_hs_trust": 5}
    assert response.submitted_at is None
    assert Response.objects.filter(round=open_round).count() == 1


def test_handing_in_needs_every_answer(personas, open_round, fill):
    with pytest.raises(ValidationError):
        fill(open_round, personas.student, personas.guardian, {"g_hs_trust": 4})


def test_a_closed_round_takes_no_answers(personas, open_round, fill):
    response = fill(
        open_round, personas.student, personas.guardian, {"g_hs_trust": 4}, submit=False
    )
    services.close_round(round=open_round)
    with pytest.raises(services.RoundClosed):
        services.save_answer(response=response, item="g_hs_trust", value=1)
    assert response.answers.get().value == 4  # what was typed before is kept


def test_answers_off_the_scale_or_unknown_items_are_refused(personas, open_round, fill):
    response = fill(open_round, personas.student, personas.guardian, {}, submit=False)
    with pytest.raises(ValidationError):
        services.save_answer(response=response, item="g_hs_trust", value=6)
    with pytest.raises(KeyError):
        services.save_answer(response=response, item="s_hs_know", value=3)


def test_the_database_refuses_an_answer_off_the_scale(personas, open_round, fill):
    response = fill(open_round, personas.student, personas.guardian, {}, submit=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(response=response, item="g_hs_trust", value=0)


def test_a_guardian_answers_for_their_household(personas, open_round, fill):
    response = fill(open_round, personas.student, personas.guardian, EVA)
    link = StudentGuardian.objects.get(guardian__user=personas.guardian)
    assert response.household_id == link.household_id
    assert response.role == "guardian" and response.kind == "guardian"


def test_a_teacher_is_not_a_respondent(personas, open_round):
    with pytest.raises(PermissionError):
        services.start_response(round=open_round, student=personas.student, user=personas.teacher)


def test_a_guardian_can_enter_the_answers_of_a_young_child_without_an_account(
    personas, open_round, fill
):
    # Mila has no account: her guardian may open her own questions on their device.
    response = fill(
        open_round,
        personas.classmate,
        personas.classmate_guardian,
        {"s_hs_together": 4},
        submit=False,
        as_child=True,
    )
    assert response.role == "student" and response.kind == "student_secondary"
    # Noor has her own account: her parents cannot answer in her place.
    with pytest.raises(PermissionError):
        services.start_response(
            round=open_round, student=personas.student, user=personas.guardian, as_child=True
        )


def test_reminders_go_to_those_who_have_not_handed_in_once_a_day(
    personas, everyone_answered, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        count = services.send_reminders(round=everyone_answered)
    # Everyone about Noor answered; Mila's guardian and the mentor (for Mila) remain.
    assert count == 2
    assert sorted(a for m in mailoutbox for a in m.to) == sorted(
        [personas.classmate_guardian.email, personas.mentor.email]
    )
    assert services.send_reminders(round=everyone_answered) == 0


def test_a_result_is_recomputed_when_an_answer_changes_after_handing_in(
    personas, everyone_answered
):
    before = Result.objects.get(round=everyone_answered, student=personas.student)
    response = Response.objects.get(round=everyone_answered, respondent=personas.mentor)
    for item in ("m_hs_trust", "m_hs_goals", "m_hs_contact"):
        services.save_answer(response=response, item=item, value=5)
    after = Result.objects.get(round=everyone_answered, student=personas.student)
    assert after.score_hs > before.score_hs


def test_a_round_cannot_close_before_it_opens(personas):
    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.create(
            school=personas.school,
            group=personas.klass,
            title="x",
            opens_on=today,
            closes_on=today - datetime.timedelta(days=1),
        )


def test_a_round_in_the_future_is_not_open(personas):
    round = make_round(personas.klass)
    round.opens_on = timezone.localdate() + datetime.timedelta(days=3)
    round.closes_on = round.opens_on + datetime.timedelta(days=3)
    assert not round.is_open()


def test_a_round_opening_later_is_announced_once_by_the_daily_job(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        round = services.open_round(
            opened_by=personas.mentor,
            school=personas.school,
            group=personas.klass,
            title="Later",
            opens_on=today + datetime.timedelta(days=2),
            closes_on=today + datetime.timedelta(days=20),
        )
    assert mailoutbox == [] and round.announced_at is None
    Round.objects.filter(pk=round.pk).update(opens_on=today)  # the day has come
    with django_capture_on_commit_callbacks(execute=True):
        first = services.daily_round_mail()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.daily_round_mail()
    assert first == {"announced": 5, "reminded": 0}
    assert second == {"announced": 0, "reminded": 0}
    assert len(mailoutbox) == 5


def test_the_daily_job_reminds_once_shortly_before_closing(
    personas, everyone_answered, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    Round.objects.filter(pk=everyone_answered.pk).update(
        announced_at=timezone.now(), closes_on=today + datetime.timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.daily_round_mail() == {"announced": 0, "reminded": 2}
    assert services.daily_round_mail(today=today) == {"announced": 0, "reminded": 0}
    assert "Herinnering" in mailoutbox[0].subject or "Reminder" in mailoutbox[0].subject
