"""Conversation pages: my conversations, one conversation (guide, preparation, record,
agreements), parent evenings, the PDF record and the calendar.

Each view's first line fetches its object through `driehoek.accounts.access` (404 for
anyone who may not see it); the named predicates there decide what a page offers.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from driehoek.accounts import access
from driehoek.accounts.access import Relation
from driehoek.conversations import ical, pdf, services
from driehoek.conversations.cancelling import family_cancel_deadline
from driehoek.conversations.forms import (
    AgreementForm,
    AgreementStatusForm,
    ConversationForm,
    EveningDetailsForm,
    EveningForm,
    EveningInterpreterForm,
    EveningTeacherForm,
    PhaseNoteForm,
    PreparationForm,
    RecordForm,
)
from driehoek.conversations.models import (
    START_PHASES,
    AgreementStatus,
    Booking,
    CalendarFeed,
    Conversation,
    ConversationKind,
    EveningInterpreter,
    EveningMode,
    EveningRequest,
    EveningStatus,
    EveningTeacher,
    FamilyWindow,
    InterpreterLanguage,
    NeededMark,
    Side,
    Slot,
    StartPhase,
)
from driehoek.conversations.phases import PHASE_GUIDE
from driehoek.conversations.planning import series_evenings
from driehoek.messaging.balance import suggest_kind
from driehoek.messaging.models import MessageKind
from driehoek.roster.models import StaffMember, StaffRoleKind, Student

# --- My conversations and agreements ------------------------------------------------------


@login_required
def conversation_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    visible = (
        access.conversations_visible_to(request.user)
        .select_related("student")
        .order_by("starts_at")
    )
    context = {
        "upcoming": visible.filter(starts_at__gte=now - timezone.timedelta(hours=2)),
        "past": visible.filter(starts_at__lt=now - timezone.timedelta(hours=2)).order_by(
            "-starts_at"
        )[:50],
        "mentees": access.students_by_relation(request.user, Relation.MENTOR).order_by(
            "last_name", "first_name"
        ),
    }
    return render(request, "conversations/list.html", context)


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = (
        access.agreements_visible_to(request.user)
        .select_related("student", "conversation")
        .order_by("due_on", "pk")
    )
    context = {
        "open": agreements.filter(status=AgreementStatus.OPEN),
        "closed": agreements.exclude(status=AgreementStatus.OPEN).order_by("-created_at")[:30],
        "statuses": AgreementStatus,
    }
    return render(request, "conversations/agreements.html", context)


@login_required
def conversation_new(request: HttpRequest, student_id: int) -> HttpResponse:
    student = _mentee_or_404(request, student_id)
    form = ConversationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        conversation = services.plan_conversation(
            student=student,
            created_by=request.user,
            kind=ConversationKind(data["kind"]),
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            video_link=data["video_link"],
            with_student=data["with_student"],
            topic=data["topic"],
        )
        messages.success(request, _("The conversation is planned."))
        return redirect("conversations:detail", conversation_id=conversation.pk)
    return render(request, "conversations/new.html", {"student": student, "form": form})


def _mentee_or_404(request: HttpRequest, student_id: int) -> Student:
    student = access.get_student_for_user(request.user, student_id)
    if not access.students_by_relation(request.user, Relation.MENTOR).filter(pk=student.pk):
        raise Http404
    return student


# --- One conversation ---------------------------------------------------------------------


@login_required
def conversation_detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access.get_conversation_for_user(request.user, conversation_id)
    return render(request, "conversations/detail.html", _detail_context(request, conversation))


def _suggested_kind(appreciation: str, concerns: str, wishes: str) -> str:
    """Messaging's suggestion from the text, in the order the preparation is written."""
    return suggest_kind("\n".join(t for t in (appreciation, concerns, wishes) if t)) or ""


