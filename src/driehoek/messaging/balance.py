"""The balance of giving and receiving, in plain Python (no Django).

Each message says what it gives (appreciation, information) or asks (a question, a
concern, a request). From that we draw the balance of a relation over time, suggest a
kind from the text where it is obvious (the writer always chooses), and notice when a
writer's last contacts only asked or only raised concerns, so we can nudge them, in
private, to start with what went well.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    APPRECIATION = "appreciation"
    INFORMATION = "information"
    QUESTION = "question"
    CONCERN = "concern"
    REQUEST = "request"


GIVES = frozenset({Kind.APPRECIATION, Kind.INFORMATION})
ASKS = frozenset({Kind.QUESTION, Kind.CONCERN, Kind.REQUEST})


# --- Suggesting a kind from the text ---------------------------------------------------

# Words that make a kind obvious, Dutch and English. Only clear signals: when none or
# several kinds match, we suggest nothing and the writer chooses.
_SIGNALS: dict[Kind, tuple[str, ...]] = {
    Kind.APPRECIATION: (
        r"bedankt",
        r"dank je",
        r"dank u",
        r"dankjewel",
        r"dankuwel",
        r"fijn dat",
        r"compliment",
        r"waardeer",
        r"top dat",
        r"thank",
        r"thanks",
        r"appreciate",
        r"great job",
    ),
    Kind.CONCERN: (
        r"zorgen",
        r"bezorgd",
        r"ongerust",
        r"pest",
        r"gepest",
        r"niet lekker in",
        r"slaapt slecht",
        r"worried",
        r"concern",
        r"bullied",
        r"anxious",
    ),
    Kind.REQUEST: (
        r"zou u",
        r"zou je",
        r"wilt u",
        r"wil je",
        r"kunt u",
        r"kun je",
        r"graag een",
        r"verzoek",
        r"could you",
        r"would you",
        r"please",
    ),
    Kind.INFORMATION: (
        r"ter info",
        r"ter informatie",
        r"laat (u|je) weten",
        r"wil(de)? (u|je) laten weten",
        r"afspraak bij",
        r"is ziek",
        r"for your information",
        r"fyi",
        r"let you know",
    ),
}
_PATTERNS = {
    kind: re.compile(r"\b(" + "|".join(words) + r")", re.IGNORECASE)
    for kind, words in _SIGNALS.items()
}


def suggest_kind(text: str) -> Kind | None:
    """The kind the opening of the text obviously has, or None when it is not obvious.

    Appreciation that opens a message wins (a parent who thanks first, then asks, wrote
    an appreciative message); otherwise exactly one kind must match; a question mark
    alone suggests a question.
    """
    opening = text.strip()[:400]
    if not opening:
        return None
    first_sentence = re.split(r"(?<=[.!?])\s", opening, maxsplit=1)[0]
    if _PATTERNS[Kind.APPRECIATION].search(first_sentence):
        return Kind.APPRECIATION
    matches = [kind for kind, pattern in _PATTERNS.items() if pattern.search(opening)]
    if len(matches) == 1:
        return matches[0]
    if not matches and "?" in opening:
        return Kind.QUESTION
    return None


# --- The nudge ------------------------------------------------------------------------


class Nudge(StrEnum):
    ONLY_ASKED = "only_asked"
    ONLY_CONCERNS = "only_concerns"


#: How many of the writer's latest contacts we look at.
NUDGE_WINDOW = 4


def nudge_for(history: Sequence[Kind], window: int = NUDGE_WINDOW) -> Nudge | None:
    """A gentle nudge when the writer's last `window` contacts (oldest first) only asked.

    Fewer contacts than the window: no nudge (too early to speak of a pattern). All of
    them concerns: ONLY_CONCERNS. All of them asking (questions, concerns, requests):
    ONLY_ASKED. One appreciation or piece of information among them: no nudge.
    """
    if window < 1 or len(history) < window:
        return None
    latest = history[-window:]
    if all(kind == Kind.CONCERN for kind in latest):
        return Nudge.ONLY_CONCERNS
    if all(kind in ASKS for kind in latest):
        return Nudge.ONLY_ASKED
    return None


# --- The balance over time --------------------------------------------------------------


@dataclass(frozen=True)
class MonthBalance:
    month: datetime.date  # the first day of the month
    gives: int
    asks: int

    @property
    def total(self) -> int:
        return self.gives + self.asks


def monthly_balance(
    entries: Iterable[tuple[datetime.date, Kind]], *, until: datetime.date, months: int = 6
) -> list[MonthBalance]:
    """Gives and asks per calendar month, the last `months` months up to `until`."""
    first = _month_start(until)
    starts = [first]
    for _ in range(months - 1):
        starts.insert(0, _month_start(starts[0] - datetime.timedelta(days=1)))
    gives = dict.fromkeys(starts, 0)
    asks = dict.fromkeys(starts, 0)
    for day, kind in entries:
        start = _month_start(day)
        if start not in gives:
            continue
        if kind in GIVES:
            gives[start] += 1
        else:
            asks[start] += 1
    return [MonthBalance(start, gives[start], asks[start]) for start in starts]


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


class Tilt(StrEnum):
    NONE = "none"  # no contact yet
    BALANCED = "balanced"
    MOSTLY_ASKS = "mostly_asks"
    MOSTLY_GIVES = "mostly_gives"


def tilt(gives: int, asks: int) -> Tilt:
    """Tilted when one side is at least three quarters of at least four contacts."""
    total = gives + asks
    if total == 0:
        return Tilt.NONE
    if total >= 4 and asks * 4 >= total * 3:
        return Tilt.MOSTLY_ASKS
    if total >= 4 and gives * 4 >= total * 3:
        return Tilt.MOSTLY_GIVES
    return Tilt.BALANCED


# --- The picture -------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    gives_y: float  # gives grow up from the middle line
    gives_height: float
    asks_y: float  # asks grow down from it
    asks_height: float
    month: datetime.date
    gives: int
    asks: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    middle: float
    bars: list[Bar]


def chart(months: Sequence[MonthBalance], *, width: int = 240, height: int = 96) -> Chart:
    """Geometry for a small SVG: per month a bar up for what was given, down for what was
    asked, all on one scale so months compare."""
    middle = height / 2
    room = middle - 4
    peak = max([1, *(m.gives for m in months), *(m.asks for m in months)])
    slot = width / max(1, len(months))
    bar_width = slot * 0.6
    bars = []
    for index, month in enumerate(months):
        up = room * month.gives / peak
        down = room * month.asks / peak
        bars.append(
            Bar(
                x=round(index * slot + (slot - bar_width) / 2, 1),
                width=round(bar_width, 1),
                gives_y=round(middle - up, 1),
                gives_height=round(up, 1),
                asks_y=round(middle, 1),
                asks_height=round(down, 1),
                month=month.month,
                gives=month.gives,
                asks=month.asks,
            )
        )
    return Chart(width=width, height=height, middle=middle, bars=bars)
