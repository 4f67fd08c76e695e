"""SchoolData: rows and columns give the same signals; empty data gives none."""

from __future__ import annotations

import datetime as dt

import numpy as np

from driehoek.signals.detection import (
    STATUS_CODES,
    GradeRow,
    HomeworkRow,
    LifeEventRow,
    SchoolData,
    SignalKind,
    detect_all,
)
from tests.signals.data.builders import ABSENT, day, grades, homework, lessons, saturday_after

TODAY = saturday_after(12)


def sample():
    attendance = lessons("1001", rule=lambda w, d, h, s: ABSENT if s == "lo" and w % 3 else None)
    attendance += lessons("1004", rule=lambda w, d, h, s: ABSENT if w >= 8 and h <= w - 6 else None)
    grade_rows = grades("1005", "wi", [(1, 7.5), (3, 7.0), (5, 7.2), (9, 5.0), (10, 5.5)])
    homework_rows = homework("1006", "ne", [True, False, False, False], first_week=8)
    events = [LifeEventRow("1005", day(8, 0), "verhuizing")]
    return attendance, grade_rows, homework_rows, events


def test_rows_and_columns_give_the_same_signals():
    attendance, grade_rows, homework_rows, events = sample()
    from_rows = SchoolData(
        grades=grade_rows, attendance=attendance, homework=homework_rows, life_events=events
    )
    students = sorted({row.student for row in attendance})
    subjects = sorted({row.subject for row in attendance})
    from_columns = SchoolData.from_columns(
        attendance={
            "student": (
                np.array([students.index(r.student) for r in attendance]),
                students,
            ),
            "date": np.array([r.date for r in attendance], dtype="datetime64[D]"),
            "hour": np.array([r.hour for r in attendance]),
            "subject": (np.array([subjects.index(r.subject) for r in attendance]), subjects),
            "status": np.array([STATUS_CODES[r.status] for r in attendance], dtype=np.int8),
        },
        grades={
            "student": [r.student for r in grade_rows],
            "subject": [r.subject for r in grade_rows],
            "date": [r.date for r in grade_rows],
            "grade": [r.grade for r in grade_rows],
            "weight": [r.weight for r in grade_rows],
        },
        homework={
            "student": [r.student for r in homework_rows],
            "subject": [r.subject for r in homework_rows],
            "due": np.array([(r.due - dt.date(1970, 1, 1)).days for r in homework_rows]),
            "done": [r.done for r in homework_rows],
        },
        life_events={
            "student": [r.student for r in events],
            "date": [r.date for r in events],
            "kind": [r.kind for r in events],
        },
    )

    expected = detect_all(from_rows, today=TODAY)
    assert {s.kind for s in expected} == set(SignalKind) - {SignalKind.LATENESS_TREND}
    assert detect_all(from_columns, today=TODAY) == expected


def test_empty_data_gives_no_signals():
    assert detect_all(SchoolData(), today=TODAY) == []
    assert detect_all(SchoolData.from_columns(), today=None) == []


def test_the_default_today_is_the_day_after_the_last_date():
    data = SchoolData(
        grades=[GradeRow("1", "wi", dt.date(2025, 9, 1), 7.0)],
        homework=[HomeworkRow("1", "wi", dt.date(2025, 11, 20), True)],
    )
    assert data.default_today() == dt.date(2025, 11, 21)
