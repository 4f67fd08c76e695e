"""The documented file layouts (docs/signals.md), read from bytes, paths and folders."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from driehoek.signals.detection import AttendanceStatus
from driehoek.signals.detection.readers import (
    read_attendance_csv,
    read_grades_csv,
    read_homework_csv,
    read_life_events_csv,
    read_oneroster_grades,
)

DATA = Path(__file__).parent / "data"


def test_it_reads_a_magister_style_attendance_export():
    text = (
        "Leerlingnummer;Datum;Lesuur;Vak;Status;Reden\n"
        "123;01-09-2025;1;lo;Afwezig geoorloofd;ARTS\n"
        "123;01-09-2025;2;ne;Te laat;\n"
        "123;01-09-2025;3;wi;Aanwezig;\n"
        "123;01-09-2025;4;en;Afwezig ongeoorloofd;\n"
        "123;01-09-2025;5;gs;afwezig (geoorloofd);ZIEK\n"
    )
    result = read_attendance_csv(text.encode("cp1252"))

    assert result.errors == []
    assert [row.status for row in result.rows] == [
        AttendanceStatus.ABSENT_AUTHORISED,
        AttendanceStatus.LATE,
        AttendanceStatus.PRESENT,
        AttendanceStatus.ABSENT_UNAUTHORISED,
        AttendanceStatus.ABSENT_AUTHORISED,
    ]
    assert result.rows[0].reason == "ARTS"
    assert result.rows[0].date == dt.date(2025, 9, 1)
    assert result.rows[0].line == 2


@pytest.mark.parametrize(
    ("status", "authorised", "expected"),
    [
        ("afwezig", "", AttendanceStatus.ABSENT_AUTHORISED),
        ("afwezig", "nee", AttendanceStatus.ABSENT_UNAUTHORISED),
        ("afwezig", "ja", AttendanceStatus.ABSENT_AUTHORISED),
        ("absent", "no", AttendanceStatus.ABSENT_UNAUTHORISED),
        ("absent unauthorised", "", AttendanceStatus.ABSENT_UNAUTHORISED),
        ("Absent authorized", "", AttendanceStatus.ABSENT_AUTHORISED),
        ("late", "", AttendanceStatus.LATE),
        ("present", "", AttendanceStatus.PRESENT),
        ("", "", AttendanceStatus.PRESENT),
    ],
)
def test_statuses_in_dutch_and_english(status, authorised, expected):
    text = f"student,date,hour,subject,status,geoorloofd\n1,2025-09-01,1,wi,{status},{authorised}\n"
    result = read_attendance_csv(text.encode())
    assert [row.status for row in result.rows] == [expected]


def test_attendance_row_errors_name_line_and_column():
    text = (
        "leerlingnummer;datum;lesuur;vak;status\n"
        "1;01-09-2025;1;wi;aanwezig\n"
        "1;31-02-2025;1;wi;aanwezig\n"
        "1;01-09-2025;x;wi;aanwezig\n"
        "1;01-09-2025;2;wi;ziek\n"
        "1;01-09-2025;1;ne;aanwezig\n"
        ";01-09-2025;3;wi;aanwezig\n"
    )
    result = read_attendance_csv(text.encode())

    assert len(result.rows) == 1
    assert [(e.line, e.column) for e in result.errors] == [
        (3, "datum"),
        (4, "lesuur"),
        (5, "status"),
        (6, ""),
        (7, "leerlingnummer"),
    ]
    assert result.errors[3].message == "this lesson is already in the file at line 2"
    assert result.errors[3].template == "this lesson is already in the file at line %(line)s"
    assert not result.fatal


def test_grades_with_decimal_comma_weights_and_qualitative_results():
    text = (
        "leerlingnummer;vak;datum;cijfer;weging\n"
        "1;wi;01-09-2025;7,5;2\n"
        "1;wi;2025-09-02;6.8;\n"
        "1;wi;02-09-2025;V;1\n"  # voldoende: valid, but not a grade to average
        "1;wi;02-09-2025;;1\n"  # not graded yet
        "1;wi;02-09-2025;11;1\n"
        "1;wi;02-09-2025;0,5;1\n"
        "1;wi;02-09-2025;6;zwaar\n"
        "1;wi;02-09-2025;10;0,5\n"
    )
    result = read_grades_csv(text.encode())

    assert [(row.grade, row.weight) for row in result.rows] == [(7.5, 2.0), (6.8, 1.0), (10, 0.5)]
    assert [(e.line, e.column) for e in result.errors] == [
        (6, "cijfer"),
        (7, "cijfer"),
        (8, "weging"),
    ]


def test_homework_and_life_events():
    homework = read_homework_csv(
        b"leerlingnummer,vak,inleverdatum,gemaakt\n1,wi,1-9-2025,ja\n1,wi,8-9-2025,niet gemaakt\n"
        b"1,wi,9-9-2025,misschien\n"
    )
    assert [row.done for row in homework.rows] == [True, False]
    assert [(e.line, e.column) for e in homework.errors] == [(4, "gemaakt")]

    events = read_life_events_csv(
        "\ufeffleerlingnummer;datum;soort;omschrijving\n1;13-10-2025;scheiding;private\n".encode()
    )
    assert events.errors == []
    (event,) = events.rows
    assert (event.kind, event.date) == ("scheiding", dt.date(2025, 10, 13))


@pytest.mark.parametrize(
    ("data", "column"),
    [
        (b"leerlingnummer;vak;datum\n1;wi;01-09-2025\n", "cijfer"),
        (b"student,subject,grade\n1,wi,7\n", "datum"),
    ],
)
def test_a_missing_column_makes_the_file_unreadable(data, column):
    result = read_grades_csv(data)
    assert result.fatal
    assert result.rows == []
    assert (result.errors[0].line, result.errors[0].column) == (1, column)
    assert result.errors[0].message == f"the column {column} is missing"


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02binary", b"\n\n"])
def test_an_empty_or_binary_file_is_unreadable(data):
    for reader in (read_attendance_csv, read_grades_csv, read_homework_csv, read_life_events_csv):
        result = reader(data)
        assert result.fatal
        assert result.errors[0].line == 0


def test_a_missing_path_is_unreadable(tmp_path):
    result = read_attendance_csv(tmp_path / "nothing.csv")
    assert result.fatal
    assert result.errors[0].message == "this file or folder does not exist"
    assert read_oneroster_grades(str(tmp_path / "nothing")).fatal


def test_paths_as_str_and_path_read_the_same():
    path = DATA / "attendance.csv"
    assert read_attendance_csv(path) == read_attendance_csv(str(path))
    assert read_attendance_csv(path) == read_attendance_csv(path.read_bytes())


def test_oneroster_folder_maps_users_and_classes():
    result = read_oneroster_grades(DATA / "oneroster")

    assert result.errors == []
    assert {row.student for row in result.rows} == {"1005"}  # users.csv identifier
    assert {row.subject for row in result.rows} == {"wi"}  # the course code
    first = result.rows[0]
    assert first.grade == pytest.approx(1 + 9 * 0.75)  # 75 of 0–100 on the 1–10 scale
    assert first.weight == 3.0  # "Toets (weging 3)"
    assert result.rows[1].weight == 1.0


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(f"export/{name}", text)
    return buffer.getvalue()


def test_oneroster_zip_without_users_uses_sourced_ids():
    data = _zip(
        {
            "lineItems.csv": "sourcedId,classSourcedId,dueDate\nli1,wiskunde-2b,2025-09-03\n",
            "results.csv": "sourcedId,lineItemSourcedId,studentSourcedId,score,scoreDate\n"
            'r1,li1,s-9,"6,5",\nr2,li1,s-8,zes,\nr3,li9,s-9,7,\n',
        }
    )
    result = read_oneroster_grades(data)

    assert [(r.student, r.subject, r.grade, r.date) for r in result.rows] == [
        ("s-9", "wiskunde-2b", 6.5, dt.date(2025, 9, 3))
    ]
    assert [(e.file, e.line, e.column) for e in result.errors] == [
        ("results.csv", 3, "score"),
        ("results.csv", 4, "lineItemSourcedId"),
    ]


def test_oneroster_set_needs_its_gradebook_files(tmp_path):
    (tmp_path / "results.csv").write_text("sourcedId\n")
    result = read_oneroster_grades(tmp_path)
    assert result.fatal
    assert result.errors[0].message == "the file lineItems.csv is missing from the OneRoster set"
    assert read_oneroster_grades(b"not a zip").fatal
