"""Secure messaging about one child between its guardians and the school.

A thread is about one student. Its guardians (all households, or one household when a
parent asked for that) and the student's mentor take part; the mentor may add teachers.
Who may read a thread is decided in `driehoek.accounts.access` (`can_view_thread`).
"""

from __future__ import annotations

import datetime
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from driehoek.roster.models import Household, School, Student


class MessageKind(models.TextChoices):
    """What a message gives or asks: the balance of giving and receiving."""

    APPRECIATION = "appreciation", _("Appreciation")
    INFORMATION = "information", _("Information")
    QUESTION = "question", _("Question")
    CONCERN = "concern", _("Concern")
    REQUEST = "request", _("Request")


class AuthorSide(models.TextChoices):
    HOME = "home", _("home")
    SCHOOL = "school", _("school")


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("An e-mail for each new message")
    DIGEST = "digest", _("One e-mail a day with a summary")
    OFF = "off", _("No e-mail")


def _private_dir() -> Path:
    # Under var/, never under STATIC_ROOT or MEDIA_ROOT: files are only ever served by the
    # permission-checked download view.
    return Path(settings.VAR_DIR) / "private" / "messaging"


class PrivateStorage(FileSystemStorage):
    """Files under var/private/messaging, read from the settings on every use (tests
    point VAR_DIR elsewhere). No base URL: there is no public address for these files."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(_private_dir())

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property  # type: ignore[override]
    def base_url(self) -> None:
        return None


def private_storage() -> PrivateStorage:
    return PrivateStorage()


def _attachment_path(instance: Attachment, filename: str) -> str:
    # A random name: the original file name is kept in the row, never used on disk.
    return f"{instance.message.thread.school_id}/{uuid.uuid4().hex}"


class MessagingSettings(models.Model):
    """Per school: the quiet hours in which staff are not notified."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="+")
    quiet_from = models.TimeField(_("quiet from"), default=datetime.time(18, 0))
    quiet_until = models.TimeField(_("quiet until"), default=datetime.time(7, 30))
    quiet_weekends = models.BooleanField(_("quiet at weekends"), default=True)

    class Meta:
        verbose_name = _("messaging settings")
        verbose_name_plural = _("messaging settings")

    def __str__(self) -> str:
        return str(self.school)


class MessagingPreference(models.Model):
    """How a user wants to hear about new messages."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messaging_preference"
    )
    email_mode = models.CharField(
        _("e-mail about new messages"),
        max_length=10,
        choices=EmailMode.choices,
        default=EmailMode.IMMEDIATE,
    )

    def __str__(self) -> str:
        return f"{self.user}: {self.email_mode}"


class Thread(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="threads")
    subject = models.CharField(_("subject"), max_length=150)
    # Set: only this household's guardians take part (separated parents). Empty: all.
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_message_at"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")

    def __str__(self) -> str:
        return self.subject


class ThreadStaff(models.Model):
    """A teacher the mentor added to a thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="added_staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="thread_staff_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.thread}"


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=150)
    side = models.CharField(max_length=10, choices=AuthorSide.choices)
    body = models.TextField(_("message"), max_length=5000)
    kind = models.CharField(_("this message gives or asks"), max_length=15, choices=MessageKind)
    # What the text suggested when it was sent, so we can see how often writers differ.
    suggested_kind = models.CharField(max_length=15, choices=MessageKind, blank=True)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.author_label}, {self.sent_at:%Y-%m-%d %H:%M}"


class MessageRead(models.Model):
    """A staff member opened the thread after this message: "seen by the mentor"."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    user_label = models.CharField(max_length=150)
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="message_read_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_label} read {self.message_id}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=["application/pdf", "image/jpeg", "image/png"]),
                name="attachment_allowed_type",
            ),
            models.CheckConstraint(
                condition=Q(size__lte=5 * 1024 * 1024), name="attachment_at_most_5mb"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class PendingNotification(models.Model):
    """An e-mail owed to a user about a new message; due later in quiet hours."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "due_at"])]
        constraints = [
            models.UniqueConstraint(fields=["user", "message"], name="notification_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} about {self.message_id}"


class Draft(models.Model):
    """A message being written, saved while typing (htmx), so nothing typed is lost.
    Private to its writer; deleted when the message is sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # "thread:<id>" for a reply, "student:<id>" for a new thread about a child.
    key = models.CharField(max_length=40)
    body = models.TextField(max_length=5000)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="draft_unique_key")]

    def __str__(self) -> str:
        return f"{self.user}: {self.key}"
