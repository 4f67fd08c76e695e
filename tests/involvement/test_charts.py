"""involvement.charts: every drawn point stays inside its picture."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from driehoek.involvement import charts
from driehoek.involvement.scoring import ASPECTS

LEVELS = st.fixed_dictionaries(
    {aspect: st.one_of(st.none(), st.floats(0, 1)) for aspect in ASPECTS}
)


def points(attr: str) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in attr.split()]  # type: ignore[misc]


@given(LEVELS, st.one_of(st.none(), LEVELS))
def test_the_radar_stays_inside_its_rings(levels, earlier):
    radar = charts.radar(levels, earlier)
    cx, cy = charts.RADAR_CENTRE
    for x, y in points(radar.shape) + (points(radar.earlier) if radar.earlier else []):
        assert abs(x - cx) + abs(y - cy) <= charts.RADAR_RADIUS + 0.01
    assert bool(radar.earlier) == bool(earlier)


def test_the_radar_puts_a_full_score_on_the_outer_ring():
    radar = charts.radar(dict.fromkeys(ASPECTS, 1.0), None)
    assert radar.shape == radar.rings[-1]


@given(st.lists(LEVELS, min_size=1, max_size=12))
def test_the_trend_stays_inside_its_axes(series):
    trend = charts.trend(series)
    for _aspect, x, y in trend.dots:
        assert trend.left <= x <= trend.right
        assert charts.TREND_TOP <= y <= trend.bottom
    assert len(trend.ticks) == len(series)


@given(st.floats(0, 30), st.sampled_from([None, "primary", "secondary"]))
def test_the_childs_age_is_marked_on_the_curve(age, kind):
    curve = charts.responsibility_curve(age, kind)
    x, y = curve.marker
    assert curve.left <= x <= curve.right and curve.top <= y <= curve.bottom
    line = points(curve.line)
    assert line[0][0] == curve.left and line[-1][0] == curve.right
    # The line rises: the child's share (up is less y) never falls with age.
    assert all(b[1] <= a[1] for a, b in zip(line, line[1:], strict=False))
