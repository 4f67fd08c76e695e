"""involvement.scoring: the four aspect scores, checked against sums done by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from driehoek.involvement import content, scoring

QUESTIONNAIRE = scoring.questionnaire_from_data(content.scan_data())


def test_the_questionnaire_has_four_to_six_items_per_aspect_and_some_reverse_keyed():
    for aspect in scoring.ASPECTS:
        items = QUESTIONNAIRE.items_of(aspect)
        assert 4 <= len(items) <= 6, aspect
        assert any(item.reverse for item in items), aspect
    assert QUESTIONNAIRE.version == "2026.1"


def test_a_reverse_keyed_item_is_turned_round():
    item = scoring.Item("x", "encouragement", reverse=True)
    assert [scoring.item_score(item, answer) for answer in (1, 2, 3, 4, 5)] == [5, 4, 3, 2, 1]
    plain = scoring.Item("y", "encouragement")
    assert [scoring.item_score(plain, answer) for answer in (1, 2, 3, 4, 5)] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("answer", [0, 6, -1, "3", 2.5, True, None])
def test_an_answer_off_the_scale_is_refused(answer):
    with pytest.raises(ValueError):
        scoring.item_score(scoring.Item("x", "direct"), answer)


def test_a_hand_computed_example():
    answers = {
        # encouragement: 5 + 4 + 4 + (6 - 2) + 3 = 20 over 5 items = 4.0
        "enc_believe": 5,
        "enc_effort": 4,
        "enc_teachers": 4,
        "enc_criticise": 2,
        "enc_future": 3,
        # conditions: 5 + 5 + 4 + (6 - 5) + 4 = 19 over 5 items = 3.8
        "con_place": 5,
        "con_materials": 5,
        "con_sleep": 4,
        "con_rush": 5,
        "con_bond": 4,
        # development, half answered: 2 + (6 - 4) = 4 over 2 items = 2.0
        "dev_ask": 2,
        "dev_busy": 4,
        # direct: nothing answered -> no score
        # noise that must be ignored: an unknown item and an answer off the scale
        "unknown_item": 5,
        "dir_check": 9,
    }
    assert scoring.aspect_means(QUESTIONNAIRE, answers) == {
        "encouragement": 4.0,
        "conditions": 3.8,
        "development": 2.0,
        "direct": None,
    }
    # level = (mean - 1) / 4
    assert scoring.aspect_levels(QUESTIONNAIRE, answers) == {
        "encouragement": 0.75,
        "conditions": 0.7,
        "development": 0.25,
        "direct": None,
    }
    assert scoring.progress(QUESTIONNAIRE, answers) == (12, 20)
    assert not scoring.is_complete(QUESTIONNAIRE, answers)


def test_all_middle_answers_give_the_middle_level_everywhere():
    answers = {item.key: 3 for item in QUESTIONNAIRE.items}
    assert scoring.is_complete(QUESTIONNAIRE, answers)
    assert set(scoring.aspect_levels(QUESTIONNAIRE, answers).values()) == {0.5}


def test_the_most_involved_answers_give_the_top_level():
    answers = {item.key: 1 if item.reverse else 5 for item in QUESTIONNAIRE.items}
    assert set(scoring.aspect_levels(QUESTIONNAIRE, answers).values()) == {1.0}


def test_changes_between_two_scans():
    earlier = {"encouragement": 0.5, "conditions": 0.75, "development": None, "direct": 1.0}
    later = {"encouragement": 0.75, "conditions": 0.5, "development": 0.5, "direct": 0.25}
    assert scoring.changes(earlier, later) == {
        "encouragement": 0.25,
        "conditions": -0.25,
        "development": None,
        "direct": -0.75,
    }


def test_radar_points_go_up_right_down_left():
    levels = {"encouragement": 1.0, "conditions": 0.5, "development": 0.0, "direct": None}
    assert scoring.radar_points(levels, centre=100, radius=80) == [
        (100, 20),
        (140, 100),
        (100, 100),
        (100, 100),
    ]


@given(st.dictionaries(st.sampled_from([i.key for i in QUESTIONNAIRE.items]), st.integers(1, 5)))
def test_every_level_stays_between_zero_and_one(answers):
    for value in scoring.aspect_levels(QUESTIONNAIRE, answers).values():
        assert value is None or 0.0 <= value <= 1.0


def test_duplicate_item_keys_or_unknown_aspects_are_refused():
    with pytest.raises(ValueError):
        scoring.questionnaire_from_data(
            {"version": "x", "items": [{"key": "a", "aspect": "direct"}] * 2}
        )
    with pytest.raises(ValueError):
        scoring.questionnaire_from_data(
            {"version": "x", "items": [{"key": "a", "aspect": "homework"}]}
        )
