"""Reads for the signal pages and dashboards. Callers pass objects obtained through
`driehoek.accounts.access`; the other apps' numbers come from their own selectors
(triangle results and trends, the messaging class overview and balance)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from driehoek.accounts import access
from driehoek.roster.models import Group, GroupKind, Period, School, Student, StudentGuardian
from driehoek.signals.models import DataImportJob, Signal, SignalKind, SignalStatus

if TYPE_CHECKING:
    from driehoek.accounts.models import User


def open_signals_visible_to(user: User, *, today: datetime.date | None = None) -> QuerySet[Signal]:
    today = today or timezone.localdate()
    return (
        access.signals_visible_to(user)
        .open_on(today)
        .select_related("student", "student__group")
        .order_by("student__last_name", "student__first_name", "-detected_on")
    )


def signals_of_student(user: User, student: Student) -> QuerySet[Signal]:
    return access.signals_visible_to(user).filter(student=student).order_by("-detected_on", "-pk")


def split_by_state(
    signals: list[Signal], *, today: datetime.date
) -> tuple[list[Signal], list[Signal], list[Signal]]:
    """(open, snoozed for now, closed): a snooze that ended counts as open."""
    open_, snoozed, closed = [], [], []
    for signal in signals:
        if signal.status == SignalStatus.OPEN or (
            signal.status == SignalStatus.SNOOZED
            and signal.snoozed_until is not None
            and signal.snoozed_until <= today
        ):
            open_.append(signal)
        elif signal.status == SignalStatus.SNOOZED:
            snoozed.append(signal)
        else:
            closed.append(signal)
    return open_, snoozed, closed


# --- The mentor's class overview ------------------------------------------------------------


@dataclass
class FamilyContact:
    label: str  # household name, or the guardian's name without a household
    last_contact: datetime.datetime | None


@dataclass
class ClassOverviewRow:
    student: Student
    signals: list[Signal] = field(default_factory=list)
    agreements: int = 0
    shape: str = ""
    growth_space: float | None = None
    families: list[FamilyContact] = field(default_factory=list)


def class_overview(
    *, user: User, group: Group, today: datetime.date | None = None
) -> list[ClassOverviewRow]:
    """Per student of the class: open signals, open agreements, the latest complete
    triangle, and the last contact with each family."""
    from driehoek.conversations.models import AgreementStatus
    from driehoek.messaging.selectors import class_overview as relations_overview
    from driehoek.triangle.selectors import latest_complete_result

    today = today or timezone.localdate()
    students = list(
        access.students_in_group_visible_to(user, group).order_by("last_name", "first_name")
    )
    rows = {student.pk: ClassOverviewRow(student=student) for student in students}
    for signal in open_signals_visible_to(user, today=today).filter(student__in=students):
        rows[signal.student_id].signals.append(signal)
    agreements = (
        access.agreements_visible_to(user)
        .filter(student__in=students, status=AgreementStatus.OPEN)
        .values("student_id")
        .annotate(n=Count("pk"))
    )
    for found in agreements:
        rows[found["student_id"]].agreements = found["n"]
    for student in students:
        # The page is the mentor's, who may see their mentees' triangles; checked anyway.
        if not access.can_view_triangle(user, student):
            continue
        result = latest_complete_result(student=student)
        if result is not None:
            rows[student.pk].shape = result.shape
            rows[student.pk].growth_space = result.growth_space
    families: dict[int, dict[str, datetime.datetime | None]] = defaultdict(dict)
    for relation in relations_overview(user=user, group=group):
        label = relation.household or relation.guardian_name
        known = families[relation.student.pk].get(label)
        moment = relation.last_contact
        if label not in families[relation.student.pk] or (
            moment is not None and (known is None or moment > known)
        ):
            families[relation.student.pk][label] = moment
    for student_id, contacts in families.items():
        if student_id in rows:
            rows[student_id].families = [
                FamilyContact(label, moment) for label, moment in sorted(contacts.items())
            ]
    # Students with open signals first (alphabetical within): what the mentor looks for.
    return sorted(rows.values(), key=lambda row: not row.signals)


# --- The administrator's school overview ----------------------------------------------------


def current_term(*, school: School, today: datetime.date) -> tuple[str, datetime.date]:
    """The period containing today (its name and start); else the last 13 weeks."""
    period = (
        Period.objects.filter(school=school, starts_on__lte=today, ends_on__gte=today)
        .order_by("-starts_on")
        .first()
    )
    if period is not None:
        return period.name, period.starts_on
    return "", today - datetime.timedelta(weeks=13)


@dataclass
class ClassCount:
    group: Group
    students: int
    open: int
    by_kind: dict[str, int]


@dataclass
class WeekCount:
    week: datetime.date  # Monday
    detected: int
    closed: int


@dataclass
class SchoolOverview:
    school: School
    today: datetime.date
    term_name: str
    term_start: datetime.date
    classes: list[ClassCount]
    open_total: int
    by_kind: dict[str, int]
    response: list[tuple[str, float | None, int]]  # (round name, rate, students asked)
    families: int
    families_contacted: int
    balance_home: list[Any]  # messaging.balance.MonthBalance
    balance_school: list[Any]
    weeks: list[WeekCount]
    handled_share: float | None  # share of this term's signals the mentors acted on

    @property
    def contacted_share(self) -> float | None:
        return self.families_contacted / self.families if self.families else None

    @property
    def contacted_percent(self) -> int | None:
        share = self.contacted_share
        return None if share is None else round(100 * share)

    @property
    def handled_percent(self) -> int | None:
        return None if self.handled_share is None else round(100 * self.handled_share)

    @property
    def latest_response_percent(self) -> int | None:
        rates = [rate for _name, rate, _asked in self.response if rate is not None]
        return round(100 * rates[-1]) if rates else None

    @property
    def response_rows(self) -> list[tuple[str, int | None, int]]:
        return [
            (name, None if rate is None else round(100 * rate), asked)
            for name, rate, asked in self.response
        ]


#: Weeks shown in the trend.
TREND_WEEKS = 12


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def school_overview(*, school: School, today: datetime.date | None = None) -> SchoolOverview:
    from driehoek.messaging import balance
    from driehoek.messaging.models import AuthorSide, Message
    from driehoek.triangle.selectors import school_trend

    today = today or timezone.localdate()
    term_name, term_start = current_term(school=school, today=today)
    students = Student.objects.filter(school=school, left_on__isnull=True)
    signals = Signal.objects.filter(school=school)
    open_signals = signals.open_on(today).filter(student__left_on__isnull=True)

    per_class: dict[int, Counter[str]] = defaultdict(Counter)
    for group_id, kind, n in open_signals.values_list("student__group_id", "kind").annotate(
        n=Count("pk")
    ):
        per_class[group_id][kind] += n
    class_sizes = dict(
        students.values_list("group_id").annotate(n=Count("pk")).values_list("group_id", "n")
    )
    groups = Group.objects.filter(school=school, kind=GroupKind.CLASS, pk__in=class_sizes.keys())
    classes = sorted(
        (
            ClassCount(
                group=group,
                students=class_sizes.get(group.pk, 0),
                open=sum(per_class[group.pk].values()),
                by_kind=dict(per_class[group.pk]),
            )
            for group in groups
        ),
        key=lambda row: (row.group.year_level or 0, row.group.name),
    )
    by_kind: Counter[str] = Counter()
    for counts in per_class.values():
        by_kind.update(counts)

    response = [
        (round.title, summary.response_rate, summary.students)
        for round, summary in school_trend(school=school)
    ]

    # Families: each household with the right to information (a guardian without a
    # household counts as a family of their own). Contacted this term: a message in a
    # thread about their child, or a conversation with them, since the term began.
    links = StudentGuardian.objects.filter(
        student__in=students, has_right_to_information=True
    ).values_list("student_id", "household_id", "guardian_id")
    family_of: dict[int, set[str]] = defaultdict(set)
    all_families: set[str] = set()
    for student_id, household_id, guardian_id in links:
        label = f"h{household_id}" if household_id else f"g{guardian_id}"
        family_of[student_id].add(label)
        all_families.add(label)
    start = timezone.make_aware(datetime.datetime.combine(term_start, datetime.time.min))
    contacted: set[str] = set()
    messages = Message.objects.filter(thread__school=school, sent_at__gte=start)
    for student_id, household_id in messages.values_list(
        "thread__student_id", "thread__household_id"
    ).distinct():
        if household_id:
            contacted.add(f"h{household_id}")
        else:
            contacted |= family_of.get(student_id, set())
    from driehoek.conversations.models import Conversation, ConversationStatus

    talked = Conversation.objects.filter(school=school, starts_at__gte=start).exclude(
        status=ConversationStatus.CANCELLED
    )
    for student_id in talked.filter(starts_at__lte=timezone.now()).values_list(
        "student_id", flat=True
    ):
        contacted |= family_of.get(student_id, set())
    contacted &= all_families

    def entries(side: str) -> list[tuple[datetime.date, balance.Kind]]:
        return [
            (timezone.localtime(sent_at).date(), balance.Kind(kind))
            for sent_at, kind in Message.objects.filter(
                thread__school=school, side=side
            ).values_list("sent_at", "kind")
            if kind in balance.Kind._value2member_map_
        ]

    balance_home = balance.monthly_balance(entries(AuthorSide.HOME), until=today, months=6)
    balance_school = balance.monthly_balance(entries(AuthorSide.SCHOOL), until=today, months=6)

    first_week = _monday(today) - datetime.timedelta(weeks=TREND_WEEKS - 1)
    detected = Counter(
        _monday(day)
        for day in signals.filter(detected_on__gte=first_week).values_list("detected_on", flat=True)
    )
    closed = Counter(
        _monday(timezone.localtime(moment).date())
        for moment in signals.filter(
            decided_at__isnull=False,
            decided_at__gte=timezone.make_aware(
                datetime.datetime.combine(first_week, datetime.time.min)
            ),
        ).values_list("decided_at", flat=True)
    )
    weeks = [
        WeekCount(week, detected[week], closed[week])
        for week in (first_week + datetime.timedelta(weeks=n) for n in range(TREND_WEEKS))
    ]
    this_term = signals.filter(detected_on__gte=term_start)
    term_total = this_term.count()
    acted = this_term.filter(~Q(status=SignalStatus.OPEN)).count()
    return SchoolOverview(
        school=school,
        today=today,
        term_name=term_name,
        term_start=term_start,
        classes=classes,
        open_total=sum(by_kind.values()),
        by_kind={kind: by_kind.get(kind, 0) for kind in SignalKind.values},
        response=response,
        families=len(all_families),
        families_contacted=len(contacted),
        balance_home=balance_home,
        balance_school=balance_school,
        weeks=weeks,
        handled_share=acted / term_total if term_total else None,
    )


def recent_imports(*, school: School, limit: int = 10) -> QuerySet[DataImportJob]:
    return DataImportJob.objects.filter(school=school)[:limit]
