"""The school roster: schools, years, groups, students, guardians and staff.

Every row that belongs to a school carries a `school` foreign key, even where it could
be reached through another row, so a multi-school deployment can be partitioned on it
and so that access rules can filter on one column.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SchoolKind(models.TextChoices):
    PRIMARY = "primary", _("primary school")
    SECONDARY = "secondary", _("secondary school")


class School(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # BRIN: the four-character code DUO gives every Dutch school (e.g. "12AB").
    brin = models.CharField(_("BRIN code"), max_length=6, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=SchoolKind.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    # From this age a student gets an own account (school policy, default 12).
    student_account_age = models.PositiveSmallIntegerField(
        _("age from which students get an account"), default=12
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints = [
            models.CheckConstraint(
                condition=Q(student_account_age__gte=6) & Q(student_account_age__lte=21),
                name="school_student_account_age_sane",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SchoolYear(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="years")
    name = models.CharField(_("name"), max_length=20, help_text="e.g. 2026-2027")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["school", "-starts_on"]
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="schoolyear_unique_name"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="schoolyear_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Period(models.Model):
    """A part of a school year: a term, a report period, an exam week block."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="periods")
    name = models.CharField(_("name"), max_length=50)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["school_year", "starts_on"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [
            models.UniqueConstraint(fields=["school_year", "name"], name="period_unique_name"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_year} {self.name}"


class Track(models.TextChoices):
    """Level of education: primary, or the secondary tracks."""

    PRIMARY = "po", _("primary")
    VMBO_BB = "vmbo-b", _("vmbo basic")
    VMBO_KB = "vmbo-k", _("vmbo vocational")
    VMBO_GT = "vmbo-t", _("vmbo theoretical")
    HAVO = "havo", _("havo")
    VWO = "vwo", _("vwo")
    MIXED = "mixed", _("mixed")


class GroupKind(models.TextChoices):
    CLASS = "class", _("class")  # stamgroep / stamklas: the group a mentor looks after
    LESSON = "lesson", _("lesson group")  # lesgroep/cluster: a subject taught to a set


class Subject(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="subjects")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="subject_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class Group(models.Model):
    """A class (groep 5, 2havo-b) or a lesson group; combined groups span year levels."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="groups")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=GroupKind.choices)
    # Primary: groep 1–8. Secondary: leerjaar 1–6. Combined groups: lowest and highest.
    year_level = models.PositiveSmallIntegerField(_("year level"), null=True, blank=True)
    year_level_to = models.PositiveSmallIntegerField(
        _("up to year level"), null=True, blank=True, help_text=_("Only for combined groups.")
    )
    track = models.CharField(_("track"), max_length=10, choices=Track.choices, blank=True)
    subject = models.ForeignKey(
        Subject, null=True, blank=True, on_delete=models.PROTECT, related_name="groups"
    )
    external_id = models.CharField(_("external key"), max_length=100, blank=True)

    class Meta:
        ordering = ["school_year", "year_level", "name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "name"], name="group_unique_name_per_year"
            ),
            models.UniqueConstraint(
                fields=["school", "external_id"],
                condition=~Q(external_id=""),
                name="group_unique_external_id",
            ),
            models.CheckConstraint(
                condition=Q(year_level__isnull=True) | Q(year_level__gte=1, year_level__lte=8),
                name="group_year_level_range",
            ),
            models.CheckConstraint(
                condition=Q(year_level_to__isnull=True)
                | Q(year_level__isnull=False, year_level_to__gt=models.F("year_level")),
                name="group_combined_levels_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_combined(self) -> bool:
        return self.year_level_to is not None

    @property
    def year_levels(self) -> str:
        """ "2", or "5–6" for a combined group; empty when the group has no level."""
        if self.year_level is None:
            return ""
        if self.year_level_to is None:
            return str(self.year_level)
        return f"{self.year_level}–{self.year_level_to}"


class PersonName(models.Model):
    """Dutch names: first name, infix (tussenvoegsel such as "van der"), last name."""

    first_name = models.CharField(_("first name"), max_length=100)
    infix = models.CharField(_("infix"), max_length=20, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.infix, self.last_name) if part)

    @property
    def sort_name(self) -> str:
        """As a Dutch list sorts it: "Berg, Sanne van den"."""
        tail = " ".join(part for part in (self.first_name, self.infix) if part)
        return f"{self.last_name}, {tail}"


class Student(PersonName):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="students")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="student",
    )
    student_number = models.CharField(_("student number"), max_length=20)
    # Optional: real exports often omit it (OneRoster keeps it in demographics.csv).
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    # The current class; the full history is in GroupMembership.
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="class_students"
    )
    external_id = models.CharField(_("external key"), max_length=100, blank=True)
    left_on = models.DateField(_("left school on"), null=True, blank=True)
    # From the school's roster import: the address an own-account invitation goes to.
    email = models.EmailField(_("e-mail address"), blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("student")
        verbose_name_plural = _("students")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "student_number"], name="student_unique_number"
            ),
            models.UniqueConstraint(
                fields=["school", "external_id"],
                condition=~Q(external_id=""),
                name="student_unique_external_id",
            ),
        ]

    def age_on(self, day: datetime.date) -> int | None:
        """Age in whole years on `day`; None when the date of birth is not known."""
        born = self.date_of_birth
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class GroupMembership(models.Model):
    """A student in a group from a date, until a date: the history of class changes."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="memberships")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["student", "-started_on"]
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "group"],
                condition=Q(ended_on__isnull=True),
                name="membership_one_open_per_group",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} in {self.group}"


