"""Cancelling a parent-evening booking: the family its own until the cut-off, the
administrator any booking of their school's evening; the slot is free again, once."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from driehoek.conversations import services
from driehoek.conversations.models import (
    Booking,
    BookingSlot,
    Conversation,
    ConversationStatus,
    EveningMode,
    ParentEvening,
    Slot,
)
from tests.conversations.conftest import make_evening, staff_of


def live_evening(personas, date=datetime.date(2027, 1, 19)) -> ParentEvening:  # type: ignore[no-untyped-def]
    return make_evening(
        personas.school, mode=EveningMode.LIVE, staff=[staff_of(personas.mentor)], date=date
    )


def book(personas, evening, family=None, student=None) -> Booking:  # type: ignore[no-untyped-def]
    slot = Slot.objects.filter(evening=evening).order_by("index").first()
    return services.book_slot(
        evening=evening,
        family=family or personas.guardian,
        student=student or personas.student,
        teacher=slot.teacher,  # type: ignore[union-attr]
        index=slot.index,  # type: ignore[union-attr]
    )


def cancel_url(booking: Booking) -> str:
    return reverse("conversations:booking_cancel", kwargs={"booking_id": booking.pk})


def api_url(booking: Booking) -> str:
    return reverse("api:booking_cancel", kwargs={"booking_id": booking.pk})


def test_a_family_cancels_its_own_booking_and_the_slot_is_free_again(personas, client_for):
    evening = live_evening(personas)
    booking = book(personas, evening)
    conversation = booking.conversation
    eva = client_for(personas.guardian)
    page = eva.get(reverse("conversations:evening", kwargs={"evening_id": evening.pk}))
    assert cancel_url(booking) in page.content.decode()
    response = eva.post(cancel_url(booking), follow=True)
    assert "Het gesprek is geannuleerd" in response.content.decode()
    assert not Booking.objects.exists() and not BookingSlot.objects.exists()
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.CANCELLED


def test_a_freed_slot_can_be_booked_once_more_and_only_once(personas, client_for):
    evening = live_evening(personas)
    booking = book(personas, evening)
    client_for(personas.guardian).post(cancel_url(booking))
    slot = Slot.objects.filter(evening=evening).order_by("index").first()
    url = reverse("api:slot_book", kwargs={"slot_id": slot.pk})  # type: ignore[union-attr]
    femke = client_for(personas.classmate_guardian)
    assert femke.post(f"{url}?student_id={personas.classmate.pk}").status_code == 201
    assert client_for(personas.guardian).post(url).status_code == 409
    assert Booking.objects.get().family == personas.classmate_guardian
    assert BookingSlot.objects.count() == 1


def test_after_the_cut_off_the_family_cannot_cancel_but_the_administrator_can(personas, client_for):
    # 19:00 today (local time) is always less than a day away, whenever the test runs.
    evening = live_evening(personas, date=timezone.localdate())
    booking = book(personas, evening)
    eva = client_for(personas.guardian)
    page = eva.get(reverse("conversations:evening", kwargs={"evening_id": evening.pk}))
    assert cancel_url(booking) not in page.content.decode()
    response = eva.post(cancel_url(booking), follow=True)
    assert "niet meer zelf annuleren" in response.content.decode()
    assert eva.post(api_url(booking)).status_code == 409
    assert Booking.objects.filter(pk=booking.pk).exists()

    admin = client_for(personas.admin)
    page = admin.get(reverse("conversations:evening", kwargs={"evening_id": evening.pk}))
    assert cancel_url(booking) in page.content.decode()
    assert admin.post(cancel_url(booking)).status_code == 302
    assert not Booking.objects.exists()


def test_cancelling_rejects_get_refuses_others_and_sends_anonymous_visitors_to_log_in(
    personas, client_for, client
):
    booking = book(personas, live_evening(personas))
    assert client_for(personas.guardian).get(cancel_url(booking)).status_code == 405
    # The co-parent, the mentor in the conversation, another family, the other school.
    for other in (
        personas.other_household_guardian,
        personas.mentor,
        personas.classmate_guardian,
        personas.other_admin,
    ):
        assert client_for(other).post(cancel_url(booking)).status_code == 404
        assert client_for(other).post(api_url(booking)).status_code == 404
    response = client.post(cancel_url(booking))
    assert "/accounts/login/" in response["Location"]
    assert client.post(api_url(booking)).status_code == 401
    assert Booking.objects.filter(pk=booking.pk).exists()
    assert Conversation.objects.get().status != ConversationStatus.CANCELLED


def test_the_api_cancels_a_booking_for_the_family_and_for_the_administrator(personas, client_for):
    evening = live_evening(personas)
    booking = book(personas, evening)
    response = client_for(personas.guardian).post(api_url(booking))
    assert response.status_code == 200
    assert response.json() == {"id": booking.pk, "cancelled": True}
    assert client_for(personas.guardian).post(api_url(booking)).status_code == 404  # gone
    again = book(personas, evening, family=personas.classmate_guardian, student=personas.classmate)
    assert client_for(personas.admin).post(api_url(again)).status_code == 200
    assert not Booking.objects.exists()
