"""The main flows with the keyboard only (Tab, Shift+Tab, Enter, Space and typing).

Nothing here clicks: focus is moved with Tab until the wanted element has it, then
Enter or Space acts on it. Each step also checks that the focused element shows where
the focus is (an outline or a box shadow), and the skip link is the first tab stop.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, Locator, Page, expect

from driehoek.conversations.models import Agreement
from driehoek.messaging.models import Thread
from driehoek.triangle.models import Response
from tests.conftest import login_verified
from tests.conversations.conftest import make_conversation
from tests.e2e.conftest import PHONE
from tests.personas import PASSWORD
from tests.triangle.conftest import EVA, make_round

pytestmark = pytest.mark.e2e

MAX_TABS = 120

FOCUS_SHOWN_JS = """el => {
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return outline || shadow;
}"""


def focused_is(target: Locator) -> bool:
    return bool(target.evaluate("el => el === document.activeElement"))


def focus_shown(page: Page) -> bool:
    return bool(page.evaluate(f"({FOCUS_SHOWN_JS})(document.activeElement)"))


def describe_focus(page: Page) -> str:
    return str(
        page.evaluate(
            "() => { const e = document.activeElement; return e.outerHTML.slice(0, 160); }"
        )
    )


def tab_to(page: Page, target: Locator, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `target` has the focus; every stop on the way
    must show its focus."""
    target = target.first
    expect(target).to_be_attached()
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        if focused_is(target):
            return
        page.keyboard.press(key)
        if page.evaluate("document.activeElement !== document.body"):
            assert focus_shown(page), f"no visible focus on {describe_focus(page)}"
    raise AssertionError(f"{MAX_TABS}× {key} never reached {target}; focus: {describe_focus(page)}")


def type_into(page: Page, field: Locator, text: str) -> None:
    tab_to(page, field)
    page.keyboard.type(text)


def keyboard_context_page(browser: Browser, live_server, user=None) -> Page:  # type: ignore[no-untyped-def]
    """A phone-sized page, logged in (second factor passed) when `user` is given."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(5_000)
    if user is not None:
        session = login_verified(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
    return context.new_page()


def test_the_skip_link_is_the_first_tab_stop_and_leads_into_the_content(page: Page, e2e_personas):
    # The landing page (the login page puts the focus in its e-mail field at once).
    page.goto(reverse("front:landing"))
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert focused_is(skip), describe_focus(page)
    assert focus_shown(page)
    # Hidden until focused, then on screen.
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    # The next Tab continues inside <main>, past the header's links.
    page.keyboard.press("Tab")
    inside = page.evaluate("() => document.querySelector('main').contains(document.activeElement)")
    assert inside, describe_focus(page)


def test_a_guardian_logs_in_with_the_keyboard(page: Page, e2e_personas):
    page.goto(reverse("accounts:login"))
    type_into(page, page.locator("input[type=email]"), e2e_personas.guardian.email)
    type_into(page, page.locator("input[type=password]"), PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(reverse("front:my_children")) + "$"))
    # Back up the page with Shift+Tab to the account link, then open it with Enter.
    tab_to(page, page.locator("main a").last)
    tab_to(page, page.locator("header").get_by_role("link", name="Mijn account"), backwards=True)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:settings")) + "$"))


def test_every_tab_stop_on_the_home_page_shows_its_focus(browser, live_server, e2e_personas):
    page = keyboard_context_page(browser, live_server, e2e_personas.mentor)
    page.goto(reverse("front:home"))
    stops = 0
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break  # past the last stop
        assert focus_shown(page), f"no visible focus on {describe_focus(page)}"
        stops += 1
    assert stops >= 5  # skip link, brand, account links, navigation, the groups
    page.context.close()


def test_a_guardian_fills_in_the_triangle_with_the_keyboard(browser, live_server, e2e_personas):
    people = e2e_personas
    round = make_round(people.klass, title="Voor de ouderavond")
    page = keyboard_context_page(browser, live_server, people.guardian)
    page.goto(reverse("triangle:index"))
    tab_to(page, page.get_by_role("link", name="Invullen"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Voor de ouderavond")
    for key in EVA:  # the questions of a guardian's questionnaire
        # Tab reaches a radio group at its first option; Space chooses it (arrow keys
        # would move to another value; any value is an answer).
        tab_to(page, page.locator(f'input[name="a_{key}"]').first)
        page.keyboard.press("Space")
        expect(page.locator(f'input[name="a_{key}"]').first).to_be_checked()
    expect(page.locator("#save-status")).to_contain_text(f"{len(EVA)} van {len(EVA)}")
    tab_to(page, page.get_by_role("button", name=re.compile("inleveren", re.IGNORECASE)))
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("antwoorden zijn ingeleverd")
    assert Response.objects.filter(round=round, submitted_at__isnull=False).count() == 1
    page.context.close()


def test_a_guardian_sends_a_message_with_the_keyboard(browser, live_server, e2e_personas):
    page = keyboard_context_page(browser, live_server, e2e_personas.guardian)
    page.goto(reverse("front:home"))
    tab_to(page, page.locator("nav.feature-nav").get_by_role("link", name="Berichten"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Nieuw bericht over Noor"))
    page.keyboard.press("Enter")
    type_into(page, page.get_by_label("Onderwerp"), "Met het toetsenbord")
    type_into(page, page.get_by_label("Uw bericht", exact=True), "Dank voor de fijne start!")
    tab_to(page, page.locator("label.chip", has_text="Waardering").locator("input"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Versturen"))
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Dank voor de fijne start!")
    assert Thread.objects.filter(subject="Met het toetsenbord").exists()
    page.context.close()


def test_a_mentor_opens_a_student_and_adds_an_agreement_with_the_keyboard(
    browser, live_server, e2e_personas
):
    people = e2e_personas
    make_conversation(people.student)
    page = keyboard_context_page(browser, live_server, people.mentor)
    page.goto(reverse("front:home"))
    tab_to(page, page.locator("main").get_by_role("link", name=re.compile("Noor")))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Noor")
    tab_to(page, page.locator("main a[href*='/conversations/']").filter(has_text=re.compile(".")))
    page.keyboard.press("Enter")
    type_into(page, page.get_by_label(re.compile(r"^Wat:?$")), "Elke vrijdag een korte mail")
    type_into(page, page.get_by_label(re.compile(r"^Wie:?$")), "Mentor")
    tab_to(page, page.get_by_role("button", name="Toevoegen"))
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Elke vrijdag een korte mail")
    assert Agreement.objects.filter(student=people.student, what__startswith="Elke").exists()
    page.context.close()
