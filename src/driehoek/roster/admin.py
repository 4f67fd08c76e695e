"""The roster in Django's admin site, for school administrators.

A school administrator (`StaffRoleKind.ADMINISTRATOR`, with `User.is_staff` so they may
enter the admin site) sees and edits the rows of the schools they administer, and
nothing else: `SchoolScopedMixin` limits querysets, foreign-key choices and
permissions through `access.schools_administered_by`. Their rights come from the role,
not from Django's model permissions, so nobody has to hand out permissions per user:
the role is the single source of who may manage a school. Superusers keep Django's
ordinary behaviour and see every school.

Class changes made here go through `services.place_student_in_class`, so the class
history stays complete.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model, Q, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from driehoek.accounts.access import schools_administered_by
from driehoek.accounts.models import User
from driehoek.roster import services
from driehoek.roster.models import (
    Group,
    GroupKind,
    GroupMembership,
    Guardian,
    Household,
    MentorAssignment,
    Period,
    School,
    SchoolYear,
    StaffMember,
    StaffRole,
    Student,
    StudentGuardian,
    Subject,
    TeachingAssignment,
)


def _school_ids(request: HttpRequest) -> frozenset[int]:
    # Cached on the request: every queryset, choice list and permission check asks.
    cached: frozenset[int] | None = getattr(request, "_roster_admin_school_ids", None)
    if cached is None:
        cached = frozenset(schools_administered_by(request.user).values_list("pk", flat=True))
        request._roster_admin_school_ids = cached  # type: ignore[attr-defined]
    return cached


def _school_id_of(obj: Model) -> int | None:
    return obj.pk if isinstance(obj, School) else getattr(obj, "school_id", None)


class SchoolScopedMixin:
    """Limit an admin (or inline) to the schools the user administers.

    `school_field` is the lookup from the model to its school ("school", or "pk" for
    School itself). Permissions follow the administrator role instead of Django's
    model permissions; superusers are left to Django.
    """

    school_field = "school"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.school_field}__in": _school_ids(request)})

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if not request.user.is_superuser and "queryset" not in kwargs:
            kwargs["queryset"] = self._choices(db_field.related_model, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    @staticmethod
    def _choices(model: type[Model], request: HttpRequest) -> QuerySet[Any]:
        ids = _school_ids(request)
        if model is School:
            return School.objects.filter(pk__in=ids)
        if model is User:
            # Only logins already known at one of these schools: no browsing all users.
            return User.objects.filter(
                Q(student__school_id__in=ids)
                | Q(guardian_profiles__school_id__in=ids)
                | Q(staff_profiles__school_id__in=ids)
            ).distinct()
        if any(field.name == "school" for field in model._meta.get_fields()):
            return model._default_manager.filter(school_id__in=ids)
        return model._default_manager.none()

    def _allowed(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if not (request.user.is_active and request.user.is_staff):
            return False
        ids = _school_ids(request)
        if obj is None:
            return bool(ids)
        return _school_id_of(obj) in ids

    def has_module_permission(self, request: HttpRequest) -> bool:
        if request.user.is_superuser:
            return super().has_module_permission(request)  # type: ignore[misc]
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if request.user.is_superuser:
            return super().has_view_permission(request, obj)  # type: ignore[misc]
        return self._allowed(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if request.user.is_superuser:
            return super().has_change_permission(request, obj)  # type: ignore[misc]
        return self._allowed(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if request.user.is_superuser:
            return super().has_delete_permission(request, obj)  # type: ignore[misc]
        return self._allowed(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if request.user.is_superuser:
            if isinstance(self, admin.options.InlineModelAdmin):
                return super().has_add_permission(request, obj)  # type: ignore[misc]
            return super().has_add_permission(request)  # type: ignore[misc]
        return self._allowed(request, obj)


class ScopedAdmin(SchoolScopedMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        """Inline rows belong to the school of the row they are edited on."""
        for instance in formset.save(commit=False):
            if getattr(instance, "school_id", 0) is None:
                instance.school_id = _school_id_of(form.instance)
            instance.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()


class ScopedInline(SchoolScopedMixin, admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    exclude = ("school",)


# --- Schools, years, subjects ----------------------------------------------------------


@admin.register(School)
class SchoolAdmin(ScopedAdmin):
    school_field = "pk"
    list_display = ("name", "brin", "kind", "city")
    search_fields = ("name", "brin", "city")

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # New schools are set up by the operator, not by another school's administrator.
        return request.user.is_superuser and super().has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class PeriodInline(ScopedInline):
    model = Period


@admin.register(SchoolYear)
class SchoolYearAdmin(ScopedAdmin):
    list_display = ("name", "school", "starts_on", "ends_on")
    list_filter = (("school", admin.RelatedOnlyFieldListFilter),)
    inlines = (PeriodInline,)


@admin.register(Subject)
class SubjectAdmin(ScopedAdmin):
    list_display = ("code", "name", "school")
    list_filter = (("school", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("code", "name")


# --- Groups --------------------------------------------------------------------------


class MentorAssignmentInline(ScopedInline):
    model = MentorAssignment
    fk_name = "group"
    fields = ("staff_member",)


class GroupTeachingInline(ScopedInline):
    model = TeachingAssignment
    fields = ("staff_member", "subject")


@admin.register(Group)
class GroupAdmin(ScopedAdmin):
    list_display = ("name", "kind", "year_levels", "track", "subject", "school_year")
    list_filter = ("kind", "track", ("school_year", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "external_id")
    inlines = (MentorAssignmentInline, GroupTeachingInline)

    @admin.display(description=_("year level"))
    def year_levels(self, obj: Group) -> str:
        return obj.year_levels


# --- Students, guardians, households ---------------------------------------------------


class StudentGuardianInline(ScopedInline):
    model = StudentGuardian
    fields = (
        "guardian",
        "relation",
        "household",
        "has_right_to_information",
        "information_restriction_reason",
    )
    raw_id_fields = ("guardian",)


class GuardianChildInline(StudentGuardianInline):
    fields = (
        "student",
        "relation",
        "household",
        "has_right_to_information",
        "information_restriction_reason",
    )
    raw_id_fields = ("student",)


class MembershipInline(ScopedInline):
    """The class history, read-only: it is written by the services."""

    model = GroupMembership
    fields = ("group", "started_on", "ended_on")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("class history")

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Student)
class StudentAdmin(ScopedAdmin):
    list_display = ("sort_name", "student_number", "group", "date_of_birth", "left_on")
    list_filter = (("group", admin.RelatedOnlyFieldListFilter), "left_on")
    search_fields = ("first_name", "last_name", "student_number", "external_id")
    list_select_related = ("group",)
    raw_id_fields = ("user",)
    inlines = (StudentGuardianInline, MembershipInline)

    @admin.display(description=_("name"), ordering="last_name")
    def sort_name(self, obj: Student) -> str:
        return obj.sort_name

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "group" and field is not None:
            # The current class; lesson groups are joined through the services.
            field.queryset = field.queryset.filter(kind=GroupKind.CLASS)  # type: ignore[attr-defined]
        return field

    def save_model(self, request: HttpRequest, obj: Student, form: ModelForm, change: bool) -> None:
        """A change of class is a placement: it goes through the service, with history."""
        new_group = obj.group
        if "group" not in form.changed_data:
            super().save_model(request, obj, form, change)
            return
        old_group = Group.objects.filter(pk=form.initial.get("group")).first() if change else None
        obj.group = old_group
        super().save_model(request, obj, form, change)
        today = timezone.localdate()
        if new_group is not None:
            services.place_student_in_class(student=obj, group=new_group, on=today)
        elif old_group is not None:
            services.end_group_membership(student=obj, group=old_group, on=today)


@admin.register(Guardian)
class GuardianAdmin(ScopedAdmin):
    list_display = ("sort_name", "email", "phone", "has_account")
    search_fields = ("first_name", "last_name", "email", "external_id")
    raw_id_fields = ("user",)
    inlines = (GuardianChildInline,)

    @admin.display(description=_("name"), ordering="last_name")
    def sort_name(self, obj: Guardian) -> str:
        return obj.sort_name

    @admin.display(description=_("has an account"), boolean=True)
    def has_account(self, obj: Guardian) -> bool:
        return obj.user_id is not None


@admin.register(Household)
class HouseholdAdmin(ScopedAdmin):
    list_display = ("name", "address")
    search_fields = ("name", "address")


# --- Staff -------------------------------------------------------------------------------


class StaffRoleInline(ScopedInline):
    model = StaffRole


class StaffMentorInline(ScopedInline):
    model = MentorAssignment
    fk_name = "staff_member"
    fields = ("group", "student")
    raw_id_fields = ("student",)


class StaffTeachingInline(ScopedInline):
    model = TeachingAssignment
    fields = ("group", "subject")


@admin.register(StaffMember)
class StaffMemberAdmin(ScopedAdmin):
    list_display = ("sort_name", "abbreviation", "email", "role_list")
    search_fields = ("first_name", "last_name", "email", "abbreviation")
    raw_id_fields = ("user",)
    inlines = (StaffRoleInline, StaffMentorInline, StaffTeachingInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[StaffMember]:
        return super().get_queryset(request).prefetch_related("roles")

    @admin.display(description=_("name"), ordering="last_name")
    def sort_name(self, obj: StaffMember) -> str:
        return obj.sort_name

    @admin.display(description=_("roles"))
    def role_list(self, obj: StaffMember) -> str:
        return ", ".join(str(role.get_role_display()) for role in obj.roles.all())
