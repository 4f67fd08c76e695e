"""The privacy page, a person's download, and the administrator's retention, erasure and
audit-log pages."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.accounts import access
from driehoek.accounts.models import User
from driehoek.audit.models import AuditEvent
from driehoek.privacy import audit_export, content, erase, export, kinds, selectors, services
from driehoek.privacy.forms import RetentionForm
from driehoek.privacy.models import DataKind
from driehoek.roster.models import School


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _school_for_page(request: HttpRequest) -> School | None:
    """The school whose periods the privacy page shows: the active role's, when logged in."""
    role = getattr(request, "active_role", None)
    if role is not None:
        return School.objects.filter(pk=role.school_id).first()
    roles = access.roles_of(request.user)
    return School.objects.filter(pk=roles[0].school_id).first() if roles else None


def privacy_page(request: HttpRequest) -> HttpResponse:
    """What Driehoek stores, why, who sees it and for how long. Public."""
    school = _school_for_page(request) if request.user.is_authenticated else None
    periods = selectors.periods_of(school)
    labels = dict(DataKind.choices)
    rows = [
        {
            "key": kind.key,
            "label": labels[kind.key],
            "what": content.WHAT_WHY_WHO[kind.key][0],
            "why": content.WHAT_WHY_WHO[kind.key][1],
            "who": content.WHAT_WHY_WHO[kind.key][2],
            "how_long": content.how_long(periods[kind.key], kind.key),
        }
        for kind in kinds.KINDS
    ]
    context = {"school": school, "periods": periods, "rows": rows}
    return render(request, "privacy/page.html", context)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    students = list(access.privacy_export_students(user).select_related("school"))
    return render(request, "privacy/mine.html", {"students": students})


def _filename(user: User, extension: str) -> str:
    return f"driehoek-{user.pk}-{timezone.localdate():%Y%m%d}.{extension}"


@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    data = export.as_json(user, export.rows_for(user))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(user, "json")}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    """The same data as the JSON, as a page made for reading and printing."""
    user = _user(request)
    rows = export.rows_for(user)
    students = list(access.privacy_export_students(user).select_related("school", "group"))
    reads = list(
        AuditEvent.objects.filter(
            pk__in=[row.pk for row in rows.get(AuditEvent, [])], student__isnull=False
        ).select_related("student")
    )
    context = {
        "chapters": export.chapters(rows),
        "students": students,
        "reads": reads,
        "generated_at": timezone.now(),
        "total": sum(len(found) for found in rows.values()),
    }
    response = render(request, "privacy/export.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_pdf(request: HttpRequest) -> HttpResponse:
    """The readable download as a PDF, for those who want a file to keep or print."""
    from driehoek.privacy.pdf import export_pdf as make_pdf

    user = _user(request)
    rows = export.rows_for(user)
    reads = list(
        AuditEvent.objects.filter(
            pk__in=[row.pk for row in rows.get(AuditEvent, [])], student__isnull=False
        )
    )
    body = make_pdf(who=user.get_full_name(), chapters=export.chapters(rows), reads=reads)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(user, "pdf")}"'
    response["Cache-Control"] = "no-store"
    return response


def _school_admin_context(school: School) -> dict[str, Any]:
    today = timezone.localdate()
    departed = [
        {"student": student, "from": selectors.erasable_from(student)}
        for student in selectors.departed_students(school)
    ]
    for entry in departed:
        entry["due"] = entry["from"] is not None and entry["from"] <= today
    return {"school": school, "departed": departed, "today": today}


@login_required
def school_settings(request: HttpRequest, school_id: int) -> HttpResponse:
    school = access.get_school_for_admin(request.user, school_id)
    periods = selectors.periods_of(school)
    if request.method == "POST":
        form = RetentionForm(request.POST, periods=periods)
        if form.is_valid():
            services.set_retention_periods(school=school, periods=form.cleaned_data)
            messages.success(request, _("The retention periods have been saved."))
            return redirect("privacy:school", school_id=school.pk)
        status = 400
    else:
        form = RetentionForm(periods=periods)
        status = 200
    context = {**_school_admin_context(school), "form": form}
    return render(request, "privacy/school.html", context, status=status)


@login_required
def erase_student(request: HttpRequest, school_id: int, student_id: int) -> HttpResponse:
    """GET: the dry run (what would go). POST: the erase, after the same check."""
    school = access.get_school_for_admin(request.user, school_id)
    student = access.get_erasable_student_for_admin(request.user, school, student_id)
    scope = request.POST.get("scope") or request.GET.get("scope") or "student"
    if scope not in ("student", "family"):
        scope = "student"
    students = erase.family_of(student) if scope == "family" else [student]
    context: dict[str, Any] = {
        "school": school,
        "student": student,
        "students": students,
        "scope": scope,
    }
    do_it = request.method == "POST"
    try:
        result = erase.erase(students=students, actor=_user(request), dry_run=not do_it)
    except erase.NotErasable as problem:
        context["problem"] = str(problem)
        return render(request, "privacy/erase.html", context, status=409 if do_it else 200)
    if do_it:
        messages.success(
            request,
            _("Erased: %(rows)s rows. The audit log records that it happened.")
            % {"rows": result.total},
        )
        return redirect("privacy:school", school_id=school.pk)
    context["result"] = result
    return render(request, "privacy/erase.html", context)


def _audit_rows(request: HttpRequest, school: School) -> Any:
    rows = AuditEvent.objects.filter(school=school).select_related("student").order_by("-at")
    for parameter, lookup in (("from", "at__date__gte"), ("until", "at__date__lte")):
        try:
            day = datetime.date.fromisoformat(request.GET.get(parameter, ""))
        except ValueError:  # absent or malformed: no limit on that side
            continue
        rows = rows.filter(**{lookup: day})
    return rows


@login_required
def audit_csv(request: HttpRequest, school_id: int) -> HttpResponse:
    school = access.get_school_for_admin(request.user, school_id)
    body = audit_export.as_csv(_audit_rows(request, school))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{school.brin}.csv"'
    return response


@login_required
def audit_json(request: HttpRequest, school_id: int) -> HttpResponse:
    school = access.get_school_for_admin(request.user, school_id)
    return JsonResponse(
        {"school": school.brin, "events": audit_export.as_dicts(_audit_rows(request, school))},
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
