"""Parent evenings: set up by the administrator, requests by families, needed marks by
teachers, the scheduler's result stored as bookings, live booking."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from driehoek.conversations import services, views
from driehoek.conversations.models import (
    Booking,
    Conversation,
    EveningMode,
    EveningRequest,
    EveningStatus,
    FamilyWindow,
    NeededMark,
    ParentEvening,
    Slot,
)
from driehoek.conversations.planning import build_instance
from driehoek.conversations.scheduling import evaluate
from tests.conversations.conftest import make_evening, staff_of


def evening_url(name: str, evening: ParentEvening) -> str:
    return reverse(f"conversations:{name}", kwargs={"evening_id": evening.pk})


@pytest.fixture(autouse=True)
def _quick_scheduler(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(views, "SCHEDULER_SECONDS", 1.0)


def test_the_administrator_creates_an_evening_with_teachers_and_a_break(personas, client_for):
    mentor, teacher = staff_of(personas.mentor), staff_of(personas.teacher)
    response = client_for(personas.admin).post(
        reverse("conversations:evening_new"),
        {
            "name": "Ouderavond december",
            "date": "2026-12-08",
            "start_time": "19:00",
            "slot_minutes": "10",
            "slot_count": "12",
            "break_slots": "6, 7",
            "mode": "request",
            "deadline": "2026-12-01T23:59",
            "teachers": [mentor.pk, teacher.pk],
            "room": "Aula",
        },
    )
    evening = ParentEvening.objects.get()
    assert response["Location"] == evening_url("evening", evening)
    assert evening.school == personas.school and evening.break_slots == [5, 6]
    assert evening.status == EveningStatus.DRAFT
    # Ten usable slots for each of the two teachers; none in the break.
    assert Slot.objects.filter(evening=evening).count() == 20
    assert not Slot.objects.filter(evening=evening, index__in=[5, 6]).exists()


def test_only_administrators_create_evenings(personas, client_for):
    for user in (personas.mentor, personas.guardian):
        assert client_for(user).get(reverse("conversations:evening_new")).status_code == 404


def test_a_draft_evening_is_hidden_from_families(personas, client_for):
    evening = make_evening(personas.school, status=EveningStatus.DRAFT)
    assert client_for(personas.guardian).get(evening_url("evening", evening)).status_code == 404
    assert client_for(personas.admin).get(evening_url("evening", evening)).status_code == 200


def test_the_instance_follows_the_exchange_format(personas, evening):
    mentor_t, teacher_t = evening.teachers.order_by("pk")
    services.submit_requests(
        evening=evening,
        family=personas.guardian,
        student=personas.student,
        wanted=[([mentor_t, teacher_t], 1), ([teacher_t], 3)],
        from_slot=1,
        to_slot=5,
    )
    services.mark_needed(evening_teacher=mentor_t, student=personas.student, needed=True)
    evening.break_slots = [3]
    evening.save()
    instance = build_instance(evening=evening)
    assert instance["slot_minutes"] == 10
    assert instance["evenings"] == [
        {"id": f"e{evening.pk}", "date": "2027-01-19", "start": "19:00", "slots": 6}
    ]
    assert instance["teachers"][0]["available"] == [
        {"evening": f"e{evening.pk}", "from_slot": 0, "to_slot": 3},
        {"evening": f"e{evening.pk}", "from_slot": 4, "to_slot": 6},
    ]
    (family,) = instance["families"]
    assert family["available"] == [{"evening": f"e{evening.pk}", "from_slot": 1, "to_slot": 5}]
    joint, single = family["requests"]
    assert joint["teachers"] == [f"t{mentor_t.pk}", f"t{teacher_t.pk}"]
    assert (joint["priority"], joint["needed_by_teacher"]) == (1, True)
    assert (single["priority"], single["needed_by_teacher"]) == (3, False)


def test_a_guardian_asks_for_teachers_and_the_administrator_schedules(
    personas, client_for, evening
):
    mentor_t, teacher_t = evening.teachers.order_by("pk")
    eva, mark = client_for(personas.guardian), client_for(personas.other_household_guardian)
    html = eva.get(evening_url("evening", evening)).content.decode()
    assert "Welke docenten wilt u spreken over Noor?" in html
    eva.post(
        evening_url("evening_request", evening),
        {
            "student": personas.student.pk,
            f"priority_{mentor_t.pk}": "1",
            f"priority_{teacher_t.pk}": "2",
            "from_slot": "0",
            "to_slot": "4",
        },
    )
    mark.post(
        evening_url("evening_request", evening),
        {"student": personas.student.pk, f"priority_{mentor_t.pk}": "1", "to_slot": "6"},
    )
    assert EveningRequest.objects.count() == 3
    assert FamilyWindow.objects.get(family=personas.guardian).to_slot == 4
    client_for(personas.admin).post(evening_url("evening_schedule", evening))
    evening.refresh_from_db()
    assert evening.status == EveningStatus.SCHEDULED
    assert Booking.objects.count() == 3
    # Feasible by the scheduler's own referee, on the tables as stored.
    schedule = {
        "assignments": [
            {"request": f"r{b.request_id}", "evening": f"e{evening.pk}", "slot": b.slot_index}
            for b in Booking.objects.all()
        ],
        "unassigned": [],
    }
    assert evaluate(build_instance(evening=evening), schedule)["feasible"]
    html = eva.get(evening_url("evening", evening)).content.decode()
    assert "Uw rooster" in html and "Sanne Visser" in html and "Zet in mijn agenda" in html
    assert all(b.slot_index < 4 for b in Booking.objects.filter(family=personas.guardian))
    # The scheduled conversations are in the guardian's calendar.
    calendar = eva.get(reverse("conversations:calendar_download")).content
    assert calendar.count(b"BEGIN:VEVENT") == 3


def test_scheduling_again_replaces_the_earlier_schedule(personas, client_for, evening):
    mentor_t, _teacher_t = evening.teachers.order_by("pk")
    services.submit_requests(
        evening=evening,
        family=personas.guardian,
        student=personas.student,
        wanted=[([mentor_t], 1)],
        from_slot=0,
        to_slot=6,
    )
    services.run_scheduler(evening=evening, time_limit=1.0)
    services.run_scheduler(evening=evening, time_limit=1.0)
    assert Booking.objects.count() == 1
    assert Conversation.objects.count() == 1


def test_a_guardian_cannot_ask_for_another_familys_child(personas, client_for, evening):
    mentor_t, _ = evening.teachers.order_by("pk")
    client_for(personas.classmate_guardian).post(
        evening_url("evening_request", evening),
        {"student": personas.student.pk, f"priority_{mentor_t.pk}": "1"},
    )
    assert not EveningRequest.objects.exists()


def test_requests_after_the_deadline_are_refused(personas, client_for, evening):
    evening.deadline = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    evening.save()
    mentor_t, _ = evening.teachers.order_by("pk")
    client_for(personas.guardian).post(
        evening_url("evening_request", evening),
        {"student": personas.student.pk, f"priority_{mentor_t.pk}": "1"},
    )
    assert not EveningRequest.objects.exists()


def test_request_and_schedule_reject_get_and_refuse_outsiders(
    personas, client_for, client, evening
):
    assert (
        client_for(personas.guardian).get(evening_url("evening_request", evening)).status_code
        == 405
    )
    assert (
        client_for(personas.admin).get(evening_url("evening_schedule", evening)).status_code == 405
    )
    assert (
        client_for(personas.outsider).post(evening_url("evening_request", evening)).status_code
        == 404
    )
    assert (
        client_for(personas.guardian).post(evening_url("evening_schedule", evening)).status_code
        == 404
    )
    assert (
        client_for(personas.other_admin).post(evening_url("evening_schedule", evening)).status_code
        == 404
    )
    assert "/accounts/login/" in client.post(evening_url("evening_schedule", evening))["Location"]


def test_a_teacher_marks_families_they_need_to_see(personas, client_for, evening):
    client_for(personas.teacher).post(
        evening_url("evening_needed", evening),
        {"student": [personas.student.pk, personas.outside_student.pk]},
    )
    # Only the teacher's own students (not one of another school) are marked.
    assert list(NeededMark.objects.values_list("student_id", flat=True)) == [personas.student.pk]
    html = client_for(personas.guardian).get(evening_url("evening", evening)).content.decode()
    assert "wil u graag spreken" in html
    client_for(personas.teacher).post(evening_url("evening_needed", evening), {})
    assert not NeededMark.objects.exists()


def test_live_booking_from_the_page(personas, client_for):
    evening = make_evening(
        personas.school, mode=EveningMode.LIVE, staff=[staff_of(personas.mentor)]
    )
    slot = Slot.objects.filter(evening=evening).order_by("index").first()
    eva, femke = client_for(personas.guardian), client_for(personas.classmate_guardian)
    html = eva.get(evening_url("evening", evening)).content.decode()
    assert "Boek een gesprek over Noor" in html and ">19:00</button>" in html
    eva.post(
        evening_url("evening_book", evening), {"student": personas.student.pk, "slot": slot.pk}
    )
    response = femke.post(
        evening_url("evening_book", evening),
        {"student": personas.classmate.pk, "slot": slot.pk},
        follow=True,
    )
    assert "Iemand anders was u net voor" in response.content.decode()
    assert Booking.objects.get().family == personas.guardian


def test_the_api_books_a_slot_once_and_answers_409_after(personas, client_for):
    evening = make_evening(
        personas.school, mode=EveningMode.LIVE, staff=[staff_of(personas.mentor)]
    )
    slot = Slot.objects.filter(evening=evening).order_by("index").first()
    url = reverse("api:slot_book", kwargs={"slot_id": slot.pk})
    first = client_for(personas.guardian).post(url)
    assert first.status_code == 201
    assert first.json()["slot_index"] == slot.index
    second = client_for(personas.classmate_guardian).post(
        f"{url}?student_id={personas.classmate.pk}"
    )
    assert second.status_code == 409
    assert client_for(personas.mentor).post(url).status_code == 404
    mine = client_for(personas.guardian).get(
        reverse("api:evening_bookings", kwargs={"evening_id": evening.pk})
    )
    assert [b["slot_index"] for b in mine.json()] == [slot.index]


def test_the_administrator_sees_who_is_booked_but_not_what_was_said(personas, client_for, evening):
    mentor_t, _ = evening.teachers.order_by("pk")
    services.submit_requests(
        evening=evening,
        family=personas.guardian,
        student=personas.student,
        wanted=[([mentor_t], 1)],
        from_slot=0,
        to_slot=6,
    )
    services.run_scheduler(evening=evening, time_limit=1.0)
    html = client_for(personas.admin).get(evening_url("evening", evening)).content.decode()
    assert "Noor Jansen" in html and "Gepland per docent" in html
    conversation = Conversation.objects.get()
    detail = reverse("conversations:detail", kwargs={"conversation_id": conversation.pk})
    assert client_for(personas.admin).get(detail).status_code == 404
    # The teacher who takes part does see the conversation.
    assert client_for(personas.mentor).get(detail).status_code == 200


def test_live_booking_suggests_compact_free_times_and_books_them_together(personas, client_for):
    evening = make_evening(
        personas.school,
        mode=EveningMode.LIVE,
        staff=[staff_of(personas.mentor), staff_of(personas.teacher)],
    )
    mentor_t, teacher_t = evening.teachers.order_by("pk")
    # Someone else already has the mentor's first two slots.
    (first, second) = Slot.objects.filter(teacher=mentor_t, index__in=[0, 1]).order_by("index")
    for slot in (first, second):
        services.book_slot(
            evening=evening,
            family=personas.classmate_guardian,
            student=personas.classmate,
            teacher=mentor_t,
            index=slot.index,
        )
    eva = client_for(personas.guardian)
    url = evening_url("evening", evening)
    html = eva.get(
        url, {"suggest": personas.student.pk, "teacher": [mentor_t.pk, teacher_t.pk]}
    ).content.decode()
    assert "Voorgestelde tijden" in html
    picks = services.suggest_itinerary(
        evening=evening, family=personas.guardian, teachers=[mentor_t, teacher_t]
    )
    indices = sorted(index for _teacher, index in picks)
    assert len(picks) == 2 and indices[1] - indices[0] == 1  # back to back, no waiting
    assert all(index >= 2 for teacher, index in picks if teacher == mentor_t)
    eva.post(
        evening_url("evening_book", evening),
        {"student": personas.student.pk, "pick": [f"{t.pk}:{i}" for t, i in picks]},
    )
    assert Booking.objects.filter(family=personas.guardian).count() == 2


def test_a_suggestion_is_booked_whole_or_not_at_all(personas):
    evening = make_evening(
        personas.school,
        mode=EveningMode.LIVE,
        staff=[staff_of(personas.mentor), staff_of(personas.teacher)],
    )
    mentor_t, teacher_t = evening.teachers.order_by("pk")
    services.book_slot(
        evening=evening,
        family=personas.classmate_guardian,
        student=personas.classmate,
        teacher=teacher_t,
        index=3,
    )
    with pytest.raises(services.SlotTaken):
        services.book_itinerary(
            evening=evening,
            family=personas.guardian,
            student=personas.student,
            picks=[(mentor_t, 2), (teacher_t, 3)],
        )
    assert not Booking.objects.filter(family=personas.guardian).exists()
