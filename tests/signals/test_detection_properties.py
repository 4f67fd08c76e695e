"""Invariants of the detectors on generated data (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from driehoek.signals.detection import (
    AttendanceRow,
    AttendanceStatus,
    GradeRow,
    HomeworkRow,
    LifeEventRow,
    SchoolData,
    SignalKind,
    detect_all,
)
from tests.signals.data.builders import TIMETABLE, day, lessons, saturday_after

WEEKS = 12
TODAY = saturday_after(WEEKS)
SLOTS = [
    (w, d, h)
    for w in range(WEEKS)
    for d, subjects in TIMETABLE.items()
    for h in range(1, len(subjects) + 1)
]
ABSENCE_KINDS = {
    SignalKind.SUBJECT_ABSENCE_CLUSTER,
    SignalKind.ABSENCE_TREND,
}
statuses = st.sampled_from(
    [
        AttendanceStatus.ABSENT_AUTHORISED,
        AttendanceStatus.ABSENT_UNAUTHORISED,
        AttendanceStatus.LATE,
    ]
)


@st.composite
def attendance(draw, student="s1"):
    """A student's twelve weeks with random absences and late arrivals: scattered ones,
    whole days, and sometimes one subject missed often."""
    marks = draw(st.dictionaries(st.sampled_from(SLOTS), statuses, max_size=60))
    days_off = draw(st.sets(st.tuples(st.integers(0, WEEKS - 1), st.integers(0, 4)), max_size=6))
    favourite = draw(st.sampled_from([None, "lo", "wi", "ne", "mu"]))
    weeks = draw(st.sets(st.integers(0, WEEKS - 1), max_size=8))

    def rule(week, date, hour, subject):
        if (week, date.weekday()) in days_off:
            return AttendanceStatus.ABSENT_AUTHORISED
        if subject == favourite and week in weeks:
            return AttendanceStatus.ABSENT_UNAUTHORISED
        return marks.get((week, date.weekday(), hour))

    return lessons(student, weeks=WEEKS, rule=rule)


@st.composite
def school(draw):
    rows = draw(attendance("s1")) + draw(attendance("s2"))
    grade_rows = [
        GradeRow(student, subject, day(week, 1), grade, weight)
        for student, subject, week, grade, weight in draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["s1", "s2"]),
                    st.sampled_from(["wi", "ne"]),
                    st.integers(0, WEEKS - 1),
                    st.integers(10, 100).map(lambda g: g / 10),
                    st.sampled_from([0.0, 1.0, 2.0]),
                ),
                max_size=30,
            )
        )
    ]
    homework = [
        HomeworkRow(student, subject, day(week, weekday), done)
        for student, subject, week, weekday, done in draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["s1", "s2"]),
                    st.sampled_from(["wi", "ne", "en"]),
                    st.integers(0, WEEKS - 1),
                    st.integers(0, 4),
                    st.booleans(),
                ),
                max_size=30,
            )
        )
    ]
    events = [LifeEventRow("s1", day(draw(st.integers(2, WEEKS - 1)), 0), "move")]
    return rows, grade_rows, homework, events


def comparable(signals):
    return sorted(
        (
            s.key,
            s.kind,
            s.student,
            s.subject,
            sorted(s.measures.items()),
            sorted(map(repr, s.evidence)),
        )
        for s in signals
    )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(school(), st.randoms(use_true_random=False))
def test_signals_and_keys_do_not_depend_on_row_order(data, random):
    rows, grade_rows, homework, events = data
    first = detect_all(
        SchoolData(grades=grade_rows, attendance=rows, homework=homework, life_events=events),
        today=TODAY,
    )
    for part in (rows, grade_rows, homework):
        random.shuffle(part)
    second = detect_all(
        SchoolData(grades=grade_rows, attendance=rows, homework=homework, life_events=events),
        today=TODAY,
    )
    assert comparable(first) == comparable(second)
    assert len({s.key for s in first}) == len(first)  # one key per finding


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    attendance(),
    st.sampled_from(sorted({s for d in TIMETABLE.values() for s in d})),
    st.lists(st.tuples(st.integers(0, WEEKS - 1), st.integers(0, 4)), max_size=10),
)
def test_more_present_lessons_in_a_subject_never_create_its_cluster(rows, subject, extra):
    attended = {(r.date, r.student) for r in rows if not r.status.is_absent}
    added = [
        AttendanceRow("s1", day(week, weekday), 7 + index % 3, subject, AttendanceStatus.PRESENT)
        for index, (week, weekday) in enumerate(dict.fromkeys(extra))
        if (day(week, weekday), "s1") in attended
    ]

    def clusters(attendance_rows):
        found = detect_all(SchoolData(attendance=attendance_rows), today=TODAY)
        kind = SignalKind.SUBJECT_ABSENCE_CLUSTER
        return {s.key for s in found if s.kind is kind and s.subject == subject}

    assert clusters(rows + added) <= clusters(rows)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    attendance(),
    st.lists(
        st.tuples(
            st.integers(WEEKS - 4, WEEKS - 1),
            st.integers(0, 4),
            st.sampled_from(["wi", "ne", "en"]),
        ),
        max_size=15,
    ),
)
def test_more_present_lessons_recently_never_create_an_absence_trend(rows, extra):
    added = [
        AttendanceRow("s1", day(week, weekday), 10 + index, subject, AttendanceStatus.PRESENT)
        for index, (week, weekday, subject) in enumerate(extra)
    ]

    def trends(attendance_rows):
        found = detect_all(SchoolData(attendance=attendance_rows), today=TODAY)
        return {s.key for s in found if s.kind is SignalKind.ABSENCE_TREND}

    assert trends(rows + added) <= trends(rows)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 40), st.sets(st.sampled_from(SLOTS), max_size=40))
def test_a_student_who_is_never_absent_gets_no_absence_signal(weeks, late):
    rows = lessons(
        "s1",
        weeks=weeks,
        rule=lambda w, d, h, s: AttendanceStatus.LATE if (w, d.weekday(), h) in late else None,
    )
    found = detect_all(SchoolData(attendance=rows), today=saturday_after(weeks))
    assert not [s for s in found if s.kind in ABSENCE_KINDS]


@settings(max_examples=15, deadline=None)
@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1)))
def test_any_day_can_be_today(today):
    rows = lessons(
        "s1",
        weeks=3,
        rule=lambda w, d, h, s: AttendanceStatus.ABSENT_AUTHORISED if s == "lo" else None,
    )
    for signal in detect_all(SchoolData(attendance=rows), today=today):
        assert signal.detected_on == today
        assert all(row.date < today for row in signal.evidence)
