"""Where care plugs into shared pages (see driehoek.front.registry)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from driehoek.accounts import access
from driehoek.accounts.access import RoleKind
from driehoek.front.registry import NavItem, Panel

if TYPE_CHECKING:
    from django.http import HttpRequest

    from driehoek.accounts.access import Role
    from driehoek.roster.models import Student


def nav_items(request: HttpRequest, role: Role) -> list[NavItem]:
    if role.kind in (RoleKind.GUARDIAN, RoleKind.MENTOR, RoleKind.CARE):
        return [NavItem(_("Extra support"), reverse("care:index"), "/care/")]
    if role.kind == RoleKind.STUDENT and access.care_cases_visible_to(request.user).exists():
        return [NavItem(_("Support plan"), reverse("care:index"), "/care/")]
    if role.kind == RoleKind.TEACHER and access.care_cases_visible_to(request.user).exists():
        return [NavItem(_("Care teams"), reverse("care:index"), "/care/")]
    return []


def student_panels(request: HttpRequest, student: Student) -> list[Panel]:
    """The open care questions about this student the user may read, with the mentor's
    reminder to tell the parents, and the way to raise a new one."""
    user = request.user
    cases = list(access.care_cases_visible_to(user).filter(student=student).order_by("-created_at"))
    can_escalate = access.can_escalate_to_care(user, student)
    if not cases and not can_escalate:
        return []
    return [
        Panel(
            "care/_panel.html",
            {"student": student, "cases": cases, "can_escalate": can_escalate},
            order=70,
        )
    ]
