"""The administrator's export of the audit log: CSV (safe in a spreadsheet) and JSON."""

from __future__ import annotations

import pytest
from django.urls import reverse

from driehoek.audit.models import AuditAction
from driehoek.audit.services import record_student_read

pytestmark = pytest.mark.django_db


def test_the_csv_holds_every_read_and_cannot_run_formulas(personas, client_for):
    personas.mentor.display_name = '=HYPERLINK("http://evil")'
    personas.mentor.save()
    record_student_read(
        actor=personas.mentor,
        student=personas.student,
        action=AuditAction.VIEW_PROFILE,
        role="mentor",
    )
    url = reverse("privacy:audit_csv", kwargs={"school_id": personas.school.pk})
    response = client_for(personas.admin).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert "'=HYPERLINK" in text
    assert "100001" in text and "Noor Jansen" in text


def test_the_json_holds_the_reads_of_this_school_only(personas, client_for):
    record_student_read(
        actor=personas.mentor,
        student=personas.student,
        action=AuditAction.VIEW_STUDENT,
        role="mentor",
    )
    record_student_read(
        actor=personas.other_admin,
        student=personas.outside_student,
        action=AuditAction.VIEW_STUDENT,
        role="admin",
    )
    url = reverse("privacy:audit_json", kwargs={"school_id": personas.school.pk})
    events = client_for(personas.admin).get(url).json()["events"]
    assert [e["student_number"] for e in events] == ["100001"]
    assert events[0]["role"] == "mentor"


def test_the_export_can_be_limited_to_dates(personas, client_for):
    record_student_read(
        actor=personas.mentor,
        student=personas.student,
        action=AuditAction.VIEW_STUDENT,
        role="mentor",
    )
    url = reverse("privacy:audit_json", kwargs={"school_id": personas.school.pk})
    admin = client_for(personas.admin)
    assert admin.get(url, {"until": "2000-01-01"}).json()["events"] == []
    assert len(admin.get(url, {"from": "2000-01-01", "until": "nonsense"}).json()["events"]) == 1


def test_others_get_a_404(personas, client_for):
    url = reverse("privacy:audit_csv", kwargs={"school_id": personas.school.pk})
    for user in (personas.mentor, personas.guardian, personas.other_admin):
        assert client_for(user).get(url).status_code == 404
