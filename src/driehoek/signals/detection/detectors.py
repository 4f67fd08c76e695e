"""The detectors: one function per rule, each SQL over SchoolData's DuckDB tables.

Every detector looks only at data dated before `today` and returns Signals with the
evidence (the rows) behind them. docs/signals.md gives each rule with its reasoning; the
thresholds are DetectorSettings. A signal is a reason for a conversation, never a verdict.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from driehoek.signals.detection.data import SchoolData
from driehoek.signals.detection.records import Evidence, Signal, SignalKind
from driehoek.signals.detection.settings import DEFAULT_SETTINGS, DetectorSettings
from driehoek.signals.detection.texts import CHANGES, FIRST_STEPS, summary

# Float comparisons against thresholds allow for binary rounding (7.1 - 6.1 < 1.0).
EPSILON = 1e-9
ABSENT = "status IN (1, 2)"
LATE = "status = 3"


def make_key(kind: SignalKind, student: str, subject: str | None, anchor: str = "") -> str:
    """Stable for the same finding: kind, student, subject and, where the rule has one,
    an anchor that does not move as more data arrives (the date of the life event, the
    first item of a homework streak). Hashed, so keys have a fixed length and do not
    carry student numbers into logs."""
    text = "\x1f".join((kind.value, student, subject or "", anchor))
    return f"{kind.value}:{hashlib.sha256(text.encode()).hexdigest()[:24]}"


def _weeks(today: datetime.date, weeks: int) -> datetime.date:
    return today - datetime.timedelta(days=7 * weeks)


def _pct(rate: float) -> float:
    return round(100.0 * rate, 1)


def _signal(
    kind: SignalKind,
    student: str,
    subject: str | None,
    today: datetime.date,
    measures: dict[str, Any],
    evidence: Sequence[Evidence],
    anchor: str = "",
) -> Signal:
    if subject is not None:
        measures = {"subject": subject, **measures}
    return Signal(
        kind=kind,
        student=student,
        subject=subject,
        detected_on=today,
        key=make_key(kind, student, subject, anchor),
        measures=measures,
        evidence=tuple(evidence),
        summary=summary(kind, measures),
        suggested_first_step=FIRST_STEPS[kind],
    )


def _evidence(data: SchoolData, table: str, rid_lists: list[list[int]]) -> list[list[Any]]:
    """The rows behind each signal, fetched in one go for all of them."""
    found = data.rows(table, (rid for rids in rid_lists for rid in rids))
    return [[found[rid] for rid in rids] for rids in rid_lists]


# ---------------------------------------------------------------------------------------


def detect_grade_drop(
    data: SchoolData, *, today: datetime.date, settings: DetectorSettings = DEFAULT_SETTINGS
) -> list[Signal]:
    """Grade drop: the student's recent weighted average against their own earlier one.

    Rule: recent = grades of the last `grade_recent_weeks` weeks before today, earlier =
    the `grade_earlier_weeks` weeks before those. Weighted average = Σ grade·weight / Σ
    weight (weight-0 grades left out). Fires, per subject, when the earlier average minus
    the recent one is at least `grade_drop_subject` with at least `grade_min_subject`
    grades on each side; and for all subjects together at `grade_drop_overall` with
    `grade_min_overall` grades on each side. Comparing a student with themselves (not with
    the class) is what makes a drop from 8.5 to 7.0 as visible as one from 6.5 to 5.0.
    Evidence: the grades of both periods.
    """
    s = settings
    recent_start = _weeks(today, s.grade_recent_weeks)
    earlier_start = _weeks(recent_start, s.grade_earlier_weeks)
    found = (
        data.cursor()
        .execute(
            """
        WITH g AS (
            SELECT rid, student, subject, date, grade, weight, date >= $recent AS recent
            FROM grades WHERE date < $today AND date >= $earlier AND weight > 0
        ), agg AS (
            SELECT student, subject, GROUPING(subject) = 1 AS overall,
                sum(grade * weight) FILTER (WHERE NOT recent)
                    / sum(weight) FILTER (WHERE NOT recent) AS before,
                sum(grade * weight) FILTER (WHERE recent)
                    / sum(weight) FILTER (WHERE recent) AS after,
                count(*) FILTER (WHERE NOT recent) AS n_before,
                count(*) FILTER (WHERE recent) AS n_after
            FROM g GROUP BY GROUPING SETS ((student, subject), (student))
        ), fired AS (
            SELECT * FROM agg
            WHERE n_before >= CASE WHEN overall THEN $min_overall ELSE $min_subject END
              AND n_after >= CASE WHEN overall THEN $min_overall ELSE $min_subject END
              AND before - after
                  >= CASE WHEN overall THEN $drop_overall ELSE $drop_subject END - $eps
        )
        SELECT f.student, f.subject, f.overall, f.before, f.after, f.n_before, f.n_after,
               list(g.rid ORDER BY g.date, g.subject, g.grade, g.weight, g.rid) AS rids
        FROM fired f JOIN g ON g.student = f.student AND (f.overall OR g.subject = f.subject)
        GROUP BY ALL
        """,
            {
                "today": today,
                "recent": recent_start,
                "earlier": earlier_start,
                "min_overall": s.grade_min_overall,
                "min_subject": s.grade_min_subject,
                "drop_overall": s.grade_drop_overall,
                "drop_subject": s.grade_drop_subject,
                "eps": EPSILON,
            },
        )
        .fetchall()
    )
    evidence = _evidence(data, "grades", [row[-1] for row in found])
    signals = []
    for (student, subject, overall, before, after, n_before, n_after, _rids), rows in zip(
        found, evidence, strict=True
    ):
        measures = {
            "before": round(before, 2),
            "after": round(after, 2),
            "drop": round(before - after, 2),
            "grades_before": n_before,
            "grades_after": n_after,
            "recent_weeks": s.grade_recent_weeks,
            "earlier_weeks": s.grade_earlier_weeks,
            "since": recent_start.isoformat(),
        }
        signals.append(
            _signal(
                SignalKind.GRADE_DROP, student, None if overall else subject, today, measures, rows
            )
        )
    return signals


def detect_life_event_follow_up(
    data: SchoolData, *, today: datetime.date, settings: DetectorSettings = DEFAULT_SETTINGS
) -> list[Signal]:
    """Life-event follow-up: a change in grades or attendance after a change at home.

    Rule: for each life event in the last `life_event_lookback_weeks` weeks, compare the
    `life_event_weeks` weeks after it (from the event's date, up to today) with the same
    number of weeks before it. Fires when at least one of:
    - grades: the weighted average fell by `life_event_grade_drop` or more, with
      `life_event_min_grades` grades on each side;
    - absence or lateness: its share of lessons rose by `life_event_rate_rise` (0–1) or
      more, with `life_event_min_lessons` lessons on each side and at least
      `life_event_min_events` absences (late arrivals) after the event.
    The bar is lower than for a plain grade drop: the parents' own entry already says
    something changed, so a smaller effect is worth a check-in. One signal per event,
    keyed on the event's date. Evidence: the event, the grades of both periods (if grades
    changed) and the absences / late arrivals of both periods (if attendance changed).
    """
    s = settings
    width = 7 * s.life_event_weeks
    found = (
        data.cursor()
        .execute(
            f"""
        WITH e AS (
            SELECT rid AS erid, student, date AS edate, kind FROM life_events
            WHERE date < $today AND date >= $lookback
        ), gr AS (
            SELECT e.erid,
                sum(g.grade * g.weight) FILTER (WHERE g.date < e.edate)
                    / sum(g.weight) FILTER (WHERE g.date < e.edate) AS grade_before,
                sum(g.grade * g.weight) FILTER (WHERE g.date >= e.edate)
                    / sum(g.weight) FILTER (WHERE g.date >= e.edate) AS grade_after,
                count(*) FILTER (WHERE g.date < e.edate) AS grades_before,
                count(*) FILTER (WHERE g.date >= e.edate) AS grades_after,
                list(g.rid ORDER BY g.date, g.subject, g.grade, g.weight, g.rid) AS grade_rids
            FROM e JOIN grades g ON g.student = e.student AND g.weight > 0
                AND g.date >= e.edate - $width AND g.date < least(e.edate + $width, $today)
            GROUP BY e.erid
        ), att AS (
            SELECT e.erid,
                count(*) FILTER (WHERE a.date < e.edate) AS lessons_before,
                count(*) FILTER (WHERE a.date >= e.edate) AS lessons_after,
                count(*) FILTER (WHERE a.date < e.edate AND a.{ABSENT}) AS absent_before,
                count(*) FILTER (WHERE a.date >= e.edate AND a.{ABSENT}) AS absent_after,
                count(*) FILTER (WHERE a.date < e.edate AND a.{LATE}) AS late_before,
                count(*) FILTER (WHERE a.date >= e.edate AND a.{LATE}) AS late_after,
                list(a.rid ORDER BY a.date, a.hour, a.rid) FILTER (WHERE a.{ABSENT})
                    AS absent_rids,
                list(a.rid ORDER BY a.date, a.hour, a.rid) FILTER (WHERE a.{LATE})
                    AS late_rids
            FROM e JOIN attendance a ON a.student = e.student
                AND a.date >= e.edate - $width AND a.date < least(e.edate + $width, $today)
            GROUP BY e.erid
        )
        SELECT e.erid, e.student, e.edate, e.kind,
            gr.grade_before, gr.grade_after, gr.grades_before, gr.grades_after, gr.grade_rids,
            att.lessons_before, att.lessons_after, att.absent_before, att.absent_after,
            att.late_before, att.late_after, att.absent_rids, att.late_rids
        FROM e LEFT JOIN gr USING (erid) LEFT JOIN att USING (erid)
        ORDER BY e.student, e.edate, e.erid
        """,  # noqa: S608 (only the module's own constants are formatted in)
            {
                "today": today,
                "lookback": _weeks(today, s.life_event_lookback_weeks),
                "width": width,
            },
        )  # fmt: skip
        .fetchall()
    )
    fired: list[tuple[str, datetime.date, int, dict[str, Any], dict[str, list[int]]]] = []
    seen: set[tuple[str, datetime.date]] = set()
    for (
        erid, student, edate, _kind, grade_before, grade_after, grades_before, grades_after,
        grade_rids, lessons_before, lessons_after, absent_before, absent_after, late_before,
        late_after, absent_rids, late_rids,
    ) in found:  # fmt: skip
        if (student, edate) in seen:
            continue  # two entries on the same day: one follow-up
        measures: dict[str, Any] = {
            "event_date": edate.isoformat(),
            "weeks": s.life_event_weeks,
        }
        changes = []
        rids: dict[str, list[int]] = {"grades": [], "attendance": []}
        if (
            grades_before
            and grades_after
            and grades_before >= s.life_event_min_grades
            and grades_after >= s.life_event_min_grades
            and grade_before - grade_after >= s.life_event_grade_drop - EPSILON
        ):
            changes.append("grades")
            measures |= {
                "grade_before": round(grade_before, 2),
                "grade_after": round(grade_after, 2),
                "grades_before": grades_before,
                "grades_after": grades_after,
            }
            rids["grades"] = grade_rids
        if (
            lessons_before
            and lessons_after
            and lessons_before >= s.life_event_min_lessons
            and lessons_after >= s.life_event_min_lessons
        ):
            for name, before, after, event_rids in (
                ("absence", absent_before, absent_after, absent_rids),
                ("late", late_before, late_after, late_rids),
            ):
                rate_before = before / lessons_before
                rate_after = after / lessons_after
                if (
                    after >= s.life_event_min_events
                    and rate_after - rate_before >= s.life_event_rate_rise - EPSILON
                ):
                    changes.append("lateness" if name == "late" else name)
                    measures |= {
                        f"{name}_before_pct": _pct(rate_before),
                        f"{name}_after_pct": _pct(rate_after),
                        f"{name}_before": before,
                        f"{name}_after": after,
                        "lessons_before": lessons_before,
                        "lessons_after": lessons_after,
                    }
                    rids["attendance"] += event_rids or []
        if not changes:
            continue
        seen.add((student, edate))
        measures["changes"] = ", ".join(CHANGES[change] % measures for change in changes)
        measures["changed"] = ",".join(changes)
        fired.append((student, edate, erid, measures, rids))
    # The evidence of all follow-ups in one query per table.
    events = data.rows("life_events", (erid for _s, _d, erid, _m, _r in fired))
    grades = data.rows("grades", (r for *_rest, rids in fired for r in rids["grades"]))
    lessons = data.rows("attendance", (r for *_rest, rids in fired for r in rids["attendance"]))
    signals = []
    for student, edate, erid, measures, rids in fired:
        evidence = [events[erid], *(grades[r] for r in rids["grades"])]
        evidence += sorted(
            (lessons[r] for r in set(rids["attendance"])), key=lambda row: (row.date, row.hour)
        )
        signals.append(
            _signal(
                SignalKind.LIFE_EVENT_FOLLOW_UP,
                student,
                None,
                today,
                measures,
                evidence,
                anchor=edate.isoformat(),
            )
        )
    return signals


CLUSTER_STATISTICS = f"""
    a AS (
        SELECT student, date, subject, {ABSENT} AS absent FROM attendance
        WHERE date < $today AND date >= $start
    ), whole_days AS (
        SELECT student, date FROM a GROUP BY student, date
        HAVING count(*) >= $whole_min AND bool_and(absent)
    ), per_all AS (
        SELECT student, subject, count(*) AS lessons, count(*) FILTER (WHERE absent) AS k
        FROM a GROUP BY student, subject
    ), per_whole AS (
        SELECT student, subject, count(*) AS lessons
        FROM a SEMI JOIN whole_days USING (student, date) GROUP BY student, subject
    ), per AS (
        -- On a whole day off every lesson is an absence: subtract them from both counts.
        SELECT p.student, p.subject, p.lessons - coalesce(w.lessons, 0) AS lessons,
               p.k - coalesce(w.lessons, 0) AS k
        FROM per_all p LEFT JOIN per_whole w USING (student, subject)
    ), tot AS (
        SELECT student, sum(lessons)::BIGINT AS total_lessons, sum(k)::BIGINT AS n,
               count(*) FILTER (WHERE lessons > 0) AS m
        FROM per GROUP BY student
    ), cand AS (
        SELECT per.student, per.subject, per.lessons, per.k, tot.total_lessons, tot.n, tot.m,
               per.lessons / tot.total_lessons AS p
        FROM per JOIN tot USING (student)
        WHERE per.k >= $min_k AND per.k > tot.n * per.lessons / tot.total_lessons
    ), terms AS (
        SELECT student, subject, n, p, unnest(range(k, n + 1)) AS j FROM cand
    ), tail AS (
        -- P(X >= k) for X ~ Binomial(n, p): the exact sum of the upper terms, each
        -- computed in log space (lgamma) so large n neither overflows nor underflows.
        SELECT student, subject,
               sum(exp(lgamma(n + 1) - lgamma(j + 1) - lgamma(n - j + 1)
                       + j * ln(p) + (n - j) * ln(1 - p))) AS tail
        FROM terms GROUP BY student, subject
    ), tested AS (
        SELECT cand.*, least(1.0, tail.tail) AS p_value,
               least(1.0, tail.tail * cand.m) AS adjusted
        FROM cand JOIN tail USING (student, subject)
    )
