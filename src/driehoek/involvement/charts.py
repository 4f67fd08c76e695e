"""Geometry for the server-rendered SVG pictures: the radar plot, the change over time
and the responsibility curve. Plain Python (no Django): numbers in, coordinates out;
the templates draw them. All coordinates are in the SVG's own viewBox units."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from driehoek.involvement import age_model
from driehoek.involvement.scoring import ASPECTS, radar_points

# --- Radar: four axes, up / right / down / left ------------------------------------

RADAR_WIDTH = 400
RADAR_HEIGHT = 250
RADAR_CENTRE = (200.0, 125.0)
RADAR_RADIUS = 82.0
RADAR_RINGS = (0.25, 0.5, 0.75, 1.0)


def _points_attr(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in points)


def _shift(points: list[tuple[float, float]], dx: float, dy: float) -> list[tuple[float, float]]:
    return [(round(x + dx, 2), round(y + dy, 2)) for x, y in points]


@dataclass(frozen=True)
class Radar:
    width: int
    height: int
    rings: list[str]  # polygon points for the grid rings
    axes: list[tuple[float, float, float, float]]  # x1, y1, x2, y2
    labels: list[tuple[str, float, float, str]]  # aspect, x, y, text-anchor
    shape: str  # polygon points of this scan
    earlier: str  # polygon points of the scan before, or ""


def radar(levels: Mapping[str, float | None], earlier: Mapping[str, float | None] | None) -> Radar:
    cx, cy = RADAR_CENTRE
    r = RADAR_RADIUS

    def polygon(values: Mapping[str, float | None]) -> str:
        square = radar_points(values, centre=0.0, radius=r)
        return _points_attr(_shift(square, cx, cy))

    rings = [polygon(dict.fromkeys(ASPECTS, ring)) for ring in RADAR_RINGS]
    ends = _shift(radar_points(dict.fromkeys(ASPECTS, 1.0), centre=0.0, radius=r), cx, cy)
    axes = [(cx, cy, x, y) for x, y in ends]
    gap = 10.0
    label_at = [
        (cx, cy - r - gap, "middle"),
        (cx + r + gap, cy + 4, "start"),
        (cx, cy + r + gap + 10, "middle"),
        (cx - r - gap, cy + 4, "end"),
    ]
    labels = [
        (aspect, x, y, anchor) for aspect, (x, y, anchor) in zip(ASPECTS, label_at, strict=True)
    ]
    return Radar(
        width=RADAR_WIDTH,
        height=RADAR_HEIGHT,
        rings=rings,
        axes=axes,
        labels=labels,
        shape=polygon(levels),
        earlier=polygon(earlier) if earlier else "",
    )


# --- Change over time: one line per aspect -----------------------------------------

TREND_WIDTH = 360
TREND_HEIGHT = 180
TREND_LEFT, TREND_RIGHT, TREND_TOP, TREND_BOTTOM = 42.0, 26.0, 12.0, 30.0


@dataclass(frozen=True)
class Trend:
    width: int
    height: int
    lines: list[tuple[str, str]]  # aspect, polyline points
    dots: list[tuple[str, float, float]]  # aspect, x, y
    ticks: list[tuple[int, float]]  # index of the scan, x
    grid: list[tuple[int, float]]  # level in %, y
    left: float
    right: float
    bottom: float


def trend(series: Sequence[Mapping[str, float | None]]) -> Trend:
    """Lines of each aspect's level over a series of scans (oldest first)."""
    inner_w = TREND_WIDTH - TREND_LEFT - TREND_RIGHT
    inner_h = TREND_HEIGHT - TREND_TOP - TREND_BOTTOM
    count = len(series)

    def x_of(index: int) -> float:
        return round(TREND_LEFT + (inner_w * index / (count - 1) if count > 1 else inner_w / 2), 2)

    def y_of(value: float) -> float:
        return round(TREND_TOP + inner_h * (1.0 - value), 2)

    lines, dots = [], []
    for aspect in ASPECTS:
        points = [
            (x_of(i), y_of(value))
            for i, levels in enumerate(series)
            if (value := levels.get(aspect)) is not None
        ]
        lines.append((aspect, _points_attr(points)))
        dots += [(aspect, x, y) for x, y in points]
    return Trend(
        width=TREND_WIDTH,
        height=TREND_HEIGHT,
        lines=lines,
        dots=dots,
        ticks=[(i, x_of(i)) for i in range(count)],
        grid=[(percent, y_of(percent / 100)) for percent in (0, 50, 100)],
        left=TREND_LEFT,
        right=TREND_WIDTH - TREND_RIGHT,
        bottom=TREND_HEIGHT - TREND_BOTTOM,
    )


# --- The responsibility curve -------------------------------------------------------

CURVE_WIDTH = 360
CURVE_HEIGHT = 220
CURVE_LEFT, CURVE_RIGHT, CURVE_TOP, CURVE_BOTTOM = 36.0, 14.0, 14.0, 34.0


@dataclass(frozen=True)
class Curve:
    width: int
    height: int
    child_area: str  # polygon: the child's share, below the curve
    line: str  # polyline of the curve
    marker: tuple[float, float]  # this child: x, y on the curve
    marker_base: float  # y of the age axis
    age_ticks: list[tuple[int, float]]
    share_ticks: list[tuple[int, float]]
    left: float
    right: float
    top: float
    bottom: float

    @property
    def plot_width(self) -> float:
        return round(self.right - self.left, 2)

    @property
    def plot_height(self) -> float:
        return round(self.bottom - self.top, 2)


def responsibility_curve(age: float, school_kind: str | None) -> Curve:
    inner_w = CURVE_WIDTH - CURVE_LEFT - CURVE_RIGHT
    inner_h = CURVE_HEIGHT - CURVE_TOP - CURVE_BOTTOM
    span = age_model.MAX_AGE - age_model.MIN_AGE

    def x_of(years: float) -> float:
        clamped = min(max(years, age_model.MIN_AGE), age_model.MAX_AGE)
        return round(CURVE_LEFT + inner_w * (clamped - age_model.MIN_AGE) / span, 2)

    def y_of(share: float) -> float:
        return round(CURVE_TOP + inner_h * (1.0 - share), 2)

    points = [(x_of(a), y_of(s)) for a, s in age_model.curve(school_kind, step=0.25)]
    bottom = y_of(0.0)
    area = [(points[0][0], bottom), *points, (points[-1][0], bottom)]
    return Curve(
        width=CURVE_WIDTH,
        height=CURVE_HEIGHT,
        child_area=_points_attr(area),
        line=_points_attr(points),
        marker=(x_of(age), y_of(age_model.child_share(age, school_kind))),
        marker_base=bottom,
        age_ticks=[(a, x_of(a)) for a in range(4, 19, 2)],
        share_ticks=[(p, y_of(p / 100)) for p in (0, 50, 100)],
        left=CURVE_LEFT,
        right=CURVE_WIDTH - CURVE_RIGHT,
        top=CURVE_TOP,
        bottom=bottom,
    )
