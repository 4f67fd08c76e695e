"""Every page, as each role that can see it, passes axe-core and fits a 360 px phone.

The pages are not listed by hand: they come from the authorisation matrix
(tests/test_authorisation_matrix.py), which knows every route of the URL resolver and,
per persona, which answer each route gives and how to build its URL for an object of
the persona's own. Every GET route that answers a persona 200 (or sends them on with a
redirect) is opened in Chromium as one persona per role; a later app's routes come in
through its tests/<app>/matrix_rules.py without a change here.

Each page is checked at 360×800 (no sideways scrolling; axe) for every role, and at
1280×900 (axe again) for the first role that sees its route (the layout at that width
does not change per role; this halves the run time). Pages are in Dutch, the product's
main language (its words are the longest). A failure lists every serious or critical
violation with its rule, element and page, every page that overflows at 360 px and every
page that answered a server error.

Downloads (CSV, PDF, calendar files, attachments), HTMX fragments and the JSON API are
not pages and are skipped; the API's documentation page is added by hand (the matrix leaves it out).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, Error, Page

from tests import test_authorisation_matrix as matrix
from tests.conftest import login_verified
from tests.e2e.axe import Violation, axe_violations, report

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}

#: One persona per role (the matrix has several guardians and two administrators; they
#: see the same pages with other data).
ROLE_PERSONAS = [
    matrix.ANONYMOUS,
    "guardian",
    "student",
    "mentor",
    "teacher",
    "care",
    "admin",
    "no_role",
]
SHOWN = (matrix.OK, matrix.REDIRECT)
#: Routes already checked at desktop width in this test session (see the module doc).
DESKTOP_CHECKED: set[str] = set()
#: Rules switched off on one route only, each with its reason (docs/accessibility.md).
ROUTE_EXCEPTIONS: dict[str, dict[str, str]] = {
    "api:openapi-view": {
        "nested-interactive": "Swagger UI (third-party) puts the copy-path button inside "
        "each operation's expand button; the page is for developers, the API itself "
        "does not depend on it",
    },
}
#: Pages the matrix skips that people still use: (route name, who may see it).
EXTRA_ROUTES = {"api:openapi-view": [p for p in ROLE_PERSONAS if p != matrix.ANONYMOUS]}


def page_urls(personas, persona: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(route name, URL) of every page `persona` may open, from the matrix's rules."""
    urls = []
    # Routes that share a kwargs builder share its object: the builders are written for
    # one route per database (the matrix flushes between routes), and some create rows
    # with a unique key per persona and case.
    built: dict[tuple[object, str], dict] = {}
    for name, rule in sorted(matrix.RULES.items()):
        if rule.method != "GET" or name.startswith("api:"):
            continue
        for case in rule.cases:
            if rule.expected(persona, case) in SHOWN:
                key = (rule.kwargs, case)
                if key not in built:
                    built[key] = rule.kwargs(personas, persona, case)
                urls.append((name, reverse(name, kwargs=built[key])))
    for name, who in EXTRA_ROUTES.items():
        if persona in who:
            urls.append((name, reverse(name)))
    # The "not found" page that answers every forbidden object.
    urls.append(("404", "/this-page-does-not-exist/"))
    return urls


OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const over = document.documentElement.scrollWidth - width;
  if (over <= 0) return null;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && e.offsetParent !== null)
    .slice(0, 5)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
              + (e.className && typeof e.className === 'string'
                 ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
  return {over, wide};
}"""


@dataclass
class Findings:
    checked: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    violations: dict[tuple[str, str, str], Violation] = field(default_factory=dict)
    overflow: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    desktop: int = 0

    def add(self, route: str, found: list[Violation]) -> None:
        for violation in found:
            if violation.blocking:
                # One entry per rule, route and element set: the same fault at both widths
                # or on two URLs of one route is listed once.
                key = (violation.rule, route, str(violation.targets))
                self.violations.setdefault(key, violation)

    def problems(self) -> str:
        lines = []
        if self.violations:
            lines.append("axe-core: serious or critical violations")
            lines.append(report(list(self.violations.values())))
        if self.errors:
            lines.append("Pages that answered a server error:")
            lines.extend(f"    {line}" for line in self.errors)
        if self.overflow:
            lines.append("Sideways scrolling at 360 px:")
            lines.extend(f"    {line}" for line in self.overflow)
        return "\n".join(lines)


class ServerError(Exception):
    pass


def open_page(page: Page, url: str) -> bool:
    """Open `url`; False when it is not an HTML page (200, or the 404 page)."""
    try:
        response = page.goto(url)
    except Error as error:  # a download (CSV, PDF, .ics) is not a page
        if "Download is starting" in str(error):
            return False
        raise
    if response is not None and response.status >= 500:
        raise ServerError(f"{url} answered {response.status}")
    if response is None or response.status not in (200, 404):
        return False
    if "text/html" not in (response.headers.get("content-type") or ""):
        return False
    # An HTMX fragment (a piece of a page, asked for by the page itself) is not a page.
    return "<html" in response.text()[:500].lower()


def check_pages(browser: Browser, live_server, personas, persona: str) -> Findings:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(10_000)
    user = matrix.user_of(personas, persona)
    if user is not None:
        session = login_verified(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
    page = context.new_page()
    findings = Findings()
    seen: set[str] = set()
    try:
        for route, url in page_urls(personas, persona):
            page.set_viewport_size(PHONE)
            try:
                if not open_page(page, url):
                    findings.skipped.append(f"{route} {url}")
                    continue
            except ServerError as error:
                findings.errors.append(f"{persona}, {route}: {error}")
                continue
            landed = page.url.split("#")[0]
            if landed in seen:  # a redirect to a page already checked
                continue
            seen.add(landed)
            where = f"{persona}, {route} {url}"
            if not landed.endswith(url):
                where += f" → {landed}"
            findings.checked.append(where)
            overflow = page.evaluate(OVERFLOW_JS)
            if overflow:
                widest = ", ".join(overflow["wide"])
                findings.overflow.append(f"{where}: {overflow['over']} px too wide; at {widest}")
            off = ROUTE_EXCEPTIONS.get(route, {})
            findings.add(route, axe_violations(page, context=f"{where} @360px", disabled=off))
            if route not in DESKTOP_CHECKED:
                DESKTOP_CHECKED.add(route)
                page.set_viewport_size(DESKTOP)
                findings.desktop += 1
                findings.add(route, axe_violations(page, context=f"{where} @1280px", disabled=off))
    finally:
        context.close()
    return findings


@pytest.mark.parametrize("persona", ROLE_PERSONAS)
def test_every_page_passes_axe_and_fits_a_phone(browser, live_server, e2e_personas, persona):
    findings = check_pages(browser, live_server, e2e_personas, persona)
    print(
        f"\n{persona}: {len(findings.checked)} pages checked at 360 px, {findings.desktop} "
        f"also at 1280 px; {len(findings.skipped)} URLs were downloads, fragments or "
        "redirects elsewhere"
    )
    # The matrix gave pages to check: at least the landing page, the login or settings
    # page and the not-found page for everyone.
    assert len(findings.checked) >= 3, findings.skipped
    assert not findings.problems(), findings.problems()
