"""A bullying case end to end in Chromium: the mentor escalates and records that the
parents were told, the care coordinator asks consent for one expert and invites them,
the guardian consents, the expert (a guest account with two-step verification) reads the
case, the guardian withdraws consent, and the expert loses access at once."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from driehoek.care import services
from driehoek.care.consent_rules import Answer
from driehoek.care.models import CareCase, ConsentRequest, TeamMember
from tests.e2e.helpers import add_authenticator, current_code, log_in
from tests.personas import PASSWORD

pytestmark = pytest.mark.e2e

CONTINUE = re.compile("continue|doorgaan|verder|confirm|bevestig", re.IGNORECASE)


def log_out(page: Page) -> None:
    page.get_by_role("button", name=re.compile("log out|uitloggen", re.IGNORECASE)).click()
    page.wait_for_load_state()


def second_factor(page: Page, device: TOTPDevice) -> None:
    page.get_by_label(re.compile("code", re.IGNORECASE)).fill(current_code(device))
    page.get_by_role("button", name=CONTINUE).click()
    page.wait_for_load_state()


def test_mentor_escalates_guardian_consents_expert_reads_then_loses_access(
    page: Page, e2e_personas
):
    # A long walk on a shared machine: wait longer than the default for each step (a
    # limit on waiting, not a timed assertion).
    page.set_default_timeout(30_000)
    personas = e2e_personas
    mentor_device = add_authenticator(personas.mentor)
    care_device = add_authenticator(personas.care)
    later = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()

    # The mentor raises a bullying question and records that the parents were told.
    log_in(page, personas.mentor.email)
    second_factor(page, mentor_device)
    page.goto(f"/care/student/{personas.student.pk}/escalate/")
    page.get_by_label("Waar gaat het over?").select_option("being-bullied")
    page.get_by_label("Waar maakt u zich zorgen over?").fill(
        "Noor wordt buitengesloten in de groepsapp."
    )
    page.get_by_label("Wat is al geprobeerd?").fill("Twee gesprekken met Noor.")
    page.get_by_role("button", name="Naar de zorgcoördinator sturen").click()
    expect(page.locator("h1")).to_contain_text("Extra ondersteuning voor Noor Jansen")
    expect(page.locator("main")).to_contain_text("Zijn de ouders ingelicht?")
    page.get_by_label("Hoe?").select_option("phone")
    page.get_by_role("button", name="De ouders zijn ingelicht").click()
    expect(page.locator(".messages")).to_contain_text("de ouders zijn ingelicht")
    expect(page.locator("main")).not_to_contain_text("Zijn de ouders ingelicht?")
    case = CareCase.objects.get(student=personas.student)
    log_out(page)

    # The care coordinator asks consent for one expert and invites them as a guest.
    log_in(page, personas.care.email)
    second_factor(page, care_device)
    page.goto("/care/")
    page.get_by_role("link", name=re.compile("Noor Jansen")).first.click()
    page.get_by_text("Toestemming vragen om te delen met een deskundige").click()
    consent = page.locator("#consent form").last
    consent.get_by_label("Soort deskundige").select_option("psychologist")
    consent.get_by_label("Naam").fill("Dr. Bakker")
    consent.get_by_label("Organisatie").fill("Praktijk Noord")
    consent.get_by_label("Doel").fill("Onderzoek naar wat Noor helpt")
    consent.get_by_label("Welke informatie").fill("De zorgvraag en het plan")
    consent.get_by_label("Toestemming tot en met").fill(later)
    consent.get_by_role("button", name="Vraag het de ouders").click()
    expect(page.locator("#consent")).to_contain_text("wacht op toestemming")
    page.get_by_text("Externe deskundige uitnodigen").click()
    invite = page.locator("#team form").last
    invite.get_by_label("Deskundige").select_option(index=1)
    invite.get_by_label("E-mailadres").fill("expert@praktijk.example")
    invite.get_by_label("Toegang tot en met").fill(later)
    invite.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.locator(".messages")).to_contain_text("De deskundige krijgt een e-mail")
    token = re.search(r"/care/guest/([\w-]+)/", mail.outbox[-1].body).group(1)
    log_out(page)

    # Eva consents in the browser; Mark (the other household) consents too.
    log_in(page, personas.guardian.email)
    page.goto("/care/")
    page.get_by_role("link", name=re.compile("Noor Jansen")).first.click()
    expect(page.locator("#consent")).to_contain_text("Dr. Bakker")
    page.get_by_role("button", name="Ja, ik geef toestemming").click()
    expect(page.locator(".messages")).to_contain_text("Uw toestemming is vastgelegd")
    request = ConsentRequest.objects.get(case=case)
    mark_guardian = personas.other_household_guardian.guardian_profiles.get()
    services.answer_consent(
        request=request,
        user=personas.other_household_guardian,
        party=f"guardian:{mark_guardian.pk}",
        answer=Answer.GIVEN,
    )
    log_out(page)

    # The expert sets a password and two-step verification, then reads the case.
    page.goto(f"/care/guest/{token}/")
    page.locator("input[name=new_password1]").fill(PASSWORD)
    page.locator("input[name=new_password2]").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("password|wachtwoord", re.I)).click()
    expert = TeamMember.objects.get(case=case, kind="expert").user
    setup = TOTPDevice.objects.get(user=expert, confirmed=False)
    second_factor(page, setup)
    page.goto(f"/care/case/{case.pk}/")
    expect(page.locator("main")).to_contain_text("buitengesloten in de groepsapp")
    expect(page.locator("main")).not_to_contain_text("Toestemming om informatie te delen")
    log_out(page)

    # Eva withdraws her consent.
    log_in(page, personas.guardian.email)
    page.goto(f"/care/case/{case.pk}/")
    page.get_by_role("button", name="Mijn toestemming intrekken").click()
    expect(page.locator(".messages")).to_contain_text("Uw toestemming is ingetrokken")
    expect(page.locator("#consent")).to_contain_text("trok toestemming in")
    log_out(page)

    # The expert logs in again: the case is gone for them.
    # (A TOTP code is accepted once; as if the next half-minute had come, forget the last.)
    TOTPDevice.objects.filter(user=expert).update(last_t=-1)
    log_in(page, expert.email)
    second_factor(page, TOTPDevice.objects.get(user=expert, confirmed=True))
    response = page.goto(f"/care/case/{case.pk}/")
    assert response is not None and response.status == 404
