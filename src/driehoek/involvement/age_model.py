"""Who carries the responsibility for schoolwork, by age: a documented model. No Django.

What it says: the share of the day-to-day responsibility for schoolwork (planning,
starting, finishing, asking for help) that we expect the child to carry, the rest being
the parents'. It is a norm for reflection, not a measurement, and it varies per child
(DOMAIN.md, concept 3: responsibility shifts with age, involvement does not).

The curve is a logistic from age 4 to 18:

    child_share(age) = FLOOR + (CEILING − FLOOR) / (1 + exp(−STEEPNESS × (age − midpoint)))

Parameters and why:

* FLOOR = 0.05 and CEILING = 0.95: even a four-year-old owns a little (packing a bag
  with help), and even an 18-year-old still has parents who stay involved; the share
  never reaches 0 or 1.
* MIDPOINT = 12: the move to secondary school (brugklas) is where Dutch schools expect
  a child to start planning with a planner on their own; we put the even split there.
* STEEPNESS = 0.55 per year: the change is gradual: from about 6 % at four, to about
  20 % at nine, half at twelve, about 80 % at fifteen and about 92 % at eighteen.
* School type moves the midpoint (`SCHOOL_SHIFT`): a child who is already at secondary
  school is expected to plan a little sooner (−0.5 year) than a child of the same age
  still at primary school (+0.5 year). Only the timing moves; the shape stays.
* Outside 4–18 the age is clamped to that range.

Properties (tested with hypothesis): the child's share rises monotonically with age,
stays strictly between 0 and 1, and parent share + child share = 1.

The research figures below are shown beside the curve as context. They are cited
figures about something else (how much of the variation in attainment is linked to
parents and to school), not output of this model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_AGE = 4.0
MAX_AGE = 18.0
FLOOR = 0.05
CEILING = 0.95
MIDPOINT = 12.0
STEEPNESS = 0.55
SCHOOL_SHIFT = {"primary": 0.5, "secondary": -0.5}


@dataclass(frozen=True)
class ResearchFigure:
    age: int
    parents: float  # share of the variation in attainment linked to parents
    school: float  # share linked to school
    source: str


#: Desforges & Abouchaar (2003), as cited in DOMAIN.md.
RESEARCH_FIGURES = (
    ResearchFigure(age=11, parents=0.27, school=0.21, source="Desforges & Abouchaar (2003)"),
    ResearchFigure(age=16, parents=0.14, school=0.51, source="Desforges & Abouchaar (2003)"),
)


def midpoint_for(school_kind: str | None) -> float:
    return MIDPOINT + SCHOOL_SHIFT.get(school_kind or "", 0.0)


def child_share(age: float, school_kind: str | None = None) -> float:
    """The share of the responsibility for schoolwork we expect the child to carry."""
    clamped = min(max(float(age), MIN_AGE), MAX_AGE)
    exponent = -STEEPNESS * (clamped - midpoint_for(school_kind))
    return FLOOR + (CEILING - FLOOR) / (1.0 + math.exp(exponent))


def parent_share(age: float, school_kind: str | None = None) -> float:
    """The share we expect the parents to carry: the rest."""
    return 1.0 - child_share(age, school_kind)


def curve(school_kind: str | None = None, step: float = 0.5) -> list[tuple[float, float]]:
    """(age, child share) from MIN_AGE to MAX_AGE, for drawing."""
    count = round((MAX_AGE - MIN_AGE) / step)
    return [
        (MIN_AGE + index * step, child_share(MIN_AGE + index * step, school_kind))
        for index in range(count + 1)
    ]


def age_in_years(born: tuple[int, int, int], on: tuple[int, int, int]) -> float:
    """Age as a decimal number of years (month precision is enough for this model)."""
    years = on[0] - born[0]
    months = on[1] - born[1] - (1 if on[2] < born[2] else 0)
    return years + months / 12.0
