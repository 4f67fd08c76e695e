"""The balance maths (messaging.balance, no Django): suggestions, the nudge against
hand-built histories, months and the picture's geometry."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from driehoek.messaging.balance import (
    ASKS,
    GIVES,
    Kind,
    Nudge,
    Tilt,
    chart,
    monthly_balance,
    nudge_for,
    suggest_kind,
    tilt,
)

A, INFO, Q, C, R = Kind.APPRECIATION, Kind.INFORMATION, Kind.QUESTION, Kind.CONCERN, Kind.REQUEST


# --- Suggestions: only where obvious


def test_thanks_in_the_opening_suggests_appreciation_even_with_a_question_after_it():
    text = "Dank u wel voor het fijne gesprek. Kunt u de toetsdata nog sturen?"
    assert suggest_kind(text) == A


def test_a_worry_suggests_a_concern():
    assert suggest_kind("Ik maak me zorgen over haar cijfers voor wiskunde.") == C


def test_a_polite_request_suggests_a_request():
    assert suggest_kind("Zou u het huiswerk voor volgende week kunnen doorsturen") == R


def test_a_plain_question_mark_suggests_a_question():
    assert suggest_kind("Wanneer is de ouderavond?") == Q


def test_information_is_suggested():
    assert suggest_kind("Ter info: Daan heeft donderdag een afspraak bij de tandarts.") == INFO


def test_english_works_too():
    assert suggest_kind("Thanks for the lovely trip last week!") == A


def test_nothing_obvious_suggests_nothing():
    assert suggest_kind("Morgen neemt hij zijn gymspullen mee") is None
    assert suggest_kind("") is None
    # Two signals, neither in the opening sentence as thanks: the writer decides.
    assert suggest_kind("Ik ben bezorgd. Zou u mij willen bellen?") is None


@given(st.text(max_size=300))
def test_a_suggestion_is_a_kind_or_nothing(text):
    assert suggest_kind(text) in (None, *Kind)


# --- The nudge, against hand-built histories (oldest first)


def test_four_questions_in_a_row_earn_a_nudge():
    assert nudge_for([Q, R, Q, Q]) == Nudge.ONLY_ASKED


def test_four_concerns_in_a_row_earn_the_concerns_nudge():
    assert nudge_for([A, C, C, C, C]) == Nudge.ONLY_CONCERNS


def test_one_appreciation_among_the_last_four_is_enough():
    assert nudge_for([Q, A, Q, Q]) is None
    assert nudge_for([Q, Q, Q, INFO]) is None


def test_older_appreciation_does_not_count_for_the_latest_four():
    assert nudge_for([A, A, Q, C, R, Q]) == Nudge.ONLY_ASKED


def test_too_few_contacts_is_not_a_pattern():
    assert nudge_for([C, C, C]) is None
    assert nudge_for([]) is None


@given(st.lists(st.sampled_from(list(Kind)), max_size=12))
def test_the_nudge_only_comes_when_the_latest_window_gives_nothing(history):
    nudge = nudge_for(history)
    if nudge is not None:
        assert len(history) >= 4 and not set(history[-4:]) & GIVES
    elif len(history) >= 4:
        assert set(history[-4:]) & GIVES


# --- Balance over time and the picture


def test_months_count_gives_and_asks_and_skip_older_months():
    day = datetime.date
    entries = [(day(2026, 11, 3), A), (day(2026, 11, 20), Q), (day(2026, 9, 1), C)]
    entries.append((day(2025, 1, 1), A))  # too old
    months = monthly_balance(entries, until=day(2026, 11, 29), months=3)
    assert [(m.month, m.gives, m.asks) for m in months] == [
        (day(2026, 9, 1), 0, 1),
        (day(2026, 10, 1), 0, 0),
        (day(2026, 11, 1), 1, 1),
    ]


def test_months_cross_the_new_year():
    months = monthly_balance([], until=datetime.date(2027, 2, 10), months=4)
    assert [m.month for m in months][0] == datetime.date(2026, 11, 1)


def test_tilt():
    assert tilt(0, 0) == Tilt.NONE
    assert tilt(0, 3) == Tilt.BALANCED  # too few to speak of a tilt
    assert tilt(1, 3) == Tilt.MOSTLY_ASKS
    assert tilt(4, 1) == Tilt.MOSTLY_GIVES
    assert tilt(2, 2) == Tilt.BALANCED


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=1, max_size=12))
def test_bars_stay_inside_the_picture(counts):
    months = monthly_balance([], until=datetime.date(2026, 11, 1), months=len(counts))
    months = [type(m)(m.month, g, a) for m, (g, a) in zip(months, counts, strict=True)]
    picture = chart(months)
    for bar in picture.bars:
        assert 0 <= bar.gives_y <= picture.middle <= bar.asks_y
        assert bar.asks_y + bar.asks_height <= picture.height
        assert bar.x >= 0 and bar.x + bar.width <= picture.width + 0.1


def test_gives_and_asks_partition_the_kinds():
    assert set(Kind) == GIVES | ASKS and not GIVES & ASKS
