"""The calendar: RFC 5545 output, parsed back with icalendar and validated with vobject."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.urls import reverse
from django.utils import timezone

from driehoek.conversations import ical, services
from driehoek.conversations.models import CalendarFeed, ConversationKind, ConversationStatus
from tests.conversations.conftest import make_conversation

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute), AMSTERDAM)


@pytest.fixture
def calendar_data(personas) -> bytes:  # type: ignore[no-untyped-def]
    # Either side of the change to winter time (25 October 2026, 03:00 → 02:00).
    make_conversation(personas.student, starts_at=at(2026, 10, 22, 19, 0))
    make_conversation(
        personas.student, kind=ConversationKind.PROGRESS, starts_at=at(2026, 10, 29, 19, 0)
    )
    cancelled = make_conversation(personas.student, starts_at=at(2026, 11, 5, 19, 0))
    services.set_conversation_status(conversation=cancelled, status=ConversationStatus.CANCELLED)
    services.create_agreement(
        student=personas.student,
        created_by=None,
        what="Wekelijkse check-in",
        owner_label="Mentor",
        due_on=datetime.date(2026, 12, 18),
        follow_up="Elke vrijdag een e-mail",
    )
    return ical.calendar_for_user(personas.guardian)


def test_the_calendar_parses_back_with_icalendar(calendar_data):
    calendar = icalendar.Calendar.from_ical(calendar_data)
    events = calendar.walk("VEVENT")
    assert len(events) == 3  # two conversations (not the cancelled one) and one agreement
    for event in events:
        assert event.get("DTSTAMP") is not None
        assert event.decoded("DTEND") > event.decoded("DTSTART")
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids)


def test_the_calendar_validates_with_vobject(calendar_data):
    parsed = vobject.readOne(calendar_data.decode())
    parsed.validate()  # raises on a missing DTSTAMP, UID or bad structure
    assert len(parsed.vevent_list) == 3
    for event in parsed.vevent_list:
        assert event.dtstamp.value is not None


def test_the_calendar_has_a_timezone_for_amsterdam(calendar_data):
    calendar = icalendar.Calendar.from_ical(calendar_data)
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Amsterdam"]
    assert b"DTSTART;TZID=Europe/Amsterdam:20261022T190000" in calendar_data
    assert b"DTSTART;TZID=Europe/Amsterdam:20261029T190000" in calendar_data


def test_times_stay_at_seven_in_the_evening_across_the_clock_change(calendar_data):
    events = [
        e
        for e in icalendar.Calendar.from_ical(calendar_data).walk("VEVENT")
        if str(e["UID"]).startswith("conversation-")
    ]
    starts = sorted(event.decoded("DTSTART") for event in events)
    assert [s.astimezone(AMSTERDAM).hour for s in starts] == [19, 19]
    # Summer time is UTC+2, winter time UTC+1: 17:00 and 18:00 UTC.
    assert [s.astimezone(datetime.UTC).hour for s in starts] == [17, 18]
    parsed = vobject.readOne(calendar_data.decode())
    utc_hours = sorted(
        e.dtstart.value.astimezone(datetime.UTC).hour
        for e in parsed.vevent_list
        if e.uid.value.startswith("conversation-")
    )
    assert utc_hours == [17, 18]


def test_an_agreements_follow_up_date_is_an_all_day_event(calendar_data):
    event = next(
        e
        for e in icalendar.Calendar.from_ical(calendar_data).walk("VEVENT")
        if str(e["UID"]).startswith("agreement-")
    )
    assert event.decoded("DTSTART") == datetime.date(2026, 12, 18)
    assert event.decoded("DTEND") == datetime.date(2026, 12, 19)
    assert "Wekelijkse check-in" in str(event["SUMMARY"])


def test_uids_are_stable_between_downloads(personas, calendar_data):
    again = ical.calendar_for_user(personas.guardian)
    uids = lambda data: sorted(  # noqa: E731
        str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
    )
    assert uids(again) == uids(calendar_data)


def test_the_download_is_a_calendar_file_of_the_users_own_conversations(
    personas, client_for, calendar_data
):
    response = client_for(personas.classmate_guardian).get(
        reverse("conversations:calendar_download")
    )
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar.walk("VEVENT") == []  # Mila's parent sees nothing of Noor


def test_the_private_feed_works_without_login_and_only_with_the_token(
    personas, client, client_for, calendar_data
):
    page = client_for(personas.guardian).get(reverse("conversations:calendar"))
    feed = CalendarFeed.objects.get(user=personas.guardian)
    assert feed.token in page.content.decode()
    response = client.get(reverse("conversations:calendar_feed", kwargs={"token": feed.token}))
    assert response.status_code == 200
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 3
    wrong = client.get(reverse("conversations:calendar_feed", kwargs={"token": "guess"}))
    assert wrong.status_code == 404


def test_a_deactivated_users_feed_stops_working(personas, client, calendar_data):
    feed = CalendarFeed.objects.create(user=personas.guardian)
    personas.guardian.is_active = False
    personas.guardian.save()
    url = reverse("conversations:calendar_feed", kwargs={"token": feed.token})
    assert client.get(url).status_code == 404
