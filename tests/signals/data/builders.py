"""Hand-built school data for the detector tests: a fixed weekly timetable of 29 lessons
(gym, "lo", twice a week: Monday 4th and 5th hour) from Monday 1 September 2025."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

from driehoek.signals.detection import AttendanceRow, AttendanceStatus, GradeRow, HomeworkRow

MONDAY = dt.date(2025, 9, 1)
TIMETABLE = {
    0: ["ne", "wi", "en", "lo", "lo", "bi"],
    1: ["wi", "ne", "gs", "ak", "fa"],
    2: ["en", "wi", "ne", "bi", "mu", "gs"],
    3: ["ne", "en", "wi", "ak", "ec", "fa"],
    4: ["wi", "gs", "en", "ne", "bi", "ak"],
}
LESSONS_PER_WEEK = sum(len(day) for day in TIMETABLE.values())
SUBJECT_COUNT = len({subject for day in TIMETABLE.values() for subject in day})
ABSENT = AttendanceStatus.ABSENT_AUTHORISED
Rule = Callable[[int, dt.date, int, str], AttendanceStatus | None]


def day(week: int, weekday: int) -> dt.date:
    return MONDAY + dt.timedelta(days=7 * week + weekday)


def saturday_after(weeks: int) -> dt.date:
    """The `today` right after `weeks` school weeks (the default of the command)."""
    return MONDAY + dt.timedelta(days=7 * weeks - 2)


def lessons(student: str, weeks: int = 12, rule: Rule | None = None) -> list[AttendanceRow]:
    """Every scheduled lesson; `rule(week, date, hour, subject)` gives a status other than
    present (or None)."""
    rows = []
    for week in range(weeks):
        for weekday, subjects in TIMETABLE.items():
            when = day(week, weekday)
            for hour, subject in enumerate(subjects, 1):
                status = (rule(week, when, hour, subject) if rule else None) or (
                    AttendanceStatus.PRESENT
                )
                rows.append(AttendanceRow(student, when, hour, subject, status))
    return rows


def grades(student: str, subject: str, values: list[tuple[int, float]], weight: float = 1.0):
    """(week, grade) pairs → GradeRows on the Tuesday of that week."""
    return [GradeRow(student, subject, day(week, 1), grade, weight) for week, grade in values]


def homework(student: str, subject: str, done: list[bool], first_week: int = 0):
    """One item a week, due on Thursday."""
    return [
        HomeworkRow(student, subject, day(first_week + index, 3), value)
        for index, value in enumerate(done)
    ]


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), exactly (for checking the SQL)."""
    return sum(math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(k, n + 1))
