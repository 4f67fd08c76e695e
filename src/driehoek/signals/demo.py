"""Demo school data: a term of lessons, grades and homework for four classes of De Eem,
with a few planted patterns, then detection, so the demo mentor (2havo) sees signals.

Planted, all in 2havo unless said otherwise:
* Fleur (the demo student; her father reported a move on 17 October) — grades fall
  after the move, most in maths, Dutch and English: grade drops and a life-event
  follow-up;
* a student whose authorised absences ("ARTS") fall almost only in gym (LO);
* a student who arrives late in the first hour more and more in the last weeks;
* a student who did not hand in maths (WI) homework the last five weeks — the demo
  subject teacher (WI in 2havo) sees that one too;
* in 2vwo rising absence, in 3havo another gym cluster, in 1havo an English homework streak.

Everything else is ordinary noise (a sick day now and then, a late arrival, a missed
homework). Deterministic (fixed seed, fixed dates) and idempotent: a school that already
has demo attendance is left alone. About 45,000 lesson rows, written in bulk.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from decimal import Decimal

from django.db import transaction

from driehoek.roster.models import Group, School, Student, TeachingAssignment
from driehoek.signals.models import (
    AttendanceCode,
    AttendanceRecord,
    GradeRecord,
    HomeworkRecord,
    SchoolSignalSettings,
)

SEED = 90210
DEMO_SCHOOL = "21QK"
CLASSES = ("1havo", "2havo", "2vwo", "3havo")
TERM_START = datetime.date(2026, 8, 24)
#: The demo's "today" for detection: the last school day the data covers.
DEMO_UNTIL = datetime.date(2026, 11, 27)
AUTUMN_BREAK = (datetime.date(2026, 10, 19), datetime.date(2026, 10, 23))
HOURS = 6
#: Lessons a week per subject (the rest of the 30 hours is filled with study hours).
PER_WEEK = {"NE": 4, "EN": 3, "WI": 4, "LO": 2, "MEN": 1}
HOMEWORK_SUBJECTS = ("NE", "EN", "WI")
MOVE_DATE = datetime.date(2026, 10, 17)


def _school_days() -> Iterator[datetime.date]:
    day = TERM_START
    while day <= DEMO_UNTIL:
        if day.weekday() < 5 and not (AUTUMN_BREAK[0] <= day <= AUTUMN_BREAK[1]):
            yield day
        day += datetime.timedelta(days=1)


def _timetable(group: Group, rng: random.Random) -> dict[tuple[int, int], str]:
    """(weekday, hour) → subject code, from the class's teaching assignments."""
    codes = sorted(
        {
            code
            for code in TeachingAssignment.objects.filter(group=group).values_list(
                "subject__code", flat=True
            )
            if code
        }
    )
    slots: list[str] = []
    for code in codes:
        slots += [code] * PER_WEEK.get(code, 2)
    slots = (slots + ["ZS"] * 30)[:30]  # ZS: a study hour
    rng.shuffle(slots)
    return {(day, hour): slots[day * HOURS + hour - 1] for day in range(5) for hour in range(1, 7)}


def seed_demo_data(*, schools: list[School]) -> None:
    school = next((s for s in schools if s.brin == DEMO_SCHOOL), None)
    if school is None:
        return
    if AttendanceRecord.objects.filter(school=school).exists():
        return
    rng = random.Random(SEED)  # noqa: S311 (simulated school data, not secrets)
    students_seen: list[int] = []
    with transaction.atomic():
        for name in CLASSES:
            group = Group.objects.filter(school=school, name=name).first()
            if group is None:
                continue
            students = list(
                Student.objects.filter(group=group, left_on__isnull=True).order_by("student_number")
            )
            students_seen += [s.pk for s in students]
            _seed_class(school, group, students, rng)
    from driehoek.signals.services import run_detection, settings_of

    # Detection as it would have run every other Friday of the last weeks, so the school
    # overview has a trend (a signal keeps the day it was first seen).
    for weeks_back in (4, 2, 0):
        today = DEMO_UNTIL - datetime.timedelta(weeks=weeks_back)
        run_detection(school=school, students=students_seen, today=today)
    settings = settings_of(school=school)
    # The nightly run starts from here: the demo's own data counts as processed.
    from django.utils import timezone

    SchoolSignalSettings.objects.filter(pk=settings.pk).update(detected_until=timezone.now())


