"""Pages of the child profile. Each view's first line fetches its object through
`driehoek.accounts.access` (404 for outsiders); what is shown is decided there too."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from driehoek.accounts import access
from driehoek.accounts.access import Relation, RoleKind
from driehoek.accounts.roles import active_role
from driehoek.audit.models import AuditAction
from driehoek.audit.services import note_student_read
from driehoek.profiles.forms import DecisionForm, SectionForm
from driehoek.profiles.models import (
    AuthorKind,
    FollowUpProposal,
    ProfileSection,
    ProfileSectionVersion,
    ProposalStatus,
    SectionDraft,
    SectionKind,
)
from driehoek.profiles.services import (
    decide_follow_up,
    discard_draft,
    draft_for,
    edit_section,
    save_draft,
    write_section,
)
from driehoek.roster.models import Student

#: Relations that may open a child's profile page (the administrator sees the roster only).
PROFILE_RELATIONS = frozenset(
    {Relation.GUARDIAN, Relation.SELF, Relation.MENTOR, Relation.TEACHER, Relation.CARE}
)


def _get_profile_student(request: HttpRequest, student_id: int) -> tuple[Student, frozenset]:
    student = access.get_student_for_user(request.user, student_id)
    relations = access.relations_to_student(request.user, student)
    if not relations & PROFILE_RELATIONS:
        raise Http404
    return student, relations


def _author_kind(relations: frozenset[Relation]) -> AuthorKind:
    return AuthorKind.GUARDIAN if Relation.GUARDIAN in relations else AuthorKind.STUDENT


def _sections_by_kind(request: HttpRequest, student: Student) -> list[dict[str, Any]]:
    sections = (
        access.profile_sections_visible_to(request.user, student)
        .select_related("household")
        .order_by("kind", "-updated_at")
    )
    by_kind: dict[str, list[ProfileSection]] = {}
    for section in sections:
        section.may_edit = access.can_edit_profile_section(request.user, section)  # type: ignore[attr-defined]
        by_kind.setdefault(section.kind, []).append(section)
    return [
        {"kind": kind, "label": label, "sections": by_kind[kind]}
        for kind, label in SectionKind.choices
        if kind in by_kind
    ]


def _draft_initial(draft: SectionDraft | None) -> dict[str, Any]:
    """A draft's fields as a form's initial values."""
    if draft is None:
        return {}
    data: dict[str, Any] = {k: v for k, v in draft.data.items() if k != "adults_only"}
    data["adults_only"] = draft.data.get("adults_only") in ("on", "true", "True", "1")
    return data


def _profile_page(
    request: HttpRequest,
    student: Student,
    relations: frozenset[Relation],
    form: SectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_write = access.can_write_profile(request.user, student)
    draft = draft_for(user=request.user, student=student) if may_write else None  # type: ignore[arg-type]
    if may_write and form is None:
        form = SectionForm(
            for_student=Relation.GUARDIAN not in relations, initial=_draft_initial(draft)
        )
    proposals: list[FollowUpProposal] = []
    if Relation.MENTOR in relations:
        proposals = list(
            FollowUpProposal.objects.filter(student=student).select_related("section")[:10]
        )
    context = {
        "student": student,
        "groups": _sections_by_kind(request, student),
        "form": form if may_write else None,
        "is_guardian": Relation.GUARDIAN in relations,
        "is_student": Relation.SELF in relations and Relation.GUARDIAN not in relations,
        "household": access.household_of_guardian(request.user, student),
        "proposals": proposals,
        "decision_form": DecisionForm(),
        "draft": draft,
        "draft_key": f"student:{student.pk}",
    }
    return render(request, "profiles/student.html", context, status=status)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The children whose profile this user may open, for the role they act in."""
    role = active_role(request)
    relation = (
        {
            RoleKind.GUARDIAN: Relation.GUARDIAN,
            RoleKind.STUDENT: Relation.SELF,
            RoleKind.MENTOR: Relation.MENTOR,
        }.get(role.kind)
        if role
        else None
    )
    if relation is None:
        raise Http404
    students = access.students_by_relation(request.user, relation).filter(school=role.school_id)  # type: ignore[union-attr]
    if relation == Relation.SELF and students.count() == 1:
        return redirect("profiles:student", student_id=students.get().pk)
    context = {
        "students": students.select_related("group").order_by("last_name", "first_name"),
        "is_mentor": relation == Relation.MENTOR,
        "proposals": access.follow_ups_for_mentor(request.user)
        .filter(school=role.school_id)  # type: ignore[union-attr]
        .select_related("student"),
    }
    return render(request, "profiles/index.html", context)


