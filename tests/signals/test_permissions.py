"""Who sees which signals: the mentor all of their mentees', a subject teacher only those
about a subject they teach the student, guardians only where the school shares them, the
student never, and administrators only school aggregates (another school's: nothing)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from driehoek.accounts import access
from driehoek.audit.models import AuditEvent
from driehoek.signals import services
from driehoek.signals.models import Signal
from tests.signals import school_data as data

pytestmark = pytest.mark.django_db


def _signals(personas) -> dict[str, Signal]:
    """Noor: a maths (WI) streak, taught by the subject teacher, and a Dutch (NE) streak,
    which he does not teach (together also a streak over all subjects, key "100001-").
    Mila: a maths streak (not in his lesson group)."""
    rows = data.streak("100001", "WI") + data.streak("100001", "NE") + data.streak("100002", "WI")
    services.import_school_data(school=personas.school, kind="homework", source=data.homework(rows))
    services.run_detection(school=personas.school, today=data.TODAY)
    found = Signal.objects.filter(kind="homework_streak")
    return {f"{s.student.student_number}-{s.subject}": s for s in found}


def test_the_mentor_sees_every_signal_of_the_class(personas):
    signals = _signals(personas)
    visible = set(access.signals_visible_to(personas.mentor))
    assert visible == set(signals.values())


def test_a_subject_teacher_sees_only_the_subject_he_teaches_that_student(personas):
    signals = _signals(personas)
    assert set(access.signals_visible_to(personas.teacher)) == {signals["100001-WI"]}


def test_the_subject_match_ignores_case_and_accepts_the_subject_name(personas):
    Signal.objects.create(
        school=personas.school,
        student=personas.student,
        kind="grade_drop",
        subject="wiskunde",
        key="by-name",
        detected_on=data.TODAY,
    )
    assert [s.key for s in access.signals_visible_to(personas.teacher)] == ["by-name"]


def test_a_subject_teacher_never_sees_a_life_event_follow_up(personas):
    Signal.objects.create(
        school=personas.school,
        student=personas.student,
        kind="life_event_follow_up",
        subject="WI",
        key="life",
        detected_on=data.TODAY,
    )
    assert not access.signals_visible_to(personas.teacher).exists()
    assert access.signals_visible_to(personas.mentor).filter(key="life").exists()


def test_guardians_see_nothing_until_the_school_shares_signals(personas, client_for):
    signals = _signals(personas)
    noor = signals["100001-WI"]
    client = client_for(personas.guardian)
    assert not access.signals_visible_to(personas.guardian).exists()
    assert client.get(reverse("signals:detail", args=[noor.pk])).status_code == 404
    assert client.get(reverse("signals:student", args=[personas.student.pk])).status_code == 404

    services.set_share_with_guardians(school=personas.school, share=True)
    assert set(access.signals_visible_to(personas.guardian)) == {
        signals["100001-WI"],
        signals["100001-NE"],
        signals["100001-"],
    }
    page = client.get(reverse("signals:detail", args=[noor.pk]))
    assert page.status_code == 200
    assert b"/conversation/" not in page.content  # deciding is the mentor's
    # Never another family's child.
    mila = signals["100002-WI"]
    assert client.get(reverse("signals:detail", args=[mila.pk])).status_code == 404


def test_a_guardian_without_the_right_to_information_sees_nothing(personas):
    _signals(personas)
    services.set_share_with_guardians(school=personas.school, share=True)
    personas.student.guardian_links.filter(guardian__user=personas.guardian).update(
        has_right_to_information=False, information_restriction_reason="Uitspraak rechter"
    )
    assert not access.signals_visible_to(personas.guardian).exists()


def test_guardians_do_not_see_dismissed_signals(personas):
    signals = _signals(personas)
    services.set_share_with_guardians(school=personas.school, share=True)
    services.dismiss_signal(signal=signals["100001-NE"], user=personas.mentor)
    assert set(access.signals_visible_to(personas.guardian)) == {
        signals["100001-WI"],
        signals["100001-"],
    }


def test_the_student_never_sees_signals(personas, client_for):
    signals = _signals(personas)
    services.set_share_with_guardians(school=personas.school, share=True)
    client = client_for(personas.student_user)
    assert not access.signals_visible_to(personas.student_user).exists()
    noor = signals["100001-WI"]
    assert client.get(reverse("signals:detail", args=[noor.pk])).status_code == 404
    assert client.get(reverse("signals:student", args=[personas.student.pk])).status_code == 404


def test_administrators_see_aggregates_not_a_childs_signals(personas, client_for):
    signals = _signals(personas)
    noor = signals["100001-WI"]
    assert not access.signals_visible_to(personas.admin).exists()
    admin = client_for(personas.admin)
    assert admin.get(reverse("signals:detail", args=[noor.pk])).status_code == 404
    assert admin.get(reverse("signals:school", args=[personas.school.pk])).status_code == 200


def test_another_schools_admin_sees_nothing(personas, client_for):
    _signals(personas)
    other = client_for(personas.other_admin)
    school = personas.school.pk
    for name in ("signals:school", "signals:school_csv", "signals:upload"):
        assert other.get(reverse(name, args=[school])).status_code == 404
    chart = reverse("signals:chart", args=[school, "classes"])
    assert other.get(chart).status_code == 404
    assert not access.signals_visible_to(personas.other_admin).exists()


def test_reading_a_students_signals_is_audited(personas, client_for):
    signals = _signals(personas)
    client_for(personas.mentor).get(reverse("signals:student", args=[personas.student.pk]))
    client_for(personas.teacher).get(reverse("signals:detail", args=[signals["100001-WI"].pk]))
    events = AuditEvent.objects.filter(student=personas.student).order_by("pk")
    assert [(e.actor, e.actor_role) for e in events] == [
        (personas.mentor, "mentor"),
        (personas.teacher, "teacher"),
    ]
    assert "signal" in events[1].detail


def test_a_parents_own_read_is_not_an_audit_event(personas, client_for):
    _signals(personas)
    services.set_share_with_guardians(school=personas.school, share=True)
    client_for(personas.guardian).get(reverse("signals:student", args=[personas.student.pk]))
    assert not AuditEvent.objects.filter(student=personas.student).exists()


def test_snoozed_signals_are_not_in_the_open_list(personas):
    signals = _signals(personas)
    until = data.TODAY + datetime.timedelta(days=7)
    services.snooze_signal(signal=signals["100001-NE"], user=personas.mentor, until=until)
    open_now = Signal.objects.open_on(data.TODAY)
    assert signals["100001-NE"] not in open_now
