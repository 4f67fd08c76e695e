"""The dynamic triangle as geometry: three pair scores in, one shape out. No Django here.

Parents (H, home), school (S) and child (C) are the corners. Each pair has a score on
the 1–5 answer scale (5 = the relation is strong, 1 = weak, 3 = neutral):

    hs  home–school      hc  home–child      sc  school–child

Sides
    A stronger relation is a shorter side: ``side = 7 − score``, so a side lies in
    [2, 6]. The offset of 2 (rather than ``6 − score`` with sides in [1, 5]) is chosen
    so that one point of difference at the top of the scale (5, 5, 4) does not flatten
    the triangle completely: the shortest side is at least a third of the longest, and
    only two very strong relations beside a poor third one (e.g. 5, 5, 3 or 4.5, 4.5, 2)
    break the triangle inequality.

Degenerate input
    When the longest side is at least the sum of the other two the corners cannot form
    a triangle: the two strong relations cannot hold the third party that far away. We
    treat that as a collinear (flat) triangle: area 0, incircle 0, growth space 0. It is
    reported as ``degenerate=True``, never as an error. Scores outside [1, 5] are an
    error (ValueError).

Growth space (shape)
    Heron: s = (a + b + c) / 2, Area = √(s(s − a)(s − b)(s − c)), incircle r = Area / s.
    The equilateral triangle with the same perimeter has r_eq = s / (3√3). The index is
    G = r / r_eq = √(27 (s − a)(s − b)(s − c) / s³): 1.0 for equal sides, below 1 for
    every other shape, 0 when flat. It does not change when all sides are scaled.

Level
    The mean of the three pair scores (1–5). Shape and level are separate on purpose:
    three equally poor relations give a perfect shape (G = 1) on a poor level.
    ``good`` from 3.5, ``poor`` below 2.5, ``mixed`` between: half a point either side
    of the neutral answer 3.

Shape class
    ``balanced`` when G ≥ 0.9. One point of difference in the middle of the scale
    (4, 3, 3 or 4, 4, 3) stays balanced; two points (4, 2, 2) or a gap at the top of the
    scale (5, 3, 3; 5, 5, 4) does not. Otherwise the sides are sorted (short ≤ mid ≤
    long) and we ask which side stands out:

    * the shortest (mid − short ≥ long − mid): two parties are close and both far from
      the third — the "spike" distortions of the model:
        hc shortest: ``home_child_vs_school`` (home and child together against school)
        hs shortest: ``home_school_vs_child`` (home and school lined up over the child)
        sc shortest: ``child_school_home_distant`` (child and school close, home away)
    * the longest: two parties are far apart and the third stands between them,
      close to both — a "stretched" triangle:
        hs longest: ``stretched_home_school`` (the child between home and school: the
        shape of a loyalty conflict)
        hc longest: ``stretched_home_child`` (the school between home and child)
        sc longest: ``stretched_school_child`` (home between school and child)

    ``insufficient`` when a voice (parents, student, mentor) is missing; see
    ``classify_missing``. Ties (exactly equal sides) are broken in the fixed order
    hs, hc, sc, so the result never depends on float noise in a sort.

Sign pattern (Heider's balance theory)
    Each relation is positive (score > 3.25), negative (score < 2.75) or neutral
    (within a quarter point of 3: no direction). A triad without neutral relations is
    *balanced* when the product of its signs is positive: all three positive, or "two
    against one" (one positive pair, both negative towards the third). Balanced triads
    are stable, which is why the two-against-one distortions persist. The unbalanced
    pattern hs −, hc +, sc + — the child positive towards both parents and school
    while those two are negative towards each other — is the pattern of a *loyalty
    conflict* and is flagged as such. Other unbalanced patterns (two positive, one
    negative elsewhere; all three negative) are reported as ``strained``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from enum import StrEnum
from fractions import Fraction

SCORE_MIN = 1.0
SCORE_MAX = 5.0
NEUTRAL = 3.0
#: side = SIDE_OFFSET + (SCORE_MAX − score) = 7 − score.
SIDE_OFFSET = 2.0
#: G at or above this is a balanced shape.
BALANCED_FROM = 0.9
#: Level classes: "good" from 3.5, "poor" below 2.5.
LEVEL_GOOD_FROM = 3.5
LEVEL_POOR_BELOW = 2.5
#: Within this distance of 3 a relation has no sign.
NEUTRAL_BAND = 0.25

PAIRS = ("hs", "hc", "sc")


class Shape(StrEnum):
    BALANCED = "balanced"
    HOME_CHILD_VS_SCHOOL = "home_child_vs_school"
    HOME_SCHOOL_VS_CHILD = "home_school_vs_child"
    CHILD_SCHOOL_HOME_DISTANT = "child_school_home_distant"
    STRETCHED_HOME_SCHOOL = "stretched_home_school"
    STRETCHED_HOME_CHILD = "stretched_home_child"
    STRETCHED_SCHOOL_CHILD = "stretched_school_child"
    INSUFFICIENT = "insufficient"


#: The spike distortion named by its shortest side, the stretched one by its longest.
_SPIKE_BY_SHORTEST = {
    "hs": Shape.HOME_SCHOOL_VS_CHILD,
    "hc": Shape.HOME_CHILD_VS_SCHOOL,
    "sc": Shape.CHILD_SCHOOL_HOME_DISTANT,
}
_STRETCHED_BY_LONGEST = {
    "hs": Shape.STRETCHED_HOME_SCHOOL,
    "hc": Shape.STRETCHED_HOME_CHILD,
    "sc": Shape.STRETCHED_SCHOOL_CHILD,
}


class Level(StrEnum):
    GOOD = "good"
    MIXED = "mixed"
    POOR = "poor"


class Pattern(StrEnum):
    ALL_POSITIVE = "all_positive"  # balanced
    TWO_AGAINST_ONE = "two_against_one"  # balanced: one positive pair, two negative
    LOYALTY_CONFLICT = "loyalty_conflict"  # unbalanced: hs −, hc +, sc +
    STRAINED = "strained"  # other unbalanced patterns
    UNDETERMINED = "undetermined"  # at least one neutral relation


@dataclass(frozen=True)
class Triangle:
    scores: dict[str, float]
    sides: dict[str, float]
    degenerate: bool
    perimeter: float
    area: float
    incircle_radius: float
    growth_space: float
    level: float
    level_class: Level
    shape: Shape
    signs: dict[str, str]
    pattern: Pattern
    heider_balanced: bool | None
    loyalty_conflict: bool

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        for key in ("level_class", "shape", "pattern"):
            data[key] = str(data[key])
        return data


def side_for(score: float) -> float:
    """A stronger relation is a shorter side: 5 → 2, 1 → 6."""
    if not (SCORE_MIN <= score <= SCORE_MAX) or math.isnan(score):
        raise ValueError(f"a pair score must lie in [1, 5], got {score!r}")
    return SIDE_OFFSET + (SCORE_MAX - score)


def is_triangle(a: float, b: float, c: float) -> bool:
    """Strict triangle inequality: False for collinear (flat) and impossible sides."""
    fa, fb, fc = Fraction(a), Fraction(b), Fraction(c)  # exact: no rounding decides
    longest = max(fa, fb, fc)
    return longest < (fa + fb + fc) - longest


def growth_space_index(a: float, b: float, c: float) -> float:
    """G = r / r_equilateral = √(27(s−a)(s−b)(s−c)/s³), in [0, 1]; 0 when not a triangle.

    The radicand is computed exactly (fractions), so G is 1.0 only for equal sides; when
    it is below 1 but the float square root rounds to 1.0, the largest float below 1 is
    returned.
    """
    if min(a, b, c) <= 0:
        raise ValueError("sides must be positive")
    if not is_triangle(a, b, c):
        return 0.0
    fa, fb, fc = Fraction(a), Fraction(b), Fraction(c)
    s = (fa + fb + fc) / 2
    radicand = 27 * (s - fa) * (s - fb) * (s - fc) / s**3
    if radicand >= 1:  # only for a == b == c (AM–GM)
        return 1.0
    value = math.sqrt(float(radicand))
    return value if value < 1.0 else math.nextafter(1.0, 0.0)


def heron_area(a: float, b: float, c: float) -> float:
    if not is_triangle(a, b, c):
        return 0.0
    fa, fb, fc = Fraction(a), Fraction(b), Fraction(c)
    s = (fa + fb + fc) / 2
    return math.sqrt(float(s * (s - fa) * (s - fb) * (s - fc)))


def level_class(level: float) -> Level:
    if level >= LEVEL_GOOD_FROM:
        return Level.GOOD
    if level < LEVEL_POOR_BELOW:
        return Level.POOR
    return Level.MIXED


def sign_of(score: float) -> str:
    if score > NEUTRAL + NEUTRAL_BAND:
        return "+"
    if score < NEUTRAL - NEUTRAL_BAND:
        return "-"
    return "0"


def sign_pattern(signs: dict[str, str]) -> tuple[Pattern, bool | None]:
    """The Heider pattern and whether the triad is balanced (None when undetermined)."""
    values = [signs[pair] for pair in PAIRS]
    if "0" in values:
        return Pattern.UNDETERMINED, None
    negatives = values.count("-")
    if negatives == 0:
        return Pattern.ALL_POSITIVE, True
    if negatives == 2:
        return Pattern.TWO_AGAINST_ONE, True
    if negatives == 1 and signs["hs"] == "-":
        return Pattern.LOYALTY_CONFLICT, False
    return Pattern.STRAINED, False


def shape_class(sides: dict[str, float], growth_space: float) -> Shape:
    if growth_space >= BALANCED_FROM:
        return Shape.BALANCED
    # Stable order for ties: hs, hc, sc (sorted() is stable).
    ordered = sorted(PAIRS, key=lambda pair: sides[pair])
    short, mid, long = (sides[pair] for pair in ordered)
    if mid - short >= long - mid:
        return _SPIKE_BY_SHORTEST[ordered[0]]
    longest = max(PAIRS, key=lambda pair: sides[pair])  # first of equal maxima
    return _STRETCHED_BY_LONGEST[longest]


def triangle(hs: float, hc: float, sc: float) -> Triangle:
    """The full result for three pair scores on the 1–5 scale."""
    scores = {"hs": float(hs), "hc": float(hc), "sc": float(sc)}
    sides = {pair: side_for(score) for pair, score in scores.items()}
    a, b, c = sides["hs"], sides["hc"], sides["sc"]
    degenerate = not is_triangle(a, b, c)
    g = growth_space_index(a, b, c)
    area = heron_area(a, b, c)
    s = (a + b + c) / 2
    level = (scores["hs"] + scores["hc"] + scores["sc"]) / 3
    signs = {pair: sign_of(score) for pair, score in scores.items()}
    pattern, balanced = sign_pattern(signs)
    return Triangle(
        scores=scores,
        sides=sides,
        degenerate=degenerate,
        perimeter=2 * s,
        area=area,
        incircle_radius=area / s,
        growth_space=g,
        level=level,
        level_class=level_class(level),
        shape=shape_class(sides, g),
        signs=signs,
        pattern=pattern,
        heider_balanced=balanced,
        loyalty_conflict=pattern == Pattern.LOYALTY_CONFLICT,
    )


# --- Drawing ------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Drawing:
    """Corner positions and incircle for a triangle, fitted into a box (for SVG)."""

    home: Point
    school: Point
    child: Point
    centre: Point
    radius: float


def layout(sides: dict[str, float], *, width: float, height: float, margin: float) -> Drawing:
    """Place home bottom-left and school bottom-right (parents and school are the base
    that carries the child), the child above; scale the whole to fit the box.

    A flat (degenerate) triangle is drawn on the line it collapses to, with no circle.
    """
    hs, hc, sc = sides["hs"], sides["hc"], sides["sc"]
    # Home at (0, 0), school at (hs, 0); the child from the law of cosines, clamped to
    # the line when the sides do not close.
    x = (hs**2 + hc**2 - sc**2) / (2 * hs)
    y = math.sqrt(max(0.0, hc**2 - x**2)) if is_triangle(hs, hc, sc) else 0.0
    xs = [0.0, hs, x]
    ys = [0.0, 0.0, y]
    span_x = max(xs) - min(xs) or 1.0
    span_y = max(ys) - min(ys) or 1.0
    scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
    # Centre horizontally; the base sits on the bottom margin (SVG y grows downwards).
    left = (width - scale * span_x) / 2 - scale * min(xs)
    bottom = height - margin

    def place(px: float, py: float) -> Point:
        return Point(round(left + scale * px, 2), round(bottom - scale * py, 2))

    home, school, child = place(0, 0), place(hs, 0), place(x, y)
    area = heron_area(hs, hc, sc)
    perimeter = hs + hc + sc
    if area == 0:
        return Drawing(home, school, child, place(x, 0), 0.0)
    # Incentre: corners weighted by the opposite sides.
    cx = (sc * 0 + hc * hs + hs * x) / perimeter
    cy = (sc * 0 + hc * 0 + hs * y) / perimeter
    radius = area / (perimeter / 2)
    return Drawing(home, school, child, place(cx, cy), round(scale * radius, 2))
