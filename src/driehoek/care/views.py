"""Care pages: the overview, escalation, the case (one page, what each reader may see),
the actions on it, consent answers, the guest expert's invitation and the guides."""

from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import user_has_device

from driehoek.accounts import access
from driehoek.accounts.access import CareView
from driehoek.accounts.models import hash_token
from driehoek.care import consent_rules, content, selectors, services
from driehoek.care.forms import (
    CloseForm,
    ConsentRequestForm,
    EscalateForm,
    GuestForm,
    InformedForm,
    MeetingForm,
    OutcomeForm,
    PlanForm,
    PlanItemForm,
    SafetyForm,
    ShareForm,
    TeamForm,
)
from driehoek.care.models import (
    CareCase,
    ConsentRequest,
    GuestInvitation,
    LinkKind,
    Meeting,
    SupportPlan,
    TeamMember,
)
from driehoek.roster.models import StaffMember, Student

logger = logging.getLogger(__name__)
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


# --- Overview ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    by_view = {
        view: list(
            access.care_cases_by_view(user, view)
            .select_related("student", "student__group")
            .order_by("status", "-created_at")
        )
        for view in CareView
    }
    seen: set[int] = set()
    sections = []
    for view in CareView:
        cases = [case for case in by_view[view] if case.pk not in seen]
        seen |= {case.pk for case in cases}
        if cases:
            sections.append((view, cases))
    context = {
        "sections": sections,
        "reminders": [
            case
            for case in by_view[CareView.MENTOR] + by_view[CareView.COORDINATOR]
            if case.needs_parents_informed
        ],
        "mentees": list(
            access.students_by_relation(user, access.Relation.MENTOR).order_by(
                "last_name", "first_name"
            )
        ),
        "can_read_guides": access.can_read_care_guides(user),
    }
    return render(request, "care/index.html", context)


# --- Escalation --------------------------------------------------------------------------


def _link_choices(user: Any, student: Student) -> list[tuple[str, str]]:
    """What was tried: the student's conversations and agreements the mentor sees, and
    signals where the signals app has them (optional: nothing breaks without it)."""
    choices: list[tuple[str, str]] = []
    for conversation in access.conversations_visible_to(user).filter(student=student)[:20]:
        label = f"{conversation.get_kind_display()} · {conversation.starts_at:%d-%m-%Y}"
        choices.append((f"conversation:{conversation.pk}", label))
    for agreement in access.agreements_visible_to(user).filter(student=student)[:20]:
        choices.append((f"agreement:{agreement.pk}", str(agreement.what)[:120]))
    signals_visible_to = getattr(access, "signals_visible_to", None)
    try:
        signal_model = apps.get_model("signals", "Signal")
    except LookupError:
        signal_model = None
    if signal_model is not None and signals_visible_to is not None:
        try:
            signals = signals_visible_to(user).filter(student=student)[:20]
            for signal in signals:
                choices.append((f"signal:{signal.pk}", str(signal)[:120]))
        except Exception:  # noqa: BLE001 - an optional link must never break escalation
            logger.exception("care: the student's signals could not be listed")
    return choices


@login_required
@require_http_methods(["GET", "POST"])
def escalate(request: HttpRequest, student_id: int) -> HttpResponse:
    student = access.get_student_for_user(request.user, student_id)
    if not access.can_escalate_to_care(request.user, student):
        raise Http404
    link_choices = _link_choices(request.user, student)
    form = EscalateForm(
        request.POST if request.method == "POST" else None,
        situations=content.situations(_language()),
        links=link_choices,
    )
    if request.method == "POST" and form.is_valid():
        labels = dict(link_choices)
        links = []
        for value in form.cleaned_data["links"]:
            kind, _sep, object_id = value.partition(":")
            links.append((LinkKind(kind), int(object_id), labels[value]))
        case = services.escalate(
            student=student,
            mentor=request.user,
            reason=form.cleaned_data["reason"],
            tried=form.cleaned_data["tried"],
            parents_know=form.cleaned_data["parents_know"],
            situation=form.cleaned_data["situation"],
            links=links,
        )
        messages.success(request, _("The care coordinator has your question."))
        return redirect("care:case", case_id=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "care/escalate.html", {"student": student, "form": form}, status=status)


