"""The child profile in the JSON API: the sections of one child the caller may read.

Reads go through driehoek.accounts.access; a child the caller may not see answers 404.
"""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from driehoek.accounts import access
from driehoek.api.schemas import ErrorOut
from driehoek.audit.models import AuditAction
from driehoek.audit.services import note_student_read
from driehoek.profiles.models import ProfileSection
from driehoek.profiles.views import PROFILE_RELATIONS

router = Router(tags=["profiles"])


class ProfileSectionOut(Schema):
    id: int
    kind: str = Field(description="strengths, stress, previous_school, health or home_change")
    author_kind: str = Field(description="guardian or student")
    household: str | None = Field(description="The household that wrote it, if a parent did")
    text: str
    visibility: str = Field(description="mentor, teachers or care")
    happened_on: datetime.date | None
    life_event: str
    adults_only: bool
    adults_only_reason: str
    version: int
    updated_at: datetime.datetime


def _out(section: ProfileSection) -> ProfileSectionOut:
    return ProfileSectionOut(
        id=section.pk,
        kind=section.kind,
        author_kind=section.author_kind,
        household=section.household.name if section.household else None,
        text=section.text,
        visibility=section.visibility,
        happened_on=section.happened_on,
        life_event=section.life_event,
        adults_only=section.adults_only,
        adults_only_reason=section.adults_only_reason,
        version=section.version,
        updated_at=section.updated_at,
    )


@router.get(
    "/students/{student_id}/sections",
    response={200: list[ProfileSectionOut], 404: ErrorOut},
    url_name="profile_sections",
)
def list_sections(request: HttpRequest, student_id: int) -> list[ProfileSectionOut]:
    """The sections of a child's profile you may read (the same rules as the pages)."""
    student = access.get_student_for_user(request.user, student_id)
    if not access.relations_to_student(request.user, student) & PROFILE_RELATIONS:
        raise Http404
    note_student_read(
        user=request.user,  # type: ignore[arg-type]
        student=student,
        action=AuditAction.VIEW_STUDENT_API,
        detail="profile",
    )
    sections = access.profile_sections_visible_to(request.user, student).select_related("household")
    return [_out(section) for section in sections.order_by("kind", "-updated_at", "pk")]
