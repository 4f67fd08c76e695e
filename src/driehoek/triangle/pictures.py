"""Coordinates for the SVG pictures (the templates draw them). No Django here."""

from __future__ import annotations

from dataclasses import dataclass

from driehoek.triangle.geometry import Drawing, layout


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    drawing: Drawing
    points: str  # for <polygon points="…">

    @property
    def has_circle(self) -> bool:
        return self.drawing.radius > 0


def picture(
    sides: dict[str, float], *, width: int = 300, height: int = 250, margin: int = 36
) -> Picture:
    drawing = layout(sides, width=width, height=height, margin=margin)
    corners = (drawing.home, drawing.school, drawing.child)
    points = " ".join(f"{p.x},{p.y}" for p in corners)
    return Picture(width, height, drawing, points)


@dataclass(frozen=True)
class TrendPoint:
    x: float
    y: float
    value: float
    label: str


def trend_line(
    values: list[tuple[str, float]], *, width: int = 300, height: int = 90, margin: int = 14
) -> tuple[list[TrendPoint], str]:
    """The growth-space index over rounds as points and a polyline (0 at the bottom, 1 on top)."""
    if not values:
        return [], ""
    step = (width - 2 * margin) / max(1, len(values) - 1)
    points = [
        TrendPoint(
            x=round(margin + i * step if len(values) > 1 else width / 2, 1),
            y=round(height - margin - value * (height - 2 * margin), 1),
            value=value,
            label=label,
        )
        for i, (label, value) in enumerate(values)
    ]
    return points, " ".join(f"{p.x},{p.y}" for p in points)
