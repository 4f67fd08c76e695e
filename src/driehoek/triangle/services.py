"""One door for change in the triangle check: rounds, answers, submissions, results.

Keyword-only, in a transaction; e-mail goes out after the transaction commits.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.accounts.access import Relation, triangle_respondent_relation
from driehoek.accounts.language import in_language_of
from driehoek.accounts.models import User
from driehoek.roster.models import Group, School, Student, StudentGuardian
from driehoek.roster.selectors import mentors_of
from driehoek.triangle import geometry
from driehoek.triangle import questionnaire as q
from driehoek.triangle.models import Answer, RespondentRole, Response, Result, Round
from driehoek.triangle.selectors import (
    child_voice_possible,
    household_of,
    questionnaire_kind,
    students_of_round,
)

ROLE_OF_RELATION = {
    Relation.GUARDIAN: RespondentRole.GUARDIAN,
    Relation.SELF: RespondentRole.STUDENT,
    Relation.MENTOR: RespondentRole.MENTOR,
}
VOICE_OF_ROLE = {
    RespondentRole.GUARDIAN: q.Voice.HOME,
    RespondentRole.STUDENT: q.Voice.CHILD,
    RespondentRole.MENTOR: q.Voice.SCHOOL,
}


class RoundClosed(Exception):
    """The round is not open (not yet, or no longer): answers are not accepted."""


# --- Rounds -------------------------------------------------------------------------------


def open_round(
    *,
    opened_by: User,
    school: School,
    group: Group | None,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    notify: bool = True,
) -> Round:
    """Open a round for a class (or the whole school) and tell every respondent."""
    if closes_on < opens_on:
        raise ValidationError(_("The closing date must not be before the opening date."))
    if group is not None and group.school_id != school.pk:
        raise ValidationError(_("This class belongs to another school."))
    with transaction.atomic():
        round = Round.objects.create(
            school=school,
            group=group,
            title=title.strip(),
            opened_by=opened_by,
            opens_on=opens_on,
            closes_on=closes_on,
            questionnaire_version=q.CURRENT_VERSION,
        )
        if notify and opens_on <= timezone.localdate():
            announce_round(round=round)
    return round


def announce_round(*, round: Round) -> int:
    """Send the "please fill in" e-mail once, when the round is open."""
    if round.announced_at is not None or not round.is_open():
        return 0
    with transaction.atomic():
        claimed = Round.objects.filter(pk=round.pk, announced_at__isnull=True).update(
            announced_at=timezone.now()
        )
        if not claimed:
            return 0
        round.refresh_from_db(fields=["announced_at"])
        return _mail_respondents(round=round, template="round_opened", only_pending=False)


#: Reminders go out automatically this many days before a round closes.
REMIND_DAYS_BEFORE_CLOSING = 3


def daily_round_mail(*, today: datetime.date | None = None) -> dict[str, int]:
    """For a daily job (`driehoek triangle-mail`): announce rounds that opened, and remind
    those who have not handed in when a round closes within a few days."""
    day = today or timezone.localdate()
    announced = reminded = 0
    for round in Round.objects.filter(
        closed_at__isnull=True, opens_on__lte=day, closes_on__gte=day
    ):
        announced += announce_round(round=round)
        closing_soon = (round.closes_on - day).days <= REMIND_DAYS_BEFORE_CLOSING
        if closing_soon and round.announced_at and round.last_reminder_on is None:
            reminded += send_reminders(round=round)
    return {"announced": announced, "reminded": reminded}


def close_round(*, round: Round) -> None:
    with transaction.atomic():
        Round.objects.filter(pk=round.pk, closed_at__isnull=True).update(closed_at=timezone.now())
        round.refresh_from_db(fields=["closed_at"])


def send_reminders(*, round: Round) -> int:
    """Remind those who have not submitted yet (at most once a day). Returns the count."""
    today = timezone.localdate()
    if not round.is_open(today) or round.last_reminder_on == today:
        return 0
    with transaction.atomic():
        count = _mail_respondents(round=round, template="round_reminder", only_pending=True)
        Round.objects.filter(pk=round.pk).update(last_reminder_on=today)
        round.last_reminder_on = today
    return count


def respondents_of(*, round: Round, student: Student) -> list[tuple[User, RespondentRole]]:
    """Who is asked about this student: each guardian with the right to information and
    an account, the student (with an account, from group 6), and the mentors."""
    people: list[tuple[User, RespondentRole]] = []
    links = StudentGuardian.objects.filter(
        student=student, has_right_to_information=True, guardian__user__isnull=False
    ).select_related("guardian__user")
    people += [(link.guardian.user, RespondentRole.GUARDIAN) for link in links]  # type: ignore[misc]
    if student.user_id is not None and child_voice_possible(student=student):
        people.append((student.user, RespondentRole.STUDENT))  # type: ignore[arg-type]
    for mentor in mentors_of(student=student).filter(user__isnull=False).select_related("user"):
        people.append((mentor.user, RespondentRole.MENTOR))  # type: ignore[arg-type]
    return [(user, role) for user, role in people if user.is_active]


def _mail_respondents(*, round: Round, template: str, only_pending: bool) -> int:
    """One e-mail per person, listing the children they are asked about."""
    done = set(
        Response.objects.filter(round=round, submitted_at__isnull=False).values_list(
            "student_id", "respondent_id", "role"
        )
    )
    wanted: dict[int, tuple[User, list[Student], set[str]]] = {}
    for student in students_of_round(round=round).select_related("school", "group"):
        for user, role in respondents_of(round=round, student=student):
            if only_pending and (student.pk, user.pk, role.value) in done:
                continue
            entry = wanted.setdefault(user.pk, (user, [], set()))
            entry[1].append(student)
            entry[2].add(role.value)
    link = settings.SITE_URL + reverse("triangle:index")
    for user, students, roles in wanted.values():
        # A student is addressed as a student ("je"), about themself.
        as_student = roles == {RespondentRole.STUDENT.value}
        transaction.on_commit(
            lambda user=user, students=students, as_student=as_student: _send(
                user=user,
                template=template,
                round=round,
                students=students,
                link=link,
                as_student=as_student,
            )
        )
    return len(wanted)


def _send(
    *,
    user: User,
    template: str,
    round: Round,
    students: list[Student],
    link: str,
    as_student: bool,
) -> None:
    with in_language_of(user):
        context = {
            "user": user,
            "round": round,
            "students": students,
            "link": link,
            "as_student": as_student,
        }
        subject = render_to_string(f"triangle/email/{template}_subject.txt", context)
        body = render_to_string(f"triangle/email/{template}.txt", context)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email]).send()


# --- Responses ------------------------------------------------------------------------------


def start_response(
    *, round: Round, student: Student, user: User, as_child: bool = False
) -> Response:
    """The user's response about this student (created on first use).

    `as_child`: a guardian opens the child's own questionnaire on their device, for a
    child without an account (primary school). It is stored as the child's voice.
    """
    relation = triangle_respondent_relation(user, student)
    if relation is None:
        raise PermissionError("not a respondent for this student")
    if not round.is_open():
        raise RoundClosed
    role = ROLE_OF_RELATION[relation]
    if as_child:
        if relation != Relation.GUARDIAN or student.user_id is not None:
            raise PermissionError("only a guardian of a child without an account")
        if not child_voice_possible(student=student):
            raise PermissionError("no child questionnaire below group 6")
        role = RespondentRole.STUDENT
    if role == RespondentRole.STUDENT and not child_voice_possible(student=student):
        raise PermissionError("no child questionnaire below group 6")
    with transaction.atomic():
        if role == RespondentRole.STUDENT:
            existing = Response.objects.filter(round=round, student=student, role=role).first()
            if existing is not None:
                if existing.respondent_id != user.pk:
                    raise PermissionError("the child's answers belong to another device")
                return existing
        response, _created = Response.objects.get_or_create(
            round=round,
            student=student,
            respondent=user,
            role=role,
            defaults={
                "school_id": round.school_id,
                "kind": questionnaire_kind(role=role, student=student),
                "household_id": household_of(user=user, student=student)
                if role == RespondentRole.GUARDIAN
                else None,
            },
        )
    return response


def save_answer(*, response: Response, item: str, value: int) -> Answer:
    """Store one answer at once (autosave): a later answer to the same item replaces it."""
    form = q.questionnaire(response.kind, response.round.questionnaire_version)
    form.item(item)  # KeyError for an unknown item
    if not 1 <= value <= 5:
        raise ValidationError(_("Choose an answer from 1 to 5."))
    if not response.round.is_open():
        raise RoundClosed
    now = timezone.now()
    with transaction.atomic():
        answer, _created = Answer.objects.update_or_create(
            response=response, item=item, defaults={"value": value, "answered_at": now}
        )
        Response.objects.filter(pk=response.pk).update(updated_at=now)
        if response.submitted_at is not None:
            # A change after submitting counts straight away.
            recompute_result(round=response.round, student=response.student)
    return answer


def submit_response(*, response: Response) -> Result:
    form = q.questionnaire(response.kind, response.round.questionnaire_version)
    given = set(response.answers.values_list("item", flat=True))
    missing = [item.key for item in form.items if item.key not in given]
    if missing:
        raise ValidationError(
            _("Please answer every question first (%(count)s open).") % {"count": len(missing)}
        )
    if not response.round.is_open():
        raise RoundClosed
    with transaction.atomic():
        Response.objects.filter(pk=response.pk).update(submitted_at=timezone.now())
        response.refresh_from_db(fields=["submitted_at"])
        return recompute_result(round=response.round, student=response.student)


# --- Results ------------------------------------------------------------------------------


def compute_result_values(*, round: Round, student: Student) -> dict[str, object]:
    """The triangle of one student from the submitted responses (see questionnaire.py)."""
    responses = Response.objects.filter(
        round=round, student=student, submitted_at__isnull=False
    ).prefetch_related("answers")
    voices_in: list[q.VoiceScores] = []
    for response in responses:
        form = q.questionnaire(response.kind, round.questionnaire_version)
        answers = {a.item: a.value for a in response.answers.all()}
        voices_in.append(
            q.VoiceScores(
                voice=VOICE_OF_ROLE[RespondentRole(response.role)],
                scores=q.pair_scores(form, answers),
                household=response.household_id or f"user-{response.respondent_id}",
            )
        )
    voices = q.voice_scores(voices_in)
    present = sorted(str(v) for v in voices if v not in q.missing_voices(voices))
    combined = q.combine(voices)
    values: dict[str, object] = {
        "school_id": round.school_id,
        "voices": present,
        "score_hs": combined["hs"],
        "score_hc": combined["hc"],
        "score_sc": combined["sc"],
        "side_hs": None,
        "side_hc": None,
        "side_sc": None,
        "growth_space": None,
        "level": None,
        "shape": geometry.Shape.INSUFFICIENT,
        "pattern": "",
        "loyalty_conflict": False,
        "degenerate": False,
        "computed_at": timezone.now(),
    }
    if q.missing_voices(voices) or any(v is None for v in combined.values()):
        return values
    shape = geometry.triangle(combined["hs"], combined["hc"], combined["sc"])  # type: ignore[arg-type]
    values |= {
        "side_hs": shape.sides["hs"],
        "side_hc": shape.sides["hc"],
        "side_sc": shape.sides["sc"],
        "growth_space": shape.growth_space,
        "level": shape.level,
        "shape": shape.shape,
        "pattern": shape.pattern,
        "loyalty_conflict": shape.loyalty_conflict,
        "degenerate": shape.degenerate,
    }
    return values


def recompute_result(*, round: Round, student: Student) -> Result:
    with transaction.atomic():
        values = compute_result_values(round=round, student=student)
        result, _created = Result.objects.update_or_create(
            round=round, student=student, defaults=values
        )
    return result
