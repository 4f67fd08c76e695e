"""Questionnaires and scoring: items are data (questionnaires/<version>.yaml). No Django.

Scoring, step by step (a school can redo it by hand):

1. An answer is 1–5. A reverse-keyed item (conflict) counts as 6 − answer.
2. A respondent's score for a pair is the mean of their (turned) answers on that pair's
   items; pairs without any answer have no score.
3. Voices: *home* (the guardians), *child* (the student) and *school* (the mentor).
   Several households each fill in their own response; the home voice is the mean over
   households of the mean of each household's guardians, so every household weighs the
   same however many of its parents answer. The child and school voices are the mean of
   their respondents (normally one each).
4. The pair score combines the voices that rate it: the two parties in the relation
   count 1 each, the third party's view of it counts ½. E.g. home–school =
   (home·1 + school·1 + child·½) / 2.5. A voice that gave no score for the pair is left
   out of both the sum and the weights.
5. All three voices must have answered for a triangle; otherwise the result is
   "insufficient responses".

Languages: every text in the data file holds its languages side by side (`en:`, `nl:`,
and for the family-facing questionnaires and the scale also `tr:`, `ar:`, `pl:`, `uk:`).
`text(language)` picks the reader's language ("nl-be" counts as "nl") and falls back to
Dutch, the same rule as the involvement content (`driehoek.involvement.content.pick`) and
as Django for staff-only strings. The mentor questionnaire is for staff and stays
Dutch/English (`LANGUAGES_OF_KIND`); `problems()` lists every text that lacks a language
its readers may have chosen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from statistics import fmean
from types import MappingProxyType
from typing import Any

import yaml

from driehoek.front.languages import FAMILY_LANGUAGES, STAFF_LANGUAGES
from driehoek.involvement.content import pick

DATA = Path(__file__).resolve().parent / "questionnaires"
CURRENT_VERSION = "2026.1"
PAIRS = ("hs", "hc", "sc")

#: The weight of a party's own relation and of its view of the other two's relation.
OWN_WEIGHT = 1.0
VIEW_WEIGHT = 0.5


class Voice(StrEnum):
    HOME = "home"
    CHILD = "child"
    SCHOOL = "school"


class Kind(StrEnum):
    """Which questionnaire a respondent gets."""

    GUARDIAN = "guardian"
    STUDENT_PRIMARY = "student_primary"
    STUDENT_SECONDARY = "student_secondary"
    MENTOR = "mentor"


VOICE_OF_KIND = {
    Kind.GUARDIAN: Voice.HOME,
    Kind.STUDENT_PRIMARY: Voice.CHILD,
    Kind.STUDENT_SECONDARY: Voice.CHILD,
    Kind.MENTOR: Voice.SCHOOL,
}

#: Which pairs a voice is a party to (the third is its view).
OWN_PAIRS = {
    Voice.HOME: ("hs", "hc"),
    Voice.CHILD: ("hc", "sc"),
    Voice.SCHOOL: ("hs", "sc"),
}


#: Which languages each questionnaire's texts must have (the scale: FAMILY_LANGUAGES,
#: since every respondent sees it).
LANGUAGES_OF_KIND = {
    Kind.GUARDIAN: FAMILY_LANGUAGES,
    Kind.STUDENT_PRIMARY: FAMILY_LANGUAGES,
    Kind.STUDENT_SECONDARY: FAMILY_LANGUAGES,
    Kind.MENTOR: STAFF_LANGUAGES,
}
#: Every language a text in a questionnaire file may hold.
KNOWN_LANGUAGES = FAMILY_LANGUAGES


def _texts(entry: Mapping[str, Any]) -> Mapping[str, str]:
    """The language keys of a data entry (nl and en are required), read-only."""
    texts = {code: str(entry[code]) for code in KNOWN_LANGUAGES if code in entry}
    for code in STAFF_LANGUAGES:
        if not texts.get(code):
            raise KeyError(f"questionnaire text without {code}: {entry!r}")
    return MappingProxyType(texts)


class _Worded:
    """A text in several languages: `texts` maps language code to wording."""

    texts: Mapping[str, str]

    @property
    def en(self) -> str:
        return self.texts["en"]

    @property
    def nl(self) -> str:
        return self.texts["nl"]

    def text(self, language: str) -> str:
        """The wording in `language`, else Dutch."""
        return pick(dict(self.texts), language)


@dataclass(frozen=True)
class Item(_Worded):
    key: str
    pair: str
    construct: str
    reverse: bool
    texts: Mapping[str, str] = field(hash=False)

    def scored(self, answer: int) -> int:
        if not 1 <= answer <= 5:
            raise ValueError(f"answer must be 1-5, got {answer}")
        return 6 - answer if self.reverse else answer


@dataclass(frozen=True)
class ScalePoint(_Worded):
    value: int
    texts: Mapping[str, str] = field(hash=False)


@dataclass(frozen=True)
class Questionnaire(_Worded):
    version: str
    kind: Kind
    texts: Mapping[str, str] = field(hash=False)
    items: tuple[Item, ...] = ()
    scale: tuple[ScalePoint, ...] = ()

    def title(self, language: str) -> str:
        return self.text(language)

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def items_of(self, pair: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.pair == pair)


@cache
def raw(version: str = CURRENT_VERSION) -> dict[str, Any]:
    """The parsed data file of a version (cached: the files ship with the code)."""
    path = DATA / f"{version}.yaml"
    if not path.is_file() or "/" in version:
        raise KeyError(f"no questionnaire version {version!r}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"questionnaires/{version}.yaml must hold a mapping")
    return data


@cache
def load(version: str = CURRENT_VERSION) -> dict[Kind, Questionnaire]:
    data = raw(version)
    scale = tuple(ScalePoint(int(p["value"]), _texts(p)) for p in data["scale"])
    result = {}
    for kind_name, body in data["questionnaires"].items():
        kind = Kind(kind_name)
        items = tuple(
            Item(
                key=entry["key"],
                pair=entry["pair"],
                construct=entry["construct"],
                reverse=bool(entry.get("reverse", False)),
                texts=_texts(entry),
            )
            for entry in body["items"]
        )
        result[kind] = Questionnaire(str(data["version"]), kind, _texts(body), items, scale)
    return result


def problems(data: Mapping[str, Any]) -> list[str]:
    """Every text in a questionnaire file that lacks a language its readers may use.

    The scale and the family questionnaires need all of FAMILY_LANGUAGES; the mentor
    questionnaire (staff) needs STAFF_LANGUAGES. Empty when complete.
    """
    found: list[str] = []

    def check(entry: Mapping[str, Any], where: str, languages: tuple[str, ...]) -> None:
        for code in languages:
            if not str(entry.get(code) or "").strip():
                found.append(f"{where}: no {code} text")

    for index, point in enumerate(data.get("scale", [])):
        check(point, f"scale[{index}]", FAMILY_LANGUAGES)
    for kind_name, body in data.get("questionnaires", {}).items():
        languages = LANGUAGES_OF_KIND.get(Kind(kind_name), FAMILY_LANGUAGES)
        check(body, f"{kind_name}", languages)
        for index, entry in enumerate(body.get("items", [])):
            check(entry, f"{kind_name}.items[{index}] ({entry.get('key')})", languages)
    return found


def versions() -> list[str]:
    return sorted(path.stem for path in DATA.glob("*.yaml"))


def questionnaire(kind: Kind | str, version: str = CURRENT_VERSION) -> Questionnaire:
    return load(version)[Kind(kind)]


def student_kind(*, secondary: bool) -> Kind:
    return Kind.STUDENT_SECONDARY if secondary else Kind.STUDENT_PRIMARY


def pair_scores(form: Questionnaire, answers: Mapping[str, int]) -> dict[str, float | None]:
    """One respondent's score per pair: mean of the turned answers (step 1–2)."""
    scores: dict[str, float | None] = {}
    for pair in PAIRS:
        values = [
            item.scored(answers[item.key]) for item in form.items_of(pair) if item.key in answers
        ]
        scores[pair] = fmean(values) if values else None
    return scores


