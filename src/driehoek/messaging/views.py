"""Messaging pages. Each view's first line fetches its object through
`driehoek.accounts.access` (404 for outsiders, never 403)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from driehoek.accounts import access
from driehoek.accounts.access import Relation
from driehoek.accounts.models import User
from driehoek.messaging import balance, selectors, services
from driehoek.messaging.forms import (
    AddStaffForm,
    MessageForm,
    PreferenceForm,
    QuietHoursForm,
    ThreadForm,
)
from driehoek.messaging.models import (
    Attachment,
    AuthorSide,
    Message,
    MessageKind,
    MessageRead,
    MessagingSettings,
    Thread,
    ThreadStaff,
)
from driehoek.messaging.rules import safe_download_name
from driehoek.roster.models import School, Student
from driehoek.roster.selectors import mentors_of


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _kind_choices(selected: str = "", suggested: balance.Kind | None = None) -> dict[str, Any]:
    return {
        "kinds": MessageKind.choices,
        "selected": selected,
        "suggested": str(suggested) if suggested else "",
        "suggested_label": MessageKind(suggested).label if suggested else "",
    }


# --- Lists ----------------------------------------------------------------------------


def _thread_rows(request: HttpRequest, threads: Any) -> Any:
    """Threads with their number of messages and, for staff, how many they have not
    read (read receipts are kept for staff only)."""
    user = _user(request)
    unread = (
        Message.objects.filter(thread=OuterRef("pk"))
        .exclude(author=user)
        .exclude(reads__user=user)
        .order_by()
        .values("thread")
        .annotate(count=Count("pk"))
        .values("count")
    )
    rows = threads.select_related("student", "household").annotate(
        message_count=Count("messages", distinct=True)
    )
    if access.is_school_staff(user):
        rows = rows.annotate(unread=Coalesce(Subquery(unread), 0))
    return rows


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Every thread the user takes part in, newest first."""
    threads = _thread_rows(request, access.threads_visible_to(request.user))
    students = access.students_by_relation(request.user, Relation.GUARDIAN) | (
        access.students_by_relation(request.user, Relation.MENTOR)
    )
    context = {
        "threads": threads[:100],
        "can_start": students.exists(),
        "children": access.students_by_relation(request.user, Relation.GUARDIAN).order_by(
            "first_name"
        ),
        "mentored_groups": access.groups_mentored_by(request.user),
        "is_staff_side": access.is_school_staff(request.user),
    }
    return render(request, "messaging/inbox.html", context)


def _student_for_messaging(request: HttpRequest, student_id: int) -> Student:
    student = access.get_student_for_user(request.user, student_id)
    if not (
        access.can_start_thread(request.user, student)
        or access.threads_visible_to(request.user).filter(student=student).exists()
    ):
        raise Http404
    return student


def _student_page(
    request: HttpRequest, student: Student, form: ThreadForm | None = None, status: int = 200
) -> HttpResponse:
    user = _user(request)
    may_start = access.can_start_thread(user, student)
    is_guardian = Relation.GUARDIAN in access.relations_to_student(user, student)
    household = access.household_of_guardian(user, student) if is_guardian else None
    if may_start and form is None:
        draft = services.draft_text(user=user, key=f"student:{student.pk}")
        form = ThreadForm(
            may_choose_household=household is not None,
            households=[] if is_guardian else selectors.households_of(student),
            initial={"body": draft},
        )
    selected = form["kind"].value() if form is not None else ""
    suggested = balance.suggest_kind(form["body"].value() or "") if form is not None else None
    context = {
        "student": student,
        "threads": _thread_rows(request, access.threads_visible_to(user).filter(student=student)),
        "form": form if may_start else None,
        "nudge": selectors.nudge_for_writer(user=user, student=student) if may_start else None,
        "is_staff_side": not is_guardian,
        "draft_key": f"student:{student.pk}",
        **_kind_choices(selected or "", suggested),
    }
    return render(request, "messaging/student.html", context, status=status)


@login_required
def student_threads(request: HttpRequest, student_id: int) -> HttpResponse:
    student = _student_for_messaging(request, student_id)
    return _student_page(request, student)


