"""Scoring the four-aspect scan. Plain Python: no Django.

Each aspect score is the mean of its answered items on the 1–5 scale, after reverse-keyed
items are turned round (6 − answer), so 5 always means "more of this aspect". `level`
maps that mean onto 0–1 ((mean − 1) / 4) for the radar plot and the interpretation.
An aspect with no answered item has no score (None): a half-filled scan shows what it can.

For "encouragement", "conditions" and "development" more is better. "direct" measures
how much hands-on help the parent gives; whether that is a lot or a little for this
child is for `interpretation` to say, with the child's age.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ASPECTS = ("encouragement", "conditions", "development", "direct")
SCALE_MIN = 1
SCALE_MAX = 5


@dataclass(frozen=True)
class Item:
    key: str
    aspect: str
    reverse: bool = False


@dataclass(frozen=True)
class Questionnaire:
    version: str
    items: tuple[Item, ...]

    def item(self, key: str) -> Item | None:
        return next((item for item in self.items if item.key == key), None)

    def items_of(self, aspect: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.aspect == aspect)


def questionnaire_from_data(data: Mapping[str, Any]) -> Questionnaire:
    """The questionnaire from its content file's data (see content/scan.yaml)."""
    items = tuple(
        Item(key=str(raw["key"]), aspect=str(raw["aspect"]), reverse=bool(raw.get("reverse")))
        for raw in data["items"]
    )
    unknown = {item.aspect for item in items} - set(ASPECTS)
    if unknown:
        raise ValueError(f"unknown aspects: {sorted(unknown)}")
    if len({item.key for item in items}) != len(items):
        raise ValueError("item keys must be unique")
    return Questionnaire(version=str(data["version"]), items=items)


def valid_answer(value: object) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and SCALE_MIN <= value <= SCALE_MAX
    )


def item_score(item: Item, answer: int) -> int:
    """The answer as "more of the aspect" on 1–5: reverse-keyed items turned round."""
    if not valid_answer(answer):
        raise ValueError(f"an answer is a whole number from {SCALE_MIN} to {SCALE_MAX}")
    return SCALE_MIN + SCALE_MAX - answer if item.reverse else answer


def clean_answers(questionnaire: Questionnaire, answers: Mapping[str, object]) -> dict[str, int]:
    """Only the answers to items of this questionnaire that are on the scale."""
    return {
        key: value  # type: ignore[misc]
        for key, value in answers.items()
        if questionnaire.item(key) is not None and valid_answer(value)
    }


def aspect_means(
    questionnaire: Questionnaire, answers: Mapping[str, object]
) -> dict[str, float | None]:
    """The mean item score per aspect (1–5), or None when no item of it is answered."""
    answered = clean_answers(questionnaire, answers)
    means: dict[str, float | None] = {}
    for aspect in ASPECTS:
        scores = [
            item_score(item, answered[item.key])
            for item in questionnaire.items_of(aspect)
            if item.key in answered
        ]
        means[aspect] = round(sum(scores) / len(scores), 4) if scores else None
    return means


def level(mean: float | None) -> float | None:
    """A 1–5 mean as a level from 0 (lowest) to 1 (highest)."""
    if mean is None:
        return None
    return round((mean - SCALE_MIN) / (SCALE_MAX - SCALE_MIN), 4)


def aspect_levels(
    questionnaire: Questionnaire, answers: Mapping[str, object]
) -> dict[str, float | None]:
    return {aspect: level(mean) for aspect, mean in aspect_means(questionnaire, answers).items()}


def progress(questionnaire: Questionnaire, answers: Mapping[str, object]) -> tuple[int, int]:
    """(answered, total) items."""
    return len(clean_answers(questionnaire, answers)), len(questionnaire.items)


def is_complete(questionnaire: Questionnaire, answers: Mapping[str, object]) -> bool:
    answered, total = progress(questionnaire, answers)
    return answered == total


def changes(
    earlier: Mapping[str, float | None], later: Mapping[str, float | None]
) -> dict[str, float | None]:
    """Per aspect, how much the level moved from one scan to the next (None if unknown)."""
    moved: dict[str, float | None] = {}
    for aspect in ASPECTS:
        before, after = earlier.get(aspect), later.get(aspect)
        moved[aspect] = None if before is None or after is None else round(after - before, 4)
    return moved


def radar_points(
    levels: Mapping[str, float | None],
    *,
    centre: float,
    radius: float,
    aspects: Iterable[str] = ASPECTS,
) -> list[tuple[float, float]]:
    """The polygon of a radar plot: one point per aspect, clockwise from the top, at
    distance level × radius from the centre (an unknown level counts as 0). Four axes:
    up, right, down, left, so no trigonometry rounding is needed."""
    directions = [(0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)]
    points = []
    for (dx, dy), aspect in zip(directions, aspects, strict=True):
        value = levels.get(aspect) or 0.0
        points.append(
            (round(centre + dx * value * radius, 2), round(centre + dy * value * radius, 2))
        )
    return points