class Guardian(PersonName):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="guardians")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guardian_profiles",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    external_id = models.CharField(_("external key"), max_length=100, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "user"], name="guardian_one_per_user_per_school"
            ),
            models.UniqueConstraint(
                fields=["school", "external_id"],
                condition=~Q(external_id=""),
                name="guardian_unique_external_id",
            ),
        ]


class Household(models.Model):
    """Where a child lives (part of the time). Separated parents: two households."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="households")
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    # Set when a roster import created the household (its key there); empty when the
    # school made it by hand, and then an import leaves it alone.
    external_id = models.CharField(_("external key"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "external_id"],
                condition=~Q(external_id=""),
                name="household_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Relation(models.TextChoices):
    PARENT = "parent", _("parent")
    GUARDIAN = "guardian", _("guardian")
    OTHER = "other", _("other")


class StudentGuardian(models.Model):
    """The link between a child and a guardian.

    By Dutch law both parents keep their right to information after a separation unless
    a court decides otherwise, so it defaults to True and a restriction needs a reason.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardian_links")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="child_links")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="links"
    )
    has_right_to_information = models.BooleanField(_("right to information"), default=True)
    information_restriction_reason = models.CharField(
        _("reason the right to information is restricted"), max_length=300, blank=True
    )

    class Meta:
        ordering = ["student", "guardian"]
        verbose_name = _("student–guardian link")
        verbose_name_plural = _("student–guardian links")
        constraints = [
            models.UniqueConstraint(fields=["student", "guardian"], name="guardian_link_unique"),
            models.CheckConstraint(
                condition=Q(has_right_to_information=True) | ~Q(information_restriction_reason=""),
                name="guardian_link_restriction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.student}"


class StaffMember(PersonName):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_profiles",
    )
    email = models.EmailField(_("e-mail address"))
    abbreviation = models.CharField(_("abbreviation"), max_length=10, blank=True)
    external_id = models.CharField(_("external key"), max_length=100, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "user"], name="staff_one_per_user_per_school"
            ),
            models.UniqueConstraint(fields=["school", "email"], name="staff_unique_email"),
            models.UniqueConstraint(
                fields=["school", "external_id"],
                condition=~Q(external_id=""),
                name="staff_unique_external_id",
            ),
        ]


class StaffRoleKind(models.TextChoices):
    MENTOR = "mentor", _("mentor")
    TEACHER = "teacher", _("subject teacher")
    CARE_COORDINATOR = "care", _("care coordinator")
    ADMINISTRATOR = "admin", _("school administrator")


class StaffRole(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    staff_member = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=10, choices=StaffRoleKind.choices)

    class Meta:
        ordering = ["staff_member", "role"]
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.UniqueConstraint(fields=["staff_member", "role"], name="staff_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.staff_member}: {self.get_role_display()}"


class MentorAssignment(models.Model):
    """A mentor for a whole group, or for one student (e.g. a coach in upper years)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    staff_member = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="mentor_assignments"
    )
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.CASCADE, related_name="mentor_assignments"
    )
    student = models.ForeignKey(
        Student, null=True, blank=True, on_delete=models.CASCADE, related_name="mentor_assignments"
    )

    class Meta:
        verbose_name = _("mentor assignment")
        verbose_name_plural = _("mentor assignments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(group__isnull=False) & Q(student__isnull=True))
                | (Q(group__isnull=True) & Q(student__isnull=False)),
                name="mentor_for_group_xor_student",
            ),
            models.UniqueConstraint(
                fields=["staff_member", "group"],
                condition=Q(group__isnull=False),
                name="mentor_unique_group",
            ),
            models.UniqueConstraint(
                fields=["staff_member", "student"],
                condition=Q(student__isnull=False),
                name="mentor_unique_student",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff_member} → {self.group or self.student}"


class TeachingAssignment(models.Model):
    """A subject teacher teaches a group."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    staff_member = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="teaching_assignments"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="teaching_assignments")
    subject = models.ForeignKey(
        Subject, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("teaching assignment")
        verbose_name_plural = _("teaching assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["staff_member", "group", "subject"], name="teaching_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff_member} → {self.group}"
