"""One door for change to messages: threads, messages with attachments, read receipts,
added teachers, and the e-mails that tell people a message is waiting.

E-mails never hold the message (nor the thread's subject): only the child's first name
and a link. Staff are not e-mailed in their school's quiet hours; their e-mail waits
until the quiet hours end. Callers check the rights in `driehoek.accounts.access` first.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from driehoek.accounts.language import in_language_of
from driehoek.accounts.models import User
from driehoek.messaging import balance
from driehoek.messaging.models import (
    Attachment,
    AuthorSide,
    Draft,
    EmailMode,
    Message,
    MessageKind,
    MessageRead,
    MessagingPreference,
    MessagingSettings,
    PendingNotification,
    Thread,
    ThreadStaff,
)
from driehoek.messaging.rules import QuietHours, check_attachment, notify_staff_at
from driehoek.messaging.selectors import side_of
from driehoek.roster.models import StudentGuardian
from driehoek.roster.selectors import mentors_of

if TYPE_CHECKING:
    from driehoek.roster.models import Household, School, Student


# --- Who takes part ------------------------------------------------------------------


@dataclass(frozen=True)
class Participant:
    user: User
    side: AuthorSide


def participants(thread: Thread) -> list[Participant]:
    """Everyone a new message in this thread is for: the guardians (of the thread's
    household, or all) with the right to information, the mentors, added teachers."""
    links = StudentGuardian.objects.filter(
        student=thread.student_id, has_right_to_information=True, guardian__user__isnull=False
    ).select_related("guardian__user")
    if thread.household_id is not None:
        links = links.filter(household=thread.household_id)
    found: dict[int, Participant] = {}
    for link in links:
        user = link.guardian.user
        if user is not None and user.is_active:
            found.setdefault(user.pk, Participant(user, AuthorSide.HOME))
    for mentor in mentors_of(student=thread.student).select_related("user"):
        if mentor.user is not None and mentor.user.is_active:
            found.setdefault(mentor.user.pk, Participant(mentor.user, AuthorSide.SCHOOL))
    for added in ThreadStaff.objects.filter(thread=thread).select_related("user"):
        if added.user.is_active:
            found.setdefault(added.user.pk, Participant(added.user, AuthorSide.SCHOOL))
    return list(found.values())


def quiet_hours_of(school: School | int) -> QuietHours:
    school_id = school if isinstance(school, int) else school.pk
    row = MessagingSettings.objects.filter(school_id=school_id).first() or MessagingSettings()
    return QuietHours(start=row.quiet_from, end=row.quiet_until, weekends=row.quiet_weekends)


# --- Writing -------------------------------------------------------------------------


def _store_attachments(message: Message, files: Sequence[UploadedFile]) -> None:
    for upload in files:
        head = upload.read(16)
        upload.seek(0)
        content_type = check_attachment(name=upload.name or "", size=upload.size or 0, head=head)
        attachment = Attachment(
            message=message,
            original_name=(upload.name or "bijlage")[:200],
            content_type=content_type,
            size=upload.size or 0,
        )
        attachment.file.save("upload", upload, save=False)
        attachment.save()


def post_message(
    *,
    thread: Thread,
    author: User,
    body: str,
    kind: MessageKind,
    files: Sequence[UploadedFile] = (),
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> Message:
    """Add a message to a thread and owe each other participant an e-mail about it
    (staff: after the quiet hours). The caller checked `access.can_view_thread`."""
    now = now or timezone.now()
    suggested = balance.suggest_kind(body)
    with transaction.atomic():
        message = Message.objects.create(
            thread=thread,
            author=author,
            author_label=author.get_full_name(),
            side=side_of(author, thread.student),
            body=body.strip(),
            kind=kind,
            suggested_kind=suggested or "",
            sent_at=now,
        )
        _store_attachments(message, files)
        Thread.objects.filter(pk=thread.pk).update(last_message_at=now)
        if not notify:  # the demo seed: history, not news
            return message
        quiet = quiet_hours_of(thread.school_id)
        staff_due = notify_staff_at(timezone.localtime(now), quiet)
        PendingNotification.objects.bulk_create(
            [
                PendingNotification(
                    user=person.user,
                    message=message,
                    due_at=staff_due if person.side == AuthorSide.SCHOOL else now,
                )
                for person in participants(thread)
                if person.user.pk != author.pk
            ]
        )
        transaction.on_commit(_enqueue_delivery)
    return message


def start_thread(
    *,
    student: Student,
    author: User,
    subject: str,
    body: str,
    kind: MessageKind,
    household: Household | None = None,
    files: Sequence[UploadedFile] = (),
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> Thread:
    """A new thread with its first message. `household` set: only that household's
    guardians take part. The caller checked `access.can_start_thread`."""
    now = now or timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            school_id=student.school_id,
            student=student,
            subject=subject.strip()[:150],
            household=household,
            created_by=author,
            last_message_at=now,
        )
        post_message(
            thread=thread,
            author=author,
            body=body,
            kind=kind,
            files=files,
            now=now,
            notify=notify,
        )
    return thread


def add_staff_to_thread(*, thread: Thread, user: User, added_by: User) -> ThreadStaff:
    """The mentor adds a teacher. The caller checked `access.can_add_staff_to_thread` and
    that the teacher is in `access.staff_addable_to_thread`."""
    with transaction.atomic():
        row, _created = ThreadStaff.objects.get_or_create(
            thread=thread, user=user, defaults={"added_by": added_by}
        )
    return row


def mark_thread_read(*, thread: Thread, user: User, now: datetime.datetime | None = None) -> int:
    """Staff opening a thread leave a read receipt on the messages from home."""
    if side_of(user, thread.student) != AuthorSide.SCHOOL:
        return 0
    now = now or timezone.now()
    unread = Message.objects.filter(thread=thread).exclude(author=user).exclude(reads__user=user)
    rows = [
        MessageRead(message=m, user=user, user_label=user.get_full_name(), read_at=now)
        for m in unread
    ]
    with transaction.atomic():
        MessageRead.objects.bulk_create(rows, ignore_conflicts=True)
        # What they read in the app need not be e-mailed any more.
        PendingNotification.objects.filter(
            user=user, message__thread=thread, sent_at__isnull=True
        ).update(sent_at=now)
    return len(rows)


def set_email_mode(*, user: User, mode: EmailMode) -> MessagingPreference:
    with transaction.atomic():
        pref, _created = MessagingPreference.objects.update_or_create(
            user=user, defaults={"email_mode": mode}
        )
    return pref


def update_quiet_hours(
    *, school: School, quiet_from: datetime.time, quiet_until: datetime.time, weekends: bool
) -> MessagingSettings:
    with transaction.atomic():
        row, _created = MessagingSettings.objects.update_or_create(
            school=school,
            defaults={
                "quiet_from": quiet_from,
                "quiet_until": quiet_until,
                "quiet_weekends": weekends,
            },
        )
    return row


# --- E-mail ------------------------------------------------------------------------------


def _enqueue_delivery() -> None:
    from driehoek.messaging.tasks import deliver_notifications

    deliver_notifications.enqueue()


def email_mode_of(user: User) -> EmailMode:
    pref = MessagingPreference.objects.filter(user=user).first()
    return EmailMode(pref.email_mode) if pref else EmailMode.IMMEDIATE


def _send(user: User, notes: list[PendingNotification], *, digest: bool) -> None:
    """One e-mail for a user about these messages: per thread the child's first name,
    how many messages, and a link. Never the text, never the subject."""
    by_thread: dict[int, list[PendingNotification]] = defaultdict(list)
    for note in notes:
        by_thread[note.message.thread_id].append(note)
    items = [
        {
            "child": group[0].message.thread.student.first_name,
            "count": len(group),
            "link": settings.SITE_URL
            + reverse("messaging:thread", kwargs={"thread_id": thread_id}),
        }
        for thread_id, group in by_thread.items()
    ]
    with in_language_of(user):
        context = {"user": user, "items": items, "digest": digest, "site_url": settings.SITE_URL}
        if digest:
            subject = gettext("Your messages in Driehoek today")
        elif len(items) == 1:
            subject = gettext("New message about %(name)s") % {"name": items[0]["child"]}
        else:
            subject = gettext("New messages in Driehoek")
        body = render_to_string("messaging/email/notification.txt", context)
    EmailMultiAlternatives(subject=subject, body=body, to=[user.email]).send()


def _due(now: datetime.datetime) -> dict[User, list[PendingNotification]]:
    notes = (
        PendingNotification.objects.filter(sent_at__isnull=True, due_at__lte=now)
        .select_related("user", "message__thread__student")
        .order_by("user_id", "message__sent_at")
    )
    per_user: dict[User, list[PendingNotification]] = defaultdict(list)
    for note in notes:
        per_user[note.user].append(note)
    return per_user


def send_due_notifications(*, now: datetime.datetime | None = None) -> int:
    """E-mail everyone who wants an e-mail per message about what is due now (including
    what waited for the end of the quiet hours). Returns how many e-mails were sent."""
    now = now or timezone.now()
    sent = 0
    for user, notes in _due(now).items():
        mode = email_mode_of(user)
        if mode == EmailMode.DIGEST:
            continue
        ids = [note.pk for note in notes]
        with transaction.atomic():
            # The conditional update claims them, so two workers never mail twice.
            claimed = PendingNotification.objects.filter(pk__in=ids, sent_at__isnull=True).update(
                sent_at=now
            )
        if claimed and mode == EmailMode.IMMEDIATE and user.is_active:
            _send(user, notes, digest=False)
            sent += 1
    return sent


def send_digest(*, now: datetime.datetime | None = None) -> int:
    """One e-mail per user who chose the daily summary, about everything due."""
    now = now or timezone.now()
    sent = 0
    for user, notes in _due(now).items():
        if email_mode_of(user) != EmailMode.DIGEST:
            continue
        ids = [note.pk for note in notes]
        with transaction.atomic():
            claimed = PendingNotification.objects.filter(pk__in=ids, sent_at__isnull=True).update(
                sent_at=now
            )
        if claimed and user.is_active:
            _send(user, notes, digest=True)
            sent += 1
    return sent


# --- Drafts ------------------------------------------------------------------------------


def save_draft(*, user: User, key: str, body: str) -> Draft | None:
    """Keep what the user is typing; an empty text removes the draft. The caller checked
    that the key names a thread or child the user may write about."""
    with transaction.atomic():
        if not body.strip():
            Draft.objects.filter(user=user, key=key).delete()
            return None
        draft, _created = Draft.objects.update_or_create(
            user=user, key=key, defaults={"body": body[:5000], "updated_at": timezone.now()}
        )
    return draft


def draft_text(*, user: User, key: str) -> str:
    draft = Draft.objects.filter(user=user, key=key).first()
    return draft.body if draft else ""


def discard_draft(*, user: User, key: str) -> None:
    with transaction.atomic():
        Draft.objects.filter(user=user, key=key).delete()
