"""An upload of a school's roster, from dry run to import (and the invitations after)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from driehoek.roster.models import School


class JobStatus(models.TextChoices):
    CHECKING = "checking", _("checking the file")
    CHECKED = "checked", _("checked, waiting for confirmation")
    REJECTED = "rejected", _("rejected, nothing imported")
    QUEUED = "queued", _("waiting to import")
    RUNNING = "running", _("importing")
    DONE = "done", _("imported")
    FAILED = "failed", _("failed, nothing imported")


#: Statuses in which the page keeps asking for news.
BUSY = (JobStatus.CHECKING, JobStatus.QUEUED, JobStatus.RUNNING)


class UploadedImport(models.Model):
    """An uploaded file that is checked first (a dry run) and imported on confirmation.

    Shared by the roster import and the school-data import (signals): the same steps, the
    same statuses and reports. The file waits in a private folder (never served) only until
    the import has run or was rejected; the reports keep keys, counts and reasons."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file_name = models.CharField(_("file"), max_length=200)
    stored_name = models.CharField(max_length=200, blank=True)
    skip_invalid = models.BooleanField(_("import the valid rows, skip the rest"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.CHECKING
    )
    check_report = models.JSONField(_("dry-run report"), null=True, blank=True)
    report = models.JSONField(_("import report"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_busy(self) -> bool:
        return self.status in BUSY


class ImportJob(UploadedImport):
    """One uploaded roster export (with, for EDEXML, the parents' file beside it)."""

    guardians_file_name = models.CharField(_("parents file"), max_length=200, blank=True)
    guardians_stored_name = models.CharField(max_length=200, blank=True)

    class Meta(UploadedImport.Meta):
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
