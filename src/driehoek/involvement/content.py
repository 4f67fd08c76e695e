"""The app's content (scan items, interpretation texts, the parents' guide and the
"who leads?" helper), loaded from the YAML files in `content/`. No Django in here.

Why data and not templates or gettext: these are long, connected texts that a reviewer
reads as a whole, per language, next to each other; a .po catalogue would cut them into
loose sentences without context. Each entry therefore holds its text in every language
side by side (`{en: ..., nl: ..., tr: ..., ar: ..., pl: ..., uk: ...}`); adding a
language means adding a key to every text, and `tests/involvement/test_content.py` fails
while any entry misses a field or a language of FILE_LANGUAGES. Short interface labels
(buttons, headings) stay in the gettext catalogues.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).resolve().parent / "content"

#: The languages Driehoek speaks to families (front/languages.py FAMILY_LANGUAGES) and
#: to staff only (STAFF_LANGUAGES). Kept as literals: this module imports no Django and
#: no other app; tests/involvement/test_content.py checks they match front/languages.py.
FAMILY_LANGUAGES = ("nl", "en", "tr", "ar", "pl", "uk")
STAFF_LANGUAGES = ("nl", "en")

#: Which languages each content file must be complete in. All four are parent-facing:
#: the scan and its interpretation are the guardian's own pages, and the parents' guide
#: and the "who leads?" helper are open to guardians too (access.can_use_parents_guide;
#: the guardian's involvement/index.html and result.html link to them), so every text
#: in them must exist in every family language.
FILE_LANGUAGES: dict[str, tuple[str, ...]] = {
    "scan": FAMILY_LANGUAGES,
    "interpretation": FAMILY_LANGUAGES,
    "guide": FAMILY_LANGUAGES,
    "helper": FAMILY_LANGUAGES,
}

#: Every text in the parent-facing content files exists in each of these languages.
LANGUAGES = FAMILY_LANGUAGES
DEFAULT_LANGUAGE = "nl"

#: The three hierarchies of who leads (DOMAIN.md, concept 4).
HIERARCHIES = ("emotional", "responsibility", "expertise")
#: Who can lead under a hierarchy in the helper.
LEADERS = ("parents", "school", "together", "experts")


@cache
def load(name: str) -> dict[str, Any]:
    """One content file, parsed (cached: the files ship with the code)."""
    with (CONTENT_DIR / f"{name}.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"content/{name}.yaml must hold a mapping")
    return data


def pick(text: dict[str, str] | str, language: str) -> str:
    """A text in `language` ("nl-be" counts as "nl", "pt-BR" as "pt"), or Dutch when it
    has none (or only an empty one)."""
    if isinstance(text, str):
        return text
    short = (language or DEFAULT_LANGUAGE).split("-")[0].lower()
    return text.get(short) or text[DEFAULT_LANGUAGE]


def localise(value: Any, language: str) -> Any:
    """The same structure with every `{nl: ..., en: ...}` text replaced by one language."""
    if isinstance(value, dict):
        if is_text(value):
            return pick(value, language)
        return {key: localise(inner, language) for key, inner in value.items()}
    if isinstance(value, list):
        return [localise(inner, language) for inner in value]
    return value


def is_text(value: Any) -> bool:
    """Whether `value` is a multilingual text: a mapping from language codes to strings."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(key, str) and len(key) == 2 for key in value)
        and all(isinstance(inner, str) for inner in value.values())
    )


def missing_languages(
    value: Any, where: str = "", languages: tuple[str, ...] = STAFF_LANGUAGES
) -> list[str]:
    """Every place in a content structure where a text lacks one of `languages` or is
    empty. The default (nl and en) is the minimum for any text; pass the languages the
    file must have (the care guides use this too)."""
    problems: list[str] = []
    if is_text(value):
        for language in languages:
            if not str(value.get(language, "")).strip():
                problems.append(f"{where}: no {language} text")
    elif isinstance(value, dict):
        for key, inner in value.items():
            problems += missing_languages(inner, f"{where}.{key}" if where else str(key), languages)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            problems += missing_languages(inner, f"{where}[{index}]", languages)
    return problems


# --- The four content files, and what each entry must hold ----------------------------