# --- The case ----------------------------------------------------------------------------


def _consent_rows(case: CareCase, user: Any, view: CareView) -> list[dict[str, Any]]:
    now = timezone.now()
    rows = []
    parties = selectors.required_parties(case, on=now.date())
    for request in case.consent_requests.select_related("recipient").prefetch_related(
        "answers__guardian", "answers__user"
    ):
        decision = selectors.consent_decision(request, now=now)
        my_party = (
            access.consent_party_of(user, request)
            if view in (CareView.GUARDIAN, CareView.STUDENT) or case.student.user_id == user.pk
            else None
        )
        mine = selectors.latest_answer_of(request, my_party) if my_party else None
        rows.append(
            {
                "request": request,
                "decision": decision,
                "parties": [
                    {
                        "party": party,
                        "answer": selectors.latest_answer_of(request, party.key),
                        "holds": party.key not in decision.missing,
                    }
                    for party in parties
                ],
                "my_party": my_party,
                "my_answer": mine,
                "i_consent": consent_rules.consent_holds(
                    consent_rules.Reply(
                        my_party, consent_rules.Answer(mine.answer), mine.at, mine.until
                    )
                    if mine
                    else None,
                    today=now.date(),
                )
                if my_party
                else False,
                "history": list(request.answers.all()),
                "shares": list(request.shares.all()),
            }
        )
    return rows


