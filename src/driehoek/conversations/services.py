"""One door for change to conversations, agreements, parent evenings and bookings.

Every function is keyword-only and runs in a transaction; e-mail goes out on commit.
Booking is safe under a rush because the database refuses a second booking of a slot
(`BookingSlot.slot` is one-to-one, a family has one booking per slot index): the row
locks below only make the refusal early and polite, the constraints make it certain.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, OperationalError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from driehoek.conversations.models import (
    START_PHASES,
    Agreement,
    AgreementStatus,
    Booking,
    BookingSlot,
    Conversation,
    ConversationKind,
    ConversationStatus,
    EveningInterpreter,
    EveningMode,
    EveningRequest,
    EveningStatus,
    EveningTeacher,
    FamilyWindow,
    NeededMark,
    ParentEvening,
    PhaseNote,
    Preparation,
    Side,
    Slot,
    StartPhase,
)
from driehoek.roster.models import Guardian, StaffMember, Student, StudentGuardian
from driehoek.roster.selectors import mentors_of

if TYPE_CHECKING:
    from driehoek.accounts.models import User
    from driehoek.roster.models import School


class SlotTaken(Exception):
    """Somebody else booked this slot (or the family is busy then) a moment earlier."""


class BookingClosed(Exception):
    """The evening does not take bookings (not live, or not open)."""


class NoInterpreter(SlotTaken):
    """The family asked for an interpreter, and none is free at that time."""


# --- Agreements ---------------------------------------------------------------------------


def create_agreement(
    *,
    student: Student,
    created_by: User | None,
    what: str,
    owner_label: str,
    due_on: datetime.date | None,
    follow_up: str,
    source_note: str = "",
    conversation: Conversation | None = None,
) -> Agreement:
    """Record an agreement about a student (from a conversation, or proposed elsewhere,
    e.g. by a change-at-home entry). It shows on the student page while open."""
    what = what.strip()
    if not what:
        raise ValueError("An agreement needs a 'what'.")
    with transaction.atomic():
        return Agreement.objects.create(
            school_id=student.school_id,
            student=student,
            conversation=conversation,
            what=what[:300],
            owner_label=owner_label.strip()[:100],
            due_on=due_on,
            follow_up=follow_up.strip()[:200],
            source_note=source_note.strip()[:300],
            created_by=created_by,
        )


def set_agreement_status(*, agreement: Agreement, status: AgreementStatus) -> Agreement:
    with transaction.atomic():
        agreement.status = status
        agreement.save(update_fields=["status"])
    return agreement


def agreements_due_for_reminder(*, today: datetime.date, within_days: int = 3) -> list[Agreement]:
    """Open agreements due within `within_days` (or overdue) not reminded in the last week."""
    horizon = today + datetime.timedelta(days=within_days)
    week_ago = today - datetime.timedelta(days=7)
    candidates = Agreement.objects.filter(
        status=AgreementStatus.OPEN, due_on__isnull=False, due_on__lte=horizon
    ).select_related("student")
    return [a for a in candidates if a.reminded_on is None or a.reminded_on <= week_ago]


def _reminder_recipients(agreement: Agreement) -> list[User]:
    student = agreement.student
    users: dict[int, User] = {}
    for member in mentors_of(student=student).select_related("user"):
        if member.user is not None and member.user.is_active:
            users[member.user.pk] = member.user
    links = StudentGuardian.objects.filter(
        student=student, has_right_to_information=True, guardian__user__isnull=False
    ).select_related("guardian__user")
    for link in links:
        user = link.guardian.user
        if user is not None and user.is_active:
            users[user.pk] = user
    return list(users.values())


def send_agreement_reminders(*, today: datetime.date | None = None) -> int:
    """E-mail the mentor and guardians about agreements that are (nearly) due.
    Returns the number of agreements reminded about."""
    today = today or timezone.localdate()
    count = 0
    for agreement in agreements_due_for_reminder(today=today):
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
            if locked.reminded_on is not None and locked.reminded_on > today - datetime.timedelta(
                days=7
            ):
                continue
            locked.reminded_on = today
            locked.save(update_fields=["reminded_on"])
            for user in _reminder_recipients(locked):
                transaction.on_commit(
                    lambda user=user, agreement=locked: _mail_reminder(user, agreement)
                )
        count += 1
    return count


def _mail_reminder(user: User, agreement: Agreement) -> None:
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        context = {"user": user, "agreement": agreement, "site_url": settings.SITE_URL}
        subject = render_to_string("conversations/email/reminder_subject.txt", context)
        body = render_to_string("conversations/email/reminder.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


# --- Conversations ------------------------------------------------------------------------


def plan_conversation(
    *,
    student: Student,
    created_by: User,
    kind: ConversationKind,
    starts_at: datetime.datetime,
    duration_minutes: int = 30,
    place: str = "",
    video_link: str = "",
    with_student: bool = False,
    topic: str = "",
    staff: Iterable[StaffMember] = (),
) -> Conversation:
    """Plan a conversation with the child's guardians (those with the right to
    information) and the mentor; a three-way conversation always includes the student."""
    with transaction.atomic():
        conversation = Conversation.objects.create(
            school_id=student.school_id,
            student=student,
            kind=kind,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            place=place,
            video_link=video_link,
            with_student=with_student or kind == ConversationKind.THREE_WAY,
            topic=topic,
            phase=StartPhase.INTRODUCTIONS if kind == ConversationKind.START else "",
            created_by=created_by,
        )
        conversation.guardians.set(
            Guardian.objects.filter(
                child_links__student=student, child_links__has_right_to_information=True
            )
        )
        members = {m.pk: m for m in mentors_of(student=student)}
        members |= {m.pk: m for m in staff}
        conversation.staff.set(members.values())
    return conversation


def save_preparation(
    *,
    conversation: Conversation,
    author: User,
    side: Side,
    appreciation: str,
    concerns: str,
    wishes: str,
    shared: bool,
    kind: str,
) -> Preparation:
    with transaction.atomic():
        preparation, _created = Preparation.objects.update_or_create(
            conversation=conversation,
            author=author,
            defaults={
                "side": side,
                "appreciation": appreciation.strip(),
                "concerns": concerns.strip(),
                "wishes": wishes.strip(),
                "kind": kind,
                "shared": shared,
            },
        )
    return preparation


def save_phase_note(
    *, conversation: Conversation, phase: StartPhase, text: str, user: User, advance: bool
) -> Conversation:
    """Write the notes of one phase; `advance` moves the conversation to the next phase."""
    if conversation.kind != ConversationKind.START:
        raise ValueError("Only a start-of-year conversation has phases.")
    with transaction.atomic():
        PhaseNote.objects.update_or_create(
            conversation=conversation,
            phase=phase,
            defaults={"text": text.strip(), "updated_by": user},
        )
        if advance:
            position = START_PHASES.index(phase)
            if position + 1 < len(START_PHASES):
                conversation.phase = START_PHASES[position + 1]
            conversation.save(update_fields=["phase"])
    return conversation


def record_summary(*, conversation: Conversation, user: User, summary: str) -> Conversation:
    """The mentor's short written record; the conversation now counts as held. A changed
    record needs the parents' confirmation again."""
    with transaction.atomic():
        conversation.summary = summary.strip()
        conversation.status = ConversationStatus.HELD
        conversation.record_confirmed_at = None
        conversation.record_confirmed_by = None
        fields = ["summary", "status", "record_confirmed_at", "record_confirmed_by"]
        if conversation.kind == ConversationKind.START:
            conversation.phase = StartPhase.RECORD
            fields.append("phase")
        conversation.save(update_fields=fields)
    return conversation


