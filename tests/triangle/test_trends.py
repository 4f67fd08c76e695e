"""Aggregates per class and per school (`triangle/trends.py`, no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from driehoek.triangle.trends import SMALL_GROUP, Record, distribution_bar, line, summarise


def test_the_means_are_the_hand_computed_means_over_complete_triangles_only():
    records = [
        Record("balanced", 0.9, 4.0),
        Record("home_child_vs_school", 0.6, 3.0),
        Record("home_child_vs_school", 0.3, 2.0),
        Record("insufficient", None, None),
    ]
    summary = summarise(records, students=5)
    # (0.9 + 0.6 + 0.3) / 3 = 0.6 ; (4 + 3 + 2) / 3 = 3.0 ; 3 of 5 complete
    assert summary.mean_index == pytest.approx(0.6)
    assert summary.mean_level == pytest.approx(3.0)
    assert summary.complete == 3
    assert summary.response_rate == pytest.approx(0.6)
    assert summary.shapes["balanced"] == 1
    assert summary.shapes["home_child_vs_school"] == 2
    assert "insufficient" not in summary.shapes


def test_a_group_with_too_few_complete_triangles_shows_no_means_and_no_shapes():
    records = [Record("balanced", 1.0, 4.0)] * (SMALL_GROUP - 1)
    summary = summarise(records, students=10)
    assert summary.mean_index is None and summary.mean_level is None
    assert summary.shapes == {}
    assert summary.suppressed
    assert summary.complete == SMALL_GROUP - 1


def test_an_empty_class_has_no_response_rate():
    assert summarise([], students=0).response_rate is None


@given(st.dictionaries(st.sampled_from(["balanced", "home_school_vs_child"]), st.integers(0, 30)))
def test_the_shape_bar_fills_its_width_in_proportion(shapes):
    segments = distribution_bar(shapes, width=120)
    total = sum(shapes.values())
    if not total:
        assert segments == []
        return
    assert sum(s.width for s in segments) == pytest.approx(120, abs=0.2)
    for segment in segments:
        assert segment.width == pytest.approx(120 * shapes[segment.shape] / total, abs=0.1)


def test_the_line_puts_the_low_end_at_the_bottom_and_skips_suppressed_rounds():
    points, polyline = line([("a", 0.0), ("b", None), ("c", 1.0)], low=0.0, high=1.0)
    assert [p.label for p in points] == ["a", "c"]
    assert points[0].y == 76 and points[1].y == 14  # height 90, margin 14
    assert points[0].x == 14 and points[1].x == 286  # "b" keeps its place in between
    assert polyline == "14.0,76.0 286.0,14.0"
