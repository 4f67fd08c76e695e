"""Compile every app's .po catalogue to .mo in pure Python.

Django's own `compilemessages` needs GNU gettext's msgfmt, which a fresh machine may not
have; `make run` must work with only Python and make.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.core.management.base import BaseCommand

import driehoek


def catalogue_paths() -> list[Path]:
    package = Path(driehoek.__file__).resolve().parent
    return sorted(package.glob("*/locale/*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po → .mo) of every Driehoek app."

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for po_path in catalogue_paths():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        if options["verbosity"] > 0:
            self.stdout.write(f"{compiled} catalogue(s) compiled, {len(catalogue_paths())} in all.")
