"""OneRoster CSV import through the command line, with our own small sets."""

from __future__ import annotations

import json
import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from driehoek.roster.models import (
    Group,
    GroupKind,
    GroupMembership,
    Guardian,
    MentorAssignment,
    StaffMember,
    StaffRole,
    Student,
    StudentGuardian,
    TeachingAssignment,
)
from tests.roster_import.conftest import (
    ENROLLMENTS_HEADER,
    enrollment_row,
    small_school_files,
    user_row,
    write_set,
)


def run(path, *args: str) -> dict:
    out = StringIO()
    call_command("import_roster", str(path), "--school", "99ZZ", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def changes(report: dict) -> int:
    return sum(c["created"] + c["updated"] + c["removed"] for c in report["counts"].values())


def test_a_small_set_imports_students_parents_staff_groups_and_their_links(school, tmp_path):
    report = run(write_set(tmp_path / "set", small_school_files()))

    assert report["outcome"] == "applied"
    assert report["counts"]["students"]["created"] == 2
    assert report["counts"]["guardians"]["created"] == 2
    assert report["counts"]["staff"]["created"] == 2
    assert report["counts"]["groups"]["created"] == 2
    noor = Student.objects.get(school=school, external_id="s-1")
    assert noor.student_number == "000123"  # a string: the leading zeros stay
    assert (noor.infix, noor.last_name) == ("van den", "Berg")
    assert noor.group.name == "2havo-a" and noor.group.kind == GroupKind.CLASS
    assert noor.group.year_level == 2
    daan = Student.objects.get(external_id="s-2")
    assert str(daan.date_of_birth) == "2012-09-15"  # dd-mm-jjjj read day first
    # Links from the parent's side (p-1 → s-1) and from the child's side (s-2 → p-2).
    links = set(
        StudentGuardian.objects.values_list("guardian__external_id", "student__external_id")
    )
    assert links == {("p-1", "s-1"), ("p-2", "s-2")}
    assert StudentGuardian.objects.get(guardian__external_id="p-2").relation == "guardian"
    assert GroupMembership.objects.filter(student=noor, ended_on__isnull=True).count() == 2
    mentor = StaffMember.objects.get(external_id="t-1")
    assert MentorAssignment.objects.filter(staff_member=mentor, group=noor.group).exists()
    assert set(StaffRole.objects.filter(staff_member=mentor).values_list("role", flat=True)) == {
        "mentor",
        "teacher",
    }
    assert TeachingAssignment.objects.filter(
        staff_member__external_id="t-2", group__name="Wiskunde 2a"
    ).exists()


def test_importing_the_same_file_again_changes_nothing(school, tmp_path):
    folder = write_set(tmp_path / "set", small_school_files())
    run(folder)
    before = list(GroupMembership.objects.values_list("pk", "student_id", "group_id", "ended_on"))

    again = run(folder)

    assert changes(again) == 0
    assert again["counts"]["students"]["unchanged"] == 2
    after = list(GroupMembership.objects.values_list("pk", "student_id", "group_id", "ended_on"))
    assert after == before


def test_an_updated_file_updates_the_same_student_in_place(school, tmp_path):
    run(write_set(tmp_path / "v1", small_school_files()))
    noor = Student.objects.get(external_id="s-1")
    files = small_school_files()
    files["users.csv"] = files["users.csv"].replace("van den Berg", "Bakker")

    report = run(write_set(tmp_path / "v2", files))

    assert report["counts"]["students"] == {
        "created": 0,
        "updated": 1,
        "removed": 0,
        "unchanged": 1,
    }
    noor.refresh_from_db()
    assert (noor.infix, noor.last_name) == ("", "Bakker")
    assert noor.guardian_links.count() == 1  # the same row, its links kept


def test_a_bulk_file_that_omits_a_student_marks_them_as_left_without_deleting(school, tmp_path):
    run(write_set(tmp_path / "v1", small_school_files()))
    files = small_school_files()
    files["users.csv"] = "\n".join(
        line for line in files["users.csv"].splitlines() if not line.startswith("s-2,")
    )
    files["users.csv"] = files["users.csv"].replace('"p-2"', '""') + "\n"
    files["enrollments.csv"] = files["enrollments.csv"].replace(
        "e-2,active,,c-2a,org-1,s-2,student,false,,\n", ""
    )

    report = run(write_set(tmp_path / "v2", files))

    assert report["counts"]["students"]["removed"] == 1
    daan = Student.objects.get(external_id="s-2")
    assert daan.left_on is not None and daan.group is None
    assert not GroupMembership.objects.filter(student=daan, ended_on__isnull=True).exists()


def test_one_bad_row_rejects_the_whole_import_and_writes_nothing(school, tmp_path):
    extra = user_row("p-3", "parent", "Olaf", "Dekker", email="o@example.org", agents="p-991")
    folder = write_set(tmp_path / "set", small_school_files(extra_users=extra))
    out = StringIO()

    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_roster", str(folder), "--school", "99ZZ", stdout=out)

    assert "users.csv line 8, agentSourcedIds: refers to unknown user 'p-991'" in out.getvalue()
    assert not Student.objects.exists()
    assert not Guardian.objects.exists()
    assert not Group.objects.exists()


def test_skip_invalid_imports_the_valid_rows_and_lists_the_rest(school, tmp_path):
    extra = user_row("p-3", "parent", "Olaf", "Dekker", email="o@example.org", agents="p-991")
    folder = write_set(tmp_path / "set", small_school_files(extra_users=extra))

    report = run(folder, "--skip-invalid")

    assert report["outcome"] == "applied"
    assert [(p["file"], p["line"], p["column"]) for p in report["problems"]] == [
        ("users.csv", 8, "agentSourcedIds")
    ]
    assert Student.objects.count() == 2
    assert not Guardian.objects.filter(external_id="p-3").exists()


def test_a_dry_run_reports_the_changes_and_writes_nothing(school, tmp_path):
    report = run(write_set(tmp_path / "set", small_school_files()), "--dry-run")

    assert report["dry_run"] is True
    assert report["counts"]["students"]["created"] == 2
    assert report["counts"]["memberships"]["created"] == 3
    assert not Student.objects.exists()
    assert not StaffMember.objects.exists()


def test_a_delta_file_removes_only_what_it_marks_tobedeleted(school, tmp_path):
    run(write_set(tmp_path / "v1", small_school_files()))
    delta = {
        "users.csv": "sourcedId,status,givenName,familyName,role\n",
        "enrollments.csv": ENROLLMENTS_HEADER
        + enrollment_row("e-3", "c-wi", "s-1", "student", status="tobedeleted"),
    }
    folder = write_set(
        tmp_path / "delta",
        delta,
        manifest={"users": "delta", "classes": "absent", "enrollments": "delta"},
    )
    # The delta names s-1 and c-wi, which are not in it: they must be known already.
    (folder / "classes.csv").unlink(missing_ok=True)

    report = run(folder, "--skip-invalid")

    noor = Student.objects.get(external_id="s-1")
    assert Student.objects.filter(left_on__isnull=True).count() == 2
    assert not GroupMembership.objects.filter(
        student=noor, group__name="Wiskunde 2a", ended_on__isnull=True
    ).exists()
    assert GroupMembership.objects.filter(
        student=noor, group__name="2havo-a", ended_on__isnull=True
    ).exists()
    assert report["counts"]["students"]["removed"] == 0


def test_pupils_names_never_appear_in_the_log(school, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    run(write_set(tmp_path / "set", small_school_files()))
    assert caplog.records
    assert "Noor" not in caplog.text and "Berg" not in caplog.text


def test_a_missing_path_is_a_clear_error(school, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command(
            "import_roster", str(tmp_path / "nothing"), "--school", "99ZZ", stdout=StringIO()
        )


def test_a_delta_marks_a_tobedeleted_student_as_left_and_deletes_a_parent_without_account(
    school, tmp_path
):
    run(write_set(tmp_path / "v1", small_school_files()))
    delta = {
        "users.csv": "sourcedId,status,givenName,familyName,role\n"
        "s-2,tobedeleted,,,student\n"
        "p-2,tobedeleted,,,guardian\n",
        "enrollments.csv": ENROLLMENTS_HEADER,
    }
    folder = write_set(
        tmp_path / "delta",
        delta,
        manifest={"users": "delta", "classes": "absent", "enrollments": "delta"},
    )

    report = run(folder)

    assert report["counts"]["students"]["removed"] == 1
    assert report["counts"]["guardians"]["removed"] == 1
    daan = Student.objects.get(external_id="s-2")
    assert daan.left_on is not None  # kept, with everything attached to it
    assert not Guardian.objects.filter(external_id="p-2").exists()
    assert Student.objects.get(external_id="s-1").left_on is None


def test_the_driehoek_command_accepts_the_hyphenated_name():
    import subprocess
    import sys
    from pathlib import Path

    driehoek = Path(sys.executable).parent / "driehoek"
    result = subprocess.run(
        [str(driehoek), "import-roster", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "--skip-invalid" in result.stdout


def test_two_staff_members_with_one_email_address_reject_the_import(school, tmp_path):
    extra = user_row("t-3", "teacher", "Piet", "Smit", email="p.smit@school.example")
    folder = write_set(tmp_path / "set", small_school_files(extra_users=extra))
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("import_roster", str(folder), "--school", "99ZZ", "--json", stdout=out)

    report = json.loads(out.getvalue())
    assert report["outcome"] == "rejected"
    assert not StaffMember.objects.exists()
    assert [(p["line"], p["column"]) for p in report["problems"]] == [(8, "email")]
    assert "is the address of another staff member" in report["problems"][0]["reason"]


def test_a_student_number_already_used_by_another_student_is_refused(school, tmp_path):
    run(write_set(tmp_path / "v1", small_school_files()))
    files = small_school_files()
    # A new key for Daan's number: the school system re-created the student.
    files["users.csv"] = files["users.csv"].replace("s-2,", "s-22,").replace('"s-2"', '"s-22"')
    files["enrollments.csv"] = files["enrollments.csv"].replace(",s-2,", ",s-22,")

    report = run(write_set(tmp_path / "v2", files), "--skip-invalid")

    assert any(
        "already belongs to another student ('s-2')" in p["reason"] for p in report["problems"]
    )
    assert Student.objects.filter(student_number="000124").count() == 1