def confirm_record(*, conversation: Conversation, user: User) -> Conversation:
    if not conversation.summary:
        raise ValueError("There is no record to confirm yet.")
    with transaction.atomic():
        conversation.record_confirmed_at = timezone.now()
        conversation.record_confirmed_by = user
        conversation.save(update_fields=["record_confirmed_at", "record_confirmed_by"])
    return conversation


def set_conversation_status(
    *, conversation: Conversation, status: ConversationStatus
) -> Conversation:
    with transaction.atomic():
        conversation.status = status
        conversation.save(update_fields=["status"])
    return conversation


# --- Parent evenings ------------------------------------------------------------------------


@dataclass(frozen=True)
class TeacherPlan:
    staff_member: StaffMember
    room: str = ""
    video_link: str = ""
    from_slot: int = 0
    to_slot: int | None = None  # None: until the end of the evening


def create_evening(
    *,
    school: School,
    name: str,
    date: datetime.date,
    start_time: datetime.time,
    slot_minutes: int,
    slot_count: int,
    break_slots: Sequence[int],
    mode: EveningMode,
    deadline: datetime.datetime | None,
    teachers: Sequence[TeacherPlan],
    series: str = "",
) -> ParentEvening:
    with transaction.atomic():
        evening = ParentEvening.objects.create(
            school=school,
            name=name,
            date=date,
            start_time=start_time,
            slot_minutes=slot_minutes,
            slot_count=slot_count,
            break_slots=sorted({i for i in break_slots if 0 <= i < slot_count}),
            mode=mode,
            deadline=deadline,
            series=series.strip(),
        )
        for plan in teachers:
            add_evening_teacher(evening=evening, plan=plan)
    return evening


