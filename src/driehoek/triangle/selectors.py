"""Reads of rounds, responses and results. No permission logic: callers pass objects
obtained through `driehoek.accounts.access`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from driehoek.roster.models import Group, School, SchoolKind, Student, StudentGuardian
from driehoek.triangle import questionnaire as q
from driehoek.triangle import trends
from driehoek.triangle.models import Answer, RespondentRole, Response, Result, Round
from driehoek.triangle.reliability import cronbach_alpha, verdict


def students_of_round(*, round: Round) -> QuerySet[Student]:
    """The students a round asks about: the class's current students, or every student
    in a class at the school for a school-wide round."""
    students = Student.objects.filter(school_id=round.school_id, left_on__isnull=True)
    if round.group_id is not None:
        return students.filter(group_id=round.group_id)
    return students.filter(group__isnull=False)


def round_covers(*, round: Round, student: Student) -> bool:
    return students_of_round(round=round).filter(pk=student.pk).exists()


def child_voice_possible(*, student: Student) -> bool:
    """The child answers from primary group 6 (a combined group counts its top level)."""
    if student.school.kind == SchoolKind.SECONDARY:
        return True
    group = student.group
    if group is None:
        return False
    top = group.year_level_to or group.year_level or 0
    return top >= 6


def questionnaire_kind(*, role: str, student: Student) -> q.Kind:
    if role == RespondentRole.GUARDIAN:
        return q.Kind.GUARDIAN
    if role == RespondentRole.MENTOR:
        return q.Kind.MENTOR
    return q.student_kind(secondary=student.school.kind == SchoolKind.SECONDARY)


def open_rounds_for(*, student: Student, today: datetime.date | None = None) -> list[Round]:
    if student.group_id is None:
        return []
    day = today or timezone.localdate()
    rounds = Round.objects.filter(
        Q(group_id=student.group_id) | Q(group__isnull=True),
        school_id=student.school_id,
        opens_on__lte=day,
        closes_on__gte=day,
        closed_at__isnull=True,
    )
    return list(rounds.order_by("closes_on", "pk"))


def household_of(*, user: object, student: Student) -> int | None:
    link = (
        StudentGuardian.objects.filter(student=student, guardian__user=user)
        .values_list("household_id", flat=True)
        .first()
    )
    return link


def results_of(*, student: Student) -> QuerySet[Result]:
    """A child's results, oldest round first (for the trend)."""
    return (
        Result.objects.filter(student=student)
        .select_related("round")
        .order_by("round__opens_on", "round__pk")
    )


def latest_complete_result(*, student: Student) -> Result | None:
    return (
        Result.objects.filter(student=student)
        .exclude(shape="insufficient")
        .select_related("round")
        .order_by("-round__opens_on", "-round__pk")
        .first()
    )


def answers_of(*, response: Response) -> dict[str, int]:
    return dict(response.answers.values_list("item", "value"))


# --- Class view ---------------------------------------------------------------------


@dataclass
class ClassRow:
    student: Student
    result: Result | None
    previous: Result | None
    voices: list[str]
    missing: list[str]

    @property
    def growth_space(self) -> float | None:
        return self.result.growth_space if self.result else None

    @property
    def drop(self) -> float | None:
        """How much the index fell since the student's previous complete round."""
        if not (self.result and self.previous) or self.result.growth_space is None:
            return None
        if self.previous.growth_space is None:
            return None
        return self.previous.growth_space - self.result.growth_space


def class_rows(*, round: Round, students: Iterable[Student]) -> list[ClassRow]:
    students = list(students)
    results = {r.student_id: r for r in Result.objects.filter(round=round, student__in=students)}
    submitted = Response.objects.filter(
        round=round, student__in=students, submitted_at__isnull=False
    ).values_list("student_id", "role")
    voices: dict[int, set[str]] = {}
    for student_id, role in submitted:
        voices.setdefault(student_id, set()).add(role)
    earlier = (
        Result.objects.filter(student__in=students, round__opens_on__lt=round.opens_on)
        .exclude(shape="insufficient")
        .select_related("round")
        .order_by("student_id", "-round__opens_on")
    )
    previous: dict[int, Result] = {}
    for result in earlier:
        previous.setdefault(result.student_id, result)
    rows = []
    for student in students:
        got = voices.get(student.pk, set())
        rows.append(
            ClassRow(
                student=student,
                result=results.get(student.pk),
                previous=previous.get(student.pk),
                voices=sorted(got),
                missing=[role for role in RespondentRole.values if role not in got],
            )
        )
    return rows


