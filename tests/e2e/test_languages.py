"""The guardian's pages in all six languages, in Chromium at 360 px.

Arabic pages must be right-to-left (`<html dir="rtl" lang="ar">`) and every language must
fit a 360 px phone: the document does not scroll sideways and no visible element sticks
out of the viewport on either side (an element inside a container that scrolls or clips
on its own, such as a wide table's wrapper, is that container's business). axe-core finds
no serious or critical violation in any language (tests/e2e/axe.py).

The pages are the guardian's GET pages from the authorisation matrix (as in
test_accessibility.py), plus the public pages a family meets first.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, expect

from tests.conftest import login_verified
from tests.e2e.axe import axe_violations, report
from tests.e2e.test_accessibility import open_page, page_urls

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 800}
LANGUAGES = ["nl", "en", "tr", "ar", "pl", "uk"]
PUBLIC = ["/accounts/login/", "/accounts/code/", "/words/"]

STICKING_OUT_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className.trim()
       ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const out = [...document.querySelectorAll('body *')].filter((e) => {
    if (e.closest('.skip-link, .visually-hidden, [hidden]')) return false;
    if (e.offsetParent === null && getComputedStyle(e).position !== 'fixed') return false;
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    if (r.left >= -1 && r.right <= width + 1) return false;
    return !scrolls(e);
  });
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: width,
    out: out.slice(0, 6).map((e) => {
      const r = e.getBoundingClientRect();
      return `${name(e)} [${Math.round(r.left)}..${Math.round(r.right)}]`;
    }),
  };
}"""


def guardian_context(browser: Browser, live_server, personas, language: str):  # type: ignore[no-untyped-def]
    user = personas.guardian
    user.language = language
    user.save(update_fields=["language"])
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    session = login_verified(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )
    return context


def guardian_urls(personas) -> list[str]:  # type: ignore[no-untyped-def]
    # The API documentation is a developers' page (Swagger UI), not a family page.
    urls = [url for _route, url in page_urls(personas, "guardian") if not url.startswith("/api/")]
    return list(dict.fromkeys(urls + PUBLIC))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guardians_pages_fit_a_phone_and_pass_axe(browser, live_server, e2e_personas, language):
    context = guardian_context(browser, live_server, e2e_personas, language)
    page = context.new_page()
    checked, problems, blocking = [], [], []
    try:
        for url in guardian_urls(e2e_personas):
            if not open_page(page, url):
                continue
            checked.append(url)
            html = page.locator("html")
            assert html.get_attribute("lang") == language, url
            wanted = "rtl" if language == "ar" else "ltr"
            assert html.get_attribute("dir") == wanted, f"{url}: dir should be {wanted}"
            found = page.evaluate(STICKING_OUT_JS)
            if found["scrollWidth"] > found["clientWidth"] or found["out"]:
                problems.append(
                    f"{url}: scrollWidth {found['scrollWidth']} > {found['clientWidth']}"
                    f" or outside the viewport: {', '.join(found['out'])}"
                )
            blocking += [
                v
                for v in axe_violations(page, context=f"guardian, {language}, {url}")
                if v.blocking
            ]
    finally:
        context.close()
    print(f"\n{language}: {len(checked)} guardian pages checked at 360 px")
    assert len(checked) >= 8, checked
    assert not problems, "\n".join(problems)
    assert not blocking, report(blocking)


def test_the_language_picker_switches_to_arabic_and_keeps_the_choice(
    browser, live_server, e2e_personas
):
    context = guardian_context(browser, live_server, e2e_personas, "nl")
    page = context.new_page()
    try:
        page.goto("/my/children/")
        # Choosing an option changes nothing by itself (WCAG 3.2.2); the button does. Wait
        # for the new page rather than the (same) URL.
        page.locator("#language-select").select_option("ar")
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        with page.expect_navigation():
            page.locator(".language-switch button[type=submit]").click()
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    finally:
        context.close()
    e2e_personas.guardian.refresh_from_db()
    assert e2e_personas.guardian.language == "ar"
