"""The Dutch catalogue is complete, and no string is missing from any catalogue."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

import driehoek

PACKAGE = Path(driehoek.__file__).resolve().parent
ROOT = PACKAGE.parent.parent
APPS_WITH_TEXT = sorted(
    path.parent.name for path in PACKAGE.glob("*/apps.py") if path.parent.name != "lib"
)


def catalogue(app: str, language: str) -> Path:
    return PACKAGE / app / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("app", APPS_WITH_TEXT)
def test_every_app_has_a_dutch_and_an_english_catalogue(app):
    assert catalogue(app, "nl").exists(), f"{app} has no Dutch catalogue"
    assert catalogue(app, "en").exists(), f"{app} has no English catalogue"


@pytest.mark.parametrize("app", APPS_WITH_TEXT)
def test_the_dutch_catalogue_translates_every_string(app):
    path = catalogue(app, "nl")
    if not path.exists():
        pytest.fail(f"{app} has no Dutch catalogue")
    entries = [entry for entry in polib.pofile(str(path)) if not entry.obsolete]
    untranslated = [entry.msgid for entry in entries if not entry.translated()]
    assert untranslated == [], f"{app}: untranslated or fuzzy in Dutch: {untranslated}"


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext's xgettext is needed to extract strings (make system-deps installs it)",
)
@pytest.mark.parametrize("app", APPS_WITH_TEXT)
def test_the_catalogues_hold_every_string_the_code_uses(app, tmp_path):
    """Run makemessages on a copy of the app and compare its msgids with the committed ones."""
    copy = tmp_path / app
    shutil.copytree(PACKAGE / app, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    (copy / "locale").mkdir(exist_ok=True)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "nl", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=120,
    )
    extracted_path = copy / "locale/nl/LC_MESSAGES/django.po"
    has_strings = extracted_path.exists() and extracted_path.stat().st_size > 0
    extracted = {e.msgid for e in polib.pofile(str(extracted_path))} if has_strings else set()
    committed = {e.msgid for e in polib.pofile(str(catalogue(app, "nl"))) if not e.obsolete}
    missing = sorted(extracted - committed)
    assert missing == [], f"{app}: run makemessages and translate: {missing}"
