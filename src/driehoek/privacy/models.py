"""How long a school keeps each kind of data (defaults in `driehoek.privacy.kinds`)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from driehoek.privacy import kinds
from driehoek.roster.models import School


class DataKind(models.TextChoices):
    ACCOUNT = kinds.ACCOUNT, _("Accounts")
    ROSTER = kinds.ROSTER, _("School data (names, classes, parents)")
    DEPARTED = kinds.DEPARTED, _("Students who left the school")
    MESSAGES = kinds.MESSAGES, _("Messages")
    CONVERSATIONS = kinds.CONVERSATIONS, _("Conversations, agreements and parent evenings")
    TRIANGLE = kinds.TRIANGLE, _("Triangle check answers and results")
    INVOLVEMENT = kinds.INVOLVEMENT, _("Involvement scans")
    PROFILE = kinds.PROFILE, _("Earlier versions of the child profile")
    DRAFTS = kinds.DRAFTS, _("Unfinished drafts")
    IMPORT = kinds.IMPORT, _("Roster uploads and their reports")
    SIGNALS = kinds.SIGNALS, _("Signals from school data")
    CARE = kinds.CARE, _("Care cases")
    AUDIT = kinds.AUDIT, _("Audit log (who read a child's file)")


class RetentionPolicy(models.Model):
    """A school's own period for one kind of data; without a row the default applies."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind of data"), max_length=20, choices=DataKind.choices)
    days = models.PositiveIntegerField(_("kept for (days)"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["school", "kind"]
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        constraints = [
            models.UniqueConstraint(fields=["school", "kind"], name="retention_once_per_kind"),
            models.CheckConstraint(condition=Q(days__gte=1), name="retention_at_least_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.kind} {self.days}"
