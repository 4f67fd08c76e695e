"""Imported school data (grades, lesson attendance, homework) and the signals drawn from it.

The school's tracking system stays the source: these rows are a copy, keyed naturally
(a student's lesson on a date and hour, a subject's homework due on a date, the n-th
grade of a subject on a date), so importing the same export twice changes nothing.
The tables grow large (a school year of lessons is hundreds of rows per student), so
the rows are narrow and indexed on (school, student, date).

A Signal is a reason for a conversation, never a verdict: the mentor dismisses it,
snoozes it or turns it into a conversation. Its `key` (from the detectors) is unique per
school, so running detection again updates an open signal and never brings back a
dismissed one.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from driehoek.roster.models import School, Student

# An upload goes through the same steps as a roster import (checked, then imported).
from driehoek.roster_import.models import (  # noqa: F401 (statuses re-exported)
    BUSY,
    JobStatus,
    UploadedImport,
)


class SchoolSignalSettings(models.Model):
    """Per school: whether guardians see their own child's signals (off by default)."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="signal_settings")
    share_with_guardians = models.BooleanField(
        _("show signals to parents"),
        default=False,
        help_text=_(
            "Parents with the right to information then see the open signals about their own "
            "child, with the same evidence and suggestion as the mentor."
        ),
    )
    # Detection watermark: rows imported after this moment are new for the nightly run.
    detected_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signal settings")
        verbose_name_plural = _("signal settings")

    def __str__(self) -> str:
        return f"signal settings of school {self.school_id}"


class AttendanceCode(models.IntegerChoices):
    """Stored as a small number: attendance is the largest table."""

    PRESENT = 0, _("present")
    ABSENT_AUTHORISED = 1, _("absent, authorised")
    ABSENT_UNAUTHORISED = 2, _("absent, unauthorised")
    LATE = 3, _("late")


class GradeRecord(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(_("subject"), max_length=40)
    date = models.DateField(_("date"))
    # The n-th grade of this subject on this date in the export (two tests on one day).
    seq = models.PositiveSmallIntegerField(default=0)
    grade = models.DecimalField(_("grade"), max_digits=3, decimal_places=1)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "subject", "date", "seq"], name="signals_grade_natural_key"
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=1) & Q(grade__lte=10), name="signals_grade_dutch_scale"
            ),
        ]
        indexes = [
            models.Index(fields=["school", "student", "date"], name="signals_grade_ssd"),
            models.Index(fields=["school", "imported_at"], name="signals_grade_new"),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} {self.subject} {self.date}: {self.grade}"


class AttendanceRecord(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("date"))
    hour = models.PositiveSmallIntegerField(_("lesson hour"))
    subject = models.CharField(_("subject"), max_length=40)
    status = models.PositiveSmallIntegerField(_("status"), choices=AttendanceCode.choices)
    reason = models.CharField(_("reason code"), max_length=20, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lesson attendance")
        verbose_name_plural = _("lesson attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "date", "hour"], name="signals_attendance_natural_key"
            ),
        ]
        indexes = [
            models.Index(fields=["school", "student", "date"], name="signals_attendance_ssd"),
            models.Index(fields=["school", "imported_at"], name="signals_attendance_new"),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} {self.date} hour {self.hour}: {self.status}"


class HomeworkRecord(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(_("subject"), max_length=40)
    due = models.DateField(_("due"))
    done = models.BooleanField(_("done"))
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("homework")
        verbose_name_plural = _("homework")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "subject", "due"], name="signals_homework_natural_key"
            ),
        ]
        indexes = [
            models.Index(fields=["school", "student", "due"], name="signals_homework_ssd"),
            models.Index(fields=["school", "imported_at"], name="signals_homework_new"),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} {self.subject} {self.due}: {self.done}"


class DataKind(models.TextChoices):
    GRADES = "grades", _("grades (Dutch CSV)")
    ONEROSTER_GRADES = "oneroster", _("grades (OneRoster lineItems, results, categories)")
    ATTENDANCE = "attendance", _("lesson attendance (CSV)")
    HOMEWORK = "homework", _("homework (CSV)")


class DataImportJob(UploadedImport):
    """One uploaded export of grades, attendance or homework."""

    kind = models.CharField(_("kind of data"), max_length=12, choices=DataKind.choices)

    class Meta(UploadedImport.Meta):
        verbose_name = _("school data import")
        verbose_name_plural = _("school data imports")


class SignalKind(models.TextChoices):
    GRADE_DROP = "grade_drop", _("grades dropping")
    LIFE_EVENT_FOLLOW_UP = "life_event_follow_up", _("a change after an event at home")
    SUBJECT_ABSENCE_CLUSTER = "subject_absence_cluster", _("absence clustered in one subject")
    ABSENCE_TREND = "absence_trend", _("absence rising")
    LATENESS_TREND = "lateness_trend", _("lateness rising")
    HOMEWORK_STREAK = "homework_streak", _("homework missing several times in a row")


class SignalStatus(models.TextChoices):
    OPEN = "open", _("open")
    SNOOZED = "snoozed", _("snoozed")
    DISMISSED = "dismissed", _("dismissed")
    CONVERSATION = "conversation", _("turned into a conversation")


class SignalQuerySet(models.QuerySet["Signal"]):
    def open_on(self, day: datetime.date) -> SignalQuerySet:
        """Open signals, and snoozed ones whose snooze ended (they come back by themselves)."""
        return self.filter(
            Q(status=SignalStatus.OPEN) | Q(status=SignalStatus.SNOOZED, snoozed_until__lte=day)
        )


class Signal(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="signals")
    kind = models.CharField(_("kind"), max_length=30, choices=SignalKind.choices)
    subject = models.CharField(_("subject"), max_length=40, blank=True)
    key = models.CharField(max_length=200)
    detected_on = models.DateField(_("detected on"))
    measures = models.JSONField(default=dict)
    evidence = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=12, choices=SignalStatus.choices, default=SignalStatus.OPEN
    )
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    conversation = models.ForeignKey(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SignalQuerySet.as_manager()

    class Meta:
        ordering = ["-detected_on", "-pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        constraints = [
            models.UniqueConstraint(fields=["school", "key"], name="signals_signal_unique_key"),
            models.CheckConstraint(
                condition=~Q(status="snoozed") | Q(snoozed_until__isnull=False),
                name="signals_snooze_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "student", "status"], name="signals_signal_ssst"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.student_id})"
