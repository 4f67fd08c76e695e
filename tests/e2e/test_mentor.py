"""A mentor logs in with their password and authenticator code and sees their class."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.helpers import add_authenticator, current_code, log_in

pytestmark = pytest.mark.e2e


def test_a_mentor_passes_two_factor_and_sees_their_class(page: Page, e2e_personas):
    device = add_authenticator(e2e_personas.mentor)
    log_in(page, e2e_personas.mentor.email)

    # Staff are asked for the second factor before anything else.
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:two_factor"))))
    page.get_by_label(re.compile("code", re.IGNORECASE)).fill(current_code(device))
    page.get_by_role("button", name=re.compile("continue|doorgaan|verder", re.IGNORECASE)).click()

    # Then on to their class, with its students.
    expect(page).to_have_url(re.compile(re.escape(reverse("front:my_groups")) + "$"))
    main = page.locator("main")
    expect(main).to_contain_text("2havo-a")
    expect(main).to_contain_text("Jansen, Noor")
    expect(main).to_contain_text("Bakker, Mila")
    expect(main).not_to_contain_text("Vermeulen")  # 3vwo-b is not their class

    page.get_by_role("link", name="2havo-a").first.click()
    expect(page).to_have_url(re.compile(reverse("roster:group", args=[e2e_personas.klass.pk])))
    expect(page.locator("main")).to_contain_text("Noor")
