"""Rounds of the triangle check, the responses (saved answer by answer) and results.

A Round asks the guardians, the students and the mentor of a class (or of every class
of a school) to fill in the check between two dates. A Response belongs to one
respondent about one student; its answers are Answer rows written one at a time, so
nothing typed is lost. A Result keeps the derived triangle per student per round: only
the sides and what follows from them are shared, never the answers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from driehoek.triangle.geometry import Shape
from driehoek.triangle.questionnaire import CURRENT_VERSION, Kind


class Round(models.Model):
    school = models.ForeignKey("roster.School", on_delete=models.CASCADE, related_name="+")
    # Empty: every class of the school.
    group = models.ForeignKey(
        "roster.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="triangle_rounds",
    )
    title = models.CharField(_("title"), max_length=120)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    questionnaire_version = models.CharField(max_length=20, default=CURRENT_VERSION)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when the round was closed early by hand; otherwise it closes after closes_on.
    closed_at = models.DateTimeField(null=True, blank=True)
    last_reminder_on = models.DateField(null=True, blank=True)
    # When the "please fill in" e-mail went out (a round may open on a later day).
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("triangle round")
        verbose_name_plural = _("triangle rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="triangle_round_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today: object = None) -> bool:
        day = today or timezone.localdate()
        return self.closed_at is None and self.opens_on <= day <= self.closes_on  # type: ignore[operator]


class RespondentRole(models.TextChoices):
    GUARDIAN = "guardian", _("parent")
    STUDENT = "student", _("student")
    MENTOR = "mentor", _("mentor")


class Response(models.Model):
    school = models.ForeignKey("roster.School", on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    student = models.ForeignKey(
        "roster.Student", on_delete=models.CASCADE, related_name="triangle_responses"
    )
    # Empty for answers the school entered from a paper form (and in the demo data).
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="triangle_responses",
    )
    role = models.CharField(max_length=10, choices=RespondentRole.choices)
    kind = models.CharField(max_length=20, choices=[(k.value, k.value) for k in Kind])
    # Guardians answer per household: the home voice weighs households equally.
    household = models.ForeignKey(
        "roster.Household", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "student", "role"]
        verbose_name = _("triangle response")
        verbose_name_plural = _("triangle responses")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "student", "respondent", "role"],
                name="triangle_one_response_each",
            ),
            # One child's voice per student, whoever's device it was typed on.
            models.UniqueConstraint(
                fields=["round", "student"],
                condition=Q(role="student"),
                name="triangle_one_child_response",
            ),
            models.CheckConstraint(
                condition=Q(role="guardian") | Q(household__isnull=True),
                name="triangle_household_only_for_guardians",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.student} · {self.role}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=40)
    value = models.PositiveSmallIntegerField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["response", "item"]
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="triangle_answer_once"),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=5), name="triangle_answer_on_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}={self.value}"


class Result(models.Model):
    """The derived triangle of one student in one round (recomputed on every submit)."""

    school = models.ForeignKey("roster.School", on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results")
    student = models.ForeignKey(
        "roster.Student", on_delete=models.CASCADE, related_name="triangle_results"
    )
    score_hs = models.FloatField(null=True)
    score_hc = models.FloatField(null=True)
    score_sc = models.FloatField(null=True)
    side_hs = models.FloatField(null=True)
    side_hc = models.FloatField(null=True)
    side_sc = models.FloatField(null=True)
    growth_space = models.FloatField(null=True)
    level = models.FloatField(null=True)
    shape = models.CharField(max_length=40, choices=[(s.value, s.value) for s in Shape])
    pattern = models.CharField(max_length=30, blank=True)
    loyalty_conflict = models.BooleanField(default=False)
    degenerate = models.BooleanField(default=False)
    # Which voices answered: "home", "child", "school" (no names, no answers).
    voices = models.JSONField(default=list)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "student"]
        constraints = [
            models.UniqueConstraint(fields=["round", "student"], name="triangle_one_result_each"),
            models.CheckConstraint(
                condition=Q(growth_space__isnull=True)
                | Q(growth_space__gte=0, growth_space__lte=1),
                name="triangle_growth_space_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.student}: {self.shape}"

    @property
    def sides(self) -> dict[str, float] | None:
        if self.side_hs is None or self.side_hc is None or self.side_sc is None:
            return None
        return {"hs": self.side_hs, "hc": self.side_hc, "sc": self.side_sc}

    @property
    def is_complete(self) -> bool:
        return self.shape != Shape.INSUFFICIENT
