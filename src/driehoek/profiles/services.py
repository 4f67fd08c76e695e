"""One door for change to the child profile: writing and editing sections (every edit
keeps a version), and the follow-up a change at home proposes to the mentor."""

from __future__ import annotations

import datetime
import importlib
import importlib.util
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from driehoek.accounts.language import in_language_of
from driehoek.profiles.models import (
    AuthorKind,
    FollowUpProposal,
    LifeEvent,
    ProfileSection,
    ProfileSectionVersion,
    ProposalStatus,
    SectionDraft,
    SectionKind,
)
from driehoek.roster.selectors import mentors_of

if TYPE_CHECKING:
    from driehoek.accounts.models import User
    from driehoek.roster.models import Household, Student

#: The follow-up a change at home proposes, by kind of event (the mentor may adapt it).
#: Stored in the school's language (Dutch), as the agreement it may become.
PROPOSED_FOLLOW_UP = {
    LifeEvent.GRIEF: _("A short weekly check-in by e-mail with the parents, for six weeks"),
    LifeEvent.ILLNESS: _("A short weekly check-in by e-mail with the parents, for six weeks"),
    LifeEvent.DIVORCE: _("A talk with the student, and a check-in with both households"),
    LifeEvent.MOVE: _("A check-in with the student in the first weeks after the move"),
    LifeEvent.OTHER: _("A short check-in with the parents within two weeks"),
}


def _snapshot(section: ProfileSection, *, by: User) -> ProfileSectionVersion:
    return ProfileSectionVersion.objects.create(
        section=section,
        version=section.version,
        text=section.text,
        visibility=section.visibility,
        happened_on=section.happened_on,
        life_event=section.life_event,
        adults_only=section.adults_only,
        adults_only_reason=section.adults_only_reason,
        edited_by=by,
        edited_by_label=by.get_full_name(),
        edited_at=section.updated_at,
    )


def write_section(
    *,
    student: Student,
    author: User,
    author_kind: AuthorKind,
    household: Household | None,
    kind: SectionKind,
    text: str,
    visibility: str,
    happened_on: datetime.date | None = None,
    life_event: str = "",
    adults_only: bool = False,
    adults_only_reason: str = "",
    notify: bool = True,
) -> ProfileSection:
    """A new section (version 1). A change at home notifies the mentor and proposes a
    follow-up. The caller checked `access.can_write_profile`."""
    if author_kind == AuthorKind.STUDENT:
        adults_only, adults_only_reason, household = False, "", None
    with transaction.atomic():
        section = ProfileSection.objects.create(
            school_id=student.school_id,
            student=student,
            kind=kind,
            author_kind=author_kind,
            household=household,
            text=text.strip(),
            visibility=visibility,
            happened_on=happened_on,
            life_event=life_event if kind == SectionKind.HOME_CHANGE else "",
            adults_only=adults_only,
            adults_only_reason=adults_only_reason.strip() if adults_only else "",
            created_by=author,
            updated_by=author,
            updated_at=timezone.now(),
        )
        _snapshot(section, by=author)
        if kind == SectionKind.HOME_CHANGE:
            _propose_follow_up(section, notify=notify)
    return section


def edit_section(
    *,
    section: ProfileSection,
    editor: User,
    text: str,
    visibility: str,
    happened_on: datetime.date | None = None,
    life_event: str = "",
    adults_only: bool = False,
    adults_only_reason: str = "",
) -> ProfileSection:
    """Save a new version; the earlier ones stay. The caller checked
    `access.can_edit_profile_section`. Saving without a change adds no version."""
    if section.author_kind == AuthorKind.STUDENT:
        adults_only, adults_only_reason = False, ""
    new = {
        "text": text.strip(),
        "visibility": visibility,
        "happened_on": happened_on,
        "life_event": life_event if section.kind == SectionKind.HOME_CHANGE else "",
        "adults_only": adults_only,
        "adults_only_reason": adults_only_reason.strip() if adults_only else "",
    }
    with transaction.atomic():
        locked = ProfileSection.objects.select_for_update().get(pk=section.pk)
        if all(getattr(locked, field) == value for field, value in new.items()):
            return locked
        for field, value in new.items():
            setattr(locked, field, value)
        locked.version += 1
        locked.updated_by = editor
        locked.updated_at = timezone.now()
        locked.save(update_fields=[*new, "version", "updated_by", "updated_at"])
        _snapshot(locked, by=editor)
    return locked


# --- Life events --------------------------------------------------------------------