def _detail_context(
    request: HttpRequest,
    conversation: Conversation,
    preparation_form: PreparationForm | None = None,
    agreement_form: AgreementForm | None = None,
) -> dict[str, object]:
    side = access.conversation_side(request.user, conversation)
    leads = access.can_lead_conversation(request.user, conversation)
    preparations = list(
        access.preparations_visible_to(request.user, conversation).select_related("author")
    )
    own = next((p for p in preparations if p.author_id == request.user.pk), None)
    notes = {note.phase: note for note in conversation.phase_notes.all()}
    phases = []
    if conversation.is_start:
        current = START_PHASES.index(StartPhase(conversation.phase or StartPhase.INTRODUCTIONS))
        for position, phase in enumerate(START_PHASES):
            phases.append(
                {
                    "phase": phase,
                    "number": position + 1,
                    "guide": PHASE_GUIDE[phase],
                    "note": notes.get(phase),
                    "state": "done"
                    if position < current
                    else ("current" if position == current else "later"),
                }
            )
    context = {
        "conversation": conversation,
        "side": side,
        "leads": leads,
        "can_confirm": access.can_confirm_conversation_record(request.user, conversation),
        "own_preparation": own,
        "other_preparations": [p for p in preparations if p.author_id != request.user.pk],
        "preparation_form": preparation_form
        or PreparationForm(
            initial={
                "appreciation": own.appreciation if own else "",
                "concerns": own.concerns if own else "",
                "wishes": own.wishes if own else "",
                "kind": own.kind if own else "",
                "shared": own.shared if own else False,
            }
        ),
        "phases": phases,
        "record_form": RecordForm(initial={"summary": conversation.summary}),
        "agreement_form": agreement_form or AgreementForm(),
        "agreements": conversation.agreements.order_by("due_on", "pk"),
        "staff": conversation.staff.all(),
        "guardians": conversation.guardians.all(),
        "statuses": AgreementStatus,
    }
    form = context["preparation_form"]
    assert isinstance(form, PreparationForm)
    if form.is_bound:
        texts = [form.data.get(name, "") for name in ("appreciation", "concerns", "wishes")]
    else:
        texts = [own.appreciation, own.concerns, own.wishes] if own else ["", "", ""]
    suggested = _suggested_kind(*texts)
    context["kind_suggested"] = suggested
    context["kind_suggested_label"] = MessageKind(suggested).label if suggested else ""
    return context


