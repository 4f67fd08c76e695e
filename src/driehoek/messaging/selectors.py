"""Reads for messaging pages: the balance of one's own side, the writer's recent history
for the nudge, and the mentor's overview of their class. Callers pass objects obtained
through `driehoek.accounts.access`; the maths is in `messaging.balance`."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from driehoek.accounts import access
from driehoek.messaging import balance
from driehoek.messaging.models import AuthorSide, Message, Thread
from driehoek.roster.models import StudentGuardian

if TYPE_CHECKING:
    from driehoek.accounts.models import User
    from driehoek.roster.models import Group, Household, School, Student


def side_of(user: User, student: Student) -> AuthorSide:
    """A guardian writes from home; everyone else who may write does so for the school."""
    relations = access.relations_to_student(user, student)
    return AuthorSide.HOME if access.Relation.GUARDIAN in relations else AuthorSide.SCHOOL


def households_of(student: Student) -> list[Household]:
    """The child's households in which a guardian has the right to information: those a
    thread can be for. The caller obtained the student through `access`."""
    from driehoek.roster.models import Household

    return list(
        Household.objects.filter(links__student=student, links__has_right_to_information=True)
        .distinct()
        .order_by("name")
    )


def households_in_thread(thread: Thread) -> list[tuple[str, list[str]]]:
    """For staff: each household taking part in the thread with its guardians' names."""
    links = (
        StudentGuardian.objects.filter(student=thread.student_id, has_right_to_information=True)
        .select_related("guardian", "household")
        .order_by("household__name", "guardian__last_name", "guardian__first_name")
    )
    if thread.household_id is not None:
        links = links.filter(household=thread.household_id)
    found: dict[str, list[str]] = {}
    for link in links:
        name = link.household.name if link.household else ""
        found.setdefault(name, []).append(str(link.guardian))
    return list(found.items())


def _entries(messages: QuerySet[Message]) -> list[tuple[datetime.date, balance.Kind]]:
    return [
        (timezone.localtime(sent_at).date(), balance.Kind(kind))
        for sent_at, kind in messages.values_list("sent_at", "kind")
    ]


def conversation_contributions(
    *, guardian_user: User, school: School
) -> list[tuple[datetime.datetime, balance.Kind, AuthorSide]]:
    """What the conversations at this school gave and asked between this parent and the
    school (`conversations.selectors.contributions_between`): the parent's own
    preparations (home) and the school's shared ones (school), oldest first."""
    from driehoek.conversations.selectors import contributions_between

    return [
        (moment, balance.Kind(kind), AuthorSide(side))
        for moment, kind, side in contributions_between(guardian_user=guardian_user, school=school)
        if kind in balance.Kind._value2member_map_ and side in AuthorSide.values
    ]


def _own_conversation_entries(
    *, user: User, school: School
) -> list[tuple[datetime.datetime, balance.Kind]]:
    """This user's own contributions in conversations: as a parent (home side) only; the
    conversations do not say which staff member wrote the school's preparation."""
    return [
        (moment, kind)
        for moment, kind, side in conversation_contributions(guardian_user=user, school=school)
        if side == AuthorSide.HOME
    ]


@dataclass
class OwnBalance:
    school: School
    gives: int
    asks: int
    tilt: balance.Tilt
    chart: balance.Chart


def own_balance(*, user: User, school: School, months: int = 6) -> OwnBalance:
    """What this user gave and asked in their messages at this school, month by month."""
    mine = Message.objects.filter(author=user, thread__school=school)
    entries = _entries(mine) + [
        (timezone.localtime(moment).date(), kind)
        for moment, kind in _own_conversation_entries(user=user, school=school)
    ]
    per_month = balance.monthly_balance(entries, until=timezone.localdate(), months=months)
    gives = sum(1 for _day, kind in entries if kind in balance.GIVES)
    asks = len(entries) - gives
    return OwnBalance(
        school=school,
        gives=gives,
        asks=asks,
        tilt=balance.tilt(gives, asks),
        chart=balance.chart(per_month),
    )


