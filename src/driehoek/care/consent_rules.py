"""Who must consent before a child's information leaves the school, and whether a share
is allowed at a given moment. Plain Python, no Django: tested as a matrix in
tests/care/test_consent_rules.py.

The rules (docs/care.md):

* Consent is asked per purpose and per recipient (one `ConsentRequest`), never in bulk.
* Every guardian with the right to information must consent. A guardian whose right to
  information is restricted (a court decision) is not asked and does not count.
* The student consents too from 16 (Dutch practice for sharing with care providers).
  When the date of birth is unknown, Driehoek cannot rule out that a secondary-school
  student is 16 or older, so it asks the student as well; a primary-school child is
  never 16, so only the guardians are asked. The page says so, and recording the date of
  birth makes the rule exact.
* Consent has an end date (the day itself included) and can be revoked at any time; the
  last answer of each party counts. A refusal or revocation by one party stops sharing.
* A share is allowed only when, at that moment, every party that must consent has given
  consent that has not ended, and the request itself was not withdrawn. Nothing is
  remembered from an earlier moment: a share tomorrow is checked again tomorrow.
* An external expert (a guest account) reads their case only until their access ends
  AND only while a share to their recipient is allowed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

#: From this age the student's own consent is needed as well.
STUDENT_CONSENT_AGE = 16


class Answer(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    REVOKED = "revoked"


class StudentRule(StrEnum):
    """Why the student is or is not asked."""

    AGE_16_OR_OLDER = "16_or_older"
    YOUNGER_THAN_16 = "younger_than_16"
    AGE_UNKNOWN_SECONDARY = "age_unknown_secondary"
    AGE_UNKNOWN_PRIMARY = "age_unknown_primary"


@dataclass(frozen=True)
class GuardianLink:
    """A guardian of the child, identified by `party` (e.g. their user id)."""

    party: str
    has_right_to_information: bool


@dataclass(frozen=True)
class Reply:
    """One answer a party gave, at a moment; `until` is the last day consent holds."""

    party: str
    answer: Answer
    at: datetime.datetime
    until: datetime.date | None = None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    missing: frozenset[str]  # parties whose valid consent is lacking
    reason: str  # a short machine-readable reason


def age_on(born: datetime.date | None, day: datetime.date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def student_rule(
    *, date_of_birth: datetime.date | None, on: datetime.date, secondary_school: bool
) -> StudentRule:
    age = age_on(date_of_birth, on)
    if age is None:
        return (
            StudentRule.AGE_UNKNOWN_SECONDARY
            if secondary_school
            else StudentRule.AGE_UNKNOWN_PRIMARY
        )
    return (
        StudentRule.AGE_16_OR_OLDER if age >= STUDENT_CONSENT_AGE else StudentRule.YOUNGER_THAN_16
    )


def student_must_consent(
    *, date_of_birth: datetime.date | None, on: datetime.date, secondary_school: bool
) -> bool:
    rule = student_rule(date_of_birth=date_of_birth, on=on, secondary_school=secondary_school)
    return rule in (StudentRule.AGE_16_OR_OLDER, StudentRule.AGE_UNKNOWN_SECONDARY)


def required_parties(
    *,
    guardians: Iterable[GuardianLink],
    student_party: str,
    date_of_birth: datetime.date | None,
    on: datetime.date,
    secondary_school: bool,
) -> frozenset[str]:
    """Everyone whose consent is needed on day `on`."""
    parties = {link.party for link in guardians if link.has_right_to_information}
    if student_must_consent(date_of_birth=date_of_birth, on=on, secondary_school=secondary_school):
        parties.add(student_party)
    return frozenset(parties)


def latest_replies(replies: Iterable[Reply], *, now: datetime.datetime) -> dict[str, Reply]:
    """Each party's last answer given up to `now` (a later answer replaces an earlier one)."""
    latest: dict[str, Reply] = {}
    for reply in sorted(replies, key=lambda r: r.at):
        if reply.at <= now:
            latest[reply.party] = reply
    return latest


def consent_holds(reply: Reply | None, *, today: datetime.date) -> bool:
    """Consent given and not ended: the end date itself still counts."""
    return (
        reply is not None
        and reply.answer == Answer.GIVEN
        and (reply.until is None or today <= reply.until)
    )


def share_decision(
    *,
    required: frozenset[str],
    replies: Sequence[Reply],
    now: datetime.datetime,
    withdrawn: bool = False,
) -> Decision:
    """May the information be shared at `now`? Every required party must hold consent."""
    if withdrawn:
        return Decision(False, required, "withdrawn")
    if not required:
        # Nobody can consent (no guardian with the right to information, a young child):
        # the school must sort that out first; Driehoek never shares without anyone's yes.
        return Decision(False, frozenset(), "nobody_to_consent")
    latest = latest_replies(replies, now=now)
    today = now.date()
    missing = frozenset(p for p in required if not consent_holds(latest.get(p), today=today))
    if not missing:
        return Decision(True, frozenset(), "consent")
    answers = {latest[p].answer for p in missing if p in latest}
    if Answer.REVOKED in answers:
        reason = "revoked"
    elif Answer.REFUSED in answers:
        reason = "refused"
    elif answers:
        reason = "expired"
    else:
        reason = "waiting"
    return Decision(False, missing, reason)


def guest_may_read(
    *,
    access_ends_on: datetime.date,
    access_ended_early: bool,
    today: datetime.date,
    consent_allows: bool,
) -> bool:
    """An external expert reads their case until their access ends (the day itself
    included) and only while consent for their recipient holds."""
    return not access_ended_early and today <= access_ends_on and consent_allows
