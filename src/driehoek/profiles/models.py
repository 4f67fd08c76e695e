"""The child profile, "what works for my child": short sections written by each household
and, from secondary school, by the student.

Every section keeps its earlier versions (who changed what, when). Who may read a
section is decided in `driehoek.accounts.access` (`can_view_profile_section`); the
`visibility` field only says which school staff the writer meant it for.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from driehoek.roster.models import Household, School, Student


class SectionKind(models.TextChoices):
    STRENGTHS = "strengths", _("Strong points, and what is fun")
    STRESS = "stress", _("What causes stress, and what helps then")
    PREVIOUS_SCHOOL = "previous_school", _("What worked at the previous school")
    HEALTH = "health", _("Health matters the school must know")
    HOME_CHANGE = "home_change", _("A change at home")


class Visibility(models.TextChoices):
    MENTOR = "mentor", _("Only the mentor")
    TEACHERS = "teachers", _("All teachers")
    CARE = "care", _("The mentor and the care coordinator")


class LifeEvent(models.TextChoices):
    GRIEF = "grief", _("a death in the family")
    ILLNESS = "illness", _("illness in the family")
    DIVORCE = "divorce", _("a separation or divorce")
    MOVE = "move", _("a move")
    OTHER = "other", _("something else")


class AuthorKind(models.TextChoices):
    GUARDIAN = "guardian", _("parent")
    STUDENT = "student", _("student")


class ProfileSection(models.Model):
    """One section of a child's profile, owned by a household or by the student."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="profile_sections")
    kind = models.CharField(_("topic"), max_length=20, choices=SectionKind.choices)
    author_kind = models.CharField(_("written by"), max_length=10, choices=AuthorKind.choices)
    # The household that owns a parent's section: each household writes its own.
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"), max_length=4000)
    visibility = models.CharField(
        _("who at school may read this"), max_length=10, choices=Visibility.choices
    )
    happened_on = models.DateField(_("since when"), null=True, blank=True)
    life_event = models.CharField(
        _("what changed"), max_length=10, choices=LifeEvent.choices, blank=True
    )
    adults_only = models.BooleanField(_("only for adults"), default=False)
    adults_only_reason = models.CharField(
        _("why the student should not read this"), max_length=300, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["student", "kind", "-updated_at"]
        verbose_name = _("profile section")
        verbose_name_plural = _("profile sections")
        constraints = [
            # Hiding a section from the student needs a reason the school can read.
            models.CheckConstraint(
                condition=Q(adults_only=False) | ~Q(adults_only_reason=""),
                name="profile_adults_only_has_reason",
            ),
            # Only a parent may hide a section from the student.
            models.CheckConstraint(
                condition=Q(adults_only=False) | Q(author_kind="guardian"),
                name="profile_adults_only_by_guardian",
            ),
            # A change at home carries its date, so the school knows how recent it is.
            models.CheckConstraint(
                condition=~Q(kind="home_change") | Q(happened_on__isnull=False),
                name="profile_home_change_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student}: {self.get_kind_display()}"


class ProfileSectionVersion(models.Model):
    """An earlier or the current state of a section; never changed after it is written."""

    section = models.ForeignKey(ProfileSection, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    text = models.TextField()
    visibility = models.CharField(max_length=10, choices=Visibility.choices)
    happened_on = models.DateField(null=True, blank=True)
    life_event = models.CharField(max_length=10, choices=LifeEvent.choices, blank=True)
    adults_only = models.BooleanField(default=False)
    adults_only_reason = models.CharField(max_length=300, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_by_label = models.CharField(max_length=150, blank=True)
    edited_at = models.DateTimeField()

    class Meta:
        ordering = ["section", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["section", "version"], name="profile_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.section} v{self.version}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    ADAPTED = "adapted", _("accepted with changes")
    DISMISSED = "dismissed", _("dismissed")


class FollowUpProposal(models.Model):
    """After a change at home: a follow-up the mentor accepts, adapts or dismisses."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(ProfileSection, on_delete=models.CASCADE, related_name="proposals")
    what = models.CharField(_("follow-up"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The agreement made from it, in driehoek.conversations (when that app provides one).
    agreement_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("follow-up proposal")
        verbose_name_plural = _("follow-up proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["section"],
                condition=Q(status="proposed"),
                name="proposal_one_open_per_section",
            ),
        ]

    def __str__(self) -> str:
        return self.what


class SectionDraft(models.Model):
    """A section being written or edited, saved while typing (htmx), so nothing typed is
    lost when a session ends or a page is closed. Private to its writer: it is only ever
    read back for that user, and deleted once the section is saved."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    # Empty: a new section about the student; set: an edit of this section.
    section = models.ForeignKey(
        ProfileSection, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The form's fields as typed (strings), not yet validated: a draft may be unfinished.
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("profile draft")
        verbose_name_plural = _("profile drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "student"],
                condition=Q(section__isnull=True),
                name="profile_draft_one_new_per_student",
            ),
            models.UniqueConstraint(
                fields=["user", "section"],
                condition=Q(section__isnull=False),
                name="profile_draft_one_per_section",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.student_id}/{self.section_id}"