def update_evening(
    *,
    evening: ParentEvening,
    name: str,
    date: datetime.date,
    start_time: datetime.time,
    deadline: datetime.datetime | None,
    series: str,
) -> ParentEvening:
    """Change an evening's name, day, start, deadline or series. Booked conversations keep
    their slot and move with the evening, so nothing booked is lost."""
    with transaction.atomic():
        evening.name = name
        evening.date = date
        evening.start_time = start_time
        evening.deadline = deadline
        evening.series = series.strip()
        evening.save(update_fields=["name", "date", "start_time", "deadline", "series"])
        for booking in Booking.objects.filter(evening=evening).select_related("conversation"):
            conversation = booking.conversation
            conversation.starts_at = evening.slot_start(booking.slot_index)
            conversation.topic = evening.name
            conversation.save(update_fields=["starts_at", "topic"])
    return evening


def add_evening_teacher(*, evening: ParentEvening, plan: TeacherPlan) -> EveningTeacher:
    if plan.staff_member.school_id != evening.school_id:
        raise ValueError("The teacher works at another school.")
    to_slot = evening.slot_count if plan.to_slot is None else min(plan.to_slot, evening.slot_count)
    with transaction.atomic():
        teacher = EveningTeacher.objects.create(
            evening=evening,
            staff_member=plan.staff_member,
            room=plan.room,
            video_link=plan.video_link,
            from_slot=plan.from_slot,
            to_slot=to_slot,
        )
        breaks = set(evening.break_slots or [])
        Slot.objects.bulk_create(
            Slot(evening=evening, teacher=teacher, index=index)
            for index in range(plan.from_slot, to_slot)
            if index not in breaks
        )
    return teacher


class SlotsBooked(Exception):
    """A change would drop slots that families have booked."""

    def __init__(self, indices: list[int]) -> None:
        super().__init__(f"Booked slots outside the new window: {indices}")
        self.indices = indices


def update_evening_teacher(
    *,
    teacher: EveningTeacher,
    from_slot: int,
    to_slot: int,
    room: str,
    video_link: str,
) -> EveningTeacher:
    """Set a teacher's window and place for the evening. Slots inside the new window
    appear, those outside disappear; booked conversations move with the room or link.
    Raises SlotsBooked (and changes nothing) when a booked slot would fall outside."""
    evening = teacher.evening
    to_slot = min(to_slot, evening.slot_count)
    if not 0 <= from_slot < to_slot:
        raise ValueError("The window must hold at least one slot.")
    with transaction.atomic():
        teacher = EveningTeacher.objects.select_for_update().get(pk=teacher.pk)
        outside = Slot.objects.filter(teacher=teacher).exclude(
            index__gte=from_slot, index__lt=to_slot
        )
        booked = sorted(outside.filter(booked__isnull=False).values_list("index", flat=True))
        if booked:
            raise SlotsBooked(booked)
        outside.delete()
        breaks = set(evening.break_slots or [])
        have = set(Slot.objects.filter(teacher=teacher).values_list("index", flat=True))
        Slot.objects.bulk_create(
            Slot(evening=evening, teacher=teacher, index=index)
            for index in range(from_slot, to_slot)
            if index not in breaks and index not in have
        )
        teacher.from_slot, teacher.to_slot = from_slot, to_slot
        teacher.room, teacher.video_link = room.strip(), video_link
        teacher.save(update_fields=["from_slot", "to_slot", "room", "video_link"])
        held = Booking.objects.filter(booked_slots__slot__teacher=teacher).distinct()
        for booking in held.select_related("conversation"):
            teachers = [
                bs.slot.teacher for bs in booking.booked_slots.select_related("slot__teacher")
            ]
            conversation = booking.conversation
            conversation.place = ", ".join(t.room for t in teachers if t.room)
            conversation.video_link = next((t.video_link for t in teachers if t.video_link), "")
            conversation.save(update_fields=["place", "video_link"])
    return teacher