@login_required
def student_profile(request: HttpRequest, student_id: int) -> HttpResponse:
    student, relations = _get_profile_student(request, student_id)
    note_student_read(
        user=request.user,  # type: ignore[arg-type]
        student=student,
        action=AuditAction.VIEW_PROFILE,
    )
    return _profile_page(request, student, relations)


@login_required
@require_POST
def section_new(request: HttpRequest, student_id: int) -> HttpResponse:
    student, relations = _get_profile_student(request, student_id)
    if not access.can_write_profile(request.user, student):
        raise Http404
    author_kind = _author_kind(relations)
    form = SectionForm(request.POST, for_student=author_kind == AuthorKind.STUDENT)
    if not form.is_valid():
        # Everything typed comes back in the form, with what needs fixing.
        return _profile_page(request, student, relations, form=form, status=400)
    data = form.cleaned_data
    write_section(
        student=student,
        author=request.user,  # type: ignore[arg-type]
        author_kind=author_kind,
        household=access.household_of_guardian(request.user, student),
        kind=data["kind"],
        text=data["text"],
        visibility=data["visibility"],
        happened_on=data.get("happened_on"),
        life_event=data.get("life_event", ""),
        adults_only=data.get("adults_only", False),
        adults_only_reason=data.get("adults_only_reason", ""),
    )
    discard_draft(user=request.user, student=student)  # type: ignore[arg-type]
    messages.success(request, _("Thank you. The section has been saved."))
    return redirect("profiles:student", student_id=student.pk)


@login_required
def section_edit(request: HttpRequest, section_id: int) -> HttpResponse:
    section = access.get_profile_section_for_user(request.user, section_id)
    if not access.can_edit_profile_section(request.user, section):
        raise Http404
    for_student = section.author_kind == AuthorKind.STUDENT
    initial = {
        "kind": section.kind,
        "text": section.text,
        "visibility": section.visibility,
        "life_event": section.life_event,
        "happened_on": section.happened_on,
        "adults_only": section.adults_only,
        "adults_only_reason": section.adults_only_reason,
    }
    form = None
    if request.method == "POST":
        form = SectionForm(request.POST, for_student=for_student, fixed_kind=True, initial=initial)
        if form.is_valid():
            data = form.cleaned_data
            edit_section(
                section=section,
                editor=request.user,  # type: ignore[arg-type]
                text=data["text"],
                visibility=data["visibility"],
                happened_on=data.get("happened_on"),
                life_event=data.get("life_event", ""),
                adults_only=data.get("adults_only", False),
                adults_only_reason=data.get("adults_only_reason", ""),
            )
            discard_draft(user=request.user, student=section.student, section=section)  # type: ignore[arg-type]
            messages.success(request, _("Your changes have been saved."))
            return redirect("profiles:student", student_id=section.student_id)
        status = 400
    draft = draft_for(user=request.user, student=section.student, section=section)  # type: ignore[arg-type]
    if request.method != "POST":
        initial.update(_draft_initial(draft))
        form = SectionForm(initial=initial, for_student=for_student, fixed_kind=True)
        status = 200
    context = {
        "section": section,
        "student": section.student,
        "form": form,
        "draft": draft,
        "draft_key": f"section:{section.pk}",
        "is_student": for_student,
    }
    return render(request, "profiles/section_edit.html", context, status=status)


_COMPARED = ("text", "visibility", "happened_on", "life_event", "adults_only", "adults_only_reason")


