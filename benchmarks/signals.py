"""Signal detection at scale: one school year (38 weeks, 30 lessons a week) of lesson
attendance for 10,000 students (11.4 million rows), plus grades, homework and a few
changes at home, generated with numpy (no Python object per row) and with patterns
planted for the detectors to find.

Timed:
- load: the numpy columns into SchoolData's DuckDB tables (SchoolData.from_columns);
- detection: detect_all on those tables, evidence rows included;
- floor: the same aggregates computed with DuckDB directly on the same tables (grade
  averages per window, life-event windows, lessons and absences per student and subject
  outside whole days off, weekly absence and lateness shares, homework runs), each
  materialised into a temporary table — what any implementation has to compute, without
  the statistics, thresholds, evidence and Signal objects.
The ratio detection / floor is printed (target ≤ 2×), never asserted; peak memory is the
highest resident set size of the process seen during each phase (sampled every 10 ms).

Run alone with `python -m benchmarks.signals [--students 1000]`; `make bench` runs it at
full size (10,000 students).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable

import numpy as np

from driehoek.signals.detection import DEFAULT_SETTINGS, SchoolData, SignalKind, detect_all

START = datetime.date(2025, 9, 1)  # a Monday
WEEKS = 38
HOURS = 6  # lessons a day
SUBJECTS = ["ne", "en", "wi", "gs", "ak", "bi", "na", "sk", "ec", "fa", "lo", "mu"]
PER_WEEK = [4, 3, 4, 2, 2, 2, 3, 2, 2, 2, 2, 2]  # lessons per week per subject (30)
GYM = SUBJECTS.index("lo")
EPOCH = datetime.date(1970, 1, 1)


def generate(students: int, seed: int = 20252026) -> dict[str, dict[str, object]]:
    """Columns for SchoolData.from_columns, vectorised. Planted: 1% of students miss gym,
    1% are absent more and more in the last five weeks, 1% come late more and more, 2%
    have a change at home after which their grades drop."""
    rng = np.random.default_rng(seed)
    slots = 5 * HOURS
    classes = max(1, students // 25)
    base = np.repeat(np.arange(len(SUBJECTS), dtype=np.int16), PER_WEEK)
    timetable = np.stack([rng.permutation(base) for _ in range(classes)])  # class × slot
    student_class = np.arange(students) % classes

    per_student = WEEKS * slots
    n = students * per_student
    student = np.repeat(np.arange(students, dtype=np.int32), per_student)
    week = np.tile(np.repeat(np.arange(WEEKS, dtype=np.int32), slots), students)
    slot = np.tile(np.arange(slots, dtype=np.int32), students * WEEKS)
    day = (START - EPOCH).days + week * 7 + slot // HOURS
    hour = (slot % HOURS + 1).astype(np.int8)
    subject = timetable[student_class[student], slot]

    status = np.zeros(n, dtype=np.int8)
    chance = rng.beta(1.2, 60.0, students).astype(np.float32)  # own absence rate
    status[rng.random(n, dtype=np.float32) < chance[student]] = 1
    sick = rng.random(students * WEEKS * 5, dtype=np.float32) < 0.012  # whole days off
    status[sick[(student * WEEKS + week) * 5 + slot // HOURS]] = 1
    status[(status == 0) & (rng.random(n, dtype=np.float32) < 0.015)] = 3  # late
    planted = rng.permutation(students)
    gym_students = planted[: students // 100]
    trend_students = planted[students // 100 : 2 * students // 100]
    late_students = planted[2 * students // 100 : 3 * students // 100]
    event_students = planted[3 * students // 100 : 5 * students // 100]
    roll = rng.random(n, dtype=np.float32)
    gym = np.isin(student, gym_students) & (subject == GYM) & (roll < 0.5)
    status[gym] = 1
    rising = np.isin(student, trend_students) & (week >= WEEKS - 5)
    status[rising & (roll < 0.08 * (week - (WEEKS - 6)))] = 2
    later = np.isin(student, late_students) & (week >= WEEKS - 5) & (status == 0)
    status[later & (roll < 0.05 * (week - (WEEKS - 6)))] = 3
    attendance = {
        "student": (student, [f"{number:06d}" for number in range(students)]),
        "date": day,
        "hour": hour,
        "subject": (subject, SUBJECTS),
        "status": status,
    }

    # Grades: one a fortnight per subject, ~19 a subject a year; after a change at home
    # the student's grades fall by 1.5.
    per_grade = len(SUBJECTS) * (WEEKS // 2)
    g_student = np.repeat(np.arange(students, dtype=np.int32), per_grade)
    g_subject = np.tile(np.arange(len(SUBJECTS), dtype=np.int16), students * (WEEKS // 2))
    g_fortnight = np.tile(np.repeat(np.arange(WEEKS // 2), len(SUBJECTS)), students)
    g_day = (START - EPOCH).days + g_fortnight * 14 + rng.integers(0, 10, g_student.size)
    level = rng.normal(6.8, 0.8, students)
    grade = level[g_student] + rng.normal(0, 0.9, g_student.size)
    event_day = (START - EPOCH).days + rng.integers(20 * 7, 32 * 7, event_students.size)
    event_of = np.full(students, 1 << 30)
    event_of[event_students] = event_day
    grade[g_day >= event_of[g_student]] -= 1.5
    grades = {
        "student": (g_student, attendance["student"][1]),
        "subject": (g_subject, SUBJECTS),
        "date": g_day,
        "grade": np.clip(np.round(grade, 1), 1.0, 10.0),
        "weight": rng.choice([1.0, 1.0, 2.0, 3.0], g_student.size),
    }
    # Homework: weekly per subject for six subjects; 8% not done, runs for a few.
    per_hw = 6 * WEEKS
    h_student = np.repeat(np.arange(students, dtype=np.int32), per_hw)
    h_subject = np.tile(np.arange(6, dtype=np.int16), students * WEEKS)
    h_week = np.tile(np.repeat(np.arange(WEEKS), 6), students)
    homework = {
        "student": (h_student, attendance["student"][1]),
        "subject": (h_subject, SUBJECTS),
        "due": (START - EPOCH).days + h_week * 7 + 3,
        "done": rng.random(h_student.size) >= 0.08,
    }
    life_events = {
        "student": (event_students.astype(np.int32), attendance["student"][1]),
        "date": event_day,
        "kind": np.array(["scheiding"] * event_students.size, dtype=object),
    }
    return {
        "attendance": attendance,
        "grades": grades,
        "homework": homework,
        "life_events": life_events,
    }


def floor(data: SchoolData, today: datetime.date) -> None:
    """The aggregates behind the detectors, straight in DuckDB (see the module doc)."""
    s = DEFAULT_SETTINGS
    cursor = data.cursor()
    days = datetime.timedelta(days=7)
    queries = [
        # Grade averages in the two windows, per subject and overall.
        """SELECT student, subject,
               sum(grade * weight) FILTER (WHERE date >= $recent) / sum(weight)
                   FILTER (WHERE date >= $recent) AS after,
               sum(grade * weight) FILTER (WHERE date < $recent) / sum(weight)
                   FILTER (WHERE date < $recent) AS before,
               count(*) FILTER (WHERE date >= $recent), count(*) FILTER (WHERE date < $recent)
           FROM grades WHERE date < $today AND date >= $earlier AND weight > 0
           GROUP BY GROUPING SETS ((student, subject), (student))""",
        # Life events: grades and attendance in the weeks before and after.
        """SELECT e.rid, avg(g.grade) FILTER (WHERE g.date < e.date),
               avg(g.grade) FILTER (WHERE g.date >= e.date)
           FROM life_events e JOIN grades g ON g.student = e.student
               AND g.date >= e.date - 56 AND g.date < e.date + 56 GROUP BY e.rid""",
        """SELECT e.rid, count(*) FILTER (WHERE a.date < e.date),
               count(*) FILTER (WHERE a.date < e.date AND a.status IN (1, 2)),
               count(*) FILTER (WHERE a.date >= e.date),
               count(*) FILTER (WHERE a.date >= e.date AND a.status IN (1, 2))
           FROM life_events e JOIN attendance a ON a.student = e.student
               AND a.date >= e.date - 56 AND a.date < e.date + 56 GROUP BY e.rid""",
        # Lessons and absences per student and subject, whole days off left out.
        """WITH a AS (SELECT student, date, subject, status IN (1, 2) AS absent
                      FROM attendance WHERE date < $today AND date >= $cluster),
           d AS (SELECT student, date FROM a GROUP BY student, date
                 HAVING count(*) >= 2 AND bool_and(absent)),
           w AS (SELECT student, subject, count(*) AS lessons
                 FROM a SEMI JOIN d USING (student, date) GROUP BY ALL)
           SELECT student, subject, count(*) - coalesce(any_value(w.lessons), 0),
                  count(*) FILTER (WHERE absent) - coalesce(any_value(w.lessons), 0)
           FROM a LEFT JOIN w USING (student, subject) GROUP BY student, subject""",
        # Weekly absence and lateness per student.
        """SELECT student, ($today - date - 1) // 7 AS week, count(*),
               count(*) FILTER (WHERE status IN (1, 2)), count(*) FILTER (WHERE status = 3)
           FROM attendance WHERE date < $today AND date >= $trend GROUP BY ALL""",
        # Homework runs, per subject and across subjects.
        """WITH h AS (SELECT student, subject, due, done,
               sum(done::INTEGER) OVER (PARTITION BY student, subject ORDER BY due, done DESC
                                        ROWS UNBOUNDED PRECEDING) AS grp
               FROM homework WHERE due < $today)
           SELECT student, subject, grp, count(*), min(due), max(due) FROM h
           WHERE NOT done GROUP BY ALL""",
        """WITH h AS (SELECT student, subject, due, done,
               sum(done::INTEGER) OVER (PARTITION BY student ORDER BY due, done DESC, subject
                                        ROWS UNBOUNDED PRECEDING) AS grp
               FROM homework WHERE due < $today)
           SELECT student, grp, count(*), count(DISTINCT subject), min(due), max(due) FROM h
           WHERE NOT done GROUP BY ALL""",
    ]
    parameters = {
        "today": today,
        "recent": today - s.grade_recent_weeks * days,
        "earlier": today - (s.grade_recent_weeks + s.grade_earlier_weeks) * days,
        "cluster": today - s.cluster_weeks * days,
        "trend": today - (s.trend_recent_weeks + s.trend_earlier_weeks) * days,
    }
    for number, query in enumerate(queries):
        used = {key: value for key, value in parameters.items() if f"${key}" in query}
        cursor.execute(
            f"CREATE OR REPLACE TEMP TABLE floor_{number} AS {query}",  # noqa: S608
            used,
        )


class PeakMemory:
    """The highest resident set size (MB) seen while the block runs."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()

    @staticmethod
    def rss() -> float:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(0.01)

    def __enter__(self) -> PeakMemory:
        self.peak = self.rss()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.rss())


