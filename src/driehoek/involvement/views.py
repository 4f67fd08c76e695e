"""Involvement pages: a parent's scan (fill in, result, share), the parents' guide and the
"who leads?" helper.

Each view's first line fetches its object through `driehoek.accounts.access`, which
answers 404 to anyone who may not see it. Writes go through `services`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from driehoek.accounts import access
from driehoek.accounts.access import Relation, RoleKind
from driehoek.accounts.roles import active_role, require_role
from driehoek.audit.models import AuditAction
from driehoek.audit.services import note_student_read
from driehoek.involvement import age_model, charts, content, scoring, services
from driehoek.involvement.models import Scan
from driehoek.involvement.selectors import (
    aspects,
    current_questionnaire,
    history_of,
    result_of,
)
from driehoek.roster.models import Student


def _language() -> str:
    return (get_language() or content.DEFAULT_LANGUAGE).split("-")[0]


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _own_child(request: HttpRequest, student_id: int) -> Student:
    """A child this user may fill in a scan about; otherwise 404."""
    student = access.get_student_for_user(request.user, student_id)
    if not access.can_fill_involvement_scan(request.user, student):
        raise Http404
    return student


# --- The scan -------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    role = require_role(request, RoleKind.GUARDIAN)
    children = access.students_by_relation(request.user, Relation.GUARDIAN).filter(
        school_id=role.school_id
    )
    scans = access.involvement_scans_visible_to(request.user).filter(guardian=request.user)
    questionnaire = current_questionnaire()
    entries = []
    for child in children.select_related("group"):
        latest = scans.filter(student=child).order_by("-date").first()
        unfinished = (
            latest is not None
            and latest.version == questionnaire.version
            and not scoring.is_complete(questionnaire, latest.answers)
        )
        entries.append({"student": child, "latest": latest, "unfinished": unfinished})
    return render(request, "involvement/index.html", {"role": role, "entries": entries})


@login_required
def child(request: HttpRequest, student_id: int) -> HttpResponse:
    student = _own_child(request, student_id)
    scans = history_of(guardian=request.user, student=student)
    results = [result_of(scan) for scan in scans]
    complete = [result for result in results if result.complete]
    named = aspects(_language())
    context: dict[str, Any] = {
        "student": student,
        "results": [
            (result, [(aspect, result.means[aspect["key"]]) for aspect in named])
            for result in reversed(results)
        ],
        "aspects": named,
    }
    if len(complete) >= 2:
        context["trend"] = charts.trend([result.levels for result in complete])
        context["trend_dates"] = [result.scan.date for result in complete]
    return render(request, "involvement/child.html", context)


@login_required
@require_POST
def start(request: HttpRequest, student_id: int) -> HttpResponse:
    student = _own_child(request, student_id)
    scan = services.start_scan(guardian=request.user, student=student)  # type: ignore[arg-type]
    return redirect("involvement:fill", scan_id=scan.pk)


def _answers_from(request: HttpRequest) -> dict[str, int]:
    """The answers in a POST: item key -> 1..5; anything else is ignored."""
    questionnaire = current_questionnaire()
    found: dict[str, int] = {}
    for item in questionnaire.items:
        raw = request.POST.get(item.key, "")
        if raw.isdigit() and scoring.valid_answer(int(raw)):
            found[item.key] = int(raw)
    return found


def _fill_context(scan: Scan) -> dict[str, Any]:
    language = _language()
    data = content.scan_data()
    questionnaire = current_questionnaire()
    answered, total = scoring.progress(questionnaire, scan.answers)
    groups = []
    for aspect in aspects(language):
        items = [
            {
                "key": raw["key"],
                "text": content.pick(raw["text"], language),
                "answer": scan.answers.get(raw["key"]),
            }
            for raw in data["items"]
            if raw["aspect"] == aspect["key"]
        ]
        groups.append({"aspect": aspect, "items": items})
    return {
        "scan": scan,
        "groups": groups,
        "scale": [
            {"value": step["value"], "label": content.pick(step["label"], language)}
            for step in data["scale"]
        ],
        "answered": answered,
        "total": total,
        "editable": scan.version == questionnaire.version,
    }


@login_required
@require_http_methods(["GET", "POST"])
def fill(request: HttpRequest, scan_id: int) -> HttpResponse:
    scan = access.get_own_involvement_scan(request.user, scan_id)
    if request.method == "POST":
        # Without JavaScript the whole form comes at once; with it, each answer is
        # already saved by `answer` and this only moves on to the result.
        try:
            scan = services.record_answers(scan=scan, answers=_answers_from(request))
        except services.ScanClosed:
            return redirect("involvement:result", scan_id=scan.pk)
        answered, total = scoring.progress(current_questionnaire(), scan.answers)
        if answered < total:
            messages.warning(
                request,
                _("%(left)d of %(total)d statements still need an answer.")
                % {"left": total - answered, "total": total},
            )
            return redirect("involvement:fill", scan_id=scan.pk)
        return redirect("involvement:result", scan_id=scan.pk)
    return render(request, "involvement/fill.html", _fill_context(scan))


@login_required
@require_POST
def answer(request: HttpRequest, scan_id: int) -> HttpResponse:
    """Autosave of one answer (htmx): the answer is stored at once, so nothing is lost."""
    scan = access.get_own_involvement_scan(request.user, scan_id)
    answers = _answers_from(request)
    if not answers:
        return HttpResponse(_("Choose one of the answers."), status=400)
    try:
        scan = services.record_answers(scan=scan, answers=answers)
    except services.ScanClosed:
        return HttpResponse(_("This scan can no longer be changed."), status=409)
    if not _is_htmx(request):
        return redirect("involvement:fill", scan_id=scan.pk)
    answered, total = scoring.progress(current_questionnaire(), scan.answers)
    return render(
        request,
        "involvement/_saved.html",
        {"scan": scan, "answered": answered, "total": total},
    )


@login_required
def result(request: HttpRequest, scan_id: int) -> HttpResponse:
    scan = access.get_involvement_scan_for_user(request.user, scan_id)
    is_author = scan.guardian_id == request.user.pk
    if not is_author:
        # The mentor reads a scan a parent shared: a staff read of the child's file.
        note_student_read(
            user=request.user,  # type: ignore[arg-type]
            student=scan.student,
            action=AuditAction.VIEW_INVOLVEMENT_SCAN,
        )
    language = _language()
    outcome = result_of(scan)
    earlier_scans = (
        Scan.objects.filter(guardian=scan.guardian, student=scan.student, date__lt=scan.date)
        .select_related("student__school")
        .order_by("-date")
    )
    if not is_author:
        earlier_scans = earlier_scans.filter(shared_with_mentor=True)
    earlier = next(
        (r for r in (result_of(s) for s in earlier_scans[:5]) if r.complete),
        None,
    )
    changes = scoring.changes(earlier.levels, outcome.levels) if earlier else {}
    texts = content.findings_data()
    findings = [
        {"finding": finding, **content.localise(texts[finding.key], language)}
        for finding in outcome.interpretation.findings
    ]
    rows = [
        {
            **aspect,
            "mean": outcome.means[aspect["key"]],
            "level": outcome.levels[aspect["key"]],
            # The change of the 1–5 mean (a level step of 0.25 is one scale point).
            "change": None
            if changes.get(aspect["key"]) is None
            else round(changes[aspect["key"]] * 4, 1),  # type: ignore[operator]
        }
        for aspect in aspects(language)
    ]
    context: dict[str, Any] = {
        "scan": scan,
        "student": scan.student,
        "outcome": outcome,
        "rows": rows,
        "findings": findings,
        "is_author": is_author,
        "radar": charts.radar(outcome.levels, earlier.levels if earlier else None),
        "earlier": earlier,
        "age_years": None if outcome.age is None else int(outcome.age),
        "child_percent": None
        if outcome.interpretation.child_share is None
        else round(outcome.interpretation.child_share * 100),
        "parent_percent": None
        if outcome.interpretation.parent_share is None
        else round(outcome.interpretation.parent_share * 100),
        "curve": None
        if outcome.age is None
        else charts.responsibility_curve(outcome.age, scan.student.school.kind),
        "research": [
            {
                "age": figure.age,
                "parents": round(figure.parents * 100),
                "school": round(figure.school * 100),
                "source": figure.source,
            }
            for figure in age_model.RESEARCH_FIGURES
        ],
    }
    return render(request, "involvement/result.html", context)


@login_required
@require_POST
def share(request: HttpRequest, scan_id: int) -> HttpResponse:
    scan = access.get_own_involvement_scan(request.user, scan_id)
    shared = request.POST.get("share") == "1"
    services.set_shared_with_mentor(scan=scan, shared=shared)
    if shared:
        messages.success(request, _("The mentor can now see this scan."))
    else:
        messages.success(request, _("This scan is private again."))
    return redirect("involvement:result", scan_id=scan.pk)


# --- The parents' guide and the "who leads?" helper ----------------------------------


def _require_guide(request: HttpRequest) -> None:
    if not access.can_use_parents_guide(request.user):
        raise Http404


@login_required
def guide(request: HttpRequest) -> HttpResponse:
    _require_guide(request)
    language = _language()
    questions = [content.localise(q, language) for q in content.guide_questions()]
    return render(request, "involvement/guide.html", {"questions": questions})


@login_required
def guide_question(request: HttpRequest, slug: str) -> HttpResponse:
    _require_guide(request)
    raw = content.guide_question(slug)
    if raw is None:
        raise Http404
    language = _language()
    by_key = {aspect["key"]: aspect for aspect in aspects(language)}
    concerns = [content.localise(content.concern(c), language) for c in raw["concerns"]]
    return render(
        request,
        "involvement/guide_question.html",
        {
            "question": content.localise(raw, language),
            "question_aspects": [by_key[key] for key in raw["aspects"]],
            "concerns": concerns,
        },
    )


@login_required
def helper(request: HttpRequest) -> HttpResponse:
    _require_guide(request)
    language = _language()
    slug = request.GET.get("concern", "")
    chosen = content.concern(slug) if slug else None
    localised = content.localise(chosen, language) if chosen else None
    role = active_role(request)
    context: dict[str, Any] = {
        "concerns": [content.localise(c, language) for c in content.concerns()],
        "chosen": localised,
        "slug": slug if chosen else "",
        "hierarchy_rows": [
            (hierarchy, localised["leads"][hierarchy], localised["why"][hierarchy])
            for hierarchy in content.HIERARCHIES
        ]
        if localised
        else [],
        "for_staff": role is not None and role.kind != RoleKind.GUARDIAN,
    }
    template = "involvement/_helper_answer.html" if _is_htmx(request) else "involvement/helper.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
