"""Scoring against a hand-computed example, and the questionnaire data itself."""

from __future__ import annotations

import math

import pytest

from driehoek.triangle import questionnaire as q
from driehoek.triangle.geometry import Shape
from driehoek.triangle.models import Result
from driehoek.triangle.reliability import cronbach_alpha
from tests.triangle.conftest import EVA, MARK, NOOR, SANNE


def test_a_reverse_keyed_item_is_turned_round():
    form = q.questionnaire(q.Kind.GUARDIAN)
    assert form.item("g_hc_conflict").scored(1) == 5
    assert form.item("g_hc_warmth").scored(1) == 1


def test_one_respondents_pair_scores_are_the_means_of_their_items():
    form = q.questionnaire(q.Kind.GUARDIAN)
    assert q.pair_scores(form, EVA) == {"hs": 4.0, "hc": 5.0, "sc": 4.0}
    assert q.pair_scores(form, {"g_hs_trust": 2}) == {"hs": 2.0, "hc": None, "sc": None}


def test_each_household_weighs_the_same_and_a_view_counts_half():
    guardian = q.questionnaire(q.Kind.GUARDIAN)
    voices = q.voice_scores(
        [
            q.VoiceScores(q.Voice.HOME, q.pair_scores(guardian, EVA), household=1),
            q.VoiceScores(q.Voice.HOME, q.pair_scores(guardian, MARK), household=2),
            q.VoiceScores(
                q.Voice.CHILD,
                q.pair_scores(q.questionnaire(q.Kind.STUDENT_SECONDARY), NOOR),
            ),
            q.VoiceScores(q.Voice.SCHOOL, q.pair_scores(q.questionnaire(q.Kind.MENTOR), SANNE)),
        ]
    )
    assert voices[q.Voice.HOME] == {"hs": 3.5, "hc": 4.0, "sc": 3.5}
    combined = q.combine(voices)
    # hs = (home 3.5 + school 2 + ½·child 2) / 2.5
    assert combined["hs"] == pytest.approx((3.5 + 2 + 0.5 * 2) / 2.5)  # 2.6
    # hc = (home 4 + child 4 + ½·school 4) / 2.5
    assert combined["hc"] == pytest.approx(4.0)
    # sc = (school 4 + child 5 + ½·home 3.5) / 2.5
    assert combined["sc"] == pytest.approx((4 + 5 + 0.5 * 3.5) / 2.5)  # 4.3
    assert q.missing_voices(voices) == []


def test_a_missing_voice_is_named():
    voices = q.voice_scores(
        [q.VoiceScores(q.Voice.HOME, q.pair_scores(q.questionnaire(q.Kind.GUARDIAN), EVA))]
    )
    assert q.missing_voices(voices) == [q.Voice.CHILD, q.Voice.SCHOOL]


def test_the_stored_result_matches_the_hand_computation(personas, everyone_answered):
    result = Result.objects.get(round=everyone_answered, student=personas.student)
    assert (result.score_hs, result.score_hc, result.score_sc) == pytest.approx((2.6, 4.0, 4.3))
    assert (result.side_hs, result.side_hc, result.side_sc) == pytest.approx((4.4, 3.0, 2.7))
    s = (4.4 + 3.0 + 2.7) / 2  # 5.05
    expected = math.sqrt(27 * (s - 4.4) * (s - 3.0) * (s - 2.7) / s**3)
    assert result.growth_space == pytest.approx(expected)
    assert result.growth_space == pytest.approx(0.8102, abs=1e-4)
    assert result.level == pytest.approx((2.6 + 4.0 + 4.3) / 3)
    # Home and school far apart, the child close to both: stretched, a loyalty conflict.
    assert result.shape == Shape.STRETCHED_HOME_SCHOOL
    assert result.loyalty_conflict
    assert result.voices == ["child", "home", "school"]


def test_without_the_mentor_the_result_is_insufficient(personas, open_round, fill):
    fill(open_round, personas.student, personas.guardian, EVA)
    response = fill(open_round, personas.student, personas.student_user, NOOR)
    result = Result.objects.get(round=open_round, student=response.student)
    assert result.shape == Shape.INSUFFICIENT
    assert result.growth_space is None
    assert result.voices == ["child", "home"]


@pytest.mark.parametrize("kind", list(q.Kind))
def test_every_questionnaire_has_five_to_eight_items_on_all_three_pairs(kind):
    form = q.questionnaire(kind)
    assert 5 <= len(form.items) <= 8
    assert {item.pair for item in form.items} == {"hs", "hc", "sc"}
    assert len({item.key for item in form.items}) == len(form.items)
    for item in form.items:
        assert item.en and item.nl and item.en != item.nl
        # Conflict items are reverse-keyed, and only they are.
        assert item.reverse == (item.construct == "conflict")


def test_the_version_on_file_is_the_current_one():
    assert q.CURRENT_VERSION in q.versions()
    with pytest.raises(KeyError):
        q.load("1999.1")


def test_cronbach_alpha_matches_a_hand_computed_example():
    # Three items, four respondents. Sample variances (n − 1) of the items: 2/3, 11/12,
    # 11/12 (sum 5/2); of the totals 3, 6, 9, 6: 6. α = 3/2 · (1 − (5/2)/6) = 0.875.
    rows = [[1, 1, 1], [2, 2, 2], [3, 3, 3], [2, 1, 3]]
    assert cronbach_alpha(rows) == pytest.approx(1.5 * (1 - 2.5 / 6))
    assert cronbach_alpha(rows) == pytest.approx(0.875)


def test_cronbach_alpha_is_unknown_without_variance_or_items():
    assert cronbach_alpha([[3, 3], [3, 3]]) is None
    assert cronbach_alpha([[1], [2]]) is None
    assert cronbach_alpha([[1, 2]]) is None