@dataclass(frozen=True)
class VoiceScores:
    """One respondent's pair scores, with their voice and (for guardians) household."""

    voice: Voice
    scores: Mapping[str, float | None]
    household: str | int | None = None


def voice_scores(responses: Iterable[VoiceScores]) -> dict[Voice, dict[str, float | None]]:
    """Step 3: one score per pair for each voice that answered."""
    by_voice: dict[Voice, dict[object, list[Mapping[str, float | None]]]] = {}
    for response in responses:
        group = response.household if response.voice == Voice.HOME else None
        by_voice.setdefault(response.voice, {}).setdefault(group, []).append(response.scores)
    result: dict[Voice, dict[str, float | None]] = {}
    for voice, groups in by_voice.items():
        result[voice] = {}
        for pair in PAIRS:
            group_means = []
            for members in groups.values():
                values = [m[pair] for m in members if m.get(pair) is not None]
                if values:
                    group_means.append(fmean(v for v in values if v is not None))
            result[voice][pair] = fmean(group_means) if group_means else None
    return result


def combine(voices: Mapping[Voice, Mapping[str, float | None]]) -> dict[str, float | None]:
    """Step 4: the weighted pair scores. None for a pair no voice rated."""
    combined: dict[str, float | None] = {}
    for pair in PAIRS:
        total = weight = 0.0
        for voice, scores in voices.items():
            value = scores.get(pair)
            if value is None:
                continue
            w = OWN_WEIGHT if pair in OWN_PAIRS[voice] else VIEW_WEIGHT
            total += w * value
            weight += w
        combined[pair] = total / weight if weight else None
    return combined


def missing_voices(voices: Mapping[Voice, Mapping[str, float | None]]) -> list[Voice]:
    """Step 5: the voices without any score."""
    return [
        voice
        for voice in Voice
        if voice not in voices or all(v is None for v in voices[voice].values())
    ]
