"""A parent writes in the child profile and sends a message that opens with appreciation;
the mentor reads both and replies; the parent sees the reply and that the mentor saw the
message. (In Dutch: the language of the test users.)"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.helpers import add_authenticator, current_code, log_in

pytestmark = pytest.mark.e2e

PROFILE_TEXT = "Noor rekent graag uit haar hoofd; bij drukte helpt een vaste plek vooraan."
MESSAGE = "Dank u wel voor de warme ontvangst in de eerste weken! Noor geniet van de mentorles."
REPLY = "Dank u, wat fijn om te horen. Noor helpt haar klasgenoten veel."


def log_out(page: Page) -> None:
    page.get_by_role("button", name=re.compile("log out|uitloggen", re.IGNORECASE)).click()
    page.wait_for_load_state()


def test_a_guardian_writes_and_the_mentor_reads_and_replies(page: Page, e2e_personas):
    student = e2e_personas.student
    log_in(page, e2e_personas.guardian.email)

    # The profile, from the navigation.
    page.locator("nav.feature-nav").get_by_role("link", name="Profiel").click()
    page.get_by_role("link", name="Noor Jansen").click()
    expect(page.locator("h1")).to_contain_text("Wat werkt voor Noor")
    page.get_by_label("Onderwerp").select_option("strengths")
    page.get_by_label("Wat wilt u dat de school weet?").fill(PROFILE_TEXT)
    page.get_by_label("Alleen de mentor").check()
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator("main")).to_contain_text(PROFILE_TEXT)

    # A message that opens with appreciation: the chip is suggested, the parent taps it.
    page.locator("nav.feature-nav").get_by_role("link", name="Berichten").click()
    page.get_by_role("link", name="Nieuw bericht over Noor").click()
    page.get_by_label("Onderwerp").fill("Een goede start")
    page.get_by_label("Uw bericht", exact=True).fill(MESSAGE)
    expect(page.locator("label.chip.suggested")).to_contain_text("Waardering")
    expect(page.locator("input[name=kind]:checked")).to_have_count(0)  # never decided for them
    page.locator("label.chip", has_text="Waardering").click()
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator("main")).to_contain_text(MESSAGE)
    log_out(page)

    # The mentor: password, second factor, then the child's profile and the thread.
    device = add_authenticator(e2e_personas.mentor)
    log_in(page, e2e_personas.mentor.email)
    page.get_by_label(re.compile("code", re.IGNORECASE)).fill(current_code(device))
    page.get_by_role("button", name=re.compile("continue|doorgaan|verder", re.IGNORECASE)).click()
    page.goto(reverse("roster:student", args=[student.pk]))
    expect(page.locator("main")).to_contain_text(PROFILE_TEXT)
    page.get_by_role("link", name="Een goede start").click()
    expect(page.locator("main")).to_contain_text(MESSAGE)
    expect(page.locator("main")).to_contain_text("alle huishoudens")
    page.get_by_label("Uw bericht", exact=True).fill(REPLY)
    page.locator("label.chip", has_text="Waardering").click()
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator("main")).to_contain_text(REPLY)
    log_out(page)

    # The parent sees the reply, and that the mentor saw their message.
    log_in(page, e2e_personas.guardian.email)
    page.goto(reverse("messaging:inbox"))
    page.get_by_role("link", name="Een goede start").click()
    expect(page.locator("main")).to_contain_text(REPLY)
    expect(page.locator("main")).to_contain_text("Gezien door Sanne Visser")
