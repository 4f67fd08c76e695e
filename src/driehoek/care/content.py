"""The guides for common care situations, loaded from `content/guides.yaml`. No Django.

Like the involvement content (driehoek.involvement.content, whose helpers this reuses),
each text holds its languages side by side ({nl: ..., en: ..., tr: ...}), so a reviewer
reads a guide as a whole.

Languages: what a parent reads (title, summary, who leads, the parent's part) is in all
six family languages (driehoek.front.languages.FAMILY_LANGUAGES); the mentor's part is
for staff and is Dutch/English only (STAFF_LANGUAGES). A reader gets their language,
else Dutch (`involvement.content.pick`: the same rule as the involvement content and as
Django for staff-only strings). tests/care/test_content.py fails while any text misses a
language its readers may have chosen.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from driehoek.front.languages import FAMILY_LANGUAGES, STAFF_LANGUAGES
from driehoek.involvement.content import localise, missing_languages

CONTENT_DIR = Path(__file__).resolve().parent / "content"
HIERARCHIES = ("emotional", "responsibility", "expertise")
#: Fields every guide has; the parent's and the mentor's part each have these sections.
GUIDE_FIELDS = ("slug", "title", "summary", "leads", "parent", "mentor")
PART_FIELDS = ("home", "school", "escalate")
#: Which languages the texts under each field must have: families read all but the
#: mentor's part.
LANGUAGES_OF_FIELD = {
    "title": FAMILY_LANGUAGES,
    "summary": FAMILY_LANGUAGES,
    "leads": FAMILY_LANGUAGES,
    "parent": FAMILY_LANGUAGES,
    "mentor": STAFF_LANGUAGES,
}
#: The languages a parent can read every guide in.
LANGUAGES = FAMILY_LANGUAGES

__all__ = [
    "FAMILY_LANGUAGES",
    "LANGUAGES",
    "STAFF_LANGUAGES",
    "guide",
    "guides",
    "load",
    "missing_languages",
    "problems",
]


@cache
def load() -> dict[str, Any]:
    with (CONTENT_DIR / "guides.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or not isinstance(data.get("guides"), list):
        raise ValueError("content/guides.yaml must hold a list under 'guides'")
    return data


def guides(language: str) -> list[dict[str, Any]]:
    return [localise(entry, language) for entry in load()["guides"]]


def guide(slug: str, language: str) -> dict[str, Any] | None:
    return next((g for g in guides(language) if g["slug"] == slug), None)


def situations(language: str) -> list[tuple[str, str]]:
    return [(g["slug"], g["title"]) for g in guides(language)]


def problems(data: dict[str, Any] | None = None) -> list[str]:
    """Every missing field or language in the guides (empty when complete)."""
    data = data if data is not None else load()
    found: list[str] = []
    for index, entry in enumerate(data.get("guides", [])):
        where = f"guides[{index}]"
        for field in GUIDE_FIELDS:
            if field not in entry:
                found.append(f"{where}: no {field}")
        for part in ("parent", "mentor"):
            for section in PART_FIELDS:
                if not entry.get(part, {}).get(section):
                    found.append(f"{where}.{part}: no {section}")
        for hierarchy in HIERARCHIES:
            if hierarchy not in entry.get("leads", {}):
                found.append(f"{where}.leads: no {hierarchy}")
        for field, languages in LANGUAGES_OF_FIELD.items():
            if field in entry:
                found += missing_languages(entry[field], f"{where}.{field}", languages)
    return found