def writer_history(*, user: User, student: Student) -> list[balance.Kind]:
    """The kinds of this writer's latest messages in this relation, oldest first: a
    parent's contacts with the school, a staff member's with this child's family."""
    at_home = side_of(user, student) == AuthorSide.HOME
    if at_home:
        mine = Message.objects.filter(author=user, thread__school=student.school_id)
    else:
        mine = Message.objects.filter(author=user, thread__student=student)
    latest: list[tuple[datetime.datetime, balance.Kind]] = [
        (sent_at, balance.Kind(kind))
        for sent_at, kind in mine.order_by("-sent_at", "-pk").values_list("sent_at", "kind")[:10]
    ]
    if at_home:
        # A parent's preparations for conversations are contacts with the school too.
        latest += _own_conversation_entries(user=user, school=student.school)
    latest.sort(key=lambda entry: entry[0])
    return [kind for _moment, kind in latest[-10:]]


def nudge_for_writer(*, user: User, student: Student) -> balance.Nudge | None:
    return balance.nudge_for(writer_history(user=user, student=student))


@dataclass
class RelationRow:
    student: Student
    guardian_name: str
    household: str
    home_gives: int = 0
    home_asks: int = 0
    school_gives: int = 0
    school_asks: int = 0
    last_contact: datetime.datetime | None = None
    home_kinds: list[str] = field(default_factory=list)

    @property
    def home_tilt(self) -> balance.Tilt:
        return balance.tilt(self.home_gives, self.home_asks)

    @property
    def school_tilt(self) -> balance.Tilt:
        return balance.tilt(self.school_gives, self.school_asks)


def class_overview(*, user: User, group: Group) -> list[RelationRow]:
    """Per child of the class and per guardian: what home gave and asked, and what the
    school gave and asked in the threads that guardian takes part in."""
    students = list(access.students_in_group_visible_to(user, group).order_by("last_name"))
    links = (
        StudentGuardian.objects.filter(student__in=students, has_right_to_information=True)
        .select_related("guardian__user", "household")
        .order_by("student__last_name", "household__name", "guardian__last_name")
    )
    threads = Thread.objects.filter(student__in=students)
    messages = Message.objects.filter(thread__in=threads).select_related("thread")
    by_student: dict[int, list[Message]] = defaultdict(list)
    for message in messages:
        by_student[message.thread.student_id].append(message)
    student_by_id = {student.pk: student for student in students}
    contributions: dict[int, list[tuple[datetime.datetime, balance.Kind, AuthorSide]]] = {}
    rows = []
    for link in links:
        row = RelationRow(
            student=student_by_id[link.student_id],
            guardian_name=link.guardian.full_name,
            household=link.household.name if link.household else "",
        )
        for message in by_student[link.student_id]:
            household = message.thread.household_id
            if household is not None and household != link.household_id:
                continue  # a thread for the other household only
            gives = balance.Kind(message.kind) in balance.GIVES
            if message.side == AuthorSide.HOME:
                if link.guardian.user_id is None or message.author_id != link.guardian.user_id:
                    continue
                row.home_gives += gives
                row.home_asks += not gives
            else:
                row.school_gives += gives
                row.school_asks += not gives
            if row.last_contact is None or message.sent_at > row.last_contact:
                row.last_contact = message.sent_at
        # The conversations between this parent and the school (preparations).
        guardian_user = link.guardian.user
        if guardian_user is not None:
            if guardian_user.pk not in contributions:
                contributions[guardian_user.pk] = conversation_contributions(
                    guardian_user=guardian_user, school=group.school
                )
            for moment, kind, side in contributions[guardian_user.pk]:
                gives = kind in balance.GIVES
                if side == AuthorSide.HOME:
                    row.home_gives += gives
                    row.home_asks += not gives
                else:
                    row.school_gives += gives
                    row.school_asks += not gives
                if row.last_contact is None or moment > row.last_contact:
                    row.last_contact = moment
        rows.append(row)
    return rows
