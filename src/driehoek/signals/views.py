"""Signal pages: the signals a user may see, a student's signals with their evidence, the
mentor's decisions, the mentor's class overview, and for administrators the data
import and the school overview with plots and a CSV export."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from driehoek.accounts import access
from driehoek.audit.models import AuditAction
from driehoek.audit.services import note_student_read
from driehoek.signals import charts, explain, selectors, services
from driehoek.signals.forms import ConversationForm, DismissForm, SnoozeForm, UploadForm
from driehoek.signals.models import DataImportJob, Signal, SignalKind, SignalStatus
from driehoek.triangle.csvsafe import to_csv

RECENT_JOBS = 10


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _card(signal: Signal, user: Any) -> dict[str, Any]:
    """A signal with its words, for the templates."""
    words = explain.wording(signal)
    as_mentor = access.can_act_on_signal(user, signal)
    is_guardian = access.Relation.GUARDIAN in access.relations_to_student(user, signal.student)
    return {
        "signal": signal,
        "title": words.title,
        "summary": explain.summary_text(signal),
        "why": words.why,
        "step": words.guardian_step if is_guardian and not as_mentor else words.mentor_step,
        "can_act": as_mentor,
    }


def _snooze_default() -> str:
    """Two weeks from today: the date a snooze form starts with."""
    return (timezone.localdate() + datetime.timedelta(weeks=2)).isoformat()


# --- Lists ---------------------------------------------------------------------------------


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The open signals this user may see, grouped by student."""
    today = timezone.localdate()
    signals = list(selectors.open_signals_visible_to(request.user, today=today)[:500])  # type: ignore[arg-type]
    by_student: dict[int, dict[str, Any]] = {}
    for signal in signals:
        entry = by_student.setdefault(signal.student_id, {"student": signal.student, "cards": []})
        entry["cards"].append({"signal": signal, "title": explain.wording(signal).title})
    return render(
        request,
        "signals/inbox.html",
        {
            "students": list(by_student.values()),
            "classes": access.groups_mentored_by(request.user).order_by("name"),
        },
    )


@login_required
def student(request: HttpRequest, student_id: int) -> HttpResponse:
    found = access.get_student_for_user(request.user, student_id)
    if not access.can_view_signals_of(request.user, found):
        raise Http404
    today = timezone.localdate()
    signals = list(selectors.signals_of_student(request.user, found))  # type: ignore[arg-type]
    open_, snoozed, closed = selectors.split_by_state(signals, today=today)
    note_student_read(
        user=request.user,  # type: ignore[arg-type]
        student=found,
        action=AuditAction.VIEW_STUDENT,
        detail="signals",
    )
    return render(
        request,
        "signals/student.html",
        {
            "student": found,
            "open_cards": [_card(s, request.user) for s in open_],
            "snoozed": snoozed,
            "closed": closed,
            "snooze_default": _snooze_default(),
        },
    )


@login_required
def detail(request: HttpRequest, signal_id: int) -> HttpResponse:
    """One signal with its evidence table (an HTMX fragment when asked from a list)."""
    signal = access.get_signal_for_user(request.user, signal_id)
    note_student_read(
        user=request.user,  # type: ignore[arg-type]
        student=signal.student,
        action=AuditAction.VIEW_STUDENT,
        detail=f"signal {signal.kind}",
    )
    context = {
        **_card(signal, request.user),
        "student": signal.student,
        "measures": explain.measures_table(signal),
        "tables": explain.evidence_tables(signal),
        "snooze_default": _snooze_default(),
    }
    if _is_htmx(request):
        return render(request, "signals/includes/evidence.html", context)
    return render(request, "signals/detail.html", context)


# --- The mentor's decisions ------------------------------------------------------------------


def _signal_to_act_on(request: HttpRequest, signal_id: int) -> Signal:
    signal = access.get_signal_for_user(request.user, signal_id)
    if not access.can_act_on_signal(request.user, signal):
        raise Http404
    return signal


def _back(request: HttpRequest, signal: Signal) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("signals:student", student_id=signal.student_id)


