"""The profile routes in the authorisation matrix (tests/test_authorisation_matrix.py)."""

from __future__ import annotations

from typing import Any

from driehoek.profiles.models import FollowUpProposal, ProfileSection
from driehoek.roster.models import Student
from tests.profiles.conftest import make_section


def rules(matrix: Any) -> dict[str, Any]:
    Rule, only = matrix.Rule, matrix.only
    OWN_ONLY, NOT_FOUND, OK = matrix.OWN_ONLY, matrix.NOT_FOUND, matrix.OK
    GUARDIANS = matrix.GUARDIANS

    def _section(personas: Any, persona: str, case: str) -> dict[str, Any]:
        """A section about the persona's own child (by the persona when they write the
        profile, else by the child's first guardian), or about the foreign child."""
        own, foreign = matrix.OWN_AND_FOREIGN[persona]["student"]
        student: Student = matrix.thing(personas, own if case == "own" else foreign)
        user = matrix.user_of(personas, persona)
        writers = {personas.guardian, personas.other_household_guardian}
        writers |= {personas.classmate_guardian, personas.outsider, personas.student_user}
        if case == "own" and user in writers:
            author = user
        else:
            link = student.guardian_links.select_related("guardian__user").first()
            author = link.guardian.user if link else None
        if author is None:  # a child without guardians on record (Daan)
            section = ProfileSection.objects.create(
                school_id=student.school_id,
                student=student,
                kind="strengths",
                author_kind="guardian",
                text="x",
                visibility="teachers",
                updated_at="2026-11-01T12:00Z",
            )
        else:
            section = make_section(student, author, visibility="teachers")
        return {"section_id": section.pk}

    def _proposal(personas: Any, persona: str, case: str) -> dict[str, Any]:
        section_id = _section(personas, persona, case)["section_id"]
        section = ProfileSection.objects.get(pk=section_id)
        proposal = FollowUpProposal.objects.create(
            school_id=section.school_id, student=section.student, section=section, what="Check-in"
        )
        return {"proposal_id": proposal.pk}

    readers = ("guardian", "other_household_guardian", "classmate_guardian", "outsider")
    readers += ("student", "mentor", "teacher")
    return {
        # Parents, students and mentors have the nav item; a student is sent to their own.
        "profiles:index": Rule(
            default=NOT_FOUND,
            roles={**dict.fromkeys(GUARDIANS, OK), "mentor": OK, "student": matrix.REDIRECT},
        ),
        # The care coordinator has no escalated child yet; the administrator sees the roster only.
        "profiles:student": Rule(kwargs=matrix._student, **only(OWN_ONLY, *readers)),
        # An empty form is refused with 400 (the page again, with what needs fixing).
        "profiles:section_new": Rule(
            kwargs=matrix._student,
            method="POST",
            **only((400, NOT_FOUND), *GUARDIANS, "student"),
        ),
        # Only the side that wrote a section edits it.
        "profiles:section_edit": Rule(kwargs=_section, **only(OWN_ONLY, *GUARDIANS, "student")),
        "profiles:section_history": Rule(kwargs=_section, **only(OWN_ONLY, *readers)),
        # An empty decision is refused with a message on the profile page (a redirect).
        "profiles:proposal_decide": Rule(
            kwargs=_proposal, method="POST", **only(matrix.OWN_REDIRECT, "mentor")
        ),
        # Drafts name their child or section in the body; naming nothing is refused (400).
        # Who may save which draft is tested in tests/profiles/test_drafts.py.
        "profiles:draft": Rule(method="POST", default=400),
        "profiles:draft_discard": Rule(method="POST", default=400),
        "api:profile_sections": Rule(
            kwargs=matrix._student, anonymous=matrix.UNAUTHORIZED, **only(OWN_ONLY, *readers)
        ),
    }
