"""Append-only record of who read or changed children's data.

The application never updates or deletes an AuditEvent; `save()` on an existing row
and `delete()` raise. (Database-level protection is for the operator, e.g. a trigger
or a role without UPDATE/DELETE rights on this table.)
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise AuditLogIsAppendOnly("audit events cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit events cannot be deleted")


class AuditAction(models.TextChoices):
    VIEW_STUDENT = "view_student", _("viewed the student's page")
    VIEW_STUDENT_API = "view_student_api", _("read the student's record through the API")
    VIEW_PROFILE = "view_profile", _("read the child's profile")
    VIEW_INVOLVEMENT_SCAN = "view_involvement_scan", _("read an involvement scan the parent shared")
    VIEW_TRIANGLE = "view_triangle", _("looked at the child's triangle")
    VIEW_CARE_CASE = "view_care_case", _("read the child's care case")
    # A case withheld from the parents for the child's safety: these rows name no student,
    # so they stay out of the parents' access log (the coordinator's audit export has them).
    VIEW_WITHHELD_CARE_CASE = "view_withheld_care", _("read a care case withheld for safety")
    CARE_SAFETY_WITHHELD = "care_safety_withheld", _("withheld a care case for safety")
    CARE_SAFETY_LIFTED = "care_safety_lifted", _("lifted a care case's safety exception")


ACTOR_ROLE_LABELS = {
    "mentor": _("mentor"),
    "teacher": _("teacher"),
    "care": _("care coordinator"),
    "admin": _("school administration"),
    "guest": _("external expert (with your consent)"),
}


class AuditEvent(models.Model):
    school = models.ForeignKey(
        "roster.School", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text too: the log must still say who it was after an account is removed.
    actor_label = models.CharField(max_length=200)
    actor_email = models.EmailField(blank=True)
    # Why the actor could read: the relation to the student (mentor, teacher, admin, care).
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    student = models.ForeignKey(
        "roster.Student", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["student", "-at"], name="audit_student_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not self._state.adding:
            raise AuditLogIsAppendOnly("audit events cannot be changed")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit events cannot be deleted")

    @property
    def actor_role_label(self) -> str:
        return str(ACTOR_ROLE_LABELS.get(self.actor_role, self.actor_role))
