"""Every threshold of every detector, in one frozen dataclass (no Django).

The defaults are chosen to be quiet: a signal is a reason for a conversation, and a
mentor who gets ten a day stops reading them. docs/signals.md explains each choice.
Weeks are periods of 7 days counted back from `today` (the day detection runs for), so
with today on a Saturday each period is a school week.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DetectorSettings:
    # Grade drop: the weighted average of the last `grade_recent_weeks` weeks against the
    # `grade_earlier_weeks` weeks before them. Fires when it fell by at least the drop
    # (points on the 1–10 scale) and both sides have at least the minimum of grades.
    grade_recent_weeks: int = 6
    grade_earlier_weeks: int = 20
    grade_drop_overall: float = 1.0
    grade_drop_subject: float = 1.5
    grade_min_overall: int = 3  # grades on each side, all subjects together
    grade_min_subject: int = 2  # grades on each side, one subject

    # Life-event follow-up: the `life_event_weeks` weeks after a change at home against
    # the same number of weeks before it. Events older than `life_event_lookback_weeks`
    # are no longer followed up.
    life_event_weeks: int = 8
    life_event_lookback_weeks: int = 16
    life_event_grade_drop: float = 0.8
    life_event_min_grades: int = 2  # on each side
    life_event_rate_rise: float = 0.10  # absence or lateness share of lessons, 0–1
    life_event_min_lessons: int = 20  # scheduled lessons on each side
    life_event_min_events: int = 3  # absences (or late arrivals) after the event

    # Absence clustered in one subject: an exact binomial test of the absences in one
    # subject against the subject's share of the student's lessons, Bonferroni-corrected
    # over the student's subjects. Whole days absent are left out (they say nothing
    # about a subject).
    cluster_weeks: int = 26
    cluster_min_absences: int = 3  # absences in the subject
    cluster_alpha: float = 0.01  # after the correction
    cluster_whole_day_min_lessons: int = 2  # a day counts as "whole day" from this many

    # Rising absence / lateness: the share of lessons missed (or late) in the last
    # `trend_recent_weeks` weeks against the `trend_earlier_weeks` weeks before.
    trend_recent_weeks: int = 4
    trend_earlier_weeks: int = 8
    trend_min_lessons: int = 40  # scheduled lessons on each side
    trend_weeks_up: int = 2  # recent weeks that must each be above the earlier level
    absence_trend_rise: float = 0.10
    absence_trend_min_events: int = 4
    lateness_trend_rise: float = 0.05
    lateness_trend_min_events: int = 4

    # Missing homework: `homework_streak` items in a row not done in one subject, or
    # `homework_streak_overall` in a row across two or more subjects, with the streak's
    # last item due within the last `homework_weeks` weeks.
    homework_streak: int = 3
    homework_streak_overall: int = 5
    homework_weeks: int = 6


DEFAULT_SETTINGS = DetectorSettings()
