"""An administrator changes an evening after it was made; bookings move with it."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from driehoek.conversations import services
from driehoek.conversations.models import Booking, EveningMode
from tests.conversations.conftest import make_evening, staff_of


def test_the_series_date_and_start_change_and_bookings_move_along(personas, client_for):
    evening = make_evening(
        personas.school, mode=EveningMode.LIVE, staff=[staff_of(personas.mentor)]
    )
    teacher = evening.teachers.get()
    services.book_slot(
        evening=evening,
        family=personas.guardian,
        student=personas.student,
        teacher=teacher,
        index=2,
    )
    url = reverse("conversations:evening_edit", kwargs={"evening_id": evening.pk})
    admin = client_for(personas.admin)
    assert 'value="Ouderavond' in admin.get(url).content.decode()
    response = admin.post(
        url,
        {
            "name": "Ouderavond winter",
            "date": "2027-01-26",
            "start_time": "18:30",
            "deadline": "",
            "series": "Winter 2027",
        },
    )
    assert response.status_code == 302
    evening.refresh_from_db()
    assert (evening.name, evening.series) == ("Ouderavond winter", "Winter 2027")
    conversation = Booking.objects.get().conversation
    assert timezone.localtime(conversation.starts_at).replace(tzinfo=None) == (
        datetime.datetime(2027, 1, 26, 18, 50)  # slot 2 of 10 minutes from 18:30
    )
    assert conversation.topic == "Ouderavond winter"


def test_bad_input_is_shown_again_and_nothing_changes(personas, client_for, evening):
    url = reverse("conversations:evening_edit", kwargs={"evening_id": evening.pk})
    response = client_for(personas.admin).post(
        url, {"name": "Nieuwe naam", "date": "geen datum", "start_time": "19:00"}
    )
    assert response.status_code == 400
    assert "Nieuwe naam" in response.content.decode()
    evening.refresh_from_db()
    assert evening.name != "Nieuwe naam"
    assert client_for(personas.mentor).get(url).status_code == 404
