"""One door for change in care: escalation, informing the parents, the child-safety
exception, consent and shares, the team and guest experts, meeting, plan and closure.

Every function is keyword-only and runs in a transaction; e-mail goes out on commit, in
the recipient's language, and never names the child (the link leads to the case, behind
the log-in).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from driehoek.accounts.models import User, hash_token, new_raw_token
from driehoek.audit.models import AuditAction, AuditEvent
from driehoek.audit.services import record_student_read
from driehoek.care import consent_rules as rules
from driehoek.care import selectors
from driehoek.care.models import (
    CareCase,
    CaseLink,
    CaseStatus,
    ConsentAnswer,
    ConsentRequest,
    GuestInvitation,
    LinkKind,
    Meeting,
    MemberKind,
    PlanItem,
    Recipient,
    SafetyRecord,
    Share,
    SupportPlan,
    TeamMember,
)
from driehoek.roster.models import StaffMember, StaffRoleKind, Student

#: How long a guest's invitation link works.
GUEST_INVITATION_DAYS = 7
#: Reminders: a plan review this many days ahead; the parents' reminder after these days.
REVIEW_REMINDER_DAYS = 3
PARENTS_REMINDER_AFTER_DAYS = (2, 7)


class ShareRefused(Exception):
    """No valid consent at the moment of sharing."""

    def __init__(self, decision: rules.Decision) -> None:
        super().__init__(decision.reason)
        self.decision = decision


class GuestInvitationNotUsable(Exception):
    pass


# --- Mail ---------------------------------------------------------------------------------


def _mail(user: User, template: str, context: dict[str, object]) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"care/email/{template}_subject.txt", context)
        body = render_to_string(f"care/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


def _mail_on_commit(users: Iterable[User], template: str, context: dict[str, object]) -> None:
    for user in {u.pk: u for u in users if u.is_active}.values():
        transaction.on_commit(lambda u=user: _mail(u, template, context))


def _case_link(case: CareCase) -> str:
    return settings.SITE_URL + reverse("care:case", args=[case.pk])


def coordinators_of(school_id: int) -> list[User]:
    members = StaffMember.objects.filter(
        school=school_id, roles__role=StaffRoleKind.CARE_COORDINATOR, user__isnull=False
    ).select_related("user")
    return [m.user for m in members if m.user is not None]


# --- Escalation ---------------------------------------------------------------------------


def escalate(
    *,
    student: Student,
    mentor: User,
    reason: str,
    tried: str = "",
    parents_know: str = "",
    situation: str = "",
    links: Iterable[tuple[str, int, str]] = (),
) -> CareCase:
    """The mentor raises a care question. `links` are (kind, id, label) of what was
    tried: the student's conversations, agreements and signals."""
    if not reason.strip():
        raise ValidationError(_("Say what worries you."))
    with transaction.atomic():
        case = CareCase.objects.create(
            school_id=student.school_id,
            student=student,
            raised_by=mentor,
            reason=reason.strip(),
            tried=tried.strip(),
            parents_know=parents_know.strip(),
            situation=situation,
        )
        for kind, object_id, label in links:
            CaseLink.objects.get_or_create(
                case=case, kind=LinkKind(kind), object_id=object_id, defaults={"label": label[:300]}
            )
        TeamMember.objects.create(case=case, kind=MemberKind.MENTOR, user=mentor, added_by=mentor)
        _mail_on_commit(coordinators_of(student.school_id), "escalated", {"link": _case_link(case)})
    return case


def record_parents_informed(*, case: CareCase, by: User, on: datetime.date, how: str) -> CareCase:
    with transaction.atomic():
        case.parents_informed_on = on
        case.parents_informed_how = how
        case.parents_informed_by = by
        case.save(
            update_fields=["parents_informed_on", "parents_informed_how", "parents_informed_by"]
        )
    return case


