"""A guardian asks to see teachers, the administrator runs the scheduler, the guardian
sees the schedule and downloads it as a calendar file (Chromium; the accounts speak Dutch)."""

from __future__ import annotations

import re

import icalendar
import pytest
from playwright.sync_api import Page, expect

from driehoek.conversations import views
from driehoek.conversations.models import Booking, EveningRequest
from tests.conversations.conftest import make_evening, staff_of
from tests.e2e.helpers import add_authenticator, current_code, log_in

pytestmark = pytest.mark.e2e


def log_out(page: Page) -> None:
    page.get_by_role("button", name=re.compile("log out|uitloggen", re.IGNORECASE)).click()
    page.wait_for_load_state()


def test_a_guardian_requests_teachers_and_gets_a_schedule_for_the_calendar(
    page: Page, e2e_personas, monkeypatch
):
    monkeypatch.setattr(views, "SCHEDULER_SECONDS", 1.0)
    personas = e2e_personas
    evening = make_evening(
        personas.school, slot_count=8, staff=[staff_of(personas.mentor), staff_of(personas.teacher)]
    )
    url = f"/conversations/evenings/{evening.pk}/"

    # The guardian asks for the mentor (very important) and the maths teacher.
    log_in(page, personas.guardian.email)
    page.goto("/conversations/")
    page.get_by_role("link", name="Ouderavonden").click()
    page.get_by_role("link", name=evening.name).click()
    expect(page).to_have_url(re.compile(re.escape(url) + "$"))
    main = page.locator("main")
    expect(main).to_contain_text("Welke docenten wilt u spreken over Noor?")
    selects = main.locator("select[name^=priority_]")
    expect(selects).to_have_count(2)
    selects.nth(0).select_option("1")
    selects.nth(1).select_option("2")
    page.get_by_role("button", name="Mijn wensen versturen").click()
    expect(page.locator(".messages")).to_contain_text("Uw wensen zijn opgeslagen")
    assert EveningRequest.objects.filter(family=personas.guardian).count() == 2
    log_out(page)

    # The administrator, with the second factor, makes the schedule.
    device = add_authenticator(personas.admin)
    log_in(page, personas.admin.email)
    page.get_by_label(re.compile("code", re.IGNORECASE)).fill(current_code(device))
    page.get_by_role("button", name=re.compile("continue|doorgaan|verder", re.IGNORECASE)).click()
    page.goto(url)
    page.get_by_role("button", name="Rooster maken").click()
    expect(page.locator(".messages")).to_contain_text("2 gesprekken gepland")
    assert Booking.objects.filter(evening=evening).count() == 2
    log_out(page)

    # The guardian sees their times and takes them into their calendar.
    log_in(page, personas.guardian.email)
    page.goto(url)
    schedule = page.locator(".schedule")
    expect(schedule).to_contain_text("Uw rooster")
    expect(schedule).to_contain_text("Sanne Visser")
    expect(schedule).to_contain_text("Pieter Smit")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Zet in mijn agenda").click()
    path = download_info.value.path()
    calendar = icalendar.Calendar.from_ical(open(path, "rb").read())  # noqa: SIM115
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    assert all(event.decoded("DTSTART").date().isoformat() == "2027-01-19" for event in events)
