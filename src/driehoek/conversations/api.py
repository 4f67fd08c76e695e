"""Conversations in the JSON API: my conversations, parent evenings, bookings.

Every read goes through driehoek.accounts.access (404 for what the caller may not see).
Booking a slot is the one write: it answers 201 when booked and 409 when somebody was
first; the database decides, so a rush of requests never double-books a slot.
"""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from driehoek.accounts import access
from driehoek.api.pagination import Pages
from driehoek.api.schemas import ErrorOut
from driehoek.conversations import services
from driehoek.conversations.models import Booking, Conversation, EveningStatus, Slot

router = Router(tags=["conversations"])


class ConversationOut(Schema):
    id: int
    kind: str
    status: str
    student_id: int
    starts_at: datetime.datetime
    duration_minutes: int
    place: str
    video_link: str


class EveningOut(Schema):
    id: int
    name: str
    date: datetime.date
    start_time: datetime.time
    slot_minutes: int
    slot_count: int
    mode: str
    status: str


class BookingOut(Schema):
    id: int
    evening_id: int
    student_id: int
    slot_index: int
    starts_at: datetime.datetime
    teacher_ids: list[int]


def _booking_out(booking: Booking) -> BookingOut:
    return BookingOut(
        id=booking.pk,
        evening_id=booking.evening_id,
        student_id=booking.student_id,
        slot_index=booking.slot_index,
        starts_at=booking.conversation.starts_at,
        teacher_ids=[bs.slot.teacher.staff_member_id for bs in booking.booked_slots.all()],
    )


@router.get("", response=list[ConversationOut], url_name="conversation_list")
@paginate(Pages)
def list_conversations(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The conversations you may see: your children's, your mentees', those you take part in."""
    return access.conversations_visible_to(request.user).order_by("starts_at", "pk")


@router.get(
    "/{conversation_id}",
    response={200: ConversationOut, 404: ErrorOut},
    url_name="conversation_detail",
)
def get_conversation(request: HttpRequest, conversation_id: int) -> Conversation:
    """One conversation (when and where; the record stays on the site)."""
    return access.get_conversation_for_user(request.user, conversation_id)


@router.get("/evenings/", response=list[EveningOut], url_name="evening_list")
def list_evenings(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Parent evenings you manage, take part in, or may book for your children."""
    return access.evenings_visible_to(request.user).order_by("-date", "pk")


@router.get(
    "/evenings/{evening_id}/bookings",
    response={200: list[BookingOut], 404: ErrorOut},
    url_name="evening_bookings",
)
def list_bookings(request: HttpRequest, evening_id: int) -> list[BookingOut]:
    """Your own bookings on this evening (as a parent)."""
    evening = access.get_evening_for_user(request.user, evening_id)
    bookings = (
        Booking.objects.filter(evening=evening, family=request.user)
        .select_related("conversation")
        .prefetch_related("booked_slots__slot__teacher")
        .order_by("slot_index")
    )
    return [_booking_out(b) for b in bookings]


@router.post(
    "/slots/{slot_id}/booking",
    response={201: BookingOut, 404: ErrorOut, 409: ErrorOut},
    url_name="slot_book",
)
def book_slot(request: HttpRequest, slot_id: int, student_id: int | None = None):  # type: ignore[no-untyped-def]
    """Book a free slot for your child (live booking; `student_id` in the query, or your
    first child at the school). 409 when it is taken or you have another conversation
    at that time."""
    slot = Slot.objects.select_related("teacher", "evening").filter(pk=slot_id).first()
    if slot is None:
        raise Http404
    evening = access.get_evening_for_user(request.user, slot.evening_id)
    children = access.evening_children_of(request.user, evening)
    student = children.filter(pk=student_id).first() if student_id else children.first()
    if student is None or evening.status == EveningStatus.DRAFT:
        raise Http404
    try:
        booking = services.book_slot(
            evening=evening,
            family=request.user,
            student=student,
            teacher=slot.teacher,
            index=slot.index,
        )
    except services.SlotTaken:
        return Status(
            409, {"detail": "This slot is taken, or you have a conversation at that time."}
        )
    except services.BookingClosed:
        return Status(409, {"detail": "This parent evening does not take bookings now."})
    booking = (
        Booking.objects.select_related("conversation")
        .prefetch_related("booked_slots__slot__teacher")
        .get(pk=booking.pk)
    )
    return Status(201, _booking_out(booking))


class CancelledOut(Schema):
    id: int
    cancelled: bool


@router.post(
    "/bookings/{booking_id}/cancel",
    response={200: CancelledOut, 404: ErrorOut, 409: ErrorOut},
    url_name="booking_cancel",
)
def cancel_booking(request: HttpRequest, booking_id: int):  # type: ignore[no-untyped-def]
    """Cancel a booking: your own until a day before the conversation (409 after that), or
    any booking of your school's evening as its administrator. The slot is free again."""
    booking = access.get_booking_for_user(request.user, booking_id)
    if not access.can_cancel_booking(request.user, booking, now=timezone.now()):
        return Status(
            409, {"detail": "Too late to cancel this booking yourself; contact the school."}
        )
    services.cancel_booking(booking=booking)
    return Status(200, CancelledOut(id=booking_id, cancelled=True))