def record_safety_exception(
    *, case: CareCase, by: User, withheld: bool, reason: str
) -> SafetyRecord:
    """Record (or lift) the child-safety reason not to inform the parents. Audited; the
    audit row does not name the student, so it never shows in the parents' access log."""
    if not reason.strip():
        raise ValidationError(_("A documented reason is required."))
    with transaction.atomic():
        record = SafetyRecord.objects.create(
            case=case, withheld=withheld, reason=reason.strip(), recorded_by=by
        )
        case.withheld_for_safety = withheld
        case.save(update_fields=["withheld_for_safety"])
        AuditEvent.objects.create(
            school_id=case.school_id,
            actor=by,
            actor_label=by.get_full_name(),
            actor_email=by.email,
            actor_role="care",
            action=AuditAction.CARE_SAFETY_WITHHELD if withheld else AuditAction.CARE_SAFETY_LIFTED,
            student=None,
            detail=f"care case {case.pk}: child-safety exception "
            + ("recorded" if withheld else "lifted"),
        )
    return record


def note_case_read(*, user: User, case: CareCase, view: str) -> None:
    """Reads of a case by staff and guests are audited (guardians and the student not)."""
    if view in ("guardian", "student"):
        return
    role = "care" if view == "coordinator" else ("mentor" if view == "mentor" else "")
    if view == "guest":
        role = "guest"
    detail = f"care case {case.pk}" + (" (external expert)" if view == "guest" else "")
    if case.withheld_for_safety:
        # Audited, but without the student: the parents' access log must not reveal a
        # case the school withholds from them for the child's safety.
        AuditEvent.objects.create(
            school_id=case.school_id,
            actor=user,
            actor_label=user.get_full_name(),
            actor_email=user.email,
            actor_role=role,
            action=AuditAction.VIEW_WITHHELD_CARE_CASE,
            student=None,
            detail=detail,
        )
        return
    record_student_read(
        actor=user,
        student=case.student,
        action=AuditAction.VIEW_CARE_CASE,
        detail=detail,
        role=role,
    )


# --- Consent and shares -------------------------------------------------------------------


def request_consent(
    *,
    case: CareCase,
    by: User,
    kind: str,
    name: str,
    organisation: str,
    purpose: str,
    information: str,
    ends_on: datetime.date,
) -> ConsentRequest:
    if ends_on < timezone.localdate():
        raise ValidationError(_("The end date must not be in the past."))
    with transaction.atomic():
        recipient, _created = Recipient.objects.get_or_create(
            case=case, kind=kind, name=name.strip(), organisation=organisation.strip()
        )
        request = ConsentRequest.objects.create(
            case=case,
            recipient=recipient,
            purpose=purpose.strip(),
            information=information.strip(),
            ends_on=ends_on,
            requested_by=by,
        )
        guardians = [
            link.guardian.user
            for link in selectors.guardian_links(case)
            if link.has_right_to_information and link.guardian.user is not None
        ]
        if not case.withheld_for_safety:
            _mail_on_commit(guardians, "consent_asked", {"link": _case_link(case)})
    return request


def answer_consent(
    *, request: ConsentRequest, user: User, party: str, answer: rules.Answer
) -> ConsentAnswer:
    """A guardian or the student gives, refuses or revokes consent. Consent runs until
    the request's end date; a revocation counts from this moment."""
    with transaction.atomic():
        return ConsentAnswer.objects.create(
            request=request,
            guardian_id=None if party == "student" else int(party.split(":")[1]),
            by_student=party == "student",
            user=user,
            answer=str(answer),
            until=request.ends_on if answer == rules.Answer.GIVEN else None,
        )


def withdraw_request(*, request: ConsentRequest, by: User) -> None:
    with transaction.atomic():
        ConsentRequest.objects.filter(pk=request.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )


def share(*, request: ConsentRequest, by: User, what: str) -> Share:
    """Record that information left the school, after checking consent at this moment."""
    with transaction.atomic():
        request = ConsentRequest.objects.select_for_update().get(pk=request.pk)
        decision = selectors.consent_decision(request)
        if not decision.allowed:
            raise ShareRefused(decision)
        parties = selectors.required_parties(request.case, on=timezone.localdate())
        return Share.objects.create(
            case=request.case,
            request=request,
            shared_by=by,
            what=what.strip()[:300] or request.purpose,
            consent_from=", ".join(p.label for p in parties)[:300],
        )


# --- Team and guest experts ---------------------------------------------------------------