def set_evening_status(*, evening: ParentEvening, status: EveningStatus) -> ParentEvening:
    with transaction.atomic():
        evening.status = status
        evening.save(update_fields=["status"])
    return evening


def submit_requests(
    *,
    evening: ParentEvening,
    family: User,
    student: Student,
    wanted: Sequence[tuple[Sequence[EveningTeacher], int]],
    from_slot: int,
    to_slot: int,
    interpreter_language: str | None = None,
) -> list[EveningRequest]:
    """Replace this family's requests for one child: each entry is (teachers, priority);
    several teachers form one joint conversation. The family's window covers all its
    children (the last one given counts), and so does its interpreter language (None:
    keep what was asked before, "": no interpreter)."""
    if not 0 <= from_slot < to_slot <= evening.slot_count:
        raise ValueError("The window is not inside the evening.")
    with transaction.atomic():
        EveningRequest.objects.filter(evening=evening, family=family, student=student).delete()
        made = []
        for teachers, priority in wanted:
            if not teachers:
                continue
            if any(t.evening_id != evening.pk for t in teachers):
                raise ValueError("A teacher is not part of this evening.")
            request = EveningRequest.objects.create(
                evening=evening, family=family, student=student, priority=priority
            )
            request.teachers.set(teachers)
            made.append(request)
        defaults: dict[str, object] = {"from_slot": from_slot, "to_slot": to_slot}
        if interpreter_language is not None:
            defaults["interpreter_language"] = interpreter_language
        FamilyWindow.objects.update_or_create(evening=evening, family=family, defaults=defaults)
    return made


def family_interpreter_language(*, evening: ParentEvening, family: User) -> str:
    window = FamilyWindow.objects.filter(evening=evening, family=family).first()
    return window.interpreter_language if window else ""


def set_interpreter_need(*, evening: ParentEvening, family: User, language: str) -> None:
    """A family asks for an interpreter in `language` ("" withdraws it) on this evening
    and on the other evenings that suit it in the series. Bookings made already keep
    their times; the school sees the request on its planning."""
    with transaction.atomic():
        updated = FamilyWindow.objects.filter(evening=evening, family=family).update(
            interpreter_language=language
        )
        if not updated:
            FamilyWindow.objects.create(
                evening=evening,
                family=family,
                from_slot=0,
                to_slot=evening.slot_count,
                interpreter_language=language,
            )
        if evening.series:
            FamilyWindow.objects.filter(
                evening__school_id=evening.school_id,
                evening__series=evening.series,
                family=family,
            ).update(interpreter_language=language)


def add_evening_interpreter(
    *, evening: ParentEvening, language: str, from_slot: int, to_slot: int
) -> EveningInterpreter:
    if not 0 <= from_slot < to_slot <= evening.slot_count:
        raise ValueError("The interpreter's times are not inside the evening.")
    return EveningInterpreter.objects.create(
        evening=evening, language=language, from_slot=from_slot, to_slot=to_slot
    )


def remove_evening_interpreter(*, interpreter: EveningInterpreter) -> None:
    interpreter.delete()


def _interpreters_free(
    *, evening: ParentEvening, language: str, indices: Iterable[int], lock: bool
) -> bool:
    """Is an interpreter for `language` present and not busy at every one of these
    slots? With `lock`, the interpreter rows are locked for the rest of the transaction,
    so two families cannot both take the last free interpreter time."""
    interpreters = EveningInterpreter.objects.filter(evening=evening, language=language)
    if lock:
        interpreters = interpreters.select_for_update()
    present = list(interpreters)
    breaks = set(evening.break_slots or [])
    for index in indices:
        capacity = sum(1 for i in present if i.covers(index)) if index not in breaks else 0
        busy = Booking.objects.filter(
            evening=evening, slot_index=index, conversation__interpreter_language=language
        ).count()
        if busy >= capacity:
            return False
    return True