@login_required
@require_POST
def conversation_prepare(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access.get_conversation_for_user(request.user, conversation_id)
    side = access.conversation_side(request.user, conversation)
    if side is None:
        raise Http404
    form = PreparationForm(request.POST)
    if form.is_valid():
        services.save_preparation(
            conversation=conversation,
            author=request.user,
            side=Side(side),
            appreciation=form.cleaned_data["appreciation"],
            concerns=form.cleaned_data["concerns"],
            wishes=form.cleaned_data["wishes"],
            shared=form.cleaned_data["shared"],
            kind=form.cleaned_data["kind"],
        )
        messages.success(request, _("Your preparation is saved."))
        return redirect("conversations:detail", conversation_id=conversation.pk)
    context = _detail_context(request, conversation, preparation_form=form)
    return render(request, "conversations/detail.html", context, status=400)


@login_required
def conversation_prepare_kind(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The kind chips again, with the suggestion for the text typed so far (HTMX)."""
    conversation = access.get_conversation_for_user(request.user, conversation_id)
    if access.conversation_side(request.user, conversation) is None:
        raise Http404
    texts = [request.GET.get(name, "") for name in ("appreciation", "concerns", "wishes")]
    suggested = _suggested_kind(*texts)
    form = PreparationForm(initial={"kind": request.GET.get("kind", "")})
    context = {
        "conversation": conversation,
        "preparation_form": form,
        "kind_suggested": suggested,
        "kind_suggested_label": MessageKind(suggested).label if suggested else "",
    }
    return render(request, "conversations/kind_chips.html", context)


@login_required
@require_POST
def conversation_phase(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access.get_conversation_for_user(request.user, conversation_id)
    if not access.can_lead_conversation(request.user, conversation) or not conversation.is_start:
        raise Http404
    form = PhaseNoteForm(request.POST)
    phase = request.POST.get("phase", "")
    if form.is_valid() and phase in StartPhase.values:
        services.save_phase_note(
            conversation=conversation,
            phase=StartPhase(phase),
            text=form.cleaned_data["text"],
            user=request.user,
            advance=form.cleaned_data["advance"],
        )
        messages.success(request, _("The notes are saved."))
    return redirect("conversations:detail", conversation_id=conversation.pk)


@login_required
@require_POST
def conversation_record(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access.get_conversation_for_user(request.user, conversation_id)
    if not access.can_lead_conversation(request.user, conversation):
        raise Http404
    form = RecordForm(request.POST)
    if form.is_valid():
        services.record_summary(
            conversation=conversation, user=request.user, summary=form.cleaned_data["summary"]
        )
        messages.success(request, _("The record is saved. The parents can now confirm it."))
    else:
        messages.error(request, _("Write a short summary first."))
    return redirect("conversations:detail", conversation_id=conversation.pk)


@login_required
@require_POST
def conversation_confirm(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access.get_conversation_for_user(request.user, conversation_id)
    if not access.can_confirm_conversation_record(request.user, conversation):
        raise Http404
    if conversation.summary:
        services.confirm_record(conversation=conversation, user=request.user)
        messages.success(request, _("Thank you. You have confirmed the record."))
    return redirect("conversations:detail", conversation_id=conversation.pk)


@login_required
@require_POST
def agreement_add(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access.get_conversation_for_user(request.user, conversation_id)
    if not access.can_lead_conversation(request.user, conversation):
        raise Http404
    form = AgreementForm(request.POST)
    if form.is_valid():
        services.create_agreement(
            student=conversation.student,
            created_by=request.user,
            conversation=conversation,
            what=form.cleaned_data["what"],
            owner_label=form.cleaned_data["owner_label"],
            due_on=form.cleaned_data["due_on"],
            follow_up=form.cleaned_data["follow_up"],
        )
        messages.success(request, _("The agreement is added."))
        return redirect("conversations:detail", conversation_id=conversation.pk)
    # Show the form again with what the mentor typed and the field errors: nothing is lost.
    context = _detail_context(request, conversation, agreement_form=form)
    return render(request, "conversations/detail.html", context, status=400)


@login_required
@require_POST
def agreement_status(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = access.get_agreement_for_user(request.user, agreement_id)
    if not access.can_manage_agreement(request.user, agreement):
        raise Http404
    form = AgreementStatusForm(request.POST)
    if form.is_valid():
        services.set_agreement_status(
            agreement=agreement, status=AgreementStatus(form.cleaned_data["status"])
        )
        messages.success(request, _("The agreement is updated."))
    nxt = request.POST.get("next", "")
    # Django's check, not a prefix test: "/\\evil.example" is another host to a browser.
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return redirect(nxt)
    return redirect("conversations:agreements")


@login_required
def conversation_pdf(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access.get_conversation_for_user(request.user, conversation_id)
    data = pdf.conversation_record_pdf(
        conversation=conversation,
        preparations=list(access.preparations_visible_to(request.user, conversation)),
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="gesprek-{conversation.pk}.pdf"'
    return response


# --- Calendar -----------------------------------------------------------------------------


@login_required
def calendar_download(request: HttpRequest) -> HttpResponse:
    body = ical.calendar_for_user(request.user)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="driehoek-gesprekken.ics"'
    return response


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: the token in the address is the credential (no login)."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    response = HttpResponse(
        ical.calendar_for_user(feed.user), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    feed_url = request.build_absolute_uri(f"/conversations/calendar/{feed.token}.ics")
    return render(request, "conversations/calendar.html", {"feed_url": feed_url})


# --- Parent evenings ------------------------------------------------------------------------


@login_required
def evening_list(request: HttpRequest) -> HttpResponse:
    evenings = access.evenings_visible_to(request.user).order_by("-date", "pk")
    context = {
        "evenings": evenings,
        "can_create": access.schools_administered_by(request.user).exists(),
    }
    return render(request, "conversations/evenings.html", context)


@login_required
def evening_new(request: HttpRequest) -> HttpResponse:
    school = access.schools_administered_by(request.user).order_by("pk").first()
    if school is None:
        raise Http404
    staff = (
        StaffMember.objects.filter(
            school=school, roles__role__in=[StaffRoleKind.MENTOR, StaffRoleKind.TEACHER]
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
    form = EveningForm(request.POST or None, staff_queryset=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        evening = services.create_evening(
            school=school,
            name=data["name"],
            date=data["date"],
            start_time=data["start_time"],
            slot_minutes=data["slot_minutes"],
            slot_count=data["slot_count"],
            break_slots=data["break_slots"],
            mode=EveningMode(data["mode"]),
            deadline=data["deadline"],
            series=data["series"],
            teachers=[
                services.TeacherPlan(staff_member=member, room=data["room"])
                for member in data["teachers"]
            ],
        )
        messages.success(request, _("The parent evening is created."))
        return redirect("conversations:evening", evening_id=evening.pk)
    return render(request, "conversations/evening_new.html", {"form": form, "school": school})


@login_required
def evening_edit(request: HttpRequest, evening_id: int) -> HttpResponse:
    """The administrator changes name, day, start, deadline or series later on."""
    evening = access.get_evening_for_user(request.user, evening_id)
    if not access.can_manage_evening(request.user, evening):
        raise Http404
    form = EveningDetailsForm(
        request.POST or None,
        initial={
            "name": evening.name,
            "date": evening.date,
            "start_time": evening.start_time,
            "deadline": timezone.localtime(evening.deadline) if evening.deadline else None,
            "series": evening.series,
        },
    )
    if request.method == "POST":
        if form.is_valid():
            services.update_evening(evening=evening, **form.cleaned_data)
            messages.success(request, _("The parent evening is saved."))
            return redirect("conversations:evening", evening_id=evening.pk)
        messages.error(request, _("Not saved yet: please check the marked fields."))
    booked = Booking.objects.filter(evening=evening).count()
    return render(
        request,
        "conversations/evening_edit.html",
        {"evening": evening, "form": form, "booked": booked},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _slot_times(evening) -> list[dict]:  # type: ignore[no-untyped-def]
    return [
        {"index": i, "label": timezone.localtime(evening.slot_start(i)).strftime("%H:%M")}
        for i in range(evening.slot_count)
    ]


@login_required
def evening_detail(request: HttpRequest, evening_id: int) -> HttpResponse:
    evening = access.get_evening_for_user(request.user, evening_id)
    manages = access.can_manage_evening(request.user, evening)
    teachers = list(evening.teachers.select_related("staff_member"))
    mine = next((t for t in teachers if t.staff_member.user_id == request.user.pk), None)
    children = list(access.evening_children_of(request.user, evening).order_by("first_name"))
    times = _slot_times(evening)
    context: dict[str, object] = {
        "evening": evening,
        "manages": manages,
        "teachers": teachers,
        "times": times,
        "end_label": timezone.localtime(evening.slot_start(evening.slot_count)).strftime("%H:%M"),
        "my_teacher": mine,
    }
    if manages:
        context["request_count"] = EveningRequest.objects.filter(evening=evening).count()
        context["family_count"] = (
            EveningRequest.objects.filter(evening=evening).values("family").distinct().count()
        )
        context["booking_count"] = Booking.objects.filter(evening=evening).count()
        context["interpreter_asked"] = (
            FamilyWindow.objects.filter(evening=evening).exclude(interpreter_language="").count()
        )
        context["statuses"] = EveningStatus
        context["grid"] = _grid(evening, teachers)
    if children:
        context["families"] = _family_view(request, evening, teachers, children)
        context["suggestion"] = _suggestion(request, evening, teachers, children)
        now = timezone.now()
        my_bookings = list(
            Booking.objects.filter(evening=evening, family=request.user)
            .select_related("student", "conversation")
            .prefetch_related("booked_slots__slot__teacher__staff_member")
            .order_by("slot_index")
        )
        for booking in my_bookings:
            booking.may_cancel = access.can_cancel_booking(request.user, booking, now=now)  # type: ignore[attr-defined]
            booking.cancel_until = family_cancel_deadline(booking.conversation.starts_at)  # type: ignore[attr-defined]
        context["my_bookings"] = my_bookings
        window = FamilyWindow.objects.filter(evening=evening, family=request.user).first()
        context["window"] = window
        present = set(
            EveningInterpreter.objects.filter(evening__in=series_evenings(evening)).values_list(
                "language", flat=True
            )
        )
        context["interpreter_choices"] = [
            (code, label) for code, label in InterpreterLanguage.choices if code in present
        ]
        context["my_interpreter"] = window.interpreter_language if window else ""
        if evening.series:
            suits = set(
                FamilyWindow.objects.filter(family=request.user).values_list(
                    "evening_id", flat=True
                )
            )
            context["other_evenings"] = [
                {"evening": e, "suits": e.pk in suits}
                for e in series_evenings(evening)
                if e.pk != evening.pk and e.status != EveningStatus.DRAFT
            ]
    if mine is not None:
        taught = access.students_visible_to(request.user).filter(school_id=evening.school_id)
        marked = set(NeededMark.objects.filter(teacher=mine).values_list("student_id", flat=True))
        context["needed_students"] = [
            {"student": s, "marked": s.pk in marked}
            for s in taught.select_related("group").order_by("group__name", "last_name")[:300]
        ]
        context["my_slots"] = (
            Slot.objects.filter(teacher=mine)
            .select_related("booked__booking__student", "booked__booking__conversation")
            .order_by("index")
        )
    return render(request, "conversations/evening.html", context)


def _grid(evening, teachers: list[EveningTeacher]) -> list[dict]:  # type: ignore[no-untyped-def]
    """Per teacher: the booked slots with the student's name (no conversation content)."""
    booked: dict[tuple[int, int], Booking] = {}
    rows = []
    slots = (
        Slot.objects.filter(evening=evening, booked__isnull=False)
        .select_related("booked__booking__student", "booked__booking__conversation", "teacher")
        .order_by("index")
    )
    for slot in slots:
        booked[(slot.teacher_id, slot.index)] = slot.booked.booking
    for teacher in teachers:
        entries = [
            {"time": evening.slot_start(index), "student": booking.student, "booking": booking}
            for (teacher_id, index), booking in sorted(booked.items(), key=lambda kv: kv[0][1])
            if teacher_id == teacher.pk
        ]
        rows.append({"teacher": teacher, "entries": entries})
    return rows


def _suggestion(request, evening, teachers, children) -> dict | None:  # type: ignore[no-untyped-def]
    """Live booking: the most compact free times for the teachers a parent ticked
    (`?suggest=<child>&teacher=<id>…`); a read, nothing is booked until they confirm."""
    raw = request.GET.get("suggest", "")
    if evening.mode != EveningMode.LIVE or evening.status != EveningStatus.OPEN:
        return None
    child = next((c for c in children if str(c.pk) == raw), None)
    if child is None:
        return None
    ticked = {v for v in request.GET.getlist("teacher") if v.isdigit()}
    chosen = [t for t in teachers if str(t.pk) in ticked]
    if not chosen:
        return None
    picks = services.suggest_itinerary(evening=evening, family=request.user, teachers=chosen)
    return {
        "child": child,
        "picks": [
            {
                "teacher": teacher,
                "index": index,
                "label": timezone.localtime(evening.slot_start(index)).strftime("%H:%M"),
            }
            for teacher, index in picks
        ],
        "missing": len(chosen) - len(picks),
        "ticked": [t.pk for t in chosen],
    }


def _family_view(request, evening, teachers, children) -> list[dict]:  # type: ignore[no-untyped-def]
    """For each child: its teachers first, the family's requests, and free slots (live)."""
    requests = EveningRequest.objects.filter(evening=evening, family=request.user).prefetch_related(
        "teachers"
    )
    by_student: dict[int, dict[int, tuple[int, bool]]] = {}
    for req in requests:
        joint = req.teachers.count() > 1
        for teacher in req.teachers.all():
            by_student.setdefault(req.student_id, {})[teacher.pk] = (req.priority, joint)
    needed = set(NeededMark.objects.filter(evening=evening).values_list("teacher_id", "student_id"))
    free: dict[int, list[Slot]] = {}
    if evening.mode == EveningMode.LIVE:
        for slot in Slot.objects.filter(evening=evening, booked__isnull=True).order_by("index"):
            free.setdefault(slot.teacher_id, []).append(slot)
    rows = []
    for child in children:
        own_staff = set(
            StaffMember.objects.filter(
                teaching_assignments__group__memberships__student=child,
                teaching_assignments__group__memberships__ended_on__isnull=True,
            ).values_list("pk", flat=True)
        ) | set(
            StaffMember.objects.filter(mentor_assignments__group_id=child.group_id).values_list(
                "pk", flat=True
            )
        )
        chosen = by_student.get(child.pk, {})
        entries = []
        for teacher in teachers:
            priority, joint = chosen.get(teacher.pk, (0, False))
            entries.append(
                {
                    "teacher": teacher,
                    "teaches_child": teacher.staff_member_id in own_staff,
                    "priority": priority,
                    "joint": joint,
                    "needed": (teacher.pk, child.pk) in needed,
                    "free": [
                        {
                            "slot": s,
                            "label": timezone.localtime(evening.slot_start(s.index)).strftime(
                                "%H:%M"
                            ),
                        }
                        for s in free.get(teacher.pk, [])
                    ],
                }
            )
        entries.sort(key=lambda e: (not e["teaches_child"], e["teacher"].staff_member.last_name))
        rows.append({"child": child, "entries": entries})
    return rows


@login_required
@require_POST
def evening_request(request: HttpRequest, evening_id: int) -> HttpResponse:
    evening = access.get_evening_for_user(request.user, evening_id)
    children = access.evening_children_of(request.user, evening)
    if not children.exists():
        raise Http404
    raw_student = request.POST.get("student", "")
    student = children.filter(pk=raw_student).first() if raw_student.isdigit() else None
    if student is None:
        messages.error(request, _("Choose one of your children."))
        return redirect("conversations:evening", evening_id=evening.pk)
    if evening.mode != EveningMode.REQUEST or evening.status != EveningStatus.OPEN:
        messages.error(request, _("This parent evening does not take requests now."))
        return redirect("conversations:evening", evening_id=evening.pk)
    if evening.deadline and timezone.now() > evening.deadline:
        messages.error(request, _("The deadline for requests has passed."))
        return redirect("conversations:evening", evening_id=evening.pk)
    teachers = {t.pk: t for t in evening.teachers.all()}
    single: list[tuple[list[EveningTeacher], int]] = []
    joint: list[EveningTeacher] = []
    joint_priority = 3
    for pk, teacher in teachers.items():
        raw = request.POST.get(f"priority_{pk}", "0")
        priority = int(raw) if raw in ("1", "2", "3") else 0
        if not priority:
            continue
        if request.POST.get(f"joint_{pk}") == "on":
            joint.append(teacher)
            joint_priority = min(joint_priority, priority)
        else:
            single.append(([teacher], priority))
    if joint:  # one teacher marked "together" is simply a single request
        single.append((joint, joint_priority))
    try:
        from_slot = int(request.POST.get("from_slot", 0))
        to_slot = int(request.POST.get("to_slot", evening.slot_count))
        services.submit_requests(
            evening=evening,
            family=request.user,
            student=student,
            wanted=single,
            from_slot=from_slot,
            to_slot=to_slot,
        )
        if evening.series:
            others = [e for e in series_evenings(evening) if e.pk != evening.pk]
            picked = set(request.POST.getlist("evenings"))
            services.set_suitable_evenings(
                evening=evening,
                family=request.user,
                suitable=[e for e in others if str(e.pk) in picked],
                from_slot=from_slot,
                to_slot=to_slot,
            )
    except ValueError:
        messages.error(request, _("Choose a time window inside the evening."))
        return redirect("conversations:evening", evening_id=evening.pk)
    messages.success(request, _("Your requests are saved. You can change them until the deadline."))
    return redirect("conversations:evening", evening_id=evening.pk)


@login_required
@require_POST
def evening_book(request: HttpRequest, evening_id: int) -> HttpResponse:
    evening = access.get_evening_for_user(request.user, evening_id)
    children = access.evening_children_of(request.user, evening)
    if not children.exists():
        raise Http404
    raw_student, raw_slot = request.POST.get("student", ""), request.POST.get("slot", "")
    student = children.filter(pk=raw_student).first() if raw_student.isdigit() else None
    picks = request.POST.getlist("pick")
    if picks and student is not None:
        return _book_suggestion(request, evening, student, picks)
    slot = (
        Slot.objects.filter(evening=evening, pk=raw_slot).select_related("teacher").first()
        if raw_slot.isdigit()
        else None
    )
    if student is None or slot is None:
        messages.error(request, _("Choose one of your children and a free time."))
        return redirect("conversations:evening", evening_id=evening.pk)
    try:
        services.book_slot(
            evening=evening,
            family=request.user,
            student=student,
            teacher=slot.teacher,
            index=slot.index,
        )
        messages.success(request, _("Booked. The conversation is in your calendar."))
    except services.SlotTaken:
        messages.error(
            request,
            _("Someone else was just ahead of you, or you already have a conversation then."),
        )
    except services.BookingClosed:
        messages.error(request, _("Booking is not open for this parent evening."))
    return redirect("conversations:evening", evening_id=evening.pk)


def _book_suggestion(request, evening, student, picks: list[str]) -> HttpResponse:  # type: ignore[no-untyped-def]
    """Book the suggested times together: all of them, or none when one was taken."""
    teachers = {t.pk: t for t in evening.teachers.all()}
    chosen = []
    for pick in picks[:20]:
        teacher_id, _sep, index = pick.partition(":")
        if not (teacher_id.isdigit() and index.isdigit() and int(teacher_id) in teachers):
            messages.error(request, _("Choose one of your children and a free time."))
            return redirect("conversations:evening", evening_id=evening.pk)
        chosen.append((teachers[int(teacher_id)], int(index)))
    try:
        services.book_itinerary(evening=evening, family=request.user, student=student, picks=chosen)
        messages.success(request, _("Booked. The conversation is in your calendar."))
    except services.SlotTaken:
        messages.error(
            request,
            _("One of these times was just taken, so nothing was booked. Ask again."),
        )
    except services.BookingClosed:
        messages.error(request, _("Booking is not open for this parent evening."))
    return redirect("conversations:evening", evening_id=evening.pk)


@login_required
def evening_teachers(request: HttpRequest, evening_id: int) -> HttpResponse:
    """The administrator sets each teacher's times, room and video link for the evening;
    the scheduler and live booking use exactly these windows."""
    evening = access.get_evening_for_user(request.user, evening_id)
    if not access.can_manage_evening(request.user, evening):
        raise Http404
    teachers = list(evening.teachers.select_related("staff_member"))
    times = [t["label"] for t in _slot_times(evening)]
    ends = [
        timezone.localtime(evening.slot_start(i + 1)).strftime("%H:%M")
        for i in range(evening.slot_count)
    ]
    data = request.POST if request.method == "POST" else None
    rows = [
        {
            "teacher": teacher,
            "form": EveningTeacherForm(
                data,
                prefix=f"t{teacher.pk}",
                starts=times,
                ends=ends,
                initial={
                    "from_slot": teacher.from_slot,
                    "to_slot": teacher.to_slot,
                    "room": teacher.room,
                    "video_link": teacher.video_link,
                },
            ),
        }
        for teacher in teachers
    ]
    if data is not None:
        if all(row["form"].is_valid() for row in rows) and _save_teachers(rows, times):
            messages.success(request, _("The teachers' times and places are saved."))
            return redirect("conversations:evening", evening_id=evening.pk)
        messages.error(request, _("Not saved yet: please check the marked teachers."))
    context = {"evening": evening, "rows": rows}
    return render(
        request, "conversations/evening_teachers.html", context, status=400 if data else 200
    )


def _slot_ends(evening) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        timezone.localtime(evening.slot_start(i + 1)).strftime("%H:%M")
        for i in range(evening.slot_count)
    ]


@login_required
def evening_interpreters(request: HttpRequest, evening_id: int) -> HttpResponse:
    """The school marks when an interpreter is present, per language; families who ask
    for that language get their conversations in those times."""
    evening = access.get_evening_for_user(request.user, evening_id)
    if not access.can_manage_evening(request.user, evening):
        raise Http404
    times = [t["label"] for t in _slot_times(evening)]
    form = EveningInterpreterForm(request.POST or None, starts=times, ends=_slot_ends(evening))
    if request.method == "POST":
        if form.is_valid():
            services.add_evening_interpreter(
                evening=evening,
                language=form.cleaned_data["language"],
                from_slot=form.cleaned_data["from_slot"],
                to_slot=form.cleaned_data["to_slot"],
            )
            messages.success(request, _("The interpreter's times are saved."))
            return redirect("conversations:evening_interpreters", evening_id=evening.pk)
        messages.error(request, _("Not saved yet: please check the marked fields."))
    interpreters = [
        {
            "interpreter": interpreter,
            "start": times[interpreter.from_slot],
            "end": _slot_ends(evening)[interpreter.to_slot - 1],
        }
        for interpreter in evening.interpreters.all()
    ]
    asked = (
        FamilyWindow.objects.filter(evening=evening)
        .exclude(interpreter_language="")
        .select_related("family")
        .order_by("interpreter_language", "family__display_name")
    )
    context = {"evening": evening, "form": form, "interpreters": interpreters, "asked": asked}
    return render(
        request,
        "conversations/evening_interpreters.html",
        context,
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_POST
def evening_interpreter_remove(request: HttpRequest, interpreter_id: int) -> HttpResponse:
    interpreter = get_object_or_404(EveningInterpreter, pk=interpreter_id)
    evening = access.get_evening_for_user(request.user, interpreter.evening_id)
    if not access.can_manage_evening(request.user, evening):
        raise Http404
    services.remove_evening_interpreter(interpreter=interpreter)
    messages.success(request, _("The interpreter's times are removed."))
    return redirect("conversations:evening_interpreters", evening_id=evening.pk)


@login_required
@require_POST
def evening_interpreter_need(request: HttpRequest, evening_id: int) -> HttpResponse:
    """A family asks for an interpreter (or withdraws the question)."""
    evening = access.get_evening_for_user(request.user, evening_id)
    if not access.evening_children_of(request.user, evening).exists():
        raise Http404
    language = request.POST.get("language", "")
    if language and language not in InterpreterLanguage.values:
        messages.error(request, _("Choose one of the languages in the list."))
        return redirect("conversations:evening", evening_id=evening.pk)
    services.set_interpreter_need(evening=evening, family=request.user, language=language)
    if language:
        messages.success(
            request,
            _(
                "Thank you. We plan your conversations at a time when an interpreter in "
                "%(language)s is there."
            )
            % {"language": InterpreterLanguage(language).label},
        )
    else:
        messages.success(request, _("You have no interpreter for this evening."))
    return redirect("conversations:evening", evening_id=evening.pk)


def _save_teachers(rows: list[dict], times: list[str]) -> bool:  # type: ignore[type-arg]
    """All teachers or none: a booked slot outside a new window stops the whole save."""
    try:
        with transaction.atomic():
            for row in rows:
                form = row["form"]
                try:
                    services.update_evening_teacher(
                        teacher=row["teacher"],
                        from_slot=form.cleaned_data["from_slot"],
                        to_slot=form.cleaned_data["to_slot"],
                        room=form.cleaned_data["room"],
                        video_link=form.cleaned_data["video_link"],
                    )
                except services.SlotsBooked as error:
                    booked = ", ".join(times[i] for i in error.indices)
                    form.add_error(
                        None,
                        _(
                            "Families have booked %(times)s with this teacher. Cancel those "
                            "conversations first, or keep these times in."
                        )
                        % {"times": booked},
                    )
                    raise
    except services.SlotsBooked:
        return False
    return True


@login_required
@require_POST
def booking_cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    """Cancel a booking: the family its own until the cut-off, an administrator any of
    their school's evening. The slot is free again at once."""
    booking = access.get_booking_for_user(request.user, booking_id)
    evening_id = booking.evening_id
    if access.can_cancel_booking(request.user, booking, now=timezone.now()):
        services.cancel_booking(booking=booking)
        messages.success(request, _("The conversation is cancelled; the time is free again."))
    else:
        deadline = family_cancel_deadline(booking.conversation.starts_at)
        messages.error(
            request,
            _(
                "You can no longer cancel this yourself (that was possible until %(when)s). "
                "Please contact the school."
            )
            % {"when": date_format(timezone.localtime(deadline), "j F, H:i")},
        )
    return redirect("conversations:evening", evening_id=evening_id)


@login_required
@require_POST
def evening_status(request: HttpRequest, evening_id: int) -> HttpResponse:
    evening = access.get_evening_for_user(request.user, evening_id)
    if not access.can_manage_evening(request.user, evening):
        raise Http404
    status = request.POST.get("status", "")
    if status in EveningStatus.values:
        services.set_evening_status(evening=evening, status=EveningStatus(status))
        messages.success(request, _("The status of the parent evening is changed."))
    return redirect("conversations:evening", evening_id=evening.pk)


@login_required
@require_POST
def evening_schedule(request: HttpRequest, evening_id: int) -> HttpResponse:
    evening = access.get_evening_for_user(request.user, evening_id)
    if not access.can_manage_evening(request.user, evening):
        raise Http404
    if evening.mode != EveningMode.REQUEST:
        messages.error(request, _("Only an evening with requests is scheduled."))
        return redirect("conversations:evening", evening_id=evening.pk)
    if evening.series:
        try:
            result = services.run_series_scheduler(evening=evening, time_limit=SCHEDULER_SECONDS)
        except ValueError:
            messages.error(
                request,
                _("The evenings of this series need the same number of minutes per conversation."),
            )
            return redirect("conversations:evening", evening_id=evening.pk)
    else:
        result = services.run_scheduler(evening=evening, time_limit=SCHEDULER_SECONDS)
    messages.success(
        request,
        _(
            "The schedule is made: %(booked)s conversations planned, %(unassigned)s requests "
            "could not be met. Families can see their times now."
        )
        % {"booked": result["booked"], "unassigned": result["unassigned"]},
    )
    return redirect("conversations:evening", evening_id=evening.pk)


#: Time limit of the scheduler when an administrator presses the button.
SCHEDULER_SECONDS = 10.0


@login_required
@require_POST
def evening_needed(request: HttpRequest, evening_id: int) -> HttpResponse:
    evening = access.get_evening_for_user(request.user, evening_id)
    mine = evening.teachers.filter(staff_member__user=request.user).first()
    if mine is None:
        raise Http404
    visible = access.students_visible_to(request.user).filter(school_id=evening.school_id)
    wanted = {int(v) for v in request.POST.getlist("student") if v.isdigit()}
    for student in visible.filter(pk__in=wanted):
        services.mark_needed(evening_teacher=mine, student=student, needed=True)
    for mark in NeededMark.objects.filter(teacher=mine).exclude(student_id__in=wanted):
        services.mark_needed(evening_teacher=mine, student=mark.student, needed=False)
    messages.success(request, _("Saved: these families are asked first."))
    return redirect("conversations:evening", evening_id=evening.pk)
