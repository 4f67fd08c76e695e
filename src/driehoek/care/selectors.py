"""Reads for care: the consent state of a request, as `consent_rules` decides it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from driehoek.care import consent_rules as rules
from driehoek.care.models import CareCase, ConsentAnswer, ConsentRequest, Recipient
from driehoek.roster.models import SchoolKind, StudentGuardian


@dataclass(frozen=True)
class Party:
    key: str  # "guardian:<id>" or "student"
    label: str
    has_account: bool


def guardian_links(case: CareCase) -> list[StudentGuardian]:
    return list(
        StudentGuardian.objects.filter(student=case.student_id)
        .select_related("guardian")
        .order_by("pk")
    )


def student_rule(case: CareCase, *, on: datetime.date) -> rules.StudentRule:
    student = case.student
    return rules.student_rule(
        date_of_birth=student.date_of_birth,
        on=on,
        secondary_school=student.school.kind == SchoolKind.SECONDARY,
    )


def required_parties(case: CareCase, *, on: datetime.date) -> list[Party]:
    """Who must consent on day `on`: guardians with the right to information, and the
    student from 16 (or of unknown age at a secondary school)."""
    links = guardian_links(case)
    keys = rules.required_parties(
        guardians=[
            rules.GuardianLink(f"guardian:{link.guardian_id}", link.has_right_to_information)
            for link in links
        ],
        student_party="student",
        date_of_birth=case.student.date_of_birth,
        on=on,
        secondary_school=case.student.school.kind == SchoolKind.SECONDARY,
    )
    parties = [
        Party(
            f"guardian:{link.guardian_id}",
            link.guardian.full_name,
            link.guardian.user_id is not None,
        )
        for link in links
        if f"guardian:{link.guardian_id}" in keys
    ]
    if "student" in keys:
        parties.append(Party("student", case.student.full_name, case.student.user_id is not None))
    return parties


def replies_of(request: ConsentRequest) -> list[rules.Reply]:
    return [
        rules.Reply(answer.party, rules.Answer(answer.answer), answer.at, answer.until)
        for answer in request.answers.all()
    ]


def consent_decision(
    request: ConsentRequest, *, now: datetime.datetime | None = None
) -> rules.Decision:
    """May information go to this request's recipient, for its purpose, at `now`?"""
    now = now or timezone.now()
    required = frozenset(p.key for p in required_parties(request.case, on=now.date()))
    return rules.share_decision(
        required=required,
        replies=replies_of(request),
        now=now,
        withdrawn=request.withdrawn_at is not None,
    )


def recipient_has_consent(recipient: Recipient, *, now: datetime.datetime | None = None) -> bool:
    """Whether any of the recipient's consent requests allows sharing now."""
    requests = ConsentRequest.objects.filter(recipient=recipient).select_related(
        "case__student__school"
    )
    return any(consent_decision(request, now=now).allowed for request in requests)


def latest_answer_of(request: ConsentRequest, party: str) -> ConsentAnswer | None:
    answers = [a for a in request.answers.all() if a.party == party]
    return answers[-1] if answers else None
