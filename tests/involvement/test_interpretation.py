"""involvement.interpretation: the same answers mean different things at 9 and at 15."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from driehoek.involvement import content, interpretation, scoring

QUESTIONNAIRE = scoring.questionnaire_from_data(content.scan_data())

#: A warm, encouraging parent who also checks, explains and plans most of the homework.
HANDS_ON = {
    **{item.key: 1 if item.reverse else 4 for item in QUESTIONNAIRE.items_of("encouragement")},
    **{item.key: 1 if item.reverse else 4 for item in QUESTIONNAIRE.items_of("conditions")},
    **{item.key: 1 if item.reverse else 4 for item in QUESTIONNAIRE.items_of("development")},
    "dir_check": 5,
    "dir_sit": 4,
    "dir_explain": 4,
    "dir_plan": 4,
    "dir_own": 2,
}


def keys(answers, age, kind):  # type: ignore[no-untyped-def]
    levels = scoring.aspect_levels(QUESTIONNAIRE, answers)
    return interpretation.interpret(levels, age=age, school_kind=kind).keys


def test_hands_on_help_fits_a_nine_year_old_but_is_over_support_at_fifteen():
    at_nine = keys(HANDS_ON, 9, "primary")
    at_fifteen = keys(HANDS_ON, 15, "secondary")
    assert "direct_fits" in at_nine and "over_support" not in at_nine
    assert at_fifteen[0] == "over_support"  # the first thing the parent reads
    assert "direct_fits" not in at_fifteen
    # The rest of the picture is the same at both ages: three strengths.
    strengths = {"strength_encouragement", "strength_conditions", "strength_development"}
    assert strengths <= set(at_nine) and strengths <= set(at_fifteen)


def test_little_hands_on_help_is_room_to_help_at_nine_and_fits_at_fifteen():
    hands_off = {
        **HANDS_ON,
        "dir_check": 1,
        "dir_sit": 1,
        "dir_explain": 2,
        "dir_plan": 1,
        "dir_own": 5,
    }
    assert "room_for_help" in keys(hands_off, 9, "primary")
    assert "direct_fits" in keys(hands_off, 15, "secondary")


def test_low_encouragement_and_interest_are_flagged_at_any_age():
    low = {
        **HANDS_ON,
        "enc_believe": 1,
        "enc_effort": 2,
        "enc_teachers": 2,
        "enc_criticise": 5,
        "enc_future": 1,
        "dev_ask": 2,
        "dev_know": 1,
        "dev_limits": 3,
        "dev_warmth": 3,
        "dev_busy": 5,
    }
    for age, kind in ((6, "primary"), (9, "primary"), (15, "secondary"), (17, "secondary")):
        found = keys(low, age, kind)
        assert "low_encouragement" in found and "low_interest" in found
        assert "strength_encouragement" not in found


def test_weak_conditions_are_flagged():
    weak = {
        **HANDS_ON,
        "con_place": 1,
        "con_materials": 2,
        "con_sleep": 2,
        "con_rush": 5,
        "con_bond": 3,
    }
    assert "low_conditions" in keys(weak, 12, None)


def test_an_unanswered_aspect_gives_no_finding_about_it():
    result = interpretation.interpret(
        {"encouragement": None, "conditions": None, "development": None, "direct": None}, age=10
    )
    assert result.findings == () and result.direct_gap is None


def test_the_interpretation_carries_the_age_models_shares():
    result = interpretation.interpret({"direct": 0.5}, age=12)
    assert result.child_share == 0.5 and result.parent_share == 0.5
    assert result.direct_gap == 0.0


@given(
    st.fixed_dictionaries(
        {aspect: st.one_of(st.none(), st.floats(0, 1)) for aspect in scoring.ASPECTS}
    ),
    st.floats(4, 18),
    st.sampled_from([None, "primary", "secondary"]),
)
def test_every_finding_has_a_text_and_attention_comes_first(levels, age, kind):
    result = interpretation.interpret(levels, age=age, school_kind=kind)
    texts = content.findings_data()
    assert all(key in texts for key in result.keys)
    kinds = [finding.kind for finding in result.findings]
    assert kinds == sorted(kinds, key=["attention", "fits", "strength"].index)
    # At most one verdict about hands-on help.
    direct = {"over_support", "room_for_help", "direct_fits"}
    assert len(direct & set(result.keys)) == (0 if levels["direct"] is None else 1)


def test_an_unknown_age_leaves_out_the_age_verdict_but_keeps_the_other_findings():
    levels = scoring.aspect_levels(QUESTIONNAIRE, HANDS_ON)
    unknown = interpretation.interpret(levels, age=None, school_kind="secondary")
    assert unknown.age is None
    assert (unknown.child_share, unknown.parent_share, unknown.direct_gap) == (None, None, None)
    assert not {"over_support", "room_for_help", "direct_fits"} & set(unknown.keys)
    assert set(unknown.keys) == {
        "strength_encouragement",
        "strength_conditions",
        "strength_development",
    }
