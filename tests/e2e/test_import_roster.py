"""A school administrator uploads a real OneRoster export, reads the check (a dry run)
with its rejected rows, confirms, and sees what was imported."""

from __future__ import annotations

import re
import zipfile

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from driehoek.roster.models import Group, Student
from tests.e2e.conftest import RESULTS
from tests.e2e.helpers import add_authenticator, current_code, log_in
from tests.roster_import.conftest import oneroster

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def zipped_sample(name: str, target) -> str:  # type: ignore[no-untyped-def]
    """The third-party sample as a school would upload it: one zip (files unchanged)."""
    path = target / f"{name}.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted(oneroster(name).iterdir()):
            if file.suffix == ".csv":
                archive.write(file, file.name)
    return str(path)


def test_an_administrator_checks_then_imports_a_oneroster_export(
    page: Page, e2e_personas, tmp_path
):
    # Checking and importing run inside the request (immediate task backend); on a busy
    # machine that takes longer than the package's default five seconds.
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    admin = e2e_personas.admin
    school = e2e_personas.school
    device = add_authenticator(admin)
    log_in(page, admin.email)
    page.get_by_label(re.compile("code", re.IGNORECASE)).fill(current_code(device))
    page.get_by_role("button", name=re.compile("continue|doorgaan|verder", re.IGNORECASE)).click()
    before = Student.objects.filter(school=school).count()

    page.goto(reverse("roster_import:upload", args=[school.pk]))
    page.get_by_label(
        re.compile("roster file|met het leerlingenbestand", re.IGNORECASE)
    ).set_input_files(zipped_sample("Test_full_data_set", tmp_path))
    page.get_by_label(re.compile("import the correct rows|goede regels", re.IGNORECASE)).check()
    page.get_by_role(
        "button", name=re.compile("check the file|bestand controleren", re.IGNORECASE)
    ).click()

    # (The page speaks the user's language: Dutch for the demo school's administrator.)
    # The check: what would change, and every rejected row with file, line and reason.
    status = page.locator("#job-status")
    expect(status).to_contain_text(
        re.compile("what the import would change|wat de import zou veranderen", re.IGNORECASE)
    )
    problems = page.locator(".problems")
    expect(problems).to_contain_text("enrollments.csv")
    expect(problems).to_contain_text("usr-222-987654")  # a teacher enrolled as a student
    expect(page.locator(".problem.error").first).to_be_visible()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "import-roster-check.png"), full_page=True)
    # Nothing has been written yet.
    assert Student.objects.filter(school=school).count() == before

    page.get_by_role("button", name=re.compile("import now|nu importeren", re.IGNORECASE)).click()

    expect(page.locator("#job-status")).to_contain_text(
        re.compile("imported|geïmporteerd", re.IGNORECASE)
    )
    assert Student.objects.filter(school=school).count() == before + 3
    physics = Group.objects.get(school=school, external_id="cls-222-123456")
    assert physics.subject is not None and physics.subject.code == "PHY123"
    page.screenshot(path=str(RESULTS / "import-roster-done.png"), full_page=True)
