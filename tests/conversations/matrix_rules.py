"""The conversation routes in the authorisation matrix (tests/test_authorisation_matrix.py)."""

from __future__ import annotations

from typing import Any

from driehoek.accounts import access
from driehoek.accounts.access import Relation
from driehoek.conversations import services
from driehoek.conversations.models import (
    Agreement,
    CalendarFeed,
    EveningMode,
    ParentEvening,
    Slot,
)
from driehoek.roster.models import StaffMember, StaffRoleKind
from tests.conversations.conftest import make_conversation, make_evening


def rules(matrix: Any) -> dict[str, Any]:
    Rule, only = matrix.Rule, matrix.only
    OWN_ONLY, NOT_FOUND, OK = matrix.OWN_ONLY, matrix.NOT_FOUND, matrix.OK
    OWN_REDIRECT, UNAUTHORIZED = matrix.OWN_REDIRECT, matrix.UNAUTHORIZED
    GUARDIANS, ADMINS = matrix.GUARDIANS, matrix.ADMINS

    def _student_of(personas: Any, persona: str, case: str) -> Any:
        own, foreign = matrix.OWN_AND_FOREIGN[persona]["student"]
        return matrix.thing(personas, own if case == "own" else foreign)

    def _conversation(personas: Any, persona: str, case: str) -> dict[str, Any]:
        """A start-of-year conversation (with the student) about the persona's own child,
        mentee or self, or about the nearest child that is not theirs."""
        conversation = make_conversation(_student_of(personas, persona, case))
        return {"conversation_id": conversation.pk}

    def _agreement(personas: Any, persona: str, case: str) -> dict[str, Any]:
        student = _student_of(personas, persona, case)
        agreement: Agreement = services.create_agreement(
            student=student,
            created_by=None,
            what="Wekelijkse check-in",
            owner_label="Mentor",
            due_on=None,
            follow_up="e-mail",
        )
        return {"agreement_id": agreement.pk}

    def _evening_at(personas: Any, persona: str, case: str, mode: EveningMode) -> ParentEvening:
        """An open evening at the persona's school (own) or the other school (foreign),
        with every mentor and teacher of that school taking part."""
        own, foreign = matrix.schools(personas, persona)
        school = own if case == "own" else foreign
        return make_evening(
            school,
            mode=mode,
            staff=list(
                StaffMember.objects.filter(
                    school=school, roles__role__in=[StaffRoleKind.MENTOR, StaffRoleKind.TEACHER]
                ).distinct()
            ),
        )

    def _evening(personas: Any, persona: str, case: str) -> dict[str, Any]:
        return {"evening_id": _evening_at(personas, persona, case, EveningMode.REQUEST).pk}

    def _slot(personas: Any, persona: str, case: str) -> dict[str, Any]:
        evening = _evening_at(personas, persona, case, EveningMode.LIVE)
        if not evening.teachers.exists():  # the other school has an administrator only
            services.add_evening_teacher(
                evening=evening,
                plan=services.TeacherPlan(
                    staff_member=StaffMember.objects.filter(school=evening.school).first()
                ),
            )
        slot = Slot.objects.filter(evening=evening).order_by("index", "pk").first()
        return {"slot_id": slot.pk}  # type: ignore[union-attr]

    def _interpreter(personas: Any, persona: str, case: str) -> dict[str, Any]:
        evening = _evening_at(personas, persona, case, EveningMode.REQUEST)
        interpreter = services.add_evening_interpreter(
            evening=evening, language="ar", from_slot=0, to_slot=evening.slot_count
        )
        return {"interpreter_id": interpreter.pk}

    def _booking(personas: Any, persona: str, case: str) -> dict[str, Any]:
        """A live booking a month ahead. A guardian's own is their own booking, the foreign
        one another family's; for everyone else a booking at their own or the other school
        (by the guardian there)."""
        own_school, foreign_school = matrix.schools(personas, persona)
        user = matrix.user_of(personas, persona)
        if persona in GUARDIANS:
            if case == "own":
                family = user
            else:
                family = personas.classmate_guardian
                if persona == "classmate_guardian":
                    family = personas.guardian
        else:
            school = own_school if case == "own" else foreign_school
            family = personas.guardian if school == personas.school else personas.outsider
        student = access.students_by_relation(family, Relation.GUARDIAN).first()
        evening = _evening_at(personas, persona, "own", EveningMode.LIVE)
        if evening.school_id != student.school_id:
            evening = make_evening(
                student.school,
                mode=EveningMode.LIVE,
                staff=list(StaffMember.objects.filter(school=student.school)[:1]),
            )
        if not evening.teachers.exists():  # the other school has an administrator only
            services.add_evening_teacher(
                evening=evening,
                plan=services.TeacherPlan(
                    staff_member=StaffMember.objects.filter(school=evening.school).first()
                ),
            )
        teacher = evening.teachers.order_by("pk").first()
        booking = services.book_slot(
            evening=evening, family=family, student=student, teacher=teacher, index=0
        )
        return {"booking_id": booking.pk}

    def _feed(personas: Any, persona: str, case: str) -> dict[str, Any]:
        if case == "foreign":
            return {"token": "not-a-real-token"}
        user = matrix.user_of(personas, persona) or personas.guardian
        feed, _created = CalendarFeed.objects.get_or_create(user=user)
        return {"token": feed.token}

    # Who reads a conversation: the child's guardians, the mentor, the student (with).
    readers = (*GUARDIANS, "mentor", "student")
    home = GUARDIANS  # guardians with the right to information, at either school
    evening_people = (*GUARDIANS, "mentor", "teacher", *ADMINS)
    return {
        "conversations:list": Rule(),
        "conversations:agreements": Rule(),
        "conversations:calendar": Rule(),
        "conversations:calendar_download": Rule(),
        # The token is the credential: no login; a made-up token is 404.
        "conversations:calendar_feed": Rule(kwargs=_feed, anonymous=OWN_ONLY, default=OWN_ONLY),
        "conversations:evenings": Rule(),
        "conversations:evening_new": Rule(**only(OK, *ADMINS)),
        # Only the mentor plans a conversation, for a mentee.
        "conversations:new": Rule(kwargs=matrix._student, **only(OWN_ONLY, "mentor")),
        # The administrator never reads a conversation; other staff only when taking part.
        "conversations:detail": Rule(kwargs=_conversation, **only(OWN_ONLY, *readers)),
        "conversations:pdf": Rule(kwargs=_conversation, **only(OWN_ONLY, *readers)),
        # An empty preparation is refused with 400: the writer chooses what it gives or asks.
        "conversations:prepare": Rule(
            kwargs=_conversation, method="POST", **only((400, NOT_FOUND), *readers)
        ),
        "conversations:prepare_kind": Rule(kwargs=_conversation, **only(OWN_ONLY, *readers)),
        "conversations:phase": Rule(
            kwargs=_conversation, method="POST", **only(OWN_REDIRECT, "mentor")
        ),
        "conversations:record": Rule(
            kwargs=_conversation, method="POST", **only(OWN_REDIRECT, "mentor")
        ),
        "conversations:confirm": Rule(
            kwargs=_conversation, method="POST", **only(OWN_REDIRECT, *home)
        ),
        # The matrix posts an empty form: the mentor gets it back with errors (400).
        "conversations:agreement_add": Rule(
            kwargs=_conversation, method="POST", **only((400, NOT_FOUND), "mentor")
        ),
        # Guardians read agreements; the mentor keeps them up to date.
        "conversations:agreement_status": Rule(
            kwargs=_agreement, method="POST", **only(OWN_REDIRECT, "mentor")
        ),
        # Evenings: administrators, teachers taking part, guardians of the school.
        "conversations:evening": Rule(kwargs=_evening, **only(OWN_ONLY, *evening_people)),
        "conversations:evening_request": Rule(
            kwargs=_evening, method="POST", **only(OWN_REDIRECT, *GUARDIANS)
        ),
        "conversations:evening_book": Rule(
            kwargs=_evening, method="POST", **only(OWN_REDIRECT, *GUARDIANS)
        ),
        "conversations:evening_status": Rule(
            kwargs=_evening, method="POST", **only(OWN_REDIRECT, *ADMINS)
        ),
        "conversations:evening_schedule": Rule(
            kwargs=_evening, method="POST", **only(OWN_REDIRECT, *ADMINS)
        ),
        # Staff of the other school have no staff rows in the persona school: only ours.
        "conversations:evening_needed": Rule(
            kwargs=_evening, method="POST", **only(OWN_REDIRECT, "mentor", "teacher")
        ),
        "conversations:evening_teachers": Rule(kwargs=_evening, **only(OWN_ONLY, *ADMINS)),
        "conversations:evening_interpreters": Rule(kwargs=_evening, **only(OWN_ONLY, *ADMINS)),
        "conversations:evening_edit": Rule(kwargs=_evening, **only(OWN_ONLY, *ADMINS)),
        "conversations:evening_interpreter_remove": Rule(
            kwargs=_interpreter, method="POST", **only(OWN_REDIRECT, *ADMINS)
        ),
        "conversations:evening_interpreter_need": Rule(
            kwargs=_evening, method="POST", **only(OWN_REDIRECT, *GUARDIANS)
        ),
        # The family cancels its own booking, an administrator any of their school's.
        "conversations:booking_cancel": Rule(
            kwargs=_booking, method="POST", **only(OWN_REDIRECT, *GUARDIANS, *ADMINS)
        ),
        "api:booking_cancel": Rule(
            kwargs=_booking,
            method="POST",
            anonymous=UNAUTHORIZED,
            **only(OWN_ONLY, *GUARDIANS, *ADMINS),
        ),
        "api:conversation_list": Rule(anonymous=UNAUTHORIZED),
        "api:conversation_detail": Rule(
            kwargs=_conversation, anonymous=UNAUTHORIZED, **only(OWN_ONLY, *readers)
        ),
        "api:evening_list": Rule(anonymous=UNAUTHORIZED),
        "api:evening_bookings": Rule(
            kwargs=_evening, anonymous=UNAUTHORIZED, **only(OWN_ONLY, *evening_people)
        ),
        "api:slot_book": Rule(
            kwargs=_slot,
            method="POST",
            anonymous=UNAUTHORIZED,
            **only((201, NOT_FOUND), *GUARDIANS),
        ),
    }
