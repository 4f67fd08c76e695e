"""Interpreters at parent evenings: a family asks for one, the school marks interpreter
times, and the scheduler and live booking keep those conversations in those times."""

from __future__ import annotations

import pytest
from django.urls import reverse

from driehoek.conversations import services, views
from driehoek.conversations.models import (
    Booking,
    EveningInterpreter,
    EveningMode,
    FamilyWindow,
    Slot,
)
from driehoek.conversations.planning import build_instance, interpreter_teacher_id
from driehoek.conversations.scheduling import evaluate, validate_instance
from tests.conversations.conftest import make_evening, staff_of


@pytest.fixture(autouse=True)
def _quick_scheduler(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(views, "SCHEDULER_SECONDS", 1.0)


def url(name: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"conversations:{name}", kwargs=kwargs)


def test_an_interpreter_family_is_scheduled_only_in_interpreter_slots(personas, evening):
    mentor_t, teacher_t = evening.teachers.order_by("pk")
    services.add_evening_interpreter(evening=evening, language="ar", from_slot=3, to_slot=6)
    for family in (personas.guardian, personas.other_household_guardian):
        services.submit_requests(
            evening=evening,
            family=family,
            student=personas.student,
            wanted=[([mentor_t], 1)],
            from_slot=0,
            to_slot=6,
        )
    services.set_interpreter_need(evening=evening, family=personas.guardian, language="ar")
    instance = build_instance(evening=evening)
    assert validate_instance(instance) == []
    interpreter = interpreter_teacher_id("ar")
    eva = next(f for f in instance["families"] if f["id"] == f"f{personas.guardian.pk}")
    mark = next(
        f for f in instance["families"] if f["id"] == f"f{personas.other_household_guardian.pk}"
    )
    assert all(interpreter in r["teachers"] for r in eva["requests"])
    assert all(interpreter not in r["teachers"] for r in mark["requests"])
    services.run_scheduler(evening=evening, time_limit=1.0)
    eva_booking = Booking.objects.select_related("conversation").get(family=personas.guardian)
    assert 3 <= eva_booking.slot_index < 6
    assert eva_booking.conversation.interpreter_language == "ar"
    assert (
        Booking.objects.get(
            family=personas.other_household_guardian
        ).conversation.interpreter_language
        == ""
    )
    schedule = {
        "assignments": [
            {"request": f"r{b.request_id}", "evening": f"e{evening.pk}", "slot": b.slot_index}
            for b in Booking.objects.all()
        ],
        "unassigned": [],
    }
    assert evaluate(build_instance(evening=evening), schedule)["feasible"]


def test_without_interpreter_times_the_request_stays_unmet_rather_than_misplaced(personas, evening):
    mentor_t, _ = evening.teachers.order_by("pk")
    services.submit_requests(
        evening=evening,
        family=personas.guardian,
        student=personas.student,
        wanted=[([mentor_t], 1)],
        from_slot=0,
        to_slot=6,
        interpreter_language="tr",
    )
    result = services.run_scheduler(evening=evening, time_limit=1.0)
    assert result["unassigned"] == 1 and not Booking.objects.exists()


def test_live_booking_takes_the_interpreter_once_per_slot(personas):
    evening = make_evening(
        personas.school,
        mode=EveningMode.LIVE,
        staff=[staff_of(personas.mentor), staff_of(personas.teacher)],
    )
    mentor_t, teacher_t = evening.teachers.order_by("pk")
    services.add_evening_interpreter(evening=evening, language="ar", from_slot=2, to_slot=4)
    for family in (personas.guardian, personas.classmate_guardian):
        services.set_interpreter_need(evening=evening, family=family, language="ar")
    # Outside the interpreter's times: refused.
    with pytest.raises(services.NoInterpreter):
        services.book_slot(
            evening=evening,
            family=personas.guardian,
            student=personas.student,
            teacher=mentor_t,
            index=0,
        )
    services.book_slot(
        evening=evening,
        family=personas.guardian,
        student=personas.student,
        teacher=mentor_t,
        index=2,
    )
    # The other family, with another teacher at the same time: the interpreter is busy.
    with pytest.raises(services.NoInterpreter):
        services.book_slot(
            evening=evening,
            family=personas.classmate_guardian,
            student=personas.classmate,
            teacher=teacher_t,
            index=2,
        )
    # A second interpreter for the language makes room.
    services.add_evening_interpreter(evening=evening, language="ar", from_slot=2, to_slot=3)
    services.book_slot(
        evening=evening,
        family=personas.classmate_guardian,
        student=personas.classmate,
        teacher=teacher_t,
        index=2,
    )
    assert Booking.objects.filter(conversation__interpreter_language="ar").count() == 2
    # The suggestion only offers times the interpreter is free.
    picks = services.suggest_itinerary(
        evening=evening, family=personas.guardian, teachers=[teacher_t], time_limit=0.5
    )
    assert [index for _, index in picks] == [3]


def test_the_family_asks_for_an_interpreter_on_the_evening_page(personas, client_for, evening):
    eva = client_for(personas.guardian)
    html = eva.get(url("evening", evening_id=evening.pk)).content.decode()
    assert "Wilt u een tolk?" in html and 'id="interpreter-language"' not in html  # none yet
    services.add_evening_interpreter(evening=evening, language="ar", from_slot=0, to_slot=6)
    html = eva.get(url("evening", evening_id=evening.pk)).content.decode()
    assert '<option value="ar">' in html and '<option value="tr">' not in html
    response = eva.post(
        url("evening_interpreter_need", evening_id=evening.pk), {"language": "ar"}, follow=True
    )
    assert FamilyWindow.objects.get(family=personas.guardian).interpreter_language == "ar"
    assert "tolk" in response.content.decode()
    assert (
        eva.post(
            url("evening_interpreter_need", evening_id=evening.pk), {"language": "xx"}
        ).status_code
        == 302
    )
    assert FamilyWindow.objects.get(family=personas.guardian).interpreter_language == "ar"
    # An outsider cannot ask on this evening.
    assert (
        client_for(personas.outsider)
        .post(url("evening_interpreter_need", evening_id=evening.pk), {"language": "ar"})
        .status_code
        == 404
    )


def test_the_administrator_marks_interpreter_times_and_sees_who_asked(
    personas, client_for, evening
):
    admin = client_for(personas.admin)
    response = admin.post(
        url("evening_interpreters", evening_id=evening.pk),
        {"language": "uk", "from_slot": "1", "to_slot": "4"},
    )
    assert response.status_code == 302
    interpreter = EveningInterpreter.objects.get()
    assert (interpreter.language, interpreter.from_slot, interpreter.to_slot) == ("uk", 1, 4)
    bad = admin.post(
        url("evening_interpreters", evening_id=evening.pk),
        {"language": "uk", "from_slot": "4", "to_slot": "2"},
    )
    assert bad.status_code == 400 and EveningInterpreter.objects.count() == 1
    services.set_interpreter_need(evening=evening, family=personas.guardian, language="uk")
    html = admin.get(url("evening_interpreters", evening_id=evening.pk)).content.decode()
    assert "Oekraïens" in html and personas.guardian.display_name in html
    assert (
        client_for(personas.guardian)
        .get(url("evening_interpreters", evening_id=evening.pk))
        .status_code
        == 404
    )
    admin.post(url("evening_interpreter_remove", interpreter_id=interpreter.pk))
    assert not EveningInterpreter.objects.exists()


def test_the_teacher_sees_the_interpreter_on_their_slots(personas, client_for):
    evening = make_evening(
        personas.school, mode=EveningMode.LIVE, staff=[staff_of(personas.mentor)]
    )
    mentor_t = evening.teachers.get()
    services.add_evening_interpreter(evening=evening, language="pl", from_slot=0, to_slot=6)
    services.set_interpreter_need(evening=evening, family=personas.guardian, language="pl")
    services.book_slot(
        evening=evening,
        family=personas.guardian,
        student=personas.student,
        teacher=mentor_t,
        index=1,
    )
    assert Slot.objects.filter(booked__isnull=False).count() == 1
    html = client_for(personas.mentor).get(url("evening", evening_id=evening.pk)).content.decode()
    assert "tolk: Pools" in html
