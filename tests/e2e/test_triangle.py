"""A guardian, the student and the mentor fill in a triangle round in Chromium; the
mentor's class view then shows the resulting shape. The pages are Dutch first."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from driehoek.triangle.models import Response
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import add_authenticator, current_code, log_in
from tests.triangle.conftest import EVA, NOOR, SANNE, make_round

pytestmark = pytest.mark.e2e


def answer_everything(page: Page, answers: dict[str, int]) -> None:
    for key, value in answers.items():
        page.locator(f'input[name="a_{key}"][value="{value}"]').check()
    # Each choice was saved on the spot (htmx), before handing in.
    expect(page.locator("#save-status")).to_contain_text(f"{len(answers)} van {len(answers)}")
    page.get_by_role("button", name=re.compile("inleveren", re.IGNORECASE)).click()
    page.wait_for_load_state()


def fresh_page(browser: Browser, live_server) -> Page:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(5_000)
    return context.new_page()


def test_three_parties_fill_in_a_round_and_the_mentor_sees_the_shape(
    page: Page, browser: Browser, live_server, e2e_personas
):
    people = e2e_personas
    round = make_round(people.klass, title="Before the parent evening")

    # The guardian, from the triangle page.
    log_in(page, people.guardian.email)
    page.goto(reverse("triangle:index"))
    page.get_by_role("link", name="Invullen").first.click()
    expect(page.locator("h1")).to_contain_text("Before the parent evening")
    expect(page.locator("main")).to_contain_text("Ik vertrouw erop dat de school doet wat goed is")
    answer_everything(page, EVA)
    expect(page.locator(".messages")).to_contain_text("antwoorden zijn ingeleverd")
    expect(page.locator("main")).to_contain_text("Nog niet genoeg antwoorden")

    # The student, on her own device.
    student = fresh_page(browser, live_server)
    log_in(student, people.student_user.email)
    student.goto(reverse("triangle:index"))
    student.get_by_role("link", name="Invullen").first.click()
    expect(student.locator("main")).to_contain_text("Ik kan goed opschieten met mijn mentor.")
    answer_everything(student, NOOR)
    expect(student.locator(".messages")).to_contain_text("Je antwoorden zijn ingeleverd")

    # The mentor, with the second factor, answers for Noor from the overview.
    mentor = fresh_page(browser, live_server)
    device = add_authenticator(people.mentor)
    log_in(mentor, people.mentor.email)
    mentor.get_by_label(re.compile("code", re.IGNORECASE)).fill(current_code(device))
    mentor.get_by_role("button", name=re.compile("continue|doorgaan|verder", re.I)).click()
    mentor.goto(reverse("triangle:index"))
    noor_row = mentor.locator("li", has_text="Noor Jansen")
    noor_row.get_by_role("link", name="Invullen").click()
    expect(mentor.locator("main")).to_contain_text("Uw kijk als mentor van Noor Jansen.")
    answer_everything(mentor, SANNE)

    # Three voices: the class view shows Noor's shape; Mila is still missing voices.
    assert Response.objects.filter(round=round, submitted_at__isnull=False).count() == 3
    mentor.goto(reverse("triangle:round", args=[round.pk]))
    card = mentor.locator(".tri-class li", has_text="Noor Jansen")
    expect(card).to_contain_text("Kind in het midden, thuis en school uit elkaar")
    expect(card).to_contain_text("groeiruimte 0,76")
    expect(card.locator("svg")).to_be_visible()
    expect(mentor.locator(".tri-class li", has_text="Mila Bakker")).to_contain_text("Ontbreekt")

    # And the guardian now sees the picture with its explanation, not the others' answers.
    page.goto(reverse("triangle:student", args=[people.student.pk]))
    expect(page.locator("main")).to_contain_text("Kind in het midden, thuis en school uit elkaar")
    expect(page.locator("main svg circle.tri-circle").first).to_be_visible()
    assert "Ik kan goed opschieten met mijn mentor" not in page.content()
