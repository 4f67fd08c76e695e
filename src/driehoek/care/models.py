"""Care: a mentor's care question about a student, the consent to share it outside the
school, the care team (with external experts as guest accounts), the meeting, the support
plan and the closure.

Retention (for the privacy app): a case is kept while open; once closed, `CareCase.closed_on`
is the date its retention period starts. Everything below hangs off the case (CASCADE), so
deleting a closed case removes its consent, shares, team, meetings and plan with it.
The `SafetyRecord` of a case is part of the case file and goes with it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class InformedHow(models.TextChoices):
    CONVERSATION = "conversation", _("in a conversation at school")
    PHONE = "phone", _("by phone")
    MESSAGE = "message", _("by a message in Driehoek")
    EMAIL = "email", _("by e-mail")
    LETTER = "letter", _("by letter")


class CareCase(models.Model):
    """A care question about one student, raised by the mentor to the care coordinator.

    Retention: `closed_on` is set when the case is closed; the privacy app's retention rule
    for care cases counts from it. Open cases (`closed_on` empty) are never removed.
    """

    school = models.ForeignKey("roster.School", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        "roster.Student", on_delete=models.CASCADE, related_name="care_cases"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    situation = models.CharField(_("situation"), max_length=40, blank=True)
    reason = models.TextField(_("what worries you"))
    tried = models.TextField(_("what has been tried"), blank=True)
    parents_know = models.TextField(_("what the parents know"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The parents are told: when and how (recorded by the mentor or the coordinator).
    parents_informed_on = models.DateField(_("parents informed on"), null=True, blank=True)
    parents_informed_how = models.CharField(
        _("how"), max_length=14, choices=InformedHow.choices, blank=True
    )
    parents_informed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The day the mentor was last reminded to record that the parents were told (so a
    # second run of the daily command on the same day sends nothing).
    parents_reminded_on = models.DateField(null=True, blank=True, editable=False)
    # Child-safety protocol (meldcode): the parents are not told for now. The reason is in
    # a SafetyRecord, readable by the care coordinator only.
    withheld_for_safety = models.BooleanField(default=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_summary = models.TextField(_("summary"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("care case")
        verbose_name_plural = _("care cases")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="care_case_has_reason"),
            models.CheckConstraint(
                condition=(Q(status="open") & Q(closed_on__isnull=True))
                | (Q(status="closed") & Q(closed_on__isnull=False)),
                name="care_case_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"care case {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    @property
    def parents_informed(self) -> bool:
        return self.parents_informed_on is not None

    @property
    def needs_parents_informed(self) -> bool:
        """The mentor's reminder: open, not recorded as told, and no safety reason."""
        return self.is_open and not self.parents_informed and not self.withheld_for_safety


class SafetyRecord(models.Model):
    """A documented child-safety reason not to inform the parents (the meldcode), or the
    lifting of it. Append-only; the care coordinator alone reads it."""

    case = models.ForeignKey(CareCase, on_delete=models.CASCADE, related_name="safety_records")
    withheld = models.BooleanField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="safety_has_reason")]

    def __str__(self) -> str:
        return f"SafetyRecord {self.pk}"


class LinkKind(models.TextChoices):
    CONVERSATION = "conversation", _("conversation")
    AGREEMENT = "agreement", _("agreement")
    SIGNAL = "signal", _("signal")


class CaseLink(models.Model):
    """What was tried: a conversation, an agreement or a signal about the student.

    Kept generic (kind + id + the label at the time) so the case does not depend on the
    signals app's models, and a removed item leaves its label behind.
    """

    case = models.ForeignKey(CareCase, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=14, choices=LinkKind.choices)
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=300)

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "object_id"], name="care_link_once")
        ]

    def __str__(self) -> str:
        return f"CaseLink {self.pk}"


class RecipientKind(models.TextChoices):
    SCHOOL_DOCTOR = "school_doctor", _("school doctor")
    YOUTH_CARE = "youth_care", _("youth care")
    REMEDIAL = "remedial", _("remedial teacher")
    PSYCHOLOGIST = "psychologist", _("educational psychologist")
    OTHER = "other", _("other expert")


