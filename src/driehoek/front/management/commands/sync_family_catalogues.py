"""Create or update the Turkish, Arabic, Polish and Ukrainian catalogues of family apps.

The Dutch catalogue is the list of msgids (makemessages keeps it current); this command
copies its msgids into tr/ar/pl/uk with empty translations, keeps every translation that
is still used, drops what the code no longer uses and writes the right Plural-Forms
header. Translators then fill the msgstrs. Run it after `makemessages` in a family app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.core.management.base import BaseCommand, CommandParser

import driehoek
from driehoek.front.languages import FAMILY_APPS, PLURAL_FORMS, TRANSLATED_LANGUAGES


def nplurals(language: str) -> int:
    return int(PLURAL_FORMS[language].split(";")[0].split("=")[1])


def sync_catalogue(nl_path: Path, language: str) -> Path:
    target = nl_path.parent.parent.parent / language / "LC_MESSAGES" / "django.po"
    source = polib.pofile(str(nl_path))
    old = polib.pofile(str(target)) if target.exists() else None
    kept = {(e.msgctxt, e.msgid): e for e in old or [] if not e.obsolete}
    out = polib.POFile(wrapwidth=79)
    out.metadata = {
        "Project-Id-Version": "Driehoek",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS[language],
    }
    count = nplurals(language)
    for entry in source:
        if entry.obsolete:
            continue
        previous = kept.get((entry.msgctxt, entry.msgid))
        new = polib.POEntry(
            msgid=entry.msgid,
            msgctxt=entry.msgctxt,
            occurrences=entry.occurrences,
            comment=entry.comment,
            flags=[flag for flag in entry.flags if flag != "fuzzy"],
        )
        if entry.msgid_plural:
            new.msgid_plural = entry.msgid_plural
            old_plural = previous.msgstr_plural if previous and previous.msgid_plural else {}
            new.msgstr_plural = {i: old_plural.get(i, "") for i in range(count)}
        else:
            new.msgstr = previous.msgstr if previous else ""
        if previous is not None and "fuzzy" in previous.flags:
            new.flags.append("fuzzy")
        out.append(new)
    target.parent.mkdir(parents=True, exist_ok=True)
    out.save(str(target))
    return target


class Command(BaseCommand):
    help = "Copy the msgids of the family apps' Dutch catalogues into tr/ar/pl/uk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("apps", nargs="*", help="Only these apps (default: all family apps).")

    def handle(self, *args: Any, **options: Any) -> None:
        package = Path(driehoek.__file__).resolve().parent
        for app in options["apps"] or FAMILY_APPS:
            nl_path = package / app / "locale" / "nl" / "LC_MESSAGES" / "django.po"
            if not nl_path.exists():
                self.stderr.write(f"{app}: no Dutch catalogue")
                continue
            for language in TRANSLATED_LANGUAGES:
                path = sync_catalogue(nl_path, language)
                if options["verbosity"] > 0:
                    self.stdout.write(str(path.relative_to(package)))