def _case_page(
    request: HttpRequest, case: CareCase, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    view = access.care_case_view(user, case)
    if view is None:
        raise Http404
    manage = access.can_manage_care_case(user, case)
    plan = SupportPlan.objects.filter(case=case).prefetch_related("items").first()
    today = timezone.localdate()
    context: dict[str, Any] = {
        "case": case,
        "student": case.student,
        "view": str(view),
        "manage": manage,
        "plan": plan,
        "today": today,
        "guide": content.guide(case.situation, _language()) if case.situation else None,
    }
    if view != CareView.STUDENT:
        context.update(
            {
                "links": list(case.links.all()),
                "team": list(
                    case.team.filter(ended_at__isnull=True).select_related("user", "recipient")
                ),
                "meetings": list(case.meetings.all()),
            }
        )
    if view in (CareView.COORDINATOR, CareView.MENTOR, CareView.TEAM, CareView.GUARDIAN):
        context["consents"] = _consent_rows(case, user, view)
        context["show_consent"] = True
        context["student_rule"] = str(selectors.student_rule(case, on=today))
    if view == CareView.STUDENT:
        context["consents"] = [
            row for row in _consent_rows(case, user, view) if row["my_party"] == "student"
        ]
    if access.can_record_parents_informed(user, case):
        context["informed_form"] = InformedForm(initial={"on": today})
    if access.can_read_safety_records(user, case):
        context["safety_records"] = list(case.safety_records.select_related("recorded_by"))
        context["show_safety"] = True
    if manage:
        staff = StaffMember.objects.filter(school=case.school_id, user__isnull=False).exclude(
            user__in=case.team.filter(ended_at__isnull=True).values("user_id")
        )
        context.update(
            {
                "safety_form": SafetyForm(initial={"withheld": not case.withheld_for_safety}),
                "team_form": TeamForm(staff=staff),
                "consent_form": ConsentRequestForm(),
                "guest_form": GuestForm(recipients=case.recipients.all()),
                "share_form": ShareForm(),
                "meeting_form": MeetingForm(),
                "outcome_form": OutcomeForm(),
                "plan_form": PlanForm(
                    initial={
                        "summary": plan.summary if plan else "",
                        "shared_with_student": plan.shared_with_student if plan else False,
                    }
                ),
                "plan_item_form": PlanItemForm(),
                "close_form": CloseForm(),
            }
        )
    context.update(forms or {})
    services.note_case_read(user=user, case=case, view=str(view))  # type: ignore[arg-type]
    return render(request, "care/case.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access.get_care_case_for_user(request.user, case_id)
    guest_gate = _guest_second_factor(request, case)
    if guest_gate is not None:
        return guest_gate
    return _case_page(request, case)


def _guest_second_factor(request: HttpRequest, case: CareCase) -> HttpResponse | None:
    """Guests read child data, so like staff they set up two-step verification (when the
    school requires it of staff); the middleware then asks for it at every log-in."""
    if not settings.STAFF_2FA_REQUIRED:
        return None
    if access.care_case_view(request.user, case) != CareView.GUEST:
        return None
    if user_has_device(request.user, confirmed=True):
        return None
    return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")


def _managed_case(request: HttpRequest, case_id: int) -> CareCase:
    case = access.get_care_case_for_user(request.user, case_id)
    if not access.can_manage_care_case(request.user, case):
        raise Http404
    return case


def _back(case: CareCase, anchor: str = "") -> HttpResponse:
    url = reverse("care:case", args=[case.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
@require_POST
def parents_informed(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access.get_care_case_for_user(request.user, case_id)
    if not access.can_record_parents_informed(request.user, case):
        raise Http404
    form = InformedForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, {"informed_form": form}, status=400)
    services.record_parents_informed(
        case=case, by=request.user, on=form.cleaned_data["on"], how=form.cleaned_data["how"]
    )
    messages.success(request, _("Saved: the parents have been told."))
    return _back(case)


@login_required
@require_POST
def safety(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _managed_case(request, case_id)
    form = SafetyForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, {"safety_form": form}, status=400)
    services.record_safety_exception(
        case=case,
        by=request.user,
        withheld=form.cleaned_data["withheld"],
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("The child-safety decision is recorded."))
    return _back(case, "safety")


@login_required
@require_POST
def team_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _managed_case(request, case_id)
    form = TeamForm(request.POST, staff=StaffMember.objects.filter(school=case.school_id))
    if not form.is_valid():
        return _case_page(request, case, {"team_form": form}, status=400)
    try:
        services.add_staff_to_team(
            case=case, staff_member=form.cleaned_data["staff_member"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(case, "team")


@login_required
@require_POST
def member_end(request: HttpRequest, case_id: int, member_id: int) -> HttpResponse:
    case = _managed_case(request, case_id)
    member = TeamMember.objects.filter(case=case, pk=member_id).first()
    if member is None:
        raise Http404
    services.end_member_access(member=member, by=request.user)
    messages.success(request, _("Access to this case has ended."))
    return _back(case, "team")


@login_required
@require_POST
def consent_request(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _managed_case(request, case_id)
    form = ConsentRequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_consent(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("ends_on", error)
    if not form.is_valid():
        return _case_page(request, case, {"consent_form": form}, status=400)
    messages.success(request, _("Consent is asked from the parents."))
    return _back(case, "consent")


def _managed_request(request: HttpRequest, request_id: int) -> ConsentRequest:
    consent = ConsentRequest.objects.filter(pk=request_id).select_related("case").first()
    if consent is None:
        raise Http404
    _managed_case(request, consent.case_id)
    return consent


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    consent = _managed_request(request, request_id)
    services.withdraw_request(request=consent, by=request.user)
    messages.success(request, _("The request is withdrawn; nothing more is shared under it."))
    return _back(consent.case, "consent")


@login_required
@require_POST
def share(request: HttpRequest, request_id: int) -> HttpResponse:
    consent = _managed_request(request, request_id)
    form = ShareForm(request.POST)
    if not form.is_valid():
        return _case_page(request, consent.case, {"share_form": form}, status=400)
    try:
        services.share(request=consent, by=request.user, what=form.cleaned_data["what"])
    except services.ShareRefused:
        messages.error(request, _("Not shared: there is no valid consent at this moment."))
        return _back(consent.case, "consent")
    messages.success(request, _("The share is recorded, with the consent it rests on."))
    return _back(consent.case, "consent")


@login_required
@require_POST
def consent_answer(request: HttpRequest, request_id: int) -> HttpResponse:
    consent = access.get_consent_request_for_party(request.user, request_id)
    party = access.consent_party_of(request.user, consent)
    try:
        answer = consent_rules.Answer(request.POST.get("answer", ""))
    except ValueError:
        messages.error(request, _("Choose yes or no."))
        return _back(consent.case, "consent")
    services.answer_consent(request=consent, user=request.user, party=party or "", answer=answer)
    text = {
        consent_rules.Answer.GIVEN: _("Thank you. Your consent is recorded."),
        consent_rules.Answer.REFUSED: _("Recorded: you do not give consent."),
        consent_rules.Answer.REVOKED: _("Your consent is withdrawn. Nothing more is shared."),
    }[answer]
    messages.success(request, text)
    return _back(consent.case, "consent")


@login_required
@require_POST
def guest_invite(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _managed_case(request, case_id)
    form = GuestForm(request.POST, recipients=case.recipients.all())
    if form.is_valid():
        recipient = form.cleaned_data["recipient"]
        try:
            services.invite_guest(
                case=case,
                recipient=recipient,
                email=form.cleaned_data["email"],
                name=recipient.name,
                access_ends_on=form.cleaned_data["access_ends_on"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
    if not form.is_valid():
        return _case_page(request, case, {"guest_form": form}, status=400)
    messages.success(request, _("The expert gets an e-mail with a link to this case."))
    return _back(case, "team")


@login_required
@require_POST
def meeting_plan(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _managed_case(request, case_id)
    form = MeetingForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, {"meeting_form": form}, status=400)
    services.plan_meeting(case=case, by=request.user, **form.cleaned_data)
    messages.success(request, _("The meeting is planned."))
    return _back(case, "meetings")


@login_required
@require_POST
def meeting_outcome(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    case = _managed_case(request, meeting.case_id)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, {"outcome_form": form}, status=400)
    services.record_outcome(meeting=meeting, outcome=form.cleaned_data["outcome"])
    messages.success(request, _("The outcome is recorded."))
    return _back(case, "meetings")


@login_required
@require_POST
def plan_save(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _managed_case(request, case_id)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, {"plan_form": form}, status=400)
    services.save_plan(case=case, **form.cleaned_data)
    messages.success(request, _("The plan is saved."))
    return _back(case, "plan")


@login_required
@require_POST
def plan_item(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _managed_case(request, case_id)
    form = PlanItemForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, {"plan_item_form": form}, status=400)
    services.add_plan_item(case=case, **form.cleaned_data)
    messages.success(request, _("The goal is added to the plan."))
    return _back(case, "plan")


@login_required
@require_POST
def close(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _managed_case(request, case_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, {"close_form": form}, status=400)
    services.close_case(case=case, by=request.user, summary=form.cleaned_data["summary"])
    messages.success(request, _("The case is closed."))
    return _back(case)


# --- Guest experts -------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def guest_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = (
        GuestInvitation.objects.filter(token_hash=hash_token(token))
        .select_related("member__user")
        .first()
    )
    if invitation is None:
        return render(request, "care/guest_invalid.html", status=404)
    if not invitation.is_usable():
        return render(request, "care/guest_invalid.html", status=410)
    user = invitation.member.user
    has_password = user.is_active and user.has_usable_password()
    form = None if has_password else SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            user = services.accept_guest_invitation(
                token_hash=invitation.token_hash,
                password=form.cleaned_data["new_password1"] if form else "",
            )
        except services.GuestInvitationNotUsable:
            return render(request, "care/guest_invalid.html", status=410)
        if form is None:
            return redirect(f"{reverse('accounts:login')}?next={reverse('care:index')}")
        login(request, user, backend=MODEL_BACKEND)
        target = reverse("care:case", args=[invitation.member.case_id])
        if settings.STAFF_2FA_REQUIRED:
            return redirect(f"{reverse('accounts:two_factor')}?next={target}")
        return redirect(target)
    return render(request, "care/guest_accept.html", {"form": form, "has_password": has_password})


# --- Guides --------------------------------------------------------------------------------


def _guide_reader(request: HttpRequest) -> None:
    if not access.can_read_care_guides(request.user):
        raise Http404


@login_required
@require_http_methods(["GET"])
def guides(request: HttpRequest) -> HttpResponse:
    _guide_reader(request)
    return render(request, "care/guides.html", {"guides": content.guides(_language())})


@login_required
@require_http_methods(["GET"])
def guide(request: HttpRequest, slug: str) -> HttpResponse:
    _guide_reader(request)
    found = content.guide(slug, _language())
    if found is None:
        raise Http404
    staff = access.is_school_staff(request.user)
    audience = request.GET.get("for") or ("mentor" if staff else "parent")
    if audience not in ("parent", "mentor"):
        audience = "parent"
    return render(
        request,
        "care/guide.html",
        {"guide": found, "audience": audience, "part": found[audience]},
    )
