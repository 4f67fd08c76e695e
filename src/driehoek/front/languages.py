"""Which languages Driehoek speaks, and which of its texts families read.

Plain Python (no Django import), so the catalogue tools, the completeness test and the
documentation (docs/languages.md) share one definition.

"Family-facing" is mechanical: a msgid is family-facing when at least one place that uses
it (an ``#:`` occurrence in the app's Dutch catalogue) is a file of a FAMILY_APPS app that
is not matched by STAFF_ONLY. A string used on a staff page *and* on a family page is
therefore family-facing. Everything else (staff-only apps, staff-only files) stays
Dutch/English.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatch

FAMILY_LANGUAGES = ("nl", "en", "tr", "ar", "pl", "uk")
STAFF_LANGUAGES = ("nl", "en")
# The languages whose catalogues are filled by translators (nl is the source for them,
# en is the msgid itself).
TRANSLATED_LANGUAGES = ("tr", "ar", "pl", "uk")
RIGHT_TO_LEFT = ("ar",)

# gettext plural rules (as in GNU gettext's and CLDR's tables).
PLURAL_FORMS = {
    "nl": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "ar": (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
    ),
    "pl": (
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "uk": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
}

# Apps with pages, e-mails or letters that a guardian or a student sees.
FAMILY_APPS = (
    "accounts",
    # The access log guardians read ("who at school opened the file") uses audit's labels.
    "audit",
    "care",
    "conversations",
    "front",
    "glossary",
    "involvement",
    "messaging",
    "privacy",
    "profiles",
    "roster",
    "signals",
    "triangle",
)

# Files inside FAMILY_APPS that only school staff see ("<app>/<path inside the app>",
# shell patterns). Their strings stay Dutch/English unless a family page uses them too.
STAFF_ONLY = (
    "accounts/admin.py",
    "accounts/templates/accounts/invite_new.html",
    "accounts/templates/accounts/letters*.html",
    "accounts/templates/accounts/tokens.html",
    "accounts/templates/accounts/token_created.html",
    "care/templates/care/escalate.html",
    "care/templates/care/guest_*.html",
    "care/templates/care/email/escalated*.txt",
    "care/management/*",
    "conversations/templates/conversations/evening_new.html",
    "conversations/templates/conversations/evening_edit.html",
    "conversations/templates/conversations/evening_interpreters.html",
    "conversations/templates/conversations/evening_teachers.html",
    "conversations/templates/conversations/evenings.html",
    "conversations/templates/conversations/agreements.html",
    "conversations/pdf.py",
    "involvement/templates/involvement/_panel_mentor.html",
    "messaging/templates/messaging/class_balance.html",
    "messaging/templates/messaging/school_settings.html",
    "privacy/templates/privacy/school.html",
    "privacy/templates/privacy/erase.html",
    "privacy/management/*",
    "profiles/templates/profiles/email/life_event.txt",
    "roster/templates/roster/school.html",
    "roster/templates/roster/group.html",
    "signals/templates/signals/class_overview.html",
    "signals/templates/signals/school.html",
    "signals/templates/signals/upload.html",
    "signals/templates/signals/job.html",
    "signals/templates/signals/inbox.html",
    "signals/templates/signals/conversation.html",
    "signals/charts.py",
    "signals/dashboards.py",
    "signals/forms.py",
    "signals/management/*",
    "signals/detection/messages.py",
    "triangle/templates/triangle/index_staff.html",
    "triangle/templates/triangle/round_new.html",
    "triangle/templates/triangle/school.html",
)


def is_staff_only(app: str, path: str) -> bool:
    """`path` is an occurrence path as makemessages writes it (relative to the app)."""
    if app not in FAMILY_APPS:
        return True
    full = f"{app}/{path.removeprefix('./')}"
    return any(fnmatch(full, pattern) for pattern in STAFF_ONLY)


def is_family_facing(app: str, occurrences: Iterable[tuple[str, str]]) -> bool:
    """True when any occurrence (path, line) of a msgid is outside the staff-only files.

    A msgid without occurrences (kept by hand) counts as family-facing in a family app.
    """
    paths = [path for path, _line in occurrences]
    if app not in FAMILY_APPS:
        return False
    if not paths:
        return True
    return any(not is_staff_only(app, path) for path in paths)


def native_name(code: str) -> str:
    """The language's name in itself, for the picker (a reader finds their own)."""
    return {
        "nl": "Nederlands",
        "en": "English",
        "tr": "Türkçe",
        "ar": "العربية",
        "pl": "Polski",
        "uk": "Українська",
    }.get(code, code)