@login_required
@require_POST
def thread_new(request: HttpRequest, student_id: int) -> HttpResponse:
    student = access.get_student_for_user(request.user, student_id)
    if not access.can_start_thread(request.user, student):
        raise Http404
    user = _user(request)
    is_guardian = Relation.GUARDIAN in access.relations_to_student(user, student)
    household = access.household_of_guardian(user, student) if is_guardian else None
    # The mentor may choose one of the child's own households, never another's.
    households = [] if is_guardian else selectors.households_of(student)
    form = ThreadForm(
        request.POST,
        request.FILES,
        may_choose_household=household is not None,
        households=households,
    )
    if not form.is_valid():
        # Everything typed comes back (files cannot: the browser forgets them).
        return _student_page(request, student, form=form, status=400)
    data = form.cleaned_data
    if not is_guardian:
        chosen = data.get("for_household")
        household = next((h for h in households if h.pk == chosen), None)
        data["household_only"] = household is not None
    thread = services.start_thread(
        student=student,
        author=user,
        subject=data["subject"],
        body=data["body"],
        kind=MessageKind(data["kind"]),
        household=household if data.get("household_only") else None,
        files=data["attachments"],
    )
    services.discard_draft(user=user, key=f"student:{student.pk}")
    messages.success(request, _("Your message has been sent."))
    return redirect("messaging:thread", thread_id=thread.pk)


# --- One thread ---------------------------------------------------------------------


def _thread_page(
    request: HttpRequest, thread: Thread, form: MessageForm | None = None, status: int = 200
) -> HttpResponse:
    user = _user(request)
    side = selectors.side_of(user, thread.student)
    if side == AuthorSide.SCHOOL and request.method == "GET":
        services.mark_thread_read(thread=thread, user=user)
    thread_messages = (
        Message.objects.filter(thread=thread)
        .select_related("author")
        .prefetch_related(
            "attachments",
            Prefetch(
                "reads",
                queryset=MessageRead.objects.order_by("read_at"),
            ),
        )
    )
    thread_messages = list(thread_messages)
    for message in thread_messages:
        # Read receipts of staff: "seen by the mentor".
        message.seen_by = [read.user_label for read in message.reads.all()]  # type: ignore[attr-defined]
    draft_key = f"thread:{thread.pk}"
    form = form or MessageForm(initial={"body": services.draft_text(user=user, key=draft_key)})
    selected = form["kind"].value() or ""
    suggested = balance.suggest_kind(form["body"].value() or "") if form.is_bound else None
    may_add = access.can_add_staff_to_thread(user, thread)
    households = selectors.households_in_thread(thread) if side == AuthorSide.SCHOOL else []
    context = {
        "thread": thread,
        "student": thread.student,
        "thread_messages": thread_messages,
        "form": form,
        "side": side,
        "is_staff_side": side == AuthorSide.SCHOOL,
        "home_households": households,
        "added_staff": ThreadStaff.objects.filter(thread=thread).select_related("user"),
        "addable": (
            access.staff_addable_to_thread(thread)
            .exclude(user__in=ThreadStaff.objects.filter(thread=thread).values("user"))
            # The mentors take part already.
            .exclude(pk__in=mentors_of(student=thread.student).values("pk"))
            if may_add
            else []
        ),
        "may_add": may_add,
        "nudge": selectors.nudge_for_writer(user=user, student=thread.student),
        "draft_key": draft_key,
        **_kind_choices(selected, suggested),
    }
    return render(request, "messaging/thread.html", context, status=status)


