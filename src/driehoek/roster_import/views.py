"""The upload page for school administrators: upload → check (a dry run) → confirm →
import in the background → invite the newly imported parents and students."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from driehoek.accounts.access import (
    get_import_job_for_admin,
    get_school_for_admin,
    import_jobs_visible_to,
)
from driehoek.roster_import import services
from driehoek.roster_import.csvtext import neutralise_cell
from driehoek.roster_import.forms import UploadForm
from driehoek.roster_import.models import ImportJob
from driehoek.roster_import.templatetags.roster_import import reason

#: How many earlier uploads the page lists.
RECENT_JOBS = 10


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


@login_required
def upload(request: HttpRequest, school_id: int) -> HttpResponse:
    school = get_school_for_admin(request.user, school_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.start_import_job(
            school=school,
            user=request.user,  # type: ignore[arg-type]
            upload=form.cleaned_data["roster"],
            guardians=form.cleaned_data["guardians"],
            skip_invalid=form.cleaned_data["skip_invalid"],
        )
        return redirect("roster_import:job", job_id=job.pk)
    jobs = import_jobs_visible_to(request.user).filter(school=school)[:RECENT_JOBS]
    invitable = services.invitable_after_import(school=school)
    return render(
        request,
        "roster_import/upload.html",
        {
            "school": school,
            "form": form,
            "jobs": jobs,
            "invitable_guardians": len(invitable.guardians),
            "invitable_students": len(invitable.students),
        },
        status=400 if form.errors else 200,
    )


def _job_context(job: ImportJob) -> dict[str, object]:
    return {
        "job": job,
        "school": job.school,
        "progress": services.progress_of(job) if job.is_busy else None,
    }


@login_required
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    found = get_import_job_for_admin(request.user, job_id)
    if _is_htmx(request):
        return render(request, "roster_import/includes/job_status.html", _job_context(found))
    return render(request, "roster_import/job.html", _job_context(found))


@login_required
def problems_csv(request: HttpRequest, job_id: int) -> HttpResponse:
    """The remarks of a check or import as a spreadsheet, to work through in Excel.
    Every cell is neutralised: a value from the school's file cannot become a formula."""
    found = get_import_job_for_admin(request.user, job_id)
    report = found.report or found.check_report or {}
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{found.pk}-remarks.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("File"), _("Line"), _("Column"), _("Kind"), _("Remark")])
    for problem in report.get("problems", []):
        kind = _("error") if problem.get("severity") == "error" else _("note")
        row = [problem.get("file"), problem.get("line") or "", problem.get("column"), kind]
        writer.writerow([neutralise_cell(cell) for cell in [*row, reason(problem)]])
    return response


@login_required
@require_POST
def confirm(request: HttpRequest, job_id: int) -> HttpResponse:
    found = get_import_job_for_admin(request.user, job_id)
    if not services.confirm_import_job(job=found):
        messages.info(request, _("This file is not waiting for confirmation."))
    return redirect("roster_import:job", job_id=found.pk)


@login_required
@require_POST
def invite(request: HttpRequest, school_id: int) -> HttpResponse:
    school = get_school_for_admin(request.user, school_id)
    result = services.invite_imported(school=school, by=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        ngettext(
            "%(count)d invitation sent.",
            "%(count)d invitations sent.",
            result.guardians + result.students,
        )
        % {"count": result.guardians + result.students},
    )
    if result.failed:
        messages.warning(
            request,
            ngettext(
                "%(count)d address could not be used (it already belongs to someone else).",
                "%(count)d addresses could not be used (they already belong to someone else).",
                result.failed,
            )
            % {"count": result.failed},
        )
    return redirect("roster_import:upload", school_id=school.pk)
