"""The administrator sets each teacher's times, room and video link for an evening; the
scheduler's instance and live booking use exactly those."""

from __future__ import annotations

from django.urls import reverse

from driehoek.conversations import services
from driehoek.conversations.models import EveningMode, EveningTeacher, Slot
from driehoek.conversations.planning import build_instance
from tests.conversations.conftest import make_evening, staff_of


def url(evening) -> str:  # type: ignore[no-untyped-def]
    return reverse("conversations:evening_teachers", kwargs={"evening_id": evening.pk})


def form_data(evening, **changes) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Every teacher as it is now, with `changes` per teacher pk: {pk: {field: value}}."""
    data: dict[str, object] = {}
    for teacher in evening.teachers.all():
        fields = {
            "from_slot": teacher.from_slot,
            "to_slot": teacher.to_slot,
            "room": teacher.room,
            "video_link": teacher.video_link,
        } | changes.get(f"t{teacher.pk}", {})
        data |= {f"t{teacher.pk}-{name}": value for name, value in fields.items()}
    return data


def test_the_administrator_sets_a_teachers_times_and_place_and_the_scheduler_uses_them(
    personas, client_for, evening
):
    mentor_t, teacher_t = evening.teachers.order_by("pk")
    admin = client_for(personas.admin)
    html = admin.get(url(evening)).content.decode()
    assert "Sanne Visser" in html and "19:00" in html and "20:00" in html
    change = {"from_slot": 2, "to_slot": 5, "room": "Lokaal 2.14", "video_link": "meet.example/x"}
    response = admin.post(url(evening), form_data(evening, **{f"t{mentor_t.pk}": change}))
    assert response.status_code == 302
    mentor_t.refresh_from_db()
    assert (mentor_t.from_slot, mentor_t.to_slot, mentor_t.room) == (2, 5, "Lokaal 2.14")
    assert mentor_t.video_link == "https://meet.example/x"
    assert sorted(Slot.objects.filter(teacher=mentor_t).values_list("index", flat=True)) == [
        2,
        3,
        4,
    ]
    instance = build_instance(evening=evening)
    mentor_row = next(t for t in instance["teachers"] if t["id"] == f"t{mentor_t.pk}")
    assert mentor_row["available"] == [{"evening": f"e{evening.pk}", "from_slot": 2, "to_slot": 5}]
    # Growing the window again gives the slots back.
    admin.post(url(evening), form_data(evening, **{f"t{mentor_t.pk}": {"from_slot": 0}}))
    assert Slot.objects.filter(teacher=mentor_t).count() == 5


def test_an_end_before_the_start_is_refused_and_the_input_is_kept(personas, client_for, evening):
    mentor_t, teacher_t = evening.teachers.order_by("pk")
    bad = {"from_slot": 4, "to_slot": 2, "room": "Aula-zijzaal"}
    response = client_for(personas.admin).post(
        url(evening), form_data(evening, **{f"t{mentor_t.pk}": bad})
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Het einde moet na het begin liggen" in html
    assert 'value="Aula-zijzaal"' in html
    assert '<option value="4" selected>' in html
    mentor_t.refresh_from_db()
    assert (mentor_t.from_slot, mentor_t.to_slot) == (0, 6)


def test_a_bad_video_link_or_an_unknown_slot_is_refused(personas, client_for, evening):
    mentor_t, _teacher_t = evening.teachers.order_by("pk")
    admin = client_for(personas.admin)
    for bad in ({"video_link": "not a link at all"}, {"to_slot": 99}):
        response = admin.post(url(evening), form_data(evening, **{f"t{mentor_t.pk}": bad}))
        assert response.status_code == 400
    assert EveningTeacher.objects.get(pk=mentor_t.pk).video_link == ""


def test_booked_slots_cannot_fall_outside_a_new_window_and_nothing_is_changed(personas, client_for):
    evening = make_evening(
        personas.school,
        mode=EveningMode.LIVE,
        staff=[staff_of(personas.mentor), staff_of(personas.teacher)],
    )
    mentor_t, teacher_t = evening.teachers.order_by("pk")
    services.book_slot(
        evening=evening,
        family=personas.guardian,
        student=personas.student,
        teacher=mentor_t,
        index=0,
    )
    changes = {
        f"t{mentor_t.pk}": {"from_slot": 1},
        f"t{teacher_t.pk}": {"room": "Nieuw lokaal"},
    }
    response = client_for(personas.admin).post(url(evening), form_data(evening, **changes))
    assert response.status_code == 400
    assert "19:00" in response.content.decode() and 'role="alert"' in response.content.decode()
    teacher_t.refresh_from_db()
    assert teacher_t.room != "Nieuw lokaal"  # all or nothing
    assert Slot.objects.filter(teacher=mentor_t, index=0).exists()


def test_a_booked_conversation_moves_with_the_teachers_room(personas, client_for):
    evening = make_evening(
        personas.school, mode=EveningMode.LIVE, staff=[staff_of(personas.mentor)]
    )
    (mentor_t,) = evening.teachers.all()
    booking = services.book_slot(
        evening=evening,
        family=personas.guardian,
        student=personas.student,
        teacher=mentor_t,
        index=3,
    )
    client_for(personas.admin).post(
        url(evening), form_data(evening, **{f"t{mentor_t.pk}": {"room": "Lokaal 0.02"}})
    )
    booking.conversation.refresh_from_db()
    assert booking.conversation.place == "Lokaal 0.02"


def test_only_the_schools_administrator_edits_teachers(personas, client_for, client, evening):
    for other in (personas.mentor, personas.guardian, personas.other_admin):
        assert client_for(other).get(url(evening)).status_code == 404
        assert client_for(other).post(url(evening), form_data(evening)).status_code == 404
    assert "/accounts/login/" in client.post(url(evening), {})["Location"]