@login_required
@require_POST
def dismiss(request: HttpRequest, signal_id: int) -> HttpResponse:
    signal = _signal_to_act_on(request, signal_id)
    form = DismissForm(request.POST)
    if form.is_valid():
        services.dismiss_signal(
            signal=signal,
            user=request.user,  # type: ignore[arg-type]
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Signal dismissed. It will not come back for the same data."))
    else:
        messages.error(request, _("The note is too long."))
    return _back(request, signal)


@login_required
@require_POST
def snooze(request: HttpRequest, signal_id: int) -> HttpResponse:
    signal = _signal_to_act_on(request, signal_id)
    form = SnoozeForm(request.POST)
    if form.is_valid():
        until = form.cleaned_data["until"]
        services.snooze_signal(
            signal=signal,
            user=request.user,  # type: ignore[arg-type]
            until=until,
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("Snoozed until %(date)s.") % {"date": date_format(until, "j F Y")},
        )
    else:
        errors = form.errors.get("until") or [_("Choose a day after today.")]
        messages.error(request, str(errors[0]))
    return _back(request, signal)


@login_required
def conversation(request: HttpRequest, signal_id: int) -> HttpResponse:
    """Turn a signal into a planned conversation about a concern with the family. Planned
    only: nothing is sent; the mentor invites the family as they always do."""
    signal = _signal_to_act_on(request, signal_id)
    if signal.status == SignalStatus.CONVERSATION and signal.conversation_id:
        return redirect("conversations:detail", conversation_id=signal.conversation_id)
    words = explain.wording(signal)
    initial = {
        "topic": str(words.title),
        "starts_at": timezone.localtime().replace(hour=15, minute=30, second=0, microsecond=0)
        + datetime.timedelta(days=3),
    }
    form = ConversationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        planned = services.signal_to_conversation(
            signal=signal,
            user=request.user,  # type: ignore[arg-type]
            starts_at=form.cleaned_data["starts_at"],
            topic=form.cleaned_data["topic"],
        )
        messages.success(
            request,
            _("Conversation planned. Invite the family in your own words; nothing was sent."),
        )
        return redirect("conversations:detail", conversation_id=planned.pk)
    return render(
        request,
        "signals/conversation.html",
        {**_card(signal, request.user), "form": form},
        status=400 if form.errors else 200,
    )


# --- The mentor's class overview -----------------------------------------------------------------


@login_required
def class_overview(request: HttpRequest, group_id: int) -> HttpResponse:
    group = access.get_group_for_user(request.user, group_id)
    if not access.can_view_class_signals(request.user, group):
        raise Http404
    from driehoek.triangle.explanations import explanation

    rows = selectors.class_overview(user=request.user, group=group)  # type: ignore[arg-type]
    shapes = {row.student.pk: explanation(row.shape).name for row in rows if row.shape}
    return render(
        request,
        "signals/class_overview.html",
        {
            "group": group,
            "rows": rows,
            "shapes": shapes,
            "with_signals": sum(1 for row in rows if row.signals),
            "titles": {kind: explain.WORDINGS[kind].title for kind in SignalKind.values},
        },
    )


# --- Administrators: overview, plots, CSV, settings -----------------------------------------------


def _weeks_labels(overview: selectors.SchoolOverview) -> list[str]:
    return [date_format(week.week, "j M") for week in overview.weeks]


def _month_labels(months: list[Any]) -> list[str]:
    return [date_format(month.month, "M") for month in months]


@login_required
def school(request: HttpRequest, school_id: int) -> HttpResponse:
    found = access.get_school_for_admin(request.user, school_id)
    overview = selectors.school_overview(school=found)
    settings = services.settings_of(school=found)
    kinds = [(explain.WORDINGS[kind].title, n) for kind, n in overview.by_kind.items()]
    balance_rows = [
        (label, home, school_side)
        for label, home, school_side in zip(
            _month_labels(overview.balance_home),
            overview.balance_home,
            overview.balance_school,
            strict=True,
        )
    ]
    return render(
        request,
        "signals/school.html",
        {
            "school": found,
            "overview": overview,
            "kinds": kinds,
            "week_rows": list(zip(_weeks_labels(overview), overview.weeks, strict=True)),
            "balance_rows": balance_rows,
            "settings": settings,
            "jobs": selectors.recent_imports(school=found, limit=3),
        },
    )


CHARTS = ("weeks", "classes", "balance")


@login_required
def chart(request: HttpRequest, school_id: int, name: str) -> HttpResponse:
    found = access.get_school_for_admin(request.user, school_id)
    if name not in CHARTS:
        raise Http404
    overview = selectors.school_overview(school=found)
    if name == "weeks":
        svg = charts.weekly_signals(
            _weeks_labels(overview),
            [week.detected for week in overview.weeks],
            [week.closed for week in overview.weeks],
            legend=(_("new signals"), _("acted on")),
        )
    elif name == "classes":
        svg = charts.per_class(
            [row.group.name for row in overview.classes],
            [row.open for row in overview.classes],
            xlabel=_("open signals"),
        )
    else:
        svg = charts.balance(
            _month_labels(overview.balance_home),
            [(m.gives, m.asks) for m in overview.balance_home],
            [(m.gives, m.asks) for m in overview.balance_school],
            legend=(_("from home"), _("from school")),
        )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def school_csv(request: HttpRequest, school_id: int) -> HttpResponse:
    """The overview per class as a spreadsheet; every cell neutralised against formulas."""
    found = access.get_school_for_admin(request.user, school_id)
    overview = selectors.school_overview(school=found)
    kinds = list(SignalKind.values)
    header = [
        _("Class"),
        _("Students"),
        _("Open signals"),
        *[str(explain.WORDINGS[kind].title) for kind in kinds],
    ]
    rows: list[list[object]] = [header]
    for row in overview.classes:
        rows.append(
            [row.group.name, row.students, row.open, *[row.by_kind.get(k, 0) for k in kinds]]
        )
    rows.append([])
    rows.append([_("Families"), overview.families])
    rows.append([_("Families contacted this term"), overview.families_contacted])
    for name, rate, asked in overview.response:
        shown = "" if rate is None else f"{round(100 * rate)}%"
        rows.append([_("Triangle check %(name)s: complete") % {"name": name}, shown, asked])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="signals-{found.brin}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    response.write(to_csv(rows))
    return response


@login_required
@require_POST
def school_settings(request: HttpRequest, school_id: int) -> HttpResponse:
    found = access.get_school_for_admin(request.user, school_id)
    share = request.POST.get("share_with_guardians") == "on"
    services.set_share_with_guardians(school=found, share=share)
    messages.success(
        request,
        _("Parents now see the open signals about their own child.")
        if share
        else _("Signals are for staff only."),
    )
    return redirect("signals:school", school_id=found.pk)


# --- Administrators: importing school data ---------------------------------------------


@login_required
def upload(request: HttpRequest, school_id: int) -> HttpResponse:
    found = access.get_school_for_admin(request.user, school_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.start_import_job(
            school=found,
            user=request.user,  # type: ignore[arg-type]
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["data"],
            skip_invalid=form.cleaned_data["skip_invalid"],
        )
        return redirect("signals:job", job_id=job.pk)
    jobs = access.data_imports_visible_to(request.user).filter(school=found)[:RECENT_JOBS]
    return render(
        request,
        "signals/upload.html",
        {"school": found, "form": form, "jobs": jobs},
        status=400 if form.errors else 200,
    )


PROBLEM_TEXTS = {
    "unknown_student": lambda p: (
        _("unknown student number %(number)s at this school")
        % {"number": p.get("params", {}).get("number", "")}
    ),
    "duplicate": lambda p: (
        _("the same row as line %(first)s") % {"first": p.get("params", {}).get("first", "")}
    ),
    "too_long": lambda p: (
        _("longer than %(max)s characters") % {"max": p.get("params", {}).get("max", "")}
    ),
    "bad_grade": lambda p: _("not a grade from 1 to 10"),
    "bad_weight": lambda p: _("not a weight"),
    "bad_status": lambda p: _("unknown attendance status"),
}


def problem_text(problem: dict[str, Any]) -> str:
    """A remark in the reader's language: the readers keep an English msgid and its
    parameters beside the filled-in message; our own checks keep a code."""
    shown = PROBLEM_TEXTS.get(problem.get("code", ""))
    if shown:
        return shown(problem)
    template = problem.get("template")
    if template:
        try:
            return gettext(template) % (problem.get("params") or {})
        except (KeyError, TypeError, ValueError):
            pass
    return str(problem.get("message", ""))


def _job_context(job: DataImportJob) -> dict[str, Any]:
    report = job.report or job.check_report or {}
    problems = [
        {**problem, "text": problem_text(problem)} for problem in report.get("problems", [])[:200]
    ]
    return {
        "job": job,
        "school": job.school,
        "report": report,
        "problems": problems,
        "more_problems": max(0, len(report.get("problems", [])) - 200),
    }


@login_required
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    found = access.get_data_import_for_admin(request.user, job_id)
    if _is_htmx(request):
        return render(request, "signals/includes/job_status.html", _job_context(found))
    return render(request, "signals/job.html", _job_context(found))


@login_required
@require_POST
def confirm(request: HttpRequest, job_id: int) -> HttpResponse:
    found = access.get_data_import_for_admin(request.user, job_id)
    if not services.confirm_import_job(job=found):
        messages.info(request, _("This file is not waiting for confirmation."))
    return redirect(reverse("signals:job", kwargs={"job_id": found.pk}))
