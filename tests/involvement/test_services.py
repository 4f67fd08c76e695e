"""involvement.services and the database's guarantees for scans."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from driehoek.involvement import services
from driehoek.involvement.models import Scan


def test_answers_are_merged_not_replaced(personas):
    scan = services.start_scan(guardian=personas.guardian, student=personas.student)
    services.record_answers(scan=scan, answers={"enc_believe": 5})
    services.record_answers(scan=scan, answers={"dir_plan": 2})
    scan.refresh_from_db()
    assert scan.answers == {"enc_believe": 5, "dir_plan": 2}


def test_an_unknown_item_or_a_value_off_the_scale_stores_nothing(personas):
    scan = services.start_scan(guardian=personas.guardian, student=personas.student)
    for bad in ({"enc_believe": 5, "homework_minutes": 3}, {"enc_believe": 6}, {"dir_plan": True}):
        with pytest.raises(ValueError):
            services.record_answers(scan=scan, answers=bad)
    scan.refresh_from_db()
    assert scan.answers == {}


def test_a_scan_of_an_older_questionnaire_version_is_kept_as_it_was(personas):
    scan = services.start_scan(guardian=personas.guardian, student=personas.student)
    Scan.objects.filter(pk=scan.pk).update(version="2025.1", answers={"old_item": 4})
    with pytest.raises(services.ScanClosed):
        services.record_answers(scan=scan, answers={"enc_believe": 5})
    scan.refresh_from_db()
    assert scan.answers == {"old_item": 4}


def test_sharing_records_when_and_unsharing_clears_it(personas):
    scan = services.start_scan(guardian=personas.guardian, student=personas.student)
    services.set_shared_with_mentor(scan=scan, shared=True)
    assert scan.shared_with_mentor and scan.shared_at is not None
    services.set_shared_with_mentor(scan=scan, shared=False)
    scan.refresh_from_db()
    assert not scan.shared_with_mentor and scan.shared_at is None


def test_the_database_keeps_one_scan_per_guardian_child_and_day(personas):
    day = datetime.date(2026, 11, 1)
    services.start_scan(guardian=personas.guardian, student=personas.student, on=day)
    with pytest.raises(IntegrityError), transaction.atomic():
        Scan.objects.create(
            school=personas.school,
            guardian=personas.guardian,
            student=personas.student,
            date=day,
            version="2026.1",
        )


def test_the_database_refuses_a_share_without_a_time(personas):
    scan = services.start_scan(guardian=personas.guardian, student=personas.student)
    with pytest.raises(IntegrityError), transaction.atomic():
        Scan.objects.filter(pk=scan.pk).update(shared_with_mentor=True)