class Recipient(models.Model):
    """Someone outside the school who may receive information about the case."""

    case = models.ForeignKey(CareCase, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(_("kind"), max_length=14, choices=RecipientKind.choices)
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class ConsentRequest(models.Model):
    """Consent asked for one purpose and one recipient, until an end date."""

    case = models.ForeignKey(CareCase, on_delete=models.CASCADE, related_name="consent_requests")
    recipient = models.ForeignKey(
        Recipient, on_delete=models.CASCADE, related_name="consent_requests"
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    information = models.TextField(_("which information"))
    ends_on = models.DateField(_("until"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(purpose=""), name="consent_purpose")]

    def __str__(self) -> str:
        return f"ConsentRequest {self.pk}"


class ConsentAnswer(models.Model):
    """One answer of one party (a guardian, or the student): given, refused or revoked.
    Never changed: a new answer is a new row, so the history stays visible."""

    request = models.ForeignKey(ConsentRequest, on_delete=models.CASCADE, related_name="answers")
    guardian = models.ForeignKey(
        "roster.Guardian", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    by_student = models.BooleanField(default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.CharField(max_length=8)  # consent_rules.Answer
    until = models.DateField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(guardian__isnull=False) & Q(by_student=False))
                | (Q(guardian__isnull=True) & Q(by_student=True)),
                name="consent_answer_one_party",
            )
        ]

    def __str__(self) -> str:
        return f"ConsentAnswer {self.pk}"

    @property
    def party(self) -> str:
        return "student" if self.by_student else f"guardian:{self.guardian_id}"


class Share(models.Model):
    """Information that left the school, with the consent that allowed it at that moment."""

    case = models.ForeignKey(CareCase, on_delete=models.CASCADE, related_name="shares")
    request = models.ForeignKey(ConsentRequest, on_delete=models.CASCADE, related_name="shares")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(_("what was shared"), max_length=300)
    consent_from = models.CharField(max_length=300)  # who had consented, at that moment

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Share {self.pk}"


class MemberKind(models.TextChoices):
    MENTOR = "mentor", _("mentor")
    TEACHER = "teacher", _("teacher")
    CARE = "care", _("care coordinator")
    EXPERT = "expert", _("external expert")


class TeamMember(models.Model):
    """A member of the case's care team. An external expert is a guest account with
    access to this case only, until `access_ends_on`, and only while consent holds."""

    case = models.ForeignKey(CareCase, on_delete=models.CASCADE, related_name="team")
    kind = models.CharField(max_length=8, choices=MemberKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="care_teams"
    )
    recipient = models.ForeignKey(
        Recipient, null=True, blank=True, on_delete=models.CASCADE, related_name="members"
    )
    access_ends_on = models.DateField(_("access until"), null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="expert")
                | (Q(recipient__isnull=False) & Q(access_ends_on__isnull=False)),
                name="care_expert_has_recipient_and_end",
            ),
            models.UniqueConstraint(
                fields=["case", "user"], condition=Q(ended_at__isnull=True), name="care_member_once"
            ),
        ]

    def __str__(self) -> str:
        return f"TeamMember {self.pk}"


class GuestInvitation(models.Model):
    """A single-use link for an external expert to set a password. Only the digest of the
    token is stored (accounts.models.hash_token); the raw token exists only in the e-mail."""

    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"GuestInvitation {self.pk}"

    def is_usable(self) -> bool:
        now = timezone.now()
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


class Meeting(models.Model):
    """The multidisciplinary meeting; planned as a conversation (conversations app)."""

    case = models.ForeignKey(CareCase, on_delete=models.CASCADE, related_name="meetings")
    conversation = models.ForeignKey(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    with_parents = models.BooleanField(_("with the parents"), default=True)
    with_student = models.BooleanField(_("with the student"), default=False)
    outcome = models.TextField(_("outcome"), blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"Meeting {self.pk}"


class SupportPlan(models.Model):
    """What we are going to do. Visible to the guardians; to the student when the
    coordinator chooses so (only for a student with an own account)."""

    case = models.OneToOneField(CareCase, on_delete=models.CASCADE, related_name="plan")
    summary = models.TextField(_("summary of the plan"), blank=True)
    shared_with_student = models.BooleanField(_("the student can read the plan"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"SupportPlan {self.pk}"


class PlanItem(models.Model):
    """A goal, the action towards it, who does it and when we look at it again."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="items")
    goal = models.CharField(_("goal"), max_length=300)
    action = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("who"), max_length=100)
    review_on = models.DateField(_("review on"))
    reminded_on = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["review_on", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(goal=""), name="plan_item_goal")]

    def __str__(self) -> str:
        return f"PlanItem {self.pk}"
