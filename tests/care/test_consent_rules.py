"""The consent rules as a matrix, without Django (driehoek.care.consent_rules)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from driehoek.care.consent_rules import (
    Answer,
    GuardianLink,
    Reply,
    StudentRule,
    guest_may_read,
    required_parties,
    share_decision,
    student_rule,
)

TODAY = datetime.date(2027, 2, 1)
NOW = datetime.datetime(2027, 2, 1, 12, 0)
EVA, MARK, STUDENT = "guardian:1", "guardian:2", "student"
UNTIL = datetime.date(2027, 6, 30)


def at(days: int) -> datetime.datetime:
    return NOW + datetime.timedelta(days=days)


def yes(party: str, days: int = -1, until: datetime.date = UNTIL) -> Reply:
    return Reply(party, Answer.GIVEN, at(days), until)


@pytest.mark.parametrize(
    ("born", "secondary", "rule", "asked"),
    [
        (datetime.date(2011, 2, 1), True, StudentRule.AGE_16_OR_OLDER, True),  # 16 today
        (datetime.date(2011, 2, 2), True, StudentRule.YOUNGER_THAN_16, False),  # 16 tomorrow
        (datetime.date(2013, 3, 14), True, StudentRule.YOUNGER_THAN_16, False),
        (None, True, StudentRule.AGE_UNKNOWN_SECONDARY, True),
        (None, False, StudentRule.AGE_UNKNOWN_PRIMARY, False),
    ],
)
def test_the_student_is_asked_from_16_or_when_the_age_is_unknown_at_secondary_school(
    born, secondary, rule, asked
):
    assert student_rule(date_of_birth=born, on=TODAY, secondary_school=secondary) == rule
    parties = required_parties(
        guardians=[GuardianLink(EVA, True)],
        student_party=STUDENT,
        date_of_birth=born,
        on=TODAY,
        secondary_school=secondary,
    )
    assert (STUDENT in parties) is asked


def test_a_guardian_without_the_right_to_information_is_not_asked_and_does_not_count():
    parties = required_parties(
        guardians=[GuardianLink(EVA, True), GuardianLink(MARK, False)],
        student_party=STUDENT,
        date_of_birth=datetime.date(2013, 1, 1),
        on=TODAY,
        secondary_school=True,
    )
    assert parties == frozenset({EVA})
    assert share_decision(required=parties, replies=[yes(EVA)], now=NOW).allowed


BOTH = frozenset({EVA, MARK})
WITH_STUDENT = frozenset({EVA, MARK, STUDENT})

# (name, required, replies, allowed, reason)
MATRIX = [
    ("nobody answered", BOTH, [], False, "waiting"),
    ("one of two parents", BOTH, [yes(EVA)], False, "waiting"),
    ("both parents", BOTH, [yes(EVA), yes(MARK)], True, "consent"),
    ("one parent said no", BOTH, [yes(EVA), Reply(MARK, Answer.REFUSED, at(-1))], False, "refused"),
    (
        "revoked after giving",
        BOTH,
        [yes(EVA, -3), yes(MARK), Reply(EVA, Answer.REVOKED, at(-1))],
        False,
        "revoked",
    ),
    (
        "given again after revoking",
        BOTH,
        [yes(EVA, -5), Reply(EVA, Answer.REVOKED, at(-3)), yes(EVA, -1), yes(MARK)],
        True,
        "consent",
    ),
    (
        "revocation in the future does not count yet",
        BOTH,
        [yes(EVA), yes(MARK), Reply(MARK, Answer.REVOKED, at(1))],
        True,
        "consent",
    ),
    (
        "consent ended yesterday",
        BOTH,
        [yes(EVA), yes(MARK, until=TODAY - datetime.timedelta(days=1))],
        False,
        "expired",
    ),
    ("consent ends today (still valid)", BOTH, [yes(EVA), yes(MARK, until=TODAY)], True, "consent"),
    ("16-year-old not asked yet", WITH_STUDENT, [yes(EVA), yes(MARK)], False, "waiting"),
    (
        "16-year-old consents too",
        WITH_STUDENT,
        [yes(EVA), yes(MARK), yes(STUDENT)],
        True,
        "consent",
    ),
    (
        "16-year-old says no",
        WITH_STUDENT,
        [yes(EVA), yes(MARK), Reply(STUDENT, Answer.REFUSED, at(-1))],
        False,
        "refused",
    ),
    ("nobody can consent", frozenset(), [], False, "nobody_to_consent"),
]


@pytest.mark.parametrize(
    ("name", "required", "replies", "allowed", "reason"), MATRIX, ids=[row[0] for row in MATRIX]
)
def test_share_decision_matrix(name, required, replies, allowed, reason):
    decision = share_decision(required=required, replies=replies, now=NOW)
    assert (decision.allowed, decision.reason) == (allowed, reason)


def test_no_share_without_valid_consent_and_a_withdrawn_request_shares_nothing():
    assert not share_decision(required=BOTH, replies=[], now=NOW).allowed
    decision = share_decision(required=BOTH, replies=[yes(EVA), yes(MARK)], now=NOW, withdrawn=True)
    assert (decision.allowed, decision.reason) == (False, "withdrawn")


def test_revocation_stops_future_shares_but_not_past_ones():
    replies = [yes(EVA, -3), yes(MARK, -3), Reply(MARK, Answer.REVOKED, at(0))]
    assert share_decision(required=BOTH, replies=replies, now=at(-1)).allowed
    assert not share_decision(required=BOTH, replies=replies, now=at(1)).allowed


@pytest.mark.parametrize(
    ("ends", "ended_early", "consent", "may"),
    [
        (TODAY, False, True, True),  # the last day still counts
        (TODAY - datetime.timedelta(days=1), False, True, False),  # access ended
        (TODAY + datetime.timedelta(days=9), True, True, False),  # ended early
        (TODAY + datetime.timedelta(days=9), False, False, False),  # no consent (revoked)
    ],
)
def test_a_guest_expert_reads_only_until_access_ends_and_while_consent_holds(
    ends, ended_early, consent, may
):
    assert (
        guest_may_read(
            access_ends_on=ends, access_ended_early=ended_early, today=TODAY, consent_allows=consent
        )
        is may
    )


parties = st.sampled_from([EVA, MARK, STUDENT])
replies = st.lists(
    st.builds(
        Reply,
        parties,
        st.sampled_from(list(Answer)),
        st.integers(-50, 50).map(at),
        st.one_of(st.none(), st.dates(datetime.date(2026, 1, 1), datetime.date(2028, 1, 1))),
    ),
    max_size=8,
)


@given(replies)
def test_a_share_is_allowed_only_when_every_required_party_last_said_yes(history):
    decision = share_decision(required=WITH_STUDENT, replies=history, now=NOW)
    last = {}
    for reply in sorted(history, key=lambda r: r.at):
        if reply.at <= NOW:
            last[reply.party] = reply
    expected = all(
        p in last
        and last[p].answer == Answer.GIVEN
        and (last[p].until is None or NOW.date() <= last[p].until)
        for p in WITH_STUDENT
    )
    assert decision.allowed is expected
