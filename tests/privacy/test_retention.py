"""Retention periods per school and kind, and `driehoek enforce-retention`."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from driehoek.audit.models import AuditEvent
from driehoek.involvement.models import Scan
from driehoek.messaging.models import Message, Thread
from driehoek.privacy import kinds, selectors, services
from driehoek.privacy.models import RetentionPolicy
from driehoek.roster.models import School, Student
from tests.privacy.family import make_family_data

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 6, 1)


def age_thread(thread: Thread, days: int) -> None:
    moment = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(12)))
    Thread.objects.filter(pk=thread.pk).update(
        last_message_at=moment - datetime.timedelta(days=days)
    )


def scan_on(personas, student: Student, days_ago: int) -> Scan:  # type: ignore[no-untyped-def]
    return Scan.objects.create(
        school=student.school,
        guardian=personas.guardian if student == personas.student else personas.outsider,
        student=student,
        date=TODAY - datetime.timedelta(days=days_ago),
        version="x",
    )


def test_without_a_choice_the_defaults_apply(personas):
    periods = selectors.periods_of(personas.school)
    assert periods == {kind.key: kind.days for kind in kinds.KINDS}


def test_a_school_sets_its_own_periods_within_bounds(personas):
    services.set_retention_periods(
        school=personas.school, periods={kinds.MESSAGES: 400, kinds.AUDIT: 3}
    )
    periods = selectors.periods_of(personas.school)
    assert periods[kinds.MESSAGES] == 400
    assert periods[kinds.AUDIT] == 365  # never shorter than a year
    assert selectors.periods_of(None)[kinds.MESSAGES] == 730
    # Back to the default: the row goes.
    services.set_retention_periods(school=personas.school, periods={kinds.MESSAGES: 730})
    assert not RetentionPolicy.objects.filter(kind=kinds.MESSAGES).exists()


def test_it_removes_only_what_is_older_than_the_period(personas):
    make_family_data(personas)
    old, young = Thread.objects.filter(student=personas.student)[:2]
    age_thread(old, 800)
    age_thread(young, 100)
    old_scan = scan_on(personas, personas.student, 800)
    young_scan = scan_on(personas, personas.student, 10)
    run = services.enforce_retention(today=TODAY)
    assert not Thread.objects.filter(pk=old.pk).exists()
    assert not Message.objects.filter(thread_id=old.pk).exists()
    assert Thread.objects.filter(pk=young.pk).exists()
    assert not Scan.objects.filter(pk=old_scan.pk).exists()
    assert Scan.objects.filter(pk=young_scan.pk).exists()
    assert run.removed[("Het Baken", kinds.MESSAGES)]["messaging.Thread"] == 1


def test_each_school_uses_its_own_period(personas):
    other = School.objects.get(pk=personas.outside_student.school_id)
    services.set_retention_periods(school=personas.school, periods={kinds.INVOLVEMENT: 100})
    here = scan_on(personas, personas.student, 200)
    there = scan_on(personas, personas.outside_student, 200)
    services.enforce_retention(today=TODAY)
    assert not Scan.objects.filter(pk=here.pk).exists()
    assert Scan.objects.filter(pk=there.pk).exists()  # the other school keeps two years
    assert other.pk != personas.school.pk


def test_the_dry_run_removes_nothing(personas):
    make_family_data(personas)
    thread = Thread.objects.filter(student=personas.student).first()
    age_thread(thread, 800)
    run = services.enforce_retention(today=TODAY, dry_run=True)
    assert Thread.objects.filter(pk=thread.pk).exists()
    assert run.removed[("Het Baken", kinds.MESSAGES)]["messaging.Thread"] == 1


def test_the_audit_log_is_removed_after_its_own_long_period(personas):
    from driehoek.audit.models import AuditAction
    from driehoek.audit.services import record_student_read

    event = record_student_read(
        actor=personas.mentor,
        student=personas.student,
        action=AuditAction.VIEW_STUDENT,
        role="mentor",
    )
    AuditEvent.objects.filter(pk=event.pk)  # append-only: age it through the base manager
    AuditEvent._base_manager.filter(pk=event.pk).update(
        at=timezone.now() - datetime.timedelta(days=1000)
    )
    services.enforce_retention(today=timezone.localdate())
    assert AuditEvent.objects.filter(pk=event.pk).exists()  # five years by default
    AuditEvent._base_manager.filter(pk=event.pk).update(
        at=timezone.now() - datetime.timedelta(days=1900)
    )
    services.enforce_retention(today=timezone.localdate())
    assert not AuditEvent.objects.filter(pk=event.pk).exists()
    assert AuditEvent.objects.filter(action=services.RETENTION_ACTION).exists()


def test_departed_students_are_erased_after_their_period(personas):
    Student.objects.filter(pk=personas.student.pk).update(left_on=TODAY - datetime.timedelta(400))
    Student.objects.filter(pk=personas.classmate.pk).update(left_on=TODAY - datetime.timedelta(100))
    run = services.enforce_retention(today=TODAY)
    assert not Student.objects.filter(pk=personas.student.pk).exists()
    assert Student.objects.filter(pk=personas.classmate.pk).exists()
    assert run.erased_students == 1


def test_the_command_prints_a_report(personas):
    make_family_data(personas)
    age_thread(Thread.objects.filter(student=personas.student).first(), 800)
    out = StringIO()
    call_command("enforce_retention", "--dry-run", "--today", TODAY.isoformat(), stdout=out)
    assert "Dry run" in out.getvalue()
    assert "messaging.Thread 1" in out.getvalue()
    out = StringIO()
    call_command("enforce_retention", "--json", "--today", TODAY.isoformat(), stdout=out)
    report = json.loads(out.getvalue())
    assert report["dry_run"] is False
    assert any(entry["kind"] == "messages" for entry in report["removed"])


def test_the_administrator_saves_periods_on_the_page(personas, client_for):
    url = reverse("privacy:school", kwargs={"school_id": personas.school.pk})
    admin = client_for(personas.admin)
    page = admin.get(url)
    assert page.status_code == 200
    data = {kind.key: kind.days for kind in kinds.expiring_kinds()}
    data[kinds.MESSAGES] = 365
    response = admin.post(url, data)
    assert response.status_code == 302
    assert selectors.period_of(personas.school, kinds.MESSAGES) == 365
    data[kinds.AUDIT] = 1
    assert admin.post(url, data).status_code == 400


def test_the_privacy_page_shows_the_schools_periods(personas, client_for, client):
    services.set_retention_periods(school=personas.school, periods={kinds.MESSAGES: 365})
    public = client.get(reverse("privacy:page"))
    assert public.status_code == 200
    assert "2 years" in public.content.decode() or "2 jaar" in public.content.decode()
    mine = client_for(personas.guardian).get(reverse("privacy:page"))
    text = mine.content.decode()
    assert "Het Baken" in text
    assert "1 year" in text or "1 jaar" in text


def test_the_footer_links_to_the_privacy_page(client):
    response = client.get(reverse("front:landing"))
    assert reverse("privacy:page") in response.content.decode()