def _propose_follow_up(section: ProfileSection, *, notify: bool) -> FollowUpProposal:
    event = LifeEvent(section.life_event) if section.life_event else LifeEvent.OTHER
    with translation.override(settings.LANGUAGE_CODE):
        what = str(PROPOSED_FOLLOW_UP[event])
    proposal = FollowUpProposal.objects.create(
        school_id=section.school_id, student=section.student, section=section, what=what
    )
    link = settings.SITE_URL + reverse(
        "profiles:student", kwargs={"student_id": section.student_id}
    )
    mentors = mentors_of(student=section.student).select_related("user") if notify else []
    for mentor in mentors:
        if mentor.user is not None and mentor.user.is_active:
            user = mentor.user
            transaction.on_commit(
                lambda user=user: _send_life_event_mail(
                    user=user, student=section.student, link=link
                )
            )
    return proposal


def _send_life_event_mail(*, user: User, student: Student, link: str) -> None:
    """The mentor hears that something changed at home, in their own language. The mail
    holds a link, never what the parent wrote."""
    with in_language_of(user):
        context = {"user": user, "student": student, "link": link}
        subject = gettext("Something changed at home for %(name)s") % {"name": student.first_name}
        body = render_to_string("profiles/email/life_event.txt", context)
    EmailMultiAlternatives(subject=subject, body=body, to=[user.email]).send()


def _agreement_service():  # type: ignore[no-untyped-def]
    """conversations.services.create_agreement, when that app provides it."""
    name = "driehoek.conversations.services"
    if importlib.util.find_spec(name) is None:
        return None
    return getattr(importlib.import_module(name), "create_agreement", None)


def decide_follow_up(
    *,
    proposal: FollowUpProposal,
    mentor: User,
    decision: ProposalStatus,
    what: str = "",
    due_on: datetime.date | None = None,
) -> FollowUpProposal:
    """The mentor accepts, adapts (with their own wording) or dismisses a proposal. An
    accepted or adapted proposal becomes an agreement in the conversations app. The
    caller checked `access.can_decide_follow_up`."""
    if decision == ProposalStatus.PROPOSED:
        raise ValueError("A decision is needed.")
    with transaction.atomic():
        locked = FollowUpProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != ProposalStatus.PROPOSED:
            return locked  # decided already (two tabs): the first decision stands
        if decision == ProposalStatus.ADAPTED:
            what = what.strip()
            if not what:
                raise ValueError("An adapted follow-up needs its new wording.")
            locked.what = what[:300]
        locked.status = decision
        locked.decided_by = mentor
        locked.decided_at = timezone.now()
        fields = ["what", "status", "decided_by", "decided_at"]
        create_agreement = _agreement_service()
        if decision != ProposalStatus.DISMISSED and create_agreement is not None:
            with translation.override(settings.LANGUAGE_CODE):
                owner = gettext("Mentor")
                source = gettext("Proposed after a change at home in the child profile")
            agreement = create_agreement(
                student=locked.student,
                created_by=mentor,
                what=locked.what,
                owner_label=f"{owner} ({mentor.get_full_name()})",
                due_on=due_on,
                follow_up=locked.what,
                source_note=source,
            )
            locked.agreement_id = agreement.pk
            fields.append("agreement_id")
        locked.save(update_fields=fields)
    return locked


# --- Drafts --------------------------------------------------------------------------

#: The form fields a draft keeps, each cut to a sane length (the form limits them again).
DRAFT_FIELDS = {
    "kind": 40,
    "text": 4000,
    "visibility": 20,
    "life_event": 20,
    "happened_on": 20,
    "adults_only": 10,
    "adults_only_reason": 300,
}


def _draft_rows(*, user: User, student: Student, section: ProfileSection | None) -> Any:
    rows = SectionDraft.objects.filter(user=user, student=student)
    return rows.filter(section=section) if section else rows.filter(section__isnull=True)


def save_draft(
    *,
    user: User,
    student: Student,
    section: ProfileSection | None,
    fields: Mapping[str, str],
    now: datetime.datetime | None = None,
) -> SectionDraft | None:
    """Keep what is being typed in a section form. Without any text the draft is removed.
    The caller checked that the user may write this section (or a new one)."""
    data = {
        name: str(fields[name])[:limit] for name, limit in DRAFT_FIELDS.items() if name in fields
    }
    with transaction.atomic():
        rows = _draft_rows(user=user, student=student, section=section)
        if not (data.get("text", "").strip() or data.get("adults_only_reason", "").strip()):
            rows.delete()
            return None
        draft = rows.select_for_update().first()
        if draft is None:
            draft = SectionDraft(user=user, student=student, section=section)
        draft.data = data
        draft.updated_at = now or timezone.now()
        draft.save()
    return draft


def draft_for(
    *, user: User, student: Student, section: ProfileSection | None = None
) -> SectionDraft | None:
    """This user's own draft, never anyone else's."""
    return _draft_rows(user=user, student=student, section=section).first()


def discard_draft(*, user: User, student: Student, section: ProfileSection | None = None) -> None:
    with transaction.atomic():
        _draft_rows(user=user, student=student, section=section).delete()
