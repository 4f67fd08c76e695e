"""Triangle pages: the overview, opening a round, filling it in, a child's triangle and
the class view.

Every view's first line fetches its object through `driehoek.accounts.access` (404 for
outsiders). Writes go through `triangle.services`.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from driehoek.accounts import access
from driehoek.accounts.access import Relation, RoleKind
from driehoek.accounts.roles import active_role, require_role
from driehoek.audit.models import AuditAction
from driehoek.audit.services import note_student_read
from driehoek.roster.models import Group, GroupKind, School
from driehoek.triangle import csvsafe, selectors, services, trends
from driehoek.triangle import questionnaire as q
from driehoek.triangle.explanations import LEVELS, PAIR_LABELS, PATTERNS, explanation
from driehoek.triangle.models import RespondentRole, Response, Result, Round
from driehoek.triangle.pictures import picture, trend_line


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- Overview ---------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """What the user can do now, by the role they act in."""
    role = active_role(request)
    if role is None:
        raise Http404
    context: dict[str, object] = {"role": role}
    if role.kind in (RoleKind.GUARDIAN, RoleKind.STUDENT):
        relation = Relation.GUARDIAN if role.kind == RoleKind.GUARDIAN else Relation.SELF
        children = access.students_by_relation(request.user, relation).filter(
            school_id=role.school_id
        )
        context["children"] = [_child_card(request, student) for student in children]
        return render(request, "triangle/index_family.html", context)
    if role.kind in (RoleKind.MENTOR, RoleKind.ADMIN):
        rounds = access.triangle_rounds_managed_by(request.user).filter(school_id=role.school_id)
        context["rounds"] = rounds.select_related("group")
        context["can_open"] = bool(_groups_to_open_for(request, role.school_id)) or (
            role.kind == RoleKind.ADMIN
        )
        context["own_children_rounds"] = _mentor_todo(request, role.school_id)
        return render(request, "triangle/index_staff.html", context)
    raise Http404


def _child_card(request: HttpRequest, student: object) -> dict[str, object]:
    rounds = selectors.open_rounds_for(student=student)  # type: ignore[arg-type]
    mine = {
        (r.round_id, r.role): r
        for r in access.triangle_responses_of(request.user).filter(student=student)
    }
    todo = []
    for round in rounds:
        relation = access.triangle_respondent_relation(request.user, student)  # type: ignore[arg-type]
        role = services.ROLE_OF_RELATION.get(relation) if relation else None
        if role is None:
            continue
        todo.append(
            {"round": round, "response": mine.get((round.pk, role.value)), "as_child": False}
        )
        if (
            role == RespondentRole.GUARDIAN
            and student.user_id is None  # type: ignore[attr-defined]
            and selectors.child_voice_possible(student=student)  # type: ignore[arg-type]
        ):
            todo.append(
                {"round": round, "response": mine.get((round.pk, "student")), "as_child": True}
            )
    latest = selectors.latest_complete_result(student=student)  # type: ignore[arg-type]
    return {"student": student, "todo": todo, "latest": latest}


def _mentor_todo(request: HttpRequest, school_id: int) -> list[dict[str, object]]:
    """Open rounds with the mentees the mentor still has to answer about."""
    mentees = access.students_by_relation(request.user, Relation.MENTOR).filter(school_id=school_id)
    rounds = access.triangle_rounds_managed_by(request.user).filter(school_id=school_id)
    rows = []
    for round in rounds:
        if not round.is_open():
            continue
        covered = selectors.students_of_round(round=round).filter(pk__in=mentees.values("pk"))
        done = set(
            access.triangle_responses_of(request.user)
            .filter(round=round, submitted_at__isnull=False, role=RespondentRole.MENTOR)
            .values_list("student_id", flat=True)
        )
        students = list(covered.order_by("last_name", "first_name"))
        if students:
            rows.append(
                {
                    "round": round,
                    "students": [(s, s.pk in done) for s in students],
                    "done": len(done & {s.pk for s in students}),
                    "total": len(students),
                }
            )
    return rows


# --- Opening and closing rounds ----------------------------------------------------------


def _groups_to_open_for(request: HttpRequest, school_id: int) -> list[Group]:
    groups = access.groups_visible_to(request.user).filter(
        school_id=school_id, kind=GroupKind.CLASS
    )
    return [g for g in groups if access.can_open_triangle_round_for_group(request.user, g)]


class RoundForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=120)
    group = forms.ChoiceField(label=gettext_lazy("For"))
    opens_on = forms.DateField(
        label=gettext_lazy("Opens on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=gettext_lazy("Closes on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, groups: list[Group], whole_school: bool, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [(str(g.pk), g.name) for g in groups]
        if whole_school:
            choices.insert(0, ("school", str(gettext_lazy("The whole school"))))
        self.fields["group"].choices = choices

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:  # type: ignore[operator]
            raise ValidationError(_("The closing date must not be before the opening date."))
        return data


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    role = require_role(request, RoleKind.MENTOR, RoleKind.ADMIN)
    school = get_object_or_404(School, pk=role.school_id)
    groups = _groups_to_open_for(request, school.pk)
    whole_school = access.can_open_triangle_round_for_school(request.user, school)
    if not groups and not whole_school:
        raise Http404
    today = timezone.localdate()
    form = RoundForm(
        request.POST or None,
        groups=groups,
        whole_school=whole_school,
        initial={
            "title": _("Triangle check %(month)s") % {"month": _date_words(today)},
            "opens_on": today,
            "closes_on": today + datetime.timedelta(days=14),
        },
    )
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["group"]
        group = None if choice == "school" else next(g for g in groups if str(g.pk) == choice)
        round = services.open_round(
            opened_by=request.user,  # type: ignore[arg-type]
            school=school,
            group=group,
            title=form.cleaned_data["title"],
            opens_on=form.cleaned_data["opens_on"],
            closes_on=form.cleaned_data["closes_on"],
        )
        messages.success(request, _("The round is open. Everyone who is asked gets an e-mail."))
        return redirect("triangle:round", round_id=round.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "triangle/round_new.html", {"form": form}, status=status)


def _date_words(day: datetime.date) -> str:
    from django.utils.dateformat import format as date_format

    return date_format(day, "F Y")


@login_required
@require_POST
def round_close(request: HttpRequest, round_id: int) -> HttpResponse:
    round = access.get_triangle_round_to_manage(request.user, round_id)
    services.close_round(round=round)
    messages.success(request, _("The round is closed."))
    return redirect("triangle:round", round_id=round.pk)


@login_required
@require_POST
def round_remind(request: HttpRequest, round_id: int) -> HttpResponse:
    round = access.get_triangle_round_to_manage(request.user, round_id)
    count = services.send_reminders(round=round)
    if count:
        messages.success(request, _("Reminders sent: %(count)s.") % {"count": count})
    else:
        messages.info(
            request,
            _(
                "No reminders sent: everyone answered, the round is not open, or reminders "
                "already went out today."
            ),
        )
    return redirect("triangle:round", round_id=round.pk)


# --- The class view ----------------------------------------------------------------------

SORTS = {
    "name": lambda row: (row.student.last_name, row.student.first_name),
    "index": lambda row: (row.growth_space is None, row.growth_space or 0),
    "level": lambda row: (
        row.result is None or row.result.level is None,
        row.result.level if row.result and row.result.level is not None else 0,
    ),
    "drop": lambda row: (row.drop is None, -(row.drop or 0)),
}


@login_required
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    round = access.get_triangle_round_to_manage(request.user, round_id)
    covered = selectors.students_of_round(round=round).select_related("group")
    # Per-student shapes only for those whose triangle this user may see (the mentor).
    visible = covered.filter(pk__in=access.triangle_students_visible_to(request.user).values("pk"))
    rows = selectors.class_rows(round=round, students=visible)
    sort = request.GET.get("sort", "index")
    if sort not in SORTS:
        sort = "index"
    rows.sort(key=SORTS[sort])
    for row in rows:
        row.picture = (
            picture(row.result.sides, width=60, height=52, margin=6)
            if row.result and row.result.sides
            else None
        )  # type: ignore[attr-defined]
        row.name = explanation(row.result.shape if row.result else "insufficient").name  # type: ignore[attr-defined]
    responses = Response.objects.filter(round=round)
    context = {
        "round": round,
        "rows": rows,
        "sort": sort,
        "first": selectors.needs_conversation_first(rows),
        "counts": {
            "students": covered.count(),
            "submitted": responses.filter(submitted_at__isnull=False).count(),
            "started": responses.filter(submitted_at__isnull=True).count(),
            "complete": Result.objects.filter(round=round).exclude(shape="insufficient").count(),
        },
        "reliability": _labelled(selectors.reliability_report(responses=responses)),
        "sort_options": [
            ("index", _("growth space")),
            ("drop", _("largest drop")),
            ("level", _("level")),
            ("name", _("name")),
        ],
        "is_open": round.is_open(),
        "trend": _trend(selectors.class_trend(group=round.group)) if round.group else None,
    }
    return render(request, "triangle/round.html", context)


# --- Trends per class and per school (aggregates only) ----------------------------------


def _bar(shapes: dict[str, int]) -> list[dict[str, object]]:
    return [
        {
            "shape": seg.shape,
            "count": seg.count,
            "x": seg.x,
            "width": seg.width,
            "name": explanation(seg.shape).name,
        }
        for seg in trends.distribution_bar(shapes, width=120)
    ]


def _trend(rows: list[tuple[Round, trends.Summary]]) -> dict[str, object]:
    """What the trend include draws: a table per round with a shape bar, and two lines."""
    index_points, index_line = trends.line(
        [(r.title, s.mean_index) for r, s in rows], low=0.0, high=1.0
    )
    level_points, level_line = trends.line(
        [(r.title, s.mean_level) for r, s in rows], low=1.0, high=5.0
    )
    return {
        "rows": [{"round": r, "summary": s, "bar": _bar(s.shapes)} for r, s in rows],
        "index_points": index_points,
        "index_line": index_line,
        "level_points": level_points,
        "level_line": level_line,
        "legend": [(shape, explanation(shape).name) for shape in trends.SHAPE_ORDER],
        "small_group": trends.SMALL_GROUP,
    }


@login_required
def school_overview(request: HttpRequest, school_id: int) -> HttpResponse:
    """The administrator's overview: per class the latest aggregate and its trend, and the
    school's trend over its rounds. Aggregates only; no child's triangle or answers."""
    school = access.get_school_for_admin(request.user, school_id)
    classes = []
    for group in Group.objects.filter(school=school, kind=GroupKind.CLASS).order_by("name"):
        rows = selectors.class_trend(group=group)
        latest = rows[-1] if rows else None
        points, polyline = trends.line(
            [(r.title, s.mean_index) for r, s in rows],
            low=0.0,
            high=1.0,
            width=120,
            height=40,
            margin=6,
        )
        classes.append(
            {
                "group": group,
                "round": latest[0] if latest else None,
                "summary": latest[1] if latest else None,
                "bar": _bar(latest[1].shapes) if latest else [],
                "points": points,
                "polyline": polyline,
            }
        )
    context = {
        "school": school,
        "classes": classes,
        "without": [c["group"].name for c in classes if c["round"] is None],
        "trend": _trend(selectors.school_trend(school=school)),
    }
    return render(request, "triangle/school.html", context)


REASONS = {
    "drop": gettext_lazy("growth space fell"),
    "low": gettext_lazy("low growth space"),
    "missing": gettext_lazy("a voice is missing"),
}
VOICES = {
    "guardian": gettext_lazy("parents"),
    "student": gettext_lazy("student"),
    "mentor": gettext_lazy("mentor"),
}


@login_required
def round_first_csv(request: HttpRequest, round_id: int) -> HttpResponse:
    """ "Who needs a conversation first" as CSV for the mentor: the same list and the same
    students as on the class view (only those whose triangle this user may see)."""
    from django.utils.formats import number_format

    round = access.get_triangle_round_to_manage(request.user, round_id)
    covered = selectors.students_of_round(round=round).select_related("group")
    visible = covered.filter(pk__in=access.triangle_students_visible_to(request.user).values("pk"))
    rows = selectors.class_rows(round=round, students=visible)

    def number(value: float | None, places: int) -> str:
        return "" if value is None else number_format(value, places)

    table: list[list[object]] = [
        [
            _("Student"),
            _("Class"),
            _("Reason"),
            _("Growth space"),
            pgettext("triangle", "Level"),
            _("Fall since the previous round"),
            _("Missing voices"),
            _("Shape"),
        ]
    ]
    for row, reason in selectors.needs_conversation_first(rows):
        table.append(
            [
                row.student.full_name,
                row.student.group.name if row.student.group else "",
                REASONS[reason],
                number(row.growth_space, 2),
                number(row.result.level if row.result else None, 1),
                number(row.drop, 2),
                ", ".join(str(VOICES[v]) for v in row.missing),
                explanation(row.result.shape if row.result else "insufficient").name,
            ]
        )
    response = HttpResponse(
        "\ufeff" + csvsafe.to_csv(table), content_type="text/csv; charset=utf-8"
    )
    filename = f"triangle-first-{round.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _labelled(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    language = translation.get_language() or "nl"
    for row in rows:
        form = q.questionnaire(str(row["questionnaire"]), str(row["version"]))
        row["questionnaire_label"] = form.title(language)
        row["pair_label"] = PAIR_LABELS[str(row["pair"])]
    return rows


# --- Filling in -----------------------------------------------------------------------------


def _respond_target(
    request: HttpRequest, round_id: int, student_id: int
) -> tuple[Round, object, RespondentRole, bool]:
    """The round, student and role the user answers in; 404 if they may not."""
    student = access.get_student_for_user(request.user, student_id)
    relation = access.triangle_respondent_relation(request.user, student)
    if relation is None:
        raise Http404
    round = get_object_or_404(Round, pk=round_id, school_id=student.school_id)
    if not selectors.round_covers(round=round, student=student):
        raise Http404
    as_child = request.GET.get("as") == "child" or request.POST.get("as") == "child"
    role = services.ROLE_OF_RELATION[relation]
    if as_child:
        if (
            role != RespondentRole.GUARDIAN
            or student.user_id is not None
            or not selectors.child_voice_possible(student=student)
        ):
            raise Http404
        role = RespondentRole.STUDENT
    return round, student, role, as_child


def _own_response(
    request: HttpRequest, round: Round, student: object, role: RespondentRole
) -> Response | None:
    return (
        access.triangle_responses_of(request.user)
        .filter(round=round, student=student, role=role)
        .first()
    )


def _items(
    form: q.Questionnaire, answers: dict[str, int], language: str
) -> list[dict[str, object]]:
    return [
        {
            "key": item.key,
            "text": item.text(language),
            "value": answers.get(item.key),
            "pair": PAIR_LABELS[item.pair],
        }
        for item in form.items
    ]


@login_required
def respond(request: HttpRequest, round_id: int, student_id: int) -> HttpResponse:
    round, student, role, as_child = _respond_target(request, round_id, student_id)
    response = _own_response(request, round, student, role)
    kind = response.kind if response else selectors.questionnaire_kind(role=role, student=student)  # type: ignore[arg-type]
    form = q.questionnaire(kind, round.questionnaire_version)
    answers = selectors.answers_of(response=response) if response else {}
    language = translation.get_language() or "nl"
    context = {
        "round": round,
        "student": student,
        "role": role,
        "as_child": as_child,
        "response": response,
        "questionnaire_title": form.title(language),
        "items": _items(form, answers, language),
        "scale": [(p.value, p.text(language)) for p in form.scale],
        "is_open": round.is_open(),
        "answered": len(answers),
        "total": len(form.items),
    }
    return render(request, "triangle/respond.html", context)


def _save_posted(request: HttpRequest, response: Response) -> int:
    form = q.questionnaire(response.kind, response.round.questionnaire_version)
    saved = 0
    for item in form.items:
        raw = request.POST.get(f"a_{item.key}")
        if raw in {"1", "2", "3", "4", "5"}:
            services.save_answer(response=response, item=item.key, value=int(raw))
            saved += 1
    return saved


@login_required
@require_POST
def answer(request: HttpRequest, round_id: int, student_id: int) -> HttpResponse:
    """Autosave: store the answers posted (htmx sends the form on every change)."""
    round, student, role, as_child = _respond_target(request, round_id, student_id)
    try:
        response = services.start_response(
            round=round, student=student, user=request.user, as_child=as_child
        )  # type: ignore[arg-type]
        _save_posted(request, response)
    except services.RoundClosed:
        return render(request, "triangle/_saved.html", {"closed": True}, status=409)
    except PermissionError:
        raise Http404 from None
    answered = response.answers.count()
    context = {
        "saved_at": timezone.localtime(),
        "answered": answered,
        "total": len(q.questionnaire(response.kind, round.questionnaire_version).items),
    }
    if _is_htmx(request):
        return render(request, "triangle/_saved.html", context)
    return redirect(_respond_url(round, student, as_child))


def _respond_url(round: Round, student: object, as_child: bool) -> str:
    from django.urls import reverse

    url = reverse("triangle:respond", kwargs={"round_id": round.pk, "student_id": student.pk})  # type: ignore[attr-defined]
    return url + ("?as=child" if as_child else "")


@login_required
@require_POST
def submit(request: HttpRequest, round_id: int, student_id: int) -> HttpResponse:
    """Save what is posted (works without JavaScript) and hand the answers in."""
    round, student, role, as_child = _respond_target(request, round_id, student_id)
    try:
        response = services.start_response(
            round=round, student=student, user=request.user, as_child=as_child
        )  # type: ignore[arg-type]
        _save_posted(request, response)
        services.submit_response(response=response)
    except services.RoundClosed:
        messages.error(request, _("This round is closed; answers can no longer be changed."))
        return redirect(_respond_url(round, student, as_child))
    except PermissionError:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_respond_url(round, student, as_child))
    if role == RespondentRole.STUDENT and not as_child:
        messages.success(request, pgettext("to a student", "Thank you! Your answers are in."))
    else:
        messages.success(request, _("Thank you! Your answers have been handed in."))
    # The mentor answers for a whole class: back to the list for the next student.
    if role != RespondentRole.MENTOR and access.can_view_triangle(request.user, student):  # type: ignore[arg-type]
        return redirect("triangle:student", student_id=student.pk)  # type: ignore[attr-defined]
    return redirect("triangle:index")


# --- A child's triangle ---------------------------------------------------------------------


def audience_of(user: object, student: object) -> str:
    relations = access.relations_to_student(user, student)  # type: ignore[arg-type]
    if Relation.GUARDIAN in relations:
        return "parent"
    if Relation.SELF in relations:
        return "student"
    return "mentor"


def triangle_context(
    user: object, student: object, result: Result | None, *, width: int = 300
) -> dict[str, object]:
    shape = result.shape if result else "insufficient"
    text = explanation(shape)
    sides = result.sides if result else None
    return {
        "result": result,
        "explanation": text,
        "audience": audience_of(user, student),
        "picture": picture(sides, width=width, height=int(width * 0.83)) if sides else None,
        "level_word": LEVELS.get(_level_class(result.level))
        if result and result.level is not None
        else None,
        "pattern_text": PATTERNS.get(result.pattern) if result and result.pattern else None,
    }


def _level_class(level: float) -> str:
    from driehoek.triangle.geometry import level_class

    return level_class(level)


@login_required
def student_triangle(request: HttpRequest, student_id: int) -> HttpResponse:
    student = access.get_student_for_user(request.user, student_id)
    if not access.can_view_triangle(request.user, student):
        raise Http404
    note_student_read(user=request.user, student=student, action=AuditAction.VIEW_TRIANGLE)  # type: ignore[arg-type]
    results = list(selectors.results_of(student=student))
    complete = [r for r in results if r.is_complete]
    latest = complete[-1] if complete else (results[-1] if results else None)
    trend = [
        {
            "result": r,
            "picture": picture(r.sides, width=80, height=70, margin=8) if r.sides else None,
            "name": explanation(r.shape).name,
        }
        for r in results
    ]
    points, polyline = trend_line(
        [(r.round.title, r.growth_space) for r in complete if r.growth_space is not None]
    )
    context = {
        "student": student,
        "trend": trend,
        "trend_points": points,
        "trend_polyline": polyline,
        "open_rounds": _child_card(request, student)["todo"],
        **triangle_context(request.user, student, latest),
    }
    return render(request, "triangle/student.html", context)