def _timed(action: Callable[[], object]) -> tuple[float, float, float, object]:
    """Wall seconds, CPU seconds of the process (all DuckDB threads included), peak RSS."""
    with PeakMemory() as memory:
        started, cpu = time.perf_counter(), time.process_time()
        result = action()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return seconds, cpu, memory.peak, result


def run(students: int = 10_000, repeat: int = 2) -> None:
    started = time.perf_counter()
    columns = generate(students)
    rows = len(columns["attendance"]["date"])  # type: ignore[arg-type]
    grades = len(columns["grades"]["date"])  # type: ignore[arg-type]
    homework = len(columns["homework"]["due"])  # type: ignore[arg-type]
    generated = time.perf_counter() - started
    today = START + datetime.timedelta(days=7 * WEEKS - 2)  # the Saturday after the year

    data = SchoolData.from_columns(**columns)  # type: ignore[arg-type]
    load, load_cpu, load_peak, _ = _timed(lambda: data.con)
    del columns
    detections, floors, detect_cpus, floor_cpus = [], [], [], []
    signals: list = []
    detect_peak = floor_peak = 0.0
    for _ in range(repeat):  # alternate, so both see the same machine load
        seconds, cpu, peak, found = _timed(lambda: detect_all(data, today=today))
        signals = found  # type: ignore[assignment]
        detections.append(seconds)
        detect_cpus.append(cpu)
        detect_peak = max(detect_peak, peak)
        seconds, cpu, peak, _ = _timed(lambda: floor(data, today))
        floors.append(seconds)
        floor_cpus.append(cpu)
        floor_peak = max(floor_peak, peak)
    detect, base = statistics.median(detections), statistics.median(floors)
    detect_cpu, floor_cpu = statistics.median(detect_cpus), statistics.median(floor_cpus)
    kinds: dict[str, int] = {}
    for signal in signals:
        kinds[signal.kind.value] = kinds.get(signal.kind.value, 0) + 1
    evidence = sum(len(signal.evidence) for signal in signals)

    print(f"\nSignal detection: {students:,} students, one school year")
    print(
        f"  rows: {rows:,} lessons, {grades:,} grades, {homework:,} homework items "
        f"(generated in {generated:.1f} s)"
    )
    print(f"  {'':33}{'wall':>6}   {'CPU':>7}   {'peak RSS':>10}")
    for label, wall, cpu, peak in (
        ("load into DuckDB (from_columns):", load, load_cpu, load_peak),
        ("floor (DuckDB aggregates):", base, floor_cpu, floor_peak),
        ("detection (detect_all):", detect, detect_cpu, detect_peak),
    ):
        print(f"  {label:<33}{wall:6.2f} s {cpu:7.2f} s {peak:7.0f} MB")
    print(
        f"  ratio detection / floor: {detect / base:.2f}× wall, {detect_cpu / floor_cpu:.2f}× CPU"
        " (target ≤ 2×)"
    )
    print(
        f"  median of {repeat}; wall detection {', '.join(f'{s:.2f}' for s in detections)} s,"
        f" floor {', '.join(f'{s:.2f}' for s in floors)} s"
    )
    print(
        f"  signals: {len(signals):,} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}),"
        f" {evidence:,} evidence rows"
    )
    planted = {
        SignalKind.SUBJECT_ABSENCE_CLUSTER.value: students // 100,
        SignalKind.ABSENCE_TREND.value: students // 100,
        SignalKind.LATENESS_TREND.value: students // 100,
        SignalKind.LIFE_EVENT_FOLLOW_UP.value: 2 * students // 100,
    }
    print(f"  planted: {', '.join(f'{k} {v}' for k, v in planted.items())}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=2)
    options = parser.parse_args(argv)
    run(options.students, options.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
