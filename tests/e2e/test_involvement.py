"""A parent fills in the involvement scan on a phone: each answer is saved as it is given,
the result shows the radar and the age-aware interpretation, and sharing reaches the
mentor. The "who leads?" helper answers in place. (The demo users read Dutch.)"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from driehoek.involvement.models import Scan
from tests.e2e.helpers import log_in

pytestmark = pytest.mark.e2e


def test_a_parent_fills_in_the_scan_and_nothing_is_lost(page: Page, e2e_personas):
    log_in(page, e2e_personas.guardian.email)
    page.goto(reverse("involvement:index"))
    page.get_by_role("button", name="Begin de scan").click()
    expect(page.locator("h1")).to_contain_text("Uw steun aan Noor thuis")

    statements = page.locator("fieldset.item")
    expect(statements).to_have_count(20)
    # Hands-on help answered high, the rest "often" (4); reverse-keyed statements low.
    for index in range(20):
        statement = statements.nth(index)
        key = statement.locator("input").first.get_attribute("name") or ""
        value = {"enc_criticise": 1, "con_rush": 1, "dev_busy": 1, "dir_own": 2}.get(key, 4)
        if key in ("dir_check", "dir_plan"):
            value = 5
        statement.locator("label.step").nth(value - 1).click()
        expect(statement.locator(".saved")).to_contain_text("Bewaard")
    expect(page.locator("#scan-progress")).to_contain_text("20 van 20 beantwoord")

    # Saved on the server one by one: a reload keeps every answer.
    scan = Scan.objects.get(guardian=e2e_personas.guardian)
    assert len(scan.answers) == 20 and scan.answers["dir_plan"] == 5
    page.reload()
    expect(page.locator("input[type=radio]:checked")).to_have_count(20)

    page.get_by_role("button", name="Bekijk de uitslag").click()
    expect(page).to_have_url(re.compile(reverse("involvement:result", args=[scan.pk])))
    expect(page.locator("svg.radar polygon.shape")).to_be_visible()
    expect(page.locator("svg.curve circle.marker")).to_be_visible()
    # Noor is 13 and at secondary school: this much hands-on help is flagged, kindly.
    expect(page.locator(".finding.attention").first).to_contain_text(
        "Misschien doet u meer dan uw kind nodig heeft"
    )

    page.get_by_role("button", name="Delen met de mentor").click()
    expect(page.locator(".messages")).to_contain_text("De mentor kan deze scan nu zien.")
    scan.refresh_from_db()
    assert scan.shared_with_mentor


def test_the_helper_answers_in_place(page: Page, e2e_personas):
    log_in(page, e2e_personas.guardian.email)
    page.goto(reverse("involvement:helper"))
    page.get_by_label("Waar gaat het over?").select_option("bullying")
    answer = page.locator("#helper-answer")
    expect(answer).to_contain_text("Wanneer de zorgcoördinator erbij komt")
    expect(answer).to_contain_text("U, de ouders")
    expect(page).to_have_url(re.compile(r"concern=bullying"))
