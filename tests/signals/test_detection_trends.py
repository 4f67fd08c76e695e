"""Rising absence and lateness."""

from __future__ import annotations

import dataclasses

from driehoek.signals.detection import (
    DEFAULT_SETTINGS,
    AttendanceStatus,
    SchoolData,
    SignalKind,
    detect_absence_trend,
    detect_all,
    detect_lateness_trend,
)
from tests.signals.data.builders import ABSENT, lessons, saturday_after

LATE = AttendanceStatus.LATE
TODAY = saturday_after(12)  # recent = weeks 8–11, earlier = weeks 0–7


def absence(rows, settings=DEFAULT_SETTINGS):
    return detect_absence_trend(SchoolData(attendance=rows), today=TODAY, settings=settings)


def rising(week, date, hour, subject):
    # From week 8 on, the first (week - 6) hours of each day are missed.
    return ABSENT if week >= 8 and hour <= week - 6 else None


def test_rising_absence_fires():
    (signal,) = absence(lessons("1004", rule=rising))

    assert signal.kind is SignalKind.ABSENCE_TREND
    assert signal.measures["rate_earlier_pct"] == 0.0
    assert signal.measures["weeks_up"] == 4
    assert signal.measures["slope_pct_per_week"] > 0
    assert all(row.status.is_absent for row in signal.evidence)
    assert len(signal.evidence) == signal.measures["events_recent"]


def test_a_single_sick_week_is_not_a_trend():
    rows = lessons("1002", rule=lambda w, d, h, s: ABSENT if w == 10 else None)
    assert absence(rows) == []


def test_two_weeks_above_the_earlier_level_are_needed():
    rows = lessons("1002", rule=lambda w, d, h, s: ABSENT if w in (9, 10) and h <= 2 else None)
    assert len(absence(rows)) == 1
    settings = dataclasses.replace(DEFAULT_SETTINGS, trend_weeks_up=3)
    assert absence(rows, settings) == []


def test_a_steady_level_of_absence_does_not_fire():
    rows = lessons("1003", rule=lambda w, d, h, s: ABSENT if d.weekday() == 4 and h == 1 else None)
    assert absence(rows) == []


def test_the_rise_threshold_is_inclusive():
    # Earlier 0 %, recent exactly 29/116 = 25 %; with the rise at 25 % it still fires.
    rows = lessons("1004", rule=lambda w, d, h, s: ABSENT if w >= 8 and d.weekday() == 0 else None)
    rows = [r for r in rows if not (r.date.weekday() == 0 and r.hour == 6)]  # 28 a week
    rows += lessons("x")[:0]
    share = 5 * 4 / (28 * 4)
    exact = dataclasses.replace(DEFAULT_SETTINGS, absence_trend_rise=share)
    above = dataclasses.replace(DEFAULT_SETTINGS, absence_trend_rise=share + 0.001)
    assert len(absence(rows, exact)) == 1
    assert absence(rows, above) == []


def test_too_few_lessons_do_not_fire():
    rows = [r for r in lessons("1004", rule=rising) if r.hour == 1]  # 5 a week
    assert absence(rows) == []


def test_rising_lateness_is_its_own_signal():
    rows = lessons("1004", rule=lambda w, d, h, s: LATE if w >= 9 and h == 1 else None)

    found = detect_all(SchoolData(attendance=rows), today=TODAY)

    assert [s.kind for s in found] == [SignalKind.LATENESS_TREND]
    assert found[0].measures["events_recent"] == 15
    assert detect_lateness_trend(SchoolData(attendance=rows), today=TODAY)[0].key == found[0].key