def add_staff_to_team(*, case: CareCase, staff_member: StaffMember, by: User) -> TeamMember:
    if staff_member.school_id != case.school_id or staff_member.user is None:
        raise ValidationError(_("Only staff of this school with an account can join the team."))
    kind = (
        MemberKind.CARE
        if staff_member.roles.filter(role=StaffRoleKind.CARE_COORDINATOR).exists()
        else MemberKind.TEACHER
    )
    with transaction.atomic():
        member, _created = TeamMember.objects.get_or_create(
            case=case,
            user=staff_member.user,
            ended_at=None,
            defaults={"kind": kind, "added_by": by},
        )
    return member


def invite_guest(
    *,
    case: CareCase,
    recipient: Recipient,
    email: str,
    name: str,
    access_ends_on: datetime.date,
    by: User,
    language: str = settings.LANGUAGE_CODE,
) -> tuple[TeamMember, str]:
    """An external expert joins the team with a guest account for this case only. Returns
    the member and the raw token (it exists only in the e-mail and this return value)."""
    if access_ends_on < timezone.localdate():
        raise ValidationError(_("The access end date must not be in the past."))
    email = User.objects.normalize_email(email.strip()).lower()
    if not email:
        raise ValidationError(_("An e-mail address is needed."))
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, display_name=name.strip(), language=language, is_active=False
            )
        elif StaffMember.objects.filter(user=user).exists() or user.is_staff:
            raise ValidationError(_("This address belongs to school staff; add them to the team."))
        member = TeamMember.objects.filter(case=case, user=user, ended_at__isnull=True).first()
        if member is None:
            member = TeamMember.objects.create(
                case=case,
                kind=MemberKind.EXPERT,
                user=user,
                recipient=recipient,
                access_ends_on=access_ends_on,
                added_by=by,
            )
        raw = new_raw_token()
        now = timezone.now()
        GuestInvitation.objects.filter(member=member, used_at__isnull=True).update(revoked_at=now)
        GuestInvitation.objects.create(
            member=member,
            token_hash=hash_token(raw),
            expires_at=now + datetime.timedelta(days=GUEST_INVITATION_DAYS),
        )
        link = settings.SITE_URL + reverse("care:guest_accept", args=[raw])
        transaction.on_commit(
            lambda: _mail(
                user,
                "guest_invitation",
                {"link": link, "school": case.student.school},
            )
        )
    return member, raw


