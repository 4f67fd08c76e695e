"""No template renders user input unescaped.

Every `|safe`, `|safeseq`, `mark_safe(`, `SafeString(`, `{% autoescape off %}` and
`format_html(` that is not given separate arguments, anywhere in src/, must be in
ALLOWED with a one-line reason. A new one fails this test until someone justifies it
here (and a stale entry fails too, so the list stays true).
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "driehoek"

PATTERNS = {
    "safe filter": re.compile(r"\|\s*safe(seq)?\b"),
    "mark_safe": re.compile(r"\bmark_safe\s*\("),
    "SafeString": re.compile(r"\bSafeString\s*\(|\bSafeText\s*\("),
    "autoescape off": re.compile(r"{%\s*autoescape\s+off\s*%}"),
    # format_html escapes its arguments; an f-string or a %-formatted string passed as
    # the format itself (or no arguments at all) escapes nothing.
    "format_html misuse": re.compile(r"\bformat_html\s*\(\s*(f[\"']|[^,()]*%[^,()]*\)|[^,()]*\))"),
}

#: (glob under src/driehoek, what) → why it is safe.
ALLOWED: dict[tuple[str, str], str] = {
    (
        "*/templates/*/email/*.txt",
        "autoescape off",
    ): "plain-text e-mail bodies and subjects: sent as text/plain, never as HTML, so HTML "
    "escaping would only show &amp; and &#x27; to the reader",
    (
        "api/templates/ninja/swagger.html",
        "safe filter",
    ): "ninja's Swagger settings JSON, built by the server from the API's configuration",
    (
        "glossary/templatetags/glossary.py",
        "mark_safe",
    ): "joins parts each escaped with conditional_escape or built by format_html with arguments",
}


def findings() -> list[tuple[str, str]]:
    found = []
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in {".py", ".html", ".txt", ".xml", ".svg"} or "locale" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        relative = path.relative_to(SRC).as_posix()
        for what, pattern in PATTERNS.items():
            if pattern.search(text):
                found.append((relative, what))
    return found


def allowed_by(relative: str, what: str) -> tuple[str, str] | None:
    for glob, kind in ALLOWED:
        if kind == what and fnmatch.fnmatch(relative, glob):
            return (glob, kind)
    return None


def test_every_unescaped_output_is_justified():
    unjustified = [f"{path}: {what}" for path, what in findings() if not allowed_by(path, what)]
    assert unjustified == [], "justify these in ALLOWED or escape them"


def test_every_allowance_is_still_used():
    used = {allowed_by(path, what) for path, what in findings()}
    assert set(ALLOWED) <= used


def test_plain_text_emails_are_never_sent_as_html():
    # The allowance above holds only while no .txt e-mail template doubles as HTML.
    for path in SRC.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not PATTERNS["autoescape off"].search(text), path


def test_the_scan_finds_what_it_looks_for():
    samples = {
        "{{ body|safe }}": "safe filter",
        "{{ items|safeseq }}": "safe filter",
        "return mark_safe(text)": "mark_safe",
        "{% autoescape off %}": "autoescape off",
        'format_html(f"<b>{name}</b>")': "format_html misuse",
        'format_html("<b>%s</b>" % name)': "format_html misuse",
    }
    for sample, what in samples.items():
        assert PATTERNS[what].search(sample), sample
    assert not PATTERNS["format_html misuse"].search('format_html("<b>{}</b>", name)')
