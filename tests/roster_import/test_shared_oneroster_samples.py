"""The third-party OneRoster sets in ../shared/data/oneroster: each is imported or
rejected with a clear report. The files are never edited to make a test pass."""

from __future__ import annotations

import contextlib
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from driehoek.roster.models import (
    Group,
    GroupMembership,
    Guardian,
    MentorAssignment,
    StaffMember,
    StaffRole,
    Student,
    TeachingAssignment,
)
from driehoek.roster_import.oneroster import parse_oneroster
from driehoek.roster_import.sources import open_source
from tests.roster_import.conftest import oneroster


def run(path, *args: str) -> dict:
    out = StringIO()
    with contextlib.suppress(CommandError):
        call_command("import_roster", str(path), "--school", "99ZZ", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def messages(report: dict) -> list[str]:
    return [f"{p['file']}:{p['line']}:{p['column']}: {p['reason']}" for p in report["problems"]]


def test_the_full_1_1_set_is_rejected_with_each_reason_and_nothing_is_written(school):
    report = run(oneroster("Test_full_data_set"))

    assert report["outcome"] == "rejected"
    found = messages(report)
    assert report["errors"] == 2
    # Students without a date of birth (1.1 has none in users.csv, and no demographics)
    # are no longer a reason to reject: the birth date is optional.
    assert not any("date of birth" in line for line in found)
    # usr-222-987654 is a teacher in users.csv but enrolled as a student.
    assert "enrollments.csv:3:role: user 'usr-222-987654' is not a student" in found
    # A student's agents point to a teacher: not an error, the link is ignored.
    assert any(line.startswith("users.csv:5:agentSourcedIds") for line in found)
    assert not Student.objects.exists() and not StaffMember.objects.exists()


def test_the_full_1_1_set_with_skip_invalid_imports_the_valid_rows(school):
    report = run(oneroster("Test_full_data_set"), "--skip-invalid")

    assert report["outcome"] == "applied"
    assert set(StaffMember.objects.values_list("external_id", flat=True)) == {
        "usr-222-123456",
        "usr-222-987654",
    }
    assert list(Guardian.objects.values_list("external_id", flat=True)) == ["usr-222-1234561"]
    # cls-222-123478 is tobedeleted; cls-222-123456 ("Scheduled", any case) a lesson group.
    group = Group.objects.get()
    assert (group.external_id, group.name, group.kind) == (
        "cls-222-123456",
        "Introduction to Physics",
        "lesson",
    )
    assert group.year_level is None  # grades 09–11 are not Dutch primary groups
    assert TeachingAssignment.objects.filter(
        staff_member__external_id="usr-222-123456", group=group
    ).exists()
    # The three students come in without a date of birth (this set has no demographics).
    assert report["counts"]["students"]["created"] == 3
    assert set(Student.objects.values_list("external_id", "date_of_birth")) == {
        ("usr-222-567891", None),
        ("usr-222-66778899", None),
        ("usr-222-1234561232", None),
    }
    # The guardian link from the agents column: Mary Jones's parent.
    mary = Student.objects.get(external_id="usr-222-66778899")
    assert list(mary.guardian_links.values_list("guardian__external_id", flat=True)) == [
        "usr-222-1234561"
    ]
    assert not Student.objects.get(external_id="usr-222-567891").guardian_links.exists()


def test_the_minimal_1_1_set_is_rejected_only_for_staff_without_email(school):
    report = run(oneroster("Test_minimal_data_set"))

    assert report["outcome"] == "rejected"
    found = messages(report)
    assert "users.csv:2:email: staff members need an e-mail address to log in" in found
    assert "users.csv:5:email: staff members need an e-mail address to log in" in found
    # The two staff rows and their four enrollments; the students are not refused.
    assert report["errors"] == 6
    assert not any("date of birth" in line for line in found)
    assert not Group.objects.exists() and not Student.objects.exists()


def test_the_minimal_1_1_set_with_skip_invalid_imports_its_students_and_guardian(school):
    report = run(oneroster("Test_minimal_data_set"), "--skip-invalid")

    assert report["outcome"] == "applied"
    assert report["counts"]["students"]["created"] == 3
    assert Student.objects.filter(date_of_birth__isnull=True).count() == 3
    assert list(Guardian.objects.values_list("external_id", flat=True)) == ["usr-222-1234561"]


def test_the_1_2_delta_set_imports_its_student_with_the_birth_date_from_demographics(school):
    report = run(oneroster("oneroster_test_data"))

    assert report["outcome"] == "applied" and report["errors"] == 0
    student = Student.objects.get()
    assert (student.external_id, student.first_name, student.last_name) == (
        "USER_0",
        "Bruce",
        "Wayne",
    )
    assert str(student.date_of_birth) == "2010-04-17"
    assert student.student_number == "bruce.wayne"
    membership = GroupMembership.objects.get()
    group = membership.group
    assert group.name == "Basic Detection"
    # The academic session dates the membership and names the school year (2023-2024,
    # the newest in the file, as none contains today); the course gives the subject.
    assert group.school_year.name == "2023-2024"
    assert (str(membership.started_on), str(membership.ended_on)) == (
        "2023-09-04",
        "2024-01-26",
    )
    assert (group.subject.code, group.subject.name) == ("0101", "subject1")
    assert any("no school year in this file contains today" in line for line in messages(report))
    # Only the birth date is read from demographics; profiles are ignored.
    assert set(report["files_ignored"]) == {"userProfiles.csv"}


def test_the_1_2_set_takes_roles_from_roles_csv_with_typo_headers(school):
    roster = parse_oneroster(open_source(oneroster("v1p2_full_dataset")))

    assert roster.version == "1.2"
    john = roster.people["usr-222-123456"]  # primary teacher, secondary guardian
    assert john.is_staff and john.is_guardian
    thomas = roster.people["usr-222-1234561"]  # siteAdministrator
    assert thomas.staff_roles == {"admin"}
    assert (thomas.first_name, thomas.last_name) == ("Tom", "Paulsy")  # prefferedGivenName …


def test_the_1_2_set_with_skip_invalid_makes_the_site_administrator_an_administrator(school):
    report = run(oneroster("v1p2_full_dataset"), "--skip-invalid")

    assert report["outcome"] == "applied"
    assert StaffRole.objects.filter(
        staff_member__external_id="usr-222-1234561", role="admin"
    ).exists()
    assert Guardian.objects.filter(external_id="usr-222-123456").exists()  # teacher and parent
    # The students come in without a date of birth; John is guardian of two of them,
    # linked from his side and theirs (merged).
    assert report["counts"]["students"]["created"] == 3
    assert not Student.objects.filter(date_of_birth__isnull=False).exists()
    linked = Student.objects.filter(guardian_links__guardian__external_id="usr-222-123456")
    assert set(linked.values_list("external_id", flat=True)) == {
        "usr-222-66778899",
        "usr-222-1234561232",
    }
    assert not MentorAssignment.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["Test_full_data_set", "Test_minimal_data_set", "v1p2_full_dataset", "oneroster_test_data"],
)
def test_every_sample_gives_the_same_answer_twice(school, name):
    first = run(oneroster(name), "--skip-invalid")
    second = run(oneroster(name), "--skip-invalid")
    assert sum(c["created"] + c["updated"] + c["removed"] for c in second["counts"].values()) == 0
    assert first["problems"] == second["problems"]
