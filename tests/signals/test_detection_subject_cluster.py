"""Absence clustered in one subject, tested against the student's own lesson mix."""

from __future__ import annotations

import dataclasses

import pytest

from driehoek.signals.detection import (
    DEFAULT_SETTINGS,
    AttendanceStatus,
    SchoolData,
    SignalKind,
    detect_all,
    detect_subject_absence_cluster,
)
from tests.signals.data.builders import (
    ABSENT,
    LESSONS_PER_WEEK,
    SUBJECT_COUNT,
    binomial_tail,
    lessons,
    saturday_after,
)

TODAY = saturday_after(12)


def clusters(rows, settings=DEFAULT_SETTINGS):
    data = SchoolData(attendance=rows)
    return detect_subject_absence_cluster(data, today=TODAY, settings=settings)


def test_it_fires_when_gym_is_missed_again_and_again():
    # An appointment during the Monday double gym lesson in three weeks of twelve.
    rows = lessons("1001", rule=lambda w, d, h, s: ABSENT if s == "lo" and w in (2, 5, 8) else None)

    (signal,) = clusters(rows)

    assert signal.kind is SignalKind.SUBJECT_ABSENCE_CLUSTER
    assert (signal.student, signal.subject) == ("1001", "lo")
    assert signal.measures["absences"] == 6
    assert signal.measures["all_absences"] == 6
    assert [(row.date.isoformat(), row.hour) for row in signal.evidence] == [
        ("2025-09-15", 4), ("2025-09-15", 5), ("2025-10-06", 4), ("2025-10-06", 5),
        ("2025-10-27", 4), ("2025-10-27", 5),
    ]  # fmt: skip
    assert "conversation" not in signal.summary  # the summary states facts
    assert "lo" in signal.summary


def test_it_fires_for_gym_among_other_scattered_absences():
    def rule(week, date, hour, subject):
        if subject == "lo" and hour == 4 and week % 2 == 0:
            return ABSENT
        if hour == 1 and date.weekday() == week % 5:  # one first hour a week, anywhere
            return ABSENT
        return None

    found = clusters(lessons("1001", rule=rule))

    assert [signal.subject for signal in found] == ["lo"]


def test_a_single_sick_week_is_not_a_subject_cluster():
    rows = lessons("1002", rule=lambda w, d, h, s: ABSENT if w == 9 else None)

    assert clusters(rows) == []
    # Nor anything else: one week off sick is not a trend either.
    assert detect_all(SchoolData(attendance=rows), today=TODAY) == []


def test_a_sick_week_is_left_out_and_counted():
    def rule(week, date, hour, subject):
        if week == 3:
            return ABSENT
        return ABSENT if subject == "lo" and week in (6, 8, 10) and hour == 4 else None

    (signal,) = clusters(lessons("1002", rule=rule))

    assert signal.measures["whole_days_left_out"] == 5
    assert signal.measures["all_absences"] == 3  # the sick week's 29 are not in the test


def test_absences_spread_over_the_timetable_do_not_fire():
    def rule(week, date, hour, subject):
        # One lesson a week, walking through the timetable's slots.
        slot = (week * 7) % LESSONS_PER_WEEK
        return ABSENT if (date.weekday(), hour) == _slot(slot) else None

    assert clusters(lessons("1003", rule=rule)) == []


def _slot(index):
    from tests.signals.data.builders import TIMETABLE

    for weekday, subjects in TIMETABLE.items():
        if index < len(subjects):
            return weekday, index + 1
        index -= len(subjects)
    raise AssertionError


def test_a_steady_student_does_not_fire():
    assert clusters(lessons("1003")) == []


def test_late_arrivals_are_not_absences():
    rows = lessons("1003", rule=lambda w, d, h, s: AttendanceStatus.LATE if s == "lo" else None)
    assert clusters(rows) == []


@pytest.mark.parametrize(("missed", "fires"), [(2, False), (3, True)])
def test_it_needs_the_minimum_number_of_absences(missed, fires):
    weeks = (1, 4, 7)[:missed]
    rows = lessons(
        "1001", rule=lambda w, d, h, s: ABSENT if s == "lo" and h == 4 and w in weeks else None
    )

    assert bool(clusters(rows)) is fires


def test_the_minimum_is_a_setting():
    rows = lessons(
        "1001", rule=lambda w, d, h, s: ABSENT if s == "lo" and h == 4 and w in (1, 4, 7) else None
    )
    settings = dataclasses.replace(DEFAULT_SETTINGS, cluster_min_absences=4)

    assert clusters(rows, settings) == []


def test_the_p_value_is_the_exact_binomial_tail_corrected_for_the_subjects():
    rows = lessons(
        "1001",
        rule=lambda w, d, h, s: (
            ABSENT
            if (s == "lo" and h == 4 and w in (1, 4, 7, 9))
            or (s == "wi" and d.weekday() == 1 and w == 3)
            else None
        ),
    )
    share = 2 / LESSONS_PER_WEEK
    tail = binomial_tail(4, 5, share)

    (signal,) = clusters(rows)

    assert signal.measures["share_pct"] == round(100 * share, 1)
    assert signal.measures["p_value"] == pytest.approx(tail, rel=5e-3)
    assert signal.measures["p_adjusted"] == pytest.approx(tail * SUBJECT_COUNT, rel=5e-3)
    assert signal.measures["subjects"] == SUBJECT_COUNT


@pytest.mark.parametrize(
    ("alpha_factor", "fires"),
    [
        (1.001, True),  # just above the corrected p-value
        (0.999, False),  # just below it
    ],
)
def test_alpha_is_compared_with_the_corrected_p_value(alpha_factor, fires):
    rows = lessons(
        "1001", rule=lambda w, d, h, s: ABSENT if s == "lo" and h == 4 and w in (1, 4, 7) else None
    )
    corrected = binomial_tail(3, 3, 2 / LESSONS_PER_WEEK) * SUBJECT_COUNT
    settings = dataclasses.replace(DEFAULT_SETTINGS, cluster_alpha=corrected * alpha_factor)

    assert bool(clusters(rows, settings)) is fires


def test_without_the_correction_it_would_fire_but_it_does_not():
    rows = lessons(
        "1001", rule=lambda w, d, h, s: ABSENT if s == "lo" and h == 4 and w in (1, 4, 7) else None
    )
    raw = binomial_tail(3, 3, 2 / LESSONS_PER_WEEK)
    settings = dataclasses.replace(DEFAULT_SETTINGS, cluster_alpha=raw * 2)

    assert clusters(rows, settings) == []


def test_lessons_before_the_window_or_from_today_on_are_ignored():
    rows = lessons("1001", rule=lambda w, d, h, s: ABSENT if s == "lo" and w in (2, 5, 8) else None)
    settings = dataclasses.replace(DEFAULT_SETTINGS, cluster_weeks=3)

    assert clusters(rows, settings) == []  # only week 9–11 are looked at
    data = SchoolData(attendance=rows)
    assert detect_subject_absence_cluster(data, today=saturday_after(2)) == []
