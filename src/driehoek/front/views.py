"""The landing page and each role's home page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import i18n as i18n_views
from django.views.decorators.http import require_POST

from driehoek.accounts import access
from driehoek.accounts import services as account_services
from driehoek.accounts.access import Relation, RoleKind
from driehoek.accounts.roles import active_role, require_role
from driehoek.roster.models import Student
from driehoek.roster.selectors import guardian_links_of, mentors_of

SEARCH_LIMIT = 50


def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "front/landing.html")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send the user to the home page of the role they are acting in."""
    role = active_role(request)
    if role is None:
        # An external expert in a care team has no role at the school, only cases.
        if access.care_cases_by_view(request.user, access.CareView.GUEST).exists():
            return redirect("care:index")
        return render(request, "front/no_role.html")
    if role.kind == RoleKind.ADMIN:
        return redirect("roster:school", school_id=role.school_id)
    if role.kind == RoleKind.GUARDIAN:
        return redirect("front:my_children")
    if role.kind == RoleKind.STUDENT:
        return redirect("front:me")
    return redirect("front:my_groups")


def _with_mentors_and_guardians(students: QuerySet[Student]) -> list[dict[str, object]]:
    return [
        {
            "student": student,
            "mentors": list(mentors_of(student=student)),
            "guardian_links": list(guardian_links_of(student=student)),
        }
        for student in students.select_related("group", "school")
    ]


@login_required
def my_children(request: HttpRequest) -> HttpResponse:
    role = require_role(request, RoleKind.GUARDIAN)
    children = access.students_by_relation(request.user, Relation.GUARDIAN).filter(
        school_id=role.school_id
    )
    return render(
        request,
        "front/my_children.html",
        {"role": role, "children": _with_mentors_and_guardians(children)},
    )


@login_required
def me(request: HttpRequest) -> HttpResponse:
    role = require_role(request, RoleKind.STUDENT)
    myself = access.students_by_relation(request.user, Relation.SELF).filter(
        school_id=role.school_id
    )
    entries = _with_mentors_and_guardians(myself)
    return render(
        request, "front/me.html", {"role": role, "entry": entries[0] if entries else None}
    )


@login_required
def my_groups(request: HttpRequest) -> HttpResponse:
    role = require_role(request, RoleKind.MENTOR, RoleKind.TEACHER, RoleKind.CARE)
    query = request.GET.get("q", "").strip()
    results = _search_students(request, role.school_id, query) if query else None
    if request.headers.get("HX-Request") and "q" in request.GET:
        return render(
            request, "front/includes/student_results.html", {"results": results, "query": query}
        )
    count_open = Count("memberships", filter=Q(memberships__ended_on__isnull=True))
    mentored = (
        access.groups_mentored_by(request.user)
        .filter(school_id=role.school_id)
        .annotate(size=count_open)
    )
    taught = (
        access.groups_taught_by(request.user)
        .filter(school_id=role.school_id)
        .select_related("subject")
        .annotate(size=count_open)
    )
    mentor_classes = [
        {"group": group, "students": access.students_in_group_visible_to(request.user, group)}
        for group in mentored
    ]
    return render(
        request,
        "front/my_groups.html",
        {
            "role": role,
            "mentor_classes": mentor_classes,
            "taught": taught,
            "results": results,
            "query": query,
            "is_care": role.kind == RoleKind.CARE,
        },
    )


def _search_students(request: HttpRequest, school_id: int, query: str) -> list[Student]:
    """Search among the students this user may see, by name or student number."""
    matches = Q()
    for word in query.split():
        matches &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(infix__icontains=word)
            | Q(student_number__startswith=word)
        )
    visible = access.students_visible_to(request.user).filter(school_id=school_id)
    return list(visible.filter(matches).select_related("group")[:SEARCH_LIMIT])


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form that fails the CSRF check (usually a page left open too long): say so kindly."""
    return render(request, "403_csrf.html", status=403)


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The language picker: Django's set_language (cookie, safe `next`), and for a logged-in
    user the choice is also kept with the account, so it follows them to other devices
    and into their e-mails."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        account_services.set_language(user=request.user, language=language)
    return i18n_views.set_language(request)