def interpreter_free_slots(*, evening: ParentEvening, language: str) -> set[int]:
    """The slot indices where an interpreter for `language` is still free (a read)."""
    return {
        index
        for index in range(evening.slot_count)
        if _interpreters_free(evening=evening, language=language, indices=[index], lock=False)
    }


def mark_needed(
    *, evening_teacher: EveningTeacher, student: Student, needed: bool
) -> NeededMark | None:
    with transaction.atomic():
        if not needed:
            NeededMark.objects.filter(teacher=evening_teacher, student=student).delete()
            return None
        mark, _ = NeededMark.objects.get_or_create(
            teacher=evening_teacher, student=student, defaults={"evening": evening_teacher.evening}
        )
        return mark


def _create_booking(
    *,
    evening: ParentEvening,
    family: User,
    student: Student,
    teachers: Sequence[EveningTeacher],
    index: int,
    request: EveningRequest | None,
    interpreter_language: str = "",
) -> Booking:
    """Inside a transaction. Raises IntegrityError when the database refuses, and
    NoInterpreter when the family needs an interpreter and none is free then."""
    if interpreter_language and not _interpreters_free(
        evening=evening, language=interpreter_language, indices=[index], lock=True
    ):
        raise NoInterpreter("No interpreter free at this time.")
    slots = list(
        Slot.objects.select_for_update().filter(
            evening=evening, teacher__in=[t.pk for t in teachers], index=index
        )
    )
    if len(slots) != len(teachers):
        raise SlotTaken("No such slot for every teacher.")
    if BookingSlot.objects.filter(slot__in=slots).exists():
        raise SlotTaken("Already booked.")
    conversation = Conversation.objects.create(
        school_id=evening.school_id,
        student=student,
        kind=ConversationKind.EVENING,
        starts_at=evening.slot_start(index),
        duration_minutes=evening.slot_minutes,
        place=", ".join(t.room for t in teachers if t.room),
        video_link=next((t.video_link for t in teachers if t.video_link), ""),
        topic=evening.name,
        interpreter_language=interpreter_language,
        created_by=family,
    )
    conversation.staff.set([t.staff_member for t in teachers])
    conversation.guardians.set(Guardian.objects.filter(user=family, school_id=evening.school_id))
    booking = Booking.objects.create(
        evening=evening,
        family=family,
        student=student,
        slot_index=index,
        request=request,
        conversation=conversation,
    )
    BookingSlot.objects.bulk_create(BookingSlot(booking=booking, slot=slot) for slot in slots)
    return booking


def book_slot(
    *,
    evening: ParentEvening,
    family: User,
    student: Student,
    teacher: EveningTeacher,
    index: int,
) -> Booking:
    """Live booking, first come first served. Raises SlotTaken when somebody was first
    (or the family already has a conversation then), BookingClosed when not open."""
    if evening.mode != EveningMode.LIVE or evening.status != EveningStatus.OPEN:
        raise BookingClosed
    language = family_interpreter_language(evening=evening, family=family)
    for attempt in range(LOCK_RETRIES):
        try:
            with transaction.atomic():
                return _create_booking(
                    evening=evening,
                    family=family,
                    student=student,
                    teachers=[teacher],
                    index=index,
                    request=None,
                    interpreter_language=language,
                )
        except IntegrityError as error:
            raise SlotTaken(str(error)) from error
        except OperationalError as error:
            # SQLite answers "database is locked" when its busy timeout runs out, and
            # "table is locked" at once for a shared-cache database: the transaction was
            # rolled back, so trying again is safe. PostgreSQL waits on the row lock.
            if "locked" not in str(error) or attempt + 1 == LOCK_RETRIES:
                raise
            time.sleep(random.uniform(0.005, 0.02) * (attempt + 1))  # noqa: S311
    raise AssertionError("unreachable")


#: How often a booking is tried again when SQLite reports a lock (see book_slot).
LOCK_RETRIES = 60