def needs_conversation_first(
    rows: list[ClassRow], per_reason: int = 3
) -> list[tuple[ClassRow, str]]:
    """Who to talk to first, by reason: the largest drops since the last round (0.1 or
    more), the lowest growth space (below the balanced threshold) and missing voices
    (some but not all answered). At most `per_reason` of each; a student shows once,
    under the first reason that applies."""
    drops = sorted(
        (r for r in rows if r.drop is not None and r.drop >= 0.1), key=lambda r: -(r.drop or 0)
    )
    lowest = sorted(
        (r for r in rows if r.growth_space is not None and r.growth_space < 0.9),
        key=lambda r: r.growth_space or 0,
    )
    missing = [r for r in rows if r.missing and len(r.missing) < 3]
    chosen: list[tuple[ClassRow, str]] = []
    seen: set[int] = set()
    for reason, candidates in (("drop", drops), ("low", lowest), ("missing", missing)):
        taken = 0
        for row in candidates:
            if row.student.pk in seen or taken >= per_reason:
                continue
            seen.add(row.student.pk)
            chosen.append((row, reason))
            taken += 1
    return chosen


# --- Reliability --------------------------------------------------------------------


def reliability_report(*, responses: QuerySet[Response] | None = None) -> list[dict]:
    """Cronbach's α per questionnaire and pair over the submitted responses."""
    responses = responses if responses is not None else Response.objects.all()
    submitted = responses.filter(submitted_at__isnull=False)
    answers: dict[int, dict[str, int]] = {}
    kind_of: dict[int, tuple[str, str]] = {}
    for response_id, kind, version in submitted.values_list(
        "pk", "kind", "round__questionnaire_version"
    ):
        kind_of[response_id] = (kind, version)
    for response_id, item, value in Answer.objects.filter(
        response__in=submitted.values("pk")
    ).values_list("response_id", "item", "value"):
        answers.setdefault(response_id, {})[item] = value
    rows = []
    for version in sorted({v for _k, v in kind_of.values()} or {q.CURRENT_VERSION}):
        for kind, form in q.load(version).items():
            for pair in q.PAIRS:
                items = form.items_of(pair)
                matrix = [
                    [item.scored(given[item.key]) for item in items]
                    for response_id, given in answers.items()
                    if kind_of[response_id] == (kind, version)
                    and all(item.key in given for item in items)
                ]
                alpha = cronbach_alpha(matrix)
                rows.append(
                    {
                        "version": version,
                        "questionnaire": str(kind),
                        "pair": pair,
                        "items": len(items),
                        "n": len(matrix),
                        "alpha": alpha,
                        "verdict": verdict(alpha),
                    }
                )
    return rows


def rounds_covering(*, students: QuerySet[Student]) -> QuerySet[Round]:
    """Rounds that ask about any of these students (their class, or their whole school)."""
    return Round.objects.filter(
        Q(group__in=students.values("group_id"))
        | Q(group__isnull=True, school__in=students.values("school_id"))
    )


# --- Trends per class and per school (aggregates only) ---------------------------------


def _records(results: QuerySet[Result]) -> list[trends.Record]:
    return [
        trends.Record(shape=shape, growth_space=index, level=level)
        for shape, index, level in results.values_list("shape", "growth_space", "level")
    ]


def rounds_of_group(*, group: Group) -> list[Round]:
    """The rounds that asked about a class (its own and the school-wide ones), oldest first."""
    return list(
        Round.objects.filter(Q(group=group) | Q(group__isnull=True), school_id=group.school_id)
        .filter(results__isnull=False)
        .distinct()
        .order_by("opens_on", "pk")
    )


def class_trend(*, group: Group) -> list[tuple[Round, trends.Summary]]:
    """Per round, the aggregate of the class as it is now (its current students)."""
    students = Student.objects.filter(group=group, left_on__isnull=True)
    count = students.count()
    return [
        (
            round,
            trends.summarise(
                _records(Result.objects.filter(round=round, student__in=students)),
                students=count,
            ),
        )
        for round in rounds_of_group(group=group)
    ]


def school_trend(*, school: School) -> list[tuple[Round, trends.Summary]]:
    """Per round of the school, the aggregate over every student it asked about."""
    rows = []
    rounds = (
        Round.objects.filter(school=school, results__isnull=False)
        .distinct()
        .order_by("opens_on", "pk")
    )
    for round in rounds:
        asked = students_of_round(round=round)
        rows.append(
            (
                round,
                trends.summarise(
                    _records(Result.objects.filter(round=round, student__in=asked)),
                    students=asked.count(),
                ),
            )
        )
    return rows
