"""No slot is ever booked twice: the database refuses, also under a rush of threads."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, connection, transaction

from driehoek.accounts.models import User
from driehoek.conversations import services
from driehoek.conversations.models import (
    Booking,
    BookingSlot,
    Conversation,
    ConversationKind,
    EveningMode,
    Slot,
)
from driehoek.roster.models import Guardian, Relation, Student, StudentGuardian
from tests.conversations.conftest import make_evening, staff_of


def _families(personas, count: int) -> list[tuple[User, Student]]:  # type: ignore[no-untyped-def]
    """`count` guardians, each with a child in the persona school."""
    made = []
    for n in range(count):
        user = User.objects.create_user(email=f"rush{n}@ouder.example", password="x" * 12)
        student = Student.objects.create(
            school=personas.school,
            student_number=f"9{n:05d}",
            first_name=f"Kind{n}",
            last_name="Rush",
            date_of_birth="2013-01-01",
            group=personas.klass,
        )
        guardian = Guardian.objects.create(
            school=personas.school, user=user, first_name="Ouder", last_name=f"Rush{n}"
        )
        StudentGuardian.objects.create(
            school=personas.school, student=student, guardian=guardian, relation=Relation.PARENT
        )
        made.append((user, student))
    return made


def _rush(evening, slot, families) -> list[str]:  # type: ignore[no-untyped-def]
    """Every family tries to book the same slot at once; returns each thread's outcome."""
    start = threading.Barrier(len(families))

    def attempt(family: tuple[User, Student]) -> str:
        user, student = family
        try:
            start.wait(timeout=10)
            services.book_slot(
                evening=evening,
                family=user,
                student=student,
                teacher=slot.teacher,
                index=slot.index,
            )
            return "booked"
        except services.SlotTaken:
            return "taken"
        except Exception as error:  # noqa: BLE001 - the test reports any other outcome
            return f"error: {error!r}"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(families)) as pool:
        return list(pool.map(attempt, families))


@pytest.mark.django_db(transaction=True)
def test_a_rush_of_families_on_one_slot_books_it_exactly_once(personas):
    evening = make_evening(
        personas.school, mode=EveningMode.LIVE, staff=[staff_of(personas.mentor)]
    )
    slot = Slot.objects.filter(evening=evening).order_by("index").first()
    families = _families(personas, 8)
    outcomes = _rush(evening, slot, families)
    assert outcomes.count("booked") == 1, outcomes
    assert outcomes.count("taken") == 7, outcomes
    assert BookingSlot.objects.filter(slot=slot).count() == 1
    assert Booking.objects.count() == 1
    # The loser's conversation was rolled back with its booking.
    assert Conversation.objects.filter(kind=ConversationKind.EVENING).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_rush_on_many_slots_books_each_slot_once_and_loses_nothing(personas):
    evening = make_evening(
        personas.school, mode=EveningMode.LIVE, slot_count=3, staff=[staff_of(personas.mentor)]
    )
    slots = list(Slot.objects.filter(evening=evening).order_by("index"))
    families = _families(personas, 9)
    start = threading.Barrier(len(families))

    def attempt(n: int) -> str:
        user, student = families[n]
        slot = slots[n % 3]
        try:
            start.wait(timeout=10)
            services.book_slot(
                evening=evening,
                family=user,
                student=student,
                teacher=slot.teacher,
                index=slot.index,
            )
            return "booked"
        except services.SlotTaken:
            return "taken"
        except Exception as error:  # noqa: BLE001
            return f"error: {error!r}"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=9) as pool:
        outcomes = list(pool.map(attempt, range(9)))
    assert sorted(outcomes) == ["booked"] * 3 + ["taken"] * 6, outcomes
    assert BookingSlot.objects.count() == 3
    assert Booking.objects.count() == 3


def test_the_database_refuses_a_second_booking_of_a_slot(personas):
    evening = make_evening(
        personas.school, mode=EveningMode.LIVE, staff=[staff_of(personas.mentor)]
    )
    slot = Slot.objects.filter(evening=evening).first()
    (first, child_one), (second, child_two) = _families(personas, 2)
    services.book_slot(
        evening=evening, family=first, student=child_one, teacher=slot.teacher, index=slot.index
    )
    booking = Booking.objects.create(
        evening=evening,
        family=second,
        student=child_two,
        slot_index=slot.index,
        conversation=Conversation.objects.create(
            school=personas.school,
            student=child_two,
            kind=ConversationKind.EVENING,
            starts_at=evening.slot_start(slot.index),
        ),
    )
    # Past the service's check, straight at the table: the unique slot still holds.
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingSlot.objects.create(booking=booking, slot=slot)


def test_the_database_refuses_a_family_in_two_places_at_once(personas):
    evening = make_evening(
        personas.school,
        mode=EveningMode.LIVE,
        staff=[staff_of(personas.mentor), staff_of(personas.teacher)],
    )
    mentor_slot, teacher_slot = (
        Slot.objects.filter(evening=evening, index=2).order_by("teacher__pk").all()
    )
    ((family, child),) = _families(personas, 1)
    services.book_slot(
        evening=evening, family=family, student=child, teacher=mentor_slot.teacher, index=2
    )
    with pytest.raises(services.SlotTaken):
        services.book_slot(
            evening=evening, family=family, student=child, teacher=teacher_slot.teacher, index=2
        )
    assert not BookingSlot.objects.filter(slot=teacher_slot).exists()


def test_booking_is_refused_when_the_evening_is_not_open_for_live_booking(personas, evening):
    slot = Slot.objects.filter(evening=evening).first()
    ((family, child),) = _families(personas, 1)
    with pytest.raises(services.BookingClosed):
        services.book_slot(
            evening=evening, family=family, student=child, teacher=slot.teacher, index=slot.index
        )
