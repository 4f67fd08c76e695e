"""Several evenings in one scheduling run: evenings share a series name, a family says
which of them suit it, one scheduler instance holds them all, bookings land per evening."""

from __future__ import annotations

import datetime

from django.urls import reverse

from driehoek.conversations import services
from driehoek.conversations.models import (
    Booking,
    EveningStatus,
    FamilyWindow,
    ParentEvening,
)
from driehoek.conversations.planning import build_series_instance, series_evenings
from tests.conversations.conftest import make_evening, staff_of


def two_evenings(personas) -> tuple[ParentEvening, ParentEvening]:  # type: ignore[no-untyped-def]
    """Tuesday with the mentor only; Thursday with the mentor and the subject teacher."""
    first = make_evening(personas.school, staff=[staff_of(personas.mentor)])
    second = make_evening(
        personas.school,
        staff=[staff_of(personas.mentor), staff_of(personas.teacher)],
        date=datetime.date(2027, 1, 21),
    )
    ParentEvening.objects.filter(pk__in=[first.pk, second.pk]).update(series="Winter 2027")
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second


def evening_url(name: str, evening: ParentEvening) -> str:
    return reverse(f"conversations:{name}", kwargs={"evening_id": evening.pk})


def test_an_administrator_creates_evenings_in_a_series(personas, client_for):
    admin = client_for(personas.admin)
    data = {
        "name": "Ouderavond dinsdag",
        "date": "2027-01-19",
        "start_time": "19:00",
        "slot_minutes": 10,
        "slot_count": 6,
        "mode": "request",
        "series": " Winter 2027 ",
        "teachers": [staff_of(personas.mentor).pk],
    }
    assert admin.post(reverse("conversations:evening_new"), data).status_code == 302
    assert ParentEvening.objects.get().series == "Winter 2027"


def test_a_family_asks_on_one_evening_says_another_suits_and_one_run_plans_both(
    personas, client_for
):
    first, second = two_evenings(personas)
    (mentor_first,) = first.teachers.all()
    mentor_second, teacher_second = second.teachers.order_by("pk")
    eva = client_for(personas.guardian)
    html = eva.get(evening_url("evening", first)).content.decode()
    assert "Welke andere avonden komen u ook uit?" in html and f'value="{second.pk}"' in html
    # Eva asks on Tuesday for the mentor, and says Thursday suits her too.
    response = eva.post(
        evening_url("evening_request", first),
        {
            "student": personas.student.pk,
            f"priority_{mentor_first.pk}": "1",
            "from_slot": 0,
            "to_slot": 6,
            "evenings": [second.pk],
        },
    )
    assert response.status_code == 302
    assert set(
        FamilyWindow.objects.filter(family=personas.guardian).values_list("evening_id", flat=True)
    ) == {first.pk, second.pk}
    # ...and on Thursday for the subject teacher, who only comes that evening.
    eva.post(
        evening_url("evening_request", second),
        {
            "student": personas.student.pk,
            f"priority_{teacher_second.pk}": "2",
            "from_slot": 0,
            "to_slot": 6,
            "evenings": [first.pk],
        },
    )
    # Femke can only come on Tuesday.
    client_for(personas.classmate_guardian).post(
        evening_url("evening_request", first),
        {"student": personas.classmate.pk, f"priority_{mentor_first.pk}": "1", "to_slot": 6},
    )

    instance = build_series_instance(evenings=series_evenings(first))
    assert [e["id"] for e in instance["evenings"]] == [f"e{first.pk}", f"e{second.pk}"]
    mentor_row = next(
        t for t in instance["teachers"] if t["id"] == f"s{staff_of(personas.mentor).pk}"
    )
    assert {a["evening"] for a in mentor_row["available"]} == {f"e{first.pk}", f"e{second.pk}"}

    assert (
        client_for(personas.admin).post(evening_url("evening_schedule", first)).status_code == 302
    )
    eva_bookings = Booking.objects.filter(family=personas.guardian)
    # Both of Eva's conversations on Thursday (one evening to come), back to back.
    assert {b.evening_id for b in eva_bookings} == {second.pk}
    assert sorted(b.slot_index for b in eva_bookings) in ([i, i + 1] for i in range(5))
    assert Booking.objects.get(family=personas.classmate_guardian).evening_id == first.pk
    for evening in (first, second):
        evening.refresh_from_db()
        assert evening.status == EveningStatus.SCHEDULED
    # Each evening's page shows the family the conversation on that evening.
    html = eva.get(evening_url("evening", second)).content.decode()
    assert "Uw rooster" in html and "Sanne Visser" in html


def test_a_family_that_unticks_an_evening_is_no_longer_planned_there(personas, client_for):
    first, second = two_evenings(personas)
    (mentor_first,) = first.teachers.all()
    services.submit_requests(
        evening=first,
        family=personas.guardian,
        student=personas.student,
        wanted=[([mentor_first], 1)],
        from_slot=2,
        to_slot=4,
    )
    services.set_suitable_evenings(
        evening=first, family=personas.guardian, suitable=[second], from_slot=2, to_slot=4
    )
    assert FamilyWindow.objects.get(evening=second, family=personas.guardian).from_slot == 2
    services.set_suitable_evenings(
        evening=first, family=personas.guardian, suitable=[], from_slot=2, to_slot=4
    )
    assert not FamilyWindow.objects.filter(evening=second).exists()
    services.run_series_scheduler(evening=first, time_limit=1.0)
    assert Booking.objects.get().evening_id == first.pk
    assert 2 <= Booking.objects.get().slot_index < 4


def test_an_evening_without_a_series_is_scheduled_on_its_own(personas):
    first, _second = two_evenings(personas)
    alone = make_evening(personas.school, staff=[staff_of(personas.mentor)])
    assert series_evenings(alone) == [alone]
    assert [e.pk for e in series_evenings(first)] == [first.pk, _second.pk]


def test_a_series_with_different_conversation_lengths_is_refused_with_a_message(
    personas, client_for
):
    first, second = two_evenings(personas)
    ParentEvening.objects.filter(pk=second.pk).update(slot_minutes=15)
    response = client_for(personas.admin).post(evening_url("evening_schedule", first), follow=True)
    assert "evenveel minuten per gesprek" in response.content.decode()
    assert not Booking.objects.exists()
    first.refresh_from_db()
    assert first.status == EveningStatus.OPEN
