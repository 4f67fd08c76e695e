"""The care routes in the authorisation matrix (tests/test_authorisation_matrix.py).

Each object is a fresh care case about the persona's own student (or the foreign one),
raised by that school's mentor: the guardians with the right to information, the
mentor and the school's care coordinator read it; nobody else (not the subject teacher,
the administrator, the student without a shared plan, or anyone at the other school).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from driehoek.accounts.models import hash_token, new_raw_token
from driehoek.care.models import (
    CareCase,
    ConsentRequest,
    GuestInvitation,
    Meeting,
    MemberKind,
    Recipient,
    TeamMember,
)
from driehoek.roster.models import Student


def new_case(personas: Any, student: Student) -> CareCase:
    raised_by = personas.mentor if student.group_id == personas.klass.pk else None
    case = CareCase.objects.create(
        school_id=student.school_id, student=student, raised_by=raised_by, reason="Zorg"
    )
    if raised_by is not None:
        TeamMember.objects.create(case=case, kind=MemberKind.MENTOR, user=raised_by)
    return case


def rules(matrix: Any) -> dict[str, Any]:
    Rule, only = matrix.Rule, matrix.only
    OWN_ONLY, NOT_FOUND, OK = matrix.OWN_ONLY, matrix.NOT_FOUND, matrix.OK
    OWN_REDIRECT, GUARDIANS = matrix.OWN_REDIRECT, matrix.GUARDIANS
    INVALID = (400, NOT_FOUND)  # an empty form on their own case: 400; the other: 404

    def _student(personas: Any, persona: str, case: str) -> Student:
        own, foreign = matrix.OWN_AND_FOREIGN[persona]["student"]
        return matrix.thing(personas, own if case == "own" else foreign)

    def _case_obj(personas: Any, persona: str, case: str) -> CareCase:
        return new_case(personas, _student(personas, persona, case))

    def _case(personas: Any, persona: str, case: str) -> dict[str, Any]:
        return {"case_id": _case_obj(personas, persona, case).pk}

    def _member(personas: Any, persona: str, case: str) -> dict[str, Any]:
        care_case = _case_obj(personas, persona, case)
        member = TeamMember.objects.create(
            case=care_case, kind=MemberKind.TEACHER, user=personas.teacher
        )
        return {"case_id": care_case.pk, "member_id": member.pk}

    def _meeting(personas: Any, persona: str, case: str) -> dict[str, Any]:
        meeting = Meeting.objects.create(
            case=_case_obj(personas, persona, case), starts_at=timezone.now()
        )
        return {"meeting_id": meeting.pk}

    def _request(personas: Any, persona: str, case: str) -> dict[str, Any]:
        care_case = _case_obj(personas, persona, case)
        recipient = Recipient.objects.create(case=care_case, kind="school_doctor", name="Arts")
        request = ConsentRequest.objects.create(
            case=care_case,
            recipient=recipient,
            purpose="Overleg",
            information="Plan",
            ends_on=timezone.localdate() + datetime.timedelta(days=30),
        )
        return {"request_id": request.pk}

    def _token(personas: Any, persona: str, case: str) -> dict[str, Any]:
        """A real open guest invitation (own) or a token that was never sent (foreign)."""
        raw = new_raw_token()
        if case == "own":
            from driehoek.accounts.models import User

            care_case = new_case(personas, personas.student)
            recipient = Recipient.objects.create(case=care_case, kind="youth_care", name="X")
            guest = User.objects.create_user(email=f"guest.{raw[:6].lower()}@example.org")
            member = TeamMember.objects.create(
                case=care_case,
                kind=MemberKind.EXPERT,
                user=guest,
                recipient=recipient,
                access_ends_on=timezone.localdate() + datetime.timedelta(days=30),
            )
            GuestInvitation.objects.create(
                member=member,
                token_hash=hash_token(raw),
                expires_at=timezone.now() + datetime.timedelta(days=7),
            )
        return {"token": raw}

    def _slug(personas: Any, persona: str, case: str) -> dict[str, Any]:
        return {"slug": "grief" if case == "own" else "no-such-guide"}

    readers = (*GUARDIANS, "mentor", "care")
    guide_readers = (*GUARDIANS, "mentor", "teacher", "care", *matrix.ADMINS)
    return {
        # Everyone logged in has an overview (empty for most).
        "care:index": Rule(),
        # The mentor raises a question about a mentee (not about another class's student).
        "care:escalate": Rule(kwargs=matrix._student, **only(OWN_ONLY, "mentor")),
        "care:case": Rule(kwargs=_case, **only(OWN_ONLY, *readers)),
        "care:parents_informed": Rule(
            kwargs=_case, method="POST", **only(INVALID, "mentor", "care")
        ),
        # The care coordinator of the case's school manages it; an empty form is a 400.
        "care:safety": Rule(kwargs=_case, method="POST", **only(INVALID, "care")),
        "care:team_add": Rule(kwargs=_case, method="POST", **only(INVALID, "care")),
        "care:member_end": Rule(kwargs=_member, method="POST", **only(OWN_REDIRECT, "care")),
        "care:consent_request": Rule(kwargs=_case, method="POST", **only(INVALID, "care")),
        "care:guest_invite": Rule(kwargs=_case, method="POST", **only(INVALID, "care")),
        "care:meeting_plan": Rule(kwargs=_case, method="POST", **only(INVALID, "care")),
        "care:plan_save": Rule(kwargs=_case, method="POST", **only(OWN_REDIRECT, "care")),
        "care:plan_item": Rule(kwargs=_case, method="POST", **only(INVALID, "care")),
        "care:close": Rule(kwargs=_case, method="POST", **only(INVALID, "care")),
        "care:meeting_outcome": Rule(kwargs=_meeting, method="POST", **only(INVALID, "care")),
        # Guardians with the right to information answer (no answer chosen: back to the
        # case with a message); the student (13) is not asked, so 404.
        "care:consent_answer": Rule(
            kwargs=_request, method="POST", **only(OWN_REDIRECT, *GUARDIANS)
        ),
        "care:consent_withdraw": Rule(kwargs=_request, method="POST", **only(OWN_REDIRECT, "care")),
        "care:share": Rule(kwargs=_request, method="POST", **only(INVALID, "care")),
        # The invitation link is the credential: a real one opens, a made-up one is 404.
        "care:guest_accept": Rule(kwargs=_token, anonymous=OWN_ONLY, default=OWN_ONLY),
        # Guides: parents and school staff; not students, nor someone without a role.
        "care:guides": Rule(**only(OK, *guide_readers)),
        "care:guide": Rule(kwargs=_slug, **only(OWN_ONLY, *guide_readers)),
    }
