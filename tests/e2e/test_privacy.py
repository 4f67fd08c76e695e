"""A parent downloads everything Driehoek holds about them and their child, and reads it."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from driehoek.audit.models import AuditAction
from driehoek.audit.services import record_student_read
from tests.e2e.helpers import current_code, log_in
from tests.privacy.family import MARK, make_family_data

pytestmark = pytest.mark.e2e

#: The readable download of a family is a long page; on a busy machine it needs more
#: than the default five seconds to arrive (not a timed assertion: only a ceiling).
SLOW_PAGE_MS = 30_000


def test_a_guardian_downloads_their_data_and_reads_it(page: Page, e2e_personas):
    make_family_data(e2e_personas)
    record_student_read(
        actor=e2e_personas.mentor,
        student=e2e_personas.student,
        action=AuditAction.VIEW_STUDENT,
        role="mentor",
    )
    page.set_default_timeout(SLOW_PAGE_MS)
    log_in(page, e2e_personas.guardian.email)
    # Eva set up an authenticator app (the family data has one): she types its code.
    device = TOTPDevice.objects.get(user=e2e_personas.guardian)
    page.locator("main input[type=text], main input[inputmode=numeric]").first.fill(
        current_code(device)
    )
    page.locator("main button[type=submit]").first.click()
    page.wait_for_load_state()

    # From the child's page to "My data".
    page.goto(reverse("roster:student", args=[e2e_personas.student.pk]))
    page.get_by_role("link", name=re.compile("^(My data|Mijn gegevens)$")).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("privacy:mine")) + "$"))
    expect(page.locator("main")).to_contain_text("Noor Jansen")

    # The file for a computer.
    with page.expect_download() as download_info:
        page.get_by_role(
            "link", name=re.compile("Download JSON file|JSON-bestand downloaden")
        ).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".json")
    with open(download.path(), encoding="utf-8") as saved:
        data = json.load(saved)
    assert "profiles.ProfileSection" in data["data"]
    assert "password" not in json.dumps(data["data"]["accounts.User"])

    # The page for people: headings, the child's profile in words, who read the file.
    page.get_by_role("link", name=re.compile("Open my data|Mijn gegevens openen")).click()
    expect(page.locator("h1")).to_have_text(
        re.compile("Everything Driehoek keeps about you|Alles wat Driehoek over u bewaart")
    )
    main = page.locator("main")
    expect(main).to_contain_text("Noor tekent graag en houdt van paarden.")
    expect(
        page.get_by_role(
            "heading",
            name=re.compile("Who at school opened the file|Wie op school het dossier opende"),
        )
    ).to_be_visible()
    expect(main).to_contain_text("Sanne Visser")
    expect(
        page.get_by_role("heading", name=re.compile("^(Messages|Berichten)$")).first
    ).to_be_visible()
    expect(main).not_to_contain_text(MARK)
    # Readable at phone width: nothing wider than the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    expect(
        page.get_by_role("button", name=re.compile("Print or save as PDF|Afdrukken of opslaan"))
    ).to_be_visible()


def test_the_privacy_page_is_public_and_linked_from_the_footer(page: Page, e2e_personas):
    page.set_default_timeout(SLOW_PAGE_MS)
    page.goto(reverse("front:landing"))
    page.get_by_role("link", name=re.compile("Privacy")).click()
    expect(page.locator("h1")).to_have_text(
        re.compile("Your privacy at Driehoek|Uw privacy bij Driehoek")
    )
    expect(page.locator("main")).to_contain_text(re.compile("How long|Hoe lang"))
