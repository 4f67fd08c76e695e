"""Six languages for families: catalogues, plural rules and completeness.

"Family-facing" is defined in driehoek.front.languages (FAMILY_APPS minus STAFF_ONLY) and
documented in docs/languages.md.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings

import driehoek
from driehoek.front.languages import (
    FAMILY_APPS,
    FAMILY_LANGUAGES,
    PLURAL_FORMS,
    TRANSLATED_LANGUAGES,
    is_family_facing,
    is_staff_only,
)

PACKAGE = Path(driehoek.__file__).resolve().parent


def catalogue(app: str, language: str) -> Path:
    return PACKAGE / app / "locale" / language / "LC_MESSAGES" / "django.po"


def family_entries(app: str) -> list[polib.POEntry]:
    source = polib.pofile(str(catalogue(app, "nl")))
    return [e for e in source if not e.obsolete and is_family_facing(app, e.occurrences)]


def test_the_site_offers_the_six_languages():
    assert [code for code, _name in settings.LANGUAGES] == list(FAMILY_LANGUAGES)


def test_arabic_is_written_right_to_left():
    from django.utils.translation import get_language_info

    assert get_language_info("ar")["bidi"] is True
    assert not any(get_language_info(code)["bidi"] for code in FAMILY_LANGUAGES if code != "ar")


@pytest.mark.parametrize("app", FAMILY_APPS)
@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_every_family_app_has_a_catalogue_in_each_language(app, language):
    assert catalogue(app, language).exists(), f"{app} has no {language} catalogue"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
@pytest.mark.parametrize("app", FAMILY_APPS)
def test_the_catalogue_has_the_languages_plural_rule(app, language):
    po = polib.pofile(str(catalogue(app, language)))
    assert po.metadata["Plural-Forms"] == PLURAL_FORMS[language]
    count = int(PLURAL_FORMS[language].split(";")[0].split("=")[1])
    for entry in po:
        if entry.msgid_plural and not entry.obsolete:
            assert len(entry.msgstr_plural) == count, f"{app}/{language}: {entry.msgid}"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
@pytest.mark.parametrize("app", FAMILY_APPS)
def test_the_catalogue_holds_every_dutch_msgid(app, language):
    """sync_family_catalogues was run after the last makemessages."""
    nl = {e.msgid for e in polib.pofile(str(catalogue(app, "nl"))) if not e.obsolete}
    other = {e.msgid for e in polib.pofile(str(catalogue(app, language))) if not e.obsolete}
    assert sorted(nl - other) == [], f"run: manage.py sync_family_catalogues {app}"


def test_staff_only_files_are_recognised():
    assert is_staff_only("accounts", "templates/accounts/invite_new.html")
    assert not is_staff_only("accounts", "templates/accounts/login.html")
    assert is_staff_only("roster_import", "views.py")  # a staff app
    assert is_staff_only("signals", "templates/signals/upload.html")
    assert not is_staff_only("care", "templates/care/guide.html")
    assert is_family_facing("accounts", [("templates/accounts/login.html", "3")])
    assert is_family_facing(
        "accounts",
        [("templates/accounts/invite_new.html", "3"), ("templates/accounts/login.html", "9")],
    )
    assert not is_family_facing("accounts", [("templates/accounts/tokens.html", "3")])


def _missing(app: str, language: str) -> list[str]:
    if language == "en":
        # The msgids are English: an English entry only has to exist.
        path = catalogue(app, "en")
        have = {e.msgid for e in polib.pofile(str(path))} if path.exists() else set()
        return [e.msgid for e in family_entries(app) if e.msgid not in have]
    if language == "nl":
        return [e.msgid for e in family_entries(app) if not e.translated()]
    po = polib.pofile(str(catalogue(app, language)))
    translated = {e.msgid for e in po if not e.obsolete and e.translated()}
    return [e.msgid for e in family_entries(app) if e.msgid not in translated]


@pytest.mark.parametrize("app", FAMILY_APPS)
@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_every_family_facing_string_is_translated(app, language):
    missing = _missing(app, language)
    assert missing == [], f"{app}: {len(missing)} family-facing strings missing in {language}"