def _roles(group: Group, students: list[Student]) -> dict[str, Student]:
    """Which students carry a planted pattern (fixed picks, never the same child twice)."""
    others = [s for s in students if s.first_name != "Fleur"]
    roles: dict[str, Student] = {}
    fleur = next((s for s in students if s.first_name == "Fleur"), None)
    if group.name == "2havo":
        if fleur is not None:
            roles["grade_drop"] = fleur
        roles["gym"], roles["late"], roles["homework"] = others[3], others[8], others[13]
    elif group.name == "2vwo":
        roles["absence"] = others[5]
    elif group.name == "3havo":
        roles["gym"] = others[7]
    elif group.name == "1havo":
        roles["homework_en"] = others[4]
    return roles


def _seed_class(school: School, group: Group, students: list[Student], rng: random.Random) -> None:
    table = _timetable(group, rng)
    days = list(_school_days())
    roles = _roles(group, students)
    planted = {student.pk: role for role, student in roles.items()}
    last_weeks = DEMO_UNTIL - datetime.timedelta(weeks=4)
    attendance: list[AttendanceRecord] = []
    grades: list[GradeRecord] = []
    homework: list[HomeworkRecord] = []
    subjects = sorted({code for code in table.values() if code not in ("ZS", "MEN")})
    # One test per subject every three weeks, on a day the subject is taught.
    test_days: dict[str, list[datetime.date]] = {}
    for code in subjects:
        taught = [d for d in days if any(table[(d.weekday(), h)] == code for h in range(1, 7))]
        offset = rng.randrange(5)
        test_days[code] = taught[offset::7]
    for student in students:
        role = planted.get(student.pk, "")
        base = rng.uniform(5.8, 7.8)
        sick = {d for d in days if rng.random() < 0.008}
        for day in days:
            for hour in range(1, HOURS + 1):
                subject = table[(day.weekday(), hour)]
                status, reason = AttendanceCode.PRESENT, ""
                if day in sick:
                    status, reason = AttendanceCode.ABSENT_AUTHORISED, "ZIEK"
                elif hour == 1 and rng.random() < 0.01:
                    status = AttendanceCode.LATE
                elif rng.random() < 0.002:
                    status = AttendanceCode.ABSENT_UNAUTHORISED
                if role == "gym":
                    status, reason = AttendanceCode.PRESENT, ""
                    if subject == "LO" and rng.random() < 0.45:
                        status, reason = AttendanceCode.ABSENT_AUTHORISED, "ARTS"
                elif role == "late" and hour == 1 and day >= last_weeks and rng.random() < 0.7:
                    status, reason = AttendanceCode.LATE, ""
                elif role == "absence" and day >= last_weeks and rng.random() < 0.35:
                    status, reason = AttendanceCode.ABSENT_UNAUTHORISED, ""
                attendance.append(
                    AttendanceRecord(
                        school=school,
                        student=student,
                        date=day,
                        hour=hour,
                        subject=subject,
                        status=status,
                        reason=reason,
                    )
                )
        for code in subjects:
            level = base + rng.uniform(-0.6, 0.6)  # stronger and weaker subjects
            for day in test_days[code]:
                mean = level
                if role == "grade_drop" and day >= MOVE_DATE:
                    mean -= 2.2 if code in ("WI", "NE", "EN") else 0.6
                grade = min(10.0, max(1.0, rng.gauss(mean, 0.35)))
                grades.append(
                    GradeRecord(
                        school=school,
                        student=student,
                        subject=code,
                        date=day,
                        seq=0,
                        grade=Decimal(f"{grade:.1f}"),
                        weight=Decimal(rng.choice((1, 1, 2))),
                    )
                )
        for code in HOMEWORK_SUBJECTS:
            if code not in subjects:
                continue
            for day in days:
                if day.weekday() != 3:  # due on Thursdays
                    continue
                done = rng.random() < 0.93
                streak = (role == "homework" and code == "WI") or (
                    role == "homework_en" and code == "EN"
                )
                if streak and day >= DEMO_UNTIL - datetime.timedelta(weeks=5):
                    done = False
                homework.append(
                    HomeworkRecord(school=school, student=student, subject=code, due=day, done=done)
                )
    AttendanceRecord.objects.bulk_create(attendance, batch_size=5000)
    GradeRecord.objects.bulk_create(grades, batch_size=5000)
    HomeworkRecord.objects.bulk_create(homework, batch_size=5000)
