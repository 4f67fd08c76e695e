"""Models other apps added later are in the download and the erasure without a change in
the privacy app; what the care coordinator alone may read stays out of the download."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from driehoek.care.models import CareCase, SafetyRecord
from driehoek.privacy import erase
from driehoek.roster.models import Student
from driehoek.signals.models import AttendanceRecord

pytestmark = pytest.mark.django_db


def case(personas, *, withheld: bool) -> CareCase:  # type: ignore[no-untyped-def]
    care_case = CareCase.objects.create(
        school=personas.school,
        student=personas.student,
        raised_by=personas.mentor,
        reason="ZORGREDEN",
        withheld_for_safety=withheld,
    )
    SafetyRecord.objects.create(case=care_case, withheld=withheld, reason="VEILIGHEIDSREDEN")
    return care_case


def attendance(personas) -> AttendanceRecord:  # type: ignore[no-untyped-def]
    fields = {f.name for f in AttendanceRecord._meta.concrete_fields}
    data = {
        "school": personas.school,
        "student": personas.student,
        "date": datetime.date(2026, 9, 1),
    }
    for f in AttendanceRecord._meta.concrete_fields:
        if f.name in data or f.primary_key or f.null or f.has_default() or f.name == "imported_at":
            continue
        data[f.name] = (
            f.choices[0][0] if f.choices else ("WI" if f.get_internal_type() == "CharField" else 1)
        )
    assert fields
    return AttendanceRecord.objects.create(**data)


def download(client_for, user) -> str:  # type: ignore[no-untyped-def]
    return client_for(user).get(reverse("privacy:export_json")).content.decode()


def test_a_care_case_is_in_the_download_but_never_the_safety_record(personas, client_for):
    case(personas, withheld=False)
    text = download(client_for, personas.guardian)
    data = json.loads(text)
    assert "care.CareCase" in data["data"]
    assert "ZORGREDEN" in text
    assert "VEILIGHEIDSREDEN" not in text
    assert "care.SafetyRecord" not in data["data"]


def test_a_case_withheld_for_child_safety_is_not_in_the_download(personas, client_for):
    case(personas, withheld=True)
    text = download(client_for, personas.guardian)
    assert "ZORGREDEN" not in text
    assert "VEILIGHEIDSREDEN" not in text


def test_imported_school_data_is_in_the_download(personas, client_for):
    record = attendance(personas)
    data = json.loads(download(client_for, personas.guardian))
    ids = {row["id"] for row in data["data"]["signals.AttendanceRecord"]["rows"]}
    assert record.pk in ids
    assert (
        "signals.AttendanceRecord"
        not in json.loads(download(client_for, personas.classmate_guardian))["data"]
    )


def test_the_erase_takes_care_cases_and_school_data_too(personas):
    care_case = case(personas, withheld=True)
    record = attendance(personas)
    Student.objects.filter(pk=personas.student.pk).update(left_on=datetime.date(2020, 1, 1))
    personas.student.refresh_from_db()
    plan = erase.erase(students=[personas.student], actor=personas.admin, dry_run=True)
    assert plan.counts["care.SafetyRecord"] == 1
    assert plan.counts["signals.AttendanceRecord"] == 1
    erase.erase(students=[personas.student], actor=personas.admin, dry_run=False)
    assert not CareCase.objects.filter(pk=care_case.pk).exists()
    assert not SafetyRecord.objects.filter(case_id=care_case.pk).exists()
    assert not AttendanceRecord.objects.filter(pk=record.pk).exists()
