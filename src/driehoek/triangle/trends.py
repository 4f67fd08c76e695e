"""Aggregates of triangle results for a class or a school, per round. No Django here.

Only aggregates leave this module: the mean growth-space index, the mean level, how
many triangles of each shape class, and the share of students with a complete triangle.
A group with fewer than `SMALL_GROUP` complete triangles gets no means and no shape
counts, so a mean can never be one child's (or two children's) triangle in disguise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

#: Fewer complete triangles than this: no means, no shape counts (privacy).
SMALL_GROUP = 3

#: Shape classes in the order they are drawn (balanced first).
SHAPE_ORDER = (
    "balanced",
    "home_child_vs_school",
    "home_school_vs_child",
    "child_school_home_distant",
    "stretched_home_school",
    "stretched_home_child",
    "stretched_school_child",
)


@dataclass(frozen=True)
class Record:
    """One child's result in one round (complete or not)."""

    shape: str
    growth_space: float | None
    level: float | None

    @property
    def complete(self) -> bool:
        return self.shape != "insufficient" and self.growth_space is not None


@dataclass(frozen=True)
class Summary:
    students: int  # asked about
    complete: int  # triangles with all three voices
    mean_index: float | None
    mean_level: float | None
    shapes: dict[str, int] = field(default_factory=dict)

    @property
    def response_rate(self) -> float | None:
        """Share of the students asked about with a complete triangle."""
        return self.complete / self.students if self.students else None

    @property
    def suppressed(self) -> bool:
        return 0 < self.complete < SMALL_GROUP


def summarise(records: Iterable[Record], *, students: int) -> Summary:
    """Aggregate the results of one group in one round. `students` is how many were asked."""
    complete = [r for r in records if r.complete]
    if len(complete) < SMALL_GROUP:
        return Summary(students=students, complete=len(complete), mean_index=None, mean_level=None)
    shapes = {shape: 0 for shape in SHAPE_ORDER}
    for record in complete:
        shapes[record.shape] = shapes.get(record.shape, 0) + 1
    levels = [r.level for r in complete if r.level is not None]
    return Summary(
        students=students,
        complete=len(complete),
        mean_index=sum(r.growth_space or 0.0 for r in complete) / len(complete),
        mean_level=sum(levels) / len(levels) if levels else None,
        shapes=shapes,
    )


@dataclass(frozen=True)
class Segment:
    shape: str
    count: int
    x: float
    width: float


def distribution_bar(shapes: dict[str, int], *, width: float = 300) -> list[Segment]:
    """A stacked bar: one segment per shape class present, widths proportional to counts."""
    total = sum(shapes.values())
    if not total:
        return []
    segments, x = [], 0.0
    for shape in SHAPE_ORDER:
        count = shapes.get(shape, 0)
        if count:
            w = round(width * count / total, 1)
            segments.append(Segment(shape, count, round(x, 1), w))
            x += width * count / total
    return segments


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    label: str


def line(
    values: Sequence[tuple[str, float | None]],
    *,
    low: float,
    high: float,
    width: int = 300,
    height: int = 90,
    margin: int = 14,
) -> tuple[list[Point], str]:
    """Points and a polyline for values on [low, high] (low at the bottom); rounds without
    a value (too few triangles) keep their place on the x-axis but get no point."""
    if not values:
        return [], ""
    step = (width - 2 * margin) / max(1, len(values) - 1)
    points = []
    for i, (label, value) in enumerate(values):
        if value is None:
            continue
        share = (min(max(value, low), high) - low) / (high - low)
        points.append(
            Point(
                x=round(margin + i * step if len(values) > 1 else width / 2, 1),
                y=round(height - margin - share * (height - 2 * margin), 1),
                value=value,
                label=label,
            )
        )
    return points, " ".join(f"{p.x},{p.y}" for p in points)
