"""Importing school data is as safe as the roster import: all or nothing, a dry run that
writes nothing, idempotent, and every rejected row in the report with line and reason."""

from __future__ import annotations

import datetime

import pytest

from driehoek.signals.models import AttendanceRecord, GradeRecord, HomeworkRecord
from driehoek.signals.services import import_school_data
from tests.signals import school_data as data

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 9, 7)


def _attendance(*extra: tuple) -> bytes:
    rows = [
        ("100001", DAY, 1, "WI", "aanwezig", ""),
        ("100001", DAY, 2, "LO", "afwezig geoorloofd", "ARTS"),
        ("100002", DAY, 1, "WI", "te laat", ""),
        *extra,
    ]
    return data.attendance(rows)


def test_it_imports_attendance_with_counts(personas):
    report = import_school_data(school=personas.school, kind="attendance", source=_attendance())
    assert not report.rejected
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert AttendanceRecord.objects.filter(school=personas.school).count() == 3
    gym = AttendanceRecord.objects.get(student=personas.student, hour=2)
    assert (gym.subject, gym.status, gym.reason) == ("LO", 1, "ARTS")
    assert report.changed_students == {personas.student.pk, personas.classmate.pk}


def test_importing_the_same_file_again_changes_nothing(personas):
    import_school_data(school=personas.school, kind="attendance", source=_attendance())
    again = import_school_data(school=personas.school, kind="attendance", source=_attendance())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert again.changed_students == set()
    assert AttendanceRecord.objects.count() == 3


def test_a_changed_row_is_updated_in_place_by_its_natural_key(personas):
    import_school_data(school=personas.school, kind="attendance", source=_attendance())
    changed = data.attendance([("100001", DAY, 2, "LO", "aanwezig", "")])
    report = import_school_data(school=personas.school, kind="attendance", source=changed)
    assert (report.created, report.updated) == (0, 1)
    assert report.changed_students == {personas.student.pk}
    assert AttendanceRecord.objects.get(student=personas.student, hour=2).status == 0


def test_one_bad_row_rejects_the_whole_file_and_is_reported(personas):
    bad = _attendance(("100002", DAY, 2, "WI", "misschien", ""))
    report = import_school_data(school=personas.school, kind="attendance", source=bad)
    assert report.rejected
    assert AttendanceRecord.objects.count() == 0
    assert [(p["line"], p["column"]) for p in report.problems] == [(5, "status")]
    assert "status" in report.problems[0]["message"]


def test_an_unknown_student_number_rejects_the_file(personas):
    bad = _attendance(("999999", DAY, 1, "WI", "aanwezig", ""))
    report = import_school_data(school=personas.school, kind="attendance", source=bad)
    assert report.rejected
    assert AttendanceRecord.objects.count() == 0
    problem = report.problems[0]
    assert (problem["line"], problem["code"]) == (5, "unknown_student")
    assert "999999" in problem["message"]


def test_another_schools_students_are_rejected(personas):
    """Lotte (200001) exists, but at the other school: unknown here."""
    bad = _attendance(("200001", DAY, 1, "WI", "aanwezig", ""))
    report = import_school_data(school=personas.school, kind="attendance", source=bad)
    assert report.rejected
    assert report.problems[0]["code"] == "unknown_student"
    assert not AttendanceRecord.objects.filter(student=personas.outside_student).exists()


def test_skip_invalid_imports_the_valid_rows_and_lists_the_rest(personas):
    bad = _attendance(("999999", DAY, 1, "WI", "aanwezig", ""))
    report = import_school_data(
        school=personas.school, kind="attendance", source=bad, skip_invalid=True
    )
    assert not report.rejected
    assert (report.created, report.skipped) == (3, 1)
    assert report.problems[0]["line"] == 5


def test_a_dry_run_writes_nothing_but_counts_what_would_change(personas):
    report = import_school_data(
        school=personas.school, kind="attendance", source=_attendance(), dry_run=True
    )
    assert (report.created, report.dry_run) == (3, True)
    assert AttendanceRecord.objects.count() == 0


def test_a_dry_run_of_a_bad_file_lists_every_rejected_row(personas):
    bad = _attendance(
        ("999999", DAY, 1, "WI", "aanwezig", ""),
        ("100002", DAY, 3, "NE", "misschien", ""),
        ("100002", "niet-een-datum", 4, "NE", "aanwezig", ""),
    )
    report = import_school_data(school=personas.school, kind="attendance", source=bad, dry_run=True)
    assert report.rejected
    assert sorted(p["line"] for p in report.problems) == [5, 6, 7]
    assert AttendanceRecord.objects.count() == 0


def test_grades_with_a_decimal_comma_and_two_tests_on_one_day(personas):
    rows = [
        ("100001", "WI", DAY, "7,5", "1"),
        ("100001", "WI", DAY, "6,0", "2"),
        ("100002", "NE", DAY, "8", "1"),
    ]
    report = import_school_data(school=personas.school, kind="grades", source=data.grades(rows))
    assert report.created == 3
    stored = sorted(
        GradeRecord.objects.filter(student=personas.student).values_list("seq", "grade", "weight")
    )
    assert [(seq, float(g), float(w)) for seq, g, w in stored] == [(0, 7.5, 1.0), (1, 6.0, 2.0)]
    again = import_school_data(school=personas.school, kind="grades", source=data.grades(rows))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_grade_outside_the_dutch_scale_rejects_the_file(personas):
    rows = [("100001", "WI", DAY, "7,5", "1"), ("100001", "NE", DAY, "11", "1")]
    report = import_school_data(school=personas.school, kind="grades", source=data.grades(rows))
    assert report.rejected
    assert report.problems[0]["line"] == 3
    assert GradeRecord.objects.count() == 0


def test_homework_is_keyed_on_student_subject_and_due_date(personas):
    first = data.homework([("100001", "WI", DAY, True), ("100001", "NE", DAY, False)])
    import_school_data(school=personas.school, kind="homework", source=first)
    second = data.homework([("100001", "WI", DAY, False)])
    report = import_school_data(school=personas.school, kind="homework", source=second)
    assert (report.created, report.updated) == (0, 1)
    assert not HomeworkRecord.objects.get(student=personas.student, subject="WI").done


def test_a_file_that_cannot_be_read_is_rejected_whole(personas):
    report = import_school_data(school=personas.school, kind="attendance", source=b"\x00\x01")
    assert report.rejected
    assert report.problems
    assert AttendanceRecord.objects.count() == 0


def test_oneroster_grades_from_a_folder(personas):
    """The detection package's sample set: one student, identifier 1005."""
    from pathlib import Path

    from driehoek.roster.models import Student

    Student.objects.create(
        school=personas.school, student_number="1005", first_name="Sam", last_name="de Vries"
    )
    folder = Path(__file__).parent / "data" / "oneroster"
    report = import_school_data(school=personas.school, kind="oneroster", source=folder)
    assert not report.rejected, report.problems
    assert report.created > 0
    assert GradeRecord.objects.filter(student__student_number="1005").count() == report.created
    again = import_school_data(school=personas.school, kind="oneroster", source=folder)
    assert (again.created, again.updated) == (0, 0)