@login_required
def section_history(request: HttpRequest, section_id: int) -> HttpResponse:
    section = access.get_profile_section_for_user(request.user, section_id)
    relations = access.relations_to_student(request.user, section.student)
    # Earlier versions follow the same rules as the section: a version that was for the
    # mentor only, or hidden from the student, stays so.
    versions = list(
        ProfileSectionVersion.objects.filter(
            access._profile_section_rules(relations), section=section
        ).order_by("version")
    )
    rows = []
    previous: ProfileSectionVersion | None = None
    for version in versions:
        changed = (
            [field for field in _COMPARED if getattr(version, field) != getattr(previous, field)]
            if previous
            else []
        )
        rows.append({"version": version, "changed": changed, "first": previous is None})
        previous = version
    context = {"section": section, "student": section.student, "rows": list(reversed(rows))}
    return render(request, "profiles/section_history.html", context)


@login_required
@require_POST
def proposal_decide(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = get_object_or_404(FollowUpProposal.objects.select_related("student"), pk=proposal_id)
    if not access.can_decide_follow_up(request.user, proposal):
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose what to do with the proposal."))
        if "what" in form.errors:
            messages.error(request, form.errors["what"][0])
        return redirect("profiles:student", student_id=proposal.student_id)
    decision = ProposalStatus(form.cleaned_data["decision"])
    decide_follow_up(
        proposal=proposal,
        mentor=request.user,  # type: ignore[arg-type]
        decision=decision,
        what=form.cleaned_data.get("what", ""),
        due_on=form.cleaned_data.get("due_on"),
    )
    if decision == ProposalStatus.DISMISSED:
        messages.success(request, _("The proposal has been dismissed."))
    else:
        messages.success(request, _("The follow-up has been added to the agreements."))
    return redirect("profiles:student", student_id=proposal.student_id)


# --- Drafts ------------------------------------------------------------------------


def _draft_target(request: HttpRequest, key: str) -> tuple[Student, ProfileSection | None]:
    """What a draft key names, if this user may write it: "student:<id>" for a new
    section about a child, "section:<id>" for an edit; otherwise 404."""
    kind, _sep, raw_id = key.partition(":")
    if kind == "student":
        student, _relations = _get_profile_student(request, int(raw_id))
        if not access.can_write_profile(request.user, student):
            raise Http404
        return student, None
    section = access.get_profile_section_for_user(request.user, int(raw_id))
    if not access.can_edit_profile_section(request.user, section):
        raise Http404
    return section.student, section


def _valid_key(key: str) -> bool:
    kind, _sep, raw_id = key.partition(":")
    return kind in ("student", "section") and raw_id.isdigit() and len(raw_id) < 12


@require_POST
def draft(request: HttpRequest) -> HttpResponse:
    """Save the section form as it is being typed (htmx, a few seconds after typing
    stops). When the session has ended, say so in the status line instead of swapping the
    login page into it: what was saved until then is kept."""
    if not request.user.is_authenticated:
        if request.headers.get("HX-Request") == "true":
            return render(request, "profiles/draft_status.html", {"logged_out": True})
        return redirect_to_login(request.get_full_path())
    key = request.POST.get("key", "")
    if not _valid_key(key):
        return HttpResponseBadRequest()  # names nothing; nothing is revealed
    student, section = _draft_target(request, key)
    saved = save_draft(
        user=request.user,  # type: ignore[arg-type]
        student=student,
        section=section,
        fields={name: request.POST.get(name, "") for name in request.POST},
    )
    is_student = (
        (section.author_kind == AuthorKind.STUDENT)
        if section
        else (
            _author_kind(access.relations_to_student(request.user, student)) == AuthorKind.STUDENT
        )
    )
    context = {"draft": saved, "is_student": is_student}
    return render(request, "profiles/draft_status.html", context)


@login_required
@require_POST
def draft_discard(request: HttpRequest) -> HttpResponse:
    """Throw away one's own draft and go back to the form."""
    key = request.POST.get("key", "")
    if not _valid_key(key):
        return HttpResponseBadRequest()
    student, section = _draft_target(request, key)
    discard_draft(user=request.user, student=student, section=section)  # type: ignore[arg-type]
    messages.success(request, _("The draft has been thrown away."))
    if section is not None:
        return redirect("profiles:section_edit", section_id=section.pk)
    return redirect("profiles:student", student_id=student.pk)
