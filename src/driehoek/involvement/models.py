"""A parent's home-involvement scan of one child, one row per day.

A scan belongs to the guardian who filled it in: it is their reflection, private to them
(not to the other household, not to the school) unless they share it with the mentor.
Scans are kept per date so the parent sees their change over time; filling in again on
the same day continues that day's scan. Answers are stored with the questionnaire
version they were given for (content/scan.yaml), so a later version never changes the
meaning of an old scan.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from driehoek.roster.models import School, Student


class Scan(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    guardian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="involvement_scans",
        verbose_name=_("parent"),
    )
    student = models.ForeignKey(
        Student,
        on_delete=models.CASCADE,
        related_name="involvement_scans",
        verbose_name=_("child"),
    )
    date = models.DateField(_("date"))
    version = models.CharField(_("questionnaire version"), max_length=20)
    # {item key: answer 1–5}; only items of `version`, checked by services.record_answer.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    shared_with_mentor = models.BooleanField(_("shared with the mentor"), default=False)
    shared_at = models.DateTimeField(_("shared on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["student", "-date"]
        verbose_name = _("involvement scan")
        verbose_name_plural = _("involvement scans")
        constraints = [
            models.UniqueConstraint(
                fields=["guardian", "student", "date"], name="involvement_scan_one_per_day"
            ),
            models.CheckConstraint(
                condition=Q(shared_with_mentor=True, shared_at__isnull=False)
                | Q(shared_with_mentor=False, shared_at__isnull=True),
                name="involvement_scan_shared_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.date}"