"""  # noqa: S608 (only the module's own constants are formatted in)


def detect_subject_absence_cluster(
    data: SchoolData, *, today: datetime.date, settings: DetectorSettings = DEFAULT_SETTINGS
) -> list[Signal]:
    """Absence clustered in one subject, against the student's own lesson mix.

    Rule, over the last `cluster_weeks` weeks: first leave out every day on which the
    student missed all scheduled lessons (at least `cluster_whole_day_min_lessons` of them)
    — a sick day or a family trip says nothing about a subject. Of the remaining lessons,
    let n be the student's absences (authorised or not), k those in subject S, and p the
    share of S in the student's remaining scheduled lessons. If absences fell at random
    over the lessons, k would follow Binomial(n, p). The signal fires when k is at least
    `cluster_min_absences`, k is above the expected n·p, and the exact binomial upper tail
    P(X ≥ k) times the number of subjects the student has (Bonferroni correction: one
    test per subject) is at most `cluster_alpha`.
    So three gym lessons missed out of three absences fires for a student with 2 gym
    lessons in 29 a week (p ≈ 0.069: P ≈ 0.0003, ×10 subjects ≈ 0.003), while a week
    off sick does not (whole days are left out, and anyway it spreads like the mix).
    Evidence: the absences in S outside whole days.
    """
    s = settings
    found = (
        data.cursor()
        .execute(
            f"""
        WITH {CLUSTER_STATISTICS}, fired AS (SELECT * FROM tested WHERE adjusted <= $alpha),
        ev AS (
            SELECT rid, student, date, hour, subject, {ABSENT} AS absent FROM attendance
            WHERE date < $today AND date >= $start
              AND student IN (SELECT student FROM fired)
        ), ev_whole AS (
            SELECT student, date FROM ev GROUP BY student, date
            HAVING count(*) >= $whole_min AND bool_and(absent)
        )
        SELECT f.student, f.subject, f.k, f.n, f.lessons, f.total_lessons, f.m, f.p,
               f.p_value, f.adjusted,
               (SELECT count(*) FROM ev_whole w WHERE w.student = f.student) AS whole_days,
               list(e.rid ORDER BY e.date, e.hour, e.rid) AS rids
        FROM fired f JOIN ev e ON e.student = f.student AND e.subject = f.subject AND e.absent
        WHERE NOT EXISTS (
            SELECT 1 FROM ev_whole w WHERE w.student = e.student AND w.date = e.date
        )
        GROUP BY ALL
        """,  # noqa: S608 (only the module's own constants are formatted in)
            {
                "today": today,
                "start": _weeks(today, s.cluster_weeks),
                "whole_min": s.cluster_whole_day_min_lessons,
                "min_k": s.cluster_min_absences,
                "alpha": s.cluster_alpha,
            },
        )
        .fetchall()
    )
    evidence = _evidence(data, "attendance", [row[-1] for row in found])
    signals = []
    for (student, subject, k, n, lessons, total, m, p, p_value, adjusted, whole_days, _r), rows in (
        zip(found, evidence, strict=True)
    ):  # fmt: skip
        measures = {
            "absences": k,
            "all_absences": n,
            "lessons": lessons,
            "all_lessons": total,
            "share_pct": _pct(p),
            "expected": round(n * p, 2),
            "p_value": float(f"{p_value:.3g}"),
            "p_adjusted": float(f"{adjusted:.3g}"),
            "subjects": m,
            "whole_days_left_out": whole_days,
            "weeks": s.cluster_weeks,
        }
        signals.append(
            _signal(SignalKind.SUBJECT_ABSENCE_CLUSTER, student, subject, today, measures, rows)
        )
    return signals


_TREND_EVENTS = {SignalKind.ABSENCE_TREND: ABSENT, SignalKind.LATENESS_TREND: LATE}


def _trends(
    data: SchoolData,
    *,
    kinds: tuple[SignalKind, ...],
    today: datetime.date,
    settings: DetectorSettings,
) -> list[Signal]:
    """Absence and lateness trends in one pass over the attendance."""
    s = settings
    recent = s.trend_recent_weeks
    found = (
        data.cursor()
        .execute(
            f"""
        WITH a AS (
            SELECT student, status, CAST((($today - date) - 1) // 7 AS INTEGER) AS wb
            FROM attendance WHERE date < $today AND date >= $start
        ), w AS (
            SELECT student, wb, count(*) AS lessons,
                   count(*) FILTER (WHERE {ABSENT}) AS absent,
                   count(*) FILTER (WHERE {LATE}) AS late
            FROM a GROUP BY student, wb
        ), long AS (
            SELECT student, wb, lessons, 'absence_trend' AS kind, absent AS events,
                   $absence_rise AS rise, $absence_min AS min_events FROM w
            WHERE $with_absence
            UNION ALL
            SELECT student, wb, lessons, 'lateness_trend', late, $late_rise, $late_min FROM w
            WHERE $with_late
        ), s AS (
            SELECT student, kind, any_value(rise) AS rise, any_value(min_events) AS min_events,
                sum(lessons) FILTER (WHERE wb < $recent) AS lessons_recent,
                sum(events) FILTER (WHERE wb < $recent) AS events_recent,
                sum(lessons) FILTER (WHERE wb >= $recent) AS lessons_earlier,
                sum(events) FILTER (WHERE wb >= $recent) AS events_earlier,
                regr_slope(events / lessons, -wb) AS slope
            FROM long GROUP BY student, kind
        ), c AS (
            SELECT *, events_recent / lessons_recent AS rate_recent,
                   events_earlier / lessons_earlier AS rate_earlier
            FROM s
            WHERE lessons_recent >= $min_lessons AND lessons_earlier >= $min_lessons
              AND events_recent >= min_events
              AND events_recent / lessons_recent - events_earlier / lessons_earlier
                  >= rise - $eps
        ), up AS (
            SELECT c.student, c.kind, count(*) AS weeks_up
            FROM c JOIN long l ON l.student = c.student AND l.kind = c.kind
            WHERE l.wb < $recent AND l.events / l.lessons >= c.rate_earlier + c.rise - $eps
            GROUP BY c.student, c.kind
        ), fired AS (
            SELECT c.*, up.weeks_up FROM c JOIN up USING (student, kind)
            WHERE up.weeks_up >= $weeks_up
        ), ev AS (
            SELECT rid, student, date, hour, status FROM attendance
            WHERE date < $today AND date >= $start AND status <> 0
              AND student IN (SELECT student FROM fired)
        )
        SELECT f.kind, f.student, f.rate_recent, f.rate_earlier, f.events_recent,
               f.events_earlier, f.lessons_recent, f.lessons_earlier, f.slope, f.weeks_up,
               list(e.rid ORDER BY e.date, e.hour, e.rid) AS rids
        FROM fired f JOIN ev e ON e.student = f.student
            AND CASE WHEN f.kind = 'absence_trend' THEN e.{ABSENT} ELSE e.{LATE} END
        GROUP BY ALL
        """,  # noqa: S608 (only the module's own constants are formatted in)
            {
                "today": today,
                "start": _weeks(today, recent + s.trend_earlier_weeks),
                "recent": recent,
                "min_lessons": s.trend_min_lessons,
                "absence_rise": s.absence_trend_rise,
                "absence_min": s.absence_trend_min_events,
                "late_rise": s.lateness_trend_rise,
                "late_min": s.lateness_trend_min_events,
                "with_absence": SignalKind.ABSENCE_TREND in kinds,
                "with_late": SignalKind.LATENESS_TREND in kinds,
                "weeks_up": s.trend_weeks_up,
                "eps": EPSILON,
            },
        )
        .fetchall()
    )
    evidence = _evidence(data, "attendance", [row[-1] for row in found])
    signals = []
    for row, rows in zip(found, evidence, strict=True):
        kind, student, rate_recent, rate_earlier, ev_recent, ev_earlier = row[:6]
        l_recent, l_earlier, slope, weeks_up = row[6:10]
        measures = {
            "rate_recent_pct": _pct(rate_recent),
            "rate_earlier_pct": _pct(rate_earlier),
            "events_recent": ev_recent,
            "events_earlier": ev_earlier,
            "lessons_recent": l_recent,
            "lessons_earlier": l_earlier,
            "weeks_up": weeks_up,
            "slope_pct_per_week": _pct(slope or 0.0),
            "recent_weeks": recent,
            "earlier_weeks": s.trend_earlier_weeks,
        }
        signals.append(_signal(SignalKind(kind), student, None, today, measures, rows))
    return signals


def detect_absence_trend(
    data: SchoolData, *, today: datetime.date, settings: DetectorSettings = DEFAULT_SETTINGS
) -> list[Signal]:
    """Rising absence: the share of lessons missed recently against earlier.

    Rule: recent = the last `trend_recent_weeks` weeks, earlier = the
    `trend_earlier_weeks` weeks before. Absence = absent authorised or unauthorised. Fires
    when the recent share is at least `absence_trend_rise` (0–1) above the earlier share,
    with `trend_min_lessons` scheduled lessons on each side, at least
    `absence_trend_min_events` absences recently, AND at least `trend_weeks_up` of the
    recent weeks each above the earlier share plus the rise — so one week off sick (one
    high week) is not a trend, while a rise that keeps on is. The least-squares slope of
    the weekly shares is reported as a measure. Evidence: the absences of both periods.
    """
    return _trends(data, kinds=(SignalKind.ABSENCE_TREND,), today=today, settings=settings)


def detect_lateness_trend(
    data: SchoolData, *, today: datetime.date, settings: DetectorSettings = DEFAULT_SETTINGS
) -> list[Signal]:
    """Rising lateness: the same rule as detect_absence_trend for the status "late",
    with `lateness_trend_rise` and `lateness_trend_min_events`."""
    return _trends(data, kinds=(SignalKind.LATENESS_TREND,), today=today, settings=settings)


def detect_homework_streak(
    data: SchoolData, *, today: datetime.date, settings: DetectorSettings = DEFAULT_SETTINGS
) -> list[Signal]:
    """Missing homework: a run of items in a row that were not done.

    Rule: order a student's homework items due before today by due date (items due the
    same day: done ones first, so a same-day done item breaks a run). A run of at least
    `homework_streak` not-done items in one subject fires for that subject; a run of at
    least `homework_streak_overall` across all subjects fires overall when it spans two
    or more subjects (a run in one subject is already the subject's signal). Only runs
    whose last item was due in the last `homework_weeks` weeks count. The key is anchored
    on the run's first item, so a run that grows stays one signal. Evidence: the run.
    """
    s = settings
    found = (
        data.cursor()
        .execute(
            """
        WITH h AS (
            SELECT rid, student, subject, due, done FROM homework WHERE due < $today
        ), per_subject AS (
            -- A run of not-done items shares the number of done items before it.
            SELECT *, sum(done::INTEGER) OVER (
                PARTITION BY student, subject ORDER BY due, done DESC, rid
                ROWS UNBOUNDED PRECEDING) AS grp
            FROM h
        ), overall AS (
            SELECT *, sum(done::INTEGER) OVER (
                PARTITION BY student ORDER BY due, done DESC, subject, rid
                ROWS UNBOUNDED PRECEDING) AS grp
            FROM h
        ), runs AS (
            SELECT student, subject, count(*) AS length, min(due) AS first_due,
                   max(due) AS last_due, 1 AS subjects,
                   list(rid ORDER BY due, rid) AS rids
            FROM per_subject WHERE NOT done GROUP BY student, subject, grp
            HAVING count(*) >= $streak AND max(due) >= $since
            UNION ALL
            SELECT student, NULL, count(*), min(due), max(due), count(DISTINCT subject),
                   list(rid ORDER BY due, subject, rid)
            FROM overall WHERE NOT done GROUP BY student, grp
            HAVING count(*) >= $streak_overall AND max(due) >= $since
               AND count(DISTINCT subject) >= 2
        )
        SELECT * FROM runs
        """,
            {
                "today": today,
                "streak": s.homework_streak,
                "streak_overall": s.homework_streak_overall,
                "since": _weeks(today, s.homework_weeks),
            },
        )
        .fetchall()
    )
    evidence = _evidence(data, "homework", [row[-1] for row in found])
    signals = []
    for (student, subject, length, first_due, last_due, subjects, _rids), rows in zip(
        found, evidence, strict=True
    ):
        first = min(rows, key=lambda row: (row.due, row.subject))
        measures = {
            "length": length,
            "first_due": first_due.isoformat(),
            "last_due": last_due.isoformat(),
        }
        if subject is None:
            measures["subjects"] = subjects
        anchor = f"{first.due.isoformat()}\x1f{first.subject}"
        signals.append(
            _signal(SignalKind.HOMEWORK_STREAK, student, subject, today, measures, rows, anchor)
        )
    return signals


def _both_trends(
    data: SchoolData, *, today: datetime.date, settings: DetectorSettings = DEFAULT_SETTINGS
) -> list[Signal]:
    kinds = (SignalKind.ABSENCE_TREND, SignalKind.LATENESS_TREND)
    return _trends(data, kinds=kinds, today=today, settings=settings)


Detector = Callable[..., list[Signal]]
DETECTORS: tuple[Detector, ...] = (
    detect_grade_drop,
    detect_life_event_follow_up,
    detect_subject_absence_cluster,
    detect_absence_trend,
    detect_lateness_trend,
    detect_homework_streak,
)


# detect_all runs both trends in one pass over the attendance.
_PLAN: tuple[Detector, ...] = (
    detect_grade_drop,
    detect_life_event_follow_up,
    detect_subject_absence_cluster,
    _both_trends,
    detect_homework_streak,
)


def detect_all(
    data: SchoolData,
    *,
    today: datetime.date | None,
    settings: DetectorSettings = DEFAULT_SETTINGS,
) -> list[Signal]:
    """Every detector on the data, as of `today` (None: the day after the last date in the
    data). Sorted by student, kind, subject and key, so the output is reproducible."""
    when = data.default_today() if today is None else today
    signals = [
        signal for detector in _PLAN for signal in detector(data, today=when, settings=settings)
    ]
    return sorted(signals, key=lambda s: (s.student, s.kind.value, s.subject or "", s.key))


__all__ = [
    "DETECTORS",
    "detect_absence_trend",
    "detect_all",
    "detect_grade_drop",
    "detect_homework_streak",
    "detect_lateness_trend",
    "detect_life_event_follow_up",
    "detect_subject_absence_cluster",
    "make_key",
]
