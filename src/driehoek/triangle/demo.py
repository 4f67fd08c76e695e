"""Demo data for the triangle check (idempotent, deterministic).

For the demo mentor's class (2havo at Stedelijk College De Eem): two closed rounds with
answers for every student (so the class view, the trend and the α figures have data),
and an open round the demo parents, the student and the mentor can fill in. At the
primary school the same for Groep 8 (children answer on paper, entered without an
account), and an open round for Groep 5/6, where the demo parent fills in the child's
own questions.

Answers are simulated from a simple model: each student has a true strength per
relation (most families balanced and good, some in one of the distorted shapes); each
respondent sees it with a personal bias, and each answer adds noise. Respondents without
a demo login are stored as paper answers (no respondent account).
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from driehoek.roster.models import Group, School, SchoolKind, Student, StudentGuardian
from driehoek.roster.selectors import mentors_of
from driehoek.triangle import questionnaire as q
from driehoek.triangle.models import Answer, RespondentRole, Response, Round
from driehoek.triangle.selectors import child_voice_possible, questionnaire_kind
from driehoek.triangle.services import recompute_result

SEED = 5_2026
CLOSED_ROUNDS = [
    ("Driehoekscheck start schooljaar", datetime.date(2026, 9, 7), datetime.date(2026, 9, 25)),
    (
        "Driehoekscheck na de startgesprekken",
        datetime.date(2026, 10, 12),
        datetime.date(2026, 10, 30),
    ),
]
OPEN_TITLE = "Driehoekscheck voor de tweede ouderavond"

#: True relation strengths (hs, hc, sc) per profile, and how often each occurs.
PROFILES = [
    ((4.3, 4.4, 4.2), 0.55),  # balanced, good
    ((3.0, 3.1, 3.0), 0.08),  # balanced, mixed level
    ((2.2, 4.4, 2.3), 0.08),  # home and child against school
    ((4.4, 2.4, 2.3), 0.07),  # home and school lined up, child at a distance
    ((2.4, 2.3, 4.4), 0.07),  # child and school close, home at a distance
    ((2.1, 4.3, 4.2), 0.08),  # child between home and school (loyalty conflict)
    ((4.2, 4.2, 2.6), 0.07),  # home between school and child
]


def seed_demo_data(*, schools: list[School]) -> None:
    rng = random.Random(SEED)  # noqa: S311 (simulated answers, not secrets)
    with transaction.atomic():
        for school in schools:
            if school.kind == SchoolKind.SECONDARY:
                group = Group.objects.filter(school=school, name="2havo").first()
                if group is None:
                    continue
                _seed_class(group, rng)
            else:
                # Groep 8 has answers (for the primary questionnaire's alpha); in
                # Groep 5/6 the demo parent fills in a round, with Lina's own questions.
                for name in ("Groep 8", "Groep 5/6"):
                    group = Group.objects.filter(school=school, name=name).first()
                    if group is None:
                        continue
                    if name == "Groep 8":
                        _seed_class(group, rng)
                    else:
                        _open_round(group)


def _mentor_user(group: Group):  # type: ignore[no-untyped-def]
    mentor = group.mentor_assignments.select_related("staff_member__user").first()
    return mentor.staff_member.user if mentor else None


def _open_round(group: Group) -> Round:
    today = timezone.localdate()
    round, _created = Round.objects.get_or_create(
        school_id=group.school_id,
        group=group,
        title=OPEN_TITLE,
        defaults={
            "opened_by": _mentor_user(group),
            "opens_on": today - datetime.timedelta(days=5),
            "closes_on": today + datetime.timedelta(days=16),
        },
    )
    return round


def _seed_class(group: Group, rng: random.Random) -> None:
    students = list(Student.objects.filter(group=group).select_related("school", "group", "user"))
    students.sort(key=lambda s: s.student_number)
    mentor = _mentor_user(group)
    truths = {s.pk: _draw_profile(rng) for s in students}
    for index, (title, opens, closes) in enumerate(CLOSED_ROUNDS):
        round, created = Round.objects.get_or_create(
            school_id=group.school_id,
            group=group,
            title=title,
            defaults={
                "opened_by": mentor,
                "opens_on": opens,
                "closes_on": closes,
                "closed_at": timezone.make_aware(
                    datetime.datetime.combine(closes, datetime.time(18))
                ),
            },
        )
        if not created:
            continue
        for student in students:
            truth = truths[student.pk]
            if index == 1 and rng.random() < 0.2:  # some families drift between rounds
                truth = tuple(min(5.0, max(1.0, t + rng.gauss(-0.5, 0.4))) for t in truth)
                truths[student.pk] = truth
            _answer_round(round, student, truth, mentor, rng, skip_child=rng.random() < 0.07)
            recompute_result(round=round, student=student)
    _open_round(group)


def _draw_profile(rng: random.Random) -> tuple[float, float, float]:
    pick, acc = rng.random(), 0.0
    for means, share in PROFILES:
        acc += share
        if pick <= acc:
            return tuple(min(5.0, max(1.0, m + rng.gauss(0, 0.25))) for m in means)  # type: ignore[return-value]
    return PROFILES[0][0]


def _answer_round(round, student, truth, mentor, rng, *, skip_child: bool) -> None:  # type: ignore[no-untyped-def]
    now = timezone.make_aware(datetime.datetime.combine(round.closes_on, datetime.time(12)))
    people: list[tuple[object, RespondentRole, int | None]] = []
    seen_homes: set[int | None] = set()
    links = StudentGuardian.objects.filter(
        student=student, has_right_to_information=True
    ).select_related("guardian")
    for link in links:
        # Each household answers once (a demo login answers for their own household).
        if link.household_id in seen_homes and link.guardian.user_id is None:
            continue
        seen_homes.add(link.household_id)
        people.append((link.guardian.user, RespondentRole.GUARDIAN, link.household_id))
    if not skip_child and child_voice_possible(student=student):
        people.append((student.user, RespondentRole.STUDENT, None))
    mentors = list(mentors_of(student=student).filter(user__isnull=False))
    people.append((mentors[0].user if mentors else mentor, RespondentRole.MENTOR, None))
    answers: list[Answer] = []
    for user, role, household in people:
        response = Response.objects.create(
            school_id=round.school_id,
            round=round,
            student=student,
            respondent=user,
            role=role,
            kind=questionnaire_kind(role=role, student=student),
            household_id=household,
            started_at=now,
            updated_at=now,
            submitted_at=now,
        )
        form = q.questionnaire(response.kind, round.questionnaire_version)
        bias = rng.gauss(0, 0.3)
        perceived = {pair: t + bias for pair, t in zip(q.PAIRS, truth, strict=True)}
        for item in form.items:
            value = int(round_half(perceived[item.pair] + rng.gauss(0, 0.6)))
            value = min(5, max(1, value))
            given = 6 - value if item.reverse else value
            answers.append(Answer(response=response, item=item.key, value=given, answered_at=now))
    Answer.objects.bulk_create(answers)


def round_half(value: float) -> float:
    return float(int(value + 0.5)) if value >= 0 else -float(int(-value + 0.5))