def accept_guest_invitation(*, token_hash: str, password: str) -> User:
    """The guest sets a password (hashed like every password). Single use."""
    with transaction.atomic():
        now = timezone.now()
        claimed = GuestInvitation.objects.filter(
            token_hash=token_hash, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        if claimed != 1:
            raise GuestInvitationNotUsable
        invitation = GuestInvitation.objects.select_related("member__user").get(
            token_hash=token_hash
        )
        user = invitation.member.user
        if not user.has_usable_password() or not user.is_active:
            user.set_password(password)
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
    return user


def end_member_access(*, member: TeamMember, by: User) -> None:
    with transaction.atomic():
        TeamMember.objects.filter(pk=member.pk, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )


# --- Meeting, plan, closure ---------------------------------------------------------------


def plan_meeting(
    *,
    case: CareCase,
    by: User,
    starts_at: datetime.datetime,
    place: str,
    with_parents: bool,
    with_student: bool,
) -> Meeting:
    """Plan the multidisciplinary meeting. With the parents it is also a conversation
    (conversations app) with the guardians, the mentor and the school's team members."""
    from driehoek.conversations.models import ConversationKind
    from driehoek.conversations.services import plan_conversation

    with transaction.atomic():
        conversation = None
        if with_parents and not case.withheld_for_safety:
            team_users = case.team.filter(ended_at__isnull=True).exclude(kind=MemberKind.EXPERT)
            staff = list(
                StaffMember.objects.filter(
                    school=case.school_id,
                    user__in=[*team_users.values_list("user_id", flat=True), by.pk],
                )
            )
            conversation = plan_conversation(
                student=case.student,
                created_by=by,
                kind=ConversationKind.CONCERN,
                starts_at=starts_at,
                duration_minutes=60,
                place=place,
                with_student=with_student,
                topic=_("Care meeting"),
                staff=staff,
            )
        return Meeting.objects.create(
            case=case,
            conversation=conversation,
            starts_at=starts_at,
            place=place,
            with_parents=with_parents and not case.withheld_for_safety,
            with_student=with_student,
        )


def record_outcome(*, meeting: Meeting, outcome: str) -> Meeting:
    with transaction.atomic():
        meeting.outcome = outcome.strip()
        meeting.outcome_recorded_at = timezone.now()
        meeting.save(update_fields=["outcome", "outcome_recorded_at"])
    return meeting


def save_plan(*, case: CareCase, summary: str, shared_with_student: bool) -> SupportPlan:
    with transaction.atomic():
        plan, _created = SupportPlan.objects.get_or_create(case=case)
        plan.summary = summary.strip()
        plan.shared_with_student = shared_with_student and case.student.user_id is not None
        plan.save(update_fields=["summary", "shared_with_student", "updated_at"])
    return plan


def add_plan_item(
    *, case: CareCase, goal: str, action: str, owner: str, review_on: datetime.date
) -> PlanItem:
    with transaction.atomic():
        plan, _created = SupportPlan.objects.get_or_create(case=case)
        return PlanItem.objects.create(
            plan=plan,
            goal=goal.strip(),
            action=action.strip(),
            owner=owner.strip(),
            review_on=review_on,
        )


def close_case(*, case: CareCase, by: User, summary: str) -> CareCase:
    """Close with a summary. From now on only the coordinator and the guardians see it;
    guest access ends; `closed_on` starts the retention period."""
    if not summary.strip():
        raise ValidationError(_("Write a short summary to close the case."))
    with transaction.atomic():
        case.status = CaseStatus.CLOSED
        case.closed_on = timezone.localdate()
        case.closure_summary = summary.strip()
        case.closed_by = by
        case.save(update_fields=["status", "closed_on", "closure_summary", "closed_by"])
        TeamMember.objects.filter(case=case, ended_at__isnull=True).update(ended_at=timezone.now())
    return case


# --- Reminders ----------------------------------------------------------------------------


def send_care_reminders(*, today: datetime.date | None = None) -> int:
    """Reviews coming up (to the coordinators and the staff in the team) and cases whose
    parents are not yet recorded as informed (to the mentor who raised them). Returns the
    number of reminders. Run it once a day."""
    today = today or timezone.localdate()
    count = 0
    horizon = today + datetime.timedelta(days=REVIEW_REMINDER_DAYS)
    week_ago = today - datetime.timedelta(days=7)
    items = PlanItem.objects.filter(
        done=False, review_on__lte=horizon, review_on__gte=today, plan__case__status=CaseStatus.OPEN
    ).select_related("plan__case")
    for item in items:
        with transaction.atomic():
            locked = PlanItem.objects.select_for_update().get(pk=item.pk)
            if locked.reminded_on is not None and locked.reminded_on > week_ago:
                continue
            locked.reminded_on = today
            locked.save(update_fields=["reminded_on"])
            case = item.plan.case
            team = [
                m.user
                for m in case.team.filter(ended_at__isnull=True)
                .exclude(kind=MemberKind.EXPERT)
                .select_related("user")
                if m.user is not None
            ]
            _mail_on_commit(
                [*coordinators_of(case.school_id), *team],
                "review_reminder",
                {"link": _case_link(case), "review_on": item.review_on},
            )
        count += 1
    for case in CareCase.objects.filter(
        status=CaseStatus.OPEN, parents_informed_on__isnull=True, withheld_for_safety=False
    ).select_related("raised_by"):
        if (
            today - timezone.localdate(case.created_at)
        ).days in PARENTS_REMINDER_AFTER_DAYS and case.raised_by:
            with transaction.atomic():
                locked = CareCase.objects.select_for_update().get(pk=case.pk)
                if locked.parents_reminded_on == today:
                    continue
                locked.parents_reminded_on = today
                locked.save(update_fields=["parents_reminded_on"])
                _mail_on_commit([case.raised_by], "parents_reminder", {"link": _case_link(case)})
            count += 1
    return count
