"""The triangle geometry, checked by hand and by its properties (hypothesis)."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from driehoek.triangle import geometry
from driehoek.triangle.geometry import Level, Pattern, Shape, growth_space_index, triangle

# Pair scores as respondents produce them: means of 1–5 answers, on a grid of 1/12.
scores = st.integers(min_value=12, max_value=60).map(lambda n: n / 12)
sides = st.floats(min_value=0.01, max_value=1000, allow_nan=False, allow_infinity=False)


def test_the_hand_computed_example_matches():
    # 4, 3, 5 → sides 3, 4, 2; s = 4.5; (s−a)(s−b)(s−c) = 1.5 · 0.5 · 2.5 = 1.875
    result = triangle(4, 3, 5)
    assert result.sides == {"hs": 3.0, "hc": 4.0, "sc": 2.0}
    assert result.area == pytest.approx(math.sqrt(4.5 * 1.875))
    assert result.incircle_radius == pytest.approx(math.sqrt(4.5 * 1.875) / 4.5)
    assert result.growth_space == pytest.approx(math.sqrt(27 * 1.875 / 4.5**3))
    assert result.growth_space == pytest.approx(0.745356, abs=1e-6)
    assert result.level == pytest.approx(4.0)
    assert result.shape == Shape.CHILD_SCHOOL_HOME_DISTANT


def test_the_index_is_the_incircle_over_the_equilateral_incircle():
    result = triangle(4.5, 2.5, 3.0)
    s = result.perimeter / 2
    r_equilateral = s / (3 * math.sqrt(3))
    assert result.growth_space == pytest.approx(result.incircle_radius / r_equilateral)


def test_equal_relations_give_the_ideal_shape_whatever_their_level():
    good, poor = triangle(4.5, 4.5, 4.5), triangle(1.5, 1.5, 1.5)
    assert good.growth_space == poor.growth_space == 1.0
    assert good.shape == poor.shape == Shape.BALANCED
    assert good.level_class == Level.GOOD
    assert poor.level_class == Level.POOR


def test_two_strong_relations_and_a_poor_third_flatten_the_triangle():
    result = triangle(1, 5, 5)  # sides 6, 2, 2: 2 + 2 < 6
    assert result.degenerate
    assert result.growth_space == 0.0
    assert result.area == 0.0
    assert result.incircle_radius == 0.0
    assert result.loyalty_conflict


def test_exactly_collinear_sides_have_no_growth_space():
    result = triangle(5, 5, 3)  # sides 2, 2, 4
    assert result.degenerate and result.growth_space == 0.0


def test_scores_outside_the_scale_are_refused():
    with pytest.raises(ValueError):
        triangle(0, 3, 3)
    with pytest.raises(ValueError):
        triangle(3, 5.5, 3)
    with pytest.raises(ValueError):
        triangle(3, float("nan"), 3)


@pytest.mark.parametrize(
    ("scores", "shape"),
    [
        ((4, 4, 4), Shape.BALANCED),
        ((4, 3, 3), Shape.BALANCED),
        ((2, 4, 2), Shape.HOME_CHILD_VS_SCHOOL),
        ((4, 2, 2), Shape.HOME_SCHOOL_VS_CHILD),
        ((2, 2, 4), Shape.CHILD_SCHOOL_HOME_DISTANT),
        ((2, 4, 4), Shape.STRETCHED_HOME_SCHOOL),
        ((4, 2, 4), Shape.STRETCHED_HOME_CHILD),
        ((4, 4, 2), Shape.STRETCHED_SCHOOL_CHILD),
    ],
)
def test_each_shape_class_is_reachable(scores, shape):
    assert triangle(*scores).shape == shape


@pytest.mark.parametrize(
    ("scores", "pattern", "balanced"),
    [
        ((4, 4, 4), Pattern.ALL_POSITIVE, True),
        ((2, 4, 2), Pattern.TWO_AGAINST_ONE, True),
        ((4, 2, 2), Pattern.TWO_AGAINST_ONE, True),
        ((2, 4, 4), Pattern.LOYALTY_CONFLICT, False),
        ((4, 4, 2), Pattern.STRAINED, False),
        ((2, 2, 2), Pattern.STRAINED, False),
        ((3, 4, 4), Pattern.UNDETERMINED, None),
    ],
)
def test_the_heider_pattern_is_named(scores, pattern, balanced):
    result = triangle(*scores)
    assert result.pattern == pattern
    assert result.heider_balanced is balanced
    assert result.loyalty_conflict == (pattern == Pattern.LOYALTY_CONFLICT)


def test_a_relation_within_a_quarter_point_of_neutral_has_no_sign():
    assert geometry.sign_of(3.25) == "0"
    assert geometry.sign_of(2.75) == "0"
    assert geometry.sign_of(3.26) == "+"
    assert geometry.sign_of(2.74) == "-"


@given(sides, sides, sides)
def test_the_index_lies_between_zero_and_one(a, b, c):
    assert 0.0 <= growth_space_index(a, b, c) <= 1.0


@given(sides, sides, sides)
def test_the_index_is_one_only_for_equal_sides(a, b, c):
    assert (growth_space_index(a, b, c) == 1.0) == (a == b == c)


@given(sides)
def test_equal_sides_give_exactly_one(a):
    assert growth_space_index(a, a, a) == 1.0


@given(sides, sides, sides, st.floats(min_value=0.01, max_value=100))
def test_the_index_does_not_change_with_scale(a, b, c, k):
    assert growth_space_index(k * a, k * b, k * c) == pytest.approx(
        growth_space_index(a, b, c), abs=1e-9
    )


@given(sides, sides, sides)
def test_the_index_does_not_depend_on_the_order_of_the_sides(a, b, c):
    expected = growth_space_index(a, b, c)
    for order in ((b, c, a), (c, a, b), (b, a, c), (a, c, b), (c, b, a)):
        assert growth_space_index(*order) == pytest.approx(expected, abs=1e-12)


@given(scores, scores, scores)
def test_swapping_home_and_school_mirrors_the_shape(hs, hc, sc):
    """Exchanging the roles of home and school swaps hc and sc; the named shape follows."""
    mirror = {
        Shape.BALANCED: Shape.BALANCED,
        Shape.HOME_CHILD_VS_SCHOOL: Shape.CHILD_SCHOOL_HOME_DISTANT,
        Shape.CHILD_SCHOOL_HOME_DISTANT: Shape.HOME_CHILD_VS_SCHOOL,
        Shape.HOME_SCHOOL_VS_CHILD: Shape.HOME_SCHOOL_VS_CHILD,
        Shape.STRETCHED_HOME_SCHOOL: Shape.STRETCHED_HOME_SCHOOL,
        Shape.STRETCHED_HOME_CHILD: Shape.STRETCHED_SCHOOL_CHILD,
        Shape.STRETCHED_SCHOOL_CHILD: Shape.STRETCHED_HOME_CHILD,
    }
    assume(hc != sc)  # a tie is broken in a fixed order; mirroring it means nothing
    original, swapped = triangle(hs, hc, sc), triangle(hs, sc, hc)
    assert swapped.growth_space == pytest.approx(original.growth_space, abs=1e-12)
    assert swapped.level == pytest.approx(original.level)
    assert swapped.shape == mirror[original.shape]


@given(scores, scores, scores)
def test_the_shape_is_balanced_exactly_when_the_index_is_high(hs, hc, sc):
    result = triangle(hs, hc, sc)
    assert (result.shape == Shape.BALANCED) == (result.growth_space >= geometry.BALANCED_FROM)


@given(scores, scores, scores)
def test_a_stronger_relation_is_a_shorter_side(hs, hc, sc):
    result = triangle(hs, hc, sc)
    for pair in geometry.PAIRS:
        assert result.sides[pair] == pytest.approx(7 - result.scores[pair])
    assert result.degenerate == (result.growth_space == 0.0)


@settings(max_examples=50)
@given(scores, scores, scores)
def test_the_drawing_has_its_circle_inside_the_triangle(hs, hc, sc):
    result = triangle(hs, hc, sc)
    drawing = geometry.layout(result.sides, width=200, height=180, margin=10)
    for corner in (drawing.home, drawing.school, drawing.child):
        assert -0.01 <= corner.x <= 200.01 and -0.01 <= corner.y <= 180.01
    if result.degenerate:
        assert drawing.radius == 0.0
    else:
        # (A nearly flat triangle's circle may round to 0 px in the drawing.)
        assert result.area > 0 and drawing.radius >= 0
        assert drawing.centre.y + drawing.radius <= drawing.home.y + 0.05
