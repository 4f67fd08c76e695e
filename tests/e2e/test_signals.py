"""A mentor finds a planted signal on the class overview, opens its evidence and snoozes
it (Chromium, at phone width)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from driehoek.signals import services
from driehoek.signals.models import Signal, SignalStatus
from tests.e2e.helpers import add_authenticator, current_code, log_in
from tests.signals import school_data as data

pytestmark = pytest.mark.e2e


def test_a_mentor_sees_a_signal_opens_the_evidence_and_snoozes_it(page: Page, e2e_personas):
    personas = e2e_personas
    # The machine is shared: give slow page loads room (no assertion is about time).
    page.set_default_timeout(20_000)
    # Planted: Noor did not hand in her maths homework four weeks running.
    source = data.homework(data.streak("100001", "WI"))
    services.import_school_data(school=personas.school, kind="homework", source=source)
    services.run_detection(school=personas.school, today=data.TODAY)
    signal = Signal.objects.get(student=personas.student)

    device = add_authenticator(personas.mentor)
    log_in(page, personas.mentor.email)
    page.get_by_label(re.compile("code", re.IGNORECASE)).fill(current_code(device))
    page.get_by_role("button", name=re.compile("continue|doorgaan|verder", re.IGNORECASE)).click()
    page.wait_for_load_state()
    page.goto("/signals/")
    page.get_by_role("link", name="2havo-a").click()
    expect(page).to_have_url(re.compile(rf"/signals/class/{personas.klass.pk}/$"))

    # Noor's row comes first, with the signal; Mila has none.
    main = page.locator("main")
    first_row = main.locator("tbody tr").first
    expect(first_row).to_contain_text("Noor Jansen")
    expect(first_row).to_contain_text("WI")
    first_row.locator("a.signal-link").click()
    expect(page).to_have_url(re.compile(rf"/signals/{signal.pk}/$"))

    # The evidence: the four missed homework items, as a table.
    evidence = page.locator(".evidence-table table")
    expect(evidence).to_be_visible()
    expect(evidence.locator("tbody tr")).to_have_count(4)
    expect(main).to_contain_text(re.compile("4 homework items in a row|4 keer achter elkaar"))

    # Snooze for two weeks.
    page.locator("summary", has_text=re.compile("^(Snooze|Snoozen)$")).click()
    until = timezone.localdate() + datetime.timedelta(days=14)
    page.locator(f"#snooze-until-{signal.pk}").fill(until.isoformat())
    page.get_by_role("button", name=re.compile("Snooze until then|Snoozen tot dan")).click()
    expect(page.locator(".messages")).to_contain_text(re.compile("Snoozed until|Gesnoozed tot"))

    signal.refresh_from_db()
    assert (signal.status, signal.snoozed_until) == (SignalStatus.SNOOZED, until)
    # Back on the class overview, Noor has no open signal now.
    page.goto(f"/signals/class/{personas.klass.pk}/")
    expect(page.locator("a.signal-link")).to_have_count(0)
