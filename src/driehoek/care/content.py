"""The guides for common care situations, loaded from `content/guides.yaml`. No Django.

Like the involvement content (driehoek.involvement.content, whose helpers this reuses),
each text holds every language side by side ({nl: ..., en: ...}), so a reviewer reads a
guide as a whole; tests/care/test_content.py fails while any text misses a language.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from driehoek.involvement.content import LANGUAGES, localise, missing_languages

CONTENT_DIR = Path(__file__).resolve().parent / "content"
HIERARCHIES = ("emotional", "responsibility", "expertise")
#: Fields every guide has; the parent's and the mentor's part each have these sections.
GUIDE_FIELDS = ("slug", "title", "summary", "leads", "parent", "mentor")
PART_FIELDS = ("home", "school", "escalate")

__all__ = ["LANGUAGES", "guide", "guides", "load", "problems"]


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
        found += missing_languages(entry, where)
    return found
