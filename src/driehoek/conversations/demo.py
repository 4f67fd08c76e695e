"""Demo data: a parent evening with requests, and start-of-year conversations with
agreements for the demo mentor's class (2havo at Stedelijk College De Eem).

Idempotent: everything is found by a natural key (the evening's name, the student and
kind of conversation) before it is created, so `driehoek demo` can run again.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from driehoek.accounts.models import User
from driehoek.conversations import services
from driehoek.conversations.models import (
    Agreement,
    Conversation,
    ConversationKind,
    EveningMode,
    EveningStatus,
    EveningTeacher,
    NeededMark,
    ParentEvening,
    StartPhase,
)
from driehoek.roster.demo import demo_email
from driehoek.roster.models import (
    MentorAssignment,
    School,
    StaffMember,
    Student,
    TeachingAssignment,
)

EVENING_NAME = "Ouderavond periode 2"
EVENING_DATE = datetime.date(2027, 1, 19)
START_DAY = datetime.date(2026, 9, 8)


def _aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def seed_demo_data(*, schools: Sequence[School]) -> None:
    school = next((s for s in schools if s.brin == "21QK"), None)
    if school is None:
        return
    mentor_user = User.objects.filter(email=demo_email("mentor")).first()
    mentor = StaffMember.objects.filter(school=school, user=mentor_user).first()
    if mentor_user is None or mentor is None:
        return
    assignment = MentorAssignment.objects.filter(staff_member=mentor, group__isnull=False).first()
    if assignment is None or assignment.group is None:
        return
    group = assignment.group
    with transaction.atomic():
        _seed_start_conversations(school, group.class_students.order_by("pk"), mentor_user)
        _seed_evening(school, group)


def _seed_start_conversations(school: School, students, mentor_user: User) -> None:  # type: ignore[no-untyped-def]
    for number, student in enumerate(students[:12]):
        if Conversation.objects.filter(student=student, kind=ConversationKind.START).exists():
            continue
        day = START_DAY + datetime.timedelta(days=number // 4)
        conversation = services.plan_conversation(
            student=student,
            created_by=mentor_user,
            kind=ConversationKind.START,
            starts_at=_aware(day, 15 + (number % 4)),
            duration_minutes=30,
            place="Lokaal 2.14",
            with_student=True,
        )
        if student.first_name != "Fleur":
            continue
        # Fleur's conversation has been held: notes, record and agreements.
        notes = {
            StartPhase.INTRODUCTIONS: "Moeder en vader kwamen samen met Fleur; mentor stelde "
            "zich voor en legde uit hoe het mentoraat werkt.",
            StartPhase.CHILD: "Fleur is creatief en zorgzaam. Plannen vindt ze lastig, "
            "vooral met twee huizen. Op de basisschool hielp een weekplanning.",
            StartPhase.EXPECTATIONS: "Ouders willen op tijd horen als cijfers dalen. School "
            "vraagt ouders om thuis naar de planning te vragen.",
            StartPhase.CONTACT: "Elke vrijdag een korte e-mail van de mentor aan beide ouders; "
            "bij zorgen belt de mentor.",
        }
        for phase, text in notes.items():
            services.save_phase_note(
                conversation=conversation, phase=phase, text=text, user=mentor_user, advance=True
            )
        services.record_summary(
            conversation=conversation,
            user=mentor_user,
            summary="Goed eerste gesprek. Fleur wil werken aan plannen; beide ouders "
            "krijgen dezelfde informatie. Afspraken hieronder.",
        )
        if not Agreement.objects.filter(conversation=conversation).exists():
            services.create_agreement(
                student=student,
                created_by=mentor_user,
                conversation=conversation,
                what="Wekelijkse check-in per e-mail over planning en huiswerk",
                owner_label="Mentor",
                due_on=datetime.date(2026, 12, 18),
                follow_up="Elke vrijdag een korte e-mail aan beide ouders",
            )
            services.create_agreement(
                student=student,
                created_by=mentor_user,
                conversation=conversation,
                what="Fleur maakt elke zondag een weekplanning",
                owner_label="Fleur, met ouders",
                due_on=datetime.date(2027, 1, 15),
                follow_up="Bespreken in het mentoruur",
            )


def _seed_evening(school: School, group) -> None:  # type: ignore[no-untyped-def]
    if ParentEvening.objects.filter(school=school, name=EVENING_NAME).exists():
        return
    staff_ids = set(
        TeachingAssignment.objects.filter(group=group).values_list("staff_member_id", flat=True)
    ) | set(MentorAssignment.objects.filter(group=group).values_list("staff_member_id", flat=True))
    # The classes of the demo parents' other children take part too.
    others = Student.objects.filter(school=school, first_name__in=["Yasmin", "Adam", "Daan"])
    for student in others:
        staff_ids |= set(
            TeachingAssignment.objects.filter(group_id=student.group_id).values_list(
                "staff_member_id", flat=True
            )
        )
        staff_ids |= set(
            MentorAssignment.objects.filter(group_id=student.group_id).values_list(
                "staff_member_id", flat=True
            )
        )
    members = StaffMember.objects.filter(pk__in=staff_ids).order_by("last_name", "pk")
    plans = [
        services.TeacherPlan(
            staff_member=member,
            room=f"Lokaal {1 + number // 6}.{10 + number % 6:02d}",
            # A few teachers come later or leave earlier.
            from_slot=4 if number % 7 == 3 else 0,
            to_slot=14 if number % 7 == 5 else None,
        )
        for number, member in enumerate(members)
    ]
    evening = services.create_evening(
        school=school,
        name=EVENING_NAME,
        date=EVENING_DATE,
        start_time=datetime.time(19, 0),
        slot_minutes=10,
        slot_count=18,
        break_slots=[9],
        mode=EveningMode.REQUEST,
        deadline=_aware(datetime.date(2027, 1, 12), 23, 59),
        teachers=plans,
    )
    # An Arabic interpreter for the first hour, so families can ask for one.
    services.add_evening_interpreter(evening=evening, language="ar", from_slot=0, to_slot=6)
    services.set_evening_status(evening=evening, status=EveningStatus.OPEN)
    teachers = {t.staff_member_id: t for t in evening.teachers.all()}
    # Requests of the demo parents with a login; ouder.a asks for a joint conversation.
    fleur = Student.objects.filter(school=school, first_name="Fleur", group=group).first()
    if fleur is None:
        return
    mentor = next(
        (teachers[m.staff_member_id] for m in MentorAssignment.objects.filter(group=group)), None
    )
    # Fleur's subject teachers, each once, without her mentor (who also teaches her class).
    fleur_teachers: list[EveningTeacher] = []
    for pk in (
        TeachingAssignment.objects.filter(group=group)
        .order_by("pk")
        .values_list("staff_member_id", flat=True)
    ):
        teacher = teachers.get(pk)
        if teacher and teacher is not mentor and teacher not in fleur_teachers:
            fleur_teachers.append(teacher)
    mother = User.objects.filter(email=demo_email("ouder.a")).first()
    father = User.objects.filter(email=demo_email("ouder.b")).first()
    if mother and mentor and len(fleur_teachers) >= 3:
        services.submit_requests(
            evening=evening,
            family=mother,
            student=fleur,
            wanted=[([mentor, fleur_teachers[0]], 1), ([fleur_teachers[1]], 2)],
            from_slot=0,
            to_slot=12,
        )
    if father and len(fleur_teachers) >= 4:
        services.submit_requests(
            evening=evening,
            family=father,
            student=fleur,
            wanted=[([fleur_teachers[2]], 1), ([fleur_teachers[0]], 3)],
            from_slot=6,
            to_slot=18,
        )
    if mentor and len(fleur_teachers) >= 3:
        NeededMark.objects.get_or_create(evening=evening, teacher=fleur_teachers[2], student=fleur)