@login_required
def thread_detail(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = access.get_thread_for_user(request.user, thread_id)
    return _thread_page(request, thread)


@login_required
@require_POST
def reply(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = access.get_thread_for_user(request.user, thread_id)
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        return _thread_page(request, thread, form=form, status=400)
    message = services.post_message(
        thread=thread,
        author=_user(request),
        body=form.cleaned_data["body"],
        kind=MessageKind(form.cleaned_data["kind"]),
        files=form.cleaned_data["attachments"],
    )
    services.discard_draft(user=_user(request), key=f"thread:{thread.pk}")
    url = reverse("messaging:thread", kwargs={"thread_id": thread.pk})
    return redirect(f"{url}#message-{message.pk}")


@login_required
@require_POST
def add_staff(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = access.get_thread_for_user(request.user, thread_id)
    if not access.can_add_staff_to_thread(request.user, thread):
        raise Http404
    form = AddStaffForm(request.POST)
    member = None
    if form.is_valid():
        member = (
            access.staff_addable_to_thread(thread)
            .filter(pk=form.cleaned_data["staff_member"])
            .select_related("user")
            .first()
        )
    if member is None or member.user is None:
        messages.error(request, _("This teacher cannot be added to this conversation."))
    else:
        services.add_staff_to_thread(thread=thread, user=member.user, added_by=_user(request))
        messages.success(
            request, _("%(name)s now takes part in this conversation.") % {"name": member}
        )
    return redirect("messaging:thread", thread_id=thread.pk)


@login_required
def attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Always a download, never shown inline; the browser may not guess another type."""
    found: Attachment = access.get_attachment_for_user(request.user, attachment_id)
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=safe_download_name(found.original_name),
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def suggest(request: HttpRequest) -> HttpResponse:
    """The kind chips again, with the kind the text suggests marked (htmx, while typing).
    The writer's own choice stays selected: a suggestion never decides."""
    text = request.POST.get("body", "")[:5000]
    selected = request.POST.get("kind", "")
    if selected not in MessageKind.values:
        selected = ""
    context = _kind_choices(selected, balance.suggest_kind(text))
    return render(request, "messaging/kind_chips.html", context)


@login_required
@require_POST
def draft(request: HttpRequest) -> HttpResponse:
    """Save what is being typed (htmx, every few seconds). The key must name a thread the
    user takes part in or a child they may start a thread about; otherwise 404 (and 400
    when it names nothing at all)."""
    key = request.POST.get("key", "")
    kind, _sep, raw_id = key.partition(":")
    if kind not in ("thread", "student") or not raw_id.isdigit():
        return HttpResponseBadRequest()  # names nothing; nothing is revealed
    if kind == "thread":
        access.get_thread_for_user(request.user, int(raw_id))
    elif kind == "student":
        student = access.get_student_for_user(request.user, int(raw_id))
        if not access.can_start_thread(request.user, student):
            raise Http404
    else:
        raise Http404
    saved = services.save_draft(user=_user(request), key=key, body=request.POST.get("body", ""))
    return render(request, "messaging/draft_status.html", {"draft": saved})


# --- The balance of giving and receiving ------------------------------------------------


@login_required
def balance_page(request: HttpRequest) -> HttpResponse:
    """Your own side of the balance, per school where you wrote or may write."""
    user = _user(request)
    school_ids = set(access.threads_visible_to(user).values_list("school_id", flat=True).distinct())
    # A parent's schools count too when they only prepared conversations there.
    parent_schools = set(
        access.students_by_relation(user, Relation.GUARDIAN).values_list("school_id", flat=True)
    )
    schools = School.objects.filter(pk__in=school_ids | parent_schools).order_by("name")
    rows = [
        row
        for row in (selectors.own_balance(user=user, school=school) for school in schools)
        if row.school.pk in school_ids or row.gives + row.asks
    ]
    context = {
        "rows": rows,
        "mentored_groups": access.groups_mentored_by(user),
    }
    return render(request, "messaging/balance.html", context)


@login_required
def class_balance(request: HttpRequest, group_id: int) -> HttpResponse:
    group = access.get_group_for_user(request.user, group_id)
    if not access.can_view_class_balance(request.user, group):
        raise Http404
    rows = selectors.class_overview(user=_user(request), group=group)
    return render(request, "messaging/class_balance.html", {"group": group, "rows": rows})


# --- Settings --------------------------------------------------------------------------


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            services.set_email_mode(user=user, mode=form.cleaned_data["email_mode"])
            messages.success(request, _("Your choice has been saved."))
            return redirect("messaging:preferences")
        status = 400
    else:
        form = PreferenceForm(initial={"email_mode": services.email_mode_of(user)})
        status = 200
    return render(request, "messaging/preferences.html", {"form": form}, status=status)


@login_required
def school_settings(request: HttpRequest, school_id: int) -> HttpResponse:
    school = access.get_school_for_admin(request.user, school_id)
    current = MessagingSettings.objects.filter(school=school).first() or MessagingSettings()
    if request.method == "POST":
        form = QuietHoursForm(request.POST)
        if form.is_valid():
            services.update_quiet_hours(
                school=school,
                quiet_from=form.cleaned_data["quiet_from"],
                quiet_until=form.cleaned_data["quiet_until"],
                weekends=form.cleaned_data["quiet_weekends"],
            )
            messages.success(request, _("The quiet hours have been saved."))
            return redirect("messaging:school_settings", school_id=school.pk)
        status = 400
    else:
        form = QuietHoursForm(
            initial={
                "quiet_from": current.quiet_from,
                "quiet_until": current.quiet_until,
                "quiet_weekends": current.quiet_weekends,
            }
        )
        status = 200
    context = {"school": school, "form": form}
    return render(request, "messaging/school_settings.html", context, status=status)