#: Fields every entry must have; the text fields must exist in every language.
SCAN_ASPECT_FIELDS = ("key", "title", "short", "description")
SCAN_ITEM_FIELDS = ("key", "aspect", "reverse", "text")
FINDING_FIELDS = ("title", "text", "suggestions")
GUIDE_FIELDS = ("slug", "question", "summary", "answer", "aspects", "hierarchies", "concerns")
CONCERN_FIELDS = (
    "slug",
    "title",
    "leads",
    "why",
    "at_home",
    "contact_first",
    "care_coordinator",
)


def scan_data() -> dict[str, Any]:
    return load("scan")


def findings_data() -> dict[str, dict[str, Any]]:
    return dict(load("interpretation")["findings"])


def guide_questions() -> list[dict[str, Any]]:
    return list(load("guide")["questions"])


def guide_question(slug: str) -> dict[str, Any] | None:
    return next((entry for entry in guide_questions() if entry["slug"] == slug), None)


def concerns() -> list[dict[str, Any]]:
    return list(load("helper")["concerns"])


def concern(slug: str) -> dict[str, Any] | None:
    return next((entry for entry in concerns() if entry["slug"] == slug), None)


#: Fields that may be empty (a guide answer need not point to a helper concern).
MAY_BE_EMPTY = frozenset({"concerns"})


def _missing_fields(entry: dict[str, Any], fields: tuple[str, ...], where: str) -> list[str]:
    return [
        f"{where}: no {name}"
        for name in fields
        if entry.get(name) is None or (entry.get(name) in ("", [], {}) and name not in MAY_BE_EMPTY)
    ]


def entry_problems(
    entry: dict[str, Any], fields: tuple[str, ...], where: str, file: str
) -> list[str]:
    """What is missing from one entry of content file `file`: a field, or a language
    (of FILE_LANGUAGES[file]) of one of its texts."""
    languages = FILE_LANGUAGES[file]
    return _missing_fields(entry, fields, where) + missing_languages(entry, where, languages)


def concern_problems(entry: dict[str, Any]) -> list[str]:
    where = f"helper {entry.get('slug', '?')}"
    problems = entry_problems(entry, CONCERN_FIELDS, where, "helper")
    for hierarchy in HIERARCHIES:
        if entry.get("leads", {}).get(hierarchy) not in LEADERS:
            problems.append(f"{where}: leads.{hierarchy} must be one of {LEADERS}")
        if not is_text(entry.get("why", {}).get(hierarchy)):
            problems.append(f"{where}: no why.{hierarchy}")
    return problems


def guide_problems(entry: dict[str, Any], aspects: tuple[str, ...]) -> list[str]:
    where = f"guide {entry.get('slug', '?')}"
    problems = entry_problems(entry, GUIDE_FIELDS, where, "guide")
    problems += [
        f"{where}: unknown aspect {a}" for a in entry.get("aspects", []) if a not in aspects
    ]
    problems += [
        f"{where}: unknown hierarchy {h}"
        for h in entry.get("hierarchies", [])
        if h not in HIERARCHIES
    ]
    slugs = {c["slug"] for c in concerns()}
    problems += [
        f"{where}: unknown concern {c}" for c in entry.get("concerns", []) if c not in slugs
    ]
    return problems


def all_problems() -> list[str]:
    """Every missing field or language in every content file (empty when complete)."""
    from driehoek.involvement.scoring import ASPECTS

    scan = scan_data()
    problems = [] if scan.get("version") else ["scan: no version"]
    for aspect in scan.get("aspects", []):
        where = f"aspect {aspect.get('key')}"
        problems += entry_problems(aspect, SCAN_ASPECT_FIELDS, where, "scan")
    for item in scan.get("items", []):
        problems += entry_problems(item, SCAN_ITEM_FIELDS, f"item {item.get('key')}", "scan")
    for step in scan.get("scale", []):
        where = f"scale {step.get('value')}"
        problems += missing_languages(step, where, FILE_LANGUAGES["scan"])
    for key, finding in findings_data().items():
        problems += entry_problems(finding, FINDING_FIELDS, f"finding {key}", "interpretation")
    for question in guide_questions():
        problems += guide_problems(question, ASPECTS)
    for entry in concerns():
        problems += concern_problems(entry)
    return problems
