"""The school-jargon glossary as data: loading, checking and finding terms in a text.

No Django here. The content lives in content/terms.yaml; every term must explain itself
in all six languages (tests/glossary checks that, and `load_terms` refuses a gap).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CONTENT = Path(__file__).resolve().parent / "content" / "terms.yaml"
LANGUAGES = ("nl", "en", "tr", "ar", "pl", "uk")


class GlossaryError(ValueError):
    """The content file is incomplete or malformed."""


@dataclass(frozen=True, eq=False)  # compared by identity: loaded once
class Term:
    key: str
    term: str
    aliases: tuple[str, ...]
    explain: dict[str, str]

    def explanation(self, language: str) -> str:
        return self.explain.get(language) or self.explain["nl"]

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


def parse_terms(raw: object) -> list[Term]:
    if not isinstance(raw, list):
        raise GlossaryError("the glossary must be a list of terms")
    terms, keys = [], set()
    for item in raw:
        if not isinstance(item, dict) or not item.get("key") or not item.get("term"):
            raise GlossaryError(f"a term needs a key and a term: {item!r}")
        key = str(item["key"])
        if key in keys or not re.fullmatch(r"[a-z0-9-]+", key):
            raise GlossaryError(f"{key}: keys are unique, lower case, without spaces")
        keys.add(key)
        explain = item.get("explain") or {}
        missing = [lang for lang in LANGUAGES if not str(explain.get(lang) or "").strip()]
        if missing:
            raise GlossaryError(f"{key}: no explanation in {', '.join(missing)}")
        terms.append(
            Term(
                key=key,
                term=str(item["term"]),
                aliases=tuple(str(alias) for alias in item.get("aliases") or ()),
                explain={lang: " ".join(str(explain[lang]).split()) for lang in LANGUAGES},
            )
        )
    return terms


@cache
def load_terms(path: Path = CONTENT) -> tuple[Term, ...]:
    with path.open(encoding="utf-8") as handle:
        return tuple(parse_terms(yaml.safe_load(handle)))


@cache
def _pattern(terms: tuple[Term, ...]) -> tuple[re.Pattern[str], dict[str, Term]]:
    by_spelling = {spelling.casefold(): term for term in terms for spelling in term.spellings}
    # Longest first, so "rapportvergadering" wins over "rapport".
    alternatives = sorted(by_spelling, key=len, reverse=True)
    body = "|".join(re.escape(spelling) for spelling in alternatives)
    return re.compile(rf"(?<![\w-])({body})(?![\w-])", re.IGNORECASE), by_spelling


@dataclass(frozen=True)
class Piece:
    """A run of text; `term` is set when the run is a known school word."""

    text: str
    term: Term | None = None


def split_terms(text: str, terms: tuple[Term, ...] | None = None) -> list[Piece]:
    """The text cut into plain runs and known terms; each term is marked once (its first
    mention), so a paragraph does not turn into a row of buttons."""
    terms = load_terms() if terms is None else terms
    if not terms or not text:
        return [Piece(text)] if text else []
    pattern, by_spelling = _pattern(terms)
    pieces: list[Piece] = []
    seen: set[str] = set()
    position = 0
    for match in pattern.finditer(text):
        term = by_spelling[match.group(1).casefold()]
        if term.key in seen:
            continue
        seen.add(term.key)
        if match.start() > position:
            pieces.append(Piece(text[position : match.start()]))
        pieces.append(Piece(match.group(1), term))
        position = match.end()
    if position < len(text):
        pieces.append(Piece(text[position:]))
    return pieces
