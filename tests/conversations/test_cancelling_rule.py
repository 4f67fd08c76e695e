"""The family's cut-off for cancelling, tested directly (no database)."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from driehoek.conversations.cancelling import (
    FAMILY_CANCEL_CUTOFF,
    family_cancel_deadline,
    family_may_cancel,
)

UTC = datetime.UTC
START = datetime.datetime(2027, 1, 19, 19, 0, tzinfo=UTC)


def test_a_family_may_cancel_up_to_and_at_a_day_before_but_not_after():
    assert family_may_cancel(starts_at=START, now=START - datetime.timedelta(days=3))
    assert family_may_cancel(starts_at=START, now=START - FAMILY_CANCEL_CUTOFF)
    assert not family_may_cancel(
        starts_at=START, now=START - FAMILY_CANCEL_CUTOFF + datetime.timedelta(seconds=1)
    )
    assert not family_may_cancel(starts_at=START, now=START + datetime.timedelta(hours=1))


@given(st.integers(min_value=-10_000, max_value=10_000))
def test_cancelling_is_allowed_exactly_when_now_is_not_after_the_deadline(minutes):
    now = START + datetime.timedelta(minutes=minutes)
    assert family_may_cancel(starts_at=START, now=now) == (now <= family_cancel_deadline(START))
