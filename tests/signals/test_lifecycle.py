"""A signal's life: found once per key, refreshed while open, dismissed for good, snoozed
until a date, or turned into a planned conversation (nothing sent to the family)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from driehoek.conversations.models import Conversation, ConversationKind
from driehoek.signals import services
from driehoek.signals.models import Signal, SignalStatus
from tests.signals import school_data as data

pytestmark = pytest.mark.django_db


def _noor_misses_maths_homework(personas, missed: int = 4) -> Signal:
    source = data.homework(data.streak("100001", "WI", missed=missed))
    report = services.import_school_data(school=personas.school, kind="homework", source=source)
    services.run_detection(
        school=personas.school, students=report.changed_students, today=data.TODAY
    )
    return Signal.objects.get(student=personas.student, kind="homework_streak")


def test_detection_stores_a_signal_with_its_evidence(personas):
    signal = _noor_misses_maths_homework(personas)
    assert signal.subject == "WI"
    assert signal.status == SignalStatus.OPEN
    assert signal.measures["length"] == 4
    missed = [row for row in signal.evidence if row["type"] == "homework"]
    assert len(missed) == 4 and not any(row["done"] for row in missed)


def test_running_detection_again_does_not_duplicate(personas):
    _noor_misses_maths_homework(personas)
    result = services.run_detection(school=personas.school, today=data.TODAY)
    assert (result.created, result.refreshed) == (0, 1)
    assert Signal.objects.filter(student=personas.student).count() == 1


def test_a_dismissed_signal_does_not_come_back_for_the_same_key(personas):
    signal = _noor_misses_maths_homework(personas)
    services.dismiss_signal(signal=signal, user=personas.mentor, note="Ziek geweest")
    result = services.run_detection(school=personas.school, today=data.TODAY)
    assert (result.created, result.kept_closed) == (0, 1)
    signal.refresh_from_db()
    assert (signal.status, signal.note) == (SignalStatus.DISMISSED, "Ziek geweest")
    assert not Signal.objects.open_on(data.TODAY).exists()


def test_a_snoozed_signal_is_away_until_its_date_and_then_back(personas):
    signal = _noor_misses_maths_homework(personas)
    until = data.TODAY + datetime.timedelta(days=14)
    services.snooze_signal(signal=signal, user=personas.mentor, until=until)
    assert not Signal.objects.open_on(data.TODAY).exists()
    assert not Signal.objects.open_on(until - datetime.timedelta(days=1)).exists()
    assert list(Signal.objects.open_on(until)) == [signal]
    # Detection in between keeps the snooze.
    services.run_detection(school=personas.school, today=data.TODAY)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.SNOOZED


def test_turning_a_signal_into_a_conversation_plans_one_and_sends_nothing(personas):
    signal = _noor_misses_maths_homework(personas)
    starts = timezone.now() + datetime.timedelta(days=3)
    conversation = services.signal_to_conversation(
        signal=signal, user=personas.mentor, starts_at=starts, topic="Huiswerk wiskunde"
    )
    assert conversation.kind == ConversationKind.CONCERN
    assert conversation.student == personas.student
    assert set(conversation.guardians.values_list("user__email", flat=True)) == {
        personas.guardian.email,
        personas.other_household_guardian.email,
    }
    signal.refresh_from_db()
    assert (signal.status, signal.conversation) == (SignalStatus.CONVERSATION, conversation)
    assert mail.outbox == []
    # And it does not come back as a new signal either.
    assert services.run_detection(school=personas.school, today=data.TODAY).created == 0


def test_the_mentor_dismisses_through_the_page(personas, client_for):
    signal = _noor_misses_maths_homework(personas)
    response = client_for(personas.mentor).post(
        reverse("signals:dismiss", args=[signal.pk]), {"note": "Besproken in de les"}
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.DISMISSED
    assert signal.decided_by == personas.mentor


def test_the_mentor_snoozes_through_the_page(personas, client_for):
    signal = _noor_misses_maths_homework(personas)
    until = timezone.localdate() + datetime.timedelta(days=10)
    client_for(personas.mentor).post(
        reverse("signals:snooze", args=[signal.pk]), {"until": until.isoformat()}
    )
    signal.refresh_from_db()
    assert (signal.status, signal.snoozed_until) == (SignalStatus.SNOOZED, until)


def test_a_snooze_in_the_past_is_refused(personas, client_for):
    signal = _noor_misses_maths_homework(personas)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client_for(personas.mentor).post(
        reverse("signals:snooze", args=[signal.pk]), {"until": yesterday.isoformat()}
    )
    signal.refresh_from_db()
    assert signal.status == SignalStatus.OPEN


def test_the_mentor_plans_a_conversation_through_the_page(personas, client_for):
    signal = _noor_misses_maths_homework(personas)
    client = client_for(personas.mentor)
    page = client.get(reverse("signals:conversation", args=[signal.pk]))
    assert page.status_code == 200
    when = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT15:30")
    response = client.post(
        reverse("signals:conversation", args=[signal.pk]),
        {"starts_at": when, "topic": "Huiswerk"},
    )
    conversation = Conversation.objects.get(student=personas.student)
    assert response["Location"] == reverse("conversations:detail", args=[conversation.pk])
    assert conversation.topic == "Huiswerk"


def test_the_subject_teacher_sees_but_cannot_decide(personas, client_for):
    signal = _noor_misses_maths_homework(personas)
    client = client_for(personas.teacher)
    assert client.get(reverse("signals:detail", args=[signal.pk])).status_code == 200
    assert client.post(reverse("signals:dismiss", args=[signal.pk])).status_code == 404
    signal.refresh_from_db()
    assert signal.status == SignalStatus.OPEN


def test_the_nightly_run_only_looks_at_new_data(personas):
    first = services.run_nightly(school=personas.school, today=data.TODAY)
    assert first.students == 0  # no data yet
    _noor_misses_maths_homework(personas)
    second = services.run_nightly(school=personas.school, today=data.TODAY)
    assert second.students == 1  # Noor's homework arrived after the first run
    third = services.run_nightly(school=personas.school, today=data.TODAY)
    assert third.students == 0