def suggest_itinerary(
    *,
    evening: ParentEvening,
    family: User,
    teachers: Sequence[EveningTeacher],
    time_limit: float = 1.0,
) -> list[tuple[EveningTeacher, int]]:
    """Live booking's suggestion: the most compact set of free slots for these teachers,
    around what the family has booked already (the scheduler on the free slots only)."""
    from driehoek.conversations.planning import intervals
    from driehoek.conversations.scheduling import solve

    evening_id = f"e{evening.pk}"
    busy = set(
        Booking.objects.filter(evening=evening, family=family).values_list("slot_index", flat=True)
    )
    language = family_interpreter_language(evening=evening, family=family)
    if language:  # only where the family's interpreter is free
        busy |= set(range(evening.slot_count)) - interpreter_free_slots(
            evening=evening, language=language
        )
    free: dict[int, list[int]] = {}
    for slot in Slot.objects.filter(evening=evening, teacher__in=teachers, booked__isnull=True):
        free.setdefault(slot.teacher_id, []).append(slot.index)
    wanted = [t for t in teachers if free.get(t.pk)]
    if not wanted:
        return []

    def spans(indices: set[int]) -> list[dict[str, object]]:
        blocked = set(range(evening.slot_count)) - indices
        return [
            {"evening": evening_id, "from_slot": a, "to_slot": b}
            for a, b in intervals(0, evening.slot_count, blocked)
        ]

    instance = {
        "slot_minutes": evening.slot_minutes,
        "evenings": [
            {
                "id": evening_id,
                "date": evening.date.isoformat(),
                "start": evening.start_time.strftime("%H:%M"),
                "slots": evening.slot_count,
            }
        ],
        "teachers": [{"id": f"t{t.pk}", "available": spans(set(free[t.pk]))} for t in wanted],
        "families": [
            {
                "id": "f",
                "available": spans(set(range(evening.slot_count)) - busy),
                "requests": [
                    {
                        "id": f"t{t.pk}",
                        "teachers": [f"t{t.pk}"],
                        "priority": 1,
                        "needed_by_teacher": False,
                    }
                    for t in wanted
                ],
            }
        ],
    }
    schedule = solve(instance, time_limit=time_limit, seed=0)
    by_id = {f"t{t.pk}": t for t in wanted}
    return sorted(
        ((by_id[a["request"]], int(a["slot"])) for a in schedule["assignments"]),
        key=lambda pick: pick[1],
    )


def book_itinerary(
    *,
    evening: ParentEvening,
    family: User,
    student: Student,
    picks: Sequence[tuple[EveningTeacher, int]],
) -> list[Booking]:
    """Book several slots at once: all of them, or (when one was taken) none."""
    if evening.mode != EveningMode.LIVE or evening.status != EveningStatus.OPEN:
        raise BookingClosed
    language = family_interpreter_language(evening=evening, family=family)
    for attempt in range(LOCK_RETRIES):
        try:
            with transaction.atomic():
                return [
                    _create_booking(
                        evening=evening,
                        family=family,
                        student=student,
                        teachers=[teacher],
                        index=index,
                        request=None,
                        interpreter_language=language,
                    )
                    for teacher, index in picks
                ]
        except IntegrityError as error:
            raise SlotTaken(str(error)) from error
        except OperationalError as error:
            if "locked" not in str(error) or attempt + 1 == LOCK_RETRIES:
                raise
            time.sleep(random.uniform(0.005, 0.02) * (attempt + 1))  # noqa: S311
    raise AssertionError("unreachable")


def cancel_booking(*, booking: Booking) -> None:
    """Cancel the conversation and free its teachers' slots (the held slots go with the
    booking), so another family can book them once."""
    with transaction.atomic():
        conversation = booking.conversation
        Booking.objects.filter(pk=booking.pk).delete()
        conversation.status = ConversationStatus.CANCELLED
        conversation.save(update_fields=["status"])


def apply_schedule(*, evening: ParentEvening, schedule: dict) -> int:
    """Store a scheduler result (exchange format) as bookings; replaces earlier scheduled
    bookings of this evening. Returns how many conversations were booked."""
    requests = {
        f"r{r.pk}": r
        for r in EveningRequest.objects.filter(evening=evening)
        .select_related("family", "student")
        .prefetch_related("teachers__staff_member")
    }
    from driehoek.conversations.planning import family_interpreters

    interpreters = family_interpreters([evening])
    with transaction.atomic():
        old = Booking.objects.filter(evening=evening, request__isnull=False)
        Conversation.objects.filter(pk__in=old.values("conversation_id")).delete()
        made = 0
        for assignment in schedule.get("assignments", []):
            request = requests[assignment["request"]]
            _create_booking(
                evening=evening,
                family=request.family,
                student=request.student,
                teachers=list(request.teachers.all()),
                index=int(assignment["slot"]),
                request=request,
                interpreter_language=interpreters.get(request.family_id, ""),
            )
            made += 1
        evening.status = EveningStatus.SCHEDULED
        evening.save(update_fields=["status"])
    return made


