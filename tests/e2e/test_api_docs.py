"""The API documentation works in a real browser under the site's CSP.

The page is ninja's local Swagger UI (no CDN); its settings travel in a JSON <script>
block and its code in static files, so the site-wide policy (`script-src 'self'`,
`style-src 'self'`) needs no exception. This test keeps it that way.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import log_in

pytestmark = pytest.mark.e2e


def test_the_api_docs_render_and_run_a_call_under_the_csp(page: Page, e2e_personas):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(page, e2e_personas.guardian.email)
    response = page.goto("/api/docs")
    assert response is not None
    directives = dict(
        part.strip().split(" ", 1)
        for part in response.headers["content-security-policy"].split(";")
    )
    assert directives["style-src"] == "'self'"  # no 'unsafe-inline' for the docs
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Driehoek API")

    # Open GET /api/me and run it with the browser's session.
    page.locator(".opblock-summary-path", has_text=re.compile(r"^/api/me$")).click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tr.response td.response-col_status")).to_have_text(
        "200"
    )
    expect(page.locator(".live-responses-table")).to_contain_text("eva@ouder.example")
    assert violations == []
