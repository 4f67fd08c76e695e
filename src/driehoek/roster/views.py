"""Roster pages: the school overview, a class, a student.

Each view's first line fetches its object through the access module, which answers
404 to anyone who may not see it; what a page shows beyond that is decided by the
named predicates there (`can_view_guardian_contacts`, `can_view_access_log`).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from driehoek.accounts.access import (
    can_view_access_log,
    can_view_guardian_contacts,
    get_group_for_user,
    get_school_for_admin,
    get_student_for_user,
    groups_visible_to,
    schools_administered_by,
    students_in_group_visible_to,
)
from driehoek.audit.models import AuditAction
from driehoek.audit.services import note_student_read, reads_of_student
from driehoek.front.registry import student_panels_for
from driehoek.roster.models import (
    GroupKind,
    GroupMembership,
    MentorAssignment,
    SchoolKind,
    StaffMember,
    Student,
    TeachingAssignment,
)
from driehoek.roster.selectors import guardian_links_of, mentors_of

#: How many of the latest reads the access log on a student page shows.
ACCESS_LOG_LIMIT = 50


def _is_htmx(request: HttpRequest) -> bool:
    # A history restore wants the whole page, even though htmx asks for it.
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _administers(request: HttpRequest, school_id: int) -> bool:
    return schools_administered_by(request.user).filter(pk=school_id).exists()


@login_required
def school_overview(request: HttpRequest, school_id: int) -> HttpResponse:
    school = get_school_for_admin(request.user, school_id)
    year = school.years.first()  # the latest school year
    mentors = MentorAssignment.objects.select_related("staff_member").order_by(
        "staff_member__last_name"
    )
    classes = list(
        school.groups.filter(kind=GroupKind.CLASS, school_year=year)
        .annotate(
            size=Count("memberships", filter=Q(memberships__ended_on__isnull=True), distinct=True)
        )
        .prefetch_related(Prefetch("mentor_assignments", queryset=mentors))
    )
    staff = list(
        school.staff.prefetch_related(
            "roles",
            Prefetch(
                "mentor_assignments",
                queryset=MentorAssignment.objects.filter(group__isnull=False).select_related(
                    "group"
                ),
            ),
            Prefetch(
                "teaching_assignments",
                queryset=TeachingAssignment.objects.select_related("subject"),
            ),
        )
    )
    guardians = school.guardians.aggregate(
        with_account=Count("pk", filter=Q(user__isnull=False)),
        without_account=Count("pk", filter=Q(user__isnull=True)),
    )
    context = {
        "school": school,
        "year": year,
        "periods": year.periods.all() if year else [],
        "classes": classes,
        "staff": [_StaffRow(member) for member in staff],
        "student_count": school.students.filter(left_on__isnull=True).count(),
        "lesson_group_count": school.groups.filter(kind=GroupKind.LESSON, school_year=year).count(),
        "guardians": guardians,
        "can_use_admin": request.user.is_staff,
        "is_primary": school.kind == SchoolKind.PRIMARY,
    }
    return render(request, "roster/school.html", context)


class _StaffRow:
    """A staff member with what the overview says about them, from prefetched rows."""

    def __init__(self, member: StaffMember) -> None:
        self.member = member
        self.roles = [role.get_role_display() for role in member.roles.all()]
        self.mentor_of = sorted(a.group.name for a in member.mentor_assignments.all() if a.group)
        self.subjects = sorted(
            {a.subject.name for a in member.teaching_assignments.all() if a.subject}
        )


def _search(students: QuerySet[Student], query: str) -> QuerySet[Student]:
    """Every word must match the first name, infix, last name or student number."""
    for word in query.split()[:5]:
        students = students.filter(
            Q(first_name__icontains=word)
            | Q(infix__icontains=word)
            | Q(last_name__icontains=word)
            | Q(student_number__startswith=word)
        )
    return students


@login_required
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    group = get_group_for_user(request.user, group_id)
    query = request.GET.get("q", "").strip()[:100]
    visible = students_in_group_visible_to(request.user, group)
    students = _search(visible, query) if query else visible
    htmx = _is_htmx(request)
    context = {
        "group": group,
        "query": query,
        "students": students.order_by("last_name", "first_name", "infix"),
        "total": visible.count(),
        "is_primary": group.school.kind == SchoolKind.PRIMARY,
        "today": timezone.localdate(),
        # One template serves the page and, for htmx, only the student list.
        "base_template": "roster/fragment.html" if htmx else "base.html",
    }
    if not htmx:
        context |= {
            "mentors": group.mentor_assignments.select_related("staff_member").order_by(
                "staff_member__last_name"
            ),
            "teachers": group.teaching_assignments.select_related(
                "staff_member", "subject"
            ).order_by("subject__name", "staff_member__last_name"),
            "administers": _administers(request, group.school_id),
        }
    response = render(request, "roster/group.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def student_detail(request: HttpRequest, student_id: int) -> HttpResponse:
    student = get_student_for_user(request.user, student_id)
    note_student_read(user=request.user, student=student, action=AuditAction.VIEW_STUDENT)
    full = can_view_guardian_contacts(request.user, student)
    today = timezone.localdate()
    context: dict[str, object] = {
        "student": student,
        "full": full,
        "today": today,
        "age": student.age_on(today),
        "mentors": mentors_of(student=student).order_by("last_name", "first_name"),
        "group_visible": student.group_id is not None
        and groups_visible_to(request.user).filter(pk=student.group_id).exists(),
        "administers": _administers(request, student.school_id),
    }
    if full:
        context["guardian_links"] = guardian_links_of(student=student).order_by(
            "household__name", "household_id", "guardian__last_name"
        )
        context["history"] = (
            GroupMembership.objects.filter(student=student, group__kind=GroupKind.CLASS)
            .select_related("group")
            .order_by("-started_on")
        )
    if can_view_access_log(request.user, student):
        context["reads"] = list(reads_of_student(student=student)[:ACCESS_LOG_LIMIT])
        context["show_access_log"] = True
    # Sections from feature apps (triangle, profile, conversations, …); each asks access.
    context["panels"] = student_panels_for(request, student)
    return render(request, "roster/student.html", context)
