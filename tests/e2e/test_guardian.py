"""A parent logs in, sees their own child and cannot open another family's child."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.helpers import log_in

pytestmark = pytest.mark.e2e


def test_a_guardian_sees_their_own_child_and_not_another(page: Page, e2e_personas):
    log_in(page, e2e_personas.guardian.email)

    # The home page sends a parent on to their children.
    expect(page).to_have_url(re.compile(re.escape(reverse("front:my_children")) + "$"))
    main = page.locator("main")
    expect(main).to_contain_text("Noor Jansen")
    expect(main).not_to_contain_text("Mila")

    # Their child's page opens from the home page.
    page.get_by_role("link", name="Noor Jansen").first.click()
    expect(page).to_have_url(re.compile(reverse("roster:student", args=[e2e_personas.student.pk])))
    expect(page.locator("h1")).to_contain_text("Noor")

    # Another family's child: the same "not found" as a page that does not exist.
    foreign = page.goto(reverse("roster:student", args=[e2e_personas.classmate.pk]))
    assert foreign is not None and foreign.status == 404
    foreign_page = page.locator("body").inner_text()
    assert "Mila" not in page.content()
    missing = page.goto(reverse("roster:student", args=[987654]))
    assert missing is not None and missing.status == 404
    assert page.locator("body").inner_text() == foreign_page
