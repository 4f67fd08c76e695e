"""Grade drop: the student's recent weighted average against their own earlier one."""

from __future__ import annotations

import dataclasses

import pytest

from driehoek.signals.detection import (
    DEFAULT_SETTINGS,
    GradeRow,
    SchoolData,
    SignalKind,
    detect_grade_drop,
)
from tests.signals.data.builders import day, grades, saturday_after

TODAY = saturday_after(20)  # recent = weeks 14–19, earlier = the 20 weeks before


def drops(rows, settings=DEFAULT_SETTINGS, today=TODAY):
    return detect_grade_drop(SchoolData(grades=rows), today=today, settings=settings)


def test_it_fires_for_one_subject_that_falls():
    rows = grades("1005", "wi", [(2, 7.5), (6, 7.0), (15, 5.5), (18, 5.0)])
    rows += grades("1005", "ne", [(2, 7.0), (6, 7.0), (15, 7.0), (18, 7.0)])

    found = drops(rows)

    (signal,) = [s for s in found if s.subject == "wi"]
    assert signal.kind is SignalKind.GRADE_DROP
    assert signal.measures["before"] == 7.25
    assert signal.measures["after"] == 5.25
    assert signal.measures["drop"] == 2.0
    assert {row.subject for row in signal.evidence} == {"wi"}
    assert len(signal.evidence) == 4
    assert "7.2" in signal.summary or "7.3" in signal.summary


def test_a_steady_student_does_not_fire():
    rows = []
    for subject in ("wi", "ne", "en"):
        rows += grades("1003", subject, [(w, 6.5 + (w % 3) * 0.4) for w in range(0, 20, 2)])
    assert drops(rows) == []


@pytest.mark.parametrize(
    ("recent", "fires"),
    [
        (5.5, True),  # exactly 1.5 lower: the threshold is "at least"
        (5.6, False),  # 1.4 lower
    ],
)
def test_the_subject_threshold_is_inclusive(recent, fires):
    rows = grades("1005", "wi", [(2, 7.0), (6, 7.0), (15, recent), (18, recent)])
    assert bool(drops(rows)) is fires


def test_binary_rounding_does_not_move_the_boundary():
    # 7.1 - 5.6 is 1.4999999999999991 in floating point.
    rows = grades("1005", "wi", [(2, 7.1), (6, 7.1), (15, 5.6), (18, 5.6)])
    assert [s.subject for s in drops(rows)] == ["wi"]


def test_it_needs_enough_grades_on_both_sides():
    rows = grades("1005", "wi", [(2, 8.0), (6, 8.0), (15, 4.0)])
    assert drops(rows) == []
    settings = dataclasses.replace(DEFAULT_SETTINGS, grade_min_subject=1)
    assert [s.subject for s in drops(rows, settings)] == ["wi"]


def test_the_average_is_weighted():
    # Earlier: 8 (weight 1) and 5 (weight 3) → 5.75; recent 4.25 → drop 1.5.
    rows = [
        GradeRow("1005", "wi", day(2, 1), 8.0, 1.0),
        GradeRow("1005", "wi", day(4, 1), 5.0, 3.0),
        GradeRow("1005", "wi", day(15, 1), 4.25, 1.0),
        GradeRow("1005", "wi", day(16, 1), 4.25, 2.0),
        GradeRow("1005", "wi", day(17, 1), 1.0, 0.0),  # weight 0: left out
    ]
    (signal,) = drops(rows)
    assert signal.measures["before"] == 5.75
    assert signal.measures["after"] == 4.25
    assert signal.measures["grades_after"] == 2


def test_all_subjects_together_fire_at_their_own_threshold():
    rows = []
    for subject in ("wi", "ne", "en"):  # each subject drops 1.2: below 1.5, above 1.0
        rows += grades("1005", subject, [(3, 7.2), (7, 7.2), (15, 6.0), (18, 6.0)])

    (signal,) = drops(rows)

    assert signal.subject is None
    assert signal.measures["drop"] == 1.2
    assert signal.measures["grades_before"] == 6
    assert len(signal.evidence) == 12
    assert "all grades" in signal.summary


def test_grades_outside_the_windows_are_ignored():
    rows = grades("1005", "wi", [(2, 7.0), (6, 7.0), (15, 5.0), (18, 5.0)])
    future = [GradeRow("1005", "wi", TODAY, 9.0), GradeRow("1005", "wi", day(30, 0), 9.0)]
    settings = dataclasses.replace(DEFAULT_SETTINGS, grade_earlier_weeks=7)

    assert len(drops(rows + future)) == 1  # grades from today on do not count
    assert drops(rows, settings) == []  # weeks 2 and 6 are before the earlier window


def test_the_key_stays_the_same_when_more_grades_come_in():
    rows = grades("1005", "wi", [(2, 7.0), (6, 7.0), (15, 5.0), (18, 5.0)])
    later = rows + grades("1005", "wi", [(20, 5.0)])

    (first,) = drops(rows)
    (second,) = drops(later, today=saturday_after(21))

    assert first.key == second.key
    assert first.key.startswith("grade_drop:")
