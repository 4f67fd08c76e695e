"""involvement.age_model: the documented properties of the responsibility curve."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from driehoek.involvement import age_model

AGES = st.floats(min_value=0, max_value=30, allow_nan=False)
KINDS = st.sampled_from([None, "primary", "secondary"])


@given(AGES, AGES, KINDS)
def test_the_childs_share_never_falls_as_the_child_grows(a, b, kind):
    young, old = sorted((a, b))
    assert age_model.child_share(young, kind) <= age_model.child_share(old, kind)


@given(AGES, KINDS)
def test_the_shares_are_bounded_and_add_up_to_one(age, kind):
    child = age_model.child_share(age, kind)
    assert age_model.FLOOR <= child <= age_model.CEILING
    assert 0 < child < 1
    assert child + age_model.parent_share(age, kind) == pytest.approx(1.0)


@given(st.floats(min_value=4, max_value=17.5, allow_nan=False), KINDS)
def test_the_curve_is_strictly_rising_between_four_and_eighteen(age, kind):
    assert age_model.child_share(age, kind) < age_model.child_share(age + 0.5, kind)


def test_the_documented_values():
    assert age_model.child_share(4) == pytest.approx(0.06, abs=0.01)
    assert age_model.child_share(9) == pytest.approx(0.20, abs=0.01)
    assert age_model.child_share(12) == pytest.approx(0.5)
    assert age_model.child_share(15) == pytest.approx(0.80, abs=0.01)
    assert age_model.child_share(18) == pytest.approx(0.92, abs=0.01)


def test_ages_outside_four_to_eighteen_are_clamped():
    assert age_model.child_share(1) == age_model.child_share(4)
    assert age_model.child_share(25) == age_model.child_share(18)


def test_secondary_school_expects_a_little_more_of_the_child_than_primary_at_the_same_age():
    for age in (10, 11, 12, 13):
        primary = age_model.child_share(age, "primary")
        secondary = age_model.child_share(age, "secondary")
        assert primary < age_model.child_share(age) < secondary


def test_the_curve_runs_from_four_to_eighteen():
    points = age_model.curve(step=0.5)
    assert points[0][0] == 4 and points[-1][0] == 18 and len(points) == 29


def test_the_research_figures_are_the_cited_ones():
    figures = {(f.age, f.parents, f.school) for f in age_model.RESEARCH_FIGURES}
    assert figures == {(11, 0.27, 0.21), (16, 0.14, 0.51)}


def test_age_in_years_counts_whole_months():
    assert age_model.age_in_years((2017, 3, 14), (2026, 11, 29)) == pytest.approx(9 + 8 / 12)
    assert age_model.age_in_years((2017, 3, 30), (2026, 11, 29)) == pytest.approx(9 + 7 / 12)