def run_scheduler(
    *, evening: ParentEvening, time_limit: float = 10.0, seed: int = 0
) -> dict[str, object]:
    """Build the instance from the tables, solve it, store the bookings. Returns the
    quality measures of the stored schedule (exchange format's `evaluate`)."""
    from driehoek.conversations.planning import build_instance
    from driehoek.conversations.scheduling import evaluate, solve

    instance = build_instance(evening=evening)
    schedule = solve(instance, time_limit=time_limit, seed=seed)
    quality = evaluate(instance, schedule)
    if not quality.get("feasible", True):
        raise ValueError("The scheduler returned an infeasible schedule.")
    booked = apply_schedule(evening=evening, schedule=schedule)
    return {"booked": booked, "unassigned": len(schedule.get("unassigned", [])), **quality}


def set_suitable_evenings(
    *,
    evening: ParentEvening,
    family: User,
    suitable: Sequence[ParentEvening],
    from_slot: int,
    to_slot: int,
) -> None:
    """In a series: the evenings that suit this family, each with the same window (cut to
    the evening's length). The evening it asked on always counts."""
    from driehoek.conversations.planning import series_evenings

    series = {e.pk: e for e in series_evenings(evening)}
    chosen = {e.pk for e in suitable if e.pk in series} | {evening.pk}
    language = family_interpreter_language(evening=evening, family=family)
    with transaction.atomic():
        FamilyWindow.objects.filter(evening__in=list(series), family=family).exclude(
            evening__in=chosen
        ).delete()
        for pk in chosen:
            other = series[pk]
            end = min(to_slot, other.slot_count)
            start = min(from_slot, end - 1)
            FamilyWindow.objects.update_or_create(
                evening=other,
                family=family,
                defaults={"from_slot": start, "to_slot": end, "interpreter_language": language},
            )


def run_series_scheduler(
    *, evening: ParentEvening, time_limit: float = 10.0, seed: int = 0
) -> dict[str, object]:
    """Schedule all evenings of this evening's series in one run and store the bookings
    per evening. Returns the quality measures like run_scheduler."""
    from driehoek.conversations.planning import (
        build_series_instance,
        family_interpreters,
        series_evenings,
    )
    from driehoek.conversations.scheduling import evaluate, solve

    evenings = [e for e in series_evenings(evening) if e.status != EveningStatus.DRAFT]
    instance = build_series_instance(evenings=evenings)
    schedule = solve(instance, time_limit=time_limit, seed=seed)
    quality = evaluate(instance, schedule)
    if not quality.get("feasible", True):
        raise ValueError("The scheduler returned an infeasible schedule.")
    by_id = {f"e{e.pk}": e for e in evenings}
    requests = {
        f"r{r.pk}": r
        for r in EveningRequest.objects.filter(evening__in=evenings)
        .select_related("family", "student")
        .prefetch_related("teachers")
    }
    seats = {
        (t.evening_id, t.staff_member_id): t
        for t in EveningTeacher.objects.filter(evening__in=evenings)
    }
    interpreters = family_interpreters(evenings)
    with transaction.atomic():
        old = Booking.objects.filter(evening__in=evenings, request__isnull=False)
        Conversation.objects.filter(pk__in=old.values("conversation_id")).delete()
        booked = 0
        for assignment in schedule.get("assignments", []):
            request = requests[assignment["request"]]
            target = by_id[assignment["evening"]]
            teachers = [seats[(target.pk, t.staff_member_id)] for t in request.teachers.all()]
            _create_booking(
                evening=target,
                family=request.family,
                student=request.student,
                teachers=teachers,
                index=int(assignment["slot"]),
                request=request,
                interpreter_language=interpreters.get(request.family_id, ""),
            )
            booked += 1
        for target in evenings:
            target.status = EveningStatus.SCHEDULED
            target.save(update_fields=["status"])
    return {"booked": booked, "unassigned": len(schedule.get("unassigned", [])), **quality}
