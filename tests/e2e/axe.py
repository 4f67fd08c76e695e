"""axe-core in the page under test: the accessibility check every E2E test can use.

    from tests.e2e.axe import assert_no_serious_violations

    page.goto("/my/page/")
    assert_no_serious_violations(page, context="guardian, my page")

axe-core is the npm package (package.json; `make system-deps` installs it into
node_modules/). Our pages send a strict Content-Security-Policy (`script-src 'self'`
with a nonce), which blocks a <script> tag that Playwright's `add_script_tag(content=…)`
would add. The source is therefore evaluated through the DevTools protocol
(`page.evaluate`), which CSP does not govern: the page itself keeps its real policy, so
the check sees the page as a visitor does (no `bypass_csp` needed).

The check fails on violations whose impact is "serious" or "critical"; "moderate" and
"minor" ones are returned (and can be printed) but do not fail. Each failure lists the
rule, its help text, the page and the CSS selector of every element it found.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
SHOWN = 8  # elements listed per violation

#: Rules switched off everywhere, each with its reason (see docs/accessibility.md).
#: Keep this empty unless a rule cannot apply to Driehoek at all.
DISABLED_RULES: dict[str, str] = {}


@dataclass(frozen=True)
class Violation:
    """One axe rule broken on one page, with the elements that break it."""

    rule: str
    impact: str
    help: str
    help_url: str
    page: str
    targets: tuple[str, ...] = field(default_factory=tuple)
    summaries: tuple[str, ...] = field(default_factory=tuple)

    @property
    def blocking(self) -> bool:
        return self.impact in BLOCKING

    def describe(self) -> str:
        lines = [f"[{self.impact}] {self.rule}: {self.help} — {self.page}", f"    {self.help_url}"]
        for target, summary in list(zip(self.targets, self.summaries, strict=False))[:SHOWN]:
            # axe's summary starts with "Fix any/all of the following:"; the reason follows.
            reasons = [line.strip() for line in summary.splitlines()[1:] if line.strip()]
            lines.append(f"    at {target}" + (f"  ({reasons[0]})" if reasons else ""))
        if len(self.targets) > SHOWN:
            lines.append(f"    … and {len(self.targets) - SHOWN} more elements")
        return "\n".join(lines)


@functools.cache
def axe_source() -> str:
    if not AXE_JS.exists():
        raise FileNotFoundError(
            f"axe-core is missing at {AXE_JS}: run `make system-deps` (npm ci) and try again."
        )
    # A trailing expression so evaluate() does not mistake the script's value for a
    # function to call.
    return AXE_JS.read_text(encoding="utf-8") + "\n;true;"


def inject_axe(page: Page) -> None:
    """Load axe into the page once (again after each navigation)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())


def axe_violations(
    page: Page,
    *,
    context: str = "",
    disabled: Iterable[str] = (),
) -> list[Violation]:
    """Every axe violation on the page as it is now (all impacts)."""
    inject_axe(page)
    rules = {rule: {"enabled": False} for rule in (*DISABLED_RULES, *disabled)}
    options: dict[str, Any] = {"resultTypes": ["violations"], "rules": rules}
    result = page.evaluate("options => window.axe.run(document, options)", options)
    where = f"{context} ({page.url})" if context else page.url
    found = []
    for item in result["violations"]:
        nodes = item.get("nodes", [])
        found.append(
            Violation(
                rule=item["id"],
                impact=item.get("impact") or "minor",
                help=item.get("help", ""),
                help_url=item.get("helpUrl", ""),
                page=where,
                targets=tuple(" ".join(map(str, node.get("target", []))) for node in nodes),
                summaries=tuple(node.get("failureSummary") or "" for node in nodes),
            )
        )
    return found


def report(violations: Sequence[Violation]) -> str:
    """A readable listing: one block per rule and page."""
    return "\n".join(violation.describe() for violation in violations)


def assert_no_serious_violations(
    page: Page, context: str = "", *, disabled: Iterable[str] = ()
) -> list[Violation]:
    """Fail on serious or critical axe violations; return all violations found.

    `disabled` switches off rules for this call only (say why at the call site).
    """
    found = axe_violations(page, context=context, disabled=disabled)
    blocking = [violation for violation in found if violation.blocking]
    assert not blocking, "axe-core found serious or critical violations:\n" + report(blocking)
    return found
