"""Life-event follow-up: grades or attendance after a change at home."""

from __future__ import annotations

from driehoek.signals.detection import (
    LifeEventRow,
    SchoolData,
    SignalKind,
    detect_all,
    detect_life_event_follow_up,
)
from tests.signals.data.builders import ABSENT, day, grades, lessons, saturday_after

EVENT = LifeEventRow("1005", day(8, 0), "divorce")
TODAY = saturday_after(14)


def follow_ups(data, today=TODAY):
    return detect_life_event_follow_up(data, today=today)


def test_a_grade_drop_after_a_change_at_home_fires():
    rows = grades("1005", "wi", [(2, 7.2), (4, 7.0), (6, 7.4), (9, 6.3), (11, 6.1), (13, 6.5)])
    data = SchoolData(grades=rows, life_events=[EVENT])

    (signal,) = follow_ups(data)

    assert signal.kind is SignalKind.LIFE_EVENT_FOLLOW_UP
    assert signal.subject is None
    assert signal.measures["grade_before"] == 7.2
    assert signal.measures["grade_after"] == 6.3
    assert signal.measures["changed"] == "grades"
    assert signal.evidence[0] == EVENT
    assert signal.evidence[1:] == tuple(rows)
    assert "2025-10-27" in signal.summary
    # Too small for a plain grade drop (1.0 overall, 1.5 in a subject): the event made it count.
    kinds = {s.kind for s in detect_all(data, today=TODAY)}
    assert kinds == {SignalKind.LIFE_EVENT_FOLLOW_UP}


def test_steady_grades_after_a_change_at_home_do_not_fire():
    rows = grades("1005", "wi", [(2, 7.2), (4, 7.0), (6, 7.4), (9, 7.0), (11, 7.2), (13, 7.1)])
    assert follow_ups(SchoolData(grades=rows, life_events=[EVENT])) == []


def test_more_absence_after_a_change_at_home_fires():
    # From the event on, the first two hours of every Monday and Tuesday are missed.
    rows = lessons(
        "1005",
        weeks=14,
        rule=lambda w, d, h, s: ABSENT if w >= 8 and d.weekday() < 3 and h <= 2 else None,
    )
    (signal,) = follow_ups(SchoolData(attendance=rows, life_events=[EVENT]))

    assert signal.measures["changed"] == "absence"
    assert signal.measures["absence_before_pct"] == 0.0
    assert signal.measures["absence_after"] == 36
    assert all(row.status is ABSENT for row in signal.evidence[1:])


def test_an_event_without_data_around_it_does_not_fire():
    assert follow_ups(SchoolData(life_events=[EVENT])) == []


def test_an_event_long_ago_is_no_longer_followed_up():
    rows = grades("1005", "wi", [(2, 7.2), (4, 7.0), (6, 7.4), (9, 6.2), (11, 6.0), (13, 6.4)])
    data = SchoolData(grades=rows, life_events=[EVENT])
    assert follow_ups(data, today=saturday_after(26)) == []


def test_the_key_is_anchored_on_the_event():
    rows = grades("1005", "wi", [(2, 7.2), (4, 7.0), (6, 7.4), (9, 6.2), (11, 6.0)])
    more = rows + grades("1005", "wi", [(13, 6.4)])

    (first,) = follow_ups(SchoolData(grades=rows, life_events=[EVENT]), today=saturday_after(12))
    (second,) = follow_ups(SchoolData(grades=more, life_events=[EVENT]))
    other = LifeEventRow("1005", day(9, 0), "move")
    (third,) = follow_ups(SchoolData(grades=more, life_events=[other]))

    assert first.key == second.key
    assert third.key != second.key
