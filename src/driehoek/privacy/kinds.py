"""The kinds of data Driehoek keeps, and how long each is kept by default. No Django here.

Each app says in its own `retention.py` which of its models belong to which kind (see
`driehoek.privacy.classification`). A school's administrator may change the periods of
the kinds that expire by age (`days` is not None); the others live as long as the thing
they belong to: an account while its owner has a role, a student's roster rows while
the student is at school (then the "departed" period applies).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    #: Default period in days; None: not removed by age but together with its owner.
    days: int | None
    #: Shortest and longest period a school may choose.
    min_days: int = 7
    max_days: int = 3650


ACCOUNT = "account"
ROSTER = "roster"
DEPARTED = "departed"
MESSAGES = "messages"
CONVERSATIONS = "conversations"
TRIANGLE = "triangle"
INVOLVEMENT = "involvement"
PROFILE = "profile"
DRAFTS = "drafts"
IMPORT = "import"
SIGNALS = "signals"
CARE = "care"
AUDIT = "audit"

KINDS: tuple[Kind, ...] = (
    Kind(ACCOUNT, None),
    Kind(ROSTER, None),
    # A year after leaving: time for questions about the last report or a transfer.
    Kind(DEPARTED, 365, min_days=30),
    Kind(MESSAGES, 730),
    Kind(CONVERSATIONS, 730),
    Kind(TRIANGLE, 730),
    Kind(INVOLVEMENT, 730),
    # Earlier versions of a profile section; the current text stays while at school.
    Kind(PROFILE, 365),
    Kind(DRAFTS, 30, min_days=1),
    Kind(IMPORT, 180),
    Kind(SIGNALS, 365),
    Kind(CARE, 730),
    # The log of who read a child's file outlives the data it is about: five years.
    Kind(AUDIT, 1825, min_days=365, max_days=3650),
)

BY_KEY: dict[str, Kind] = {kind.key: kind for kind in KINDS}
KEYS: tuple[str, ...] = tuple(BY_KEY)


def default_days(key: str) -> int | None:
    return BY_KEY[key].days


def expiring_kinds() -> tuple[Kind, ...]:
    """The kinds that are removed by age, whose period a school may set."""
    return tuple(kind for kind in KINDS if kind.days is not None)


def clamp_days(key: str, days: int) -> int:
    kind = BY_KEY[key]
    return max(kind.min_days, min(kind.max_days, days))
